"""The Excel form: generated, filled through its defined names, read back to the cell."""

from __future__ import annotations

import shutil
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tdcli.contents.form import FormRequest
from tdcli.model.catalogue import ValueKind, iter_fields
from tdcli.model.formspec import (
    FORM_SHEET,
    META_SHEET,
    FieldRef,
    FormField,
    FormSection,
    FormSpec,
    HeadingLine,
    LiveCheck,
    indicator_form_spec,
)
from tdcli.model.issues import Location
from tdcli.read.excel import read_form
from tdcli.render.form import write_form
from tdcli.usecases.period import load_submission
from tdcli.workspace import load_workspace

from conftest import Invoke
from helpers import (
    FIXTURES,
    ROOT,
    cell_of,
    fill_form,
    fixture_text,
    issue_pairs,
    make_form,
    put,
    set_cached_formula,
)


@pytest.fixture
def form(workspace: Path) -> Path:
    return make_form(
        workspace, "bac-kan", "2022-H1", workspace / "submissions/2022-H1/bac-kan.xlsx"
    )


def cell_pairs(output: str) -> list[tuple[str, str | None]]:
    import json

    return [
        (
            item["code"],
            item["location"]["cell"] and f"{item['location']['sheet']}!{item['location']['cell']}",
        )
        for item in json.loads(output)["issues"]
    ]


# The form itself ---------------------------------------------------------------------------


def test_every_field_has_a_named_unlocked_validated_input_cell(form: Path) -> None:
    workbook = load_workbook(form)
    sheet = workbook[FORM_SHEET]
    validated: dict[str, str] = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            validated[cell_range.coord.split(":")[0]] = validation.type
    for spec in iter_fields():
        ((sheet_name, reference),) = list(workbook.defined_names[spec.key].destinations)
        assert sheet_name == FORM_SHEET
        coordinate = reference.replace("$", "")
        assert sheet[coordinate].protection.locked is False, spec.key
        expected = "textLength" if spec.kind is ValueKind.TEXT else "custom"
        assert validated[coordinate] == expected, spec.key
    numbers = next(v for v in sheet.data_validations.dataValidation if v.type == "custom")
    assert numbers.error and "số nguyên" in numbers.error
    assert sheet.protection.sheet is True
    assert not sheet.protection.password


def test_labels_units_and_checks_come_from_the_catalogue(form: Path) -> None:
    sheet = load_workbook(form)[FORM_SHEET]
    texts = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None}
    for spec in iter_fields():
        assert spec.label in texts
    total_row = int(cell_of(form, "inspections.total").split("!D")[1])
    check = str(sheet[f"F{total_row}"].value)
    assert check.startswith("=IF(") and "Chưa khớp" in check


def test_header_metadata_print_setup_and_instructions(form: Path) -> None:
    workbook = load_workbook(form)
    sheet = workbook[FORM_SHEET]
    assert sheet["A1"].value == "BIỂU MẪU BÁO CÁO KẾT QUẢ THI ĐUA 6 THÁNG ĐẦU NĂM 2022"
    assert sheet["A2"].value == "Sở Tài nguyên và Môi trường tỉnh Bắc Kạn"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    meta = workbook[META_SHEET]
    assert meta.sheet_state == "veryHidden"
    values = {row[0]: row[1] for row in meta.iter_rows(values_only=True)}
    assert (values["form_version"], values["member"], values["period"]) == (
        "1",
        "bac-kan",
        "2022-H1",
    )
    instructions = " ".join(str(c.value) for c in workbook["Hướng dẫn"]["A"] if c.value)
    assert "Sở Tài nguyên và Môi trường tỉnh Lạng Sơn" in instructions  # the chair receives it


# Filling and reading -----------------------------------------------------------------------


def test_a_blank_form_is_an_empty_submission_not_a_report(form: Path) -> None:
    checked = load_submission(form)
    assert [issue.code for issue in checked.issues] == ["empty-submission"]
    assert not checked.valid and checked.submission is None


def test_filled_through_names_reads_back(form: Path) -> None:
    fill_form(
        form,
        {
            "inspections.total": 6,
            "inspections.planned": 4,
            "inspections.unannounced": 2,
            "fines.amount_vnd": 2_800_000_000,
            "narrative.highlights": "Ý thứ nhất & <hai>\nÝ thứ hai",
        },
    )
    checked = load_submission(form)
    assert checked.issues == []
    assert checked.submission is not None
    assert checked.submission.fines.amount_vnd == 2_800_000_000
    assert checked.submission.narrative.highlights == ("Ý thứ nhất & <hai>", "Ý thứ hai")


@pytest.mark.parametrize("period", ["2021-H1", "2021", "2022-H1"])
def test_yaml_and_excel_give_identical_submissions(tmp_path: Path, period: str) -> None:
    from tdcli.contents.form import form_requests
    from tdcli.model.periods import Period
    from tdcli.render.form import write_form

    root = ROOT / "examples" / "cum-ii"
    workspace, _ = load_workspace(root)
    assert workspace is not None
    for file in sorted((root / "submissions" / period).glob("*.yaml")):
        from_yaml = load_submission(file, workspace).submission
        assert from_yaml is not None
        (request,) = form_requests(
            workspace, Period.parse(period), [file.stem], {file.stem: from_yaml}
        )
        target = write_form(request, tmp_path / period / f"{file.stem}.xlsx")
        from_excel = load_submission(target, workspace)
        assert from_excel.issues == []
        assert from_excel.submission == from_yaml


ACCEPTED = [
    ("inspections.total", "1.250", 1250),
    ("inspections.total", " 42 ", 42),
    ("fines.amount_vnd", "2.800.000.000", 2_800_000_000),
    ("fines.amount_vnd", "2,8 tỷ", 2_800_000_000),
    ("fines.amount_vnd", 2.8e9, 2_800_000_000),
    ("eia.appraised", 12.0, 12),
]


@pytest.mark.parametrize(("key", "typed", "expected"), ACCEPTED, ids=[str(c[1]) for c in ACCEPTED])
def test_accepted_as_the_writer_meant(form: Path, key: str, typed: object, expected: int) -> None:
    fill_form(form, {key: typed})
    checked = load_submission(form)
    assert checked.issues == []
    assert checked.submission is not None and checked.submission.value(key) == expected


def test_nfd_text_is_read_as_nfc(form: Path) -> None:
    fill_form(form, {"narrative.proposals": unicodedata.normalize("NFD", "Đề nghị Bộ hỗ trợ")})
    checked = load_submission(form)
    assert checked.submission is not None
    assert checked.submission.narrative.proposals == ("Đề nghị Bộ hỗ trợ",)


REJECTED = [
    ("inspections.total", "mười", "not-a-number"),
    ("inspections.total", -3, "negative-number"),
    ("inspections.total", 2.5, "not-whole-number"),
    ("inspections.total", "#REF!", "cell-error"),
    ("fines.amount_vnd", "1,000", "ambiguous-number"),
]


@pytest.mark.parametrize(("key", "typed", "code"), REJECTED, ids=[c[2] for c in REJECTED])
def test_rejected_to_the_cell(cli: Invoke, form: Path, key: str, typed: object, code: str) -> None:
    fill_form(form, {key: typed})
    result = cli("validate", form, "--format", "json")
    assert cell_pairs(result.stdout) == [(code, cell_of(form, key))]
    assert result.exit_code == 1


def test_location_reads_sheet_cell_and_label(form: Path) -> None:
    fill_form(form, {"inspections.total": "nhiều"})
    (issue,) = load_submission(form).issues
    assert (
        issue.where
        == f"bac-kan.xlsx {cell_of(form, 'inspections.total')} — Tổng số cuộc thanh tra, kiểm tra"
    )


def test_formula_with_a_cached_value_counts(form: Path) -> None:
    reference = cell_of(form, "eia.appraised").split("!")[1]
    set_cached_formula(form, reference, "3+4", "7")
    checked = load_submission(form)
    assert checked.issues == []
    assert checked.submission is not None and checked.submission.eia.appraised == 7


def test_formula_without_a_cached_value_is_refused(cli: Invoke, form: Path) -> None:
    where = cell_of(form, "eia.appraised")
    set_cached_formula(form, where.split("!")[1], "3+4", None)
    result = cli("validate", form, "--format", "json")
    assert cell_pairs(result.stdout) == [("formula-without-value", where)]
    assert result.exit_code == 1


def test_rules_across_cells(form: Path) -> None:
    fill_form(form, {"eia.appraised": 3, "eia.approved": 5})
    (issue,) = load_submission(form).issues
    assert (issue.code, f"{issue.location.sheet}!{issue.location.cell}") == (
        "exceeds-limit",
        cell_of(form, "eia.approved"),
    )


def test_form_for_another_member_or_period(cli: Invoke, workspace: Path) -> None:
    other = make_form(
        workspace, "cao-bang", "2022-H1", workspace / "submissions/2022-H1/bac-kan.xlsx"
    )
    assert [code for code, _ in cell_pairs(cli("validate", other, "-f", "json").stdout)] == [
        "member-mismatch"
    ]
    shutil.move(other, workspace / "submissions/2022-H1/cao-bang.xlsx")
    (workspace / "submissions/2022-H1/cao-bang.yaml").unlink()
    late = workspace / "submissions/2022/cao-bang.xlsx"
    late.parent.mkdir()
    shutil.move(workspace / "submissions/2022-H1/cao-bang.xlsx", late)
    assert [code for code, _ in cell_pairs(cli("validate", late, "-f", "json").stdout)] == [
        "period-mismatch"
    ]


def test_a_workbook_that_is_not_a_form(cli: Invoke, workspace: Path) -> None:
    from openpyxl import Workbook

    path = workspace / "submissions/2022-H1/bac-kan.xlsx"
    book = Workbook()
    book.active["A1"] = "Số cuộc thanh tra"
    book.save(path)
    assert issue_pairs(cli("validate", path, "-f", "json").stdout) == [("not-a-tdcli-form", None)]


def test_an_unknown_form_version(cli: Invoke, form: Path) -> None:
    workbook = load_workbook(form)
    workbook[META_SHEET]["B1"] = "9"
    workbook.save(form)
    result = cli("validate", form, "-f", "json")
    assert issue_pairs(result.stdout) == [("unknown-form-version", None)]
    assert "tdcli form" in result.stdout


def test_a_deleted_input_row(cli: Invoke, form: Path) -> None:
    workbook = load_workbook(form)
    del workbook.defined_names["land.certificates_issued"]
    workbook.save(form)
    assert [code for code, _ in issue_pairs(cli("validate", form, "-f", "json").stdout)] == [
        "missing-form-cell"
    ]


def test_yaml_and_xlsx_for_one_member_is_an_error(cli: Invoke, workspace: Path, form: Path) -> None:
    fill_form(form, {"land.certificates_issued": 12})
    put(workspace / "submissions", "2022-H1/bac-kan.yaml", fixture_text("valid.yaml"))
    result = cli("validate", workspace, "-f", "json")
    assert [code for code, _ in issue_pairs(result.stdout)] == ["duplicate-submission"]
    assert result.exit_code == 1


def test_example_workspace_mixes_yaml_and_excel() -> None:
    submissions = ROOT / "examples" / "cum-ii" / "submissions"
    assert list(submissions.rglob("*.xlsx")) and list(submissions.rglob("*.yaml"))


def test_fixture_workspace_is_untouched_by_these_tests() -> None:
    assert not list((FIXTURES / "workspace").rglob("*.xlsx"))


def test_shared_strings_as_excel_saves_them(form: Path) -> None:
    """Excel keeps text in a shared-strings table (openpyxl writes it inline): both read."""
    import re
    import zipfile

    fill_form(form, {"fines.amount_vnd": "2,8 tỷ", "narrative.proposals": "Đề nghị A"})
    with zipfile.ZipFile(form) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    strings: list[str] = []

    def shared(match: re.Match[str]) -> str:
        strings.append(match.group(3))
        return f'<c r="{match.group(1)}"{match.group(2)} t="s"><v>{len(strings) - 1}</v></c>'

    sheet = re.sub(
        r'<c r="([A-Z]+[0-9]+)"((?: s="\d+")?) t="inlineStr"><is><t>([^<]*)</t></is></c>',
        shared,
        sheet,
    )
    # Rich text: the runs of a string item read as one text (split where no entity is).
    items = "".join(
        f"<si><r><t>{text[:2]}</t></r><r><t>{text[2:]}</t></r></si>"
        if "&" not in text
        else f"<si><t>{text}</t></si>"
        for text in strings
    )
    parts["xl/worksheets/sheet1.xml"] = sheet.encode("utf-8")
    parts["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    ).encode()
    with zipfile.ZipFile(form, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    checked = load_submission(form)
    assert checked.issues == []
    assert checked.submission is not None
    assert checked.submission.fines.amount_vnd == 2_800_000_000
    assert checked.submission.narrative.proposals == ("Đề nghị A",)


def test_a_date_typed_in_a_count_cell(form: Path) -> None:
    from datetime import datetime

    fill_form(form, {"inspections.total": datetime(2022, 3, 1)})
    (issue,) = load_submission(form).issues
    assert issue.code == "not-a-number"


# Any form spec -----------------------------------------------------------------------------


def _request(workspace: Path, member: str) -> FormRequest:
    from tdcli.contents.form import form_requests
    from tdcli.model.periods import Period

    loaded, _ = load_workspace(workspace)
    assert loaded is not None
    (request,) = form_requests(loaded, Period.parse("2022-H1"), [member])
    return request


def test_a_wrong_member_is_pointed_where_the_spec_put_it(cli: Invoke, workspace: Path) -> None:
    spec = replace(
        indicator_form_spec(),
        heading=(HeadingLine.NOTE, HeadingLine.CLUSTER, HeadingLine.TITLE, HeadingLine.MEMBER),
    )
    path = write_form(
        _request(workspace, "cao-bang"), workspace / "submissions/2022-H1/bac-kan.xlsx", spec
    )
    assert (
        load_workbook(path)[FORM_SHEET]["A4"].value == "Sở Tài nguyên và Môi trường tỉnh Cao Bằng"
    )
    form, issues = read_form(path, spec)
    assert form is not None and issues == []
    assert form.locate(("member",)) == Location(sheet=FORM_SHEET, cell="A4")
    assert form.locate(("period",)) == Location(sheet=FORM_SHEET, cell="A3")


def test_another_catalogue_writes_and_reads_its_own_form(workspace: Path) -> None:
    """A second catalogue (the year-end scoring scheme) gives its spec; the same writer and
    reader serve it, without the indicator catalogue's models."""
    fields = (
        FormField("scores", "criterion_1", "Tiêu chí 1", "điểm", "Tối đa 10 điểm", ValueKind.COUNT),
        FormField("scores", "criterion_2", "Tiêu chí 2", "điểm", "", ValueKind.COUNT),
        FormField("evidence", "notes", "Minh chứng", "", "Mỗi ý một dòng", ValueKind.TEXT),
    )
    total = LiveCheck(
        "scores.criterion_1",
        ("IF(", FieldRef("scores.criterion_1"), '<=10,"Khớp","Sai: tối đa 10 điểm")'),
    )
    spec = FormSpec(
        title="Biểu mẫu tự chấm điểm thi đua",
        note="Ô nền vàng là ô nhập điểm.",
        sections=(
            FormSection("scores", "Điểm tự chấm", fields[:2], (total,)),
            FormSection("evidence", "Minh chứng", fields[2:]),
        ),
        instructions=("Chỉ nhập vào các ô nền vàng.",),
    )
    path = write_form(_request(workspace, "bac-kan"), workspace / "scratch" / "tu-cham.xlsx", spec)
    sheet = load_workbook(path)[FORM_SHEET]
    assert str(sheet["A1"].value).startswith("BIỂU MẪU TỰ CHẤM ĐIỂM THI ĐUA")
    row = cell_of(path, "scores.criterion_1").split("!D")[1]
    assert sheet[f"F{row}"].value == f'=IF(D{row}<=10,"Khớp","Sai: tối đa 10 điểm")'
    fill_form(path, {"scores.criterion_1": 9, "evidence.notes": "Có\nĐủ"})
    form, issues = read_form(path, spec)
    assert issues == [] and form is not None
    assert form.values == {
        "scores": {"criterion_1": 9, "criterion_2": None},
        "evidence": {"notes": "Có\nĐủ"},
    }
    assert form.meta["member"] == "bac-kan" and form.meta["form_version"] == "1"
    assert read_form(path, indicator_form_spec())[1][0].code == "missing-form-cell"
