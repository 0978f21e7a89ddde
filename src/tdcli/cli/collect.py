"""`tdcli collect`: file what arrived by e-mail into the workspace, and say what was done."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
    from tdcli.cli.output import print_collect, print_kept, print_period_report
    from tdcli.usecases.collect import collect_files
    from tdcli.usecases.status import period_report

    chosen = parse_period(period) if period is not None else None
    loaded, _ = load_workspace_or_exit(workspace)
    result = collect_files(loaded, paths, period=chosen, dry_run=dry_run)
    if output_format is OutputFormat.JSON:
        print_json(result.to_json_dict())
    else:
        console = out_console()
        print_collect(result, console)
        print_kept(result.kept, console)
        configured = [p for p in result.periods if loaded.year(p.year) is not None]
        for filed in configured if not dry_run else []:
            print_period_report(period_report(loaded, filed), console)
    raise typer.Exit(0 if result.ok else 1)


def register(app: typer.Typer) -> None:
    app.command()(boundary(collect))
