"""`tdcli assess`: the year-end assessment: the self-assessment form, the scores and ranking,
the ballots, the minutes and the award proposal. Each command calls one use case."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tdcli.cli.commands import (
    DateOption,
    FormatOption,
    OutputFormat,
    PdfOption,
    TemplateOption,
    WorkspaceOption,
)
from tdcli.cli.common import (
    boundary,
    err_console,
    load_workspace_or_exit,
    out_console,
    parse_date,
    print_json,
    say,
)
from tdcli.cli.completion import complete_member, complete_year
from tdcli.errors import UsageError

if TYPE_CHECKING:
    from datetime import date

    from rich.console import Console

    from tdcli.usecases.assessment import AssessmentDocument, AssessmentYear
    from tdcli.workspace import Workspace

__all__ = ["register"]

assess_app = typer.Typer(
    help="Chấm điểm, xếp hạng, bỏ phiếu và đề nghị khen thưởng cuối năm (assessment/<năm>/).\n\n"
    "Ví dụ: tdcli assess rank --year 2021",
    no_args_is_help=True,
    rich_markup_mode=None,
)

YearOption = Annotated[
    int,
    typer.Option(
        "--year",
        "-y",
        help="Năm chấm điểm, ví dụ 2021.",
        metavar="NĂM",
        autocompletion=complete_year,
        show_default=False,
    ),
]


DocxOutput = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Tệp .docx kết quả. Mặc định: out/.", dir_okay=False, metavar="TỆP"
    ),
]


def _document_inputs(
    year: int, output: Path | None, report_date: str | None, workspace: Path | None
) -> tuple[Workspace, date | None]:
    """What every year-end document asks first: the year, a .docx output, the date, the
    workspace."""
    _year(year)
    if output is not None and output.suffix.lower() != ".docx":
        raise UsageError("Tệp kết quả (--output) phải có đuôi .docx")
    when = parse_date(report_date)
    loaded, _ = load_workspace_or_exit(workspace)
    return loaded, when


def _year(year: int) -> int:
    if not year:
        raise UsageError("Thiếu --year (ví dụ --year 2021)")
    return year


@assess_app.command("form")
def form(
    members: Annotated[
        list[str] | None,
        typer.Argument(
            help="Mã thành viên (ví dụ bac-kan); bỏ trống khi dùng --all.",
            metavar="THÀNH_VIÊN",
            autocompletion=complete_member,
        ),
    ] = None,
    year: YearOption = 0,
    all_members: Annotated[bool, typer.Option("--all", help="Mọi thành viên của năm.")] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Thư mục ghi phiếu (mỗi thành viên một tệp .xlsx). Mặc định: "
            "out/forms/tu-cham-<năm>/.",
            metavar="THƯ_MỤC",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Ghi đè phiếu đã có (kể cả phiếu đã điền).")
    ] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Tạo phiếu tự chấm điểm thi đua (.xlsx) theo thang điểm của năm, cho từng Sở.

    Ví dụ: tdcli assess form --all --year 2021
    """
    from tdcli.cli.output import print_kept, print_report
    from tdcli.usecases.assess_form import write_assessment_forms

    _year(year)
    if members and all_members:
        raise UsageError("Ghi mã thành viên (ví dụ bac-kan) hoặc --all, không cả hai")
    if not members and not all_members:
        raise UsageError("Thiếu mã thành viên (ví dụ bac-kan) hoặc --all")
    loaded, _ = load_workspace_or_exit(workspace)
    console = out_console()
    chosen = None if all_members else list(dict.fromkeys(members or []))
    result = write_assessment_forms(loaded, year, None, chosen, output=output, force=force)
    if result.report.issues:
        print_report(result.report, console)
    print_kept(result.kept, console)
    for path in result.written:
        say(console, f"Đã tạo {path}")
    raise typer.Exit(0 if result.report.valid else 1)


@assess_app.command("rank")
def rank(
    year: YearOption = 0,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Bảng tính kết quả (.xlsx). Mặc định: out/xep-hang-thi-dua-nam-<năm>.xlsx.",
            dir_okay=False,
            metavar="TỆP",
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.TABLE,
    workspace: WorkspaceOption = None,
) -> None:
    """Tính điểm cuối cùng, xếp loại, xếp hạng các Sở và đơn vị đủ điều kiện đề nghị khen thưởng.

    Ví dụ: tdcli assess rank --year 2021
    """
    from tdcli.cli.output import print_kept, print_report
    from tdcli.contents.assessment import assessment_json
    from tdcli.usecases.assessment import rank_year

    _year(year)
    if output is not None and output.suffix.lower() != ".xlsx":
        raise UsageError("Tệp kết quả (--output) phải có đuôi .xlsx")
    loaded, _ = load_workspace_or_exit(workspace)
    result = rank_year(loaded, year, output=output)
    found = result.assessment
    if output_format is OutputFormat.JSON:
        data = assessment_json(
            year, found.scheme, found.ranking, found.candidates, found.results, found.unscored
        )
        data["report"] = found.report.to_json_dict()
        data["workbook"] = str(result.workbook) if result.workbook else None
        print_json(data)
    else:
        console = out_console()
        if found.report.issues:
            print_report(found.report, console)
        _print_assessment(found, loaded, year, console)
        print_kept(result.kept, console)
        if result.workbook is not None:
            say(console, f"Đã tạo {result.workbook}")
    raise typer.Exit(0 if found.complete else 1)


def _print_assessment(
    found: AssessmentYear, workspace: Workspace, year: int, console: Console
) -> None:
    from tdcli.cli.output import print_table
    from tdcli.contents.assessment import award_outcome, ranking_table, round_table
    from tdcli.usecases.assessment import member_names

    if found.scheme is None or found.ranking is None:
        return
    names = member_names(workspace, year)
    print_table(ranking_table(found.scheme, found.ranking, names, found.unscored), console)
    for eligible in found.candidates:
        listed = ", ".join(names.get(member, member) for member in eligible.candidates)
        say(console, f"Đủ điều kiện {eligible.award.label}: {listed or 'không có'}")
    for result in found.results:
        for counted in result.rounds:
            print_table(round_table(result, counted, names), console)
        console.print(award_outcome(result, names))


def _document(result: AssessmentDocument, console: Console, *, what: str) -> None:
    from tdcli.cli.output import print_kept, print_report

    if result.report.issues:
        print_report(result.report, console)
    if result.path is None:
        say(err_console(), f"Không tạo {what} vì dữ liệu chấm điểm, bỏ phiếu còn lỗi.")
        raise typer.Exit(1)
    print_kept(result.kept, console)
    dated = f" (ghi ngày {result.day:%d/%m/%Y})" if result.day else ""
    say(console, f"Đã tạo {result.path}{dated}")
    if result.pdf is not None:
        say(console, f"Đã tạo {result.pdf}")


@assess_app.command("ballots")
def ballots(
    year: YearOption = 0,
    round_number: Annotated[
        int | None,
        typer.Option(
            "--round", help="Vòng bỏ phiếu (mặc định: vòng 1).", min=1, max=10, metavar="VÒNG"
        ),
    ] = None,
    output: DocxOutput = None,
    template: TemplateOption = None,
    report_date: DateOption = None,
    pdf: PdfOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """In phiếu bầu kín: mỗi Sở dự họp một phiếu, các đơn vị đủ điều kiện theo thứ hạng.

    Ví dụ: tdcli assess ballots --year 2021 --round 2
    """
    from tdcli.usecases.assess_meeting import write_ballots

    loaded, when = _document_inputs(year, output, report_date, workspace)
    result = write_ballots(
        loaded,
        year,
        round_number=round_number,
        output=output,
        template=template,
        report_date=when,
        pdf=pdf,
    )
    _document(result, out_console(), what="phiếu bầu")


@assess_app.command("minutes")
def minutes(
    year: YearOption = 0,
    output: DocxOutput = None,
    template: TemplateOption = None,
    report_date: DateOption = None,
    pdf: PdfOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Lập biên bản hội nghị tổng kết: thành phần, điểm và xếp hạng, kết quả bỏ phiếu, bàn giao.

    Ví dụ: tdcli assess minutes --year 2021
    """
    from tdcli.usecases.assess_meeting import write_minutes

    loaded, when = _document_inputs(year, output, report_date, workspace)
    result = write_minutes(
        loaded, year, output=output, template=template, report_date=when, pdf=pdf
    )
    _document(result, out_console(), what="biên bản")


@assess_app.command("proposal")
def proposal(
    year: YearOption = 0,
    output: DocxOutput = None,
    template: TemplateOption = None,
    report_date: DateOption = None,
    pdf: PdfOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Lập tờ trình đề nghị khen thưởng gửi Bộ, kèm danh sách và hồ sơ.

    Ví dụ: tdcli assess proposal --year 2021
    """
    from tdcli.usecases.assess_proposal import write_proposal

    loaded, when = _document_inputs(year, output, report_date, workspace)
    result = write_proposal(
        loaded, year, output=output, template=template, report_date=when, pdf=pdf
    )
    _document(result, out_console(), what="tờ trình")


def register(app: typer.Typer) -> None:
    assess_app.registered_commands = [
        typer.models.CommandInfo(name=info.name, callback=boundary(info.callback))  # type: ignore[arg-type]
        for info in assess_app.registered_commands
    ]
    app.add_typer(assess_app, name="assess")
