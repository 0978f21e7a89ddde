"""What the year-end meeting's documents say, as plain data: the secret ballot (phiếu bầu) and
the minutes (biên bản hội nghị tổng kết).

Pure functions over the scheme, the meeting and the computed ranking and counts; the tables
and the shared phrases come from `contents/assessment.py`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from typing import Any

from tdcli.compute.assessment import (
    AwardCandidates,
    AwardResult,
    AwardStatus,
    Ranking,
    RoundResult,
    count_award,
)
from tdcli.contents.assessment import award_outcome, band_summary, threshold_text
from tdcli.contents.official import header_context, number_line
from tdcli.model.cluster import ClusterConfig, YearConfig
from tdcli.model.scheme import Award, Meeting, Scheme, points_text
from tdcli.model.vnformat import date_long, date_short

__all__ = [
    "AwardSection",
    "BallotAward",
    "ballot_awards",
    "ballot_context",
    "ballot_instruction",
    "meeting_name",
    "minutes_context",
    "round_sentence",
    "vote_sections",
]


def meeting_name(cluster: str, ministry: str, year: int) -> str:
    """`Hội nghị tổng kết phong trào thi đua năm 2021 của Cụm thi đua số II thuộc Bộ …`."""
    return f"Hội nghị tổng kết phong trào thi đua năm {year} của {cluster} thuộc {ministry}"


def ballot_instruction(seats: int) -> str:
    return (
        f"Đánh dấu X vào ô bên cạnh tên đơn vị được chọn; chọn không quá {seats} đơn vị. "
        "Phiếu chọn quá số lượng là phiếu không hợp lệ."
    )


@dataclass(frozen=True)
class BallotAward:
    """One award on the ballot of one round: who stands, in rank order, and how many seats."""

    result: AwardResult
    """The award's count so far (with no round when none is recorded): its base, threshold."""
    seats: int
    candidates: tuple[str, ...]


def ballot_awards(
    scheme: Scheme,
    candidates: Sequence[AwardCandidates],
    results: Sequence[AwardResult],
    members: Sequence[str],
    meeting: Meeting | None,
    round_number: int,
) -> tuple[list[BallotAward], list[str]]:
    """The awards to vote on in `round_number`, and why each other award is left out.

    Round 1: the eligible candidates not withdrawn, without those an earlier award already
    proposes (as the count leaves them out). A later round: the candidates on that round's
    ballot when it is recorded, else those the count sends to it."""
    present = [member for member in members if meeting is None or meeting.present(member)]
    counted = {result.award.id: result for result in results}
    chosen: list[BallotAward] = []
    left_out: list[str] = []
    for award in scheme.awards:
        result = counted.get(award.id)
        if result is None:
            eligible = next((item for item in candidates if item.award.id == award.id), None)
            base = len(members) if award.vote.base == "members" else len(present)
            result = count_award(award, eligible.candidates if eligible else (), (), base)
        if round_number > award.vote.rounds:
            left_out.append(f"{award.label}: bầu tối đa {award.vote.rounds} vòng")
            continue
        if round_number <= len(result.rounds):
            held = result.rounds[round_number - 1]
            earlier = sum(len(item.elected) for item in result.rounds[: round_number - 1])
            names = tuple(item.member for item in held.candidates)
            chosen.append(BallotAward(result, award.quota - earlier, names))
        elif round_number == 1:
            names = tuple(member for member in result.candidates if member not in result.skipped)
            if names:
                chosen.append(BallotAward(result, award.quota, names))
            else:
                left_out.append(f"{award.label}: không có đơn vị đủ điều kiện")
        elif result.status is AwardStatus.NEXT_ROUND and round_number == len(result.rounds) + 1:
            seats = award.quota - len(result.elected)
            chosen.append(BallotAward(result, seats, result.next_ballot))
        elif not result.rounds:
            left_out.append(f"{award.label}: chưa ghi kết quả vòng 1")
        elif result.status is AwardStatus.NEXT_ROUND:
            left_out.append(
                f"{award.label}: mới ghi {len(result.rounds)} vòng, "
                f"vòng tiếp theo là vòng {len(result.rounds) + 1}"
            )
        else:
            left_out.append(f"{award.label}: đã xong sau {len(result.rounds)} vòng")
    return chosen, left_out


def ballot_context(
    config: ClusterConfig,
    year_number: int,
    round_number: int,
    awards: Sequence[BallotAward],
    departments: Mapping[str, str],
    copies: int,
    per_page: int,
) -> dict[str, Any]:
    """Everything the ballot's template uses: the ballot once, and how many copies go on each
    sheet. Secret: no member's name, no number, no signature."""
    numbered = [
        {
            "heading": f"{index}. {ballot.result.award.label}",
            "instruction": ballot_instruction(ballot.seats),
            "threshold": f"Đơn vị được chọn khi đạt số phiếu {threshold_text(ballot.result)}.",
            "candidates": [
                {"number": number, "name": departments.get(member, member)}
                for number, member in enumerate(ballot.candidates, start=1)
            ],
        }
        for index, ballot in enumerate(awards, start=1)
    ]
    per_page = max(per_page, 1)
    copy_numbers = list(range(1, copies + 1))
    sheets = [
        {"first": start == 0, "copies": copy_numbers[start : start + per_page]}
        for start in range(0, len(copy_numbers), per_page)
    ]
    return {
        "ballot": {
            "issuer": config.name.upper(),
            "title": "PHIẾU BẦU",
            "meeting": (
                f"Hội nghị tổng kết phong trào thi đua năm {year_number} - Bỏ phiếu vòng "
                f"{round_number}"
            ),
            "round": round_number,
            "awards": numbered,
        },
        "sheets": sheets,
    }


def _clock_text(value: time | None) -> str:
    if value is None:
        return "… giờ … phút"
    return f"{value.hour:02d} giờ {value.minute:02d} phút"


def _person(name: str, title: str) -> str:
    return f"{name}, {title.rstrip('.')}"


def round_sentence(counted: RoundResult, names: Mapping[str, str]) -> str:
    """What a round decided, after its table."""
    elected = ", ".join(names.get(member, member) for member in counted.elected)
    tied = ", ".join(names.get(member, member) for member in counted.tied)
    parts = []
    if elected:
        parts.append(f"{elected} trúng cử")
    if tied:
        then = "Cụm trưởng, Cụm phó quyết định" if counted.last else "bầu tiếp vòng sau"
        parts.append(f"{tied} bằng số phiếu, {then}")
    if not parts:
        parts.append("không đơn vị nào trúng cử")
    return f"Kết quả vòng {counted.number}: {'; '.join(parts)}."


@dataclass(frozen=True)
class AwardSection:
    """One award in the minutes: who stood, who did not and why, then each round."""

    title: str
    paragraphs: tuple[str, ...]
    rounds: tuple[tuple[RoundResult, str], ...]
    """Each round counted, with the sentence said after its table."""
    result: AwardResult | None


def _eligibility(award: Award) -> str:
    rules = []
    if award.eligible.max_rank is not None:
        rules.append(f"xếp hạng từ 1 đến {award.eligible.max_rank}")
    if award.eligible.min_band:
        rules.append(f"đạt mức “{award.eligible.min_band}”")
    return f" ({', '.join(rules)})" if rules else ""


def vote_sections(
    scheme: Scheme,
    candidates: Sequence[AwardCandidates],
    results: Sequence[AwardResult],
    names: Mapping[str, str],
) -> list[AwardSection]:
    """Section 3 of the minutes, award by award."""
    counted = {result.award.id: result for result in results}
    sections = []
    letters = "abcdđeghiklmnopqrstuvxy"
    for index, eligible in enumerate(candidates):
        award = eligible.award
        result = counted.get(award.id)
        letter = letters[index] if index < len(letters) else str(index + 1)
        title = f"{letter}) {award.label} (số lượng: {award.quota:02d} đơn vị)"
        listed = ", ".join(names.get(member, member) for member in eligible.candidates)
        paragraphs = [
            f"Đơn vị đủ điều kiện{_eligibility(award)}: {listed or 'không có'}.",
        ]
        for member, why in eligible.left_out:
            paragraphs.append(f"{names.get(member, member)} không đưa vào danh sách bầu: {why}.")
        if result is not None:
            if result.skipped:
                skipped = ", ".join(names.get(member, member) for member in result.skipped)
                paragraphs.append(
                    f"{skipped} đã được đề nghị danh hiệu, hình thức khen thưởng cao hơn, "
                    "không đưa vào phiếu bầu."
                )
            paragraphs.append(
                f"Đơn vị được đề nghị phải đạt số phiếu {threshold_text(result)}; bầu tối đa "
                f"{award.vote.rounds} vòng."
            )
            rounds = tuple((item, round_sentence(item, names)) for item in result.rounds)
            if not result.rounds:
                paragraphs.append("Chưa bỏ phiếu.")
        else:
            paragraphs.append("Chưa bỏ phiếu.")
            rounds = ()
        sections.append(AwardSection(title, tuple(paragraphs), rounds, result))
    return sections


def _adjustment_lines(scheme: Scheme, ranking: Ranking, names: Mapping[str, str]) -> list[str]:
    lines = []
    for item in ranking.members:
        for entry in item.score.criteria.values():
            if not entry.adjusted or entry.adjustment is None:
                continue
            criterion = scheme.criterion(entry.criterion)
            label = f" ({criterion.label})" if criterion else ""
            reason = (entry.adjustment.reason or "").rstrip(".")
            lines.append(
                f"- {names.get(item.member, item.member)}, tiêu chí {entry.criterion}{label}: "
                f"tự chấm {points_text(entry.self_points or Decimal(0))} điểm, Cụm chấm "
                f"{points_text(entry.final_points)} điểm. Lý do: {reason}."
            )
    return lines


def minutes_context(
    config: ClusterConfig,
    year: YearConfig,
    year_number: int,
    next_year: YearConfig | None,
    scheme: Scheme,
    meeting: Meeting,
    ranking: Ranking,
    results: Sequence[AwardResult],
    departments: Mapping[str, str],
    day: date,
) -> dict[str, Any]:
    """Everything the minutes' template uses but the tables (inserted at their markers)."""
    ministry = config.ministry_on(day)
    members = year.member_ids
    present = [member for member in members if meeting.present(member)]
    attendees = []
    for member in present:
        delegates = "; ".join(
            _person(delegate.name, delegate.title)
            for delegate in meeting.attendance[member].delegates
        )
        attendees.append(f"- {departments.get(member, member)}: {delegates}.")
    absentees = []
    for member in members:
        if meeting.present(member):
            continue
        entry = meeting.attendance.get(member)
        reason = entry.absent if entry is not None and entry.absent else "chưa ghi lý do"
        absentees.append(f"- {departments.get(member, member)} (lý do: {reason.rstrip('.')}).")
    chair = year.member(year.chair)
    chair_name = departments.get(year.chair, chair.department if chair else year.chair)
    source = scheme.source
    handover: list[str] = []
    if meeting.handover is not None:
        new_chair = departments.get(meeting.handover.chair, meeting.handover.chair)
        vice = meeting.handover.vice_chair
        vice_text = f" và {departments.get(vice, vice)} làm Cụm phó" if vice is not None else ""
        handover = [
            f"Hội nghị thống nhất {new_chair} làm Cụm trưởng{vice_text} {config.name} năm "
            f"{year_number + 1}.",
            f"{chair_name}, Cụm trưởng năm {year_number}, bàn giao nhiệm vụ Cụm trưởng cho "
            f"{new_chair}.",
        ]
    elif next_year is not None:
        handover = [
            f"Hội nghị chưa ghi việc bàn giao Cụm trưởng, Cụm phó {config.name} năm "
            f"{year_number + 1}."
        ]
    else:
        handover = [f"Hội nghị chưa thống nhất Cụm trưởng, Cụm phó năm {year_number + 1}."]
    return {
        "header": {
            **header_context(config, year, day),
            "number": number_line("BB", config.document_symbol),
        },
        "document": {
            "title": "BIÊN BẢN",
            "summary": meeting_name(config.name, ministry, year_number),
        },
        "time": (f"Thời gian: bắt đầu {_clock_text(meeting.start)}, {date_long(meeting.date)}."),
        "place": f"Địa điểm: {meeting.place.rstrip('.')}.",
        "attendance": (
            f"Thành phần: đại diện lãnh đạo {len(present):02d}/{len(members):02d} Sở thành "
            f"viên {config.name}, gồm:"
        ),
        "attendees": attendees,
        "absent_intro": (
            f"Vắng mặt {len(members) - len(present):02d} đơn vị:" if absentees else ""
        ),
        "absentees": absentees,
        "presiding": f"Chủ tọa: {_person(meeting.presiding.name, meeting.presiding.title)}.",
        "secretary": f"Thư ký: {_person(meeting.secretary.name, meeting.secretary.title)}.",
        "report": [
            f"{chair_name}, Cụm trưởng năm {year_number}, trình bày Báo cáo tổng kết phong trào "
            f"thi đua, công tác khen thưởng năm {year_number} của {config.name}.",
            band_summary(ranking, len(members), year_number),
        ],
        "scores_intro": (
            f"Các Sở thành viên tự chấm điểm theo thang điểm {points_text(scheme.scale)} điểm "
            f"(Văn bản số {source.number} ngày {date_short(source.date)} của {source.issuer}); "
            "Cụm trưởng, Cụm phó thẩm định. Kết quả chấm điểm, xếp hạng như sau:"
        ),
        "adjustments_intro": (
            "Cụm điều chỉnh điểm tự chấm như sau:"
            if _adjustment_lines(scheme, ranking, departments)
            else "Cụm giữ nguyên điểm tự chấm của các đơn vị."
        ),
        "adjustments": _adjustment_lines(scheme, ranking, departments),
        "outcomes": [award_outcome(result, departments) for result in results]
        or ["Hội nghị chưa bỏ phiếu bình xét danh hiệu, hình thức khen thưởng."],
        "handover_title": f"Bàn giao Cụm trưởng, Cụm phó năm {year_number + 1}",
        "handover": handover,
        "opinions": list(meeting.opinions) or ["Không có ý kiến khác."],
        "closing": (
            f"Hội nghị kết thúc vào hồi {_clock_text(meeting.end)} cùng ngày. Biên bản đã được "
            "thông qua trước Hội nghị và các đại biểu nhất trí./."
        ),
        "secretary_name": meeting.secretary.name,
        "presiding_name": meeting.presiding.name,
    }
