"""The workspace layout and the period status: one answer to "who sent what", for every command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tdcli.compute.status import MemberState
from tdcli.model.periods import Period
from tdcli.usecases.period import read_period
from tdcli.workspace import Workspace, load_workspace
from tdcli.workspace.layout import Identity, WorkspaceLayout, expected_identity

from conftest import Invoke
from helpers import fixture_text, put


def _load(root: Path) -> Workspace:
    loaded, _ = load_workspace(root)
    assert loaded is not None
    return loaded


@pytest.mark.parametrize("name", ["2021", "2021-FY", "2021-fy"])
def test_a_full_year_folder_may_be_named_with_or_without_fy(tmp_path: Path, name: str) -> None:
    (tmp_path / "submissions" / name).mkdir(parents=True)
    layout = WorkspaceLayout(tmp_path)
    assert layout.periods() == [Period(2021)]
    assert layout.period_folders(Period.parse("2021")) == [tmp_path / "submissions" / name]
    assert layout.period_folder(Period.parse("2021-FY")) == tmp_path / "submissions" / name


def test_a_new_period_folder_takes_the_canonical_name(tmp_path: Path) -> None:
    layout = WorkspaceLayout(tmp_path)
    assert layout.period_folder(Period.parse("2022-FY")) == tmp_path / "submissions" / "2022"
    assert layout.period_folder(Period.parse("2022-h1")) == tmp_path / "submissions" / "2022-H1"


def test_what_counts_as_a_submission_file(tmp_path: Path) -> None:
    folder = tmp_path / "submissions" / "2022-H1"
    for name in ("a.yaml", "b.yml", "c.xlsx", "~$c.xlsx", ".hidden.yaml", "notes.pdf", "d.ods"):
        put(folder, name, "x")
    put(folder, ".trash/e.yaml", "x")
    put(folder, "old/f.yaml", "x")
    files = WorkspaceLayout(tmp_path).submission_files(Period.parse("2022-H1"))
    assert [path.relative_to(folder).as_posix() for path in files] == [
        "a.yaml",
        "b.yml",
        "c.xlsx",
        "old/f.yaml",
    ]


def test_a_file_in_a_period_folder_is_expected_to_be_its_member_and_period(
    workspace: Path, tmp_path: Path
) -> None:
    layout = WorkspaceLayout(workspace)
    inside = workspace / "submissions" / "2022-H1" / "bac-kan.yaml"
    assert expected_identity(inside, layout) == Identity(
        "bac-kan", Period.parse("2022-H1"), "2022-H1"
    )
    deeper = workspace / "submissions" / "2021-FY" / "ban-sua" / "cao-bang.yaml"
    assert expected_identity(deeper, layout) == Identity("cao-bang", Period(2021), "2021-FY")
    outside = put(tmp_path / "elsewhere" / "2022-H1", "tinh-bac-kan.yaml", "x")
    assert expected_identity(outside).member is None  # a name outside a workspace says nothing
    assert expected_identity(outside).period == Period.parse("2022-H1")


def test_status_of_the_example(cum_ii: Path) -> None:
    status = read_period(_load(cum_ii), Period.parse("2022-H1"))
    assert [member.state for member in status.members] == [MemberState.VALID] * 9
    assert sorted(status.submissions) == sorted(member.member.id for member in status.members)
    assert status.missing == [] and status.others == ()


def test_status_says_missing_invalid_and_others(workspace: Path) -> None:
    loaded = _load(workspace)
    period = Period.parse("2022-H1")
    put(workspace / "submissions", "2022-H1/bac-kan.yaml", fixture_text("sum-mismatch.yaml"))
    put(workspace / "submissions", "2022-H1/ha-noi.yaml", fixture_text("unknown-member.yaml"))
    status = read_period(loaded, period)
    states = {member.member.id: member.state for member in status.members}
    assert states == {
        "bac-kan": MemberState.INVALID,
        "cao-bang": MemberState.VALID,
        "lang-son": MemberState.MISSING,
    }
    assert [checked.file.name for checked in status.others] == ["ha-noi.yaml"]
    assert list(status.submissions) == ["cao-bang"]
    assert [issue.code for issue in status.missing_issues()] == ["missing-submission"]
    assert [issue.severity for issue in status.missing_issues(strict=True)] == ["error"]


def test_a_copy_in_a_subfolder_is_a_second_file_not_a_silent_replacement(workspace: Path) -> None:
    folder = workspace / "submissions" / "2022-H1"
    put(folder, "bac-kan.yaml", fixture_text("valid.yaml"))
    shutil.copy(folder / "bac-kan.yaml", put(folder, "cu/bac-kan.yaml", ""))
    status = read_period(_load(workspace), Period.parse("2022-H1"))
    (bac_kan,) = [member for member in status.members if member.member.id == "bac-kan"]
    assert bac_kan.state is MemberState.INVALID and len(bac_kan.files) == 2
    assert "duplicate-submission" in [issue.code for issue in status.issues]


def test_compile_reads_a_full_year_kept_as_fy(cli: Invoke, cum_ii: Path) -> None:
    (cum_ii / "submissions" / "2021").rename(cum_ii / "submissions" / "2021-FY")
    result = cli("compile", "-w", cum_ii, "-p", "2021", "--date", "2022-01-05")
    assert result.exit_code == 0, result.stdout


def test_prefill_finds_a_full_year_kept_as_fy(cli: Invoke, cum_ii: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    (cum_ii / "submissions" / "2021").rename(cum_ii / "submissions" / "2021-FY")
    target = tmp_path / "bac-kan.xlsx"
    result = cli("form", "bac-kan", "-p", "2021", "--prefill", "-w", cum_ii, "-o", target)
    assert result.exit_code == 0, result.stdout
    expected = read_period(_load(cum_ii), Period(2021)).submissions["bac-kan"]
    workbook = load_workbook(target)
    ((sheet, reference),) = list(workbook.defined_names["inspections.total"].destinations)
    assert workbook[sheet][reference.replace("$", "")].value == expected.inspections.total


def test_forms_for_an_invalid_member_list_stop_with_the_issues(
    cli: Invoke, workspace: Path
) -> None:
    cluster = workspace / "cluster.yaml"
    text = cluster.read_text(encoding="utf-8")
    assert "province: Cao Bằng" in text
    cluster.write_text(text.replace("province: Cao Bằng", "province: Cao Bằg"), encoding="utf-8")
    result = cli("form", "--all", "-p", "2022-H1", "-w", workspace)
    assert result.exit_code == 1
    assert "unknown-province" in result.stdout or "Cao Bằg" in result.stdout
    assert not (workspace / "out").exists()


def test_validate_json_lists_each_file_once(cli: Invoke, cum_ii: Path) -> None:
    data = json.loads(cli("validate", cum_ii, "-f", "json").stdout)
    assert len(data["files"]) == len(set(data["files"]))


@pytest.mark.parametrize(
    ("relative", "edit", "code"),
    [
        ("ban-sua/bac-kan.yaml", ("member: bac-kan", "member: cao-bang"), "member-mismatch"),
        ("ban-sua/bac-kan.yaml", ("period: 2022-H1", "period: 2021-H1"), "period-mismatch"),
        ("muon/bac-kan-sua.yaml", ("", ""), "member-mismatch"),
    ],
    ids=["other-member", "other-period", "named-after-no-member"],
)
def test_a_file_in_a_subfolder_is_held_to_its_place(
    workspace: Path, relative: str, edit: tuple[str, str], code: str
) -> None:
    text = fixture_text("valid.yaml")
    assert edit[0] in text
    put(workspace / "submissions" / "2022-H1", relative, text.replace(*edit))
    status = read_period(_load(workspace), Period.parse("2022-H1"))
    assert code in [issue.code for issue in status.issues]
    assert "bac-kan" not in status.submissions


@pytest.mark.parametrize(
    "arguments",
    [
        ("compile", "-p", "2022-H1", "-o", "submissions/2022-H1/bao-cao.docx"),
        ("form", "bac-kan", "-p", "2022-H1", "-o", "submissions/2022-H1/bac-kan.xlsx"),
        ("form", "--all", "-p", "2022-H1", "-o", "submissions/2022-H1"),
        ("pledge", "-y", "2022", "-o", "submissions/giao-uoc.docx"),
        ("pledge", "-y", "2022", "-o", "cluster.yaml"),
        ("export", "--year", "2021", "-o", "submissions"),
    ],
    ids=["compile", "form", "form-all", "pledge", "pledge-on-cluster", "export"],
)
def test_outputs_never_land_among_the_inputs(
    cli: Invoke, cum_ii: Path, arguments: tuple[str, ...]
) -> None:
    before = sorted(str(path) for path in (cum_ii / "submissions").rglob("*"))
    cluster = (cum_ii / "cluster.yaml").read_bytes()
    *head, last = arguments
    result = cli(*head, cum_ii / last, "-w", cum_ii)
    assert result.exit_code == 2, result.stdout
    assert sorted(str(path) for path in (cum_ii / "submissions").rglob("*")) == before
    assert (cum_ii / "cluster.yaml").read_bytes() == cluster


def test_a_form_into_an_existing_folder_is_named_after_its_member(
    cli: Invoke, cum_ii: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "gui-tinh"
    folder.mkdir()
    result = cli("form", "bac-kan", "-p", "2022-H1", "-w", cum_ii, "-o", folder)
    assert result.exit_code == 0, result.stdout
    assert (folder / "bac-kan.xlsx").is_file()


@pytest.mark.parametrize(
    "written",
    ["bac-kan ", "\u00a0bac-kan", "bac-kan\u00a0", "  bac-kan  "],
    ids=["trailing-space", "leading-nbsp", "trailing-nbsp", "spaces"],
)
def test_a_member_id_with_stray_spaces_is_still_that_member(workspace: Path, written: str) -> None:
    text = fixture_text("valid.yaml").replace("member: bac-kan", f'member: "{written}"')
    put(workspace / "submissions", "2022-H1/bac-kan.yaml", text)
    status = read_period(_load(workspace), Period.parse("2022-H1"))
    assert status.submissions["bac-kan"].member == "bac-kan"


def test_a_member_id_that_differs_after_normalising_is_an_issue(workspace: Path) -> None:
    text = fixture_text("valid.yaml").replace("member: bac-kan", 'member: "bac-kạn"')
    put(workspace / "submissions", "2022-H1/bac-kan.yaml", text)
    status = read_period(_load(workspace), Period.parse("2022-H1"))
    assert "member-mismatch" in [issue.code for issue in status.issues]
    assert "bac-kan" not in status.submissions
