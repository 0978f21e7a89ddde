"""Charts for the year summaries, drawn with matplotlib (imported only here, only when drawn).

DejaVu Sans, which ships with matplotlib, has every Vietnamese letter, so labels keep their
diacritics on any machine; the PNG carries no timestamp, so the same data draws the same file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tdcli.compute.aggregate import Aggregate
from tdcli.compute.trends import Trend
from tdcli.model.catalogue import field_spec, main_indicators
from tdcli.render.outputs import atomic_path

__all__ = ["draw_members_chart", "draw_trend_chart"]


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as pyplot

    pyplot.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9, "svg.hashsalt": "tdcli"})
    return pyplot


def _axis_label(key: str) -> tuple[str, float]:
    """The field as a table's column names it, and the divisor of its figures."""
    spec = field_spec(key)
    assert spec is not None
    return spec.column_label, float(spec.indicator.table_divisor)


def _whole_ticks(axis: Any, scale: float) -> None:
    """Counts are whole: no 17,5 báo cáo on an axis."""
    if scale == 1.0:
        from matplotlib.ticker import MaxNLocator

        axis.yaxis.set_major_locator(MaxNLocator(integer=True))


def _save(figure: Any, target: Path) -> Path:
    with atomic_path(target) as temporary:
        figure.savefig(temporary, format="png", dpi=150, metadata={"Software": None})
    return target


def draw_members_chart(result: Aggregate, target: Path) -> Path:
    """Bars of the main indicators, one panel each, a bar per member."""
    pyplot = _pyplot()
    names = [row.member.province.name for row in result.members]
    figure, axes = pyplot.subplots(2, 2, figsize=(11, 7))
    for axis, key in zip(axes.flat, main_indicators(), strict=True):
        label, scale = _axis_label(key)
        values = [(row.value(key) or 0) / scale for row in result.members]
        axis.bar(range(len(names)), values, color="#2f5597")
        _whole_ticks(axis, scale)
        axis.set_title(label, fontsize=10)
        axis.set_xticks(range(len(names)), names, rotation=45, ha="right")
        axis.grid(axis="y", alpha=0.3)
    figure.suptitle(f"Các chỉ tiêu chính theo đơn vị, {result.period.label}", fontsize=12)
    figure.tight_layout()
    try:
        return _save(figure, target)
    finally:
        pyplot.close(figure)


def draw_trend_chart(trend: Trend, target: Path) -> Path:
    """Lines of the cluster's totals across periods, one panel per indicator of the trend."""
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(2, 2, figsize=(11, 7))
    labels = [period.short_label for period in trend.periods]
    for axis, (key, series) in zip(axes.flat, trend.values.items(), strict=False):
        label, scale = _axis_label(key)
        shown = [(index, value / scale) for index, value in enumerate(series) if value is not None]
        if shown:
            axis.plot([i for i, _ in shown], [v for _, v in shown], marker="o", color="#c00000")
        _whole_ticks(axis, scale)
        axis.set_title(label, fontsize=10)
        axis.set_xticks(range(len(labels)), labels, rotation=0)
        axis.grid(alpha=0.3)
    figure.suptitle("Tổng số của Cụm qua các năm", fontsize=12)
    figure.tight_layout()
    try:
        return _save(figure, target)
    finally:
        pyplot.close(figure)
