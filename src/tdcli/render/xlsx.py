"""Workbooks of tables: each `Sheet` of the table model on its own worksheet, its tables one
below the other, figures as numbers in the catalogue's display unit, and a total row whose SUM
formulas carry their cached values too, so the workbook reads right in any viewer, even one that
does not calculate."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tdcli.contents.tables import Cell, ColumnKind, Figure, Score, Sheet, Table
from tdcli.render.outputs import atomic_path
from tdcli.render.workbook_library import load_openpyxl

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["save_with_cached_values", "write_workbook"]

_FONT = "Times New Roman"
_SCALED = "#,##0.0"
_COUNT = "#,##0"
_POINTS = "#,##0.0#"


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def _number(cell: Figure) -> int | float | None:
    if cell.value is None:
        return None
    return cell.value if cell.divisor == 1 else cell.value / cell.divisor


def _format(cell: Figure) -> str:
    return _COUNT if cell.divisor == 1 else _SCALED


class _Styles:
    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="808080")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.bold = Font(name=_FONT, size=12, bold=True)
        self.body = Font(name=_FONT, size=12)
        self.italic = Font(name=_FONT, size=11, italic=True)
        self.heading = Font(name=_FONT, size=14, bold=True)
        self.wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")
        self.fill = PatternFill("solid", fgColor="DDEBF7")


def write_workbook(sheets: Sequence[Sheet], target: Path) -> Path:
    """One worksheet per sheet, saved atomically with the totals' cached values."""
    load_openpyxl()
    from openpyxl import Workbook

    workbook = Workbook()
    for existing in list(workbook.worksheets):
        workbook.remove(existing)
    styles = _Styles()
    cached: dict[tuple[str, str], float] = {}
    for sheet_model in sheets:
        name = sheet_model.name[:31]
        sheet = workbook.create_sheet(name)
        sheet.cell(row=1, column=1, value=sheet_model.heading).font = styles.heading
        if sheet_model.subtitle:
            sheet.cell(row=2, column=1, value=sheet_model.subtitle).font = styles.italic
        row = 4 if sheet_model.subtitle else 3
        header_rows = []
        for table in sheet_model.tables:
            header_row, row = _write_table(sheet, table, row, styles, cached, name)
            header_rows.append(header_row)
            row += 2
        widest = max((len(table.columns) for table in sheet_model.tables), default=0)
        _layout(sheet, sheet_model.tables, widest, header_rows)
    return save_with_cached_values(workbook, cached, target)


def _write_table(
    sheet: Worksheet,
    table: Table,
    row: int,
    styles: _Styles,
    cached: dict[tuple[str, str], float],
    sheet_name: str,
) -> tuple[int, int]:
    """Write `table` from `row`; returns its header row and the row after it."""
    if table.title:
        sheet.cell(row=row, column=1, value=table.title).font = styles.bold
        row += 1
    header_row = row
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=row, column=index, value=column.header)
        cell.font, cell.alignment, cell.border = styles.bold, styles.wrap, styles.border
        cell.fill = styles.fill
    sheet.row_dimensions[row].height = 48
    first = row + 1
    for offset, values in enumerate(table.rows):
        for index, value in enumerate(values, start=1):
            _put(sheet, first + offset, index, value, styles.body, styles)
    last = first + len(table.rows) - 1
    row = last + 1
    if table.total is not None:
        for index, value in enumerate(table.total):
            column = table.columns[index]
            if column.summed and isinstance(value, Figure) and table.rows:
                figures = [r[index] for r in table.rows if isinstance(r[index], Figure)]
                numbers = [
                    n for f in figures if isinstance(f, Figure) and (n := _number(f)) is not None
                ]
                if numbers:
                    letter = _column(index)
                    cell = sheet.cell(
                        row=row, column=index + 1, value=f"=SUM({letter}{first}:{letter}{last})"
                    )
                    cell.number_format = _format(value)
                    cell.font, cell.border = styles.bold, styles.border
                    cached[(sheet_name, f"{letter}{row}")] = float(sum(numbers))
                    continue
                value = ""  # nobody reported it: no data, not 0
            _put(sheet, row, index + 1, value, styles.bold, styles)
        row += 1
    if table.note:
        sheet.cell(row=row, column=1, value=table.note).font = styles.italic
        row += 1
    return header_row, row


def _put(sheet: Worksheet, row: int, column: int, value: Cell, font: Any, styles: _Styles) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Figure):
        number = _number(value)
        if number is not None:
            cell.value = number
            cell.number_format = _format(value)
    elif isinstance(value, Score):
        if value.value is not None:
            whole = value.value == int(value.value)
            cell.value = int(value.value) if whole else float(value.value)
            cell.number_format = _COUNT if whole else _POINTS
    elif isinstance(value, int):
        cell.value = value
    else:
        cell.value = value
        cell.data_type = "s"  # text is shown, never evaluated
    cell.font, cell.border = font, styles.border


def _layout(
    sheet: Worksheet, tables: Sequence[Table], columns: int, header_rows: list[int]
) -> None:
    widths = {ColumnKind.ORDINAL: 6, ColumnKind.NAME: 26, ColumnKind.FIGURE: 18}
    kinds = {index: column.kind for table in tables for index, column in enumerate(table.columns)}
    for index in range(columns):
        sheet.column_dimensions[_column(index)].width = widths[kinds[index]]
    if len(tables) == 1 and header_rows:
        names = [i for i, c in enumerate(tables[0].columns) if c.kind is ColumnKind.NAME]
        frozen = (names[0] if names else 0) + 1
        sheet.freeze_panes = f"{_column(frozen)}{header_rows[0] + 1}"
        sheet.print_title_rows = f"{header_rows[0]}:{header_rows[0]}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def save_with_cached_values(
    workbook: Workbook, cached: Mapping[tuple[str, str], float], target: Path
) -> Path:
    """Save, then write each formula's value into the file (openpyxl writes formulas only)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    paths = {sheet.title: sheet.path.lstrip("/") for sheet in workbook.worksheets}
    by_part: dict[str, dict[str, float]] = {}
    for (title, reference), value in cached.items():
        by_part.setdefault(paths[title], {})[reference] = value
    source = zipfile.ZipFile(buffer)
    with (
        atomic_path(target) as temporary,
        zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename in by_part:
                data = _fill_values(data.decode("utf-8"), by_part[info.filename]).encode("utf-8")
            out.writestr(info, data)
    return target


def _fill_values(xml: str, values: Mapping[str, float]) -> str:
    def replace(match: re.Match[str]) -> str:
        reference = match.group(1)
        if reference not in values:
            return match.group(0)
        value = values[reference]
        shown = str(int(value)) if value == int(value) else repr(value)
        return f"{match.group(0).split('<v')[0]}<v>{shown}</v></c>"

    return re.sub(r'<c r="([A-Z]+[0-9]+)"[^>]*><f>[^<]*</f><v\s*/?>(?:</v>)?</c>', replace, xml)
