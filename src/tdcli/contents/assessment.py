"""What the year-end assessment says, as plain data: the ranking table, the scores workbook, each
award's count per round, and the sentences the documents share.

Pure functions over the computed results; every document (the rank workbook, the minutes,
the proposal, the year report) and the terminal take their tables and phrases from here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from tdcli.compute.assessment import (
    AwardCandidates,
    AwardResult,
    AwardStatus,
    Ranking,
    RoundResult,
)
from tdcli.contents.tables import Cell, Column, ColumnKind, Score, Sheet, Table
from tdcli.model.scheme import BONUS, PENALTY, VOTES, Scheme, points_text
from tdcli.model.vnformat import format_percent

__all__ = [
    "assessment_json",
    "award_outcome",
    "band_summary",
    "ranking_table",
    "round_table",
    "score_sheets",
    "threshold_text",
    "tie_break_name",
    "tie_notes",
]


def tie_break_name(scheme: Scheme, name: str) -> str:
    """How a tie-break reads: `điểm nhóm “Thực hiện nhiệm vụ …”`, `điểm thưởng`, `số phiếu bầu`."""
    if name == BONUS:
        return "điểm thưởng cao hơn"
    if name == PENALTY:
        return "điểm trừ thấp hơn"
    if name == VOTES:
        return "số phiếu bầu nhiều hơn"
    group = scheme.group(name)
    return f"điểm nhóm “{group.label}” cao hơn" if group else name


def tie_notes(scheme: Scheme, ranking: Ranking, names: Mapping[str, str]) -> list[str]:
    """What a reader must know of ties: which tie-break placed a member below another of the
    same total, and which ties no rule could break (a shared rank)."""
    notes = []
    for position, item in enumerate(ranking.members):
        if item.decided_by is not None and position > 0:
            above = ranking.members[position - 1]
            notes.append(
                f"{names.get(above.member, above.member)} và {names.get(item.member, item.member)}"
                f" cùng {points_text(item.score.total)} điểm; xếp trên là đơn vị có "
                f"{tie_break_name(scheme, item.decided_by)}."
            )
    for tie in ranking.ties:
        listed = ", ".join(names.get(member, member) for member in tie)
        rank = ranking.rank_of(tie[0])
        notes.append(
            f"{listed} bằng điểm, không phân định được theo các tiêu chí phụ: cùng xếp hạng {rank}."
        )
    return notes


def ranking_table(
    scheme: Scheme, ranking: Ranking, names: Mapping[str, str], unscored: Sequence[str] = ()
) -> Table:
    """Rank, member, self-score and final score, band: the table of the minutes, the proposal's
    appendix, the year report and the terminal."""
    rows: list[list[Cell]] = []
    for item in ranking.members:
        shared = " (đồng hạng)" if item.shared_with else ""
        rows.append(
            [
                f"{item.rank}{shared}",
                names.get(item.member, item.member),
                Score(item.score.self_total),
                Score(item.score.total),
                item.score.band or "",
            ]
        )
    for member in unscored:
        rows.append(["", names.get(member, member), Score(None), Score(None), "Chưa chấm điểm"])
    notes = tie_notes(scheme, ranking, names)
    return Table(
        title=f"Kết quả chấm điểm, xếp hạng thi đua (thang điểm {points_text(scheme.scale)})",
        columns=[
            Column("Hạng", ColumnKind.ORDINAL),
            Column("Đơn vị", ColumnKind.NAME),
            Column("Điểm tự chấm"),
            Column("Điểm Cụm thẩm định"),
            Column("Xếp loại", ColumnKind.NAME),
        ],
        rows=rows,
        note=" ".join(notes) or None,
    )


def score_sheets(
    scheme: Scheme,
    ranking: Ranking,
    names: Mapping[str, str],
    cluster: str,
    year: int,
    unscored: Sequence[str] = (),
) -> list[Sheet]:
    """The rank workbook: the ranking, then members × criteria with the self-score and the
    final score side by side, the group and part totals, the total, the rank and the band."""
    columns = [Column("Hạng", ColumnKind.ORDINAL), Column("Đơn vị", ColumnKind.NAME)]
    for _, _, criterion in scheme.criteria():
        columns.append(Column(f"{criterion.id} tự chấm (tối đa {points_text(criterion.max)})"))
        columns.append(Column(f"{criterion.id} Cụm chấm"))
    for group in scheme.groups:
        columns.append(Column(f"Nhóm {group.id} (tối đa {points_text(group.max)})"))
    columns += [
        Column("Điểm các tiêu chí"),
        Column("Điểm thưởng"),
        Column("Điểm trừ"),
        Column("Tổng điểm tự chấm"),
        Column("Tổng điểm"),
        Column("Xếp loại", ColumnKind.NAME),
    ]
    rows: list[list[Cell]] = []
    for item in ranking.members:
        score = item.score
        cells: list[Cell] = [item.rank, names.get(item.member, item.member)]
        for _, _, criterion in scheme.criteria():
            entry = score.criteria[criterion.id]
            cells += [Score(entry.self_points), Score(entry.final_points)]
        cells += [Score(score.groups[group.id]) for group in scheme.groups]
        cells += [
            Score(score.criteria_total),
            Score(score.bonus),
            Score(score.penalty),
            Score(score.self_total),
            Score(score.total),
            score.band or "",
        ]
        rows.append(cells)
    adjusted = [
        f"{names.get(item.member, item.member)}, tiêu chí {entry.criterion}: "
        f"{points_text(entry.self_points or Decimal(0))} → {points_text(entry.final_points)} "
        f"({entry.adjustment.reason})"
        for item in ranking.members
        for entry in item.score.criteria.values()
        if entry.adjusted and entry.adjustment is not None
    ]
    criteria_rows: list[list[Cell]] = [
        [criterion.id, criterion.label, Score(criterion.max), criterion.guidance or ""]
        for _, _, criterion in scheme.criteria()
    ]
    subtitle = f"{cluster} — năm {year}"
    return [
        Sheet(
            name="Xếp hạng",
            heading=f"KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM {year}",
            tables=[ranking_table(scheme, ranking, names, unscored)],
            subtitle=subtitle,
        ),
        Sheet(
            name="Điểm chi tiết",
            heading=f"ĐIỂM TỰ CHẤM VÀ ĐIỂM CỤM THẨM ĐỊNH NĂM {year}",
            tables=[
                Table(
                    "",
                    columns,
                    rows,
                    note=("Cụm điều chỉnh: " + "; ".join(adjusted) + ".") if adjusted else None,
                )
            ],
            subtitle=subtitle,
        ),
        Sheet(
            name="Thang điểm",
            heading=f"THANG ĐIỂM THI ĐUA NĂM {year}",
            tables=[
                Table(
                    "",
                    [
                        Column("Mã", ColumnKind.ORDINAL),
                        Column("Tiêu chí", ColumnKind.NAME),
                        Column("Điểm tối đa"),
                        Column("Hướng dẫn, minh chứng", ColumnKind.NAME),
                    ],
                    criteria_rows,
                    note=f"Theo văn bản số {scheme.source.number} của {scheme.source.issuer}.",
                )
            ],
            subtitle=subtitle,
        ),
    ]


def band_summary(ranking: Ranking, member_count: int, year: int) -> str:
    """`Kết quả chấm điểm thi đua năm 2021: 9/9 đơn vị hoàn thành xuất sắc nhiệm vụ.`"""
    counts: dict[str, int] = {}
    for item in ranking.members:
        if item.score.band:
            counts[item.score.band] = counts.get(item.score.band, 0) + 1
    if not counts:
        return f"Kết quả chấm điểm thi đua năm {year}: chưa có đơn vị nào được xếp loại."
    parts = [
        f"{count}/{member_count} đơn vị {band[:1].lower()}{band[1:]}"
        for band, count in counts.items()
    ]
    return f"Kết quả chấm điểm thi đua năm {year}: {'; '.join(parts)}."


def threshold_text(result: AwardResult) -> str:
    """`từ 50% tổng số thành viên của Cụm (9 đơn vị) trở lên`."""
    base = (
        "tổng số thành viên của Cụm"
        if result.award.vote.base == "members"
        else ("số thành viên dự họp")
    )
    share = format_percent(result.award.vote.threshold * 100, trim=True)
    return f"từ {share} {base} ({result.base} đơn vị) trở lên"


def round_table(result: AwardResult, counted: RoundResult, names: Mapping[str, str]) -> Table:
    """One round of one award: each candidate's votes, their share of the base, whether it
    reaches the threshold, and who is elected."""
    rows: list[list[Cell]] = []
    for index, item in enumerate(counted.candidates, start=1):
        if item.elected:
            outcome = "Trúng cử"
        elif item.proposed_before:
            outcome = "Đã được đề nghị danh hiệu trước, không tính"
        elif item.member in counted.tied:
            outcome = (
                "Bằng phiếu, Cụm trưởng, Cụm phó quyết định"
                if counted.last
                else "Bằng phiếu, bầu vòng sau"
            )
        else:
            outcome = "Đạt ngưỡng" if item.reached else "Không đạt"
        rows.append(
            [
                index,
                names.get(item.member, item.member),
                f"{item.votes}/{counted.valid}",
                format_percent(item.share * 100),
                outcome,
            ]
        )
    return Table(
        title=(
            f"{result.award.label}, vòng {counted.number}: phiếu phát ra và thu vào "
            f"{counted.cast}, hợp lệ {counted.valid}"
        ),
        columns=[
            Column("STT", ColumnKind.ORDINAL),
            Column("Đơn vị", ColumnKind.NAME),
            Column("Số phiếu"),
            Column(f"Tỷ lệ (trên {result.base} đơn vị)"),
            Column("Kết quả", ColumnKind.NAME),
        ],
        rows=rows,
    )


def award_outcome(result: AwardResult, names: Mapping[str, str]) -> str:
    """The result of an award in one sentence, as the minutes and the report say it."""
    label = result.award.label
    chosen = ", ".join(names.get(member, member) for member in result.proposed)
    waiting = ", ".join(names.get(member, member) for member in result.next_ballot)
    if result.status is AwardStatus.NOT_VOTED:
        return f"{label}: chưa bỏ phiếu."
    if result.status is AwardStatus.NEXT_ROUND:
        return f"{label}: chưa chọn đủ; bỏ phiếu vòng {len(result.rounds) + 1} giữa {waiting}."
    if result.status is AwardStatus.CHAIRS_NEEDED:
        return (
            f"{label}: sau {len(result.rounds)} vòng bỏ phiếu chưa chọn đủ; Cụm trưởng và Cụm "
            f"phó quyết định trong số {waiting}."
        )
    if not result.proposed:
        return f"{label}: không có đơn vị đạt số phiếu cần thiết."
    if result.status is AwardStatus.BY_CHAIRS:
        elected = ", ".join(names.get(member, member) for member in result.elected)
        head = f"{elected} trúng cử; " if elected else ""
        by_chairs = ", ".join(names.get(member, member) for member in result.by_chairs)
        return f"{label}: {head}Cụm trưởng và Cụm phó thống nhất chọn {by_chairs}."
    return f"{label}: {chosen}."


def _number(value: Decimal) -> int | float:
    return int(value) if value == int(value) else float(value)


def assessment_json(
    year: int,
    scheme: Scheme | None,
    ranking: Ranking | None,
    candidates: Sequence[AwardCandidates],
    results: Sequence[AwardResult],
    unscored: Sequence[str],
) -> dict[str, Any]:
    """The year's assessment as `--format json` prints it: plain numbers, stable keys."""
    members = []
    for item in ranking.members if ranking else ():
        score = item.score
        members.append(
            {
                "member": item.member,
                "rank": item.rank,
                "shared_with": list(item.shared_with),
                "decided_by": item.decided_by,
                "band": score.band,
                "self_total": _number(score.self_total),
                "total": _number(score.total),
                "criteria_total": _number(score.criteria_total),
                "bonus": _number(score.bonus),
                "penalty": _number(score.penalty),
                "groups": {key: _number(value) for key, value in score.groups.items()},
                "criteria": {
                    key: {
                        "self": None if entry.self_points is None else _number(entry.self_points),
                        "final": _number(entry.final_points),
                        "reason": entry.adjustment.reason
                        if entry.adjusted and entry.adjustment
                        else None,
                    }
                    for key, entry in score.criteria.items()
                },
            }
        )
    return {
        "year": year,
        "scale": _number(scheme.scale) if scheme else None,
        "members": members,
        "unscored": list(unscored),
        "eligible": {item.award.id: list(item.candidates) for item in candidates},
        "awards": [
            {
                "award": result.award.id,
                "status": result.status.value,
                "base": result.base,
                "elected": list(result.elected),
                "decided_by_chairs": list(result.by_chairs),
                "next_ballot": list(result.next_ballot),
                "rounds": [
                    {
                        "round": counted.number,
                        "cast": counted.cast,
                        "valid": counted.valid,
                        "votes": {item.member: item.votes for item in counted.candidates},
                        "elected": list(counted.elected),
                        "tied": list(counted.tied),
                    }
                    for counted in result.rounds
                ],
            }
            for result in results
        ],
    }
