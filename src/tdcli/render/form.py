"""The Excel form a member fills in, laid out from a form spec (the indicator catalogue's
unless another is given).

One row per number field, numbered by section, with label, unit, input cell and a short
guidance note (or, where the spec puts a text field beside it, that field's input, the guidance
going under the label); other text fields as large wrapped cells; the spec's live checks beside
their fields; the spec's subtotals under their sections and its totals at the end, as locked
formulas; then who prepared the form (the spec's sender section) and the signatures; every
input cell unlocked, validated and named by its dotted key. The heading lines and the metadata
go where the spec says, so that the reader finds them there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tdcli import __version__
from tdcli.contents.form import FormRequest, return_line
from tdcli.model.catalogue import LINE_MAX, ValueKind, entry_hint
from tdcli.model.formspec import (
    FormField,
    FormSection,
    FormSpec,
    FormTotal,
    HeadingLine,
    indicator_form_spec,
)
from tdcli.model.scheme import points_text
from tdcli.model.vnformat import date_short
from tdcli.render.outputs import atomic_path
from tdcli.render.workbook_library import load_openpyxl

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["build_form", "write_form"]

_FONT = "Times New Roman"
_INPUT_FILL = "FFF2CC"
_GROUP_FILL = "DDEBF7"
_TOTAL_FILL = "F2F2F2"
_NARRATIVE_MAX = 8000
_NOTE_MAX = 1000
_CHARACTERS_PER_WIDTH = 1.2  # of 12-point Times New Roman, per unit of column width
_LINE_POINTS = 15.5
_SIGNING_ROWS = 4
"""Empty rows left to sign in, between a signer's title and name."""
_INSTRUCTIONS_WIDTH = 74  # A4 portrait at 100%: LibreOffice does not fit this sheet to the page
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass
class _Styles:
    """openpyxl style objects, made once per workbook."""

    def __post_init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        thin = Side(style="thin", color="808080")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.body = Font(name=_FONT, size=12)
        self.bold = Font(name=_FONT, size=12, bold=True)
        self.italic = Font(name=_FONT, size=11, italic=True)
        self.title = Font(name=_FONT, size=14, bold=True)
        self.guidance = Font(name=_FONT, size=11, italic=True, color="404040")
        self.check = Font(name=_FONT, size=11, italic=True, color="C00000")
        self.wrap = Alignment(wrap_text=True, vertical="center")
        self.wrap_top = Alignment(wrap_text=True, vertical="top")
        self.centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.input_fill = PatternFill("solid", fgColor=_INPUT_FILL)
        self.group_fill = PatternFill("solid", fgColor=_GROUP_FILL)
        self.total_fill = PatternFill("solid", fgColor=_TOTAL_FILL)
        self.unlocked = Protection(locked=False)


def build_form(request: FormRequest, spec: FormSpec | None = None) -> Workbook:
    """The workbook for one member and period: the form sheet, the instructions, the metadata."""
    load_openpyxl()
    from openpyxl import Workbook

    spec = spec or indicator_form_spec()
    workbook = Workbook()
    styles = _Styles()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = spec.form_sheet
    _form_sheet(workbook, sheet, spec, request, styles)
    _instructions_sheet(workbook.create_sheet(spec.instructions_sheet), spec, request, styles)
    _meta_sheet(workbook.create_sheet(spec.meta_sheet), spec, request)
    properties = workbook.properties
    properties.title = f"{spec.title} {request.period.label}"
    properties.subject = request.member.department
    properties.creator = f"tdcli {__version__}"
    properties.keywords = f"tdcli-form {spec.version}"
    return workbook


def _form_sheet(
    workbook: Workbook, sheet: Worksheet, spec: FormSpec, request: FormRequest, styles: _Styles
) -> None:
    from openpyxl.workbook.defined_name import DefinedName

    for column, width in zip("ABCDEF", spec.widths, strict=True):
        sheet.column_dimensions[column].width = width
    _heading(sheet, spec, request, styles)
    header_row = len(spec.heading) + 2
    for header_column, header in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=header_row, column=header_column, value=header)
        cell.font, cell.alignment, cell.border = styles.bold, styles.centre, styles.border

    def name(key: str, ref: str) -> None:
        workbook.defined_names[key] = DefinedName(key, attr_text=_absolute(sheet.title, ref))

    validations = _Validations(spec)
    row = header_row + 1
    cells: dict[str, str] = {}
    for index, section in enumerate(spec.sections):
        _section_row(sheet, row, index, section.label, styles)
        row += 1
        with_note = {item.beside for item in section.fields if item.beside is not None}
        position = 0
        for item in section.fields:
            prefilled = request.prefill.value(item.key) if request.prefill else None
            if item.beside is not None:
                ref = _note_cell(sheet, cells[item.beside], prefilled, styles)
                validations.notes.add(ref)
            elif item.kind is ValueKind.TEXT:
                position += 1
                ref, row = _text_rows(sheet, item, position, prefilled, styles, row)
                validations.texts.add(ref)
            else:
                position += 1
                ref = _number_row(
                    sheet, item, position, prefilled, styles, row, item.key in with_note
                )
                validations.add_number(ref, row, item)
                row += 1
            cells[item.key] = ref
            name(item.key, ref)
        for total in section.totals:
            cells[total.key] = _total_row(sheet, total, cells, styles, row, final=False)
            name(total.key, cells[total.key])
            row += 1
        _live_checks(sheet, section, cells, styles)
    for total in spec.totals:
        cells[total.key] = _total_row(sheet, total, cells, styles, row, final=True)
        name(total.key, cells[total.key])
        row += 1
    if spec.sender is not None:
        row = _sender_rows(sheet, spec.sender, len(spec.sections), request, styles, row, cells)
        for item in spec.sender.fields:
            name(item.key, cells[item.key])
    _colour_checks(sheet, header_row + 1, row)
    signer = cells.get(f"{spec.sender.key}.name") if spec.sender else None
    _signature(sheet, spec.signature_left, spec.signature, row + 1, styles, signer)
    validations.add_to(sheet)
    _page_setup(sheet, header_row)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.freeze_panes = f"A{header_row + 1}"


def _heading(sheet: Worksheet, spec: FormSpec, request: FormRequest, styles: _Styles) -> None:
    """The heading lines, each across the sheet in the row the spec gives it."""
    lines = {
        HeadingLine.TITLE: (f"{spec.title} {request.period.label}".upper(), styles.title),
        HeadingLine.SUBTITLE: (spec.subtitle, styles.italic),
        HeadingLine.MEMBER: (request.member.department, styles.bold),
        HeadingLine.CLUSTER: (request.cluster, styles.body),
        HeadingLine.NOTE: (spec.note, styles.italic),
        HeadingLine.RETURN: (return_line(request), styles.bold),
    }
    for line in spec.heading:
        text, font = lines[line]
        cell = sheet[spec.heading_cell(line)]
        sheet.merge_cells(start_row=cell.row, start_column=1, end_row=cell.row, end_column=6)
        cell.value, cell.font, cell.alignment = text, font, styles.centre
        if line is HeadingLine.TITLE:
            sheet.row_dimensions[cell.row].height = 36
        else:
            _fit_row(sheet, cell.row, _line_count(text, sum(spec.widths), font.sz or 12))


def _section_row(sheet: Worksheet, row: int, index: int, label: str, styles: _Styles) -> None:
    """A section's heading row: its Roman numeral, its label across the other columns."""
    numeral = _ROMAN[index] if index < len(_ROMAN) else str(index + 1)
    sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
    for column, text in ((1, numeral), (2, label)):
        cell = sheet.cell(row=row, column=column, value=text)
        cell.font, cell.fill = styles.bold, styles.group_fill
        cell.alignment = styles.centre if column == 1 else styles.wrap
    width = sum(sheet.column_dimensions[letter].width for letter in "BCDEF")
    _fit_row(sheet, row, _line_count(label, width))


def _text_length(most: int, error: str) -> Any:
    """The validation of text cells of at most `most` characters."""
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1=str(most),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Nội dung quá dài",
        error=error,
    )


class _Validations:
    """The data validations of the input cells: whole numbers >= 0, points from 0 to their
    maximum, and texts of bounded length."""

    def __init__(self, spec: FormSpec) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        self.numbers: dict[str, tuple[Any, tuple[int, str]]] = {}
        """Whole numbers >= 0, one validation per hint (counts, head counts, money), each with
        the first of its cells (row, reference), which its formula is relative to."""
        self.texts = _text_length(_NARRATIVE_MAX, f"Mỗi ô nội dung tối đa {_NARRATIVE_MAX} ký tự.")
        self.notes = _text_length(
            _NOTE_MAX, f"Mỗi ô “{spec.columns[4]}” tối đa {_NOTE_MAX} ký tự; ghi ngắn gọn."
        )
        self.points: dict[Decimal, DataValidation] = {}

    def add_number(self, ref: str, row: int, item: FormField) -> None:
        if item.kind is ValueKind.POINTS:
            self._points(item.maximum).add(ref)
            return
        hint = entry_hint(item.kind, item.unit, in_cell=True)
        if hint not in self.numbers:
            self.numbers[hint] = (self._whole(hint), (row, ref))
        validation, first = self.numbers[hint]
        validation.add(ref)
        if row < first[0]:
            self.numbers[hint] = (validation, (row, ref))

    @staticmethod
    def _whole(hint: str) -> Any:
        """The validation of whole-number cells whose values are written as `hint` says."""
        from openpyxl.worksheet.datavalidation import DataValidation

        return DataValidation(
            type="custom",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Số liệu không hợp lệ",
            error=f"{hint}, không kèm chữ hay đơn vị; để trống nếu không có số liệu.",
            promptTitle="Nhập số liệu",
            prompt=f"{hint}; để trống nếu không có số liệu.",
            showInputMessage=True,
        )

    def _points(self, maximum: Decimal | None) -> Any:
        """The validation of the points cells of one maximum: a decimal from 0 to it."""
        from openpyxl.worksheet.datavalidation import DataValidation

        most = Decimal(1_000_000) if maximum is None else maximum
        if most not in self.points:
            shown = points_text(most)
            self.points[most] = DataValidation(
                type="decimal",
                operator="between",
                formula1="0",
                formula2=format(most.normalize(), "f"),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Điểm không hợp lệ",
                error=(
                    f"Nhập điểm từ 0 đến {shown}, là số (số lẻ dùng dấu thập phân của máy, ví "
                    "dụ 12,5), không kèm chữ; hoặc để trống nếu chưa chấm."
                ),
                promptTitle="Điểm tự chấm",
                prompt=f"Từ 0 đến {shown} điểm; để trống nếu chưa chấm.",
                showInputMessage=True,
            )
        return self.points[most]

    def add_to(self, sheet: Worksheet) -> None:
        for validation, (_, first) in self.numbers.values():
            # A custom rule's references are relative to the first cell it covers.
            validation.formula1 = f"AND(ISNUMBER({first}),{first}>=0,{first}=INT({first}))"
            sheet.add_data_validation(validation)
        if self.texts.sqref.ranges:
            sheet.add_data_validation(self.texts)
        for validation in (*self.points.values(), self.notes):
            if validation.sqref.ranges:
                sheet.add_data_validation(validation)


def _number_row(
    sheet: Worksheet,
    item: FormField,
    position: int,
    prefilled: Any,
    styles: _Styles,
    row: int,
    with_note: bool = False,
) -> str:
    """One row: number, label, unit (a points field's maximum, as a number), the input cell
    and the guidance note; with a note beside it, the guidance goes under the label."""
    label: Any = item.label
    if with_note and item.guidance:
        label = _label_with_guidance(item.label, item.guidance, styles)
    if with_note:
        # Neither Excel nor LibreOffice grows a row to its wrapped text on opening a file; two
        # lines at least leave room to type the note.
        width = sheet.column_dimensions["B"].width
        lines: float = _line_count(item.label, width)
        if item.guidance:
            lines += _line_count(item.guidance, width, 11) * 11 / 12
        _fit_row(sheet, row, max(lines, 2))
    unit: Any = item.unit
    if item.kind is ValueKind.POINTS and item.maximum is not None:
        unit = _excel_number(item.maximum)
    values = (position, label, unit, None, None if with_note else item.guidance)
    for value_column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=value_column, value=value)
        cell.font, cell.border = styles.body, styles.border
        cell.alignment = styles.centre if value_column in (1, 3) else styles.wrap
    sheet.cell(row=row, column=6).border = styles.border
    target = sheet.cell(row=row, column=4)
    target.fill, target.protection = styles.input_fill, styles.unlocked
    if item.kind is ValueKind.POINTS:
        target.number_format = "General"  # 185,5 and 200, never "200,"
        target.alignment = styles.centre
    else:
        target.number_format = "#,##0"
    if prefilled is not None:
        target.value = prefilled
    return str(target.coordinate)


def _label_with_guidance(label: str, guidance: str, styles: _Styles) -> Any:
    """The label, and under it the guidance in smaller italics."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    def font(base: Any) -> InlineFont:
        return InlineFont(rFont=base.name, sz=base.sz, b=base.b, i=base.i, color=base.color)

    return CellRichText(
        TextBlock(font(styles.body), label), TextBlock(font(styles.guidance), f"\n{guidance}")
    )


def _note_cell(sheet: Worksheet, beside: str, prefilled: Any, styles: _Styles) -> str:
    """A short text's input in the guidance column of the row of the field it sits beside."""
    row = int(beside.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    target = sheet.cell(row=row, column=5)
    target.fill, target.protection = styles.input_fill, styles.unlocked
    target.font, target.alignment, target.border = styles.body, styles.wrap, styles.border
    if isinstance(prefilled, list | tuple):
        prefilled = "\n".join(str(line) for line in prefilled)
    if prefilled:
        _put_text(target, str(prefilled))
        lines = _line_count(str(prefilled), sheet.column_dimensions["E"].width)
        height = sheet.row_dimensions[row].height or 0
        if lines * _LINE_POINTS + 4 > height:
            _fit_row(sheet, row, lines)
    return str(target.coordinate)


def _total_row(
    sheet: Worksheet,
    total: FormTotal,
    cells: dict[str, str],
    styles: _Styles,
    row: int,
    *,
    final: bool,
) -> str:
    """A locked row: the total's label, the most it can come to and its formula."""
    most = None if total.maximum is None else _excel_number(total.maximum)
    for column, value in enumerate((None, total.label, most, "=" + total.expression(cells)), 1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.font, cell.border = styles.bold, styles.border
        cell.fill = styles.group_fill if final else styles.total_fill
        cell.alignment = styles.wrap if column == 2 else styles.centre
        cell.number_format = "General"
    for column in (5, 6):
        cell = sheet.cell(row=row, column=column)
        cell.border, cell.fill = styles.border, styles.group_fill if final else styles.total_fill
    return str(sheet.cell(row=row, column=4).coordinate)


def _line_count(text: str, width: float, size: float = 12) -> int:
    """About how many lines `text` takes in a column `width` wide, wrapped."""
    per_line = max(1, int(width * _CHARACTERS_PER_WIDTH * 12 / size) - 1)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _fit_row(sheet: Worksheet, row: int, lines: float) -> None:
    """A row tall enough for its wrapped text, where it takes more than one line."""
    if lines > 1:
        sheet.row_dimensions[row].height = round(lines * _LINE_POINTS + 4, 1)


def _signature(
    sheet: Worksheet,
    left: tuple[str, ...],
    right: tuple[str, ...],
    row: int,
    styles: _Styles,
    preparer: str | None = None,
) -> None:
    """Under the form: across the right half the place and date, who signs and how; across
    the left half, level with the signer's title, who prepared it, and under the room to sign
    the preparer's name as typed in its cell (`preparer`)."""
    fonts = (styles.italic, styles.bold, styles.italic)
    for offset, text in enumerate(right):
        sheet.merge_cells(
            start_row=row + offset, start_column=4, end_row=row + offset, end_column=6
        )
        cell = sheet.cell(row=row + offset, column=4, value=text)
        cell.font, cell.alignment = fonts[min(offset, len(fonts) - 1)], styles.centre
    first = row + (1 if len(right) > len(left) else 0)
    for offset, text in enumerate(left):
        sheet.merge_cells(
            start_row=first + offset, start_column=1, end_row=first + offset, end_column=3
        )
        cell = sheet.cell(row=first + offset, column=1, value=text)
        cell.font, cell.alignment = fonts[min(offset + 1, len(fonts) - 1)], styles.centre
    if preparer is not None and left:
        below = first + len(left) + _SIGNING_ROWS
        sheet.merge_cells(start_row=below, start_column=1, end_row=below, end_column=3)
        cell = sheet.cell(row=below, column=1, value=f'=IF({preparer}="","",{preparer})')
        cell.font, cell.alignment = styles.bold, styles.centre


def _sender_rows(
    sheet: Worksheet,
    section: FormSection,
    number: int,
    request: FormRequest,
    styles: _Styles,
    row: int,
    cells: dict[str, str],
) -> int:
    """The section where the officer who prepared the form writes who they are and when the
    form is sent: a label, an input across the unit and figure columns, kept as text (a phone
    number's leading 0, a date typed day first whatever the computer's settings), guidance.
    Each input's reference goes into `cells`."""
    _section_row(sheet, row, number, section.label, styles)
    row += 1
    lines = _text_length(LINE_MAX, f"Mỗi ô tối đa {LINE_MAX} ký tự.")
    sheet.add_data_validation(lines)
    for position, item in enumerate(section.fields, start=1):
        # the date of sending is the new form's own, not the one of the report prefilled from
        fills = request.prefill is not None and item.name != "sent_on"
        prefilled = request.prefill.value(item.key) if request.prefill and fills else None
        sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=4)
        values = (position, item.label, None, None, item.guidance, None)
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.font, cell.border = styles.body, styles.border
            cell.alignment = styles.centre if column == 1 else styles.wrap
        sheet.cell(row=row, column=5).font = styles.guidance
        target = sheet.cell(row=row, column=3)
        target.fill, target.protection, target.number_format = (
            styles.input_fill,
            styles.unlocked,
            "@",
        )
        sheet.cell(row=row, column=4).fill = styles.input_fill
        if isinstance(prefilled, date):
            prefilled = date_short(prefilled)
        if prefilled is not None:
            _put_text(target, str(prefilled))
        _fit_row(sheet, row, _line_count(item.guidance, sheet.column_dimensions["E"].width, 11))
        cells[item.key] = str(target.coordinate)
        lines.add(str(target.coordinate))
        row += 1
    return row


def _put_text(cell: Any, text: str) -> None:
    """Text a member sent, written back as text: one that begins with `=` stays what it is,
    never a formula Excel would run."""
    cell.value = text
    cell.data_type = "s"


def _excel_number(value: Decimal) -> int | float:
    """A decimal as a cell's number: 200, 12.5."""
    return int(value) if value == value.to_integral_value() else float(value)


def _text_rows(
    sheet: Worksheet, item: FormField, position: int, prefilled: Any, styles: _Styles, row: int
) -> tuple[str, int]:
    """A label row with the guidance, then a large wrapped input cell across the sheet."""
    sheet.cell(row=row, column=1, value=position).alignment = styles.centre
    sheet.cell(row=row, column=2, value=item.label).font = styles.bold
    sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=6)
    note = sheet.cell(row=row, column=3, value=item.guidance)
    note.font, note.alignment = styles.italic, styles.wrap
    row += 1
    sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
    for column in range(2, 7):
        cell = sheet.cell(row=row, column=column)
        cell.protection, cell.fill, cell.border = (
            styles.unlocked,
            styles.input_fill,
            styles.border,
        )
    target = sheet.cell(row=row, column=2)
    target.font, target.alignment = styles.body, styles.wrap_top
    if isinstance(prefilled, list | tuple):
        prefilled = "\n".join(str(line) for line in prefilled)
    if prefilled:
        _put_text(target, str(prefilled))
    sheet.row_dimensions[row].height = 150
    return str(target.coordinate), row + 1


def _live_checks(
    sheet: Worksheet, section: FormSection, cells: dict[str, str], styles: _Styles
) -> None:
    """Each field's checks, joined, as one formula in the check column of its row."""
    beside: dict[str, list[str]] = {}
    for check in section.checks:
        beside.setdefault(check.field, []).append(check.expression(cells))
    for key, expressions in beside.items():
        row = int(cells[key].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        check_cell = sheet.cell(row=row, column=6)
        check_cell.value = "=" + '&" "&'.join(expressions)
        check_cell.font, check_cell.alignment = styles.check, styles.wrap


def _colour_checks(sheet: Worksheet, first_row: int, last_row: int) -> None:
    """The check column is red by default; a rule that holds ("Khớp") turns green."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font

    sheet.conditional_formatting.add(
        f"F{first_row}:F{last_row}",
        FormulaRule(
            formula=[f'ISNUMBER(SEARCH("Khớp",F{first_row}))'],
            font=Font(color="006100", italic=True),
        ),
    )


def _absolute(sheet: str, ref: str) -> str:
    letters = ref.rstrip("0123456789")
    return f"'{sheet}'!${letters}${ref[len(letters) :]}"


def _page_setup(sheet: Worksheet, header_row: int) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.6
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.oddFooter.center.text = "Trang &P/&N"


def _instructions_sheet(
    sheet: Worksheet, spec: FormSpec, request: FormRequest, styles: _Styles
) -> None:
    sheet.column_dimensions["A"].width = _INSTRUCTIONS_WIDTH
    steps = [*spec.instructions, return_line(request)]
    lines = [
        (spec.instructions_title, styles.title),
        (f"{request.member.department} — {request.period.label}", styles.bold),
        ("", styles.body),
        *((f"{number}. {step}", styles.body) for number, step in enumerate(steps, start=1)),
    ]
    for row, (text, font) in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font, cell.alignment = font, styles.wrap
        _fit_row(sheet, row, _line_count(text, _INSTRUCTIONS_WIDTH, font.sz or 12))
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.6
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.protection.sheet = True


def _meta_sheet(sheet: Worksheet, spec: FormSpec, request: FormRequest) -> None:
    values = {
        "form_version": spec.version,
        "generator": f"tdcli {__version__}",
        **request.metadata,
    }
    missing = [key for key in spec.meta_keys if key not in values]
    if missing:
        raise ValueError(f"the form request gives no value for the spec's metadata {missing}")
    for row, key in enumerate(spec.meta_keys, start=1):
        sheet.cell(row=row, column=1, value=key)
        sheet.cell(row=row, column=2, value=values[key])
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


def write_form(request: FormRequest, target: Path, spec: FormSpec | None = None) -> Path:
    """Build and save one form, atomically."""
    workbook = build_form(request, spec)
    with atomic_path(target) as temporary:
        workbook.save(temporary)
    return target
