"""How reports and the catalogue look in a terminal."""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tdcli.contents.tables import ColumnKind, cell_text
from tdcli.contents.tables import Table as DataTable
from tdcli.model.catalogue import GROUPS, iter_fields
from tdcli.model.issues import Severity, ValidationReport

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from tdcli.compute.aggregate import Aggregate
    from tdcli.usecases.export import ExportEvent, ExportResult
    from tdcli.usecases.status import PeriodReport, YearMatrix

__all__ = [
    "catalogue_json",
    "print_catalogue",
    "print_period_report",
    "print_report",
    "print_totals",
    "print_year_matrix",
]


def _shown_path(file: str) -> str:
    try:
        return os.path.relpath(file)
    except ValueError:  # another drive on Windows
        return file


def print_report(report: ValidationReport, console: Console) -> None:
    """The issue table, then one summary line."""
    if report.issues:
        table = Table(show_lines=False, header_style="bold")
        table.add_column("Tệp", overflow="fold")
        table.add_column("Vị trí", no_wrap=True)
        table.add_column("Chỉ tiêu", overflow="fold")
        table.add_column("Giá trị", overflow="fold")
        table.add_column("Nội dung", overflow="fold", ratio=3)
        table.add_column("Mức độ", no_wrap=True)
        for issue in report.issues:
            style = "red" if issue.severity is Severity.ERROR else "yellow"
            table.add_row(
                _shown_path(issue.file),
                str(issue.location),
                issue.label or issue.field or "",
                issue.value or "",
                issue.message,
                Text(issue.severity.label, style=style),
            )
        console.print(table)
    console.print(summary_line(report))


def summary_line(report: ValidationReport) -> Text:
    checked = len(report.files)
    invalid = len(report.invalid_files())
    errors, warnings = len(report.errors), len(report.warnings)
    text = f"Đã kiểm tra {checked} tệp: {errors} lỗi, {warnings} cảnh báo"
    if report.valid:
        return Text(text + ". Hợp lệ.", style="green")
    return Text(text + f"; {invalid} tệp không hợp lệ.", style="bold red")


def catalogue_json() -> dict[str, Any]:
    return {
        "groups": [
            {
                "key": group.key,
                "label": group.label,
                "fields": [
                    {
                        "key": spec.key,
                        "name": spec.name,
                        "label": spec.label,
                        "unit": spec.unit,
                        "kind": spec.kind.value,
                        "guidance": spec.indicator.guidance,
                    }
                    for spec in iter_fields()
                    if spec.group is group
                ],
            }
            for group in GROUPS
        ]
    }


def print_catalogue(console: Console) -> None:
    table = Table(header_style="bold")
    table.add_column("Nhóm")
    table.add_column("Khóa")
    table.add_column("Chỉ tiêu")
    table.add_column("Đơn vị tính")
    for group in GROUPS:
        first = True
        for spec in iter_fields():
            if spec.group is not group:
                continue
            table.add_row(group.label if first else "", spec.key, spec.label, spec.unit)
            first = False
    console.print(table)


def print_table(table: DataTable, console: Console) -> None:
    """A table of the table model, as the documents show it, then its note."""
    shown = Table(title=table.title or None, header_style="bold")
    for column in table.columns:
        shown.add_column(
            column.header, justify="right" if column.kind is ColumnKind.FIGURE else "left"
        )
    for row in table.rows:
        shown.add_row(*(cell_text(cell) for cell in row))
    if table.total is not None:
        shown.add_row(*(cell_text(cell) for cell in table.total), style="bold")
    console.print(shown)
    if table.note:
        console.print(table.note)


def print_totals(result: Aggregate, console: Console) -> None:
    """The cluster's figures, with a year earlier's and the change, and who is missing."""
    from tdcli.contents.tables import totals_table

    print_table(totals_table(result), console)
    reporting, members = len(result.reporting), len(result.members)
    line = f"Số liệu của {reporting}/{members} đơn vị."
    if result.missing:
        line += " Chưa gửi báo cáo: " + "; ".join(row.member.department for row in result.missing)
    console.print(line)


@contextlib.contextmanager
def progress_bar(console: Console) -> Iterator[Callable[[ExportEvent], None]]:
    """Two bars, years prepared and documents written, with the time left."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[label]}"),
        console=console,
        transient=False,
    ) as progress:
        tasks = {
            "prepare": progress.add_task("Năm      ", total=None, label=""),
            "render": progress.add_task("Văn bản  ", total=None, label=""),
        }

        def update(event: ExportEvent) -> None:
            progress.update(
                tasks[event.phase], completed=event.done, total=event.total, label=event.label
            )

        yield update


_STATUS = {
    "written": "đã tạo",
    "unchanged": "không đổi, giữ nguyên",
    "invalid": "lỗi dữ liệu, bỏ qua",
    "no-data": "không có báo cáo",
    "pending": "chưa xong",
}


def print_export_summary(result: ExportResult, folder: Path, console: Console) -> None:
    if result.report.issues:
        print_report(result.report, console)
    table = Table(title="Kết quả xuất", header_style="bold")
    table.add_column("Năm")
    table.add_column("Kỳ")
    table.add_column("Kết quả")
    table.add_column("Số tệp", justify="right")
    for outcome in result.years:
        style = "red" if outcome.status in ("invalid", "no-data") else None
        table.add_row(
            str(outcome.year),
            outcome.period or "-",
            Text(_STATUS.get(outcome.status, outcome.status), style=style or ""),
            str(len(outcome.files)),
        )
    console.print(table)
    dated = f"; văn bản ghi ngày {result.day:%d/%m/%Y}" if result.day else ""
    console.print(
        f"{len(result.written)} tệp đã ghi, {len(result.unchanged)} tệp không đổi, trong {folder}"
        f"{dated}",
        soft_wrap=True,
    )


_STATE_STYLES = {
    "valid": "green",
    "warnings": "yellow",
    "errors": "red",
    "blank": "red",
    "unreadable": "red",
    "missing": "bold red",
}


def print_period_report(report: PeriodReport, console: Console) -> None:
    """One row per member (its files, their time, the state, where `collect` took it from),
    the files that belong to no member, then the summary line."""
    table = Table(title=f"Báo cáo {report.period.label}", header_style="bold")
    table.add_column("Thành viên", overflow="fold")
    table.add_column("Tệp", overflow="fold")
    table.add_column("Sửa lúc", no_wrap=True)
    table.add_column("Trạng thái", no_wrap=True)
    table.add_column("Nhận qua collect", overflow="fold")
    for row in report.rows:
        received = ""
        if row.provenance is not None:
            received = f"{_when(row.provenance.received)} từ {row.provenance.source}"
            if not row.provenance.current:
                received += " (tệp đã đổi sau đó)"
        table.add_row(
            f"{row.member.province} ({row.member.id})",
            "\n".join(f"{file.shown} ({file.format})" for file in row.files),
            "\n".join(
                file.modified.strftime("%d/%m/%Y %H:%M") if file.modified else ""
                for file in row.files
            ),
            Text(row.label, style=_STATE_STYLES[row.state.value]),
            received,
        )
    console.print(table)
    if report.others:
        others = Table(title="Tệp không thuộc thành viên nào", header_style="bold")
        others.add_column("Tệp", overflow="fold")
        others.add_column("Sửa lúc", no_wrap=True)
        others.add_column("Lý do", overflow="fold", ratio=3)
        for other in report.others:
            others.add_row(
                other.file.shown,
                other.file.modified.strftime("%d/%m/%Y %H:%M") if other.file.modified else "",
                other.reason,
            )
        console.print(others)
    style = "bold red" if report.blocking else "green"
    console.print(Text(report.summary + ".", style=style))


def print_year_matrix(matrix: YearMatrix, console: Console) -> None:
    """Members × the periods of the year that have a folder, one short state per cell."""
    if not matrix.periods:
        console.print(f"Năm {matrix.year} chưa có thư mục kỳ báo cáo nào trong submissions/.")
        return
    table = Table(title=f"Báo cáo đã nhận năm {matrix.year}", header_style="bold")
    table.add_column("Thành viên", overflow="fold")
    for period in matrix.periods:
        table.add_column(period.code, no_wrap=True)
    for member in matrix.members:
        cells: list[Text] = []
        for period in matrix.periods:
            state = matrix.state(member.id, period)
            if state is None:
                cells.append(Text(""))
            else:
                cells.append(Text(state.short, style=_STATE_STYLES[state.value]))
        table.add_row(f"{member.province} ({member.id})", *cells)
    console.print(table)
    for report in matrix.reports:
        if report.others:
            console.print(
                f"{report.period.code}: {len(report.others)} tệp không thuộc thành viên nào "
                f"(xem: tdcli status --period {report.period.code})"
            )
    console.print("Chi tiết một kỳ: tdcli status --period " + matrix.periods[-1].code)


def _when(received: str) -> str:
    from datetime import datetime

    try:
        return datetime.fromisoformat(received).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return received
