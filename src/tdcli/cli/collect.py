"""`tdcli collect`: file what arrived by e-mail into the workspace, and say what was done."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tdcli.cli.commands import FormatOption, OutputFormat, WorkspaceOption
from tdcli.cli.common import (
    boundary,
    load_workspace_or_exit,
    out_console,
    parse_period,
    print_json,
)
from tdcli.cli.completion import complete_period

if TYPE_CHECKING:
    from tdcli.usecases.collect import CollectResult

__all__ = ["collect", "register"]


def collect(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Tệp (.xlsx, .yaml, .zip, .eml) hoặc thư mục tải về từ thư điện tử.",
            exists=True,
            metavar="TỆP",
        ),
    ],
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            "-p",
            help="Chỉ nhận báo cáo của kỳ này (ví dụ 2022-H1); kỳ khác bị từ chối.",
            metavar="KỲ",
            autocompletion=complete_period,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Chỉ cho biết sẽ làm gì, không ghi gì cả.")
    ] = False,
    workspace: WorkspaceOption = None,
    output_format: FormatOption = OutputFormat.TABLE,
) -> None:
    """Nhận tệp các đơn vị gửi qua thư điện tử: đọc đơn vị và kỳ báo cáo ghi trong tệp (không
    theo tên tệp), chép vào submissions/<kỳ>/<đơn vị>.xlsx, giữ bản cũ trong archive/, bỏ qua
    tệp trùng, từ chối tệp không phải báo cáo (nói rõ lý do), ghi bản có chú thích lỗi vào
    out/phan-hoi/ để gửi lại. Tệp gốc không bị sửa hay di chuyển. Mã thoát 1 khi có tệp bị từ
    chối hoặc có lỗi.

    Ví dụ: tdcli collect ~/Downloads/*.xlsx --period 2022-H1
    """
    from tdcli.cli.output import print_period_report
    from tdcli.usecases.collect import collect_files
    from tdcli.usecases.status import period_report

    chosen = parse_period(period) if period is not None else None
    loaded, _ = load_workspace_or_exit(workspace)
    result = collect_files(loaded, paths, period=chosen, dry_run=dry_run)
    if output_format is OutputFormat.JSON:
        print_json(result.to_json_dict())
    else:
        print_collect(result)
        configured = [p for p in result.periods if loaded.year(p.year) is not None]
        for filed in configured if not dry_run else []:
            print_period_report(period_report(loaded, filed), out_console())
    raise typer.Exit(0 if result.ok else 1)


def print_collect(result: CollectResult) -> None:
    from rich.table import Table

    from tdcli.usecases.collect import Outcome

    console = out_console()
    title = "Sẽ nhận (chạy thử, chưa ghi gì)" if result.dry_run else "Đã nhận"
    table = Table(title=title, show_lines=False)
    for heading in ("Tệp", "Kết quả", "Đơn vị", "Kỳ", "Lưu vào / lý do"):
        table.add_column(heading, overflow="fold")
    for item in result.items:
        if item.outcome is Outcome.REFUSED:
            detail = f"{item.reason}. {item.action}"
        else:
            lines = [item.target or ""]
            lines += [f"bản cũ giữ ở {archived}" for archived in item.archived]
            if item.errors:
                lines.append(f"{item.errors} lỗi")
            elif item.warnings:
                lines.append(f"{item.warnings} cảnh báo")
            if item.reason:
                lines.append(item.reason)
            detail = "\n".join(lines)
        table.add_row(item.source, item.outcome.label, item.member or "", item.period or "", detail)
    console.print(table)
    if result.replies:
        console.print("Cần gửi lại cho đơn vị (bản có chú thích lỗi):")
        for item in result.replies:
            console.print(f"  {item.member}: {item.reply}", soft_wrap=True)
    counts = result.counts()
    console.print(
        f"{counts['filed']} đã lưu, {counts['replaced']} thay bản cũ, "
        f"{counts['filed-with-errors']} có lỗi, {counts['skipped']} bỏ qua, "
        f"{counts['refused']} từ chối."
    )


def register(app: typer.Typer) -> None:
    app.command()(boundary(collect))
