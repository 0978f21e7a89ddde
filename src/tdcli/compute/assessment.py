"""The year-end assessment computed: each member's final scores, the ranking with the scheme's
tie-breaks, who may stand for each award, and the count of each award's ballots.

Pure functions over the checked models. A final score is the review's points where the
cluster adjusted a criterion, else the self-score, each clamped to its criterion's maximum;
the total is criteria + bonus (clamped to the bonus maximum) − penalty (clamped to its
maximum), never below zero.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from tdcli.check.model_errors import Locator
from tdcli.model.issues import Issue, Location, make_issue
from tdcli.model.scheme import (
    BONUS,
    PENALTY,
    VOTES,
    Adjustment,
    Award,
    CriterionKind,
    Meeting,
    Round,
    Scheme,
    SelfAssessment,
)

__all__ = [
    "AwardCandidates",
    "AwardResult",
    "AwardStatus",
    "CandidateVotes",
    "CriterionScore",
    "MemberScore",
    "RankedMember",
    "Ranking",
    "RoundResult",
    "count_award",
    "count_awards",
    "eligible_candidates",
    "first_round_votes",
    "member_score",
    "rank_members",
]

_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class CriterionScore:
    """One criterion of one member: the self-score, the review's points, the final score."""

    criterion: str
    self_points: Decimal | None
    final_points: Decimal
    adjustment: Adjustment | None = None

    @property
    def adjusted(self) -> bool:
        return self.adjustment is not None and self.adjustment.points != self.self_points


@dataclass(frozen=True)
class MemberScore:
    """A member's scores: by criterion, by group, and the totals, self and final."""

    member: str
    criteria: Mapping[str, CriterionScore]
    groups: Mapping[str, Decimal]
    self_groups: Mapping[str, Decimal]
    criteria_total: Decimal
    bonus: Decimal
    penalty: Decimal
    total: Decimal
    self_total: Decimal
    band: str | None

    def tie_key(self, tie_break: str, votes: Mapping[str, int]) -> Decimal:
        """The value a tie-break compares, larger first."""
        if tie_break == BONUS:
            return self.bonus
        if tie_break == PENALTY:
            return -self.penalty
        if tie_break == VOTES:
            return Decimal(votes.get(self.member, 0))
        return self.groups.get(tie_break, _ZERO)


def _clamped(value: Decimal, maximum: Decimal) -> Decimal:
    return min(max(value, _ZERO), maximum)


def _totals(
    scheme: Scheme, points: Mapping[str, Decimal]
) -> tuple[dict[str, Decimal], Decimal, Decimal, Decimal, Decimal]:
    groups = {
        group.id: sum(
            (_clamped(points.get(item.id, _ZERO), item.max) for item in group.criteria), _ZERO
        )
        for group in scheme.groups
    }
    criteria = sum(groups.values(), _ZERO)
    bonus = penalty = _ZERO
    for kind, _, criterion in scheme.criteria():
        value = _clamped(points.get(criterion.id, _ZERO), criterion.max)
        if kind is CriterionKind.BONUS:
            bonus += value
        elif kind is CriterionKind.PENALTY:
            penalty += value
    bonus, penalty = min(bonus, scheme.bonus_max), min(penalty, scheme.penalty_max)
    return groups, criteria, bonus, penalty, max(criteria + bonus - penalty, _ZERO)


def member_score(
    scheme: Scheme, assessment: SelfAssessment, adjustments: Sequence[Adjustment] = ()
) -> MemberScore:
    """The member's final scores: the review's points where given, else the self-score."""
    given = {item.criterion: item for item in adjustments if item.member == assessment.member}
    criteria: dict[str, CriterionScore] = {}
    self_points: dict[str, Decimal] = {}
    final_points: dict[str, Decimal] = {}
    for _, _, criterion in scheme.criteria():
        entry = assessment.scores.get(criterion.id)
        own = entry.points if entry is not None else None
        adjustment = given.get(criterion.id)
        chosen = adjustment.points if adjustment is not None else own
        final = _clamped(chosen if chosen is not None else _ZERO, criterion.max)
        criteria[criterion.id] = CriterionScore(criterion.id, own, final, adjustment)
        if own is not None:
            self_points[criterion.id] = own
        final_points[criterion.id] = final
    self_groups, _, _, _, self_total = _totals(scheme, self_points)
    groups, criteria_total, bonus, penalty, total = _totals(scheme, final_points)
    band = scheme.band_for(total)
    return MemberScore(
        member=assessment.member,
        criteria=criteria,
        groups=groups,
        self_groups=self_groups,
        criteria_total=criteria_total,
        bonus=bonus,
        penalty=penalty,
        total=total,
        self_total=self_total,
        band=band.label if band else None,
    )


@dataclass(frozen=True)
class RankedMember:
    score: MemberScore
    rank: int
    """Competition ranking: members the tie-breaks cannot part share a rank (1, 2, 2, 4)."""
    shared_with: tuple[str, ...] = ()
    """The other members of a tie the tie-breaks could not break."""
    decided_by: str | None = None
    """The tie-break that placed it below a member of the same total."""

    @property
    def member(self) -> str:
        return self.score.member


@dataclass(frozen=True)
class Ranking:
    members: tuple[RankedMember, ...]
    """In rank order; within a shared rank by member id."""

    def rank_of(self, member: str) -> int | None:
        return next((item.rank for item in self.members if item.member == member), None)

    def get(self, member: str) -> RankedMember | None:
        return next((item for item in self.members if item.member == member), None)

    @property
    def ties(self) -> list[tuple[str, ...]]:
        """Each tie the tie-breaks could not break, once, its members in rank order."""
        seen: list[tuple[str, ...]] = []
        for item in self.members:
            if item.shared_with:
                group = tuple(sorted((item.member, *item.shared_with)))
                if group not in seen:
                    seen.append(group)
        return seen


def rank_members(
    scheme: Scheme, scores: Sequence[MemberScore], votes: Mapping[str, int] | None = None
) -> Ranking:
    """Rank by total, then by each tie-break in the scheme's order; whatever the input order."""
    votes = votes or {}

    def key(score: MemberScore) -> tuple[Decimal, ...]:
        return (score.total, *(score.tie_key(name, votes) for name in scheme.tie_breaks))

    ordered = sorted(scores, key=lambda score: score.member)
    ordered.sort(key=key, reverse=True)
    ranked: list[RankedMember] = []
    for position, score in enumerate(ordered):
        same = [
            other.member for other in ordered if other is not score and key(other) == key(score)
        ]
        first = next(index for index, other in enumerate(ordered) if key(other) == key(score))
        decided_by = None
        if position > 0 and first == position:
            above = ordered[position - 1]
            if above.total == score.total:
                decided_by = next(
                    (
                        name
                        for name in scheme.tie_breaks
                        if above.tie_key(name, votes) != score.tie_key(name, votes)
                    ),
                    None,
                )
        ranked.append(RankedMember(score, first + 1, tuple(same), decided_by))
    return Ranking(tuple(ranked))


def first_round_votes(meeting: Meeting | None) -> dict[str, int]:
    """The `votes` tie-break: the votes a member had in the first round of each award, added
    up. It orders the final ranking only; eligibility is read before the vote."""
    found: dict[str, int] = {}
    for rounds in meeting.ballots.values() if meeting else []:
        if rounds:
            for member, count in rounds[0].votes.items():
                found[member] = found.get(member, 0) + count
    return found


@dataclass(frozen=True)
class AwardCandidates:
    """Who may stand for an award: eligible members in rank order, and those left out."""

    award: Award
    candidates: tuple[str, ...]
    left_out: tuple[tuple[str, str], ...] = ()
    """(member, why) for members the rank alone would have let stand."""


def eligible_candidates(
    scheme: Scheme, ranking: Ranking, meeting: Meeting | None, award: Award
) -> AwardCandidates:
    """Rank within `max_rank`, band at least `min_band`, not ineligible, not withdrawn."""
    floor = scheme.band(award.eligible.min_band) if award.eligible.min_band else None
    candidates: list[str] = []
    left_out: list[tuple[str, str]] = []
    for item in ranking.members:
        if award.eligible.max_rank is not None and item.rank > award.eligible.max_rank:
            continue
        if floor is not None and item.score.total < floor.min:
            left_out.append((item.member, f"chưa đạt mức “{floor.label}”"))
            continue
        notes = meeting.ineligible if meeting else []
        barred = next((note for note in notes if note.member == item.member), None)
        if barred is not None:
            left_out.append((item.member, barred.reason))
            continue
        withdrawal = meeting.withdrawn_from(item.member, award.id) if meeting else None
        if withdrawal is not None:
            left_out.append((item.member, f"xin rút: {withdrawal.reason}"))
            continue
        candidates.append(item.member)
    return AwardCandidates(award, tuple(candidates), tuple(left_out))


class AwardStatus(StrEnum):
    NOT_VOTED = "not-voted"
    """No round recorded yet."""
    ELECTED = "elected"
    """The quota filled by the votes."""
    BY_CHAIRS = "by-chairs"
    """Seats left after the last round, chosen by the chair and vice chair."""
    NEXT_ROUND = "next-round"
    """Seats left and rounds left: another round is needed."""
    CHAIRS_NEEDED = "chairs-needed"
    """Seats left after the last round: the chair and vice chair must decide."""
    UNFILLED = "unfilled"
    """Seats left and no candidate left."""


@dataclass(frozen=True, slots=True)
class CandidateVotes:
    member: str
    votes: int
    share: Decimal
    """Votes over the base."""
    reached: bool
    """At least the threshold (exactly at it passes)."""
    elected: bool
    proposed_before: bool = False
    """Already proposed for an earlier award: its votes are shown, never counted for a seat."""


@dataclass(frozen=True)
class RoundResult:
    number: int
    cast: int
    valid: int
    candidates: tuple[CandidateVotes, ...]
    """In the order of the ballot (rank order)."""
    elected: tuple[str, ...]
    tied: tuple[str, ...] = ()
    """Candidates tied at the quota's edge: they go to the next round, or after the last
    round to the chair and vice chair."""
    last: bool = False
    """The last round the scheme allows."""


@dataclass(frozen=True)
class AwardResult:
    award: Award
    base: int
    """What the threshold is a share of: the members of the year, or those present."""
    candidates: tuple[str, ...]
    rounds: tuple[RoundResult, ...]
    elected: tuple[str, ...]
    by_chairs: tuple[str, ...]
    status: AwardStatus
    next_ballot: tuple[str, ...] = ()
    """Who may still take a seat: the next round's ballot, or whom the chairs choose from
    after the last round (empty once the seats are filled)."""
    skipped: tuple[str, ...] = ()
    """Candidates already proposed for an award before this one."""

    @property
    def proposed(self) -> tuple[str, ...]:
        return self.elected + self.by_chairs

    @property
    def settled(self) -> bool:
        return self.status in (AwardStatus.ELECTED, AwardStatus.BY_CHAIRS, AwardStatus.UNFILLED)


def count_award(
    award: Award,
    candidates: Sequence[str],
    rounds: Sequence[Round],
    base: int,
    *,
    decided_by_chairs: Sequence[str] = (),
    already_proposed: frozenset[str] = frozenset(),
) -> AwardResult:
    """Count an award's rounds: elected are those at or above the threshold, most votes
    first, within the quota; a tie at the quota's edge goes to the next round; after the last
    round the chair and vice chair decide the seats left.

    A member already proposed for an earlier award stays on the ballot as it was printed (its
    votes are shown) but never takes a seat, and is left off the next round's ballot."""
    skipped = tuple(member for member in candidates if member in already_proposed)
    ballot = list(candidates)
    threshold = award.vote.threshold * base
    seats = award.quota
    elected: list[str] = []
    results: list[RoundResult] = []
    for number, recorded in enumerate(rounds[: award.vote.rounds], start=1):
        if seats <= 0 or not _electable(ballot, already_proposed):
            break
        tallies = [(member, recorded.votes.get(member, 0)) for member in ballot]
        reaching = sorted(
            (
                item
                for item in tallies
                if base > 0 and item[1] >= threshold and item[0] not in already_proposed
            ),
            key=lambda item: -item[1],
        )
        chosen: list[str] = []
        tied: list[str] = []
        if len(reaching) <= seats:
            chosen = [member for member, _ in reaching]
        else:
            edge = reaching[seats - 1][1]
            chosen = [member for member, votes in reaching if votes > edge]
            at_edge = [member for member, votes in reaching if votes == edge]
            if len(chosen) + len(at_edge) <= seats:
                chosen += at_edge
            else:
                tied = at_edge
        results.append(
            RoundResult(
                number,
                recorded.cast,
                recorded.valid,
                tuple(
                    CandidateVotes(
                        member,
                        votes,
                        Decimal(votes) / base if base else _ZERO,
                        base > 0 and votes >= threshold,
                        member in chosen,
                        member in already_proposed,
                    )
                    for member, votes in tallies
                ),
                tuple(chosen),
                tuple(tied),
                number == award.vote.rounds,
            )
        )
        elected.extend(chosen)
        seats -= len(chosen)
        ballot = tied or [
            member for member in _electable(ballot, already_proposed) if member not in chosen
        ]
    remaining = _electable(ballot, already_proposed)
    if not results:
        status = AwardStatus.NOT_VOTED if remaining else AwardStatus.UNFILLED
        return AwardResult(
            award, base, tuple(candidates), (), (), (), status, tuple(remaining), skipped
        )
    if seats <= 0:
        status, remaining = AwardStatus.ELECTED, []
    elif not remaining:
        status = AwardStatus.UNFILLED
    elif len(results) < award.vote.rounds:
        status = AwardStatus.NEXT_ROUND
    else:
        status = AwardStatus.CHAIRS_NEEDED
    chairs: tuple[str, ...] = ()
    if status is AwardStatus.CHAIRS_NEEDED:
        chairs = tuple(member for member in decided_by_chairs if member in remaining)[:seats]
        if chairs:
            status = AwardStatus.BY_CHAIRS
    return AwardResult(
        award,
        base,
        tuple(candidates),
        tuple(results),
        tuple(elected),
        chairs,
        status,
        tuple(remaining),
        skipped,
    )


def _electable(ballot: Sequence[str], proposed: frozenset[str]) -> list[str]:
    return [member for member in ballot if member not in proposed]


def count_awards(
    scheme: Scheme,
    ranking: Ranking,
    meeting: Meeting,
    members: Sequence[str],
    *,
    file: Path,
    locate: Locator | Callable[[Sequence[str | int]], Location],
    names: Mapping[str, str] | None = None,
) -> tuple[list[AwardResult], list[Issue]]:
    """Every award of the scheme counted in order (a member proposed for an award takes no
    seat of a later one), with the issues only the count can see: a vote for a member not on
    the round's ballot, a round that was needed and not held, a decision of the chairs that is
    needed, or that names someone not on the last ballot. `ranking` is the one eligibility is
    read from (`rank_members` without votes); `names` are the members' names for messages."""
    present = [member for member in members if meeting.present(member)]
    results: list[AwardResult] = []
    issues: list[Issue] = []
    proposed: set[str] = set()
    for award in scheme.awards:
        eligible = eligible_candidates(scheme, ranking, meeting, award)
        base = len(members) if award.vote.base == "members" else len(present)
        rounds = meeting.ballots.get(award.id, [])
        chairs = meeting.decided_by_chairs.get(award.id, [])
        result = count_award(
            award,
            eligible.candidates,
            rounds,
            base,
            decided_by_chairs=chairs,
            already_proposed=frozenset(proposed),
        )
        issues.extend(_count_issues(result, rounds, chairs, file, locate, names or {}))
        proposed.update(result.proposed)
        results.append(result)
    return results, issues


def _count_issues(
    result: AwardResult,
    rounds: Sequence[Round],
    chairs: Sequence[str],
    file: Path,
    locate: Callable[[Sequence[str | int]], Location],
    names: Mapping[str, str],
) -> list[Issue]:
    award = result.award

    def listed(members: Sequence[str]) -> str:
        return ", ".join(names.get(member, member) for member in members)

    issues: list[Issue] = []
    for index, counted in enumerate(result.rounds):
        on_ballot = {item.member for item in counted.candidates}
        for member, votes in rounds[index].votes.items():
            if member not in on_ballot and votes > 0:
                issues.append(
                    make_issue(
                        "vote-for-ineligible",
                        file=file,
                        location=locate(("ballots", award.id, index, "votes", member)),
                        value=names.get(member, member),
                        award=award.label,
                        round=index + 1,
                    )
                )
    held = len(result.rounds)
    if len(rounds) > held:
        issues.append(
            make_issue(
                "round-not-needed",
                file=file,
                location=locate(("ballots", award.id, held)),
                award=award.label,
                round=held + 1,
            )
        )
    if result.status in (AwardStatus.NEXT_ROUND, AwardStatus.NOT_VOTED):
        issues.append(
            make_issue(
                "round-needed",
                file=file,
                location=locate(("ballots", award.id)),
                award=award.label,
                round=held + 1,
                candidates=listed(result.next_ballot),
            )
        )
    elif result.status is AwardStatus.CHAIRS_NEEDED:
        issues.append(
            make_issue(
                "chairs-decision-needed",
                file=file,
                location=locate(("ballots", award.id)),
                award=award.label,
                rounds=held,
                candidates=listed(result.next_ballot),
            )
        )
    if not chairs:
        return issues
    where = locate(("decided_by_chairs", award.id))
    detail = None
    if result.status not in (AwardStatus.BY_CHAIRS, AwardStatus.CHAIRS_NEEDED):
        detail = "chỉ khi hết số vòng bỏ phiếu mà chưa chọn đủ số lượng"
    else:
        outside = [member for member in chairs if member not in result.next_ballot]
        seats = award.quota - len(result.elected)
        if outside:
            detail = (
                f"{listed(outside)} không có trong danh sách còn lại: {listed(result.next_ballot)}"
            )
        elif len(chairs) > seats:
            detail = f"chọn {len(chairs)} đơn vị, chỉ còn {seats} suất"
    if detail is not None:
        issues.append(
            make_issue(
                "invalid-chairs-decision",
                file=file,
                location=where,
                award=award.label,
                detail=detail,
            )
        )
    return issues
