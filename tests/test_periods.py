from __future__ import annotations

from datetime import date

import pytest

from tdcli.model.periods import Period, PeriodError, PeriodKind

LABELS = [
    ("2022-H1", "2022-H1", "6 tháng đầu năm 2022", date(2022, 1, 1), date(2022, 6, 30)),
    ("2022-H2", "2022-H2", "6 tháng cuối năm 2022", date(2022, 7, 1), date(2022, 12, 31)),
    ("2022", "2022", "năm 2022", date(2022, 1, 1), date(2022, 12, 31)),
    ("2022-FY", "2022", "năm 2022", date(2022, 1, 1), date(2022, 12, 31)),
    ("2022-fy", "2022", "năm 2022", date(2022, 1, 1), date(2022, 12, 31)),
    ("2022-Q1", "2022-Q1", "quý I năm 2022", date(2022, 1, 1), date(2022, 3, 31)),
    ("2024-Q1", "2024-Q1", "quý I năm 2024", date(2024, 1, 1), date(2024, 3, 31)),
    ("2022-Q2", "2022-Q2", "quý II năm 2022", date(2022, 4, 1), date(2022, 6, 30)),
    ("2022-Q3", "2022-Q3", "quý III năm 2022", date(2022, 7, 1), date(2022, 9, 30)),
    ("2022-Q4", "2022-Q4", "quý IV năm 2022", date(2022, 10, 1), date(2022, 12, 31)),
    ("2022-9M", "2022-9M", "9 tháng năm 2022", date(2022, 1, 1), date(2022, 9, 30)),
]


@pytest.mark.parametrize(
    ("text", "code", "label", "start", "end"), LABELS, ids=[c[0] for c in LABELS]
)
def test_labels_and_spans(text: str, code: str, label: str, start: date, end: date) -> None:
    period = Period.parse(text)
    assert (period.code, period.label, period.start, period.end) == (code, label, start, end)
    assert str(period) == code


def test_same_period_one_year_earlier() -> None:
    assert Period.parse("2022-H1").previous_year() == Period(2021, PeriodKind.H1)
    assert Period.parse("2022-FY").previous_year().label == "năm 2021"


def test_full_year_spellings_are_one_period() -> None:
    assert Period.parse("2022") == Period.parse("2022-FY")
    assert Period.parse("2022").is_full_year and Period.parse("2022-H1").is_mid_year


@pytest.mark.parametrize("text", ["2022-H3", "22-H1", "2022H1", "năm 2022", "", "3000"])
def test_rejected(text: str) -> None:
    with pytest.raises(PeriodError):
        Period.parse(text)
