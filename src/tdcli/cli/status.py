"""`tdcli status`: who has sent what."""

from __future__ import annotations

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
from tdcli.cli.completion import complete_period, complete_year

__all__ = ["register"]


def status(
    period: Annotated[
        str,
        typer.Option(
            "--period",
            "-p",
            help="Kỳ báo cáo: 2022-H1, 2022... Bỏ trống: bảng mọi kỳ của năm.",
            metavar="KỲ",
            autocompletion=complete_period,
        ),
    ] = "",
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            help="Năm của bảng (khi không có --period). Mặc định: năm gần nhất có thư mục kỳ.",
            metavar="NĂM",
            autocompletion=complete_year,
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.TABLE,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Thoát với mã 1 khi có thành viên chưa gửi, gửi báo cáo trống hoặc không hợp lệ.",
        ),
    ] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Xem các Sở thành viên đã gửi báo cáo gì: tệp, thời gian, trạng thái, nguồn nhận.

    Ví dụ: tdcli status --period 2022-H1
    """
    from tdcli.cli.output import print_period_report, print_year_matrix
    from tdcli.errors import UsageError
    from tdcli.usecases.status import period_report, year_matrix

    if period and year is not None:
        raise UsageError("Chọn --period hoặc --year, không dùng cả hai")
    loaded, _ = load_workspace_or_exit(workspace)
    chosen = parse_period(period) if period else None
    asked = chosen.year if chosen is not None else year
    if asked is not None and loaded.year(asked) is None:
        from tdcli.cli.output import print_report
        from tdcli.model.issues import ValidationReport, make_issue

        issue = make_issue("year-not-configured", file=loaded.cluster_file, year=asked)
        print_report(
            ValidationReport(files=[str(loaded.cluster_file)], issues=[issue]), out_console()
        )
        raise typer.Exit(1)
    if chosen is not None:
        report = period_report(loaded, chosen)
        if output_format is OutputFormat.JSON:
            print_json(report.to_json_dict())
        else:
            print_period_report(report, out_console())
        blocking = bool(report.blocking)
    else:
        matrix = year_matrix(loaded, year)
        if output_format is OutputFormat.JSON:
            print_json(matrix.to_json_dict())
        else:
            print_year_matrix(matrix, out_console())
        if not matrix.periods:
            raise typer.Exit(1)  # nothing received for the year yet: a state of the data
        blocking = matrix.blocking
    raise typer.Exit(1 if strict and blocking else 0)


def register(app: typer.Typer) -> None:
    app.command()(boundary(status))
