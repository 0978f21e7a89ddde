"""The year-end assessment: every validation rule by its code and line, the final scores and the
ranking (hypothesis), the count's edge cases, and `tdcli assess rank`."""

from __future__ import annotations

import itertools
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tdcli.compute.assessment import (
    AwardStatus,
    count_award,
    first_round_votes,
    member_score,
    rank_members,
)
from tdcli.contents.assessment import ranking_table, tie_notes
from tdcli.model.scheme import Award, Round, Scheme, SelfAssessment
from tdcli.usecases.assessment import AssessmentYear, read_assessment
from tdcli.workspace import load_workspace

from conftest import Invoke
from helpers import FIXTURES, add_assessment, put

ASSESSMENT = FIXTURES / "assessment" / "2022"
SCHEME = (ASSESSMENT / "scheme.yaml").read_text(encoding="utf-8")
MEETING = (ASSESSMENT / "meeting.yaml").read_text(encoding="utf-8")


def self_yaml(member: str, s11: object = 55, b1: object = 0, note: str = "") -> str:
    """A self-assessment of the fixture's scheme, as the fixture's files are written."""
    bonus = f"{{points: {b1}, note: {note}}}" if note else str(b1)
    return (
        f"member: {member}\nyear: 2022\nscores:\n  '1.1': {s11}\n  '1.2': 18\n  '2.1': 19\n"
        f"  b1: {bonus}\n  b2: 0\n  p1: 0\n"
    )


@pytest.fixture
def year_end(workspace: Path) -> Path:
    """The small workspace (3 members, 2022) with a valid assessment."""
    add_assessment(workspace)
    return workspace


def issues_of(root: Path) -> list[tuple[str, str, int | None]]:
    loaded, _ = load_workspace(root)
    assert loaded is not None
    found = read_assessment(loaded, 2022)
    return [
        (issue.code, Path(issue.file).name, issue.location.line) for issue in found.report.issues
    ]


def test_a_valid_assessment_has_no_issue(year_end: Path) -> None:
    assert issues_of(year_end) == []
    loaded, _ = load_workspace(year_end)
    assert loaded is not None
    found = read_assessment(loaded, 2022)
    assert found.complete
    assert found.ranking is not None
    assert [item.member for item in found.ranking.members] == ["lang-son", "bac-kan", "cao-bang"]
    assert [item.score.total for item in found.ranking.members] == [100, 92, 87]
    assert found.results[0].elected == ("lang-son",)


# (what to write, the file, its text, the expected code, the file and line it points at)
CASES = [
    ("score-above-max", "self/bac-kan.yaml", self_yaml("bac-kan", 65), "bac-kan.yaml", 4),
    ("negative-number", "self/bac-kan.yaml", self_yaml("bac-kan", -5), "bac-kan.yaml", 4),
    ("not-a-number", "self/bac-kan.yaml", self_yaml("bac-kan", "năm mươi"), "bac-kan.yaml", 4),
    (
        "criterion-not-scored",
        "self/bac-kan.yaml",
        self_yaml("bac-kan").replace("  '2.1': 19\n", ""),
        "bac-kan.yaml",
        3,
    ),
    (
        "unknown-criterion",
        "self/bac-kan.yaml",
        self_yaml("bac-kan") + "  '9.9': 3\n",
        "bac-kan.yaml",
        10,
    ),
    (
        "missing-evidence",
        "self/bac-kan.yaml",
        self_yaml("bac-kan", 55, 4),
        "bac-kan.yaml",
        7,
    ),
    (
        "bonus-above-max",
        "self/bac-kan.yaml",
        self_yaml("bac-kan", 55, 8, "QĐ 1").replace("b2: 0", "b2: {points: 5, note: QĐ 2}"),
        "bac-kan.yaml",
        3,
    ),
    (
        "assessment-mismatch",
        "self/bac-kan.yaml",
        self_yaml("cao-bang"),
        "bac-kan.yaml",
        1,
    ),
    (
        "unknown-member",
        "self/bac-kan.yaml",
        self_yaml("bac-can"),
        "bac-kan.yaml",
        1,
    ),
    (
        "adjustment-without-reason",
        "review.yaml",
        "adjustments:\n  - {member: bac-kan, criterion: '1.1', points: 50}\n",
        "review.yaml",
        2,
    ),
    (
        "score-above-max",
        "review.yaml",
        "adjustments:\n  - {member: bac-kan, criterion: '1.1', points: 61, reason: x}\n",
        "review.yaml",
        2,
    ),
    (
        "valid-above-cast",
        "meeting.yaml",
        MEETING.replace("{cast: 3, valid: 3,", "{cast: 2, valid: 3,"),
        "meeting.yaml",
        13,
    ),
    (
        "votes-above-valid",
        "meeting.yaml",
        MEETING.replace("valid: 3, votes: {lang-son: 3,", "valid: 2, votes: {lang-son: 3,"),
        "meeting.yaml",
        13,
    ),
    (
        "cast-above-present",
        "meeting.yaml",
        MEETING.replace(
            "bac-kan: {delegates: [{name: Hoàng C, title: Phó Giám đốc}]}",
            "bac-kan: {absent: Ốm}",
        ),
        "meeting.yaml",
        13,
    ),
    (
        "vote-for-ineligible",
        "meeting.yaml",
        MEETING.replace("bac-kan: 0}", "cao-bang: 1}"),
        "meeting.yaml",
        13,
    ),
    (
        "unknown-award",
        "meeting.yaml",
        MEETING.replace("ballots:\n  co:", "ballots:\n  bang-khen:"),
        "meeting.yaml",
        12,
    ),
    (
        "unknown-band",
        "scheme.yaml",
        SCHEME.replace("min_band: Hoàn thành xuất sắc nhiệm vụ", "min_band: Xuất sắc"),
        "scheme.yaml",
        29,
    ),
    (
        "scheme-scale-mismatch",
        "scheme.yaml",
        SCHEME.replace("scale: 100", "scale: 1000"),
        "scheme.yaml",
        2,
    ),
    (
        "unknown-tie-break",
        "scheme.yaml",
        SCHEME.replace("[g1, bonus, votes]", "[g3, bonus]"),
        "scheme.yaml",
        24,
    ),
    (
        "duplicate-id",
        "scheme.yaml",
        SCHEME.replace('{id: "2.1"', '{id: "1.1"'),
        "scheme.yaml",
        12,
    ),
    (
        "round-needed",
        "meeting.yaml",
        MEETING.replace("lang-son: 3, bac-kan: 0", "lang-son: 1, bac-kan: 1"),
        "meeting.yaml",
        12,
    ),
    (
        "invalid-value",
        "scheme.yaml",
        SCHEME.replace("threshold: 0.5", "threshold: 1.5"),
        "scheme.yaml",
        30,
    ),
    (
        "invalid-value",
        "meeting.yaml",
        MEETING.replace('end: "11:00"', 'end: "07:30"'),
        "meeting.yaml",
        3,
    ),
    (
        "invalid-value",
        "meeting.yaml",
        MEETING.replace("date: 2022-12-16", "date: 2030-01-05"),
        "meeting.yaml",
        1,
    ),
    (
        "invalid-value",
        "meeting.yaml",
        MEETING + "handover: {chair: bac-kan, vice_chair: bac-kan}\n",
        "meeting.yaml",
        14,
    ),
    (
        "duplicate-id",
        "scheme.yaml",
        SCHEME.replace("label: Hoàn thành tốt nhiệm vụ", "label: Hoàn thành xuất sắc nhiệm vụ"),
        "scheme.yaml",
        23,
    ),
    (
        "invalid-value",
        "scheme.yaml",
        SCHEME.replace("min: 90}", "min: 900}"),
        "scheme.yaml",
        22,
    ),
    (
        "duplicate-id",
        "scheme.yaml",
        SCHEME.replace("[g1, bonus, votes]", "[g1, g1, votes]"),
        "scheme.yaml",
        24,
    ),
    (
        "stray-file",
        "self/ghi-chu.txt",
        "không phải bản tự chấm",
        "ghi-chu.txt",
        None,
    ),
]


@pytest.mark.parametrize(
    ("code", "relative", "text", "file", "line"), CASES, ids=[case[0] for case in CASES]
)
def test_each_rule_by_code_and_line(
    year_end: Path, code: str, relative: str, text: str, file: str, line: int | None
) -> None:
    put(year_end / "assessment" / "2022", relative, text)
    found = issues_of(year_end)
    assert (code, file, line) in found, found


def test_a_missing_self_assessment_and_scheme(year_end: Path) -> None:
    (year_end / "assessment" / "2022" / "self" / "cao-bang.yaml").unlink()
    assert ("assessment-missing", "self", None) in issues_of(year_end)
    (year_end / "assessment" / "2022" / "scheme.yaml").unlink()
    assert issues_of(year_end) == [("no-scheme", "scheme.yaml", None)]


def test_an_old_xls_is_its_members_unreadable_self_assessment(year_end: Path) -> None:
    folder = year_end / "assessment" / "2022" / "self"
    (folder / "cao-bang.yaml").unlink()
    put(folder, "cao-bang.xls", b"\xd0\xcf\x11\xe0 an old workbook")
    assert issues_of(year_end) == [("unsupported-file", "cao-bang.xls", None)]


def test_two_self_assessments_of_one_member(year_end: Path) -> None:
    source = year_end / "assessment" / "2022" / "self" / "bac-kan.yaml"
    put(source.parent, "bac-kan.yml", source.read_text(encoding="utf-8"))
    assert "duplicate-assessment" in {code for code, _, _ in issues_of(year_end)}


def test_the_review_changes_the_final_score_not_the_self_score(year_end: Path) -> None:
    put(
        year_end / "assessment" / "2022",
        "review.yaml",
        "adjustments:\n  - {member: lang-son, criterion: b1, points: 0, reason: Chưa có QĐ}\n",
    )
    loaded, _ = load_workspace(year_end)
    assert loaded is not None
    found = read_assessment(loaded, 2022)
    ranked = found.ranking
    assert ranked is not None
    top = ranked.get("lang-son")
    assert top is not None
    assert top.score.self_total == 100
    assert top.score.total == 95
    entry = top.score.criteria["b1"]
    assert entry.self_points == 5
    assert entry.final_points == 0
    assert entry.adjusted


# The computation ---------------------------------------------------------------------------


def small_scheme(tie_breaks: list[str]) -> Scheme:
    from tdcli.read.yamlfile import parse_yaml

    document, _ = parse_yaml(SCHEME, Path("scheme.yaml"))
    assert document is not None
    data = dict(document.data)
    data["tie_breaks"] = tie_breaks
    return Scheme.model_validate(data)


points = st.decimals(min_value=-20, max_value=120, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def assessments(draw: st.DrawFn) -> list[SelfAssessment]:
    count = draw(st.integers(min_value=1, max_value=7))
    found = []
    for index in range(count):
        scores = {
            key: {"points": abs(draw(points)), "note": "QĐ"}
            for key in ("1.1", "1.2", "2.1", "b1", "b2", "p1")
        }
        found.append(SelfAssessment(member=f"m{index}", year=2022, scores=scores))
    return found


@settings(max_examples=60, deadline=None)
@given(assessments(), st.permutations(["g1", "g2", "bonus", "penalty", "votes"]), st.randoms())
def test_the_total_is_the_clamped_sum_and_the_ranking_a_consistent_permutation(
    found: list[SelfAssessment], tie_breaks: list[str], shuffle: object
) -> None:
    scheme = small_scheme(tie_breaks)
    scores = [member_score(scheme, item) for item in found]
    for score, item in zip(scores, found, strict=True):
        raw = {key: entry.points for key, entry in item.scores.items()}

        def clamp(key: str, top: int, raw: dict[str, Decimal] = raw) -> Decimal:
            return min(max(raw[key], Decimal(0)), Decimal(top))

        criteria = clamp("1.1", 60) + clamp("1.2", 20) + clamp("2.1", 20)
        bonus = min(clamp("b1", 8) + clamp("b2", 5), Decimal(10))
        penalty = clamp("p1", 10)
        assert score.total == max(criteria + bonus - penalty, Decimal(0))
        assert score.total <= scheme.scale + scheme.bonus_max
    votes = {item.member: index % 3 for index, item in enumerate(found)}
    ranking = rank_members(scheme, scores, votes)
    shuffled = list(scores)
    shuffle.shuffle(shuffled)  # type: ignore[attr-defined]
    again = rank_members(scheme, shuffled, votes)
    assert [(item.member, item.rank) for item in again.members] == [
        (item.member, item.rank) for item in ranking.members
    ]
    assert sorted(item.member for item in ranking.members) == sorted(item.member for item in found)

    groups = {"g1": ("1.1", "1.2"), "g2": ("2.1",)}
    tops = {"1.1": 60, "1.2": 20, "2.1": 20, "b1": 8, "b2": 5, "p1": 10}
    clamped = {
        item.member: {
            key: min(max(entry.points, Decimal(0)), Decimal(tops[key]))
            for key, entry in item.scores.items()
        }
        for item in found
    }

    def oracle(member: str, name: str) -> Decimal:
        points = clamped[member]
        if name == "bonus":
            return min(points["b1"] + points["b2"], Decimal(10))
        if name == "penalty":
            return -points["p1"]
        if name == "votes":
            return Decimal(votes[member])
        return sum((points[key] for key in groups[name]), Decimal(0))

    def key(item: object) -> tuple[Decimal, ...]:
        member = item.member  # type: ignore[attr-defined]
        total = item.score.total  # type: ignore[attr-defined]
        return (total, *(oracle(member, name) for name in tie_breaks))

    ordered = ranking.members
    for above, below in itertools.pairwise(ordered):
        assert key(above) >= key(below)
        assert (above.rank == below.rank) == (key(above) == key(below))
        if above.rank != below.rank:
            assert below.rank == ordered.index(below) + 1


def award(quota: int, threshold: str = "0.5", rounds: int = 2, base: str = "members") -> Award:
    return Award.model_validate(
        {
            "id": "co",
            "label": "Cờ",
            "quota": quota,
            "vote": {"threshold": threshold, "base": base, "rounds": rounds},
        }
    )


def ballot(votes: dict[str, int], cast: int = 8) -> Round:
    return Round(cast=cast, valid=cast, votes=votes)


def test_exactly_at_the_threshold_passes() -> None:
    result = count_award(award(1), ["a", "b"], [ballot({"a": 5, "b": 3})], 10)
    assert result.elected == ("a",)
    assert result.rounds[0].candidates[0].reached
    short = count_award(award(1), ["a", "b"], [ballot({"a": 4, "b": 3})], 9)
    assert short.elected == ()
    assert short.status is AwardStatus.NEXT_ROUND


def test_the_base_members_or_present_decides() -> None:
    votes = [ballot({"a": 4}, cast=7)]
    assert count_award(award(1), ["a"], votes, 9).elected == ()
    assert count_award(award(1, base="present"), ["a"], votes, 7).elected == ("a",)


def test_a_tie_at_the_quota_goes_to_the_next_round_then_to_the_chairs() -> None:
    first = ballot({"a": 7, "b": 5, "c": 5})
    result = count_award(award(2), ["a", "b", "c"], [first], 8)
    assert result.elected == ("a",)
    assert result.rounds[0].tied == ("b", "c")
    assert result.status is AwardStatus.NEXT_ROUND
    assert result.next_ballot == ("b", "c")
    second = ballot({"b": 4, "c": 4})
    exhausted = count_award(award(2), ["a", "b", "c"], [first, second], 8)
    assert exhausted.status is AwardStatus.CHAIRS_NEEDED
    decided = count_award(award(2), ["a", "b", "c"], [first, second], 8, decided_by_chairs=["c"])
    assert decided.status is AwardStatus.BY_CHAIRS
    assert decided.proposed == ("a", "c")


def test_a_member_proposed_for_an_earlier_award_is_not_counted_again() -> None:
    result = count_award(
        award(1), ["a", "b"], [ballot({"a": 8, "b": 6})], 8, already_proposed=frozenset({"a"})
    )
    assert result.elected == ("b",)
    assert result.skipped == ("a",)


@settings(max_examples=80, deadline=None)
@given(
    st.integers(min_value=1, max_value=3),
    st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=6),
    st.sampled_from(["0.5", "2/3", "0.34", "1"]),
)
def test_elected_never_exceed_the_quota_and_always_reach_the_threshold(
    quota: int, tallies: list[int], threshold: str
) -> None:
    candidates = [f"m{index}" for index in range(len(tallies))]
    votes = dict(zip(candidates, tallies, strict=True))
    chosen = award(quota, threshold)
    result = count_award(chosen, candidates, [ballot(votes, cast=9)], 9)
    assert len(result.elected) <= quota
    for member in result.elected:
        assert votes[member] >= chosen.vote.threshold * 9
    reaching = [member for member in candidates if votes[member] >= chosen.vote.threshold * 9]
    tied = result.rounds[0].tied
    if tied:
        assert len(result.elected) + len(tied) > quota
        assert len({votes[member] for member in tied}) == 1
    else:
        assert len(result.elected) == min(quota, len(reaching))
    losers = [member for member in candidates if member not in result.elected]
    for member in result.elected:
        assert all(votes[member] >= votes[other] for other in losers)


# The command -------------------------------------------------------------------------------


def test_assess_rank_of_the_example(cum_ii: Path, cli: Invoke) -> None:
    result = cli("assess", "rank", "--year", "2021", "-w", cum_ii)
    assert result.exit_code == 0, result.output
    assert "Quảng Ninh" in result.output
    workbook = cum_ii / "out" / "xep-hang-thi-dua-nam-2021.xlsx"
    sheets = load_workbook(workbook)
    assert sheets.sheetnames == ["Xếp hạng", "Điểm chi tiết", "Thang điểm"]
    rows = [row for row in sheets["Xếp hạng"].iter_rows(values_only=True) if row[0]]
    found = {row[1]: row for row in rows if row[1] and isinstance(row[3], int | float)}
    assert found["Quảng Ninh"][3] == 972
    assert found["Bắc Kạn"][2] == 941
    assert found["Bắc Kạn"][3] == 911
    data = json.loads(cli("assess", "rank", "--year", "2021", "-w", cum_ii, "-f", "json").output)
    assert [member["member"] for member in data["members"]][:3] == [
        "quang-ninh",
        "bac-giang",
        "thai-nguyen",
    ]
    assert data["awards"][0]["elected"] == ["quang-ninh"]
    assert data["awards"][1]["elected"] == ["bac-giang", "thai-nguyen"]


def test_assess_rank_exits_1_when_a_member_is_unscored(cum_ii: Path, cli: Invoke) -> None:
    (cum_ii / "assessment" / "2021" / "self" / "bac-kan.xlsx").unlink()
    result = cli("assess", "rank", "--year", "2021", "-w", cum_ii)
    assert result.exit_code == 1
    assert "chưa có bản tự chấm điểm năm 2021" in " ".join(result.output.split())
    assert "Chưa chấm điểm" in result.output


# Ties, eligibility and the count across awards ---------------------------------------------


def _read(root: Path) -> AssessmentYear:
    loaded, _ = load_workspace(root)
    assert loaded is not None
    return read_assessment(loaded, 2022)


def test_a_tie_no_rule_breaks_is_a_shared_rank_named(year_end: Path) -> None:
    put(year_end / "assessment" / "2022", "self/cao-bang.yaml", self_yaml("cao-bang", 55))
    found = _read(year_end)
    assert found.ranking is not None
    ranks = {item.member: (item.rank, item.shared_with) for item in found.ranking.members}
    assert ranks == {
        "lang-son": (1, ()),
        "bac-kan": (2, ("cao-bang",)),
        "cao-bang": (2, ("bac-kan",)),
    }
    names = {"lang-son": "Lạng Sơn", "bac-kan": "Bắc Kạn", "cao-bang": "Cao Bằng"}
    assert found.scheme is not None
    table = ranking_table(found.scheme, found.ranking, names)
    assert [row[0] for row in table.rows] == ["1", "2 (đồng hạng)", "2 (đồng hạng)"]
    assert table.note == (
        "Bắc Kạn, Cao Bằng bằng điểm, không phân định được theo các tiêu chí phụ: cùng xếp hạng 2."
    )
    # max_rank 2: both members sharing rank 2 may stand
    assert found.candidates[0].candidates == ("lang-son", "bac-kan", "cao-bang")


def test_the_tie_break_that_decided_is_named(year_end: Path) -> None:
    # cao-bang: 3 points fewer in group g1, 3 more in g2: the same total as bac-kan
    text = (
        self_yaml("cao-bang", 52)
        .replace("'2.1': 19", "'2.1': 20")
        .replace("'1.2': 18", "'1.2': 20")
    )
    put(year_end / "assessment" / "2022", "self/cao-bang.yaml", text)
    found = _read(year_end)
    assert found.ranking is not None and found.scheme is not None
    order = [(item.member, item.rank, item.decided_by) for item in found.ranking.members]
    assert [item.score.total for item in found.ranking.members][1:] == [92, 92]
    assert order[1:] == [("bac-kan", 2, None), ("cao-bang", 3, "g1")] or order[1:] == [
        ("cao-bang", 2, None),
        ("bac-kan", 3, "g1"),
    ]
    notes = tie_notes(found.scheme, found.ranking, {})
    assert notes and "xếp trên là đơn vị có điểm nhóm “Chuyên môn” cao hơn" in notes[0]


def test_votes_order_the_ranking_but_never_eligibility(year_end: Path) -> None:
    put(year_end / "assessment" / "2022", "self/cao-bang.yaml", self_yaml("cao-bang", 55))
    meeting = MEETING.replace("lang-son: 3, bac-kan: 0", "lang-son: 2, cao-bang: 1")
    put(year_end / "assessment" / "2022", "meeting.yaml", meeting)
    found = _read(year_end)
    assert found.ranking is not None
    assert [(item.member, item.rank) for item in found.ranking.members] == [
        ("lang-son", 1),
        ("cao-bang", 2),
        ("bac-kan", 3),
    ]
    assert first_round_votes(found.meeting) == {"lang-son": 2, "cao-bang": 1}
    # both stood as second before the vote: bac-kan is still a candidate, no vote is refused
    assert found.candidates[0].candidates == ("lang-son", "bac-kan", "cao-bang")
    assert [issue.code for issue in found.report.issues] == []


def test_a_member_proposed_for_an_earlier_award_takes_no_later_seat(year_end: Path) -> None:
    folder = year_end / "assessment" / "2022"
    scheme = SCHEME + (
        "  - id: bk\n    label: Bằng khen\n    quota: 1\n"
        "    vote: {threshold: 0.3, base: present, rounds: 1}\n"
    )
    put(folder, "scheme.yaml", scheme)
    meeting = MEETING + "  bk:\n    - {cast: 3, valid: 3, votes: {lang-son: 2, bac-kan: 1}}\n"
    put(folder, "meeting.yaml", meeting)
    found = _read(year_end)
    assert [issue.code for issue in found.report.issues] == []
    flag, merit = found.results
    assert flag.proposed == ("lang-son",)
    assert merit.proposed == ("bac-kan",)
    assert merit.skipped == ("lang-son",)
    first = merit.rounds[0].candidates[0]
    # lang-son had the most votes and reached the threshold, yet takes no second seat
    assert (first.member, first.votes, first.reached, first.elected, first.proposed_before) == (
        "lang-son",
        2,
        True,
        False,
        True,
    )


def test_chairs_naming_someone_off_the_last_ballot_decide_nothing() -> None:
    first = ballot({"a": 5, "b": 5, "c": 1})
    result = count_award(award(1, rounds=1), ["a", "b", "c"], [first], 8, decided_by_chairs=["c"])
    assert result.status is AwardStatus.CHAIRS_NEEDED
    assert result.proposed == ()
    assert result.next_ballot == ("a", "b")
    assert result.rounds[0].last
