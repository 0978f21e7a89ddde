"""The bundled Word templates: which there are, and a copy for a user to restyle in Word."""

from __future__ import annotations

import shutil
from pathlib import Path

from tdcli.errors import UsageError
from tdcli.render.outputs import atomic_path
from tdcli.resources import bundled_dir

__all__ = ["TEMPLATES", "bundled_templates", "copy_template", "template_path"]

TEMPLATES = {
    "bao-cao": "Báo cáo sơ kết, tổng kết phong trào thi đua của Cụm (tdcli compile)",
    "giao-uoc": "Giao ước thi đua năm, có ô ký của các Sở thành viên (tdcli pledge)",
    "tom-tat-thanh-vien": (
        "Tóm tắt một trang kết quả của một Sở thành viên (tdcli export --per-member)"
    ),
    "to-trinh": "Tờ trình đề nghị khen thưởng cuối năm của Cụm (tdcli assess proposal)",
    "phieu-bau": "Phiếu bầu kín, hai phiếu một trang, không ghi tên (tdcli assess ballots)",
    "bien-ban": "Biên bản hội nghị tổng kết, bình xét thi đua cuối năm (tdcli assess minutes)",
}


def bundled_templates() -> dict[str, str]:
    """Name -> description of every template that ships with tdcli."""
    return dict(TEMPLATES)


def template_path(name: str) -> Path:
    name = name.removesuffix(".docx")
    if name not in TEMPLATES:
        raise UsageError(f"Không có mẫu '{name}'; các mẫu có: {', '.join(TEMPLATES)}")
    try:
        path = bundled_dir("templates") / f"{name}.docx"
    except FileNotFoundError:
        path = None
    if path is None or not path.is_file():
        raise UsageError(f"Bản cài đặt thiếu mẫu '{name}'; cài lại tdcli")
    return path


def copy_template(name: str, directory: Path) -> Path:
    """Copy a bundled template into `directory`; an existing file is never overwritten."""
    source = template_path(name)
    target = directory / source.name
    if target.exists():
        raise UsageError(f"{target} đã có; chọn thư mục khác hoặc xóa tệp cũ")
    directory.mkdir(parents=True, exist_ok=True)
    with atomic_path(target, record=False) as temporary:
        shutil.copyfile(source, temporary)
    return target
