"""A copy of a province's workbook with each problem cell highlighted and explained, ready to
send back to the province. The original is never touched, and is opened only through the guard:
its bytes are read once within the size limit, checked as an archive, and openpyxl loads those
checked bytes from memory."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tdcli.errors import TdcliError, UsageError
from tdcli.model.issues import Issue, Severity
from tdcli.read.guard import open_workbook_file
from tdcli.render.outputs import atomic_path
from tdcli.render.workbook_library import load_openpyxl

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

__all__ = ["RESULT_SHEET", "CannotAnnotate", "annotate_workbook"]

RESULT_SHEET = "Kết quả kiểm tra"
_ERROR_FILL = "FFC7CE"
_WARNING_FILL = "FFEB9C"


class CannotAnnotate(TdcliError):
    """The guard refuses the workbook (not a workbook, too large, encrypted...): no copy can
    be made of it. A problem of the file, not of the command: the file's own issue says it."""


def annotate_workbook(
    source: Path, issues: list[Issue], target: Path, heading: Sequence[str] = ()
) -> Path:
    """Write `target`: `source` with a fill and a comment on every cell an issue points at, and
    a sheet listing every issue. A workbook the guard passes but openpyxl cannot load (a cell
    value no spreadsheet program should write) gets the list alone, saying so. Raises
    `CannotAnnotate` when the guard refuses `source`, `UsageError` when `target` is `source`."""
    load_openpyxl()
    from openpyxl import Workbook, load_workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    if source.resolve() == target.resolve():
        raise UsageError("Tệp ghi chú phải khác tệp gốc; tdcli không sửa tệp của tỉnh")
    checked, refused = open_workbook_file(source)
    if checked is None:
        raise CannotAnnotate(f"Không mở được {source.name} để ghi chú: {refused[0].message}")
    copied = True
    try:
        workbook = load_workbook(checked.stream(), keep_links=False)
    except Exception:  # openpyxl's assorted errors on odd cells: the list alone still helps
        copied = False
        workbook = Workbook()
        workbook.remove(workbook.worksheets[0])
    finally:
        checked.close()
    by_cell: dict[Cell, list[Issue]] = defaultdict(list)
    for issue in issues:
        sheet, coordinate = issue.location.sheet, issue.location.cell
        if sheet and coordinate and sheet in workbook.sheetnames:
            cell = _shown_cell(workbook[sheet], coordinate)
            if cell is not None:
                by_cell[cell].append(issue)
    for cell, found in by_cell.items():
        worst = (
            Severity.ERROR if any(i.severity is Severity.ERROR for i in found) else Severity.WARNING
        )
        colour = _ERROR_FILL if worst is Severity.ERROR else _WARNING_FILL
        cell.fill = PatternFill("solid", fgColor=colour)
        text = "\n".join(f"{issue.severity.label}: {issue.message}" for issue in found)
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
        comment = Comment(text, "tdcli")
        comment.width, comment.height = 320, 40 + 18 * (len(text) // 45 + len(found))
        cell.comment = comment

    if RESULT_SHEET in workbook.sheetnames:
        del workbook[RESULT_SHEET]
    sheet = workbook.create_sheet(RESULT_SHEET, 0)
    bold = Font(name="Times New Roman", size=12, bold=True)
    body = Font(name="Times New Roman", size=12)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, line in enumerate(heading, start=1):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        cell = sheet.cell(row=row, column=1, value=ILLEGAL_CHARACTERS_RE.sub("", line))
        cell.data_type = "s"
        cell.font = Font(name="Times New Roman", size=14 if row == 1 else 12, bold=row <= 2)
        cell.alignment = Alignment(
            wrap_text=True, vertical="top", horizontal="center" if row <= 2 else "left"
        )
        sheet.row_dimensions[row].height = 16 * (1 + len(line) // 130)
    header_row = len(heading) + 2 if heading else 1
    headers = ("Vị trí", "Chỉ tiêu", "Giá trị", "Nội dung", "Mức độ")
    for column, (header, width) in enumerate(zip(headers, (16, 34, 16, 64, 10), strict=True), 1):
        sheet.cell(row=header_row, column=column, value=header).font = bold
        sheet.column_dimensions[chr(64 + column)].width = width
    first = header_row + 1
    if not copied:
        note = (
            f"Không chép được các trang của {source.name} (tệp có ô dữ liệu không đúng chuẩn "
            "Excel); sửa theo danh sách dưới đây, mở và lưu lại tệp bằng Excel rồi gửi lại."
        )
        sheet.cell(row=first, column=1, value=ILLEGAL_CHARACTERS_RE.sub("", note)).font = bold
        first += 1
    if not issues:
        sheet.cell(row=first, column=1, value="Không có lỗi: biểu mẫu hợp lệ.").font = body
    for row, issue in enumerate(issues, start=first):
        values = (
            str(issue.location),
            issue.label or issue.field or "",
            issue.value or "",
            issue.message,
            issue.severity.label,
        )
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            cell.data_type = "s"  # a value like "=1+2" is shown, never evaluated
            cell.font, cell.alignment = body, wrap
    _one_page_wide(sheet, header_row)
    for other in workbook.worksheets:
        other.sheet_view.tabSelected = False
    sheet.sheet_view.tabSelected = True
    workbook.active = 0
    with atomic_path(target) as temporary:
        workbook.save(temporary)
    return target


def _one_page_wide(sheet: Any, header_row: int) -> None:
    """A4 landscape, one page wide (as many long as the list needs), the header on each page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.oddFooter.center.text = "Trang &P/&N"


def _shown_cell(sheet: Any, coordinate: str) -> Cell | None:
    """The cell that shows `coordinate`: itself, or the first cell of the merged range it is
    in (only that one can hold a comment); None on a chart sheet or beyond the sheet."""
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

    if not isinstance(sheet, Worksheet):
        return None
    try:
        cell = sheet[coordinate]
    except ValueError:
        return None
    if isinstance(cell, MergedCell):
        for merged in sheet.merged_cells.ranges:
            if coordinate in merged:
                anchor = sheet.cell(row=merged.min_row, column=merged.min_col)
                return anchor if isinstance(anchor, Cell) else None
        return None
    return cell if isinstance(cell, Cell) else None
