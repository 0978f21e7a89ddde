"""The award proposal's content (tờ trình đề nghị khen thưởng): from the cluster to the ministry's
emulation council, what the year-end meeting decided to propose for whom, with the legal bases in
force on the document's date, the appendix list and the attached dossier. Pure functions over
the computed assessment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tdcli.compute.assessment import AwardResult, CandidateVotes, Ranking
from tdcli.contents.assessment import band_summary, threshold_text
from tdcli.contents.official import (
    NUMBER_BLANK,
    chair_signer,
    header_context,
    legal_basis_lines,
    number_line,
    recipients,
)
from tdcli.contents.tables import Cell, Column, ColumnKind, Score, Table
from tdcli.model.scheme import Meeting, Scheme, points_text
from tdcli.model.vnformat import date_short, format_percent
from tdcli.workspace import Workspace

__all__ = [
    "PROPOSAL_CODE",
    "ProposedMember",
    "council_of",
    "minutes_title",
    "proposal_context",
    "proposal_table",
    "proposed_members",
    "scheme_letter",
]

PROPOSAL_CODE = "TTr"
NOTE = (
    "Ghi chú: số phiếu là số phiếu đồng ý trên số phiếu hợp lệ của vòng bầu; tỷ lệ là số phiếu "
    "đồng ý trên số thành viên làm căn cứ tính ngưỡng."
)


@dataclass(frozen=True, slots=True)
class ProposedMember:
    """One member proposed for one award, with what justifies it."""

    award: AwardResult
    member: str
    votes: CandidateVotes | None
    """Its count in the round that elected it (the last round when the chairs chose it)."""
    valid: int
    """The valid ballots of that round."""
    by_chairs: bool


def proposed_members(results: Sequence[AwardResult]) -> list[ProposedMember]:
    """Every award's proposed members in the scheme's order, elected first."""
    found: list[ProposedMember] = []
    for result in results:
        for member in result.proposed:
            chosen = next(
                (counted for counted in result.rounds if member in counted.elected),
                result.rounds[-1] if result.rounds else None,
            )
            votes = (
                next((item for item in chosen.candidates if item.member == member), None)
                if chosen
                else None
            )
            found.append(
                ProposedMember(
                    result,
                    member,
                    votes,
                    chosen.valid if chosen else 0,
                    member in result.by_chairs,
                )
            )
    return found


def council_of(ministry: str) -> str:
    """`Hội đồng Thi đua - Khen thưởng Bộ Tài nguyên và Môi trường`."""
    return f"Hội đồng Thi đua - Khen thưởng {ministry}"


def scheme_letter(scheme: Scheme, year: int) -> str:
    """The ministry's letter that sent the year's scheme, as a legal basis cites it."""
    source = scheme.source
    return (
        f"Văn bản số {source.number} ngày {date_short(source.date)} của {source.issuer} "
        f"về việc hướng dẫn chấm điểm, bình xét thi đua năm {year}"
    )


def minutes_title(cluster: str, year: int, meeting: Meeting) -> str:
    """`Biên bản Hội nghị tổng kết phong trào thi đua năm 2021 của Cụm thi đua số II ngày …`."""
    return (
        f"Biên bản Hội nghị tổng kết phong trào thi đua năm {year} của {cluster} "
        f"ngày {date_short(meeting.date)}"
    )


def _votes_text(item: ProposedMember) -> str:
    if item.votes is None:
        return ""
    return f"{item.votes.votes}/{item.valid}"


def _share_text(item: ProposedMember) -> str:
    return format_percent(item.votes.share * 100) if item.votes is not None else ""


def _rank_text(ranking: Ranking, member: str) -> str:
    ranked = ranking.get(member)
    if ranked is None:
        return ""
    return f"{ranked.rank} (đồng hạng)" if ranked.shared_with else str(ranked.rank)


def _justification(item: ProposedMember, ranking: Ranking) -> str:
    """`972 điểm, xếp thứ 1, 6/8 phiếu, đạt 66,7%`."""
    ranked = ranking.get(item.member)
    parts = []
    if ranked is not None:
        parts.append(f"{points_text(ranked.score.total)} điểm")
        parts.append(f"xếp thứ {_rank_text(ranking, item.member)}")
    if item.votes is not None:
        parts.append(f"{_votes_text(item)} phiếu, đạt {_share_text(item)}")
    if item.by_chairs:
        parts.append("Cụm trưởng và Cụm phó quyết định sau các vòng bỏ phiếu")
    return ", ".join(parts)


def _award_lines(
    results: Sequence[AwardResult], ranking: Ranking, names: Mapping[str, str]
) -> list[str]:
    proposed = proposed_members(results)
    lines = []
    number = 0
    for result in results:
        chosen = [item for item in proposed if item.award is result]
        if not chosen:
            continue
        number += 1
        listed = "; ".join(
            f"{names.get(item.member, item.member)} ({_justification(item, ranking)})"
            for item in chosen
        )
        lines.append(f"{number}. {result.award.label}: {len(chosen):02d} tập thể: {listed}.")
    return lines


def proposal_table(
    results: Sequence[AwardResult], ranking: Ranking, names: Mapping[str, str]
) -> Table:
    """The appendix list: STT, member, award, total, rank, votes, share of the vote's base."""
    rows: list[list[Cell]] = []
    for index, item in enumerate(proposed_members(results), start=1):
        ranked = ranking.get(item.member)
        rows.append(
            [
                index,
                names.get(item.member, item.member),
                item.award.award.label,
                Score(ranked.score.total if ranked else None),
                _rank_text(ranking, item.member),
                _votes_text(item),
                _share_text(item),
            ]
        )
    notes = [
        f"{result.award.label}: ngưỡng {threshold_text(result)}."
        for result in results
        if result.proposed
    ]
    chosen_by_chairs = [item for item in proposed_members(results) if item.by_chairs]
    if chosen_by_chairs:
        listed = ", ".join(names.get(item.member, item.member) for item in chosen_by_chairs)
        notes.append(
            f"{listed}: Cụm trưởng và Cụm phó quyết định sau các vòng bỏ phiếu "
            "(số phiếu của vòng cuối)."
        )
    return Table(
        title="",
        columns=[
            Column("STT", ColumnKind.ORDINAL),
            Column("Đơn vị", ColumnKind.NAME),
            Column("Hình thức khen thưởng", ColumnKind.NAME),
            Column("Tổng điểm"),
            Column("Xếp hạng"),
            Column("Số phiếu"),
            Column("Tỷ lệ"),
        ],
        rows=rows,
        note=" ".join([NOTE, *notes]) if rows else None,
    )


def proposal_context(
    workspace: Workspace,
    year_number: int,
    scheme: Scheme,
    ranking: Ranking,
    results: Sequence[AwardResult],
    meeting: Meeting,
    day: date,
) -> dict[str, Any]:
    """Everything the proposal's template uses; templates/README.md lists it."""
    config = workspace.config
    year = workspace.year(year_number)
    if year is None:
        raise LookupError(f"cluster.yaml has no year {year_number}")
    names = {member.id: member.department for member in year.members}
    chair = year.member(year.chair)
    ministry = config.ministry_on(day)
    council = council_of(ministry)
    cluster = config.name
    symbol = config.document_symbol
    minutes = minutes_title(cluster, year_number, meeting)
    proposed = proposed_members(results)
    awards = _award_lines(results, ranking, names)
    voted = any(result.rounds for result in results)
    body = [
        f"Thực hiện {scheme_letter(scheme, year_number)}, ngày {date_short(meeting.date)}, "
        f"{cluster} tổ chức Hội nghị tổng kết phong trào thi đua năm {year_number}; chấm điểm, "
        f"xếp hạng thi đua {len(names):02d} Sở thành viên theo thang điểm "
        f"{points_text(scheme.scale)} điểm"
        + (
            " và bỏ phiếu kín bình xét, suy tôn các tập thể tiêu biểu đề nghị khen thưởng."
            if voted
            else "."
        ),
        band_summary(ranking, len(names), year_number),
    ]
    if awards:
        body.append(
            f"Trên cơ sở kết quả chấm điểm, xếp hạng và kết quả bỏ phiếu, {cluster} đề nghị khen "
            "thưởng các tập thể sau (danh sách chi tiết tại Phụ lục kèm theo):"
        )
        request = (
            f"{cluster} kính đề nghị {council} xem xét, trình Bộ trưởng {ministry} quyết định "
            "khen thưởng cho các tập thể nêu trên./."
        )
    else:
        body.append(
            f"Năm {year_number}, không có tập thể nào đạt đủ số phiếu để {cluster} đề nghị "
            "khen thưởng."
        )
        request = f"{cluster} kính báo cáo {council} để theo dõi./."
    departments = []
    for item in proposed:
        if item.member not in departments:
            departments.append(item.member)
    dossier = [f"Báo cáo thành tích của {names.get(member, member)}" for member in departments]
    dossier.append(minutes)
    lines = [
        f"- {text}" + ("." if index == len(dossier) - 1 else ";")
        for index, text in enumerate(dossier)
    ]
    kept = [line for line in recipients(config, day, chair) if council not in line]
    return {
        "header": {
            **header_context(config, year, day),
            "number": number_line(PROPOSAL_CODE, symbol),
        },
        "document": {
            "type": "TỜ TRÌNH",
            "summary": (
                f"Về việc đề nghị khen thưởng thành tích năm {year_number} cho các tập thể "
                f"thuộc {cluster}"
            ),
            "date_short": date_short(day),
        },
        "addressee": council,
        "legal_bases": legal_basis_lines(
            [*config.legal_bases_on(day), scheme_letter(scheme, year_number), minutes]
        ),
        "body": body,
        "awards": awards,
        "request": request,
        "recipients": ["- Như trên;", *kept],
        "signer": chair_signer(config, chair),
        "appendix": {
            "title": "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
            "subtitle": (
                f"(Kèm theo Tờ trình số {NUMBER_BLANK}/{PROPOSAL_CODE}-{symbol} ngày "
                f"{date_short(day)} của {cluster})"
            ),
        },
        "dossier": lines,
        "year": year_number,
    }
