"""The commands. Each parses its options, calls the library and shows the result."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tdcli.cli.common import (
    boundary,
    err_console,
    load_workspace_or_exit,
    out_console,
    parse_date,
    parse_period,
    print_json,
    said,
    say,
)
from tdcli.cli.completion import complete_member, complete_period, complete_year
from tdcli.errors import UsageError

__all__ = ["register"]


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        help="Thư mục làm việc của cụm (có cluster.yaml). "
        "Mặc định: thư mục hiện tại hoặc thư mục cha.",
        file_okay=False,
        metavar="THƯ_MỤC",
    ),
]
TemplateOption = Annotated[
    Path | None,
    typer.Option(
        "--template",
        "-t",
        help="Mẫu .docx riêng (xem: tdcli templates copy).",
        dir_okay=False,
        metavar="TỆP",
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Ngày ghi trên văn bản (20/01/2026, 20-01-2026 hoặc 2026-01-20). Mặc định: hôm "
        "nay; có cảnh báo khi hôm nay thuộc thời kỳ khác (tên Bộ, căn cứ) với kỳ báo cáo.",
        metavar="NGÀY",
    ),
]
PeriodOption = Annotated[
    str,
    typer.Option(
        "--period",
        "-p",
        help="Kỳ báo cáo: 2022-H1, 2022, 2022-Q3, 2022-9M.",
        metavar="KỲ",
        autocompletion=complete_period,
    ),
]
PdfOption = Annotated[
    bool,
    typer.Option("--pdf", help="Ghi thêm bản PDF bên cạnh tệp .docx (cần LibreOffice)."),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="table: bảng cho người đọc; json: cho máy."),
]


def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Tệp (.yaml, .xlsx) hoặc thư mục cần kiểm tra.", exists=True, metavar="TỆP"
        ),
    ],
    workspace: WorkspaceOption = None,
    output_format: FormatOption = OutputFormat.TABLE,
    annotate: Annotated[
        Path | None,
        typer.Option(
            "--annotate",
            help="Ghi bản sao của tệp .xlsx có lỗi, tô màu và chú thích từng ô lỗi, để gửi lại "
            "tỉnh: một tệp .xlsx, hoặc một thư mục (mỗi tệp có lỗi một bản <tên>-loi.xlsx).",
            metavar="ĐƯỜNG_DẪN",
        ),
    ] = None,
) -> None:
    """Kiểm tra báo cáo của các tỉnh (.yaml, .xlsx) và chỉ ra từng lỗi theo tệp, dòng, ô.

    Ví dụ: tdcli validate submissions/2022-H1/bac-kan.yaml
    """
    from tdcli.cli.output import print_report
    from tdcli.usecases.validate import annotate_file, annotate_files, validate_paths

    to_folder = annotate is not None and (annotate.is_dir() or not annotate.suffix)
    if annotate is not None and not to_folder:
        if len(paths) != 1 or not paths[0].is_file() or paths[0].suffix.lower() != ".xlsx":
            raise UsageError(
                "--annotate TỆP.xlsx chỉ dùng với đúng một tệp .xlsx; với nhiều tệp hay một "
                "thư mục, cho --annotate một thư mục"
            )
        if annotate.suffix.lower() != ".xlsx":
            raise UsageError("Tệp ghi chú (--annotate) phải có đuôi .xlsx, hoặc là một thư mục")
    report = validate_paths(paths, workspace=workspace)
    if output_format is OutputFormat.JSON:
        print_json(report.to_json_dict())
    else:
        print_report(report, out_console())
    if annotate is not None:
        from tdcli.cli.output import print_kept
        from tdcli.render.drafts import kept_drafts

        with kept_drafts() as kept:
            copies = (
                annotate_files(report, annotate)
                if to_folder
                else annotate_file(paths[0], report, annotate)
            )
        print_kept(kept, err_console())
        for path in copies.written:
            say(err_console(), f"Đã ghi bản có chú thích: {path}")
        for _, why in copies.not_written:
            say(err_console(), f"Không ghi được bản có chú thích: {why}")
        if not copies.written and not copies.not_written:
            say(err_console(), "Không tệp .xlsx nào có lỗi: không tạo bản có chú thích.")
    raise typer.Exit(0 if report.valid else 1)


def indicators(
    output_format: FormatOption = OutputFormat.TABLE,
) -> None:
    """Liệt kê các nhóm chỉ tiêu, khóa, tên và đơn vị tính.

    Ví dụ: tdcli indicators --format json
    """
    from tdcli.cli.output import catalogue_json, print_catalogue

    if output_format is OutputFormat.JSON:
        print_json(catalogue_json())
    else:
        print_catalogue(out_console())


def init(
    directory: Annotated[
        Path,
        typer.Argument(help="Thư mục mới cho cụm (chưa có hoặc đang trống).", metavar="THƯ_MỤC"),
    ],
    example: Annotated[
        str,
        typer.Option(
            "--example", "-e", help="Ví dụ dùng làm mẫu: cum-ii hoặc cum-ii-2025.", metavar="VÍ_DỤ"
        ),
    ] = "cum-ii",
    empty: Annotated[
        bool,
        typer.Option(
            "--empty",
            help="Thư mục trống để dùng thật: chỉ có cluster.yaml của ví dụ để sửa, chưa có "
            "báo cáo nào.",
        ),
    ] = False,
) -> None:
    """Tạo thư mục làm việc mới cho cụm từ ví dụ kèm theo (có sẵn số liệu ví dụ để thử), hoặc
    thư mục trống để dùng thật (--empty).

    Ví dụ: tdcli init cum-thi-dua-2026 --empty
    """
    from tdcli.usecases.init import create_workspace
    from tdcli.workspace.layout import WorkspaceLayout

    created = create_workspace(directory, example, empty=empty)
    console = out_console()
    if empty:
        say(console, f"Đã tạo thư mục làm việc trống {created} (chưa có báo cáo nào).")
        say(
            console,
            f"Sửa {created / 'cluster.yaml'}: tên cụm, các năm, thành viên, cụm trưởng; "
            f"rồi kiểm tra: tdcli validate {created}",
        )
        return
    say(console, f"Đã tạo thư mục làm việc {created}, có sẵn số liệu của ví dụ để dùng thử.")
    say(console, "Sửa cluster.yaml cho cụm của bạn, rồi chạy: tdcli validate " + str(created))
    say(
        console,
        "Để bắt đầu với thư mục trống (không có số liệu ví dụ): tdcli init THƯ_MỤC --empty",
    )
    years = WorkspaceLayout(created).assessment_years()
    if years:
        say(
            console,
            f"Ví dụ có đủ chấm điểm, bỏ phiếu cuối năm {years[-1]} (assessment/{years[-1]}/): "
            f"tdcli assess rank -w {created} --year {years[-1]}",
        )


def form(
    member: Annotated[
        str | None,
        typer.Argument(
            help="Mã thành viên (ví dụ bac-kan); bỏ trống khi dùng --all.",
            metavar="THÀNH_VIÊN",
            autocompletion=complete_member,
        ),
    ] = None,
    period: PeriodOption = "",
    all_members: Annotated[
        bool, typer.Option("--all", help="Một biểu mẫu cho mỗi thành viên của năm.")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Tệp .xlsx (một thành viên) hoặc thư mục (--all). "
            "Mặc định: out/forms/<kỳ>/ trong thư mục làm việc.",
            metavar="ĐƯỜNG_DẪN",
        ),
    ] = None,
    prefill: Annotated[
        bool,
        typer.Option(
            "--prefill", help="Điền sẵn số liệu đã có trong submissions/ (để tỉnh sửa, bổ sung)."
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Ghi đè cả tệp đã có số liệu (mặc định: không ghi đè)."),
    ] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Tạo biểu mẫu Excel để các Sở thành viên điền số liệu.

    Ví dụ: tdcli form bac-kan --period 2022-H1

    Ví dụ: tdcli form --all --period 2022-H1
    """
    from tdcli.usecases.form import write_forms

    if (member is None) == (not all_members):
        raise UsageError("Chọn một thành viên (ví dụ: tdcli form bac-kan ...) hoặc --all")
    chosen = parse_period(period)
    loaded, _ = load_workspace_or_exit(workspace)
    result = write_forms(
        loaded,
        chosen,
        None if all_members else [member or ""],
        output=output,
        prefill=prefill,
        force=force,
    )
    console = out_console()
    if not result.report.valid:
        from tdcli.cli.output import print_report

        print_report(result.report, console)
        raise typer.Exit(1)
    from tdcli.cli.output import print_kept

    print_kept(result.kept, console)
    for path, member_id in zip(result.written, result.members, strict=True):
        filled = " (điền sẵn số liệu đã gửi)" if member_id in result.prefilled else ""
        say(console, f"Đã tạo {path}{filled}")
    if prefill and not result.prefilled:
        say(console, "Chưa có báo cáo hợp lệ nào để điền sẵn; các biểu mẫu để trống.")


def compile(
    period: PeriodOption = "",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Tệp .docx kết quả (tệp .xlsx cùng tên đi kèm). Mặc định: out/ trong thư mục "
            "làm việc.",
            dir_okay=False,
            metavar="TỆP",
        ),
    ] = None,
    template: TemplateOption = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Thành viên chưa gửi báo cáo là lỗi, không tạo báo cáo."),
    ] = False,
    report_date: DateOption = None,
    pdf: PdfOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Tổng hợp báo cáo của các Sở thành viên thành báo cáo sơ kết, tổng kết của Cụm (.docx, .xlsx).

    Ví dụ: tdcli compile --period 2022-H1
    """
    from tdcli.cli.output import print_kept, print_report, print_totals
    from tdcli.usecases.compile import compile_review

    chosen = parse_period(period)
    when = parse_date(report_date)
    if output is not None and output.suffix.lower() != ".docx":
        raise UsageError("Tệp kết quả (--output) phải có đuôi .docx")
    loaded, workspace_issues = load_workspace_or_exit(workspace)
    result = compile_review(
        loaded,
        chosen,
        output=output,
        template=template,
        strict=strict,
        report_date=when,
        workspace_issues=workspace_issues,
        pdf=pdf,
    )
    console = out_console()
    if result.report.issues:
        print_report(result.report, console)
    if result.aggregate is None or result.docx is None:
        nothing = any(issue.code == "no-submissions" for issue in result.report.issues)
        reason = "chưa có báo cáo nào cho kỳ này" if nothing else "dữ liệu còn lỗi (xem ở trên)"
        say(err_console(), f"Không tạo báo cáo: {reason}.")
        raise typer.Exit(1)
    print_totals(result.aggregate, console)
    print_kept(result.kept, console)
    dated = f" (ghi ngày {result.day:%d/%m/%Y})" if result.day else ""
    say(console, f"Đã tạo {result.docx}{dated}")
    if result.pdf is not None:
        say(console, f"Đã tạo {result.pdf}")
    say(console, f"Đã tạo {result.xlsx}")


def pledge(
    year: Annotated[
        int,
        typer.Option(
            "--year",
            "-y",
            help="Năm của giao ước, ví dụ 2022.",
            metavar="NĂM",
            autocompletion=complete_year,
            show_default=False,
        ),
    ] = 0,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Tệp .docx kết quả. Mặc định: out/ trong thư mục làm việc.",
            dir_okay=False,
            metavar="TỆP",
        ),
    ] = None,
    template: TemplateOption = None,
    signing_date: DateOption = None,
    pdf: PdfOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Soạn giao ước thi đua của năm từ cluster.yaml (.docx), có ô ký của từng Sở thành viên.

    Ví dụ: tdcli pledge --year 2022
    """
    from tdcli.cli.output import print_kept, print_report
    from tdcli.usecases.pledge import compile_pledge

    if not year:
        raise UsageError("Thiếu --year (ví dụ --year 2022)")
    if output is not None and output.suffix.lower() != ".docx":
        raise UsageError("Tệp kết quả (--output) phải có đuôi .docx")
    when = parse_date(signing_date)
    loaded, workspace_issues = load_workspace_or_exit(workspace)
    result = compile_pledge(
        loaded,
        year,
        output=output,
        template=template,
        signing_date=when,
        workspace_issues=workspace_issues,
        pdf=pdf,
    )
    console = out_console()
    if result.report.issues:
        print_report(result.report, console)
    if result.docx is None:
        raise typer.Exit(1)
    print_kept(result.kept, console)
    dated = f" (ghi ngày {result.day:%d/%m/%Y})" if result.day else ""
    say(console, f"Đã tạo {result.docx}{dated}")
    if result.pdf is not None:
        say(console, f"Đã tạo {result.pdf}")


def export(
    years: Annotated[
        list[int] | None,
        typer.Option(
            "--year",
            "-y",
            help="Năm cần xuất (có thể lặp lại: --year 2021 --year 2022).",
            metavar="NĂM",
            autocompletion=complete_year,
        ),
    ] = None,
    all_years: Annotated[bool, typer.Option("--all", help="Mọi năm có báo cáo.")] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Thư mục kết quả. Mặc định: out/export trong thư mục làm việc.",
            file_okay=False,
            metavar="THƯ_MỤC",
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            help="Số tiến trình chạy song song. Mặc định: số lõi của máy.",
            min=0,
            metavar="SỐ",
            show_default=False,
        ),
    ] = 0,
    per_member: Annotated[
        bool, typer.Option("--per-member", help="Thêm một trang tóm tắt cho mỗi Sở mỗi năm.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Tạo lại tất cả, kể cả văn bản không có gì thay đổi.")
    ] = False,
    report_date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Ngày ghi trên văn bản (20/01/2026 hoặc 2026-01-20). Mặc định: hôm nay.",
            metavar="NGÀY",
        ),
    ] = None,
    pdf: PdfOption = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Xuất báo cáo tổng kết nhiều năm một lượt (.docx, .xlsx, biểu đồ) và bảng tổng hợp các năm.

    Ví dụ: tdcli export --all --per-member
    """
    import os

    from tdcli.cli.output import print_export_summary, print_nothing_to_export, progress_bar
    from tdcli.render.outputs import Outputs
    from tdcli.usecases.export import has_submissions, run_export

    if not years and not all_years:
        raise UsageError("Chọn năm (--year 2022) hoặc --all")
    when = parse_date(report_date)
    loaded, _ = load_workspace_or_exit(workspace)
    target = output or Outputs(loaded.layout).export_folder()
    workers = jobs or os.cpu_count() or 1
    console = out_console()
    if all_years and not has_submissions(loaded):
        print_nothing_to_export(max(loaded.config.years), console)
        raise typer.Exit(1)  # a state of the data, as a year without submissions is
    try:
        with progress_bar(console) as on_progress:
            result = run_export(
                loaded,
                None if all_years else years,
                target,
                jobs=workers,
                per_member=per_member,
                force=force,
                report_date=when,
                progress=on_progress,
                pdf=pdf,
            )
    except KeyboardInterrupt:
        err_console().print(
            "Đã dừng theo yêu cầu (Ctrl-C). Các tệp đã ghi xong vẫn nguyên vẹn và có trong "
            "manifest.json; chạy lại lệnh để làm tiếp phần còn lại."
        )
        raise typer.Exit(130) from None
    print_export_summary(result, target, console)
    raise typer.Exit(0 if result.ok else 1)


templates_app = typer.Typer(
    help="Các mẫu Word kèm theo tdcli: xem danh sách, chép ra để sửa trong Word.\n\n"
    "Ví dụ: tdcli templates copy bao-cao mau-cua-toi",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@templates_app.command("list")
def templates_list() -> None:
    """Liệt kê các mẫu Word kèm theo.

    Ví dụ: tdcli templates list
    """
    from tdcli.usecases.templates import bundled_templates

    console = out_console()
    templates = bundled_templates()
    column = max(len(name) for name in templates) + 2
    for name, description in templates.items():
        text = said(f"{name:<{column}}{description}", console.width, indent=column)
        console.print(text, soft_wrap=True)


@templates_app.command("copy")
def templates_copy(
    name: Annotated[
        str, typer.Argument(help="Tên mẫu (xem tdcli templates list).", metavar="TÊN_MẪU")
    ],
    directory: Annotated[
        Path, typer.Argument(help="Thư mục chép mẫu vào.", file_okay=False, metavar="THƯ_MỤC")
    ],
) -> None:
    """Chép một mẫu ra để sửa trong Word, rồi dùng với --template.

    Ví dụ: tdcli templates copy bao-cao mau-cua-toi
    """
    from tdcli.usecases.templates import copy_template

    target = copy_template(name, directory)
    say(out_console(), f"Đã chép {target}; sửa trong Word rồi dùng: --template {target}")


def register(app: typer.Typer) -> None:
    app.command()(boundary(validate))
    app.command()(boundary(form))
    app.command()(boundary(compile))
    app.command()(boundary(pledge))
    app.command()(boundary(export))
    templates_app.registered_commands = [
        typer.models.CommandInfo(name=info.name, callback=boundary(info.callback))  # type: ignore[arg-type]
        for info in templates_app.registered_commands
    ]
    app.add_typer(templates_app, name="templates")
    app.command()(boundary(indicators))
    app.command()(boundary(init))
