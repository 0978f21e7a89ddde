"""Hints that fit the field (issue 15): a wrong number says how the field's numbers are written
(a count, a head count, money, points), from the catalogue's kind and unit; a number followed
by the field's own unit word is read, another field's unit word is `wrong-unit`, naming the
unit the field takes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tdcli.check.submission import check_submission_file
from tdcli.model.catalogue import ValueKind, entry_hint, field_spec, iter_fields
from tdcli.model.issues import CATALOGUE, Issue
from tdcli.usecases.period import load_submission
from tdcli.usecases.validate import validate_paths

from conftest import Invoke
from helpers import add_assessment, fill_form, make_form, put

HEAD = "member: bac-kan\nperiod: 2022-H1\n"
COUNT = "ghi số nguyên, ví dụ 12"
HEADS = "ghi số nguyên, ví dụ 420 hoặc 1.250"
MONEY = "ghi số tiền, ví dụ 2.800.000.000 hoặc 2,8 tỷ"
POINTS = "ghi số điểm, ví dụ 8 hoặc 8,5"

CHECK = "kiểm tra lại, có thể đây là số liệu của chỉ tiêu khác"


def submission(workspace: Path, key: str, typed: str) -> Path:
    """bac-kan's report for 2022-H1 with one value typed as `typed` (quoted as YAML text)."""
    group, _, name = key.partition(".")
    text = HEAD + f"{group}:\n  {name}: {json.dumps(typed, ensure_ascii=False)}\n"
    return put(workspace / "submissions", "2022-H1/bac-kan.yaml", text)


def through_cli(cli: Invoke, file: Path) -> list[tuple[str, str | None, str]]:
    result = cli("validate", file, "--format", "json")
    return [
        (item["code"], item["field"], item["message"])
        for item in json.loads(result.stdout)["issues"]
    ]


def through_library(file: Path) -> list[tuple[str, str | None, str]]:
    found = validate_paths([file]).issues
    assert [(i.code, i.message) for i in found] == [
        (i.code, i.message) for i in check_submission_file(file).issues
    ]
    return [(issue.code, issue.field, issue.message) for issue in found]


# The hint of each kind, for each number code that gives one --------------------------------

HINTED = [
    # (key, typed, code, message)
    ("inspections.total", "mười", "not-a-number", f"'mười' không phải là số; {COUNT}"),
    ("eia.appraised", "-3", "negative-number", f"Số không được âm (-3); {COUNT}"),
    (
        "inspections.planned",
        "2,5",
        "not-whole-number",
        f"2,5 không phải số nguyên (cuộc); {COUNT}",
    ),
    (
        "trainings.participants",
        "khoảng 400",
        "not-a-number",
        f"'khoảng 400' không phải là số; {HEADS}",
    ),
    ("trainings.participants", "-420", "negative-number", f"Số không được âm (-420); {HEADS}"),
    (
        "trainings.participants",
        "420,5",
        "not-whole-number",
        f"420,5 không phải số nguyên (lượt người); {HEADS}",
    ),
    ("fines.amount_vnd", "nhiều", "not-a-number", f"'nhiều' không phải là số; {MONEY}"),
    ("fines.collected_vnd", "-5 triệu", "negative-number", f"Số không được âm (-5 triệu); {MONEY}"),
    (
        "fines.amount_vnd",
        "2,8000000005 tỷ",
        "not-whole-number",
        f"2,8000000005 tỷ không phải số nguyên (đồng); {MONEY}",
    ),
]


@pytest.mark.parametrize(
    ("key", "typed", "code", "message"), HINTED, ids=[f"{c[2]}-{c[0]}" for c in HINTED]
)
def test_a_wrong_number_gets_the_fields_hint(
    cli: Invoke, workspace: Path, key: str, typed: str, code: str, message: str
) -> None:
    file = submission(workspace, key, typed)
    assert through_cli(cli, file) == [(code, key, message)]
    assert through_library(file) == [(code, key, message)]


def test_points_get_a_points_hint(cli: Invoke, workspace: Path) -> None:
    folder = add_assessment(workspace)
    text = (folder / "self" / "bac-kan.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("  '1.1':"))
    lines[index] = "  '1.1': năm mươi\n"
    file = put(folder, "self/bac-kan.yaml", "".join(lines))
    result = cli("validate", file, "--format", "json")
    found = [(item["code"], item["message"]) for item in json.loads(result.stdout)["issues"]]
    assert found == [("not-a-number", f"'năm mươi' không phải là số; {POINTS}")]


def test_a_target_in_cluster_yaml_gets_its_fields_hint(workspace: Path) -> None:
    cluster = workspace / "cluster.yaml"
    text = cluster.read_text(encoding="utf-8")
    assert "targets:" not in text
    marker = "\n    members:\n"
    assert marker in text
    targets = "\n    targets:\n      bac-kan:\n        fines.amount_vnd: nhiều" + marker
    cluster.write_text(text.replace(marker, targets, 1), encoding="utf-8")
    found = validate_paths([workspace]).issues
    numbers = [issue for issue in found if issue.code != "checked-without-cluster"]
    assert [(Path(issue.file).name, issue.code, issue.message) for issue in numbers] == [
        ("cluster.yaml", "not-a-number", f"'nhiều' không phải là số; {MONEY}")
    ]


def test_a_target_may_carry_its_fields_unit(workspace: Path) -> None:
    from tdcli.workspace import load_workspace

    cluster = workspace / "cluster.yaml"
    text = cluster.read_text(encoding="utf-8")
    marker = "\n    members:\n"
    targets = "\n    targets:\n      bac-kan:\n        inspections.total: 12 cuộc" + marker
    cluster.write_text(text.replace(marker, targets, 1), encoding="utf-8")
    loaded, issues = load_workspace(workspace)
    assert loaded is not None and issues == []
    assert loaded.config.years[2022].targets == {"bac-kan": {"inspections.total": 12}}


# Unit words ---------------------------------------------------------------------------------

READ = [
    ("inspections.total", "12 cuộc", 12),
    ("inspections.total", "12cuộc", 12),
    ("inspections.total", "12 Cuộc.", 12),
    ("inspections.total", "12 cuoc", 12),
    ("inspections.total", "1.250  cuộc", 1250),
    ("inspections.organisations_inspected", "12 tổ chức, cá nhân", 12),
    ("inspections.organisations_inspected", "12 tổ chức", 12),
    ("trainings.sessions", "3 lớp", 3),
    ("trainings.sessions", "3 hội nghị", 3),
    ("trainings.participants", "420 lượt người", 420),
    ("trainings.participants", "420 người", 420),
    ("trainings.participants", "420 lượt", 420),
    ("trainings.participants", "1,2 nghìn lượt người", 1200),
    ("trainings.participants", "1,2 nghìn", 1200),
    ("land.certificates_issued", "35 giấy chứng nhận", 35),
    ("fines.amount_vnd", "2,8 tỷ đồng", 2_800_000_000),
    ("fines.amount_vnd", "2,8 tỷ", 2_800_000_000),
    ("fines.amount_vnd", "850 triệu đ", 850_000_000),
    ("fines.amount_vnd", "2.800.000.000 VNĐ", 2_800_000_000),
]


@pytest.mark.parametrize(("key", "typed", "value"), READ, ids=[f"{c[0]}={c[1]}" for c in READ])
def test_the_fields_own_unit_word_is_read(
    workspace: Path, key: str, typed: str, value: int
) -> None:
    checked = load_submission(submission(workspace, key, typed))
    assert checked.issues == []
    assert checked.submission is not None
    assert checked.submission.value(key) == value


WRONG_UNIT = [
    ("inspections.total", "12 lớp", "'12 lớp': chỉ tiêu này tính bằng cuộc; ghi 12"),
    ("inspections.total", "12lớp", "'12lớp': chỉ tiêu này tính bằng cuộc; ghi 12"),
    (
        "fines.amount_vnd",
        "5 người",
        "'5 người': chỉ tiêu này tính bằng đồng; " + CHECK,
    ),
    (
        "trainings.participants",
        "1,2 nghìn cuộc",
        "'1,2 nghìn cuộc': chỉ tiêu này tính bằng lượt người; ghi 1,2 nghìn",
    ),
    (
        "inspections.total",
        "2,8 tỷ đồng",
        "'2,8 tỷ đồng': chỉ tiêu này tính bằng cuộc; " + CHECK,
    ),
    (
        "inspections.total",
        "-7 lớp",
        "'-7 lớp': chỉ tiêu này tính bằng cuộc; " + CHECK,
    ),
    (
        "inspections.total",
        "7,5 lớp",
        "'7,5 lớp': chỉ tiêu này tính bằng cuộc; " + CHECK,
    ),
    (
        "trainings.sessions",
        "3 người",
        "'3 người': chỉ tiêu này tính bằng lớp, hội nghị; ghi 3",
    ),
]


@pytest.mark.parametrize(
    ("key", "typed", "message"), WRONG_UNIT, ids=[f"{c[0]}={c[1]}" for c in WRONG_UNIT]
)
def test_another_fields_unit_names_the_fields_unit(
    cli: Invoke, workspace: Path, key: str, typed: str, message: str
) -> None:
    file = submission(workspace, key, typed)
    assert through_cli(cli, file) == [("wrong-unit", key, message)]
    assert through_library(file) == [("wrong-unit", key, message)]


NOT_UNITS = [
    ("inspections.total", "12 vụ", "not-a-number"),
    ("inspections.total", "12abc", "not-a-number"),
    ("inspections.total", "cuộc 12", "not-a-number"),
    ("inspections.total", "12 cuộc thanh tra", "not-a-number"),
    ("inspections.total", "1,000 cuộc", "ambiguous-number"),
    ("inspections.total", "1,5 cuộc", "not-whole-number"),
    ("trainings.participants", "1,2345 nghìn lượt người", "not-whole-number"),
    ("trainings.participants", "-420 người", "negative-number"),
]


@pytest.mark.parametrize(
    ("key", "typed", "code"), NOT_UNITS, ids=[f"{c[0]}={c[1]}" for c in NOT_UNITS]
)
def test_a_unit_word_does_not_hide_another_error(
    workspace: Path, key: str, typed: str, code: str
) -> None:
    checked = load_submission(submission(workspace, key, typed))
    assert [(issue.code, issue.field) for issue in checked.issues] == [(code, key)]


def test_a_unit_word_typed_in_a_form_cell_is_read(cli: Invoke, workspace: Path) -> None:
    form = make_form(
        workspace, "bac-kan", "2022-H1", workspace / "submissions/2022-H1/bac-kan.xlsx"
    )
    fill_form(form, {"trainings.participants": "420 lượt người", "inspections.total": "12 lớp"})
    checked = load_submission(form)
    found: list[Issue] = checked.issues
    assert [(issue.code, issue.field, issue.message) for issue in found] == [
        ("wrong-unit", "inspections.total", "'12 lớp': chỉ tiêu này tính bằng cuộc; ghi 12")
    ]
    fill_form(form, {"inspections.total": "12 cuộc"})
    checked = load_submission(form)
    assert checked.issues == [] and checked.submission is not None
    assert checked.submission.trainings.participants == 420
    assert checked.submission.inspections.total == 12


# The hint itself ----------------------------------------------------------------------------


def test_every_numeric_field_has_a_hint_from_its_kind_and_unit() -> None:
    for spec in iter_fields(numeric_only=True):
        hint = entry_hint(spec.kind, spec.unit)
        assert hint.startswith("Ghi số"), spec.key
        assert entry_hint(spec.kind, spec.unit, in_cell=True).startswith("Ghi số"), spec.key
    assert entry_hint(ValueKind.TEXT) == ""


@pytest.mark.parametrize(
    ("key", "hint", "in_cell"),
    [
        ("inspections.total", "Ghi số nguyên, ví dụ 12", "Ghi số nguyên, ví dụ 12"),
        (
            "trainings.participants",
            "Ghi số nguyên, ví dụ 420 hoặc 1.250",
            "Ghi số nguyên, ví dụ 420",
        ),
        (
            "fines.amount_vnd",
            "Ghi số tiền, ví dụ 2.800.000.000 hoặc 2,8 tỷ",
            "Ghi số tiền bằng đồng, gõ liền các chữ số, ví dụ 2800000000",
        ),
    ],
)
def test_the_hint_of_a_field(key: str, hint: str, in_cell: str) -> None:
    spec = field_spec(key)
    assert spec is not None
    assert entry_hint(spec.kind, spec.unit) == hint
    assert entry_hint(spec.kind, spec.unit, in_cell=True) == in_cell


def test_a_cells_hint_has_no_words_a_number_cell_refuses() -> None:
    # Excel reads `2,8 tỷ` or `1.250` typed in a number cell as text on some machines
    for kind, unit in ((ValueKind.MONEY, "đồng"), (ValueKind.COUNT, "lượt người")):
        example = entry_hint(kind, unit, in_cell=True).rpartition("ví dụ ")[2]
        assert example.isdigit()
    assert entry_hint(ValueKind.POINTS, "điểm") == "Ghi số điểm, ví dụ 8 hoặc 8,5"
    assert entry_hint(ValueKind.POINTS, "điểm", in_cell=True) == (
        "Ghi số điểm, ví dụ 8 hoặc 8,5 (số lẻ dùng dấu thập phân của máy)"
    )


def test_every_number_code_with_a_hint_declares_it() -> None:
    hinted = {code for code, kind in CATALOGUE.items() if "{hint}" in kind.template}
    assert hinted == {"not-a-number", "negative-number", "not-whole-number"}
    assert all("hint" in CATALOGUE[code].params for code in hinted)


def test_the_forms_cells_say_how_their_numbers_are_written(cum_ii: Path) -> None:
    """Excel's and Calc's message on a refused entry fits the cell: a count, a head count, an
    amount of money; each rule's formula reads the first cell it covers."""
    from openpyxl import load_workbook

    from helpers import cell_of, make_form

    form = make_form(cum_ii, "bac-kan", "2022-H1", cum_ii / "f.xlsx")
    sheet = load_workbook(form).worksheets[0]
    rules = {
        cell: rule
        for rule in sheet.data_validations.dataValidation
        for ranges in rule.sqref.ranges
        for row in ranges.cells
        for cell in [f"{chr(64 + row[1])}{row[0]}"]
    }
    for key, example in (
        ("inspections.total", "ví dụ 12"),
        ("trainings.participants", "ví dụ 420"),
        ("fines.amount_vnd", "ví dụ 2800000000"),
    ):
        rule = rules[cell_of(form, key).split("!")[1]]
        assert example in rule.error and example in rule.prompt
        first = min(
            (cells for cells in rule.sqref.ranges), key=lambda cells: (cells.min_row, cells.min_col)
        )
        assert f"ISNUMBER({first.coord.split(':')[0]})" in rule.formula1


def test_a_cell_of_the_form_is_told_what_the_cell_takes(cum_ii: Path) -> None:
    """In a workbook the hint is the cell's: digits only, as its data validation and the
    instructions say, never "2,8 tỷ", which the cell refuses."""
    from tdcli.usecases.validate import validate_paths

    from helpers import fill_form, make_form

    form = make_form(
        cum_ii, "bac-kan", "2022-H1", cum_ii / "submissions" / "2022-H1" / "bac-kan.xlsx"
    )
    fill_form(form, {"fines.amount_vnd": "nhiều tiền", "trainings.participants": "đông"})
    issues = {issue.field: issue.message for issue in validate_paths([form]).issues}
    assert "gõ liền các chữ số, ví dụ 2800000000" in issues["fines.amount_vnd"]
    assert "2,8 tỷ" not in issues["fines.amount_vnd"]
    assert issues["trainings.participants"].endswith("ghi số nguyên, ví dụ 420")


@pytest.mark.parametrize(
    ("written", "points"), [("200 điểm", 200), ("200 điểm.", 200), ("185,5 đ", 185.5)]
)
def test_points_may_say_they_are_points(written: str, points: float) -> None:
    from decimal import Decimal

    from tdcli.model.scheme import _points

    assert _points(written) == Decimal(str(points))


@pytest.mark.parametrize("written", ["200 đồng", "200 cuộc", "200 người"])
def test_points_are_never_money_or_a_count(written: str) -> None:
    from pydantic_core import PydanticCustomError

    from tdcli.model.scheme import _points

    with pytest.raises(PydanticCustomError):
        _points(written)
