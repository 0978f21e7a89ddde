"""Phrases every document shares: what a period makes of a review, comparisons with a year
earlier, numbers in running text, lists and bullet lines."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tdcli.compute.aggregate import FieldTotal
from tdcli.model.catalogue import ValueKind
from tdcli.model.periods import Period, PeriodKind
from tdcli.model.vnformat import (
    format_int,
    format_percent,
    money_text,
    percent_change,
    vn_sorted,
)

__all__ = [
    "LETTERS",
    "NO_DATA",
    "PARTIAL_MARK",
    "PARTIAL_NOTE",
    "ReviewKind",
    "bullet_lines",
    "comparison_tail",
    "items",
    "number_text",
    "province_list",
    "review_kind",
    "short_change",
    "total_change",
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
        return ReviewKind("sơ kết", "Sơ kết", f"6 tháng cuối năm {period.year}")
    if period.is_full_year:
        return ReviewKind("tổng kết", "Tổng kết", f"năm {period.year + 1}")
    return ReviewKind("báo cáo kết quả", "Kết quả", "thời gian tới")


def comparison_tail(period: Period) -> str:
    """`cùng kỳ năm 2021`, or `năm 2021` for a full year."""
    previous = period.previous_year()
    return f"năm {previous.year}" if period.is_full_year else f"cùng kỳ năm {previous.year}"


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
