"""How reports and the catalogue look in a terminal."""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tdcli.cli.common import said, visible
from tdcli.model.catalogue import GROUPS, iter_fields
from tdcli.model.issues import Issue, Location, Severity, ValidationReport

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from datetime import datetime
    from pathlib import Path

    from tdcli.compute.aggregate import Aggregate
    from tdcli.contents.tables import Table as DataTable
    from tdcli.model.periods import Period
    from tdcli.render.drafts import KeptDraft
    from tdcli.usecases.collect import CollectItem, CollectResult
    from tdcli.usecases.export import ExportEvent, ExportResult
    from tdcli.usecases.status import FileRow, PeriodReport, Provenance, YearMatrix

__all__ = [
    "catalogue_json",
    "export_summary_line",
    "issue_lines",
    "kept_line",
    "print_catalogue",
    "print_collect",
    "print_kept",
    "print_nothing_to_export",
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


def kept_line(draft: KeptDraft) -> str:
    """A document found changed, and where it was kept, before tdcli wrote it again."""
    if draft.edited:
        return (
            f"{draft.output} đã được sửa sau khi tdcli ghi: giữ lại bản đó với tên "
            f"{draft.kept.name}, rồi ghi bản mới"
        )
    return (
        f"{draft.output} có sẵn nhưng không do tdcli ghi (hoặc mất dấu ghi): giữ lại với tên "
        f"{draft.kept.name}, rồi ghi bản mới"
    )


def print_kept(kept: Sequence[KeptDraft], console: Console) -> None:
    """The drafts kept, and, once, that what was written could not be recorded."""
    from tdcli.render.drafts import KeptDrafts, records_folder

    for draft in kept:
        console.print(said(kept_line(draft), console.width), style="yellow", soft_wrap=True)
    if isinstance(kept, KeptDrafts) and kept.unrecorded:
        try:
            folder = str(records_folder())
        except RuntimeError:  # no home folder
            folder = "thư mục trạng thái của người dùng"
        line = (
            f"Không ghi được sổ theo dõi tệp kết quả vào {folder}: lần sau, tdcli sẽ giữ lại "
            f"{len(kept.unrecorded)} tệp vừa ghi như tệp không do tdcli ghi. Kiểm tra quyền ghi "
            "thư mục đó, hoặc đặt biến môi trường TDCLI_STATE_DIR."
        )
        console.print(said(line, console.width), style="yellow", soft_wrap=True)


def print_report(report: ValidationReport, console: Console) -> None:
    """The issues under their files (a table on a wide terminal), then one summary line."""
    if report.issues:
        if _issue_table_fits(report.issues, console.width):
            console.print(_issue_table(report.issues))
        else:
            for line in issue_lines(report.issues, console.width):
                console.print(line, soft_wrap=True)
    line = summary_line(report)
    console.print(Text(said(line.plain, console.width), style=line.style), soft_wrap=True)


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


def _words(text: str, *keep: str) -> list[tuple[int, Text]]:
    """`text` as words, two spaces before the first and one before the others; each of `keep`
    (the value the message quotes, a province's name, a date and time) stays one word."""
    for kept in sorted(keep, key=len, reverse=True):
        if kept and " " in kept:
            text = text.replace(kept, kept.replace(" ", _GLUE))
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
    """What was checked, counted as it is said: "Đã kiểm tra 5 tệp báo cáo và cluster.yaml:
    2 lỗi, 1 cảnh báo; 1 tệp không hợp lệ."."""
    from itertools import pairwise
    from pathlib import PurePath

    from tdcli.workspace.layout import CLUSTER_FILE

    def is_cluster(file: str) -> bool:
        return PurePath(file).name == CLUSTER_FILE

    def is_assessment(file: str) -> bool:  # assessment/<year>/...: the year-end scoring
        parts = PurePath(file).parts[:-1]
        return any(
            name == "assessment" and following.isdigit() for name, following in pairwise(parts)
        )

    files = set(report.files)
    scoring = len([file for file in files if is_assessment(file)])
    others = len([file for file in files if not is_cluster(file) and not is_assessment(file)])
    parts = [f"{others} tệp báo cáo"] if others else []
    parts += [f"{scoring} tệp chấm điểm thi đua"] if scoring else []
    if any(is_cluster(file) for file in files):
        parts.append(CLUSTER_FILE)
    invalid = report.invalid_files()
    errors, warnings = len(report.errors), len(report.warnings)
    found = [
        f"{count} {what}" for count, what in ((errors, "lỗi"), (warnings, "cảnh báo")) if count
    ]
    checked = f"Đã kiểm tra {', '.join(parts[:-1])} và {parts[-1]}" if len(parts) > 1 else ""
    checked = checked or (f"Đã kiểm tra {parts[0]}" if parts else "Kết quả kiểm tra")
    text = f"{checked}: {', '.join(found) or 'không có lỗi'}"
    if report.valid:
        return Text(text + ". Hợp lệ.", style="green")
    bad = [file for file in invalid if not is_cluster(file)]
    said = [f"{len(bad)} tệp không hợp lệ"] if bad else []
    if len(bad) < len(invalid):
        said.append(f"{CLUSTER_FILE} có lỗi")
    return Text(text + "; " + ", ".join(said or ["có lỗi"]) + ".", style="bold red")


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
    return _columns_fit([_CATALOGUE_COLUMNS, *_catalogue_rows()], width)


def _column_widths(rows: Sequence[Sequence[str]]) -> list[int]:
    """Each column's widest line (a cell may hold several lines), the headings' row first."""
    return [
        max(cell_len(line) for row in rows for line in row[index].split("\n"))
        for index in range(len(rows[0]))
    ]


def _columns_fit(rows: Sequence[Sequence[str]], width: int) -> bool:
    """Whether a table of `rows` (the headings first) fits `width` with every line of every
    cell whole: no column folds, no name, path, id, date or number is cut."""
    widths = _column_widths(rows)
    return sum(widths) + 3 * len(widths) + 1 <= width


def _catalogue_table() -> Table:
    table = Table(header_style="bold")
    for header in _CATALOGUE_COLUMNS:
        table.add_column(header, no_wrap=True)
    for row in _catalogue_rows():
        table.add_row(*row)
    return table


def print_table(table: DataTable, console: Console) -> None:
    """A table of the table model, as the documents show it, then its note."""
    from tdcli.contents.tables import ColumnKind, cell_text

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
    if result.across is not None:
        what = "bảng tổng hợp, " + _STATUS[result.across.status]
        table.add_row("Các năm", "-", what, str(len(result.across.files)))
    console.print(table)
    print_kept(result.kept, console)
    console.print(said(export_summary_line(result, folder), console.width), soft_wrap=True)


def print_nothing_to_export(year: int, console: Console) -> None:
    """No period has a submission yet (a workspace just made): what to do before exporting."""
    lines = _sentence(
        "Chưa có gì để xuất: chưa kỳ báo cáo nào có tệp trong submissions/.", console.width, ""
    )
    lines += _sentence(
        "Tạo biểu mẫu để các thành viên điền, nhận các tệp họ gửi về, rồi xuất lại:",
        console.width,
        "",
    )
    for command in (
        f"tdcli form --all --period {year}-H1",
        "tdcli collect THƯ_MỤC_TẢI_VỀ",
        "tdcli export --all",
    ):
        lines.append(Text(f"  {command}", style="bold"))
    _print_lines(console, lines)


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
    """Each member with its state, files, their time and where `collect` took it from (when it
    did): a table where every cell fits whole, else a heading line per member and its details
    indented under it, as issues are; then the files that belong to no member, then the
    summary, wrapped at spaces only (never in a province's name)."""
    rows = _period_rows(report)
    if _columns_fit(rows, console.width):
        console.print(_period_table(report, rows))
    else:
        _print_lines(console, period_lines(report, console.width))
    if report.others:
        # one file a line (two or more for a long reason), as issues are
        console.print(Text("Tệp không thuộc thành viên nào", style="bold"), soft_wrap=True)
        for other in report.others:
            pieces = [(2, Text(_one_line(other.file.shown), style="bold"))]
            if other.file.modified:
                pieces.append((2, Text(f"(sửa lúc {_modified(other.file.modified)})")))
            reason = _one_line(other.reason)
            pieces += _words(reason, *_quoted(reason))
            _print_lines(console, _flow(pieces, console.width, HANGING_INDENT))
    names = [_one_line(str(row.member.province)) for row in report.rows]
    names += [f"{name} ({row.errors} lỗi)" for name, row in zip(names, report.rows, strict=True)]
    style = "bold red" if report.blocking else "green"
    _print_lines(console, _sentence(report.summary + ".", console.width, style, *names))


def period_lines(report: PeriodReport, width: int) -> list[Text]:
    """The period's title, then each member on a line of its own, its state beside it, and
    under it, indented, a line for each file (`bac-kan.xlsx  sửa lúc 05/07/2022 09:30`) and one
    for where `collect` took it from; a line breaks only at a space, a file's name, an id, a
    date and time or a path never."""
    lines = [Text(_one_line(f"Báo cáo {report.period.label}"), style="bold")]
    for row in report.rows:
        head = [
            (0, Text(_member_name(row.member.province, row.member.id), style="bold")),
            (2, Text(row.label, style=_STATE_STYLES[row.state.value])),
        ]
        lines += _flow(head, width, HANGING_INDENT)
        for file in row.files:
            pieces = [(2, Text(_one_line(file.shown), style="bold"))]
            if file.modified:
                pieces.append((2, Text(f"sửa lúc {_modified(file.modified)}")))
            if len(row.files) > 1 and file.state is not None:
                label = file.state.label
                if file.errors and file.state.value == "errors":
                    label += f" ({file.errors})"
                pieces.append((2, Text(label, style=_STATE_STYLES[file.state.value])))
            lines += _flow(pieces, width, HANGING_INDENT)
            if file.prepared_by:
                said = _words(f"người lập biểu: {file.prepared_by}", *_sender_pieces(file))
                lines += _flow(said, width, HANGING_INDENT + 2)
        if row.provenance is not None:
            pieces = [*_words("nhận qua collect", ""), *_provenance_pieces(row.provenance)]
            lines += _flow(pieces, width, HANGING_INDENT)
    return lines


_PERIOD_COLUMNS = ("Thành viên", "Tệp", "Sửa lúc", "Trạng thái")


def _sender_pieces(file: FileRow) -> list[str]:
    """The parts of who prepared a file kept whole on a line: a phone number, an address, the
    date of sending."""
    sender = file.sender
    parts = [sender.phone, sender.email, file.sent] if sender else []
    return [part for part in parts if part]


def _period_rows(report: PeriodReport) -> list[tuple[str, ...]]:
    """The table's rows as text, the headings first; a column for who prepared the files when
    any says, and one for `collect` when it took any of them."""
    received = any(row.provenance is not None for row in report.rows)
    prepared = any(file.prepared_by for row in report.rows for file in row.files)
    headings = _PERIOD_COLUMNS + (("Người lập biểu",) if prepared else ())
    rows: list[tuple[str, ...]] = [(*headings, "Nhận qua collect") if received else headings]
    for row in report.rows:
        cells: tuple[str, ...] = (
            _member_name(row.member.province, row.member.id),
            "\n".join(_one_line(file.shown) for file in row.files),
            "\n".join(_modified(file.modified) for file in row.files),
            row.label,
        )
        if prepared:
            cells += ("\n".join(_one_line(file.prepared_by) for file in row.files),)
        rows.append((*cells, _provenance(row.provenance)) if received else cells)
    return rows


def _period_table(report: PeriodReport, rows: list[tuple[str, ...]]) -> Table:
    table = Table(title=f"Báo cáo {report.period.label}", header_style="bold")
    for heading in rows[0]:
        table.add_column(heading, no_wrap=True)  # it fits whole: nothing is cut
    for row, cells in zip(report.rows, rows[1:], strict=True):
        state = Text(cells[3], style=_STATE_STYLES[row.state.value])
        table.add_row(*cells[:3], state, *cells[4:])
    return table


def _member_name(province: object, member: str) -> str:
    return _one_line(f"{province} ({member})")


def _modified(when: datetime | None) -> str:
    return when.strftime("%d/%m/%Y %H:%M") if when else ""


def _provenance(provenance: Provenance | None) -> str:
    if provenance is None:
        return ""
    return " ".join(piece.plain for _, piece in _provenance_pieces(provenance))


def _provenance_pieces(provenance: Provenance) -> list[tuple[int, Text]]:
    """`05/07/2022 09:30 từ thu.eml » bao cao.xlsx`: the time and the source each one piece."""
    pieces = [
        (1, Text(_when(provenance.received))),
        (1, Text("từ")),
        (1, Text(_one_line(provenance.source))),
    ]
    if not provenance.current:
        pieces += [(1, piece) for _, piece in _words("(tệp đã đổi sau đó)", "")]
    return pieces


def _sentence(text: str, width: int, style: str, *keep: str) -> list[Text]:
    """A summary on as many lines of `width` as it takes, broken only at a space outside each
    of `keep`."""
    words = _words(text, *keep)
    pieces = [(0 if index == 0 else 1, piece) for index, (_, piece) in enumerate(words)]
    for _, piece in pieces:
        piece.stylize(style)
    return _flow(pieces, width, 0)


def _print_lines(console: Console, lines: Sequence[Text]) -> None:
    for line in lines:
        console.print(line, soft_wrap=True)


def print_year_matrix(matrix: YearMatrix, console: Console) -> None:
    """Members × the periods of the year that have a folder, one short state per cell: a
    table where it fits whole, else a member a line with its states beside it. A year that has
    no folder: every member not sent yet, and what to do next."""
    if not matrix.periods:
        _print_nothing_received(matrix, console)
        return
    title = f"Báo cáo đã nhận năm {matrix.year}"
    rows = [("Thành viên", *(period.code for period in matrix.periods))]
    for member in matrix.members:
        states = [matrix.state(member.id, period) for period in matrix.periods]
        rows.append(
            (
                _member_name(member.province, member.id),
                *(state.short if state is not None else "" for state in states),
            )
        )
    if _columns_fit(rows, console.width):
        table = Table(title=title, header_style="bold")
        for heading in rows[0]:
            table.add_column(heading, no_wrap=True)
        for member, cells in zip(matrix.members, rows[1:], strict=True):
            styled = [_short_state(matrix, member.id, period) for period in matrix.periods]
            table.add_row(cells[0], *styled)
        console.print(table)
    else:
        console.print(Text(title, style="bold"), soft_wrap=True)
        for member, cells in zip(matrix.members, rows[1:], strict=True):
            pieces = [(0, Text(cells[0], style="bold"))]
            for period in matrix.periods:
                state = _short_state(matrix, member.id, period)
                if state.plain:
                    pieces.append((2, Text(f"{period.code}: ").append_text(state)))
            _print_lines(console, _flow(pieces, console.width, HANGING_INDENT))
    for report in matrix.reports:
        if report.others:
            command = f"tdcli status --period {report.period.code}"
            text = (
                f"{report.period.code}: {len(report.others)} tệp không thuộc thành viên nào "
                f"(xem: {command})"
            )
            _print_lines(console, _sentence(text, console.width, "", command))
    command = f"tdcli status --period {matrix.periods[-1].code}"
    _print_lines(console, _sentence(f"Chi tiết một kỳ: {command}", console.width, "", command))


def _short_state(matrix: YearMatrix, member: str, period: Period) -> Text:
    state = matrix.state(member, period)
    if state is None:
        return Text("")
    return Text(state.short, style=_STATE_STYLES[state.value])


def _print_nothing_received(matrix: YearMatrix, console: Console) -> None:
    """Nothing received for the year yet (a workspace just made): who is to send, and how to
    begin."""
    year = matrix.year
    width = console.width
    lines = _sentence(
        f"Chưa nhận báo cáo nào của năm {year}: submissions/ chưa có thư mục kỳ báo cáo nào "
        "của năm này.",
        width,
        "bold",
    )
    if matrix.members:
        lines += _sentence(f"Các thành viên năm {year} theo cluster.yaml:", width, "")
        for member in matrix.members:
            head = [
                (2, Text(_member_name(member.province, member.id), style="bold")),
                (2, Text("chưa gửi", style=_STATE_STYLES["missing"])),
            ]
            lines += _flow(head, width, HANGING_INDENT)
    lines += _sentence("Bước tiếp theo: tạo biểu mẫu Excel để các thành viên điền", width, "")
    lines.append(Text(f"  tdcli form --all --period {year}-H1", style="bold"))
    lines += _sentence("rồi nhận các tệp họ gửi về (thư điện tử, thư mục tải về)", width, "")
    lines.append(Text("  tdcli collect THƯ_MỤC_TẢI_VỀ", style="bold"))
    _print_lines(console, lines)


_OUTCOME_STYLES = {
    "filed": "green",
    "replaced": "green",
    "skipped": "",
    "refused": "bold red",
    "filed-with-errors": "bold red",
}

_COLLECT_COLUMNS = ("Tệp", "Kết quả", "Đơn vị", "Kỳ", "Lưu vào / lý do")


def print_collect(result: CollectResult, console: Console) -> None:
    """What became of each file received: a table where its columns fit whole (the last one's
    lines wrapped at spaces in TABLE_MESSAGE_WIDTH columns at least), else each file's path on
    a line and what was done under it, as issues are; then what to send back and the counts."""
    title = "Sẽ nhận (chạy thử, chưa ghi gì)" if result.dry_run else "Đã nhận"
    details = [_collect_details(item, result.dry_run) for item in result.items]
    reasons = [_collect_reason(item) for item in result.items]
    rows = [_COLLECT_COLUMNS[:4], *(_collect_row(item, result.dry_run) for item in result.items)]
    widths = _column_widths(rows)
    room = console.width - sum(widths) - 3 * len(_COLLECT_COLUMNS) - 1
    atoms = [cell_len(piece.plain) for lines in details for line in lines for _, piece in line]
    atoms += [cell_len(piece.plain) for reason in reasons for _, piece in reason]
    if result.items and room >= max([TABLE_MESSAGE_WIDTH, *atoms]):
        table = Table(title=title, header_style="bold")
        for heading in _COLLECT_COLUMNS:
            table.add_column(heading, no_wrap=True)  # the last one flowed here, to `room`
        for item, row, lines, reason in zip(result.items, rows[1:], details, reasons, strict=True):
            # the count of errors and the reason after where it is filed, before what to do
            more = [[(0, Text(_found(item)))]] if _found(item) else []
            more += [reason] if reason else []
            at = len(lines) - bool(item.action)
            lines[at:at] = more
            flowed = Text("\n").join(
                flowed for line in lines for flowed in _flow(_unindented(line), room, 0)
            )
            outcome = Text(row[1], style=_OUTCOME_STYLES[item.outcome.value])
            table.add_row(row[0], outcome, row[2], row[3], flowed)
        console.print(table)
    else:
        console.print(Text(title, style="bold"), soft_wrap=True)
        for item, lines, reason in zip(result.items, details, reasons, strict=True):
            console.print(Text(_one_line(item.source), style="bold"), soft_wrap=True)
            for line in [_collect_head(item, result.dry_run) + reason, *lines]:
                _print_lines(console, _flow(line, console.width, HANGING_INDENT))
    if result.replies:
        console.print("Cần gửi lại cho đơn vị (bản có chú thích lỗi):", soft_wrap=True)
        for item in result.replies:
            pieces = [(2, Text(f"{item.member}:")), (1, Text(_one_line(item.reply or "")))]
            _print_lines(console, _flow(pieces, console.width, HANGING_INDENT))
    counts = result.counts()
    parts = [
        f"{counts['filed']} đã lưu,",
        f"{counts['replaced']} thay bản cũ,",
        f"{counts['filed-with-errors']} có lỗi,",
        f"{counts['skipped']} bỏ qua,",
        f"{counts['refused']} từ chối.",
    ]
    if result.dry_run:
        parts = [
            f"Chạy thử: {counts['filed']} sẽ lưu,",
            f"{counts['replaced']} sẽ thay bản cũ,",
            f"{counts['filed-with-errors']} có lỗi,",
            f"{counts['skipped']} sẽ bỏ qua,",
            f"{counts['refused']} sẽ từ chối.",
        ]
    _print_lines(console, _sentence(" ".join(parts), console.width, "", *parts))


def _collect_row(item: CollectItem, dry_run: bool) -> tuple[str, str, str, str]:
    return (
        _one_line(item.source),
        item.outcome.said(dry_run),
        _one_line(item.member or ""),
        _one_line(item.period or ""),
    )


def _collect_head(item: CollectItem, dry_run: bool) -> list[tuple[int, Text]]:
    """`đã lưu, có lỗi  bac-kan  2022-H1  2 lỗi` (a dry run: `sẽ lưu, có lỗi ...`)."""
    said = item.outcome.said(dry_run)
    pieces = [(2, Text(said, style=_OUTCOME_STYLES[item.outcome.value]))]
    pieces += [(2, Text(_one_line(known))) for known in (item.member, item.period) if known]
    found = _found(item)
    if found:
        pieces.append((2, Text(found)))
    return pieces


def _found(item: CollectItem) -> str:
    """`2 lỗi`, `1 cảnh báo` or nothing."""
    if item.errors:
        return f"{item.errors} lỗi"
    return f"{item.warnings} cảnh báo" if item.warnings else ""


def _collect_reason(item: CollectItem) -> list[tuple[int, Text]]:
    """Why a file was refused or skipped, beside what was done: a quoted value one piece."""
    text = _one_line(item.reason or "")
    return _words(text, *_quoted(text))


def _collect_details(item: CollectItem, dry_run: bool) -> list[list[tuple[int, Text]]]:
    """The lines under a file: where it is filed and its old copy kept, what to do. A path
    is one piece, so is a quoted value."""
    from tdcli.usecases.collect import Outcome

    lines: list[list[tuple[int, Text]]] = []
    refused = item.outcome is Outcome.REFUSED
    if item.target and not refused:
        if item.outcome is Outcome.SKIPPED:
            verb = "đã có ở"
        else:
            verb = "sẽ lưu vào" if dry_run else "lưu vào"
        lines.append([*_words(verb, ""), (1, Text(_one_line(item.target), style="bold"))])
    for archived in item.archived:
        verb = "bản cũ sẽ giữ ở" if dry_run else "bản cũ giữ ở"
        lines.append([*_words(verb, ""), (1, Text(_one_line(archived)))])
    if item.action:
        action = _one_line(item.action)
        lines.append(_words(action, *_quoted(action)))
    return lines


def _quoted(text: str) -> list[str]:
    """The quoted values of a reason, and the paths or commands in brackets: each one piece."""
    import re

    return re.findall(r"'[^']*'|\"[^\"]*\"|\([^()]*/[^()]*\)", text)


def _unindented(line: Sequence[tuple[int, Text]]) -> list[tuple[int, Text]]:
    """A detail line as a table's cell holds it: no indent before its first piece."""
    return [(0 if index == 0 else min(gap, 2), piece) for index, (gap, piece) in enumerate(line)]


def _when(received: str) -> str:
    from datetime import datetime

    try:
        return datetime.fromisoformat(received).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return received
