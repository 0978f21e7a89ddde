"""How reports and the catalogue look in a terminal."""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tdcli.cli.common import visible
from tdcli.contents.tables import ColumnKind, cell_text
from tdcli.contents.tables import Table as DataTable
from tdcli.model.catalogue import GROUPS, iter_fields
from tdcli.model.issues import Issue, Location, Severity, ValidationReport

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from datetime import datetime
    from pathlib import Path

    from tdcli.compute.aggregate import Aggregate
    from tdcli.usecases.export import ExportEvent, ExportResult
    from tdcli.usecases.status import PeriodReport, Provenance, YearMatrix

__all__ = [
    "catalogue_json",
    "export_summary_line",
    "issue_lines",
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


TABLE_MESSAGE_WIDTH = 60
"""The issues are a table only when its message column gets this many columns beside the
other columns whole; otherwise (80 columns, most terminals) one issue a line, under its file."""

TABLE_LABEL_WIDTH = 30
"""The label's column in the table: a longer label goes on two lines."""

HANGING_INDENT = 4
"""Where the second line of a long issue starts."""

_SEVERITY_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow"}


def print_report(report: ValidationReport, console: Console) -> None:
    """The issues under their files (a table on a wide terminal), then one summary line."""
    if report.issues:
        if _issue_table_fits(report.issues, console.width):
            console.print(_issue_table(report.issues))
        else:
            for line in issue_lines(report.issues, console.width):
                console.print(line, soft_wrap=True)
    console.print(summary_line(report))


def issue_lines(issues: Sequence[Issue], width: int) -> list[Text]:
    """Each file's path on a line of its own, then its issues, ruff-style:
    `  Lỗi  Biểu mẫu!D15  Tổng số tiền xử phạt  '1,000' không rõ nghĩa...  [ambiguous-number]`.

    A line breaks only at a space of the label or the message, and goes on after a hanging
    indent: a path, a cell, a number, a quoted value or a code is never cut (one longer than
    the width runs past it rather than break)."""
    lines: list[Text] = []
    for file, found in _by_file(issues).items():
        lines.append(Text(_one_line(_shown_path(file)), style="bold"))
        for issue in found:
            lines.extend(_flow(_issue_pieces(issue), width, HANGING_INDENT))
    return lines


def _by_file(issues: Sequence[Issue]) -> dict[str, list[Issue]]:
    grouped: dict[str, list[Issue]] = {}
    for issue in issues:
        grouped.setdefault(issue.file, []).append(issue)
    return grouped


def _place(location: Location) -> str:
    """`Biểu mẫu!D15`, `dòng 12`, or nothing for the whole file."""
    if location.cell is None and location.line is not None:
        return f"dòng {location.line}"
    return _one_line(str(location))


def _issue_pieces(issue: Issue) -> list[tuple[int, Text]]:
    """The atoms of one issue's line, each with the spaces before it: the severity, the place,
    the field's label (unless the message names it), the value (unless the message quotes it),
    the message word by word, the code."""
    style = _SEVERITY_STYLES[issue.severity]
    message = _one_line(issue.message)
    value = _one_line(issue.value) if issue.value else ""
    pieces: list[tuple[int, Text]] = [(2, Text(issue.severity.label, style=style))]
    place = _place(issue.location)
    if place:
        pieces.append((2, Text(place, style="bold")))
    label = _one_line(issue.label or issue.field or "")
    if label and label.casefold() not in message.casefold():
        pieces += _words(label, "")
    if value and value not in message:
        pieces.append((2, Text(f'"{value}"')))
    pieces += _words(message, value)
    pieces.append((2, Text(f"[{issue.code}]", style=style)))
    return pieces


_GLUE = "\x00"  # never in a shown text: `visible` writes control characters as escapes


def _words(text: str, keep: str) -> list[tuple[int, Text]]:
    """`text` as words, two spaces before the first and one before the others; `keep` (the
    value the message quotes) stays one word."""
    if keep and " " in keep:
        text = text.replace(keep, keep.replace(" ", _GLUE))
    words = [word.replace(_GLUE, " ") for word in text.split(" ") if word]
    return [(2 if index == 0 else 1, Text(word)) for index, word in enumerate(words)]


def _flow(pieces: Sequence[tuple[int, Text]], width: int, indent: int) -> list[Text]:
    """The pieces on as few lines of `width` cells as they take, a line breaking only between
    two pieces; the first piece's spaces indent the first line, `indent` the others."""
    lines: list[Text] = []
    line, used = Text(), 0
    for gap, piece in pieces:
        size = cell_len(piece.plain)
        if used > indent and used + gap + size > width:
            lines.append(line)
            line, used = Text(" " * indent), indent
        if used == indent and lines:
            gap = 0
        line.append(" " * gap)
        line.append_text(piece)
        used += gap + size
    lines.append(line)
    return lines


def _one_line(text: str) -> str:
    """`text` safe for a terminal (see `visible`) and on one line."""
    return " ".join(visible(text).split())


_ISSUE_COLUMNS = ("Tệp", "Vị trí", "Chỉ tiêu", "Giá trị", "Nội dung", "Mức độ", "Mã")


def _issue_rows(issues: Sequence[Issue]) -> list[tuple[str, ...]]:
    return [
        (
            _one_line(_shown_path(issue.file)),
            _place(issue.location),
            _one_line(issue.label or issue.field or ""),
            _one_line(issue.value or ""),
            _one_line(issue.message),
            issue.severity.label,
            issue.code,
        )
        for issue in issues
    ]


def _issue_table_fits(issues: Sequence[Issue], width: int) -> bool:
    """Whether the table reads at `width`: every column but the label's and the message's
    whole, the label's up to TABLE_LABEL_WIDTH, the message's TABLE_MESSAGE_WIDTH at least."""
    rows = [_ISSUE_COLUMNS, *_issue_rows(issues)]
    widest = [max(cell_len(row[index]) for row in rows) for index in range(len(_ISSUE_COLUMNS))]
    label = min(widest[2], TABLE_LABEL_WIDTH)
    whole = sum(widest) - widest[2] - widest[4]
    return whole + label + TABLE_MESSAGE_WIDTH + 3 * len(_ISSUE_COLUMNS) + 1 <= width


def _issue_table(issues: Sequence[Issue]) -> Table:
    table = Table(header_style="bold")
    for index, header in enumerate(_ISSUE_COLUMNS):
        if index == 4:
            table.add_column(header, min_width=TABLE_MESSAGE_WIDTH)
        elif index == 2:
            table.add_column(header, max_width=TABLE_LABEL_WIDTH)
        else:
            table.add_column(header, no_wrap=True)
    for issue, row in zip(issues, _issue_rows(issues), strict=True):
        style = _SEVERITY_STYLES[issue.severity]
        table.add_row(*row[:5], Text(row[5], style=style), Text(row[6], style=style))
    return table


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
    """Every field, group by group: a table where it fits whole, else each group's label on a
    line and its fields under it, key, label and unit (a key is never cut)."""
    if _catalogue_table_fits(console.width):
        console.print(_catalogue_table())
        return
    for group in GROUPS:
        console.print(Text(group.label, style="bold"), soft_wrap=True)
        specs = [spec for spec in iter_fields() if spec.group is group]
        keys = max(cell_len(spec.key) for spec in specs)
        beside = 2 + keys + 2 + CATALOGUE_LABEL_WIDTH <= console.width
        for spec in specs:
            words = _words(spec.label, "")
            if spec.unit:
                words.append((1, Text(f"({spec.unit})")))
            if beside:
                key = Text(spec.key.ljust(keys), style="cyan")
                lines = _flow([(2, key), *words], console.width, 2 + keys + 2)
            else:
                console.print(Text("  " + spec.key, style="cyan"), soft_wrap=True)
                lines = _flow([(6, words[0][1]), *words[1:]], console.width, 6)
            for line in lines:
                console.print(line, soft_wrap=True)


CATALOGUE_LABEL_WIDTH = 30
"""A label beside its key gets at least this many columns; else it goes under the key."""

_CATALOGUE_COLUMNS = ("Nhóm", "Khóa", "Chỉ tiêu", "Đơn vị tính")


def _catalogue_rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for group in GROUPS:
        for index, spec in enumerate(spec for spec in iter_fields() if spec.group is group):
            rows.append((group.label if index == 0 else "", spec.key, spec.label, spec.unit))
    return rows


def _catalogue_table_fits(width: int) -> bool:
    rows = [_CATALOGUE_COLUMNS, *_catalogue_rows()]
    widest = sum(max(cell_len(row[index]) for row in rows) for index in range(4))
    return widest + 3 * len(_CATALOGUE_COLUMNS) + 1 <= width


def _catalogue_table() -> Table:
    table = Table(header_style="bold")
    for header in _CATALOGUE_COLUMNS:
        table.add_column(header, no_wrap=True)
    for row in _catalogue_rows():
        table.add_row(*row)
    return table


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
    """A bar for the periods read, then one for the documents, each shown once its total is
    known (never "0/?"), with the time left; both gone when the work is done, so that the
    summary that follows is what stays on the screen."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeRemainingColumn,
    )

    names = {"prepare": "Đọc số liệu", "render": "Văn bản    "}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[label]}"),
        console=console,
        transient=True,
    ) as progress:
        tasks: dict[str, TaskID] = {}

        def update(event: ExportEvent) -> None:
            if event.total <= 0:
                return
            if event.phase not in tasks:
                tasks[event.phase] = progress.add_task(
                    names.get(event.phase, event.phase), total=event.total, label=""
                )
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
    console.print(export_summary_line(result, folder), soft_wrap=True)


_SKIPPED = {"invalid": "dữ liệu còn lỗi", "no-data": "không có báo cáo"}


def export_summary_line(result: ExportResult, folder: Path) -> str:
    """What happened, in one line: written, unchanged, skipped (and why), where, the date the
    documents carry and the time it took."""
    parts = [f"Đã ghi {len(result.written)} tệp", f"{len(result.unchanged)} tệp không đổi"]
    skipped = [outcome for outcome in result.years if outcome.status in ("invalid", "no-data")]
    if skipped:
        years = ", ".join(f"{outcome.year} ({_SKIPPED[outcome.status]})" for outcome in skipped)
        parts.append(f"bỏ qua {len(skipped)} năm: {years}")
    line = ", ".join(parts) + f"; trong {folder}"
    if result.day:
        line += f"; văn bản ghi ngày {result.day:%d/%m/%Y}"
    seconds = f"{result.seconds:.1f}".replace(".", ",")
    return line + f"; mất {seconds} giây."


_STATE_STYLES = {
    "valid": "green",
    "warnings": "yellow",
    "errors": "red",
    "blank": "red",
    "unreadable": "red",
    "missing": "bold red",
}


def print_period_report(report: PeriodReport, console: Console) -> None:
    """One row per member (its files, their time, the state, where `collect` took it from,
    when it took any), the files that belong to no member under it, then the summary line."""
    received = any(row.provenance is not None for row in report.rows)
    table = Table(title=f"Báo cáo {report.period.label}", header_style="bold")
    table.add_column("Thành viên")
    table.add_column("Tệp", no_wrap=True)  # a file's name is never cut
    table.add_column("Sửa lúc", no_wrap=True)
    table.add_column("Trạng thái", no_wrap=True)
    if received:
        table.add_column("Nhận qua collect", overflow="fold")
    for row in report.rows:
        cells: list[str | Text] = [
            f"{row.member.province} ({row.member.id})",
            "\n".join(f"{file.shown} ({file.format})" for file in row.files),
            "\n".join(_modified(file.modified) for file in row.files),
            Text(row.label, style=_STATE_STYLES[row.state.value]),
        ]
        if received:
            cells.append(_provenance(row.provenance))
        table.add_row(*cells)
    console.print(table)
    if report.others:
        # one file a line (two or more for a long reason), as issues are
        console.print(Text("Tệp không thuộc thành viên nào", style="bold"), soft_wrap=True)
        for other in report.others:
            pieces = [(2, Text(_one_line(other.file.shown), style="bold"))]
            if other.file.modified:
                pieces.append((2, Text(f"(sửa lúc {_modified(other.file.modified)})")))
            pieces += _words(_one_line(other.reason), "")
            for line in _flow(pieces, console.width, HANGING_INDENT):
                console.print(line, soft_wrap=True)
    style = "bold red" if report.blocking else "green"
    console.print(Text(report.summary + ".", style=style))


def _modified(when: datetime | None) -> str:
    return when.strftime("%d/%m/%Y %H:%M") if when else ""


def _provenance(provenance: Provenance | None) -> str:
    if provenance is None:
        return ""
    text = f"{_when(provenance.received)} từ {provenance.source}"
    return text if provenance.current else text + " (tệp đã đổi sau đó)"


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
