"""Messages a user reads: the operating system's refusals in Vietnamese, lines wrapped at
spaces for the terminal, never inside a path or an option (issue 14)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from tdcli.cli import app
from tdcli.cli.common import said
from tdcli.errors import os_reason


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (FileNotFoundError(errno.ENOENT, "No such file or directory"), "không có thư mục"),
        (PermissionError(errno.EACCES, "Permission denied"), "không có quyền"),
        (OSError(errno.ENOSPC, "No space left on device"), "hết chỗ trống"),
        (OSError(errno.EROFS, "Read-only file system"), "chỉ cho đọc"),
        (OSError(9999, "Something odd"), "lỗi số 9999"),
    ],
)
def test_the_systems_refusals_in_vietnamese(error: OSError, expected: str) -> None:
    reason = os_reason(error)
    assert expected in reason
    assert str(error.strerror) not in reason


def test_a_file_open_in_word_on_windows() -> None:
    error = PermissionError(errno.EACCES, "The process cannot access the file")
    error.winerror = 32  # type: ignore[attr-defined]
    assert "đang mở" in os_reason(error) and "Word" in os_reason(error)


def test_lines_wrap_at_spaces_only() -> None:
    path = (
        "/rat/dai/thu-muc-lam-viec/cum-thi-dua-so-ii/out/bao-cao-so-ket-6-thang-dau-nam-2022.docx"
    )
    text = said(
        f"Đã tạo {path} (ghi ngày 20/01/2022) và bảng số liệu kèm theo --period 2022-H1", 60
    )
    lines = text.split("\n")
    assert path in lines[1]  # whole, on a line of its own when it does not fit beside
    assert all(cell_len(line) <= 60 for line in lines if path not in line)
    assert "--period 2022-H1" in text.replace("\n  ", " ")
    assert all(line.startswith("  ") for line in lines[1:])


def test_an_error_fits_80_columns(tmp_path: Path) -> None:
    runner = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"})
    result = runner.invoke(app, ["status", "-w", str(tmp_path / "khong-co")])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Lỗi: ") and len(lines) >= 2
    assert all(cell_len(line) <= 80 for line in lines)
    assert "DIR" not in result.stderr and "THƯ_MỤC" in result.stderr


def test_a_summary_counts_each_kind_of_file_as_it_says() -> None:
    """Reports, the year-end scoring's files and cluster.yaml each by their name; with no file
    at all (an export's warnings), no "0 tệp"."""
    from tdcli.cli.output import summary_line
    from tdcli.model.issues import ValidationReport, make_issue

    scoring = ValidationReport(
        files=[
            "ws/assessment/2021/scheme.yaml",
            "ws/assessment/2021/self/bac-kan.yaml",
            "ws/submissions/2021/bac-kan.yaml",
            "ws/cluster.yaml",
        ]
    )
    assert summary_line(scoring).plain == (
        "Đã kiểm tra 1 tệp báo cáo, 2 tệp chấm điểm thi đua và cluster.yaml: không có lỗi. Hợp lệ."
    )
    warned = ValidationReport(issues=[make_issue("stray-file", file="ws/x.txt")])
    assert summary_line(warned).plain.startswith("Kết quả kiểm tra: 1 cảnh báo.")
