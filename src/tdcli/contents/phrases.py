"""Phrases every document shares: what a period makes of a review, comparisons with a year
earlier, numbers in running text, lists and bullet lines."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from tdcli.model.catalogue import ValueKind
from tdcli.model.periods import Period, PeriodKind
from tdcli.model.vnformat import (
    change_phrase,
    format_int,
    format_percent,
    money_text,
    percent_change,
    vn_sorted,
)

if TYPE_CHECKING:
    from tdcli.compute.aggregate import FieldTotal

__all__ = [
    "LETTERS",
    "NO_DATA",
    "PARTIAL_MARK",
    "PARTIAL_NOTE",
    "ReviewKind",
    "bullet_lines",
    "capitalised",
    "comparison_name",
    "comparison_tail",
    "items",
    "number_text",
    "partial_period_note",
    "province_list",
    "review_kind",
    "short_change",
    "total_change",
    "total_comparison",
    "unique",
]

LETTERS = "abcdđeghiklmnopqrstuvxy"
"""Lettered points in Vietnamese order (a, b, c, d, đ, e, ...), as Nghị định 30 lists them."""
NO_DATA = "không có số liệu"


class ReviewKind:
    """What the period makes of the report: its name in the summary line and its headings."""

    def __init__(self, name: str, verb: str, next_label: str) -> None:
        self.name = name
        self.verb = verb
        self.next_label = next_label


def review_kind(period: Period) -> ReviewKind:
    if period.kind is PeriodKind.H1:
        return ReviewKind("sơ kết", "Sơ kết", Period(period.year, PeriodKind.H2).label)
    if period.is_full_year:
        return ReviewKind("tổng kết", "Tổng kết", Period(period.year + 1).label)
    return ReviewKind("báo cáo kết quả", "Kết quả", "thời gian tới")


def comparison_name(period: Period) -> str:
    """What a period is compared with: `cùng kỳ`, or `năm trước` for a full year."""
    return "năm trước" if period.is_full_year else "cùng kỳ"


def comparison_tail(period: Period) -> str:
    """`cùng kỳ năm 2021`, or `năm 2021` for a full year."""
    previous = period.previous_year()
    return f"năm {previous.year}" if period.is_full_year else f"cùng kỳ năm {previous.year}"


def total_comparison(total: FieldTotal, tail: str) -> str:
    """`tăng 12,5% so với cùng kỳ năm 2021`, saying when it counts only the members with
    figures in both periods; "" without a base."""
    if total.comparable is None:
        return ""
    phrase = change_phrase(total.comparable, total.previous, tail)
    if phrase and total.partial:
        phrase += ", tính trên các đơn vị có số liệu cả hai kỳ"
    return phrase


def partial_period_note(period: Period) -> str | None:
    """Said in a year summary made from part of the year."""
    if period.is_full_year:
        return None
    return f"Chưa có báo cáo cả năm {period.year}; báo cáo này tổng hợp số liệu {period.label}."


def capitalised(text: str) -> str:
    """The first letter upper case, the rest as it is (`6 tháng đầu năm` stays)."""
    return text[:1].upper() + text[1:]


PARTIAL_MARK = "*"
PARTIAL_NOTE = "(*) so sánh trên các đơn vị có số liệu cả hai kỳ."


def total_change(total: FieldTotal) -> str:
    """The cluster's change in a table cell, marked when it is like for like on fewer members."""
    shown = short_change(total.comparable, total.previous)
    return shown + PARTIAL_MARK if total.partial and shown != "-" else shown


def short_change(current: int | None, previous: int | None) -> str:
    """A table's comparison cell: `tăng 12,5%`, `giảm 3,0%`, `bằng`, `tăng 5`, or `-`."""
    if current is None or previous is None:
        return "-"
    if current == previous:
        return "bằng"
    change = percent_change(current, previous)
    if change is None:
        return f"tăng {format_int(current)}"
    return f"{'tăng' if change > 0 else 'giảm'} {format_percent(abs(change))}"


def number_text(total: FieldTotal | None) -> str | None:
    if total is None or total.value is None:
        return None
    if total.spec.kind is ValueKind.MONEY:
        return money_text(total.value)
    return format_int(total.value)


def items(texts: Iterable[str]) -> list[str]:
    return [text.rstrip(" .;") for text in texts if text.strip()]


def unique(texts: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for text in texts:
        key = " ".join(text.lower().split())
        if key not in seen:
            seen.add(key)
            unique.append(text)
    return unique


def bullet_lines(lines: Sequence[str], *, last: str = ".") -> list[str]:
    """`- item;` lines, the last ending with `last`."""
    return [
        f"- {text}{';' if index < len(lines) - 1 else last}" for index, text in enumerate(lines)
    ]


def province_list(names: Sequence[str]) -> str:
    names = vn_sorted(names)
    return ", ".join(names[:-1]) + f" và {names[-1]}" if len(names) > 1 else "".join(names)
