"""The review report's content: the template context, built from the aggregate, as a pure
function. Sentences read like the cluster reports of the seeds; every label and unit comes
from the catalogue; every institution, person and place from the workspace."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from tdcli.compute.aggregate import Aggregate
from tdcli.compute.assessment import AwardResult, Ranking
from tdcli.contents.assessment import award_outcome, band_summary, tie_notes
from tdcli.contents.official import (
    NUMBER_BLANK,
    chair_signer,
    header_context,
    number_line,
    recipients,
)
from tdcli.contents.phrases import (
    LETTERS,
    NO_DATA,
    ReviewKind,
    bullet_lines,
    comparison_tail,
    items,
    number_text,
    province_list,
    review_kind,
    total_comparison,
    unique,
)
from tdcli.contents.prose import result_sentences
from tdcli.model.cluster import Signing, YearConfig
from tdcli.model.scheme import Meeting, Scheme, points_text
from tdcli.model.vnformat import (
    date_long,
    date_short,
)
from tdcli.workspace import Workspace

__all__ = ["assessment_summary", "review_context"]


def _signed(year: YearConfig, report_date: date) -> Signing | None:
    """The pledge's signing when cluster.yaml records it and it has happened by the report's
    date: a report never says the pledge was signed on its own."""
    signing = year.signing
    return signing if signing is not None and signing.date <= report_date else None


def _pledge(year: YearConfig, number: int, report_date: date) -> str | None:
    """The pledge as the workspace records it. Signed, with its date, place and meeting, only
    when `signing` says so; else the theme and the count of commitments as cluster.yaml gives
    them, with no word of a signing; nothing without a theme or a signing."""
    count = len(year.commitments)
    signing = _signed(year, report_date)
    if signing is None:
        if not year.theme:
            return None
        sentence = f"Chủ đề thi đua năm {number} của Cụm là “{year.theme}”"
        if count:
            sentence += f"; giao ước thi đua năm {number} gồm {count:02d} nội dung thi đua"
        return sentence + "."
    when = date_short(signing.date)
    place = signing.place.rstrip(" .") if signing.place else ""
    if place[:4].lower() == "tại ":  # `place: tại thành phố Lạng Sơn` says it once
        place = place[4:].lstrip()
    if signing.event:
        where = f" tại {place}" if place else ""
        opening = f"Tại {signing.event.rstrip(' .')} tổ chức ngày {when}{where}, "
    else:
        opening = f"Ngày {when}, tại {place}, " if place else f"Ngày {when}, "
    theme = f" với chủ đề “{year.theme}”" if year.theme else ""
    contents = f", gồm {count:02d} nội dung thi đua" if count else ""
    return f"{opening}các Sở thành viên đã ký kết giao ước thi đua năm {number}{theme}{contents}."


def _leadership(
    workspace: Workspace, year: YearConfig, aggregate: Aggregate, report_date: date
) -> list[str]:
    """What the workspace records of how the cluster was led: the decision and the members,
    the chair and vice chair, the pledge (`_pledge`), and the year's `activities` as typed."""
    config = workspace.config
    provinces = [row.member.province.name for row in aggregate.members]
    count = f"{len(provinces):02d}"
    paragraphs = []
    decision = config.decision
    # a report cites the decision only when it held for the period and existed by the report's
    # date: a report of 2021, written today, does not stand on a decision of 2022
    if decision is not None and decision.date <= min(report_date, aggregate.period.end):
        issuer = f" của {decision.issuer}" if decision.issuer else ""
        paragraphs.append(
            f"Theo Quyết định số {decision.number} ngày {date_short(decision.date)}{issuer}, "
            f"{config.name} gồm {count} đơn vị: {province_list(provinces)}."
        )
    else:
        paragraphs.append(f"{config.name} gồm {count} đơn vị: {province_list(provinces)}.")
    chair, vice = year.member(year.chair), year.member(year.vice_chair or "")
    if chair is not None:
        roles = f"{chair.department} là Cụm trưởng"
        if vice is not None:
            roles += f", {vice.department} là Cụm phó"
        paragraphs.append(f"Năm {aggregate.period.year}, {roles}.")
    pledge = _pledge(year, aggregate.period.year, report_date)
    if pledge is not None:
        paragraphs.append(pledge)
    paragraphs.extend(f"{text.rstrip('.')}." for text in year.activities)
    return paragraphs


def _highlights(aggregate: Aggregate) -> list[str]:
    rows = [
        row for row in aggregate.reporting if row.submission and row.submission.narrative.highlights
    ]
    paragraphs = []
    for index, row in enumerate(rows):
        assert row.submission is not None
        letter = LETTERS[index] if index < len(LETTERS) else str(index + 1)
        said = ". ".join(items(row.submission.narrative.highlights))
        paragraphs.append(f"{letter}) {row.member.department}: {said}.")
    return paragraphs or ["Các Sở thành viên chưa nêu kết quả nổi bật trong kỳ."]


def _shortcomings(aggregate: Aggregate) -> list[str]:
    lines: list[str] = []
    for row in aggregate.reporting:
        assert row.submission is not None
        lines.extend(
            f"{text} ({row.member.province.name})"
            for text in items(row.submission.narrative.difficulties)
        )
    if not lines:
        return ["Trong kỳ, các Sở thành viên không nêu khó khăn, vướng mắc đáng kể."]
    intro = (
        "Bên cạnh những kết quả đạt được, phong trào thi đua của Cụm còn một số tồn tại, hạn chế; "
        "nguyên nhân chủ yếu từ những khó khăn, vướng mắc các Sở đã nêu:"
    )
    return [intro, *bullet_lines(unique(lines))]


def _tasks(aggregate: Aggregate, kind: ReviewKind) -> list[str]:
    """The next period's tasks the members sent, after the standing one. The report proposes
    them: nothing records that the members agreed on them, so it does not say they did."""
    lines = unique(
        text
        for row in aggregate.reporting
        if row.submission is not None
        for text in items(row.submission.narrative.next_tasks)
    )
    intro = (
        f"Để hoàn thành thắng lợi nhiệm vụ {kind.next_label}, các Sở thành viên Cụm thi đua "
        "tập trung thực hiện tốt các nhiệm vụ trọng tâm sau:"
    )
    base = [
        "Tiếp tục đẩy mạnh các phong trào thi đua gắn với nhiệm vụ chính trị của ngành và "
        "của từng địa phương",
    ]
    return [intro, *bullet_lines([*base, *lines])]


def _proposals(aggregate: Aggregate) -> list[str]:
    lines = unique(
        f"{text} ({row.member.province.name})"
        for row in aggregate.reporting
        if row.submission is not None
        for text in items(row.submission.narrative.proposals)
    )
    if not lines:
        return ["Các Sở thành viên không có kiến nghị, đề xuất trong kỳ./."]
    return [
        "Tổng hợp kiến nghị, đề xuất của các Sở thành viên:",
        *bullet_lines(lines, last="./."),
    ]


def _notes(aggregate: Aggregate) -> list[str]:
    notes = []
    period = aggregate.period
    previous_label = period.previous_year().label
    if aggregate.missing:
        names = "; ".join(row.member.department for row in aggregate.missing)
        notes.append(
            f"{names} chưa gửi báo cáo; số liệu tổng hợp gồm "
            f"{len(aggregate.reporting)}/{len(aggregate.members)} đơn vị."
        )
    if aggregate.merged:
        parts = "; ".join(
            f"{row.member.province.name} ({', '.join(unit.name for unit in row.merged_from)})"
            for row in aggregate.merged
        )
        notes.append(
            f"Ghi chú: số liệu {previous_label} của các tỉnh được sắp xếp lại từ ngày 01/7/2025 "
            f"là tổng số liệu của các tỉnh trước sắp xếp: {parts}."
        )
    if aggregate.has_previous:
        compared = {row.member.id for row in aggregate.members if row.previous}
        if 0 < len(compared) < len(aggregate.reporting):
            notes.append(
                f"Ghi chú: so sánh với {previous_label} tính trên các đơn vị có số liệu cả hai kỳ."
            )
    return notes


def assessment_summary(
    year: int,
    scheme: Scheme | None,
    ranking: Ranking | None,
    results: Sequence[AwardResult],
    names: Mapping[str, str],
    *,
    meeting: Meeting | None,
    complete: bool,
    report_date: date | None = None,
) -> dict[str, Any]:
    """The year report's part on the year-end assessment: how it was done, the bands, the ties
    and each award's outcome; with a note when the assessment is not complete yet. A report
    dated before the meeting says nothing of the meeting, nor of a vote."""
    ahead = meeting if meeting is not None and report_date and meeting.date > report_date else None
    if ahead is not None:  # nothing of the meeting is said yet: its vote is still to come
        meeting, complete = None, False
    note = (
        ""
        if complete and results and all(result.settled for result in results)
        else (
            f"Ghi chú: việc chấm điểm, bình xét thi đua năm {year} chưa hoàn tất; kết quả trên "
            "là tạm thời và sẽ được cập nhật."
        )
    )
    if scheme is None or ranking is None:
        return {
            "intro": f"Cụm chưa hoàn thành việc chấm điểm, xếp hạng thi đua năm {year}.",
            "sentence": band_summary(Ranking(()), len(names), year),
            "ties": [],
            "proposals": [],
            "note": note,
        }
    held = f"Tại Hội nghị tổng kết ngày {date_short(meeting.date)}, các" if meeting else "Các"
    # the vote is said once meeting.yaml records a round (or the chairs' choice), not merely
    # because the scheme has awards to vote on
    recorded = meeting is not None and any(result.rounds or result.by_chairs for result in results)
    voted = " và bỏ phiếu bình xét, suy tôn khen thưởng" if recorded else ""
    intro = (
        f"{held} Sở thành viên đã chấm điểm, xếp hạng thi đua theo thang điểm "
        f"{points_text(scheme.scale)} điểm của {scheme.source.issuer} (Văn bản số "
        f"{scheme.source.number} ngày {date_short(scheme.source.date)}){voted}; "
        "kết quả chi tiết tại Phụ lục."
    )
    proposals = [award_outcome(result, names) for result in results]
    if ahead is not None and results:
        proposals = [
            f"Việc bình xét, đề nghị khen thưởng năm {year} sẽ thực hiện tại Hội nghị tổng kết "
            f"ngày {date_short(ahead.date)}."
        ]
    return {
        "intro": intro,
        "sentence": band_summary(ranking, len(names), year),
        "ties": tie_notes(scheme, ranking, names),
        "proposals": proposals,
        "note": note,
    }


def review_context(
    workspace: Workspace,
    aggregate: Aggregate,
    report_date: date,
    *,
    assessment: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the review report's template uses; templates/README.md lists it.
    `assessment` is the year report's part on the year-end assessment (`assessment_summary`),
    empty for other periods and years without one."""
    period = aggregate.period
    config = workspace.config
    year = workspace.year(period.year)
    if year is None:
        raise LookupError(f"cluster.yaml has no year {period.year}")
    kind = review_kind(period)
    chair = year.member(year.chair)
    ministry = config.ministry_on(report_date)
    symbol = config.document_symbol
    signed = _signed(year, report_date)
    summary = f"{kind.verb} phong trào thi đua {period.label} của {config.name} thuộc {ministry}"
    totals: dict[str, dict[str, Any]] = {}
    tail = comparison_tail(period)
    for key, total in aggregate.totals.items():
        group, name = key.split(".")
        totals.setdefault(group, {})[name] = {
            "value": total.value,
            "text": number_text(total) or NO_DATA,
            "reported": total.reported,
            "previous": total.previous,
            "change": total_comparison(total, tail),
        }
    members = []
    for row in aggregate.members:
        narrative = row.submission.narrative if row.submission else None
        members.append(
            {
                "id": row.member.id,
                "province": row.member.province.name,
                "department": row.member.department,
                "director": row.member.director or "",
                "reported": row.submission is not None,
                "highlights": list(narrative.highlights) if narrative else [],
                "difficulties": list(narrative.difficulties) if narrative else [],
                "proposals": list(narrative.proposals) if narrative else [],
                "next_tasks": list(narrative.next_tasks) if narrative else [],
            }
        )
    return {
        "header": {
            **header_context(config, year, report_date),
            "number": number_line("BC", symbol),
        },
        "document": {
            "type": "BÁO CÁO",
            "summary": summary,
            "kind": kind.name,
            "date_long": date_long(report_date),
            "date_short": date_short(report_date),
        },
        "cluster": {
            "name": config.name,
            "ministry": ministry,
            "theme": year.theme or "",
            "member_count": len(aggregate.members),
            "chair": chair.department if chair else "",
        },
        "period": {
            "code": period.code,
            "label": period.label,
            "year": period.year,
            "previous_label": period.previous_year().label,
            "next_label": kind.next_label,
            "is_mid_year": period.is_mid_year,
            "is_full_year": period.is_full_year,
        },
        "headings": {
            "results": f"KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA {period.label.upper()}",
            "tasks": f"NHIỆM VỤ TRỌNG TÂM {kind.next_label.upper()}",
        },
        "signing": (
            {
                "date": date_short(signed.date),
                "place": signed.place or "",
                "event": signed.event or "",
            }
            if signed is not None
            else {}
        ),
        "leadership": _leadership(workspace, year, aggregate, report_date),
        "results": result_sentences(aggregate),
        "notes": _notes(aggregate),
        "highlights": _highlights(aggregate),
        "shortcomings": _shortcomings(aggregate),
        "tasks": _tasks(aggregate, kind),
        "proposals": _proposals(aggregate),
        "assessment": dict(assessment or {}),
        "recipients": recipients(config, report_date, chair),
        "signer": chair_signer(config, chair),
        "members": members,
        "missing": [row.member.department for row in aggregate.missing],
        "coverage": f"{len(aggregate.reporting)}/{len(aggregate.members)}",
        "totals": totals,
        "appendix": {
            "title": f"TỔNG HỢP SỐ LIỆU {period.label.upper()} CỦA CÁC SỞ THÀNH VIÊN",
            "subtitle": (
                f"(Kèm theo Báo cáo số {NUMBER_BLANK}/BC-{symbol} ngày {date_short(report_date)} "
                f"của {config.name})"
            ),
        },
    }
