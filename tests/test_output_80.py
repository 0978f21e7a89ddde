"""What `tdcli validate` and `tdcli indicators` print at 80 columns, without colour, piped.

Issues come under their file's path, one a line (two for a long message); nothing a user
looks for (a path, a cell, a number, a value, a code) is ever cut across lines; the wide
table only where its message column reads."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from tdcli.cli import app
from tdcli.model.catalogue import iter_fields

from helpers import fill_form, fixture_text, make_form, put

ANSI = re.compile(r"\x1b\[")
PIPED = {"COLUMNS": "80", "NO_COLOR": None, "FORCE_COLOR": None, "TTY_COMPATIBLE": None}
"""80 columns, output to a pipe (CliRunner's stream is no terminal), no colour asked for."""

FIVE_ERRORS: dict[str, object] = {
    "inspections.total": "1.500.000.0O0",
    "eia.appraised": 3,
    "eia.approved": 5,
    "trainings.sessions": -2,
    "trainings.participants": 2.5,
    "admin_procedures.received": "#REF!",
}
"""Typed into lang-son's form: five errors, each a line or two at 80 columns."""


def run(*args: str | Path, **env: str | None) -> Any:
    runner = CliRunner(env={**PIPED, **env})
    return runner.invoke(app, [str(arg) for arg in args], catch_exceptions=False)


@pytest.fixture
def errors(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The workspace, as the current folder, with errors in an .xlsx and a .yaml."""
    form = make_form(
        workspace, "lang-son", "2022-H1", workspace / "submissions/2022-H1/lang-son.xlsx"
    )
    fill_form(form, {**FIVE_ERRORS, "fines.amount_vnd": "1,000"})  # the longest message
    text = (
        fixture_text("valid.yaml")
        .replace("period: 2022-H1", "period: 2022-H2")
        .replace("planned: 4", "planned: nhiều lắm")
        .replace("participants: 1,5 nghìn", "participants: 2,5")
    )
    put(workspace / "submissions", "2022-H1/bac-kan.yaml", text)
    monkeypatch.chdir(workspace)
    return workspace


def issues_of(*args: str | Path) -> list[dict[str, Any]]:
    report: dict[str, Any] = json.loads(run("validate", *args, "-f", "json").stdout)
    return list(report["issues"])


def lines_of(output: str) -> list[str]:
    return output.rstrip("\n").split("\n")


def test_issues_fit_80_columns_and_nothing_is_cut(errors: Path) -> None:
    issues = issues_of(".")
    result = run("validate", ".")
    assert result.exit_code == 1
    lines = lines_of(result.stdout)
    assert max(cell_len(line) for line in lines) <= 80
    # each file's path once, on a line of its own, before its issues
    for name in ("bac-kan.yaml", "lang-son.xlsx"):
        path = str(Path("submissions", "2022-H1", name))
        assert lines.count(path) == 1
    assert lines.index(str(Path("submissions/2022-H1/bac-kan.yaml"))) == 0
    for issue in issues:
        location = issue["location"]
        if location["cell"]:
            assert any(f"{location['sheet']}!{location['cell']}" in line for line in lines)
        elif location["line"]:
            assert any(f"dòng {location['line']} " in line for line in lines)
        if issue["value"]:
            assert any(issue["value"] in line for line in lines), issue["value"]
        assert any(f"[{issue['code']}]" in line for line in lines)
    for number in ("1.500.000.0O0", "'1,000'", "(5)", "(3)", "(-2)", "#REF!", "'nhiều lắm'"):
        assert any(number in line for line in lines), number
    assert lines[-1].startswith("Đã kiểm tra 3 tệp báo cáo và cluster.yaml: 9 lỗi;")


def test_an_issue_takes_a_line_or_two(errors: Path) -> None:
    """The severity in words first (it reads without colour), a long message goes on under a
    hanging indent: no line but a path's starts at the margin."""
    lines = lines_of(run("validate", ".").stdout)[:-1]
    heads = [line for line in lines if line.startswith("  ") and not line.startswith("   ")]
    assert heads and all(line.startswith(("  Lỗi  ", "  Cảnh báo  ")) for line in heads)
    more = [line for line in lines if line.startswith("    ")]
    assert more and all(not line[4].isspace() for line in more)
    assert all(line.startswith(("  ", "submissions")) for line in lines)


def test_five_errors_take_at_most_twelve_lines(errors: Path) -> None:
    form = Path("submissions/2022-H1/lang-son.xlsx")
    fill_form(make_form(errors, "lang-son", "2022-H1", form), FIVE_ERRORS)
    assert len(issues_of(form)) == 5
    result = run("validate", form)
    assert result.exit_code == 1
    assert len(lines_of(result.stdout)) <= 12


def test_the_same_output_without_colour_and_piped(errors: Path) -> None:
    piped = run("validate", ".").stdout
    assert not ANSI.search(piped)
    no_colour = run("validate", ".", NO_COLOR="1", FORCE_COLOR="1")  # a terminal, NO_COLOR
    assert not ANSI.search(no_colour.stdout)
    assert no_colour.stdout == piped
    coloured = run("validate", ".", FORCE_COLOR="1").stdout
    assert "\x1b[1;31mLỗi" in coloured  # errors red on a terminal
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == piped


def test_80_columns_when_the_width_is_unknown(errors: Path) -> None:
    result = run("validate", ".", COLUMNS=None)
    assert max(cell_len(line) for line in lines_of(result.stdout)) <= 80
    assert result.stdout == run("validate", ".").stdout


@pytest.mark.parametrize("columns", ["100", "120", "160"])
def test_one_issue_a_line_until_the_table_reads(errors: Path, columns: str) -> None:
    result = run("validate", ".", COLUMNS=columns)
    lines = lines_of(result.stdout)
    assert not any("┃" in line or "│" in line for line in lines)
    assert max(cell_len(line) for line in lines) <= int(columns)


def test_the_table_on_a_wide_terminal(errors: Path) -> None:
    result = run("validate", ".", COLUMNS="220")
    lines = lines_of(result.stdout)
    assert any("┃ Tệp" in line for line in lines)
    assert max(cell_len(line) for line in lines) <= 220
    # the message column gets 60 columns at least: a table line with the path is whole
    for name in ("bac-kan.yaml", "lang-son.xlsx"):
        assert any(str(Path("submissions/2022-H1", name)) in line for line in lines)
    for code in ("not-a-number", "exceeds-limit", "period-mismatch"):
        assert any(code in line for line in lines)


def test_metadata_fields_are_named_in_vietnamese(errors: Path) -> None:
    by_code = {issue["code"]: issue for issue in issues_of(".")}
    assert by_code["period-mismatch"]["label"] == "Kỳ báo cáo"
    put(errors / "submissions", "2022-H1/bac-kan.yaml", "member: bac-kan\n")
    (missing,) = issues_of("submissions/2022-H1/bac-kan.yaml")
    assert (missing["code"], missing["label"]) == ("missing-field", "Kỳ báo cáo")
    put(errors / "submissions", "2022-H1/bac-kan.yaml", "period: 2022-H1\n")
    assert issues_of("submissions/2022-H1/bac-kan.yaml")[0]["label"] == "Mã thành viên"
    text = run("validate", "submissions/2022-H1/bac-kan.yaml").stdout
    assert "Mã thành viên  Thiếu mục bắt buộc 'member'  [missing-field]" in text


def test_indicators_at_80_columns_show_every_key_whole() -> None:
    result = run("indicators")
    assert result.exit_code == 0
    lines = lines_of(result.stdout)
    assert max(cell_len(line) for line in lines) <= 80
    assert not ANSI.search(result.stdout)
    for spec in iter_fields():
        assert any(re.search(rf"(^|\s){re.escape(spec.key)}(\s|$)", line) for line in lines)
        assert spec.label in " ".join(result.stdout.split())
    assert "Thanh tra, kiểm tra" in lines


def test_indicators_keys_go_on_their_own_line_when_narrow() -> None:
    result = run("indicators", COLUMNS="50")
    lines = lines_of(result.stdout)
    assert max(cell_len(line) for line in lines) <= 50
    for spec in iter_fields():
        assert "  " + spec.key in lines


def test_indicators_as_a_table_when_wide() -> None:
    lines = lines_of(run("indicators", COLUMNS="200").stdout)
    assert any("┃ Nhóm" in line for line in lines)
    for spec in iter_fields():
        assert any(f"│ {spec.key} " in line for line in lines)


# `tdcli status` and `tdcli collect`: a heading line per member (per file received), its
# details indented under it; the table only where every cell fits whole.

DATE_TIME = re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d")
ARCHIVED = re.compile(r"archive/2022-H1/(bac-giang|bac-kan)/\d{8}T\d{6}-\1\.(yaml|xlsx)")
TABLE = re.compile(r"[│┃]")
PROVINCES = {
    "bac-giang": "Bắc Giang",
    "bac-kan": "Bắc Kạn",
    "cao-bang": "Cao Bằng",
    "ha-giang": "Hà Giang",
    "lang-son": "Lạng Sơn",
    "phu-tho": "Phú Thọ",
    "quang-ninh": "Quảng Ninh",
    "thai-nguyen": "Thái Nguyên",
    "tuyen-quang": "Tuyên Quang",
}
ARRIVED = {
    "cao-bang-moi.xlsx": "cao-bang.xlsx",  # the same bytes: skipped
    "Báo cáo Lạng Sơn 6 tháng.xlsx": "lang-son.xlsx",  # the same too, a name with spaces
    "qn.xlsx": "quang-ninh.xlsx",  # no longer in the workspace: filed
    "bg.yaml": "bac-giang.yaml",  # changed: replaces the one filed
    "Bao_cao_BK.xlsx": "bac-kan.xlsx",  # a number typed as letters: filed with errors
}


@pytest.fixture
def inbox(cum_ii: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Six files sent by e-mail, under other names, in `inbox/` beside the example workspace
    `cum-ii/` (the current folder holds both); four members have sent nothing yet."""
    folder = cum_ii / "submissions" / "2022-H1"
    inbox = cum_ii.parent / "inbox"
    inbox.mkdir()
    for arrived, filed in ARRIVED.items():
        (inbox / arrived).write_bytes((folder / filed).read_bytes())
    fill_form(inbox / "Bao_cao_BK.xlsx", {"inspections.organisations_inspected": "mười lăm"})
    text = (inbox / "bg.yaml").read_text(encoding="utf-8")
    (inbox / "bg.yaml").write_text(text + "# gửi lại\n", encoding="utf-8")
    (inbox / "ghi-chu.txt").write_text("Xin gửi báo cáo.\n", encoding="utf-8")
    for gone in ("quang-ninh.xlsx", "ha-giang.yaml", "thai-nguyen.yaml", "tuyen-quang.yaml"):
        (folder / gone).unlink()
    monkeypatch.chdir(cum_ii.parent)
    return Path("inbox")


def whole(pattern: re.Pattern[str], lines: list[str]) -> list[str]:
    """What `pattern` finds, each on one line; fails when one runs across two lines."""
    found = [match for line in lines for match in pattern.findall(line)]
    assert len(pattern.findall(" ".join(lines))) == len(found), pattern.pattern
    return [match.group(0) for line in lines for match in pattern.finditer(line)]


def test_collect_dry_run_of_several_files_at_80_columns(inbox: Path) -> None:
    result = run("collect", "--dry-run", inbox, "-w", "cum-ii")
    assert result.exit_code == 1
    lines = lines_of(result.stdout)
    assert max(cell_len(line) for line in lines) <= 80
    assert not TABLE.search(result.stdout) and not ANSI.search(result.stdout)
    assert lines[0] == "Sẽ nhận (chạy thử, chưa ghi gì)"
    # each file's path whole, on a line of its own, what became of it indented under it
    for name in [*ARRIVED, "ghi-chu.txt"]:
        heading = lines.index(str(inbox / name))
        assert lines[heading + 1].startswith("  ") and not lines[heading + 1][2].isspace()
    assert all(
        line.startswith(("  ", "inbox", "Sẽ nhận", "Cần gửi lại", "Chạy thử:")) for line in lines
    )
    items = json.loads(run("collect", "--dry-run", inbox, "-w", "cum-ii", "-f", "json").stdout)
    for item in items["items"]:
        for known in (item["member"], item["period"], item["target"], item["reply"]):
            if known:
                assert any(
                    re.search(rf"(^|\s|\(){re.escape(known)}(\s|$|\))", line) for line in lines
                )
    assert len(whole(ARCHIVED, lines)) == 2  # the old copies kept, each path whole
    assert "  sẽ lưu, có lỗi  bac-kan  2022-H1  1 lỗi" in lines  # not yet: a dry run
    assert "  sẽ lưu vào submissions/2022-H1/quang-ninh.xlsx" in lines
    assert "  bac-kan: out/phan-hoi/2022-H1/bac-kan-loi.xlsx" in lines
    assert lines[-1] == "Chạy thử: 1 sẽ lưu, 1 sẽ thay bản cũ, 1 có lỗi, 2 sẽ bỏ qua, 1 sẽ từ chối."
    assert "'.txt'" in result.stdout  # the reason a file is refused, and what to do
    assert "đề nghị đơn vị gửi biểu mẫu Excel" in " ".join(result.stdout.split())
    assert len(lines) <= 5 * 6 + 4  # six files: not 50 lines
    assert not Path("cum-ii/archive").exists()  # nothing written
    # the same with NO_COLOR on a terminal (but for the time in the archived copies' names)
    no_colour = run("collect", "--dry-run", inbox, "-w", "cum-ii", NO_COLOR="1", FORCE_COLOR="1")
    assert not ANSI.search(no_colour.stdout)
    stamp = re.compile(r"\d{8}T\d{6}")
    assert stamp.sub("T", no_colour.stdout) == stamp.sub("T", result.stdout)


def test_collect_and_status_after_it_read_at_80_columns(inbox: Path) -> None:
    collected = run("collect", inbox, "-w", "cum-ii")
    assert collected.exit_code == 1
    lines = lines_of(collected.stdout)
    assert max(cell_len(line) for line in lines) <= 80
    assert not TABLE.search(collected.stdout)
    assert lines[0] == "Đã nhận"
    assert "  lưu vào submissions/2022-H1/bac-kan.xlsx" in lines
    assert len(whole(ARCHIVED, lines)) == 2
    # then the period's status, as `tdcli status` shows it
    assert "Báo cáo 6 tháng đầu năm 2022" in lines

    result = run("status", "--period", "2022-H1", "-w", "cum-ii")
    assert result.exit_code == 0
    lines = lines_of(result.stdout)
    assert max(cell_len(line) for line in lines) <= 80
    assert not TABLE.search(result.stdout) and not ANSI.search(result.stdout)
    assert lines[0] == "Báo cáo 6 tháng đầu năm 2022"
    # a heading line per member, its name and id whole, its state beside it
    for member, province in PROVINCES.items():
        (heading,) = [line for line in lines if line.startswith(f"{province} ({member})  ")]
        assert heading.endswith(("hợp lệ", "chưa gửi", "có lỗi (1)"))
    assert "Bắc Kạn (bac-kan)  có lỗi (1)" in lines
    assert "Hà Giang (ha-giang)  chưa gửi" in lines
    # its files and where collect took them from, indented under it; a date never cut
    assert "  bac-kan.xlsx  sửa lúc" in result.stdout
    assert "(xlsx)" not in result.stdout and "(yaml)" not in result.stdout
    received = [line for line in lines if line.startswith("  nhận qua collect ")]
    assert len(received) == 3  # bac-giang, bac-kan, quang-ninh
    for source in ("inbox/bg.yaml", "inbox/Bao_cao_BK.xlsx", "inbox/qn.xlsx"):
        assert any(line.endswith(f" từ {source}") for line in received)
    assert len(whole(DATE_TIME, lines)) == 6 + 3  # six files, three received
    # the summary wraps at spaces, never inside a province's name
    data = json.loads(run("status", "-p", "2022-H1", "-w", "cum-ii", "-f", "json").stdout)
    summary = data["summary"]["text"] + "."
    start = next(index for index, line in enumerate(lines) if line.startswith("5/9 đơn vị"))
    assert " ".join(lines[start:]) == summary and len(lines) - start >= 2
    for province in ("Hà Giang", "Thái Nguyên", "Tuyên Quang", "Bắc Kạn (1 lỗi)"):
        assert any(province in line for line in lines[start:]), province
    # the same with NO_COLOR on a terminal; colour only on a terminal that wants it
    no_colour = run("status", "-p", "2022-H1", "-w", "cum-ii", NO_COLOR="1", FORCE_COLOR="1")
    assert no_colour.stdout == result.stdout
    coloured = run("status", "-p", "2022-H1", "-w", "cum-ii", FORCE_COLOR="1").stdout
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == result.stdout


def test_status_and_collect_as_tables_when_every_cell_fits(inbox: Path) -> None:
    collected = run("collect", inbox, "-w", "cum-ii", COLUMNS="220")
    lines = lines_of(collected.stdout)
    assert any("┃ Tệp" in line for line in lines)
    assert max(cell_len(line) for line in lines) <= 220
    for name in ARRIVED:
        assert any(f"│ {inbox / name} " in line for line in lines)
    assert len(whole(ARCHIVED, lines)) == 2
    result = run("status", "-p", "2022-H1", "-w", "cum-ii", COLUMNS="220")
    lines = lines_of(result.stdout)
    assert any("┃ Nhận qua collect" in line for line in lines)
    for member, province in PROVINCES.items():
        assert any(f"│ {province} ({member}) " in line for line in lines)
    assert len(whole(DATE_TIME, lines)) == 6 + 3
    # one column too wide for the terminal: the lines, not a table that cuts it
    narrow = run("status", "-p", "2022-H1", "-w", "cum-ii", COLUMNS="120")
    assert not TABLE.search(narrow.stdout)


def test_the_year_at_narrow_widths(cum_ii: Path) -> None:
    """A table at 80 columns (it fits whole); at 40 a member a line, its states beside."""
    table = lines_of(run("status", "--year", "2021", "-w", cum_ii).stdout)
    assert max(cell_len(line) for line in table) <= 80
    assert table[-1] == "Chi tiết một kỳ: tdcli status --period 2021"
    result = run("status", "--year", "2021", "-w", cum_ii, COLUMNS="40")
    assert result.exit_code == 0
    lines = lines_of(result.stdout)
    assert max(cell_len(line) for line in lines) <= 40
    assert not TABLE.search(result.stdout)
    for member, province in PROVINCES.items():
        assert any(line.startswith(f"{province} ({member})") for line in lines)
        assert any(f"{province} ({member})" in line for line in table)
    assert "Bắc Giang (bac-giang)  2021-H1: hợp lệ" in lines and "    2021: hợp lệ" in lines
    assert lines[-2:] == ["Chi tiết một kỳ:", "tdcli status --period 2021"]


def test_an_empty_workspace_is_a_state_not_a_usage_error(tmp_path: Path) -> None:
    empty = tmp_path / "trong"
    assert run("init", empty, "--empty").exit_code == 0
    result = run("status", "-w", empty)
    assert result.exit_code == 1  # a state of the data, not 2 (a usage error)
    lines = lines_of(result.stdout)
    assert max(cell_len(line) for line in lines) <= 80
    assert not ANSI.search(result.stdout) and not result.stderr
    assert lines[0].startswith("Chưa nhận báo cáo nào của năm 2022")
    for member, province in PROVINCES.items():
        assert f"  {province} ({member})  chưa gửi" in lines
    assert "  tdcli form --all --period 2022-H1" in lines
    assert "  tdcli collect THƯ_MỤC_TẢI_VỀ" in lines
    data = json.loads(run("status", "-w", empty, "-f", "json").stdout)
    assert data["year"] == 2022 and data["periods"] == [] and len(data["members"]) == 9
    assert run("status", "-w", empty, "-f", "json").exit_code == 1

    exported = run("export", "--all", "-w", empty)
    assert exported.exit_code == 1
    lines = lines_of(exported.stdout)
    assert lines[0].startswith("Chưa có gì để xuất")
    assert "  tdcli form --all --period 2022-H1" in lines
    assert "Đã ghi" not in exported.stdout and not TABLE.search(exported.stdout)
    assert not (empty / "out").exists()  # nothing written
