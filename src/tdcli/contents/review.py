"""The review report's content: the template context, built from the aggregate, as a pure
function. Sentences read like the cluster reports of the seeds; every label and unit comes
from the catalogue; every institution, person and place from the workspace."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from tdcli.compute.aggregate import Aggregate, FieldTotal, MemberFigures
from tdcli.model.catalogue import GROUPS, IndicatorGroup, ValueKind
from tdcli.model.cluster import YearConfig
from tdcli.model.periods import Period, PeriodKind
from tdcli.model.vnformat import (
    change_phrase,
    date_long,
    date_short,
    format_int,
    format_percent,
    money_millions,
    money_text,
    percent_change,
    place_date,
    vn_sorted,
)
from tdcli.render.nd30 import DataTable
from tdcli.workspace import Workspace

__all__ = [
    "LETTERS",
    "ReviewKind",
    "appendix_tables",
    "bullet_lines",
    "comparison_tail",
    "header_context",
    "member_summary_context",
    "review_context",
    "review_kind",
    "short_change",
    "total_change",
]

LETTERS = "abcdđeghiklmnopqrstuvxy"
"""Lettered points in Vietnamese order (a, b, c, d, đ, e, ...), as Nghị định 30 lists them."""
NO_DATA = "không có số liệu"


class ReviewKind:
    """What the period makes of the report: its name in the summary line and its headings."""

    def __init__(self, name: str, verb: str, next_label: str) -> None:
        self.name = name
        self.verb = verb
        self.next_label = next_label


def review_kind(period: Period) -> ReviewKind:
    if period.kind is PeriodKind.H1:
        return ReviewKind("sơ kết", "Sơ kết", f"6 tháng cuối năm {period.year}")
    if period.is_full_year:
        return ReviewKind("tổng kết", "Tổng kết", f"năm {period.year + 1}")
    return ReviewKind("báo cáo kết quả", "Kết quả", "thời gian tới")


def comparison_tail(period: Period) -> str:
    """`cùng kỳ năm 2021`, or `năm 2021` for a full year."""
    previous = period.previous_year()
    return f"năm {previous.year}" if period.is_full_year else f"cùng kỳ năm {previous.year}"


PARTIAL_MARK = "*"
PARTIAL_NOTE = "(*) so sánh trên các đơn vị có số liệu cả hai kỳ."


def total_change(total: FieldTotal) -> str:
    """The cluster's change in a table cell, marked when it is like for like on fewer members."""
    shown = short_change(total.comparable, total.previous)
    return shown + PARTIAL_MARK if total.partial and shown != "-" else shown


def short_change(current: int | None, previous: int | None) -> str:
    """A table's comparison cell: `tăng 12,5%`, `giảm 3,0%`, `bằng`, `tăng 5`, or `-`."""
    if current is None or previous is None:
        return "-"
    if current == previous:
        return "bằng"
    change = percent_change(current, previous)
    if change is None:
        return f"tăng {format_int(current)}"
    return f"{'tăng' if change > 0 else 'giảm'} {format_percent(abs(change))}"


def _number(total: FieldTotal | None) -> str | None:
    if total is None or total.value is None:
        return None
    if total.spec.kind is ValueKind.MONEY:
        return money_text(total.value)
    return format_int(total.value)


def _clause(
    total: FieldTotal | None, template: str, tail: str = "", *, compare: bool = False
) -> str:
    """`template` filled with the number (`{n}`), plus the comparison when asked; "" if empty."""
    shown = _number(total)
    if shown is None or total is None:
        return ""
    text = template.format(n=shown)
    phrase = _comparison(total, tail) if compare else ""
    return f"{text} ({phrase})" if phrase else text


def _comparison(total: FieldTotal | None, tail: str) -> str:
    """`tăng 12,5% so với cùng kỳ năm 2021`, or "" without a base."""
    if total is None or total.comparable is None:
        return ""
    phrase = change_phrase(total.comparable, total.previous, tail)
    if phrase and total.partial:
        phrase += ", tính trên các đơn vị có số liệu cả hai kỳ"
    return phrase


def _join(clauses: Iterable[str], separator: str = ", ") -> str:
    return separator.join(clause for clause in clauses if clause)


def _sentence(head: str, body: str, lead: str = "các Sở đã ") -> str:
    """`Công tác ...: các Sở đã <body>.`, or "" when there is nothing to say."""
    return f"{head}: {lead}{body}." if body else ""


# One sentence builder per group: the report's wording; a group without one gets the generic.
SentenceBuilder = Callable[[dict[str, FieldTotal], str], str]


def _trainings(t: dict[str, FieldTotal], tail: str) -> str:
    sessions = _clause(
        t.get("trainings.sessions"),
        "tổ chức được {n} lớp, hội nghị tuyên truyền, tập huấn pháp luật",
    )
    people = _clause(t.get("trainings.participants"), "{n} lượt người tham gia", tail, compare=True)
    body = f"{sessions} cho {people}" if sessions and people else sessions or people
    return _sentence("Công tác tuyên truyền, phổ biến pháp luật", body)


def _eia(t: dict[str, FieldTotal], tail: str) -> str:
    body = _join(
        [
            _clause(t.get("eia.appraised"), "thẩm định {n} báo cáo đánh giá tác động môi trường"),
            _clause(
                t.get("eia.approved"),
                "trình UBND các tỉnh phê duyệt {n} báo cáo",
                tail,
                compare=True,
            ),
            _clause(t.get("eia.environmental_permits"), "cấp {n} giấy phép môi trường"),
        ],
        "; ",
    )
    return _sentence("Công tác đánh giá tác động môi trường, cấp phép môi trường", body)


def _inspections(t: dict[str, FieldTotal], tail: str) -> str:
    total = t.get("inspections.total")
    held = _clause(total, "tổ chức {n} cuộc thanh tra, kiểm tra")
    inside = [
        _join(
            [
                _clause(t.get("inspections.planned"), "{n} cuộc theo kế hoạch"),
                _clause(t.get("inspections.unannounced"), "{n} cuộc đột xuất"),
            ]
        ),
        _comparison(total, tail),
    ]
    if held and any(inside):
        held += f" ({_join(inside, '; ')})"
    subjects = _clause(t.get("inspections.organisations_inspected"), "đối với {n} tổ chức, cá nhân")
    fines = _join(
        [
            _clause(
                t.get("inspections.sanctioned"), "xử phạt vi phạm hành chính {n} tổ chức, cá nhân"
            ),
            _clause(t.get("fines.decisions"), "với {n} quyết định xử phạt"),
        ],
        " ",
    )
    amount = _clause(t.get("fines.amount_vnd"), "tổng số tiền {n}", tail, compare=True)
    collected = _clause(t.get("fines.collected_vnd"), "đã nộp ngân sách nhà nước {n}")
    body = _join([_join([held, subjects], " "), _join([fines, amount]), collected], "; ")
    return _sentence("Công tác thanh tra, kiểm tra", body)


def _admin_procedures(t: dict[str, FieldTotal], tail: str) -> str:
    received = _clause(t.get("admin_procedures.received"), "tiếp nhận {n} hồ sơ thủ tục hành chính")
    resolved = _clause(
        t.get("admin_procedures.resolved"), "đã giải quyết {n} hồ sơ", tail, compare=True
    )
    on_time_total = t.get("admin_procedures.resolved_on_time")
    on_time = _clause(on_time_total, "trong đó {n} hồ sơ giải quyết đúng hạn")
    resolved_total = t.get("admin_procedures.resolved")
    if (
        on_time
        and resolved_total
        and resolved_total.value
        and on_time_total
        and on_time_total.value is not None
    ):
        share = Decimal(on_time_total.value) * 100 / resolved_total.value
        on_time += f" (đạt {format_percent(share)})"
    body = _join([received, resolved, on_time])
    return _sentence("Công tác cải cách thủ tục hành chính", body)


def _complaints(t: dict[str, FieldTotal], tail: str) -> str:
    body = _join(
        [
            _clause(t.get("complaints.received"), "tiếp nhận {n} đơn khiếu nại, tố cáo"),
            _clause(t.get("complaints.resolved"), "đã giải quyết {n} đơn", tail, compare=True),
        ]
    )
    return _sentence("Công tác giải quyết khiếu nại, tố cáo", body)


def _land(t: dict[str, FieldTotal], tail: str) -> str:
    body = _clause(
        t.get("land.certificates_issued"),
        "cấp {n} giấy chứng nhận quyền sử dụng đất",
        tail,
        compare=True,
    )
    return _sentence("Công tác quản lý đất đai", body)


def _emulation(t: dict[str, FieldTotal], tail: str) -> str:
    body = _join(
        [
            _clause(
                t.get("emulation.initiatives"), "{n} sáng kiến được công nhận", tail, compare=True
            ),
            _clause(t.get("emulation.awards"), "{n} hình thức khen thưởng được đề nghị, trao tặng"),
        ],
        "; ",
    )
    return _sentence("Công tác thi đua, khen thưởng", body, lead="")


def _generic(group: type[IndicatorGroup]) -> SentenceBuilder:
    def build(t: dict[str, FieldTotal], tail: str) -> str:
        clauses = []
        for name in group.field_names():
            total = t.get(f"{group.key}.{name}")
            if total is None:
                continue
            unit = "" if total.spec.kind is ValueKind.MONEY else f" {total.spec.unit}"
            label = total.spec.label[0].lower() + total.spec.label[1:]
            clauses.append(
                _clause(total, f"{label} {{n}}{unit}", tail, compare=name == group.headline_field())
            )
        return _sentence(group.label, _join(clauses, "; "), lead="")

    return build


SENTENCES: dict[str, SentenceBuilder] = {
    "trainings": _trainings,
    "eia": _eia,
    "inspections": _inspections,
    "fines": lambda t, tail: "",  # said with the inspections, as the reports do
    "admin_procedures": _admin_procedures,
    "complaints": _complaints,
    "land": _land,
    "emulation": _emulation,
}


def result_sentences(aggregate: Aggregate) -> list[str]:
    """One paragraph per group, from the cluster totals and their comparisons."""
    tail = comparison_tail(aggregate.period)
    totals = dict(aggregate.totals)
    paragraphs = []
    for group in GROUPS:
        if group.key == "narrative":
            continue
        builder = SENTENCES.get(group.key) or _generic(group)
        text = builder(totals, tail)
        if text:
            paragraphs.append(text[0].upper() + text[1:])
    if not paragraphs:
        paragraphs.append("Các Sở thành viên chưa báo cáo số liệu cụ thể trong kỳ.")
    return paragraphs


def _items(texts: Iterable[str]) -> list[str]:
    return [text.rstrip(" .;") for text in texts if text.strip()]


def _unique(texts: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for text in texts:
        key = " ".join(text.lower().split())
        if key not in seen:
            seen.add(key)
            unique.append(text)
    return unique


def bullet_lines(lines: Sequence[str], *, last: str = ".") -> list[str]:
    """`- item;` lines, the last ending with `last`."""
    return [
        f"- {text}{';' if index < len(lines) - 1 else last}" for index, text in enumerate(lines)
    ]


def _province_list(names: Sequence[str]) -> str:
    names = vn_sorted(names)
    return ", ".join(names[:-1]) + f" và {names[-1]}" if len(names) > 1 else "".join(names)


def _leadership(workspace: Workspace, year: YearConfig, aggregate: Aggregate) -> list[str]:
    config = workspace.config
    provinces = [row.member.province.name for row in aggregate.members]
    count = f"{len(provinces):02d}"
    paragraphs = []
    if config.decision is not None:
        decision = config.decision
        issuer = f" của {decision.issuer}" if decision.issuer else ""
        paragraphs.append(
            f"Theo Quyết định số {decision.number} ngày {date_short(decision.date)}{issuer}, "
            f"{config.name} gồm {count} đơn vị: {_province_list(provinces)}."
        )
    else:
        paragraphs.append(f"{config.name} gồm {count} đơn vị: {_province_list(provinces)}.")
    chair, vice = year.member(year.chair), year.member(year.vice_chair or "")
    if chair is not None:
        roles = f"{chair.department} là Cụm trưởng"
        if vice is not None:
            roles += f", {vice.department} là Cụm phó"
        paragraphs.append(f"Năm {aggregate.period.year}, {roles}.")
    if year.theme:
        pledge = (
            f"Ngay từ đầu năm, các Sở thành viên đã ký kết giao ước thi đua năm "
            f"{aggregate.period.year} với chủ đề “{year.theme}”"
        )
        if year.commitments:
            pledge += f", gồm {format_int(len(year.commitments))} nội dung thi đua"
        paragraphs.append(
            pledge + "; xây dựng kế hoạch và phát động phong trào thi đua gắn với nhiệm vụ "
            "chính trị của từng đơn vị."
        )
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
        items = ". ".join(_items(row.submission.narrative.highlights))
        paragraphs.append(f"{letter}) {row.member.department}: {items}.")
    return paragraphs or ["Các Sở thành viên chưa nêu kết quả nổi bật trong kỳ."]


def _shortcomings(aggregate: Aggregate) -> list[str]:
    lines: list[str] = []
    for row in aggregate.reporting:
        assert row.submission is not None
        lines.extend(
            f"{text} ({row.member.province.name})"
            for text in _items(row.submission.narrative.difficulties)
        )
    if not lines:
        return ["Trong kỳ, các Sở thành viên không nêu khó khăn, vướng mắc đáng kể."]
    intro = (
        "Bên cạnh những kết quả đạt được, phong trào thi đua của Cụm còn một số tồn tại, hạn chế; "
        "nguyên nhân chủ yếu từ những khó khăn, vướng mắc các Sở đã nêu:"
    )
    return [intro, *bullet_lines(_unique(lines))]


def _tasks(aggregate: Aggregate, kind: ReviewKind) -> list[str]:
    lines = _unique(
        text
        for row in aggregate.reporting
        if row.submission is not None
        for text in _items(row.submission.narrative.next_tasks)
    )
    intro = (
        f"Để hoàn thành thắng lợi nhiệm vụ {kind.next_label}, các Sở thành viên Cụm thi đua "
        "thống nhất tập trung thực hiện tốt các nhiệm vụ trọng tâm sau:"
    )
    base = [
        "Tiếp tục đẩy mạnh các phong trào thi đua gắn với nhiệm vụ chính trị của ngành và "
        "của từng địa phương",
    ]
    return [intro, *bullet_lines([*base, *lines])]


def _proposals(aggregate: Aggregate) -> list[str]:
    lines = _unique(
        f"{text} ({row.member.province.name})"
        for row in aggregate.reporting
        if row.submission is not None
        for text in _items(row.submission.narrative.proposals)
    )
    if not lines:
        return ["Các Sở thành viên không có kiến nghị, đề xuất trong kỳ./."]
    return [
        "Tổng hợp kiến nghị, đề xuất của các Sở thành viên:",
        *bullet_lines(lines, last="./."),
    ]


def _notes(aggregate: Aggregate, workspace: Workspace) -> list[str]:
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
    del workspace
    return notes


def _figure(row: MemberFigures, key: str, kind: ValueKind) -> str:
    value = row.value(key)
    if value is None:
        return "-"
    return money_millions(value) if kind is ValueKind.MONEY else format_int(value)


def _table_note(headline: FieldTotal) -> str:
    note = "Ghi chú: dấu “-” là không có số liệu."
    return f"{note} {PARTIAL_NOTE}" if headline.partial else note


def appendix_tables(aggregate: Aggregate) -> list[DataTable]:
    """One table per group: a row per member (Vietnamese order), a bold total row, and the
    comparison of the group's headline field with a year earlier."""
    tables = []
    rows = aggregate.members
    tail = "Cùng kỳ" if not aggregate.period.is_full_year else "Năm trước"
    for number, group in enumerate(group for group in GROUPS if group.key != "narrative"):
        specs = [aggregate.totals[f"{group.key}.{name}"].spec for name in group.field_names()]
        headline = f"{group.key}.{group.headline_field()}"
        headers = ["STT", "Đơn vị"]
        for spec in specs:
            unit = "triệu đồng" if spec.kind is ValueKind.MONEY else spec.unit
            headers.append(f"{spec.label} ({unit})")
        if aggregate.has_previous:
            headers.append(f"{aggregate.totals[headline].spec.label}: so với {tail.lower()}")
        body = []
        for index, row in enumerate(rows, start=1):
            cells = [str(index), row.member.province.name]
            cells += [_figure(row, spec.key, spec.kind) for spec in specs]
            if aggregate.has_previous:
                cells.append(short_change(row.value(headline), row.previous.get(headline)))
            body.append(cells)
        total_cells = ["", "Tổng cộng"]
        for spec in specs:
            value = aggregate.totals[spec.key].value
            if value is None:
                total_cells.append("-")
            else:
                total_cells.append(
                    money_millions(value) if spec.kind is ValueKind.MONEY else format_int(value)
                )
        if aggregate.has_previous:
            total_cells.append(total_change(aggregate.totals[headline]))
        tables.append(
            DataTable(
                title=f"{number + 1}. {group.label}",
                headers=headers,
                rows=body,
                total=total_cells,
                note=_table_note(aggregate.totals[headline])
                if number == 0 or aggregate.totals[headline].partial
                else None,
            )
        )
    return tables


def header_context(workspace: Workspace, year: YearConfig, day: date) -> dict[str, str]:
    """The document header: parent and issuing body in upper case, the place-date line."""
    config = workspace.config
    return {
        "parent_body": config.parent_body_on(day).upper(),
        "issuer": config.name.upper(),
        "place_date": place_date(year.place, day),
    }


def review_context(workspace: Workspace, aggregate: Aggregate, report_date: date) -> dict[str, Any]:
    """Everything the review report's template uses; templates/README.md lists it."""
    period = aggregate.period
    config = workspace.config
    year = workspace.year(period.year)
    if year is None:
        raise LookupError(f"cluster.yaml has no year {period.year}")
    kind = review_kind(period)
    chair = year.member(year.chair)
    ministry = config.ministry_on(report_date)
    symbol = config.document_symbol
    number = f"Số:       /BC-{symbol}"
    summary = f"{kind.verb} phong trào thi đua {period.label} của {config.name} thuộc {ministry}"
    recipients = [f"- {text};" for text in config.recipients_on(report_date)]
    if chair is not None:
        recipients.append(f"- {chair.department};")
    recipients.append("- Lưu: VT.")
    signer = {
        "authority": f"TM. {config.name.upper()}",
        "role": "CỤM TRƯỞNG",
        "title": (
            f"{chair.director_title} {chair.department}".upper() if chair is not None else ""
        ),
        "name": (chair.director or "") if chair is not None else "",
    }
    totals: dict[str, dict[str, Any]] = {}
    tail = comparison_tail(period)
    for key, total in aggregate.totals.items():
        group, name = key.split(".")
        totals.setdefault(group, {})[name] = {
            "value": total.value,
            "text": _number(total) or NO_DATA,
            "reported": total.reported,
            "previous": total.previous,
            "change": (
                change_phrase(total.comparable, total.previous, tail)
                if total.comparable is not None
                else ""
            ),
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
        "header": {**header_context(workspace, year, report_date), "number": number},
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
        "leadership": _leadership(workspace, year, aggregate),
        "results": result_sentences(aggregate),
        "notes": _notes(aggregate, workspace),
        "highlights": _highlights(aggregate),
        "shortcomings": _shortcomings(aggregate),
        "tasks": _tasks(aggregate, kind),
        "proposals": _proposals(aggregate),
        "recipients": recipients,
        "signer": signer,
        "members": members,
        "missing": [row.member.department for row in aggregate.missing],
        "coverage": f"{len(aggregate.reporting)}/{len(aggregate.members)}",
        "totals": totals,
        "appendix": {
            "title": f"TỔNG HỢP SỐ LIỆU {period.label.upper()} CỦA CÁC SỞ THÀNH VIÊN",
            "subtitle": (
                f"(Kèm theo Báo cáo số       /BC-{symbol} ngày {date_short(report_date)} "
                f"của {config.name})"
            ),
        },
    }


def member_summary_context(
    workspace: Workspace, aggregate: Aggregate, member_id: str, report_date: date
) -> dict[str, Any]:
    """One member's page: each figure beside last year's and the change, and its highlights."""
    period = aggregate.period
    year = workspace.year(period.year)
    if year is None:
        raise LookupError(f"cluster.yaml has no year {period.year}")
    row = next(row for row in aggregate.members if row.member.id == member_id)
    figures = []
    for spec in (
        spec
        for group in GROUPS
        if group.key != "narrative"
        for spec in (aggregate.totals[f"{group.key}.{name}"].spec for name in group.field_names())
    ):
        current, previous = row.value(spec.key), row.previous.get(spec.key)
        unit = "triệu đồng" if spec.kind is ValueKind.MONEY else spec.unit
        shown = money_millions if spec.kind is ValueKind.MONEY else format_int
        figures.append(
            {
                "label": f"{spec.label} ({unit})",
                "current": "-" if current is None else shown(current),
                "previous": "-" if previous is None else shown(previous),
                "change": short_change(current, previous),
            }
        )
    narrative = row.submission.narrative if row.submission else None
    basis = (
        f"Số liệu {period.label} so với {period.previous_year().label}"
        if aggregate.has_previous
        else f"Số liệu {period.label}"
    )
    if row.submission is None:
        basis = f"Đơn vị chưa gửi báo cáo {period.label}"
    return {
        "header": header_context(workspace, year, report_date),
        "document": {
            "title": f"TÓM TẮT KẾT QUẢ THI ĐUA {period.label.upper()}",
            "basis": basis,
        },
        "member": {
            "department": row.member.department,
            "province": row.member.province.name,
            "highlights": list(narrative.highlights) if narrative else [],
        },
        "columns": {
            "current": period.label[0].upper() + period.label[1:],
            "previous": (
                period.previous_year().label[0].upper() + period.previous_year().label[1:]
            ),
        },
        "figures": figures,
    }
