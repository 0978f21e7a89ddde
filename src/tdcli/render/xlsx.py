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

from tdcli.render.outputs import atomic_path

if TYPE_CHECKING:
    from openpyxl import Workbook

    from tdcli.compute.aggregate import Aggregate

__all__ = ["SheetTable", "save_with_cached_values", "write_tables", "write_trend_workbook"]

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


def write_trend_workbook(results: Sequence[Aggregate], target: Path) -> Path:
    """Across the years: a sheet per indicator group; for each field a block of members by
    years with the cluster's total, ready for a chart in Excel."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from tdcli.model.catalogue import GROUPS, ValueKind
    from tdcli.model.vnformat import vn_sorted

    workbook = Workbook()
    for sheet in list(workbook.worksheets):
        workbook.remove(sheet)
    bold = Font(name=_FONT, size=12, bold=True)
    body = Font(name=_FONT, size=12)
    labels = [
        str(r.period.year) if r.period.is_full_year else f"{r.period.year} ({r.period.label})"
        for r in results
    ]
    members: dict[str, str] = {}
    for result in results:
        for row in result.members:
            members.setdefault(row.member.province.name, row.member.province.name)
    names = vn_sorted(members)
    cached: dict[tuple[str, str], float] = {}
    for group in GROUPS:
        if group.key == "narrative":
            continue
        title = group.short_label or group.label[:31]
        sheet = workbook.create_sheet(title)
        sheet.cell(row=1, column=1, value=group.label.upper()).font = Font(
            name=_FONT, size=14, bold=True
        )
        sheet.column_dimensions["A"].width = 26
        row_number = 3
        for name in group.field_names():
            spec = results[0].totals[f"{group.key}.{name}"].spec
            money = spec.kind is ValueKind.MONEY
            unit = "triệu đồng" if money else spec.unit
            sheet.cell(row=row_number, column=1, value=f"{spec.label} ({unit})").font = bold
            row_number += 1
            sheet.cell(row=row_number, column=1, value="Đơn vị").font = bold
            for column, label in enumerate(labels, start=2):
                sheet.cell(row=row_number, column=column, value=label).font = bold
                sheet.column_dimensions[_column(column - 1)].width = 16
            first = row_number + 1
            for offset, province in enumerate(names):
                sheet.cell(row=first + offset, column=1, value=province).font = body
                for column, result in enumerate(results, start=2):
                    value = next(
                        (
                            r.value(spec.key)
                            for r in result.members
                            if r.member.province.name == province
                        ),
                        None,
                    )
                    if value is not None:
                        cell = sheet.cell(
                            row=first + offset,
                            column=column,
                            value=value / 1_000_000 if money else value,
                        )
                        cell.number_format = _MILLIONS if money else _COUNT
                        cell.font = body
            last = first + len(names) - 1
            total_row = last + 1
            sheet.cell(row=total_row, column=1, value="Tổng cộng Cụm").font = bold
            for column, result in enumerate(results, start=2):
                total = result.totals[spec.key].value
                if total is None:
                    continue
                letter = _column(column - 1)
                cell = sheet.cell(
                    row=total_row, column=column, value=f"=SUM({letter}{first}:{letter}{last})"
                )
                cell.number_format = _MILLIONS if money else _COUNT
                cell.font = bold
                cached[(title, f"{letter}{total_row}")] = (
                    total / 1_000_000 if money else float(total)
                )
            row_number = total_row + 2
        sheet.freeze_panes = "B3"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape"
    return save_with_cached_values(workbook, cached, target)
