"""The Excel form a member fills in, built from the indicator catalogue.

One row per field, grouped as the catalogue groups them, with label, unit, input cell and a
short guidance note; the narrative as large wrapped cells; live checks built from the
catalogue's rules; every input cell unlocked, validated and named by its dotted key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tdcli import __version__
from tdcli.errors import UsageError
from tdcli.model.catalogue import GROUPS, Narrative, Submission
from tdcli.model.cluster import Member
from tdcli.model.formspec import FORM_SHEET, FORM_VERSION, INSTRUCTIONS_SHEET, META_KEYS, META_SHEET
from tdcli.model.periods import Period
from tdcli.render.outputs import atomic_path
from tdcli.workspace import Workspace

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["FormRequest", "build_form", "form_requests", "write_form"]

_FONT = "Times New Roman"
_INPUT_FILL = "FFF2CC"
_GROUP_FILL = "DDEBF7"
_NARRATIVE_MAX = 8000
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True)
class FormRequest:
    """One form to write: for which member and period, with what to pre-fill it."""

    member: Member
    period: Period
    cluster: str
    contact: str
    prefill: Submission | None = None


def form_requests(
    workspace: Workspace,
    period: Period,
    member_ids: Iterable[str] | None = None,
    prefill: dict[str, Submission] | None = None,
) -> list[FormRequest]:
    """The forms for these members (all members of the year when None)."""
    year = workspace.year(period.year)
    if year is None:
        raise UsageError(f"cluster.yaml chưa khai báo năm {period.year} (mục years)")
    chair = year.member(year.chair)
    contact = year.contact or (chair.department if chair else workspace.config.name)
    chosen = list(member_ids) if member_ids is not None else year.member_ids
    requests = []
    for member_id in chosen:
        member = year.member(member_id)
        if member is None:
            from tdcli.check.model_errors import suggestion

            raise UsageError(
                f"'{member_id}' không phải thành viên của {workspace.config.name} năm "
                f"{period.year}{suggestion(member_id, year.member_ids)}"
            )
        requests.append(
            FormRequest(
                member=member,
                period=period,
                cluster=workspace.config.name,
                contact=contact,
                prefill=(prefill or {}).get(member_id),
            )
        )
    return requests


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
        self.check = Font(name=_FONT, size=11, italic=True, color="C00000")
        self.wrap = Alignment(wrap_text=True, vertical="center")
        self.wrap_top = Alignment(wrap_text=True, vertical="top")
        self.centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.input_fill = PatternFill("solid", fgColor=_INPUT_FILL)
        self.group_fill = PatternFill("solid", fgColor=_GROUP_FILL)
        self.unlocked = Protection(locked=False)


def build_form(request: FormRequest) -> Workbook:
    """The workbook for one member and period."""
    from openpyxl import Workbook

    workbook = Workbook()
    styles = _Styles()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = FORM_SHEET
    _form_sheet(workbook, sheet, request, styles)
    _instructions_sheet(workbook.create_sheet(INSTRUCTIONS_SHEET), request, styles)
    _meta_sheet(workbook.create_sheet(META_SHEET), request)
    properties = workbook.properties
    properties.title = f"Biểu mẫu báo cáo {request.period.label}"
    properties.subject = request.member.department
    properties.creator = f"tdcli {__version__}"
    properties.keywords = f"tdcli-form {FORM_VERSION}"
    return workbook


def _form_sheet(
    workbook: Workbook, sheet: Worksheet, request: FormRequest, styles: _Styles
) -> None:
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    widths = {"A": 6, "B": 46, "C": 15, "D": 19, "E": 42, "F": 30}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    heading = [
        (f"BIỂU MẪU BÁO CÁO KẾT QUẢ THI ĐUA {request.period.label.upper()}", styles.title),
        (request.member.department, styles.bold),
        (request.cluster, styles.body),
        (
            "Ô nền vàng là ô nhập số liệu; để trống nếu không có số liệu (để trống khác với 0).",
            styles.italic,
        ),
    ]
    for row, (text, font) in enumerate(heading, start=1):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font, cell.alignment = font, styles.centre
    sheet.row_dimensions[1].height = 36
    header_row = 6
    for header_column, header in enumerate(
        ("STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Hướng dẫn", "Kiểm tra"), start=1
    ):
        cell = sheet.cell(row=header_row, column=header_column, value=header)
        cell.font, cell.alignment, cell.border = styles.bold, styles.centre, styles.border

    numbers = DataValidation(
        type="custom",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Số liệu không hợp lệ",
        error="Nhập số nguyên không âm (ví dụ 1250 hoặc 2800000000), hoặc để trống nếu không có.",
        promptTitle="Nhập số liệu",
        prompt="Số nguyên không âm; để trống nếu không có số liệu.",
        showInputMessage=True,
    )
    texts = DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1=str(_NARRATIVE_MAX),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Nội dung quá dài",
        error=f"Mỗi ô nội dung tối đa {_NARRATIVE_MAX} ký tự.",
    )
    sheet.add_data_validation(numbers)
    sheet.add_data_validation(texts)

    row = header_row + 1
    cell_refs: list[str] = []
    for index, group in enumerate(GROUPS):
        number = _ROMAN[index] if index < len(_ROMAN) else str(index + 1)
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
        for group_column, group_text in ((1, number), (2, group.label)):
            cell = sheet.cell(row=row, column=group_column, value=group_text)
            cell.font, cell.fill = styles.bold, styles.group_fill
            cell.alignment = styles.centre if group_column == 1 else styles.wrap
        row += 1
        if group is Narrative:
            row = _narrative_rows(workbook, sheet, request, styles, texts, row)
            continue
        cells: dict[str, str] = {}
        for position, name in enumerate(group.field_names(), start=1):
            indicator = group.indicator(name)
            key = f"{group.key}.{name}"
            ref = f"D{row}"
            cells[name] = ref
            values = (position, indicator.label, indicator.unit, None, indicator.guidance)
            for value_column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=value_column, value=value)
                cell.font, cell.border = styles.body, styles.border
                cell.alignment = styles.centre if value_column in (1, 3) else styles.wrap
            sheet.cell(row=row, column=6).border = styles.border
            target = sheet[ref]
            target.fill, target.protection = styles.input_fill, styles.unlocked
            target.number_format = "#,##0"
            prefilled = request.prefill.value(key) if request.prefill else None
            if prefilled is not None:
                target.value = prefilled
            numbers.add(ref)
            cell_refs.append(ref)
            workbook.defined_names[key] = DefinedName(key, attr_text=_absolute(sheet.title, ref))
            row += 1
        checks: dict[str, list[str]] = {}
        for rule in group.rules:
            field, expression = rule.excel_check(group, cells)
            checks.setdefault(field, []).append(expression)
        for field, expressions in checks.items():
            check_cell = sheet[cells[field].replace("D", "F")]
            check_cell.value = "=" + '&" "&'.join(expressions)
            check_cell.font, check_cell.alignment = styles.check, styles.wrap
    _colour_checks(sheet, header_row + 1, row)
    # A custom rule's references are relative to the first cell it covers.
    first = min(cell_refs, key=lambda ref: int(ref[1:]))
    numbers.formula1 = f"AND(ISNUMBER({first}),{first}>=0,{first}=INT({first}))"
    _page_setup(sheet, header_row)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.freeze_panes = f"A{header_row + 1}"


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


def _narrative_rows(
    workbook: Workbook,
    sheet: Worksheet,
    request: FormRequest,
    styles: _Styles,
    validation: Any,
    row: int,
) -> int:
    from openpyxl.workbook.defined_name import DefinedName

    for position, name in enumerate(Narrative.field_names(), start=1):
        indicator = Narrative.indicator(name)
        key = f"{Narrative.key}.{name}"
        sheet.cell(row=row, column=1, value=position).alignment = styles.centre
        sheet.cell(row=row, column=2, value=indicator.label).font = styles.bold
        sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=6)
        note = sheet.cell(row=row, column=3, value=indicator.guidance)
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
        prefilled = request.prefill.value(key) if request.prefill else ()
        if prefilled:
            target.value = "\n".join(prefilled)
        sheet.row_dimensions[row].height = 150
        validation.add(target.coordinate)
        workbook.defined_names[key] = DefinedName(
            key, attr_text=_absolute(sheet.title, target.coordinate)
        )
        row += 1
    return row


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


def _instructions_sheet(sheet: Worksheet, request: FormRequest, styles: _Styles) -> None:
    sheet.column_dimensions["A"].width = 110
    lines = [
        ("HƯỚNG DẪN ĐIỀN BIỂU MẪU", styles.title),
        (f"{request.member.department} — {request.period.label}", styles.bold),
        ("", styles.body),
        ("1. Chỉ nhập vào các ô nền vàng ở trang “Biểu mẫu”; các ô khác được khóa.", styles.body),
        (
            "2. Số liệu là số nguyên không âm. Gõ số bình thường (1250, 2800000000); Excel tự "
            "hiển thị dấu phân cách hàng nghìn.",
            styles.body,
        ),
        (
            "3. Số tiền ghi bằng đồng (ví dụ 2,8 tỷ đồng ghi 2800000000). Không ghi đơn vị vào ô "
            "số liệu.",
            styles.body,
        ),
        (
            "4. Chỉ tiêu không có số liệu thì để trống; để trống nghĩa là “không báo cáo”, "
            "khác với số 0.",
            styles.body,
        ),
        (
            "5. Cột “Kiểm tra” tự đối chiếu số liệu (ví dụ tổng số cuộc phải bằng số cuộc theo "
            "kế hoạch cộng đột xuất). Sửa các dòng báo “Sai” hoặc “Chưa khớp” trước khi gửi.",
            styles.body,
        ),
        (
            "6. Phần nội dung: mỗi ý một dòng (Alt+Enter để xuống dòng trong ô).",
            styles.body,
        ),
        (
            "7. Không đổi tên tệp, không thêm, xóa dòng hay trang tính; lưu tệp dạng .xlsx "
            "(không lưu dạng .xls, không đặt mật khẩu).",
            styles.body,
        ),
        (f"8. Gửi tệp đã điền về: {request.contact}.", styles.body),
    ]
    for row, (text, font) in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font, cell.alignment = font, styles.wrap
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.protection.sheet = True


def _meta_sheet(sheet: Worksheet, request: FormRequest) -> None:
    values = {
        "form_version": FORM_VERSION,
        "member": request.member.id,
        "period": request.period.code,
        "cluster": request.cluster,
        "department": request.member.department,
        "generator": f"tdcli {__version__}",
    }
    for row, key in enumerate(META_KEYS, start=1):
        sheet.cell(row=row, column=1, value=key)
        sheet.cell(row=row, column=2, value=values[key])
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


def write_form(request: FormRequest, target: Path) -> Path:
    """Build and save one form, atomically."""
    workbook = build_form(request)
    with atomic_path(target) as temporary:
        workbook.save(temporary)
    return target
