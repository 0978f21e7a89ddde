"""What a user review of `tdcli validate` found: a broken cluster.yaml, the year-end
assessment's files, annotating a folder with a file that is not a workbook, a form whose sheet
was deleted and a self-assessment given as a report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tdcli.model.formspec import ASSESSMENT_SHEET, FORM_SHEET, indicator_form_spec
from tdcli.model.issues import ValidationReport
from tdcli.usecases.validate import annotate_files, validate_paths

from conftest import Invoke
from helpers import FIXTURES, add_assessment, cell_of, fill_form, fixture_text, make_form, put

CLUSTER = (FIXTURES / "workspace" / "cluster.yaml").read_text(encoding="utf-8")
SUBMISSION_CODES_OF_ASSESSMENT_FILES = {"missing-field", "unknown-key"}
"""What reading a scheme, a meeting or a self-assessment as a submission used to give."""

Found = tuple[str, str, int | str | None]


def _found(output: str) -> list[Found]:
    """(code, path relative to the workspace or file name, line or sheet!cell) of each issue."""
    found = []
    for item in json.loads(output)["issues"]:
        location = item["location"]
        place = f"{location['sheet']}!{location['cell']}" if location["cell"] else location["line"]
        file = Path(item["file"])
        parts = file.parts
        name = "/".join(parts[parts.index("ws") + 1 :]) if "ws" in parts else file.name
        found.append((item["code"], name, place))
    return sorted(found, key=repr)


def _break(workspace: Path, old: str, new: str) -> None:
    assert old in CLUSTER
    (workspace / "cluster.yaml").write_text(CLUSTER.replace(old, new, 1), encoding="utf-8")


def _self_assessment_form(
    cli: Invoke, workspace: Path, target: Path, scores: dict[str, int] | None = None
) -> Path:
    """bac-kan's self-assessment form of 2022, as `tdcli assess form` makes it, scored."""
    made = workspace / "out" / "tu-cham.xlsx"
    result = cli("assess", "form", "bac-kan", "--year", "2022", "-w", workspace, "-o", made)
    assert result.exit_code == 0, result.output
    fill_form(made, {f"diem.{key}": value for key, value in (scores or {}).items()})
    target.parent.mkdir(parents=True, exist_ok=True)
    return made.replace(target)


SCORES = {"1.1": 55, "1.2": 18, "2.1": 19, "b1": 0, "b2": 0, "p1": 0}


# 1. A folder holding cluster.yaml is a workspace, even with a broken cluster.yaml ------------

BROKEN = {
    "a-typo-in-a-key": ("name: Cụm", "nmae: Cụm", [("missing-field", 2), ("unknown-key", 2)]),
    "a-member-without-id": ("      - id: bac-kan\n", "      - \n", [("missing-field", 19)]),
    "a-bad-date": ("date: 2022-03-02", "date: 2022-13-45", [("wrong-type", 10)]),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_cluster_yaml_reports_itself_and_checks_only_the_submissions(
    cli: Invoke, workspace: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    old, new, expected = BROKEN[case]
    add_assessment(workspace)
    _break(workspace, old, new)
    monkeypatch.chdir(workspace)
    result = cli("validate", ".", "--format", "json")
    assert result.exit_code == 1
    cluster = [(code, "cluster.yaml", line) for code, line in expected]
    alone = ("checked-without-cluster", "cluster.yaml", None)
    assert _found(result.stdout) == sorted([*cluster, alone], key=repr)
    checked = json.loads(result.stdout)["files"]
    assert not any("assessment" in Path(file).parts for file in checked)


def test_a_broken_cluster_yaml_still_checks_each_submission_by_its_place(
    cli: Invoke, workspace: Path
) -> None:
    _break(workspace, "date: 2022-03-02", "date: 2022-13-45")
    put(workspace / "submissions", "2022-H1/bac-kan.yaml", fixture_text("not-a-number.yaml"))
    put(workspace / "submissions", "2022-H1/lang-son.yaml", fixture_text("valid.yaml"))
    result = cli("validate", workspace, "--format", "json")
    assert result.exit_code == 1
    assert _found(result.stdout) == sorted(
        [
            ("wrong-type", "cluster.yaml", 10),
            ("checked-without-cluster", "cluster.yaml", None),
            ("not-a-number", "submissions/2022-H1/bac-kan.yaml", 4),
            # the file's own member against its name, which needs no cluster.yaml
            ("member-mismatch", "submissions/2022-H1/lang-son.yaml", 1),
        ],
        key=repr,
    )
    assert "3 tệp báo cáo" in json.loads(result.stdout)["issues"][-1]["message"]


def test_the_assessment_is_checked_as_the_assessment(cli: Invoke, workspace: Path) -> None:
    folder = add_assessment(workspace)
    result = cli("validate", workspace / "assessment", "--format", "json")
    assert (result.exit_code, _found(result.stdout)) == (0, [])
    files = {Path(file).name for file in json.loads(result.stdout)["files"]}
    assert files >= {"scheme.yaml", "meeting.yaml", "bac-kan.yaml", "cao-bang.yaml"}

    one = folder / "self" / "bac-kan.yaml"
    one.write_text(one.read_text(encoding="utf-8").replace("'1.1': 55", "'1.1': 61"), "utf-8")
    for path in (one, folder / "self", folder, workspace / "assessment"):
        result = cli("validate", path, "--format", "json")
        assert result.exit_code == 1
        assert _found(result.stdout) == [
            ("score-above-max", "assessment/2022/self/bac-kan.yaml", 4)
        ]
    result = cli("validate", folder / "meeting.yaml", "--format", "json")
    assert (result.exit_code, _found(result.stdout)) == (0, [])


def test_a_self_assessment_workbook_in_its_folder_is_read_as_one(
    cli: Invoke, workspace: Path
) -> None:
    folder = add_assessment(workspace)
    (folder / "self" / "bac-kan.yaml").unlink()
    form = _self_assessment_form(cli, workspace, folder / "self" / "bac-kan.xlsx", SCORES)
    result = cli("validate", form, "--format", "json")
    assert (result.exit_code, _found(result.stdout)) == (0, [])

    fill_form(form, {"diem.1.1": 61})
    result = cli("validate", form, "--format", "json")
    place = cell_of(form, "diem.1.1")
    assert place.startswith(f"{ASSESSMENT_SHEET}!")
    assert _found(result.stdout) == [
        ("score-above-max", "assessment/2022/self/bac-kan.xlsx", place)
    ]


def test_a_year_without_its_scheme_says_so_for_any_file_asked(cli: Invoke, workspace: Path) -> None:
    folder = add_assessment(workspace)
    (folder / "scheme.yaml").unlink()
    result = cli("validate", folder / "self" / "bac-kan.yaml", "--format", "json")
    assert result.exit_code == 1
    assert _found(result.stdout) == [("no-scheme", "assessment/2022/scheme.yaml", None)]


def test_a_file_of_the_assessment_folder_no_year_reads(cli: Invoke, workspace: Path) -> None:
    add_assessment(workspace)
    notes = put(workspace / "assessment", "2022/ghi-chu.yaml", "member: bac-kan\n")
    result = cli("validate", notes, "--format", "json")
    assert result.exit_code == 0
    assert _found(result.stdout) == [("stray-file", "assessment/2022/ghi-chu.yaml", None)]
    old = put(workspace / "assessment", "cu/bac-kan.yaml", "member: bac-kan\n").parent
    result = cli("validate", old, "--format", "json")
    assert _found(result.stdout) == [("no-files", "assessment/cu", None)]


def test_the_assessment_with_a_broken_cluster_yaml_is_not_checked_as_submissions(
    cli: Invoke, workspace: Path
) -> None:
    folder = add_assessment(workspace)
    _break(workspace, "date: 2022-03-02", "date: 2022-13-45")
    for path in (workspace / "assessment", folder / "self" / "bac-kan.yaml"):
        result = cli("validate", path, "--format", "json")
        assert result.exit_code == 1
        assert _found(result.stdout) == [
            ("assessment-not-checked", "assessment/2022", None),
            ("wrong-type", "cluster.yaml", 10),
        ]
        assert "tdcli assess rank --year 2022" in result.stdout


# 2. Annotating a folder goes on past a file it cannot annotate -----------------------------


def test_annotating_a_folder_goes_on_past_a_file_that_is_not_a_workbook(
    cli: Invoke, workspace: Path
) -> None:
    folder = workspace / "submissions" / "2022-H1"
    put(folder, "bac-kan.xlsx", "Số cuộc thanh tra: 12\n")  # first in order: not a workbook
    wrong = make_form(workspace, "lang-son", "2022-H1", folder / "lang-son.xlsx")
    fill_form(wrong, {"inspections.total": "nhiều"})
    replies = workspace / "phan-hoi"
    result = cli("validate", folder, "--annotate", replies)
    assert result.exit_code == 1
    assert sorted(path.name for path in replies.iterdir()) == ["lang-son-loi.xlsx"]
    assert f"Đã ghi bản có chú thích: {replies / 'lang-son-loi.xlsx'}" in result.stderr
    refused = [line for line in result.stderr.splitlines() if "bac-kan.xlsx" in line]
    assert refused and refused[0].startswith("Không ghi được bản có chú thích")
    assert "Không phải tệp Excel" in result.stderr


def test_the_library_names_each_copy_and_each_file_left_without_one(workspace: Path) -> None:
    folder = workspace / "submissions" / "2022-H1"
    put(folder, "bac-kan.xlsx", "Số cuộc thanh tra: 12\n")
    wrong = make_form(workspace, "lang-son", "2022-H1", folder / "lang-son.xlsx")
    fill_form(wrong, {"inspections.total": "nhiều"})
    report = validate_paths([folder])
    copies = annotate_files(report, workspace / "phan-hoi")
    assert [path.name for path in copies.written] == ["lang-son-loi.xlsx"]
    assert [(file.name, "bac-kan.xlsx" in why) for file, why in copies.not_written] == [
        ("bac-kan.xlsx", True)
    ]
    assert annotate_files(ValidationReport(), workspace / "phan-hoi").written == []


# 3. A form whose sheet is gone, cells named by their labels, a self-assessment as a report --


def test_a_form_whose_sheet_was_deleted_is_one_issue_naming_the_sheet(
    cli: Invoke, workspace: Path
) -> None:
    form = make_form(
        workspace, "bac-kan", "2022-H1", workspace / "submissions/2022-H1/bac-kan.xlsx"
    )
    book = load_workbook(form)
    del book[FORM_SHEET]
    book.save(form)
    result = cli("validate", form, "--format", "json")
    assert result.exit_code == 1
    issues = json.loads(result.stdout)["issues"]
    assert [issue["code"] for issue in issues] == ["missing-form-sheet"]
    assert f"'{FORM_SHEET}'" in issues[0]["message"] and "'tdcli form'" in issues[0]["message"]


def test_missing_cells_are_named_by_their_labels_and_the_rest_counted(
    cli: Invoke, workspace: Path
) -> None:
    form = make_form(
        workspace, "bac-kan", "2022-H1", workspace / "submissions/2022-H1/bac-kan.xlsx"
    )
    spec = indicator_form_spec()
    gone = [item.key for item in spec.fields()][:8]
    book = load_workbook(form)
    for key in gone:
        del book.defined_names[key]
    book.save(form)
    issues = json.loads(cli("validate", form, "--format", "json").stdout)["issues"]
    assert [issue["code"] for issue in issues] == ["missing-form-cell"] * 5 + [
        "missing-form-cells-more"
    ]
    for issue, key in zip(issues[:5], gone, strict=False):
        label = spec.field(key).label  # type: ignore[union-attr]
        assert f"'{label}'" in issue["message"] and key not in issue["message"]
        assert (issue["field"], issue["label"]) == (key, label)
    assert "3 mục khác" in issues[-1]["message"]
    assert all("ô khác'" not in issue["message"] for issue in issues)


def test_a_self_assessment_workbook_given_as_a_report_is_named_for_what_it_is(
    cli: Invoke, workspace: Path, tmp_path: Path
) -> None:
    add_assessment(workspace)
    form = _self_assessment_form(cli, workspace, tmp_path / "elsewhere" / "bac-kan.xlsx")
    for place in (form, workspace / "submissions/2022-H1/bac-kan.xlsx"):
        if place != form:
            form = form.replace(place)
        result = cli("validate", form, "--format", "json")
        assert result.exit_code == 1
        issues = json.loads(result.stdout)["issues"]
        assert [issue["code"] for issue in issues] == ["wrong-form-kind"]
        assert "phiếu tự chấm điểm thi đua" in issues[0]["message"]
        assert "'tdcli assess rank'" in issues[0]["message"]
