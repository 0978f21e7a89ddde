"""Checks of `cluster.yaml` beyond its models: each year's members against the provinces of
that year, its chair and vice chair, its reports' deadlines, its registered targets.

Each check is linear in the number of members and targets, whatever the file repeats: a
member's first appearance is looked up, never searched for, and a suggestion (which compares a
name with every known one) is offered for the first few unknown names of a year only.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from tdcli.check.model_errors import Locator, suggestion
from tdcli.model.cluster import ClusterConfig, YearConfig
from tdcli.model.issues import Issue, make_issue
from tdcli.model.periods import Period, PeriodKind
from tdcli.model.provinces import Province, registry
from tdcli.model.vnformat import date_short

__all__ = ["MAX_SUGGESTIONS", "check_years"]

MAX_SUGGESTIONS = 10
"""Unknown provinces and members of one year that get a "có phải là ...?": each costs a
comparison with every known name, and a file with more unknown names than this is wrong
wholesale, not mistyped."""


def check_years(
    config: ClusterConfig, locate: Locator, file: Path
) -> tuple[dict[tuple[int, str], Province], list[Issue]]:
    provinces: dict[tuple[int, str], Province] = {}
    issues: list[Issue] = []
    for year, year_config in config.years.items():
        found, year_issues = _check_year(year, year_config, locate, file, config.name)
        provinces.update({(year, member_id): unit for member_id, unit in found.items()})
        issues.extend(year_issues)
    return provinces, issues


def _check_year(
    year: int, year_config: YearConfig, locate: Locator, file: Path, cluster: str
) -> tuple[dict[str, Province], list[Issue]]:
    """A year's members against the provinces of that year, and its chair and vice chair."""
    units = registry()
    provinces: dict[str, Province] = {}
    issues: list[Issue] = []

    def add(code: str, *path: str | int, **params: Any) -> None:
        location = locate(("years", str(year), *path))
        issues.append(make_issue(code, file=file, location=location, year=year, **params))

    suggestions = 0

    def may_suggest() -> bool:
        nonlocal suggestions
        suggestions += 1
        return suggestions <= MAX_SUGGESTIONS

    seen_ids: set[str] = set()
    seen_provinces: set[str] = set()
    for index, member in enumerate(year_config.members):
        where = ("members", index)
        if member.id in seen_ids:
            add("duplicate-member", *where, "id", value=member.id)
        seen_ids.add(member.id)
        unit = units.find(member.province, year)
        merged = units.merged_into(member.province, date(year, 12, 31)) if unit is None else None
        if merged is not None:
            old, new = merged
            add(
                "merged-province",
                *where,
                "province",
                value=old.name,
                old=old.full_name,
                new=new.full_name,
                new_name=new.name,
                since=date_short(new.since) if new.since else "",
            )
        elif unit is None:
            close = units.suggest(member.province, year) if may_suggest() else []
            hint = f"; có phải là {', '.join(close)}?" if close else ""
            add("unknown-province", *where, "province", value=member.province, suggestion=hint)
        elif unit.code in seen_provinces:
            add("duplicate-province", *where, "province", value=unit.name)
        else:
            seen_provinces.add(unit.code)
            provinces[member.id] = unit
        if member.director is None:
            add("missing-director", *where, member=member.department)
    for role_key, role in (("chair", "Cụm trưởng"), ("vice_chair", "Cụm phó")):
        chosen = getattr(year_config, role_key)
        if chosen is not None and year_config.member(chosen) is None:
            add("unknown-role-member", role_key, value=chosen, role=role)
    if year_config.vice_chair is not None and year_config.vice_chair == year_config.chair:
        add("same-chair-and-vice", "vice_chair")
    for kind, due in year_config.deadlines.items():
        period = Period(year, PeriodKind(kind))
        if not period.start <= due <= date(year + 1, period.end.month, period.end.day):
            add(
                "deadline-outside-period",
                "deadlines",
                kind,
                value=date_short(due),
                period=period.label,
            )
    signing = year_config.signing
    if signing is not None and not year - 1 <= signing.date.year <= year:
        add("signing-outside-year", "signing", "date", value=date_short(signing.date))
    for member_id in year_config.targets:
        if year_config.member(member_id) is None:
            known = list(year_config.members_by_id) if may_suggest() else []
            hint = suggestion(member_id, known) if known else ""
            add(
                "unknown-member",
                "targets",
                member_id,
                value=member_id,
                cluster=cluster,
                suggestion=hint,
            )
    return provinces, issues
