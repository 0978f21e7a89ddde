"""The cluster's totals across periods, as a pure function: what the trend chart draws."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tdcli.compute.aggregate import Aggregate
from tdcli.model.catalogue import main_indicators
from tdcli.model.periods import Period

__all__ = ["Trend", "trend"]


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


def trend(results: Sequence[Aggregate], keys: Sequence[str] | None = None) -> Trend:
    """The totals of `keys` (the main indicators when None) in each result, in time order."""
    ordered = sorted(results, key=lambda result: result.period)
    chosen = tuple(keys) if keys is not None else main_indicators()
    return Trend(
        tuple(result.period for result in ordered),
        {key: tuple(result.totals[key].value for result in ordered) for key in chosen},
    )
