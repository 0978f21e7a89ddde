"""Aggregation as pure functions: totals, no-data, comparisons, the 2025 merger."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tdcli.compute.aggregate import MemberRef, aggregate, cluster_totals, previous_for
from tdcli.contents.phrases import short_change
from tdcli.contents.prose import result_sentences
from tdcli.model.catalogue import Submission, iter_fields
from tdcli.model.periods import Period
from tdcli.model.provinces import registry

H1_2025, H1_2024 = Period.parse("2025-H1"), Period.parse("2024-H1")


def submission(member: str, period: Period, **groups: dict[str, Any]) -> Submission:
    return Submission.model_validate({"member": member, "period": period.code, **groups})


def ref(member: str, code: str) -> MemberRef:
    return MemberRef(member, f"Sở {member}", registry().get(code))


def test_a_field_nobody_reported_is_none_not_zero() -> None:
    totals = cluster_totals(
        [
            submission("a", H1_2025, inspections={"total": 3}),
            submission("b", H1_2025, inspections={"total": 4}, land={"certificates_issued": 0}),
        ]
    )
    assert totals["inspections.total"] == 7
    assert totals["land.certificates_issued"] == 0
    assert totals["eia.approved"] is None


counts = st.one_of(st.none(), st.integers(min_value=0, max_value=10**12))


@given(st.lists(st.tuples(counts, counts), min_size=1, max_size=12), st.randoms())
def test_totals_are_the_sum_of_the_parts_in_any_order(
    values: list[tuple[int | None, int | None]], rng: Any
) -> None:
    subs = [
        submission(f"m{i}", H1_2025, trainings={"sessions": s, "participants": p})
        for i, (s, p) in enumerate(values)
    ]
    shuffled = list(subs)
    rng.shuffle(shuffled)
    assert cluster_totals(subs) == cluster_totals(shuffled)
    sessions = [s for s, _ in values if s is not None]
    assert cluster_totals(subs)["trainings.sessions"] == (sum(sessions) if sessions else None)


def test_merged_province_is_compared_with_the_sum_of_its_predecessors() -> None:
    members = [ref("thai-nguyen", "thai-nguyen-2025"), ref("cao-bang", "cao-bang")]
    current = {
        "thai-nguyen": submission("thai-nguyen", H1_2025, inspections={"total": 12}),
        "cao-bang": submission("cao-bang", H1_2025, inspections={"total": 5}),
    }
    previous = {
        "thai-nguyen": submission("thai-nguyen", H1_2024, inspections={"total": 6}),
        "bac-kan": submission("bac-kan", H1_2024, inspections={"total": 4}),
        "cao-bang": submission("cao-bang", H1_2024, inspections={"total": 5}),
    }
    provinces = {
        "thai-nguyen": registry().get("thai-nguyen"),
        "bac-kan": registry().get("bac-kan"),
        "cao-bang": registry().get("cao-bang"),
    }
    result = aggregate(H1_2025, members, current, previous, provinces)
    merged = next(row for row in result.members if row.member.id == "thai-nguyen")
    assert merged.previous["inspections.total"] == 10
    assert {unit.code for unit in merged.merged_from} == {"thai-nguyen", "bac-kan"}
    assert merged.change("inspections.total") == Decimal(20)
    unchanged = next(row for row in result.members if row.member.id == "cao-bang")
    assert unchanged.merged_from == () and unchanged.change("inspections.total") == 0
    total = result.totals["inspections.total"]
    assert (total.value, total.previous) == (17, 15)
    assert total.change is not None and round(total.change, 6) == Decimal("13.333333")


def test_previous_for_an_unchanged_province() -> None:
    figures, merged = previous_for(
        registry().get("lang-son"),
        {"ls": submission("ls", H1_2024, land={"certificates_issued": 9})},
        {"ls": registry().get("lang-son")},
    )
    assert figures["land.certificates_issued"] == 9 and merged == ()


def test_missing_members_and_like_for_like_comparisons() -> None:
    members = [ref("a", "lang-son"), ref("b", "cao-bang"), ref("c", "bac-kan")]
    period = Period.parse("2022-H1")
    current = {
        "a": submission("a", period, eia={"approved": 10}),
        "b": submission("b", period, eia={"approved": 5}),
    }
    previous_period = period.previous_year()
    previous = {"a": submission("a", previous_period, eia={"approved": 8})}
    provinces = {"a": registry().get("lang-son")}
    result = aggregate(period, members, current, previous, provinces)
    assert [row.member.id for row in result.missing] == ["c"]
    total = result.totals["eia.approved"]
    assert (total.value, total.comparable, total.previous, total.partial) == (15, 10, 8, True)


def test_without_last_year_there_is_no_comparison() -> None:
    members = [ref("a", "lang-son")]
    result = aggregate(H1_2024, members, {"a": submission("a", H1_2024, inspections={"total": 3})})
    assert not result.has_previous
    assert result.totals["inspections.total"].change is None
    assert all("so với" not in sentence for sentence in result_sentences(result))


SHORT = [
    (9, 8, "tăng 12,5%"),
    (97, 100, "giảm 3,0%"),
    (5, 5, "bằng"),
    (5, 0, "tăng 5"),
    (None, 3, "-"),
    (3, None, "-"),
]


def test_short_change_cells() -> None:
    for current, previous, expected in SHORT:
        assert short_change(current, previous) == expected


def test_every_group_gets_a_sentence_when_it_has_data() -> None:
    values = {spec.key: 7 for spec in iter_fields(numeric_only=True)}
    groups: dict[str, dict[str, int]] = {}
    for key, value in values.items():
        group, name = key.split(".")
        groups.setdefault(group, {})[name] = value
    groups["inspections"].update(total=14)
    sub = Submission.model_validate({"member": "a", "period": "2022-H1", **groups})
    result = aggregate(Period.parse("2022-H1"), [ref("a", "lang-son")], {"a": sub})
    sentences = result_sentences(result)
    assert len(sentences) == 7  # fines are said with the inspections
    assert all(sentence.endswith(".") for sentence in sentences)
