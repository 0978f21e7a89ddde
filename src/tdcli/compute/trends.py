"""The cluster's totals across periods, as a pure function: what the trend chart draws.

A trend compares like with like: each kind of period is its own series (full years with full
years, first halves with first halves), so a half year is never read as a fall of a full year.
Every kind of period tdcli knows (`PeriodKind`) makes a series of its own when it has data:
full years first, then the partial periods in `PeriodKind`'s order, each named by its period's
own label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tdcli.compute.aggregate import Aggregate
from tdcli.model.catalogue import main_indicators
from tdcli.model.periods import Period, PeriodKind

__all__ = ["Trend", "TrendSeries", "series_name", "trend", "worth_comparing"]

SERIES_ORDER: tuple[PeriodKind, ...] = (
    PeriodKind.FULL_YEAR,
    *(kind for kind in PeriodKind if kind is not PeriodKind.FULL_YEAR),
)
"""The order of the series in a chart and its legend: full years, then the partial periods."""

_NAMED_WITH_YEAR_WORD = frozenset({PeriodKind.H1, PeriodKind.H2})
"""Halves read whole without their year ("6 tháng đầu năm"); a quarter or nine months do not
("quý I năm", "9 tháng năm": the last reads as "tháng Năm", May), so they take their short
label ("quý I", "9 tháng")."""


def series_name(kind: PeriodKind) -> str:
    """The name of a series in a legend: "Cả năm", "6 tháng đầu năm", "Quý III", "9 tháng"."""
    if kind is PeriodKind.FULL_YEAR:
        return "Cả năm"
    sample = Period(2000, kind)
    if kind in _NAMED_WITH_YEAR_WORD:
        name = sample.label.removesuffix(f" {sample.year}")
    else:
        name = sample.short_label.removeprefix(f"{sample.year} (").removesuffix(")")
    return name[:1].upper() + name[1:]


def worth_comparing(periods: Iterable[Period]) -> bool:
    """Whether a trend over `periods` compares anything: some kind of period in two years or
    more. A full year beside a half year compares nothing."""
    years = Counter(period.kind for period in set(periods))
    return any(count >= 2 for count in years.values())


@dataclass(frozen=True)
class TrendSeries:
    """One kind of period across the years: (year, total) for each year that has the period,
    the total None when nobody reported it."""

    kind: PeriodKind
    name: str
    points: tuple[tuple[int, int | None], ...]

    def value(self, year: int) -> tuple[bool, int | None]:
        """Whether `year` has this period, and its total."""
        for point_year, total in self.points:
            if point_year == year:
                return True, total
        return False, None


@dataclass(frozen=True)
class Trend:
    """For each indicator, the cluster's total in each period (None: nobody reported it)."""

    periods: tuple[Period, ...]
    values: dict[str, tuple[int | None, ...]]

    def until(self, year: int) -> Trend:
        """The trend as it stood at the end of `year`."""
        kept = [index for index, period in enumerate(self.periods) if period.year <= year]
        return Trend(
            tuple(self.periods[index] for index in kept),
            {key: tuple(series[index] for index in kept) for key, series in self.values.items()},
        )

    @property
    def years(self) -> tuple[int, ...]:
        """The years that have at least one period, in order."""
        return tuple(sorted({period.year for period in self.periods}))

    @property
    def kinds(self) -> tuple[PeriodKind, ...]:
        """The kinds of period that have data, in the order of their series."""
        present = {period.kind for period in self.periods}
        return tuple(kind for kind in SERIES_ORDER if kind in present)

    def series(self, key: str) -> tuple[TrendSeries, ...]:
        """The totals of `key`, a series per kind of period (see `kinds`)."""
        values = self.values[key]
        return tuple(
            TrendSeries(
                kind,
                series_name(kind),
                tuple(
                    (period.year, value)
                    for period, value in zip(self.periods, values, strict=True)
                    if period.kind is kind
                ),
            )
            for kind in self.kinds
        )

    def worth_drawing(self) -> bool:
        """Drawn only when some series has two years or more to compare."""
        return worth_comparing(self.periods)


def trend(results: Sequence[Aggregate], keys: Sequence[str] | None = None) -> Trend:
    """The totals of `keys` (the main indicators when None) in each result, in time order."""
    ordered = sorted(results, key=lambda result: (result.period.end, result.period.start))
    chosen = tuple(keys) if keys is not None else main_indicators()
    return Trend(
        tuple(result.period for result in ordered),
        {key: tuple(result.totals[key].value for result in ordered) for key in chosen},
    )
