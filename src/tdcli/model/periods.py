"""Reporting periods: `2022-H1`, `2022` (or `2022-FY`), `2022-Q3`, `2022-9M`, `2022-H2`."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = ["Period", "PeriodError", "PeriodKind"]


class PeriodKind(StrEnum):
    H1 = "H1"
    H2 = "H2"
    Q1 = "Q1"
    Q2 = "Q2"
    Q3 = "Q3"
    Q4 = "Q4"
    NINE_MONTHS = "9M"
    FULL_YEAR = "FY"


# (first month, last month, label before the year, short label after the year)
_SPANS: dict[PeriodKind, tuple[int, int, str, str]] = {
    PeriodKind.H1: (1, 6, "6 tháng đầu năm", "6 tháng đầu"),
    PeriodKind.H2: (7, 12, "6 tháng cuối năm", "6 tháng cuối"),
    PeriodKind.Q1: (1, 3, "quý I năm", "quý I"),
    PeriodKind.Q2: (4, 6, "quý II năm", "quý II"),
    PeriodKind.Q3: (7, 9, "quý III năm", "quý III"),
    PeriodKind.Q4: (10, 12, "quý IV năm", "quý IV"),
    PeriodKind.NINE_MONTHS: (1, 9, "9 tháng năm", "9 tháng"),
    PeriodKind.FULL_YEAR: (1, 12, "năm", ""),
}

_PATTERN = re.compile(r"^\s*(\d{4})(?:\s*-\s*(H1|H2|Q[1-4]|9M|FY))?\s*$", re.IGNORECASE)


class PeriodError(ValueError):
    """A text that is not a period tdcli knows."""


@dataclass(frozen=True, order=True, slots=True)
class Period:
    """One reporting period of one year."""

    year: int
    kind: PeriodKind = PeriodKind.FULL_YEAR

    @classmethod
    def parse(cls, text: str | int) -> Period:
        match = _PATTERN.match(str(text))
        if match is None:
            raise PeriodError(
                f"'{text}' không phải kỳ báo cáo hợp lệ; "
                "viết như 2022-H1, 2022, 2022-Q3 hoặc 2022-9M"
            )
        year = int(match.group(1))
        if not 1990 <= year <= 2100:
            raise PeriodError(f"Năm {year} nằm ngoài khoảng hợp lệ (1990-2100)")
        kind = PeriodKind((match.group(2) or "FY").upper())
        return cls(year, kind)

    @property
    def code(self) -> str:
        """The canonical text: `2022` for a full year, `2022-H1` otherwise."""
        if self.kind is PeriodKind.FULL_YEAR:
            return str(self.year)
        return f"{self.year}-{self.kind.value}"

    @property
    def label(self) -> str:
        """Vietnamese label, e.g. `6 tháng đầu năm 2022`."""
        return f"{_SPANS[self.kind][2]} {self.year}"

    @property
    def short_label(self) -> str:
        """`2022` for a full year, `2022 (6 tháng đầu)` otherwise: a chart's or a column's name
        of the period, which never lets a part of a year pass for a whole one."""
        short = _SPANS[self.kind][3]
        return f"{self.year} ({short})" if short else str(self.year)

    @property
    def start(self) -> date:
        return date(self.year, _SPANS[self.kind][0], 1)

    @property
    def end(self) -> date:
        last_month = _SPANS[self.kind][1]
        return date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    @property
    def is_full_year(self) -> bool:
        return self.kind is PeriodKind.FULL_YEAR

    @property
    def is_mid_year(self) -> bool:
        return self.kind is PeriodKind.H1

    def previous_year(self) -> Period:
        """The same period one year earlier (cùng kỳ năm trước)."""
        return Period(self.year - 1, self.kind)

    def __str__(self) -> str:
        return self.code
