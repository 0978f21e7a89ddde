"""Checking the year-end assessment's files: the scheme on its own, each self-assessment and the
review against the scheme and the year's members, the meeting's record against all of them.

Every problem is an issue with a stable code, located by line (YAML) or cell (the form). What
only the count can see (a vote for a member not on the ballot, a round still needed) is said
by `compute/assessment.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from tdcli.check.model_errors import issues_from_validation_error, suggestion
from tdcli.model.cluster import YearConfig
from tdcli.model.issues import Issue, Location, Severity, make_issue
from tdcli.model.scheme import (
    BONUS,
    PENALTY,
    VOTES,
    Criterion,
    CriterionKind,
    Meeting,
    Review,
    Scheme,
    SelfAssessment,
    points_text,
)

__all__ = [
    "check_meeting",
    "check_review",
    "check_scheme",
    "check_self_assessment",
    "validate_model",
]

Locate = Callable[[Sequence[str | int]], Location]
ModelT = TypeVar("ModelT", bound=BaseModel)


def validate_model(
    model: type[ModelT], data: Any, file: Path, locate: Locate
) -> tuple[ModelT | None, list[Issue]]:
    """`data` as `model`, or the issues that say why not."""
    if not isinstance(data, dict):
        detail = "phải là một nhóm các mục dạng 'tên: giá trị'"
        return None, [make_issue("wrong-type", file=file, location=locate(()), detail=detail)]
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, issues_from_validation_error(error, file=file, locate=locate, model=model)


def check_scheme(data: Any, file: Path, locate: Locate) -> tuple[Scheme | None, list[Issue]]:
    """The scheme on its own: ids used once, maxima adding up to the scale, bands and
    tie-breaks that exist. A scheme with errors scores nobody."""
    scheme, issues = validate_model(Scheme, data, file, locate)
    if scheme is None:
        return None, issues
    seen: dict[str, tuple[str | int, ...]] = {}

    def once(identifier: str, path: tuple[str | int, ...], what: str) -> None:
        if identifier in seen:
            issues.append(
                make_issue(
                    "duplicate-id", file=file, location=locate(path), value=identifier, what=what
                )
            )
        else:
            seen[identifier] = path

    for index, group in enumerate(scheme.groups):
        once(group.id, ("groups", index, "id"), "các nhóm và tiêu chí")
        for position, criterion in enumerate(group.criteria):
            once(criterion.id, ("groups", index, "criteria", position, "id"), "các tiêu chí")
    for part, name in ((scheme.bonus, "bonus"), (scheme.penalty, "penalty")):
        for position, criterion in enumerate(part.criteria if part else []):
            once(criterion.id, (name, "criteria", position, "id"), "các tiêu chí")
    awards: set[str] = set()
    for index, award in enumerate(scheme.awards):
        if award.id in awards:
            issues.append(
                make_issue(
                    "duplicate-id",
                    file=file,
                    location=locate(("awards", index, "id")),
                    value=award.id,
                    what="các danh hiệu",
                )
            )
        awards.add(award.id)
    if scheme.criteria_max != scheme.scale:
        issues.append(
            make_issue(
                "scheme-scale-mismatch",
                file=file,
                location=locate(("scale",)),
                total=points_text(scheme.criteria_max),
                scale=points_text(scheme.scale),
            )
        )
    labels = [band.label for band in scheme.bands]
    for index, band in enumerate(scheme.bands):
        if band.label in labels[:index]:
            issues.append(
                make_issue(
                    "duplicate-id",
                    file=file,
                    location=locate(("bands", index, "label")),
                    value=band.label,
                    what="các mức xếp loại",
                )
            )
        if band.min > scheme.scale + scheme.bonus_max:
            issues.append(
                make_issue(
                    "invalid-value",
                    file=file,
                    location=locate(("bands", index, "min")),
                    value=points_text(band.min),
                    detail=f"mức “{band.label}” từ {points_text(band.min)} điểm, cao hơn số "
                    "điểm tối đa một đơn vị có thể đạt",
                )
            )
    for index, award in enumerate(scheme.awards):
        wanted = award.eligible.min_band
        if wanted is not None and wanted not in labels:
            issues.append(
                make_issue(
                    "unknown-band",
                    file=file,
                    location=locate(("awards", index, "eligible", "min_band")),
                    value=wanted,
                    suggestion=suggestion(wanted, labels),
                )
            )
    known = [group.id for group in scheme.groups] + [BONUS, PENALTY, VOTES]
    for index, name in enumerate(scheme.tie_breaks):
        if name in scheme.tie_breaks[:index]:
            issues.append(
                make_issue(
                    "duplicate-id",
                    file=file,
                    location=locate(("tie_breaks", index)),
                    value=name,
                    what="các tiêu chí phụ (tie_breaks)",
                )
            )
        elif name not in known:
            issues.append(
                make_issue(
                    "unknown-tie-break",
                    file=file,
                    location=locate(("tie_breaks", index)),
                    value=name,
                    suggestion=suggestion(name, known),
                )
            )
    return scheme, issues


def _member_issue(
    member: str, year: int, year_config: YearConfig, cluster: str, file: Path, location: Location
) -> Issue | None:
    if year_config.member(member) is not None:
        return None
    return make_issue(
        "unknown-member",
        file=file,
        location=location,
        value=member,
        cluster=cluster,
        year=year,
        suggestion=suggestion(member, year_config.member_ids),
    )


def _name(member_id: str, year_config: YearConfig) -> str:
    member = year_config.member(member_id)
    return member.department if member is not None else member_id


def check_self_assessment(
    data: Any,
    file: Path,
    locate: Locate,
    scheme: Scheme,
    year: int,
    year_config: YearConfig,
    *,
    cluster: str,
    expected_member: str | None,
) -> tuple[SelfAssessment | None, list[Issue]]:
    """A member's self-assessment: its member and year, every criterion of the scheme scored
    within its maximum, the bonus within its total, a note for every bonus and penalty."""
    assessment, issues = validate_model(SelfAssessment, data, file, locate)
    if assessment is None:
        return None, issues
    problem = _member_issue(
        assessment.member, year, year_config, cluster, file, locate(("member",))
    )
    if problem is not None:
        issues.append(problem)
    elif expected_member is not None and assessment.member != expected_member:
        issues.append(
            make_issue(
                "assessment-mismatch",
                file=file,
                location=locate(("member",)),
                value=assessment.member,
                what="Mã thành viên",
                expected=f"tên tệp ({expected_member})",
                year=year,
            )
        )
    if assessment.year != year:
        issues.append(
            make_issue(
                "assessment-mismatch",
                file=file,
                location=locate(("year",)),
                value=str(assessment.year),
                what="Năm",
                expected=f"thư mục assessment/{year}",
                year=year,
            )
        )
    known = list(scheme.by_id)
    for criterion_id in assessment.scores:
        if criterion_id not in scheme.by_id:
            issues.append(
                make_issue(
                    "unknown-criterion",
                    file=file,
                    location=locate(("scores", criterion_id)),
                    value=criterion_id,
                    year=year,
                    suggestion=suggestion(criterion_id, known),
                )
            )
    bonus = Decimal(0)
    unscored = [
        criterion
        for kind, _, criterion in scheme.criteria()
        if kind is CriterionKind.SCORE and criterion.id not in assessment.scores
    ]
    issues.extend(_unscored_issues(unscored, file, locate))
    for kind, _, criterion in scheme.criteria():
        entry = assessment.scores.get(criterion.id)
        name = f"{criterion.id} “{criterion.label}”"
        if entry is None:
            continue
        where = locate(("scores", criterion.id, "points"))
        if entry.points > criterion.max:
            issues.append(
                make_issue(
                    "score-above-max",
                    file=file,
                    location=where,
                    field=f"scores.{criterion.id}",
                    value=points_text(entry.points),
                    name=name,
                    max=points_text(criterion.max),
                )
            )
        if kind is not CriterionKind.SCORE and entry.points > 0 and not entry.note:
            issues.append(
                make_issue(
                    "missing-evidence",
                    file=file,
                    location=locate(("scores", criterion.id)),
                    field=f"scores.{criterion.id}",
                    value=points_text(entry.points),
                    name=name,
                )
            )
        if kind is CriterionKind.BONUS:
            bonus += entry.points
    if scheme.bonus is not None and bonus > scheme.bonus.max:
        issues.append(
            make_issue(
                "bonus-above-max",
                file=file,
                location=locate(("scores",)),
                value=points_text(bonus),
                max=points_text(scheme.bonus.max),
            )
        )
    return assessment, issues


def check_review(
    data: Any,
    file: Path,
    locate: Locate,
    scheme: Scheme,
    year: int,
    year_config: YearConfig,
    *,
    cluster: str,
) -> tuple[Review | None, list[Issue]]:
    """The review: each adjustment for a member of the year, a criterion of the scheme, within
    its maximum, with its reason."""
    review, issues = validate_model(Review, data, file, locate)
    if review is None:
        return None, issues
    known = list(scheme.by_id)
    seen: dict[tuple[str, str], int] = {}
    for index, adjustment in enumerate(review.adjustments):
        path: tuple[str | int, ...] = ("adjustments", index)
        first = seen.setdefault((adjustment.member, adjustment.criterion), index)
        if first != index:
            issues.append(
                make_issue(
                    "duplicate-adjustment",
                    file=file,
                    location=locate(path),
                    criterion=adjustment.criterion,
                    member=_name(adjustment.member, year_config),
                    first_line=locate(("adjustments", first)).line,
                )
            )
        problem = _member_issue(
            adjustment.member, year, year_config, cluster, file, locate((*path, "member"))
        )
        if problem is not None:
            issues.append(problem)
        criterion = scheme.criterion(adjustment.criterion)
        if criterion is None:
            issues.append(
                make_issue(
                    "unknown-criterion",
                    file=file,
                    location=locate((*path, "criterion")),
                    value=adjustment.criterion,
                    year=year,
                    suggestion=suggestion(adjustment.criterion, known),
                )
            )
            continue
        name = f"{criterion.id} “{criterion.label}”"
        if adjustment.points > criterion.max:
            issues.append(
                make_issue(
                    "score-above-max",
                    file=file,
                    location=locate((*path, "points")),
                    value=points_text(adjustment.points),
                    name=name,
                    max=points_text(criterion.max),
                )
            )
        if not adjustment.reason:
            issues.append(
                make_issue(
                    "adjustment-without-reason",
                    file=file,
                    location=locate(path),
                    name=name,
                    member=adjustment.member,
                )
            )
    return review, issues


def check_meeting(
    data: Any,
    file: Path,
    locate: Locate,
    scheme: Scheme,
    year: int,
    year_config: YearConfig,
    *,
    cluster: str,
    next_year: YearConfig | None = None,
) -> tuple[Meeting | None, list[Issue]]:
    """The meeting's record: every member named is a member of the year (the hand-over's, of
    the next year when cluster.yaml has it), every award exists, and each round's numbers hold
    together: valid within cast, cast within the members present, each candidate's votes
    within the valid ballots, all votes within what the valid ballots could hold."""
    meeting, issues = validate_model(Meeting, data, file, locate)
    if meeting is None:
        return None, issues

    def member(value: str | None, path: tuple[str | int, ...], config: YearConfig) -> None:
        if value is None:
            return
        problem = _member_issue(value, year, config, cluster, file, locate(path))
        if problem is not None:
            issues.append(problem)

    for role in ("presiding", "secretary"):
        person = getattr(meeting, role)
        member(person.member, (role, "member"), year_config)
    for member_id in meeting.attendance:
        member(member_id, ("attendance", member_id), year_config)
    for index, note in enumerate(meeting.ineligible):
        member(note.member, ("ineligible", index, "member"), year_config)
    awards = [award.id for award in scheme.awards]

    def award_known(award_id: str, path: tuple[str | int, ...]) -> bool:
        if award_id in awards:
            return True
        issues.append(
            make_issue(
                "unknown-award",
                file=file,
                location=locate(path),
                value=award_id,
                year=year,
                suggestion=suggestion(award_id, awards),
            )
        )
        return False

    for index, withdrawal in enumerate(meeting.withdrawn):
        member(withdrawal.member, ("withdrawn", index, "member"), year_config)
        if withdrawal.award is not None:
            award_known(withdrawal.award, ("withdrawn", index, "award"))
    for award_id, chosen in meeting.decided_by_chairs.items():
        if award_known(award_id, ("decided_by_chairs", award_id)):
            for index, member_id in enumerate(chosen):
                member(member_id, ("decided_by_chairs", award_id, index), year_config)
    if meeting.handover is not None:
        issues.extend(
            _handover_issues(meeting, year, year_config, next_year, cluster, file, locate)
        )
    if meeting.date.year not in (year, year + 1):
        issues.append(
            make_issue(
                "invalid-value",
                file=file,
                location=locate(("date",)),
                value=f"{meeting.date:%d/%m/%Y}",
                detail=f"hội nghị tổng kết năm {year} họp trong năm {year} hoặc đầu năm {year + 1}",
            )
        )
    if meeting.ballots:
        for member_id in year_config.member_ids:
            if member_id not in meeting.attendance:
                department = year_config.members_by_id[member_id].department
                issues.append(
                    make_issue(
                        "missing-attendance",
                        file=file,
                        location=locate(("attendance",)),
                        department=department,
                    )
                )
    present = sum(1 for member_id in year_config.member_ids if meeting.present(member_id))
    for award_id, rounds in meeting.ballots.items():
        if not award_known(award_id, ("ballots", award_id)):
            continue
        award = scheme.award(award_id)
        assert award is not None
        for index, recorded in enumerate(rounds):
            path = ("ballots", award_id, index)
            issues.extend(
                _round_issues(recorded, award.quota, present, file, locate, path, year_config)
            )
            for member_id in recorded.votes:
                member(member_id, (*path, "votes", member_id), year_config)
    return meeting, issues


def _round_issues(
    recorded: Any,
    quota: int,
    present: int,
    file: Path,
    locate: Locate,
    path: tuple[str | int, ...],
    year_config: YearConfig,
) -> list[Issue]:
    issues: list[Issue] = []
    if recorded.valid > recorded.cast:
        issues.append(
            make_issue(
                "valid-above-cast",
                file=file,
                location=locate((*path, "valid")),
                value=recorded.valid,
                cast=recorded.cast,
            )
        )
    if recorded.cast > present:
        issues.append(
            make_issue(
                "cast-above-present",
                file=file,
                location=locate((*path, "cast")),
                value=recorded.cast,
                present=present,
            )
        )
    valid = min(recorded.valid, recorded.cast)
    for member_id, votes in recorded.votes.items():
        if votes > valid:
            issues.append(
                make_issue(
                    "votes-above-valid",
                    file=file,
                    location=locate((*path, "votes", member_id)),
                    value=votes,
                    name=_name(member_id, year_config),
                    valid=valid,
                )
            )
    total = sum(recorded.votes.values())
    if total > valid * quota:
        issues.append(
            make_issue(
                "votes-above-ballots",
                file=file,
                location=locate((*path, "votes")),
                value=total,
                limit=valid * quota,
            )
        )
    return issues


def _handover_issues(
    meeting: Meeting,
    year: int,
    year_config: YearConfig,
    next_year: YearConfig | None,
    cluster: str,
    file: Path,
    locate: Locate,
) -> list[Issue]:
    """Next year's chair and vice chair: members of next year (of this one while cluster.yaml
    has no next year), two different members, and the ones cluster.yaml names, if it does."""
    assert meeting.handover is not None
    handover = meeting.handover
    config, when = (next_year, year + 1) if next_year is not None else (year_config, year)
    issues: list[Issue] = []
    for role in ("chair", "vice_chair"):
        value = getattr(handover, role)
        if value is None:
            continue
        problem = _member_issue(value, when, config, cluster, file, locate(("handover", role)))
        if problem is not None:
            issues.append(problem)
        elif next_year is not None and getattr(next_year, role) not in (None, value):
            named = _name(getattr(next_year, role), next_year)
            issues.append(
                make_issue(
                    "invalid-value",
                    file=file,
                    severity=Severity.WARNING,
                    location=locate(("handover", role)),
                    value=value,
                    detail=f"cluster.yaml ghi {'cụm trưởng' if role == 'chair' else 'cụm phó'} "
                    f"năm {year + 1} là {named}",
                )
            )
    if handover.vice_chair is not None and handover.vice_chair == handover.chair:
        issues.append(
            make_issue(
                "invalid-value",
                file=file,
                location=locate(("handover", "vice_chair")),
                value=handover.vice_chair,
                detail="cụm trưởng và cụm phó phải là hai thành viên khác nhau",
            )
        )
    return issues


MAX_UNSCORED_SHOWN = 5
"""Unscored criteria named one by one; beyond, one issue says how many more (a blank form
would otherwise give a line per criterion)."""


def _unscored_issues(unscored: Sequence[Criterion], file: Path, locate: Locate) -> list[Issue]:
    if len(unscored) <= MAX_UNSCORED_SHOWN:
        return [
            make_issue(
                "criterion-not-scored",
                file=file,
                location=locate(("scores", criterion.id)),
                field=f"scores.{criterion.id}",
                name=f"{criterion.id} “{criterion.label}”",
                max=points_text(criterion.max),
            )
            for criterion in unscored
        ]
    shown = ", ".join(criterion.id for criterion in unscored[:MAX_UNSCORED_SHOWN])
    rest = len(unscored) - MAX_UNSCORED_SHOWN
    total = sum((criterion.max for criterion in unscored), Decimal(0))
    return [
        make_issue(
            "criterion-not-scored",
            file=file,
            location=locate(("scores", unscored[0].id)),
            name=f"{shown} và {rest} tiêu chí khác",
            max=points_text(total),
        )
    ]
