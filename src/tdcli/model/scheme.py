"""The year-end assessment as frozen models: the ministry's scoring scheme of a year (the second
catalogue, read from `assessment/<year>/scheme.yaml`), a member's self-assessment, the cluster's
review and the year-end meeting.

The keys are a public contract, like a submission's. What each file may say is checked here
one file at a time; what holds across files (a score within its criterion's maximum, a vote
for an eligible member) is checked in `check/assessment.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, time
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from tdcli.model.catalogue import MemberId, field_label
from tdcli.model.cluster import Text, Year
from tdcli.model.numbers import NumberFormatError, parse_vn_number

__all__ = [
    "BONUS",
    "PENALTY",
    "VOTES",
    "Adjustment",
    "Attendance",
    "Award",
    "AwardEligibility",
    "AwardVote",
    "Band",
    "Criterion",
    "CriterionKind",
    "Delegate",
    "Handover",
    "Meeting",
    "MemberNote",
    "Person",
    "Points",
    "Review",
    "Round",
    "Scheme",
    "ScoreEntry",
    "ScoreGroup",
    "SelfAssessment",
    "Source",
    "Withdrawal",
    "points_text",
]

BONUS = "bonus"
PENALTY = "penalty"
VOTES = "votes"
"""Tie-breaks other than a group id: more bonus points, fewer penalty points, more votes."""

MAX_POINTS = Decimal(1_000_000)
_ID = re.compile(r"[a-z0-9]+(?:[._-][a-z0-9]+)*")


def _points(value: Any) -> Any:
    """A score as written: `185`, `185,5`, `185.5` (a YAML float), `"200 điểm"`; at most two
    decimals, never negative, never beyond any scale."""
    if isinstance(value, bool):
        raise PydanticCustomError("not-a-number", "not a number")
    if isinstance(value, str):
        try:
            # points may say so (`200 điểm`, `200 đ.`), never be money (`200 đồng`)
            number = parse_vn_number(value, ("điểm", "đ"))
        except NumberFormatError as error:
            raise PydanticCustomError(error.code, "not a number") from None
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise PydanticCustomError("not-a-number", "not a number")
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    else:
        return value
    if number < 0:
        raise PydanticCustomError("negative-number", "negative")
    if number > MAX_POINTS:
        raise PydanticCustomError("number-too-large", "too large")
    if number != number.quantize(Decimal("0.01")):
        raise ValueError(f"{value}: điểm ghi tối đa hai chữ số thập phân, như 185,5 hoặc 12,25")
    return number.quantize(Decimal("0.01")).normalize() + 0


Points = Annotated[Decimal, BeforeValidator(_points)]
"""Points: a decimal with at most two places, 0 to a million."""


def points_text(value: Decimal) -> str:
    """`185,5`, `1.000`: points as Vietnamese running text writes them."""
    from tdcli.model.vnformat import format_decimal

    return format_decimal(value, 2, trim=True)


def _identifier(value: Any) -> Any:
    if isinstance(value, str) and not _ID.fullmatch(value.strip()):
        raise ValueError(
            f"mã '{value[:40]}' chỉ gồm chữ thường không dấu, số và dấu '-', '_' hoặc '.' "
            "(ví dụ 1.1 hoặc phong-trao)"
        )
    return value.strip() if isinstance(value, str) else value


Identifier = Annotated[str, BeforeValidator(_identifier)]


def _fraction(value: Any) -> Any:
    """A threshold: `0.5`, `2/3`, `50%`, `"50 %"`."""
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        try:
            if text.endswith("%"):
                number = parse_vn_number(text[:-1]) / 100
            elif "/" in text:
                top, _, bottom = text.partition("/")
                number = parse_vn_number(top) / parse_vn_number(bottom)
            else:
                number = parse_vn_number(text)
        except (NumberFormatError, ArithmeticError):
            raise ValueError(
                f"'{value[:40]}' không phải tỷ lệ; ghi như 0,5, 50% hoặc 2/3"
            ) from None
        return number
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


class _Model(BaseModel):
    # Built on first use (an assessment command), not when a submission's form is read.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Source(_Model):
    """The ministry's letter that sent the year's scheme."""

    number: Text
    date: date
    issuer: Text


class CriterionKind(StrEnum):
    SCORE = "score"
    BONUS = "bonus"
    PENALTY = "penalty"


class Criterion(_Model):
    id: Identifier
    label: Text
    max: Points
    guidance: Text | None = None


MAX_CRITERIA_PER_GROUP = 50
MAX_GROUPS = 20
MAX_EXTRA_CRITERIA = 30
"""Far more than any ministry's scheme has (a few groups of a few criteria each): the bound
keeps a hostile scheme from making the form, the checks and the workbook grow without end."""


class ScoreGroup(_Model):
    id: Identifier
    label: Text
    criteria: list[Criterion] = Field(min_length=1, max_length=MAX_CRITERIA_PER_GROUP)

    @property
    def max(self) -> Decimal:
        return sum((criterion.max for criterion in self.criteria), Decimal(0))


class BonusPart(_Model):
    max: Points
    """The most bonus points a member can have in all, whatever its criteria add up to."""
    criteria: list[Criterion] = Field(default_factory=list, max_length=MAX_EXTRA_CRITERIA)


class PenaltyPart(_Model):
    max: Points | None = None
    """The most points deducted in all; the criteria's sum when not given."""
    criteria: list[Criterion] = Field(default_factory=list, max_length=MAX_EXTRA_CRITERIA)


class Band(_Model):
    label: Text
    min: Points


class AwardEligibility(_Model):
    max_rank: int | None = Field(default=None, ge=1, le=1000)
    min_band: Text | None = None


class AwardVote(_Model):
    threshold: Annotated[Decimal, BeforeValidator(_fraction), Field(gt=0, le=1)]
    """The share of the base a candidate's votes must reach (at least: exactly at it passes)."""
    base: Literal["members", "present"] = "members"
    """The votes are counted against all members of the year, or those present."""
    rounds: int = Field(default=1, ge=1, le=10)


class Award(_Model):
    id: Identifier
    label: Text
    quota: int = Field(ge=1, le=1000)
    eligible: AwardEligibility = Field(default_factory=AwardEligibility)
    vote: AwardVote


class Scheme(_Model):
    """The year's scoring scheme: `assessment/<year>/scheme.yaml`."""

    source: Source
    scale: Points
    groups: list[ScoreGroup] = Field(min_length=1, max_length=MAX_GROUPS)
    bonus: BonusPart | None = None
    penalty: PenaltyPart | None = None
    bands: list[Band] = Field(default_factory=list, max_length=20)
    tie_breaks: list[Text] = Field(default_factory=list, max_length=20)
    awards: list[Award] = Field(default_factory=list, max_length=20)

    def criteria(self) -> Iterator[tuple[CriterionKind, str | None, Criterion]]:
        """Every criterion with its kind and group (None for bonus and penalty), in order."""
        for group in self.groups:
            for criterion in group.criteria:
                yield CriterionKind.SCORE, group.id, criterion
        for criterion in self.bonus.criteria if self.bonus else []:
            yield CriterionKind.BONUS, None, criterion
        for criterion in self.penalty.criteria if self.penalty else []:
            yield CriterionKind.PENALTY, None, criterion

    @cached_property
    def by_id(self) -> dict[str, tuple[CriterionKind, str | None, Criterion]]:
        found: dict[str, tuple[CriterionKind, str | None, Criterion]] = {}
        for kind, group, criterion in self.criteria():
            found.setdefault(criterion.id, (kind, group, criterion))
        return found

    def criterion(self, criterion_id: str) -> Criterion | None:
        entry = self.by_id.get(criterion_id)
        return entry[2] if entry else None

    def kind_of(self, criterion_id: str) -> CriterionKind | None:
        entry = self.by_id.get(criterion_id)
        return entry[0] if entry else None

    def group(self, group_id: str) -> ScoreGroup | None:
        return next((group for group in self.groups if group.id == group_id), None)

    def award(self, award_id: str) -> Award | None:
        return next((award for award in self.awards if award.id == award_id), None)

    def band(self, label: str) -> Band | None:
        return next((band for band in self.bands if band.label == label), None)

    @property
    def criteria_max(self) -> Decimal:
        return sum((group.max for group in self.groups), Decimal(0))

    @property
    def bonus_max(self) -> Decimal:
        return self.bonus.max if self.bonus else Decimal(0)

    @property
    def penalty_max(self) -> Decimal:
        if self.penalty is None:
            return Decimal(0)
        if self.penalty.max is not None:
            return self.penalty.max
        return sum((criterion.max for criterion in self.penalty.criteria), Decimal(0))

    def band_for(self, total: Decimal) -> Band | None:
        """The highest band whose minimum the total reaches."""
        reached = [band for band in self.bands if total >= band.min]
        return max(reached, key=lambda band: band.min) if reached else None


def _score_entry(value: Any) -> Any:
    return {"points": value} if not isinstance(value, dict) else value


class ScoreEntry(_Model):
    points: Points
    note: Text | None = None
    """The explanation (diễn giải) and, for a bonus or a penalty, the evidence."""


class SelfAssessment(_Model):
    """A member's self-assessment: `self/<member>.yaml` (or the form, `.xlsx`)."""

    member: MemberId = Field(title=field_label("member"))
    year: Year = Field(title="Năm")
    scores: dict[Identifier, Annotated[ScoreEntry, BeforeValidator(_score_entry)]] = Field(
        default_factory=dict
    )


def _blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


class Adjustment(_Model):
    member: MemberId
    criterion: Identifier
    points: Points
    """The score the cluster gives for the criterion, in place of the self-score."""
    reason: Annotated[Text | None, BeforeValidator(_blank_is_none)] = None


class Review(_Model):
    """The cluster's review of the self-scores: `review.yaml`."""

    adjustments: list[Adjustment] = Field(default_factory=list)


def _clock(value: Any) -> Any:
    """`8:00`, `08h00`, `8 giờ 30`, or YAML's sexagesimal 480 for an unquoted 8:00."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return time(value // 60, value % 60)
    if isinstance(value, str):
        text = value.strip().lower().replace("giờ", "h").replace(" ", "")
        match = re.fullmatch(r"(\d{1,2})(?:[:h.](\d{2})?)?(?:phút)?", text)
        if match and int(match.group(1)) < 24 and int(match.group(2) or 0) < 60:
            return time(int(match.group(1)), int(match.group(2) or 0))
        raise ValueError(f"'{value[:20]}' không phải giờ; ghi như 08:00 hoặc 14h30")
    return value


Clock = Annotated[time, BeforeValidator(_clock)]


class Person(_Model):
    name: Text
    title: Text
    member: MemberId | None = None


class Delegate(_Model):
    name: Text
    title: Text


class Attendance(_Model):
    """A member at the meeting: its delegates, or absent with the reason."""

    delegates: list[Delegate] = Field(default_factory=list)
    absent: Text | None = None
    """Why the member was absent; absent members do not vote."""

    @property
    def present(self) -> bool:
        return self.absent is None and bool(self.delegates)


class MemberNote(_Model):
    member: MemberId
    reason: Text


class Withdrawal(_Model):
    member: MemberId
    reason: Text
    award: Identifier | None = None
    """The award it withdraws from; every award when not given."""


class Round(_Model):
    cast: int = Field(ge=0, le=100_000)
    valid: int = Field(ge=0, le=100_000)
    votes: dict[MemberId, Annotated[int, Field(ge=0, le=100_000)]] = Field(default_factory=dict)


class Handover(_Model):
    chair: MemberId
    vice_chair: MemberId | None = None


class Meeting(_Model):
    """The year-end meeting: `meeting.yaml`."""

    date: date
    start: Clock
    end: Clock | None = None
    place: Text
    presiding: Person
    secretary: Person
    attendance: dict[MemberId, Attendance] = Field(default_factory=dict)
    withdrawn: list[Withdrawal] = Field(default_factory=list)
    ineligible: list[MemberNote] = Field(default_factory=list)
    ballots: dict[Identifier, list[Round]] = Field(default_factory=dict)
    decided_by_chairs: dict[Identifier, list[MemberId]] = Field(default_factory=dict)
    """Per award, whom the chair and vice chair chose when the rounds ran out."""
    handover: Handover | None = None
    opinions: list[Text] = Field(default_factory=list)

    @field_validator("end")
    @classmethod
    def _after_start(cls, value: time | None, info: Any) -> time | None:
        start = info.data.get("start")
        if value is not None and start is not None and value <= start:
            raise ValueError(f"giờ kết thúc ({value:%H:%M}) phải sau giờ bắt đầu ({start:%H:%M})")
        return value

    @field_validator("attendance")
    @classmethod
    def _one_way(cls, value: dict[str, Attendance]) -> dict[str, Attendance]:
        for member, entry in value.items():
            if entry.absent is not None and entry.delegates:
                raise ValueError(f"'{member}' vừa có người dự vừa vắng mặt; chọn một")
            if entry.absent is None and not entry.delegates:
                raise ValueError(f"'{member}': ghi người dự (delegates) hoặc lý do vắng (absent)")
        return value

    def present(self, member_id: str) -> bool:
        entry = self.attendance.get(member_id)
        return entry is not None and entry.present

    def withdrawn_from(self, member_id: str, award_id: str) -> Withdrawal | None:
        return next(
            (
                item
                for item in self.withdrawn
                if item.member == member_id and item.award in (None, award_id)
            ),
            None,
        )
