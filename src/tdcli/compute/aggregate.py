"""Cluster totals and comparisons with the same period a year earlier, as pure functions.

No I/O here: give it the period, the year's members with their provinces and the validated
submissions of both periods; it returns frozen results. A field nobody reported stays None
("không có số liệu"), never 0. Across the 2025 reorganisation a merged province's previous
figure is the sum of the figures of the provinces it absorbed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from tdcli.model.catalogue import FieldSpec, Submission, iter_fields
from tdcli.model.cluster import YearConfig
from tdcli.model.periods import Period
from tdcli.model.provinces import Province
from tdcli.model.vnformat import percent_change, vn_sorted

__all__ = [
    "Aggregate",
    "FieldTotal",
    "Jump",
    "MemberFigures",
    "MemberRef",
    "aggregate",
    "cluster_totals",
    "jumps",
    "member_refs",
    "previous_for",
]

Figures = dict[str, int | None]


@dataclass(frozen=True, slots=True)
class MemberRef:
    """A member of the year: its id, department, director and province unit."""

    id: str
    department: str
    province: Province
    director: str | None = None


@dataclass(frozen=True, slots=True)
class FieldTotal:
    """One field summed over the cluster, and compared like for like with a year earlier."""

    spec: FieldSpec
    value: int | None
    reported: int
    previous: int | None = None
    comparable: int | None = None

    @property
    def partial(self) -> bool:
        """The comparison leaves out members that reported now but not a year earlier."""
        return self.comparable is not None and self.comparable != self.value

    @property
    def change(self) -> Decimal | None:
        """Percentage change of the comparable total; None without a base to compare with."""
        if self.previous is None or self.comparable is None:
            return None
        return percent_change(self.comparable, self.previous)


@dataclass(frozen=True, slots=True)
class MemberFigures:
    """One member's row: its submission (None when it sent nothing) and last year's figures."""

    member: MemberRef
    submission: Submission | None
    previous: Figures = field(default_factory=dict)
    merged_from: tuple[Province, ...] = ()

    def value(self, key: str) -> int | None:
        if self.submission is None:
            return None
        value = self.submission.value(key)
        return value if isinstance(value, int) else None

    def change(self, key: str) -> Decimal | None:
        current, previous = self.value(key), self.previous.get(key)
        if current is None or previous is None:
            return None
        return percent_change(current, previous)


@dataclass(frozen=True)
class Aggregate:
    """Everything the report says in numbers."""

    period: Period
    members: tuple[MemberFigures, ...]
    totals: Mapping[str, FieldTotal]
    has_previous: bool

    @property
    def reporting(self) -> tuple[MemberFigures, ...]:
        return tuple(row for row in self.members if row.submission is not None)

    @property
    def missing(self) -> tuple[MemberFigures, ...]:
        return tuple(row for row in self.members if row.submission is None)

    @property
    def merged(self) -> tuple[MemberFigures, ...]:
        return tuple(row for row in self.members if row.merged_from)


JUMP_RATIO = 10
"""A member's figure this many times its figure a year earlier is worth a second look."""
JUMP_FLOOR = 100
"""Below this a figure is small enough for any ratio (1 cuộc, then 12)."""


@dataclass(frozen=True, slots=True)
class Jump:
    """A member's figure many times its figure for the same period a year earlier."""

    member: MemberRef
    spec: FieldSpec
    value: int
    previous: int


def jumps(result: Aggregate) -> list[Jump]:
    """Each figure at least `JUMP_RATIO` times (and `JUMP_FLOOR` above) the member's figure
    a year earlier: a date typed into a count cell, an amount typed in đồng instead of triệu."""
    found = []
    for row in result.members:
        for spec in iter_fields(numeric_only=True):
            value, previous = row.value(spec.key), row.previous.get(spec.key)
            if value is None or not previous or value < JUMP_FLOOR:
                continue
            if value >= JUMP_RATIO * previous:
                found.append(Jump(row.member, spec, value, previous))
    return found


def member_refs(year: YearConfig, provinces: Mapping[str, Province]) -> list[MemberRef]:
    """The members of the year whose province is known, in Vietnamese order of province names."""
    refs = [
        MemberRef(member.id, member.department, provinces[member.id], member.director)
        for member in year.members
        if member.id in provinces
    ]
    return vn_sorted(refs, key=lambda ref: ref.province.name)


def cluster_totals(submissions: Iterable[Submission]) -> Figures:
    """Each numeric field summed over the submissions; None where nobody reported it."""
    totals: Figures = {spec.key: None for spec in iter_fields(numeric_only=True)}
    for submission in submissions:
        for key in totals:
            value = submission.value(key)
            if value is not None:
                totals[key] = (totals[key] or 0) + value
    return totals


def previous_for(
    province: Province, previous: Mapping[str, Submission], provinces: Mapping[str, Province]
) -> tuple[Figures, tuple[Province, ...]]:
    """Last year's figures of the province, summing the provinces it absorbed, and those units.

    `previous` maps last year's member ids to their submissions, `provinces` to their units.
    """
    lineage = {province.code, *province.predecessors}
    sources = [
        (provinces[member_id], submission)
        for member_id, submission in previous.items()
        if member_id in provinces and provinces[member_id].code in lineage
    ]
    figures = cluster_totals(submission for _, submission in sources) if sources else {}
    units = tuple(unit for unit, _ in sources)
    merged = units if len(units) > 1 or any(unit.code != province.code for unit in units) else ()
    return figures, merged


def aggregate(
    period: Period,
    members: Sequence[MemberRef],
    current: Mapping[str, Submission],
    previous: Mapping[str, Submission] | None = None,
    previous_provinces: Mapping[str, Province] | None = None,
) -> Aggregate:
    """The cluster's totals, rows and comparisons for `period`.

    `current` maps member ids to this period's submissions; `previous` (with the provinces of
    last year's members in `previous_provinces`) those of the same period a year earlier.
    """
    rows = []
    for member in members:
        figures: Figures = {}
        merged: tuple[Province, ...] = ()
        if previous:
            figures, merged = previous_for(member.province, previous, previous_provinces or {})
        rows.append(MemberFigures(member, current.get(member.id), figures, merged))
    sums = cluster_totals(row.submission for row in rows if row.submission is not None)
    totals = {}
    for spec in iter_fields(numeric_only=True):
        reported = sum(1 for row in rows if row.value(spec.key) is not None)
        pairs = [
            (row.value(spec.key), row.previous.get(spec.key))
            for row in rows
            if row.value(spec.key) is not None and row.previous.get(spec.key) is not None
        ]
        totals[spec.key] = FieldTotal(
            spec=spec,
            value=sums[spec.key],
            reported=reported,
            previous=sum(p for _, p in pairs if p is not None) if pairs else None,
            comparable=sum(c for c, _ in pairs if c is not None) if pairs else None,
        )
    return Aggregate(
        period=period,
        members=tuple(rows),
        totals=totals,
        has_previous=bool(previous),
    )
