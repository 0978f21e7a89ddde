"""Charts for the year summaries, drawn with matplotlib (imported only here, only when drawn).

Chart text is set in the documents' serif face (`chart_font`) and every number reads as in the
tables (`cell_text`: "1.234", "3.455,6" triệu đồng). Bars start at zero; a total nobody
reported is no bar (with the tables' "-" where it would stand), never a bar of 0. The PNG
carries no timestamp, so the same data draws the same file.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from tdcli.compute.aggregate import Aggregate
from tdcli.compute.trends import Trend, series_name
from tdcli.contents.tables import Figure, cell_text
from tdcli.model.catalogue import field_spec, main_indicators
from tdcli.model.periods import PeriodKind
from tdcli.model.vnformat import format_decimal
from tdcli.render.outputs import atomic_path

__all__ = [
    "FONT_CANDIDATES",
    "VIETNAMESE_LETTERS",
    "chart_font",
    "draw_members_chart",
    "draw_trend_chart",
    "members_figure",
    "trend_figure",
]

FONT_CANDIDATES = ("Times New Roman", "Liberation Serif", "DejaVu Serif")
"""The documents' face, then its metric twin (fonts-liberation2), then the serif that ships
with matplotlib."""


def _vietnamese_letters() -> frozenset[str]:
    vowels = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # huyền sắc ngã hỏi nặng
    lower = {unicodedata.normalize("NFC", vowel + tone) for vowel in vowels for tone in tones}
    lower |= set("bcdđghklmnpqrstvx")
    return frozenset(lower | {letter.upper() for letter in lower})


VIETNAMESE_LETTERS = _vietnamese_letters()
"""Every letter of the Vietnamese alphabet, upper and lower case, with every tone mark."""

_FULL_YEAR_STYLE: dict[str, Any] = {"facecolor": "#2f5597", "edgecolor": "#2f5597"}
_PARTIAL_STYLES: dict[PeriodKind, dict[str, Any]] = {
    PeriodKind.H1: {"facecolor": "#bdd7ee", "edgecolor": "#2f5597", "hatch": "///"},
    PeriodKind.H2: {"facecolor": "#fbe5d6", "edgecolor": "#c55a11", "hatch": "\\\\\\"},
    PeriodKind.NINE_MONTHS: {"facecolor": "#e2f0d9", "edgecolor": "#548235", "hatch": "xx"},
    PeriodKind.Q1: {"facecolor": "#ededed", "edgecolor": "#595959", "hatch": ".."},
    PeriodKind.Q2: {"facecolor": "#ededed", "edgecolor": "#595959", "hatch": "oo"},
    PeriodKind.Q3: {"facecolor": "#ededed", "edgecolor": "#595959", "hatch": "--"},
    PeriodKind.Q4: {"facecolor": "#ededed", "edgecolor": "#595959", "hatch": "++"},
}
"""Full years solid; each partial period lighter and hatched, so no part of a year passes for
a whole one even in grey print."""


def _style(kind: PeriodKind) -> dict[str, Any]:
    return _FULL_YEAR_STYLE if kind is PeriodKind.FULL_YEAR else _PARTIAL_STYLES[kind]


@cache
def chart_font() -> str:
    """The first of `FONT_CANDIDATES` installed (as matplotlib finds it, without falling back
    to another face) whose glyphs cover every Vietnamese letter."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    for family in FONT_CANDIDATES:
        try:
            path = font_manager.findfont(
                font_manager.FontProperties(family=family), fallback_to_default=False
            )
        except ValueError:
            continue
        covered = {chr(code) for code in FT2Font(path).get_charmap()}
        if VIETNAMESE_LETTERS.issubset(covered):
            return family
    return FONT_CANDIDATES[-1]


def _matplotlib() -> None:
    import matplotlib

    matplotlib.rcParams.update(
        {"font.family": [chart_font()], "font.size": 9, "svg.hashsalt": "tdcli"}
    )


def _new_figure() -> Any:
    """A figure of four panels, outside pyplot's global state (nothing to close)."""
    from matplotlib.figure import Figure as PlotFigure

    _matplotlib()
    figure = PlotFigure(figsize=(11, 7))
    return figure, figure.subplots(2, 2)


def _axis_label(key: str) -> tuple[str, int]:
    """The field as a table's column names it, and the divisor of its figures."""
    spec = field_spec(key)
    assert spec is not None
    return spec.column_label, spec.indicator.table_divisor


def _value_axis(axis: Any, divisor: int, tallest: float) -> None:
    """From zero, a little room above the tallest bar for its label; whole ticks for counts
    (no 17,5 báo cáo), one decimal for millions; numbers in the Vietnamese format."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    digits = 0 if divisor == 1 else 1
    axis.yaxis.set_major_locator(MaxNLocator(nbins="auto", integer=divisor == 1, min_n_ticks=3))
    axis.yaxis.set_major_formatter(FuncFormatter(lambda value, _: format_decimal(value, digits)))
    axis.set_ylim(0, tallest * 1.15 if tallest > 0 else 1)
    axis.grid(axis="y", alpha=0.3)
    axis.set_axisbelow(True)


def _bars(
    axis: Any,
    places: list[float],
    values: list[int | None],
    divisor: int,
    width: float,
    **style: Any,
) -> float:
    """Bars at `places` for the values that exist, each labelled as the tables write it; a
    "-" on the baseline for a value nobody reported. Returns the tallest bar's height."""
    shown = [
        (place, value) for place, value in zip(places, values, strict=True) if value is not None
    ]
    if shown:
        bars = axis.bar(
            [place for place, _ in shown],
            [value / divisor for _, value in shown],
            width,
            linewidth=0.8,
            **style,
        )
        labels = [cell_text(Figure(value, divisor)) for _, value in shown]
        axis.bar_label(bars, labels=labels, padding=2, fontsize=7)
    for place, value in zip(places, values, strict=True):
        if value is None:
            axis.annotate(
                cell_text(Figure(None)),
                (place, 0),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
            )
    return max((value / divisor for _, value in shown), default=0.0)


def _save(figure: Any, target: Path) -> Path:
    with atomic_path(target) as temporary:
        figure.savefig(temporary, format="png", dpi=150, metadata={"Software": None})
    return target


def members_figure(result: Aggregate) -> Any:
    """Bars of the main indicators, one panel each, a bar per member (as a matplotlib figure,
    not yet saved)."""
    names = [row.member.province.name for row in result.members]
    figure, axes = _new_figure()
    places = [float(index) for index in range(len(names))]
    for axis, key in zip(axes.flat, main_indicators(), strict=True):
        label, divisor = _axis_label(key)
        values = [row.value(key) for row in result.members]
        tallest = _bars(axis, places, values, divisor, 0.8, **_FULL_YEAR_STYLE)
        _value_axis(axis, divisor, tallest)
        axis.set_title(label, fontsize=10)
        axis.set_xticks(places, names, rotation=45, ha="right")
    figure.suptitle(f"Các chỉ tiêu chính theo đơn vị, {result.period.label}", fontsize=12)
    figure.tight_layout()
    return figure


def trend_title(trend: Trend) -> str:
    """What the chart compares: "Tổng số của Cụm qua các năm (cả năm và 6 tháng đầu năm, so
    sánh cùng kỳ)"."""
    names = [series_name(kind) for kind in trend.kinds]
    names = [name[:1].lower() + name[1:] for name in names]
    if not names:
        return "Tổng số của Cụm qua các năm"
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]}"
    return f"Tổng số của Cụm qua các năm ({listed}, so sánh cùng kỳ)"


def trend_figure(trend: Trend) -> Any:
    """The cluster's totals across the years as grouped bars, one panel per indicator of the
    trend: a group per year, a bar per kind of period (full year solid, a part of a year light
    and hatched, in a slot of its own), so like is compared with like (as a matplotlib figure,
    not yet saved)."""
    from matplotlib.patches import Patch

    figure, axes = _new_figure()
    years = trend.years
    kinds = trend.kinds
    width = 0.8 / max(len(kinds), 1)
    for axis, key in zip(axes.flat, trend.values, strict=False):
        label, divisor = _axis_label(key)
        tallest = 0.0
        for slot, series in enumerate(trend.series(key)):
            offset = (slot - (len(kinds) - 1) / 2) * width
            found = [(index + offset, series.value(year)) for index, year in enumerate(years)]
            places = [place for place, (has, _) in found if has]
            values = [value for _, (has, value) in found if has]
            drawn = _bars(axis, places, values, divisor, width, **_style(series.kind))
            tallest = max(tallest, drawn)
        _value_axis(axis, divisor, tallest)
        axis.set_title(label, fontsize=10)
        axis.set_xticks(range(len(years)), [str(year) for year in years])
        axis.set_xlim(-0.5, len(years) - 0.5)
    for axis in list(axes.flat)[len(trend.values) :]:
        axis.set_visible(False)
    handles = [Patch(label=series_name(kind), linewidth=0.8, **_style(kind)) for kind in kinds]
    figure.suptitle(trend_title(trend), fontsize=12)
    if handles:
        figure.legend(
            handles=handles,
            loc="upper center",
            ncols=len(handles),
            frameon=False,
            bbox_to_anchor=(0.5, 0.955),
        )
    figure.tight_layout(rect=(0, 0, 1, 0.935))
    return figure


def draw_members_chart(result: Aggregate, target: Path) -> Path:
    """The members' chart (`members_figure`) as a PNG at `target`."""
    return _save(members_figure(result), target)


def draw_trend_chart(trend: Trend, target: Path) -> Path:
    """The trend chart (`trend_figure`) as a PNG at `target`."""
    return _save(trend_figure(trend), target)
