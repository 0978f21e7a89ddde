"""The bundled example workspaces, and `init`: a new workspace made from one of them."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from tdcli.errors import UsageError
from tdcli.resources import bundled_dir
from tdcli.workspace.layout import CLUSTER_FILE, OUTPUT_DIR, SUBMISSIONS_DIR

__all__ = ["EXAMPLES", "create_workspace", "example_path"]

EXAMPLES = {
    "cum-ii": "Cụm thi đua số II, 9 Sở Tài nguyên và Môi trường, 2021-2022",
    "cum-ii-2025": "Cụm thi đua qua sắp xếp năm 2025 (Sở Nông nghiệp và Môi trường), 2024-2025",
}


def example_path(name: str) -> Path:
    """The folder of a bundled example: inside the installed package, or in a source checkout."""
    if name not in EXAMPLES:
        raise UsageError(f"Không có ví dụ '{name}'; chọn một trong: {', '.join(EXAMPLES)}")
    try:
        folder = bundled_dir("examples") / name
    except FileNotFoundError:
        folder = None
    if folder is None or not folder.is_dir():
        raise UsageError(f"Bản cài đặt thiếu ví dụ '{name}'; cài lại tdcli")
    return folder


def create_workspace(target: Path, example: str = "cum-ii", *, empty: bool = False) -> Path:
    """Copy an example into `target` (absent or empty); all of it appears at once or nothing.
    With `empty`, only the example's cluster.yaml (to edit) and an empty `submissions/`."""
    source = example_path(example)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"Thư mục {target} đã có nội dung; chọn một thư mục mới hoặc trống")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tdcli-init-", dir=target.parent))
    try:
        built = staging / "workspace"
        if empty:
            built.mkdir()
            shutil.copyfile(source / CLUSTER_FILE, built / CLUSTER_FILE)
            (built / SUBMISSIONS_DIR).mkdir()
        else:
            ignore = shutil.ignore_patterns(OUTPUT_DIR, "__pycache__")
            shutil.copytree(source, built, ignore=ignore)
        if target.exists():
            target.rmdir()
        built.replace(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
