"""`tdcli status`: who has sent what, for a period and for a year.

The command is invoked through a Typer app built here from `tdcli.cli.commands.register` and
`tdcli.cli.status.register` (the same registration `tdcli.cli.app` makes once wired).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tdcli.cli.commands import register as register_commands
from tdcli.cli.status import register as register_status
from tdcli.compute.status import SubmissionState, file_state
from tdcli.workspace import WorkspaceLayout
from tdcli.workspace.intake import IntakeRecord, append_records

from helpers import make_form, put

Run = Any


@pytest.fixture
def status_cli() -> Run:
    app = typer.Typer(rich_markup_mode=None)
    register_commands(app)
    register_status(app)
    runner = CliRunner(env={"COLUMNS": "220"})

    def invoke(*args: str | Path) -> Any:
        return runner.invoke(app, ["status", *(str(arg) for arg in args)], catch_exceptions=False)

    return invoke


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def mixed(cum_ii: Path) -> Path:
    """2022-H1 of Cụm II with every state: bac-giang valid, ha-giang with a warning, phu-tho
    with two errors, bac-kan a blank form, cao-bang a corrupt workbook, lang-son an .ods,
    quang-ninh missing; and two files of no member."""
    folder = cum_ii / "submissions" / "2022-H1"
    _edit(folder / "ha-giang.yaml", "amount_vnd: ", "amount_vnd: 150 tỷ #")
    _edit(folder / "phu-tho.yaml", "total: 7 ", "total: -7 ")
    _edit(folder / "phu-tho.yaml", "sessions: 4 ", "sessions: bốn ")
    (folder / "bac-kan.xlsx").unlink()
    make_form(cum_ii, "bac-kan", "2022-H1", folder / "bac-kan.xlsx")
    (folder / "cao-bang.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    (folder / "lang-son.xlsx").unlink()
    put(folder, "lang-son.ods", b"PK\x03\x04 an OpenDocument spreadsheet")
    (folder / "quang-ninh.xlsx").unlink()
    put(folder, "ghi-chu.pdf", b"%PDF-1.4")
    text = (folder / "bac-giang.yaml").read_text(encoding="utf-8")
    put(folder, "ha-noi.yaml", text.replace("member: bac-giang", "member: ha-noi"))
    return cum_ii


EXPECTED_STATES = {
    "bac-giang": "valid",
    "bac-kan": "blank",
    "cao-bang": "unreadable",
    "ha-giang": "warnings",
    "lang-son": "unreadable",
    "phu-tho": "errors",
    "quang-ninh": "missing",
    "thai-nguyen": "valid",
    "tuyen-quang": "valid",
}


def _json(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_state_of_a_period(status_cli: Run, mixed: Path) -> None:
    data = _json(status_cli("-w", mixed, "--period", "2022-H1", "--format", "json"))
    members = data["members"]
    # the year's member order
    assert [row["member"] for row in members] == list(EXPECTED_STATES)
    assert {row["member"]: row["state"] for row in members} == EXPECTED_STATES
    by_id = {row["member"]: row for row in members}
    assert by_id["phu-tho"]["errors"] == 2
    assert by_id["phu-tho"]["label"] == "có lỗi (2)"
    assert by_id["ha-giang"]["warnings"] >= 1 and by_id["ha-giang"]["errors"] == 0
    assert by_id["quang-ninh"]["files"] == []
    assert by_id["lang-son"]["files"][0]["format"] == "ods"
    assert by_id["bac-kan"]["files"][0]["file"] == "submissions/2022-H1/bac-kan.xlsx"


def test_the_table_and_summary_line(status_cli: Run, mixed: Path) -> None:
    result = status_cli("-w", mixed, "--period", "2022-H1")
    assert result.exit_code == 0
    out = " ".join(result.stdout.split())
    for label in ("hợp lệ", "có cảnh báo", "có lỗi (2)", "trống", "không đọc được", "chưa gửi"):
        assert label in out
    assert (
        "4/9 đơn vị đã gửi hợp lệ; chưa gửi: Quảng Ninh; có lỗi: Phú Thọ (2 lỗi); "
        "trống: Bắc Kạn; không đọc được: Cao Bằng, Lạng Sơn; 1 tệp không thuộc thành viên nào."
    ) in out
    # the files of no member come after the members
    assert out.index("Tuyên Quang") < out.index("ghi-chu.pdf")
    assert "ha-noi.yaml" in out


def test_files_of_no_member_are_listed(status_cli: Run, mixed: Path) -> None:
    data = _json(status_cli("-w", mixed, "-p", "2022-H1", "-f", "json"))
    others = {row["file"]: row for row in data["others"]}
    assert set(others) == {"submissions/2022-H1/ha-noi.yaml", "submissions/2022-H1/ghi-chu.pdf"}
    assert others["submissions/2022-H1/ghi-chu.pdf"]["code"] == "stray-file"
    assert others["submissions/2022-H1/ha-noi.yaml"]["member"] == "ha-noi"
    assert others["submissions/2022-H1/ha-noi.yaml"]["code"] in {
        "unknown-member",
        "member-mismatch",
    }


def test_json_keys_are_stable(status_cli: Run, mixed: Path) -> None:
    data = _json(status_cli("-w", mixed, "-p", "2022-H1", "-f", "json"))
    assert list(data) == ["period", "label", "year", "configured", "members", "others", "summary"]
    assert list(data["members"][0]) == [
        "member",
        "province",
        "department",
        "state",
        "label",
        "errors",
        "warnings",
        "files",
        "received",
    ]
    assert list(data["members"][0]["files"][0]) == [
        "file",
        "format",
        "modified",
        "state",
        "errors",
        "warnings",
        "sender",
    ]
    assert list(data["others"][0]) == ["file", "format", "modified", "member", "code", "reason"]
    summary = data["summary"]
    assert list(summary) == [
        "members",
        "counted",
        "valid",
        "warnings",
        "errors",
        "blank",
        "unreadable",
        "missing",
        "text",
    ]
    assert summary["members"] == 9 and summary["counted"] == 4
    assert summary["missing"] == ["quang-ninh"]
    assert summary["unreadable"] == ["cao-bang", "lang-son"]
    assert data["period"] == "2022-H1" and data["year"] == 2022 and data["configured"] is True
    modified = data["members"][0]["files"][0]["modified"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", modified)


def test_strict_fails_on_missing_blank_or_invalid(status_cli: Run, mixed: Path) -> None:
    assert status_cli("-w", mixed, "-p", "2022-H1").exit_code == 0
    assert status_cli("-w", mixed, "-p", "2022-H1", "--strict").exit_code == 1
    assert status_cli("-w", mixed, "--strict").exit_code == 1


def test_strict_passes_when_everyone_counts(status_cli: Run, cum_ii: Path) -> None:
    folder = cum_ii / "submissions" / "2022-H1"
    _edit(folder / "ha-giang.yaml", "amount_vnd: ", "amount_vnd: 150 tỷ #")
    result = status_cli("-w", cum_ii, "-p", "2022-H1", "--strict")
    assert result.exit_code == 0
    assert "9/9 đơn vị đã gửi hợp lệ." in " ".join(result.stdout.split())
    assert status_cli("-w", cum_ii, "--strict").exit_code == 0


def test_blank_alone_blocks_strict(status_cli: Run, workspace: Path) -> None:
    folder = workspace / "submissions" / "2022-H1"
    for member in ("bac-kan", "lang-son"):
        make_form(workspace, member, "2022-H1", folder / f"{member}.xlsx")
    data = _json(status_cli("-w", workspace, "-p", "2022-H1", "-f", "json"))
    assert {row["member"]: row["state"] for row in data["members"]}["bac-kan"] == "blank"
    assert status_cli("-w", workspace, "-p", "2022-H1", "--strict").exit_code == 1


def test_the_matrix_of_the_year(status_cli: Run, mixed: Path) -> None:
    put(mixed / "submissions" / "2022-Q3", "bac-giang.yaml", "")
    data = _json(status_cli("-w", mixed, "-f", "json"))
    assert list(data) == ["year", "periods", "members", "others"]
    assert data["year"] == 2022  # the latest year with a period folder
    assert data["periods"] == ["2022-H1", "2022-Q3"]
    states = {row["member"]: row["states"] for row in data["members"]}
    assert {member: cells["2022-H1"] for member, cells in states.items()} == EXPECTED_STATES
    assert states["bac-giang"]["2022-Q3"] != "valid"
    assert states["thai-nguyen"]["2022-Q3"] == "missing"
    assert data["others"] == {"2022-H1": 2, "2022-Q3": 0}

    table = status_cli("-w", mixed)
    assert table.exit_code == 0
    out = " ".join(table.stdout.split())
    assert "2022-H1" in out and "2022-Q3" in out and "chưa gửi" in out and "không đọc" in out


def test_the_matrix_of_another_year(status_cli: Run, cum_ii: Path) -> None:
    data = _json(status_cli("-w", cum_ii, "--year", "2021", "-f", "json"))
    assert data["periods"] == ["2021-H1", "2021"]
    assert all(set(row["states"].values()) == {"valid"} for row in data["members"])


def test_provenance_from_the_intake_log(status_cli: Run, mixed: Path) -> None:
    layout = WorkspaceLayout(mixed)
    import hashlib

    sha = hashlib.sha256(
        (mixed / "submissions" / "2022-H1" / "bac-giang.yaml").read_bytes()
    ).hexdigest()
    append_records(
        layout,
        [
            IntakeRecord(
                "2022-H1",
                "bac-giang",
                "submissions/2022-H1/bac-giang.yaml",
                sha,
                "2022-07-05T09:30:00+07:00",
                "thu.eml » bao-cao bac giang.yaml",
            ),
            IntakeRecord(
                "2022-H1",
                "phu-tho",
                "submissions/2022-H1/phu-tho.yaml",
                "0" * 64,
                "2022-07-04T08:00:00+07:00",
                "tai-ve.zip » phu tho.yaml",
                replaced="archive/2022-H1/phu-tho/phu-tho-1.yaml",
            ),
            # a record for a member whose file is gone says nothing
            IntakeRecord(
                "2022-H1",
                "quang-ninh",
                "submissions/2022-H1/quang-ninh.xlsx",
                "1" * 64,
                "2022-07-03T08:00:00+07:00",
                "qn.xlsx",
            ),
        ],
    )
    data = _json(status_cli("-w", mixed, "-p", "2022-H1", "-f", "json"))
    by_id = {row["member"]: row for row in data["members"]}
    assert by_id["bac-giang"]["received"] == {
        "received": "2022-07-05T09:30:00+07:00",
        "source": "thu.eml » bao-cao bac giang.yaml",
        "file": "submissions/2022-H1/bac-giang.yaml",
        "replaced": None,
        "current": True,
    }
    assert by_id["phu-tho"]["received"]["current"] is False
    assert by_id["phu-tho"]["received"]["replaced"] == "archive/2022-H1/phu-tho/phu-tho-1.yaml"
    assert by_id["quang-ninh"]["received"] is None
    assert by_id["ha-giang"]["received"] is None

    out = " ".join(status_cli("-w", mixed, "-p", "2022-H1").stdout.split())
    assert "05/07/2022 09:30 từ thu.eml » bao-cao bac giang.yaml" in out
    assert "(tệp đã đổi sau đó)" in out


def test_states_come_from_the_period_status(mixed: Path) -> None:
    """The refinement is a function of what `read_period` found (the facts compile uses)."""
    from tdcli.model.periods import Period
    from tdcli.usecases.period import read_period
    from tdcli.workspace import load_workspace

    loaded, _ = load_workspace(mixed)
    assert loaded is not None
    status = read_period(loaded, Period.parse("2022-H1"))
    counted = {row.member.id for row in status.members if row.submission is not None}
    assert counted == {m for m, s in EXPECTED_STATES.items() if s in ("valid", "warnings")}
    states = {row.member.id: file_state(row.files[0]) for row in status.members if row.files}
    assert states["cao-bang"] is SubmissionState.UNREADABLE


def test_help_has_an_example(status_cli: Run) -> None:
    result = status_cli("--help")
    assert "Ví dụ: tdcli status --period 2022-H1" in " ".join(result.stdout.split())


@pytest.mark.parametrize(
    "arguments", [("-p", "2019-H1"), ("--year", "2019")], ids=["period", "year"]
)
def test_a_year_cluster_yaml_lacks_is_said_so(
    status_cli: Run, workspace: Path, arguments: tuple[str, ...]
) -> None:
    result = status_cli(*arguments, "-w", workspace)
    assert result.exit_code == 1
    assert "chưa khai báo năm 2019" in result.stdout
