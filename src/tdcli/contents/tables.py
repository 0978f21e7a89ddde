"""The table model, and every table tdcli writes, built from it.

A table is columns and rows of typed cells: text, or a `Figure` (a stored whole number with the
divisor the catalogue shows it in). Word, Excel and the terminal render the same `Table`; how
a figure reads ("-" for no data, money in millions) is decided here, once, by `cell_text`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from tdcli.compute.aggregate import Aggregate, FieldTotal
from tdcli.contents.phrases import (
    PARTIAL_NOTE,
    capitalised,
    comparison_name,
    comparison_tail,
    short_change,
    total_change,
)
from tdcli.model.catalogue import GROUPS, FieldSpec, iter_fields
from tdcli.model.cluster import YearConfig
from tdcli.model.periods import Period
from tdcli.model.scheme import points_text
from tdcli.model.vnformat import format_in_units, vn_sorted

__all__ = [
    "NO_DATA_MARK",
    "Cell",
    "Column",
    "ColumnKind",
    "Figure",
    "Score",
    "Sheet",
    "Table",
    "cell_text",
    "member_figures_table",
    "review_sheets",
    "review_tables",
    "targets_table",
    "totals_table",
    "trend_sheets",
]

NO_DATA_MARK = "-"
NO_DATA_NOTE = "Ghi chú: dấu “-” là không có số liệu."
BLANK_NOTE = "Ghi chú: ô để trống là không có số liệu."
"""A workbook keeps its figures numbers, so Excel can sum and chart them: no data is blank."""


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as stored (whole đồng, a count) and the divisor its table shows it in."""

    value: int | None
    divisor: int = 1

    @classmethod
    def of(cls, spec: FieldSpec, value: int | None) -> Figure:
        return cls(value, spec.indicator.table_divisor)


@dataclass(frozen=True, slots=True)
class Score:
    """Points of the year-end assessment (at most two decimals), or None for not scored."""

    value: Decimal | None


Cell = str | int | Figure | Score
"""Text, a row number, a figure, or points."""


class ColumnKind(StrEnum):
    ORDINAL = "ordinal"
    """Row numbers (STT): narrow, centred."""
    NAME = "name"
    """What a row is about (a member, an indicator): wide, left."""
    FIGURE = "figure"
    """Figures and comparisons: right."""


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    kind: ColumnKind = ColumnKind.FIGURE
    summed: bool = False
    """The total row of a workbook sums this column with a formula."""


@dataclass(frozen=True)
class Table:
    """A titled table: columns, rows, an optional total row and a note below."""

    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell]]
    total: Sequence[Cell] | None = None
    note: str | None = None


@dataclass(frozen=True)
class Sheet:
    """A worksheet: a name for its tab, a heading, and its tables one below the other."""

    name: str
    heading: str
    tables: Sequence[Table] = field(default_factory=list)
    subtitle: str = ""


def cell_text(cell: Cell) -> str:
    """How a cell reads in a document or a terminal."""
    if isinstance(cell, Figure):
        return NO_DATA_MARK if cell.value is None else format_in_units(cell.value, cell.divisor)
    if isinstance(cell, Score):
        return NO_DATA_MARK if cell.value is None else points_text(cell.value)
    return str(cell)


def _group_specs(group_key: str) -> list[FieldSpec]:
    return [spec for spec in iter_fields(numeric_only=True) if spec.group.key == group_key]


def _numeric_groups() -> list[str]:
    return [group.key for group in GROUPS if _group_specs(group.key)]


def review_tables(aggregate: Aggregate, no_data_note: str = NO_DATA_NOTE) -> list[Table]:
    """The review's appendix, a table per indicator group: a row per member (Vietnamese order),
    the cluster's total, and the headline field compared with a year earlier."""
    tables = []
    since = comparison_name(aggregate.period)
    for number, key in enumerate(_numeric_groups(), start=1):
        specs = _group_specs(key)
        group = specs[0].group
        headline = aggregate.totals[f"{key}.{group.headline_field()}"]
        columns = [Column("STT", ColumnKind.ORDINAL), Column("Đơn vị", ColumnKind.NAME)]
        columns += [Column(spec.column_label, summed=True) for spec in specs]
        if aggregate.has_previous:
            columns.append(Column(f"{headline.spec.label}: so với {since}"))
        rows = []
        for index, row in enumerate(aggregate.members, start=1):
            cells: list[Cell] = [index, row.member.province.name]
            cells += [Figure.of(spec, row.value(spec.key)) for spec in specs]
            if aggregate.has_previous:
                cells.append(
                    short_change(row.value(headline.spec.key), row.previous.get(headline.spec.key))
                )
            rows.append(cells)
        total: list[Cell] = ["", "Tổng cộng"]
        total += [Figure.of(spec, aggregate.totals[spec.key].value) for spec in specs]
        if aggregate.has_previous:
            total.append(total_change(headline))
        tables.append(
            Table(
                title=f"{number}. {group.label}",
                columns=columns,
                rows=rows,
                total=total,
                note=_note(headline, no_data_note) if number == 1 or headline.partial else None,
            )
        )
    return tables


def _note(headline: FieldTotal, no_data_note: str) -> str:
    return f"{no_data_note} {PARTIAL_NOTE}" if headline.partial else no_data_note


def review_sheets(aggregate: Aggregate, cluster: str) -> list[Sheet]:
    """The review's data workbook: a sheet per table of the appendix."""
    subtitle = f"{cluster} — {aggregate.period.label}"
    sheets = []
    tables = review_tables(aggregate, BLANK_NOTE)
    for key, table in zip(_numeric_groups(), tables, strict=True):
        group = _group_specs(key)[0].group
        sheets.append(
            Sheet(
                name=group.short_label or group.label[:31],
                heading=group.label.upper(),
                tables=[Table("", table.columns, table.rows, table.total, table.note)],
                subtitle=subtitle,
            )
        )
    return sheets


def member_figures_table(aggregate: Aggregate, member_id: str) -> Table:
    """One member's figures beside a year earlier's and the change."""
    row = next(row for row in aggregate.members if row.member.id == member_id)
    period = aggregate.period
    rows: list[list[Cell]] = []
    for spec in iter_fields(numeric_only=True):
        current, previous = row.value(spec.key), row.previous.get(spec.key)
        rows.append(
            [
                spec.column_label,
                Figure.of(spec, current),
                Figure.of(spec, previous),
                short_change(current, previous),
            ]
        )
    return Table(
        title="",
        columns=[
            Column("Chỉ tiêu", ColumnKind.NAME),
            Column(capitalised(period.label)),
            Column(capitalised(period.previous_year().label)),
            Column("So sánh"),
        ],
        rows=rows,
    )


def totals_table(aggregate: Aggregate) -> Table:
    """The cluster's totals, a row per field, with a year earlier's and the change."""
    columns = [Column("Chỉ tiêu", ColumnKind.NAME), Column("Tổng Cụm"), Column("Số đơn vị")]
    if aggregate.has_previous:
        columns += [Column(capitalised(comparison_tail(aggregate.period))), Column("So sánh")]
    rows: list[list[Cell]] = []
    for spec in iter_fields(numeric_only=True):
        total = aggregate.totals[spec.key]
        cells: list[Cell] = [
            spec.column_label,
            Figure.of(spec, total.value),
            str(total.reported),
        ]
        if aggregate.has_previous:
            cells += [Figure.of(spec, total.previous), total_change(total)]
        rows.append(cells)
    partial = any(total.partial for total in aggregate.totals.values())
    return Table(
        title=f"Tổng hợp {aggregate.period.label}",
        columns=columns,
        rows=rows,
        note=PARTIAL_NOTE if partial else None,
    )


def targets_table(year: YearConfig, provinces: dict[str, str]) -> Table | None:
    """The pledge's registration table (bảng đăng ký chỉ tiêu thi đua): a row per member, a
    column per indicator any member registered, in catalogue order."""
    if not year.targets:
        return None
    specs = [
        spec
        for spec in iter_fields(numeric_only=True)
        if any(spec.key in targets for targets in year.targets.values())
    ]
    members = vn_sorted(
        year.members, key=lambda member: provinces.get(member.id, member.department)
    )
    rows: list[list[Cell]] = []
    for index, member in enumerate(members, start=1):
        registered = year.targets.get(member.id, {})
        cells: list[Cell] = [index, provinces.get(member.id, member.department)]
        cells += [Figure.of(spec, registered.get(spec.key)) for spec in specs]
        rows.append(cells)
    return Table(
        title="",  # the appendix's heading names it
        columns=[
            Column("STT", ColumnKind.ORDINAL),
            Column("Đơn vị", ColumnKind.NAME),
            *(Column(spec.column_label) for spec in specs),
        ],
        rows=rows,
        note="Ghi chú: dấu “-” là đơn vị không đăng ký chỉ tiêu đó.",
    )


def trend_sheets(results: Sequence[Aggregate]) -> list[Sheet]:
    """Across the years: a sheet per indicator group; for each field a table of members by
    periods with the cluster's total, ready for a chart in Excel."""
    periods: list[Period] = [result.period for result in results]
    names = vn_sorted({row.member.province.name for result in results for row in result.members})
    sheets = []
    for key in _numeric_groups():
        specs = _group_specs(key)
        group = specs[0].group
        tables = []
        for spec in specs:
            rows: list[list[Cell]] = []
            for province in names:
                cells: list[Cell] = [province]
                for result in results:
                    value = next(
                        (
                            row.value(spec.key)
                            for row in result.members
                            if row.member.province.name == province
                        ),
                        None,
                    )
                    cells.append(Figure.of(spec, value))
                rows.append(cells)
            total: list[Cell] = ["Tổng cộng Cụm"]
            total += [Figure.of(spec, result.totals[spec.key].value) for result in results]
            tables.append(
                Table(
                    title=spec.column_label,
                    columns=[
                        Column("Đơn vị", ColumnKind.NAME),
                        *(Column(period.short_label, summed=True) for period in periods),
                    ],
                    rows=rows,
                    total=total,
                )
            )
        sheets.append(
            Sheet(
                name=group.short_label or group.label[:31],
                heading=group.label.upper(),
                tables=tables,
            )
        )
    return sheets
