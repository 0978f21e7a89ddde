"""Synthetic workspaces for the benchmarks, made from the bundled example."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tdcli.usecases.init import create_workspace

TENTH_MEMBER = """      - id: yen-bai
        province: Yên Bái
        department: Sở Tài nguyên và Môi trường tỉnh Yên Bái
        director: Nguyễn Văn Bình
"""


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """The fastest of `repeat` runs, in seconds: the least disturbed by a noisy machine."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return min(timings)


def render_alone(
    template: Path, context: dict[str, Any], tables: Sequence[Any], target: Path
) -> None:
    """The floor of a compile: docxtpl renders the template with tdcli's context (appendix
    tables included) and saves it, nothing else."""
    from docxtpl import DocxTemplate

    from tdcli.render.docx import make_environment
    from tdcli.render.nd30 import add_data_table

    document = DocxTemplate(template)
    subdoc = document.new_subdoc()
    for table in tables:
        add_data_table(subdoc, table, 252)
    document.render(
        {**context, "appendix_tables": subdoc, "charts": []}, make_environment(), autoescape=True
    )
    document.save(target)


def print_rows(rows: Sequence[tuple[str, float, float | None, str]]) -> None:
    """The benchmark's table: measure, seconds, ratio to its floor, target."""
    print(f"{'measure':<40} {'seconds':>9} {'ratio':>7}  target")
    for name, seconds, ratio, target in rows:
        shown = f"{ratio:7.2f}" if ratio is not None else " " * 7
        print(f"{name:<40} {seconds:9.3f} {shown}  {target}")


def ten_member_workspace(root: Path) -> Path:
    """The example with a tenth member in 2022, who reported for 2022-H1 too."""
    folder = create_workspace(root / "ten", "cum-ii")
    cluster = folder / "cluster.yaml"
    text = cluster.read_text(encoding="utf-8")
    marker = "    commitments:"
    last = text.rfind(marker)  # the 2022 year is the last one in the example
    cluster.write_text(text[:last] + TENTH_MEMBER + text[last:], encoding="utf-8")
    source = folder / "submissions" / "2022-H1" / "bac-giang.yaml"
    copy = source.read_text(encoding="utf-8").replace("member: bac-giang", "member: yen-bai")
    (source.parent / "yen-bai.yaml").write_text(copy, encoding="utf-8")
    return folder
