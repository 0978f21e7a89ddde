"""The commands. Each parses its options, calls the library and shows the result."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from tdcli.cli.common import boundary, out_console

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
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="table: bảng cho người đọc; json: cho máy."),
]


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Tệp (.yaml) hoặc thư mục cần kiểm tra.", exists=True, metavar="PATH"),
    ],
    workspace: WorkspaceOption = None,
    output_format: FormatOption = OutputFormat.TABLE,
) -> None:
    """Kiểm tra báo cáo của các tỉnh và chỉ ra từng lỗi theo tệp, dòng, ô.

    Ví dụ: tdcli validate submissions/2022-H1/bac-kan.yaml
    """
    from tdcli.cli.output import print_report
    from tdcli.validate import validate_paths

    report = validate_paths(paths, workspace=workspace)
    if output_format is OutputFormat.JSON:
        _print_json(report.to_json_dict())
    else:
        print_report(report, out_console())
    raise typer.Exit(0 if report.valid else 1)


def indicators(
    output_format: FormatOption = OutputFormat.TABLE,
) -> None:
    """Liệt kê các nhóm chỉ tiêu, khóa, tên và đơn vị tính.

    Ví dụ: tdcli indicators --format json
    """
    from tdcli.cli.output import catalogue_json, print_catalogue

    if output_format is OutputFormat.JSON:
        _print_json(catalogue_json())
    else:
        print_catalogue(out_console())


def init(
    directory: Annotated[
        Path, typer.Argument(help="Thư mục mới cho cụm (chưa có hoặc đang trống).")
    ],
    example: Annotated[
        str,
        typer.Option("--example", "-e", help="Ví dụ dùng làm mẫu: cum-ii hoặc cum-ii-2025."),
    ] = "cum-ii",
) -> None:
    """Tạo thư mục làm việc mới cho cụm từ ví dụ kèm theo.

    Ví dụ: tdcli init cum-thi-dua-2026
    """
    from tdcli.examples import create_workspace

    created = create_workspace(directory, example)
    console = out_console()
    console.print(f"Đã tạo thư mục làm việc {created}.")
    console.print("Sửa cluster.yaml cho cụm của bạn, rồi chạy: tdcli validate " + str(created))


def register(app: typer.Typer) -> None:
    app.command()(boundary(validate))
    app.command()(boundary(indicators))
    app.command()(boundary(init))
