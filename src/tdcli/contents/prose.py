"""The report's sentences on the cluster's results, one paragraph per indicator group."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from tdcli.compute.aggregate import Aggregate, FieldTotal
from tdcli.contents.phrases import comparison_tail, number_text
from tdcli.model.catalogue import GROUPS, IndicatorGroup, ValueKind
from tdcli.model.vnformat import change_phrase, format_percent

__all__ = ["result_sentences"]


def _clause(
    total: FieldTotal | None, template: str, tail: str = "", *, compare: bool = False
) -> str:
    """`template` filled with the number (`{n}`), plus the comparison when asked; "" if empty."""
    shown = number_text(total)
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
