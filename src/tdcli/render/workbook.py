"""Excel data tables: a sheet per indicator group, members by fields, a SUM row whose cached
values are written too, so the workbook reads right in any viewer, even one that does not
calculate."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tdcli.atomic import atomic_path

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = ["SheetTable", "save_with_cached_values", "write_tables"]

_FONT = "Times New Roman"
_MILLIONS = "#,##0.0"
_COUNT = "#,##0"


@dataclass(frozen=True)
class SheetTable:
    """One sheet: a title, column headers, rows (numbers or text; None = no data), and which
    columns the total row sums."""

    name: str
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    sum_columns: Sequence[int] = ()
    money_columns: Sequence[int] = ()
    total_label: str = "Tổng cộng"
    extra_total: Mapping[int, Any] = field(default_factory=dict)


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def write_tables(tables: Sequence[SheetTable], target: Path, *, subtitle: str = "") -> Path:
    """One sheet per table, saved atomically with the totals' cached values."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    workbook = Workbook()
    for sheet in list(workbook.worksheets):
        workbook.remove(sheet)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(name=_FONT, size=12, bold=True)
    body = Font(name=_FONT, size=12)
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")
    cached: dict[tuple[str, str], float] = {}
    for table in tables:
        sheet = workbook.create_sheet(table.name[:31])
        columns = len(table.headers)
        sheet.cell(row=1, column=1, value=table.title).font = Font(name=_FONT, size=14, bold=True)
        if subtitle:
            sheet.cell(row=2, column=1, value=subtitle).font = Font(
                name=_FONT, size=11, italic=True
            )
        header_row = 4
        for column, header in enumerate(table.headers, start=1):
            cell = sheet.cell(row=header_row, column=column, value=header)
            cell.font, cell.alignment, cell.border = bold, wrap, border
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
        sheet.row_dimensions[header_row].height = 48
        first = header_row + 1
        for offset, values in enumerate(table.rows):
            row = first + offset
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=column, value=value)
                cell.font, cell.border = body, border
                if isinstance(value, int | float):
                    cell.number_format = _MILLIONS if column - 1 in table.money_columns else _COUNT
        last = first + len(table.rows) - 1
        total_row = last + 1
        sheet.cell(row=total_row, column=2, value=table.total_label)
        for column in range(1, columns + 1):
            cell = sheet.cell(row=total_row, column=column)
            cell.font, cell.border = bold, border
        for index in table.sum_columns:
            values = [row[index] for row in table.rows if isinstance(row[index], int | float)]
            if not values:
                continue  # nobody reported it: no data, not 0
            letter = _column(index)
            cell = sheet.cell(
                row=total_row, column=index + 1, value=f"=SUM({letter}{first}:{letter}{last})"
            )
            cell.number_format = _MILLIONS if index in table.money_columns else _COUNT
            cached[(table.name[:31], f"{letter}{total_row}")] = float(sum(values))
        for index, value in table.extra_total.items():
            sheet.cell(row=total_row, column=index + 1, value=value)
        sheet.column_dimensions["A"].width = 6
        sheet.column_dimensions["B"].width = 24
        for index in range(2, columns):
            sheet.column_dimensions[_column(index)].width = 18
        sheet.freeze_panes = f"C{first}"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = f"{header_row}:{header_row}"
    return save_with_cached_values(workbook, cached, target)


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
