"""The form carries its sender (issue 15, part 2): who prepared it and when it is sent, where
and by when it goes back, the signatures; the instructions print one page wide; status shows
who prepared each file."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tdcli.model.catalogue import Sender
from tdcli.model.formspec import INSTRUCTIONS_SHEET, indicator_form_spec
from tdcli.usecases.period import load_submission
from tdcli.workspace import load_workspace

from conftest import Invoke
from helpers import cell_of, fill_form, make_form

PERIOD = "2022-H1"
SENDER = {
    "sender.name": "Nguyễn Văn An",
    "sender.position": "Chuyên viên Văn phòng Sở",
    "sender.phone": "0209 3870 123",
    "sender.email": "vanphong@tnmt.backan.gov.vn",
    "sender.sent_on": "08/6/2022",
}


def _cells(path: Path) -> list[str]:
    book = load_workbook(path)
    return [str(cell.value) for row in book.worksheets[0].iter_rows() for cell in row if cell.value]


def test_the_form_says_when_and_where_to_send_it(cum_ii: Path) -> None:
    form = make_form(cum_ii, "bac-kan", PERIOD, cum_ii / "f.xlsx")
    texts = _cells(form)
    back = next(text for text in texts if text.startswith("Hạn gửi"))
    assert back.startswith("Hạn gửi: trước ngày 10/6/2022. Gửi về: Văn phòng Sở Tài nguyên")
    assert "thư điện tử vanphong.stnmt@langson.gov.vn; điện thoại 0205 3812 345" in back
    assert back.endswith("(bà Hoàng Thị Lan).")
    steps = [
        str(row[0].value)
        for row in load_workbook(form)[INSTRUCTIONS_SHEET].iter_rows()
        if row[0].value
    ]
    assert steps[-1].endswith(back)  # the instructions' last step says the same


def test_without_a_deadline_the_form_says_where_only(cum_ii: Path) -> None:
    text = (cum_ii / "cluster.yaml").read_text(encoding="utf-8")
    (cum_ii / "cluster.yaml").write_text(text.replace("      H1: 2022-06-10\n", ""), "utf-8")
    texts = _cells(make_form(cum_ii, "bac-kan", PERIOD, cum_ii / "f.xlsx"))
    assert not any(text.startswith("Hạn gửi") for text in texts)
    assert any(text.startswith("Gửi về: Văn phòng Sở Tài nguyên") for text in texts)
    # the full year keeps its own deadline
    texts = _cells(make_form(cum_ii, "bac-kan", "2022", cum_ii / "g.xlsx"))
    assert any(text.startswith("Hạn gửi: trước ngày 20/11/2022.") for text in texts)


def test_the_form_has_a_line_per_detail_of_the_sender_and_two_signatures(cum_ii: Path) -> None:
    form = make_form(cum_ii, "bac-kan", PERIOD, cum_ii / "f.xlsx")
    book = load_workbook(form)
    sheet = book.worksheets[0]
    for name, label in (
        ("name", "Họ và tên người lập biểu"),
        ("position", "Chức vụ, phòng ban"),
        ("phone", "Số điện thoại"),
        ("email", "Thư điện tử"),
        ("sent_on", "Ngày gửi"),
    ):
        reference = cell_of(form, f"sender.{name}").split("!")[1]
        cell = sheet[reference]
        assert sheet.cell(row=cell.row, column=2).value == label
        assert cell.number_format == "@"  # a phone's leading 0, a day typed first, kept
        assert cell.protection.locked is False
    texts = _cells(form)
    assert texts.index("NGƯỜI LẬP BIỂU") < texts.index("THỦ TRƯỞNG ĐƠN VỊ")
    assert "(Ký, ghi rõ họ tên, đóng dấu)" in texts and "(Ký, ghi rõ họ tên)" in texts
    last_input = max(
        int(cell_of(form, f"sender.{name}").split("!")[1][1:]) for name in Sender.model_fields
    )
    signer_row = next(
        cell.row for row in sheet.iter_rows() for cell in row if cell.value == "THỦ TRƯỞNG ĐƠN VỊ"
    )
    assert signer_row > last_input
    # under the room to sign, the preparer's name as typed in its cell
    name_cell = cell_of(form, "sender.name").split("!")[1]
    below = [
        cell.value
        for row in sheet.iter_rows(min_row=signer_row + 1)
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]
    assert below == [f'=IF({name_cell}="","",{name_cell})']


def test_a_filled_sender_is_read_from_the_workbook(cum_ii: Path) -> None:
    form = make_form(cum_ii, "bac-kan", PERIOD, cum_ii / "submissions" / PERIOD / "bac-kan.xlsx")
    fill_form(form, {"inspections.total": 4, **SENDER})
    workspace, _ = load_workspace(cum_ii)
    assert workspace is not None
    checked = load_submission(form, workspace)
    assert checked.valid, checked.issues
    assert checked.submission is not None
    assert checked.submission.sender == Sender(
        name="Nguyễn Văn An",
        position="Chuyên viên Văn phòng Sở",
        phone="0209 3870 123",
        email="vanphong@tnmt.backan.gov.vn",
        sent_on=date(2022, 6, 8),
    )


@pytest.mark.parametrize(
    "typed", [datetime(2022, 6, 8), 44720, "8-6-2022", "2022-06-08", " 08/06/2022 "]
)
def test_the_date_of_sending_as_excel_or_a_person_gives_it(typed: object) -> None:
    assert Sender(sent_on=typed).sent_on == date(2022, 6, 8)


def test_a_form_made_before_it_had_a_sender_is_still_read(cum_ii: Path) -> None:
    form = make_form(cum_ii, "bac-kan", PERIOD, cum_ii / "submissions" / PERIOD / "bac-kan.xlsx")
    fill_form(form, {"inspections.total": 4})
    book = load_workbook(form)
    for name in Sender.model_fields:
        del book.defined_names[f"sender.{name}"]
    book.save(form)
    workspace, _ = load_workspace(cum_ii)
    assert workspace is not None
    checked = load_submission(form, workspace)
    assert checked.valid and checked.issues == []
    assert checked.submission is not None and checked.submission.sender.empty


def test_the_sender_of_a_file_with_errors_is_still_known(cli: Invoke, cum_ii: Path) -> None:
    """The chair's office calls the officer about the errors: status says who."""
    target = cum_ii / "submissions" / PERIOD / "bac-kan.xlsx"
    form = make_form(cum_ii, "bac-kan", PERIOD, target)
    fill_form(form, {"inspections.total": "nhiều", **SENDER})
    result = cli("status", "-w", cum_ii, "-p", PERIOD, "--format", "json")
    data = json.loads(result.stdout)
    (row,) = [member for member in data["members"] if member["member"] == "bac-kan"]
    assert row["state"] == "errors"
    assert row["files"][0]["sender"] == {
        "name": "Nguyễn Văn An",
        "position": "Chuyên viên Văn phòng Sở",
        "phone": "0209 3870 123",
        "email": "vanphong@tnmt.backan.gov.vn",
        "sent_on": "2022-06-08",
        "sent_on_text": None,
    }


def test_status_names_who_prepared_each_file(cum_ii: Path) -> None:
    from typer.testing import CliRunner

    from tdcli.cli import app

    yaml_file = cum_ii / "submissions" / PERIOD / "bac-giang.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    yaml_file.write_text(
        text + "sender:\n  name: Trần Thị Bình\n  phone: '0912345678'\n", encoding="utf-8"
    )
    for columns, said in (
        ("80", "  người lập biểu: Trần Thị Bình, 0912345678"),
        ("200", "│ Trần Thị Bình, 0912345678 │"),
    ):
        runner = CliRunner(env={"COLUMNS": columns})
        result = runner.invoke(app, ["status", "-w", str(cum_ii), "-p", PERIOD])
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        (line,) = [line for line in lines if "Trần Thị Bình" in line]
        assert said in line
        if columns == "80":  # under the member's file, and for no one else
            heading = lines.index("Bắc Giang (bac-giang)  hợp lệ")
            assert lines.index(line) == heading + 2
            assert sum("người lập biểu" in line for line in lines) == 1
        else:
            assert "Người lập biểu" in result.stdout  # the column's heading


def test_the_prefilled_form_keeps_the_sender(cli: Invoke, cum_ii: Path) -> None:
    yaml_file = cum_ii / "submissions" / PERIOD / "bac-giang.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    yaml_file.write_text(
        text + "sender:\n  name: '=HYPERLINK(\"x\")'\n  sent_on: 2022-06-09\n", "utf-8"
    )
    out = cum_ii / "out" / "bg.xlsx"
    result = cli("form", "-w", cum_ii, "-p", PERIOD, "bac-giang", "--prefill", "-o", out)
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    sheet, reference = cell_of(out, "sender.name").split("!")
    # what a member typed comes back as text, never as a formula Excel would run
    assert book[sheet][reference].value == '=HYPERLINK("x")'
    assert book[sheet][reference].data_type == "s"
    sheet, reference = cell_of(out, "sender.sent_on").split("!")
    assert book[sheet][reference].value is None  # the new form is sent on its own day


def test_the_instructions_print_one_page_wide(cum_ii: Path) -> None:
    form = make_form(cum_ii, "bac-kan", PERIOD, cum_ii / "f.xlsx")
    sheet = load_workbook(form)[INSTRUCTIONS_SHEET]
    assert sheet.page_setup.orientation == "portrait" and int(sheet.page_setup.paperSize) == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.max_column == 1
    # A4's 21 cm less the margins hold the column at 100%: Calc does not shrink this sheet
    inches = sum(sheet.column_dimensions[column].width for column in "A") * 7 / 96 + 0.2
    assert inches <= 8.27 - sheet.page_margins.left - sheet.page_margins.right


def test_the_contact_may_be_one_line(cum_ii: Path) -> None:
    text = (cum_ii / "cluster.yaml").read_text(encoding="utf-8")
    start = text.index("    contact:\n")
    end = text.index("    deadlines:")
    one_line = "    contact: Văn phòng Sở Tài nguyên và Môi trường tỉnh Lạng Sơn\n"
    (cum_ii / "cluster.yaml").write_text(text[:start] + one_line + text[end:], "utf-8")
    texts = _cells(make_form(cum_ii, "bac-kan", PERIOD, cum_ii / "f.xlsx"))
    office = "Văn phòng Sở Tài nguyên và Môi trường tỉnh Lạng Sơn"
    assert f"Hạn gửi: trước ngày 10/6/2022. Gửi về: {office}." in texts


def test_a_deadline_for_a_period_that_does_not_exist(cum_ii: Path) -> None:
    text = (cum_ii / "cluster.yaml").read_text(encoding="utf-8")
    (cum_ii / "cluster.yaml").write_text(text.replace("H1: 2022-06-10", "H3: 2022-06-10"), "utf-8")
    workspace, issues = load_workspace(cum_ii)
    assert workspace is None
    (issue,) = issues
    assert "'H3' không phải kỳ báo cáo" in issue.message and issue.location is not None
    assert issue.location.line is not None


def test_the_form_spec_reads_the_sender_where_it_is() -> None:
    spec = indicator_form_spec()
    assert spec.sender is not None
    assert [item.key for item in spec.sender.fields] == [
        f"sender.{name}" for name in Sender.model_fields
    ]
    assert not any(item.section == "sender" for item in spec.fields())  # never required


@pytest.mark.parametrize(
    ("sender", "code"),
    [
        ("sender: 5", "wrong-type"),
        ("sender: [a, b]", "wrong-type"),
        ("sender: {fax: '0209 3870 123'}", "unknown-key"),
        ("sender: {name: {x: 1}}", "wrong-type"),
        (f"sender: {{position: {'Phó Trưởng phòng ' * 13}}}", "invalid-value"),
    ],
)
def test_a_sender_that_cannot_be_read_never_stops_the_figures(
    cli: Invoke, cum_ii: Path, sender: str, code: str
) -> None:
    yaml_file = cum_ii / "submissions" / PERIOD / "ha-giang.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8") + sender + "\n", "utf-8")
    result = cli("validate", yaml_file, "--format", "json")
    assert result.exit_code == 0, result.output
    (issue,) = json.loads(result.stdout)["issues"]
    assert (issue["code"], issue["severity"]) == (code, "warning")
    assert cli("compile", "-w", cum_ii, "-p", PERIOD).exit_code == 0


def test_status_says_the_email_and_the_date_of_sending(cli: Invoke, cum_ii: Path) -> None:
    yaml_file = cum_ii / "submissions" / PERIOD / "bac-giang.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    sender = "sender:\n  name: Trần Thị Bình\n  email: binh@donvi.gov.vn; vp@donvi.gov.vn\n"
    yaml_file.write_text(text + sender + "  sent_on: 31/2/2022\n", encoding="utf-8")
    result = cli("status", "-w", cum_ii, "-p", PERIOD, "--format", "json")
    (row,) = [m for m in json.loads(result.stdout)["members"] if m["member"] == "bac-giang"]
    said = row["files"][0]["sender"]
    assert said["sent_on"] is None and said["sent_on_text"] == "31/2/2022"
    assert row["warnings"] == 1  # the date; two addresses are fine
    table = cli("status", "-w", cum_ii, "-p", PERIOD).stdout
    assert "Trần Thị Bình, binh@donvi.gov.vn; vp@donvi.gov.vn, gửi ngày 31/2/2022" in table
