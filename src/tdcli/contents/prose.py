"""The report's sentences on the cluster's results: one paragraph per indicator group, each
field said as the catalogue's `Wording` declares it.

A paragraph is `<heading>: <lead> <clause>; <clause>.` A clause is a run of fields: the one
that opens it and those that `join` it. A field that joins a clause in which nothing was
reported before it is said `alone`, so that no clause starts with a connector ("với ...",
"cho ..."). Fields said `within` another sit in its parenthesis with the share and the
comparison, or take its place when it is not reported. Nothing here knows a group or a field
by name: a new field is said as soon as it is in the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from tdcli.compute.aggregate import Aggregate, FieldTotal
from tdcli.contents.phrases import (
    capitalised,
    comparison_tail,
    number_text,
    total_comparison,
)
from tdcli.model.catalogue import FieldSpec, IndicatorGroup, ValueKind, Wording
from tdcli.model.vnformat import format_percent

__all__ = ["result_sentences"]

NOTHING_REPORTED = "Các Sở thành viên chưa báo cáo số liệu cụ thể trong kỳ."


@dataclass(frozen=True, slots=True)
class _Said:
    """A piece of a clause, and whether it starts with a declared phrase (which may follow
    the group's lead, "các Sở đã") or with a field's label."""

    text: str
    declared: bool


@dataclass(frozen=True, slots=True)
class _Terms:
    """What every field of the review is said against: the period a year earlier, and how
    many members reported at all (a field some of them left empty says so)."""

    tail: str
    reporting: int


@dataclass(frozen=True, slots=True)
class _Paragraph:
    """A group's paragraph and the fields it says, in catalogue order."""

    group: type[IndicatorGroup]
    specs: list[FieldSpec]


def result_sentences(aggregate: Aggregate) -> list[str]:
    """One paragraph per group, from the cluster totals and their comparisons."""
    terms = _Terms(comparison_tail(aggregate.period), len(aggregate.reporting))
    paragraphs = [
        text
        for paragraph in _paragraphs(aggregate.totals.values())
        if (text := _paragraph_text(paragraph, aggregate.totals, terms))
    ]
    return paragraphs or [NOTHING_REPORTED]


def _wording(spec: FieldSpec) -> Wording:
    return spec.indicator.wording


def _paragraphs(totals: Iterable[FieldTotal]) -> list[_Paragraph]:
    """The paragraphs in the order of their groups; a field goes to the paragraph of the group
    it is `said_with` (its own when that group has no paragraph)."""
    groups: dict[str, type[IndicatorGroup]] = {}
    said = []
    for total in totals:
        spec = total.spec
        groups.setdefault(spec.group.key, spec.group)
        if spec.kind is not ValueKind.TEXT and not _wording(spec).table_only:
            said.append(spec)
    paragraphs = {key: _Paragraph(group, []) for key, group in groups.items()}
    for spec in said:
        target = _wording(spec).said_with or spec.group.said_with or spec.group.key
        paragraphs.get(target, paragraphs[spec.group.key]).specs.append(spec)
    return [paragraph for paragraph in paragraphs.values() if paragraph.specs]


def _sibling(spec: FieldSpec, name: str) -> str:
    """The dotted key of the field `name` of the same group."""
    return f"{spec.group.key}.{name}"


def _paragraph_text(paragraph: _Paragraph, totals: Mapping[str, FieldTotal], terms: _Terms) -> str:
    """`Công tác ...: các Sở đã <clauses>.`, or "" when nothing in it was reported."""
    keys = {spec.key for spec in paragraph.specs}
    inner: dict[str, list[FieldSpec]] = {}
    for spec in paragraph.specs:
        within = _wording(spec).within
        if within and _sibling(spec, within) in keys:
            inner.setdefault(_sibling(spec, within), []).append(spec)
    nested = {spec.key for specs in inner.values() for spec in specs}

    clauses: list[_Said] = []
    run: _Said | None = None
    for spec in paragraph.specs:
        if spec.key in nested:
            continue
        joins = _wording(spec).joins
        if not joins and run is not None:
            clauses.append(run)
            run = None
        piece = _field(spec, inner.get(spec.key, []), totals, terms, alone=run is None)
        if piece is None:
            continue
        run = piece if run is None else _Said(run.text + joins + piece.text, run.declared)
    if run is not None:
        clauses.append(run)
    if not clauses:
        return ""

    group = paragraph.group
    lead = group.sentence_lead.strip() if clauses[0].declared else ""
    body = "; ".join(clause.text for clause in clauses)
    heading = group.sentence_heading or group.label
    return capitalised(f"{heading}: {lead} {body}." if lead else f"{heading}: {body}.")


def _field(
    spec: FieldSpec,
    inner: list[FieldSpec],
    totals: Mapping[str, FieldTotal],
    terms: _Terms,
    *,
    alone: bool,
) -> _Said | None:
    """The field with its parenthesis; the fields within it in its place when it has no
    value; None when none of them has one."""
    total = totals[spec.key]
    shown = number_text(total)
    if shown is None:
        return _said_together(inner, totals, terms, alone=alone)
    wording = _wording(spec)
    template = (wording.alone or wording.phrase) if alone else wording.phrase
    text = _fill(template, shown, wording.unit or spec.unit) if template else _plain(spec, shown)
    details = _said_together(inner, totals, terms, alone=False)
    inside = _join(
        [
            details.text if details else "",
            _share(spec, totals),
            total_comparison(total, terms.tail) if _compared(spec) else "",
            _coverage(total, terms),
        ],
        "; ",
    )
    return _Said(f"{text} ({inside})" if inside else text, declared=bool(template))


def _said_together(
    specs: list[FieldSpec], totals: Mapping[str, FieldTotal], terms: _Terms, *, alone: bool
) -> _Said | None:
    """The reported ones of `specs`, joined by commas; the first of them `alone` if asked."""
    pieces: list[_Said] = []
    for spec in specs:
        piece = _field(spec, [], totals, terms, alone=alone and not pieces)
        if piece is not None:
            pieces.append(piece)
    if not pieces:
        return None
    return _Said(", ".join(piece.text for piece in pieces), pieces[0].declared)


def _fill(template: str, shown: str, unit: str) -> str:
    return template.format(n=shown, unit=unit)


def _plain(spec: FieldSpec, shown: str) -> str:
    """A field without a declared phrase: its label, its number and its unit."""
    label = spec.label
    if len(label) > 1 and not label[1].isupper():  # keep "ĐTM", "UBND" as they are
        label = label[0].lower() + label[1:]
    word = _wording(spec).unit or spec.unit
    unit = "" if spec.kind is ValueKind.MONEY or not word else f" {word}"
    return f"{label} {shown}{unit}"


def _coverage(total: FieldTotal, terms: _Terms) -> str:
    """`số liệu của 8/9 đơn vị` when some members who reported left this field empty."""
    if total.reported >= terms.reporting:
        return ""
    return f"số liệu của {total.reported}/{terms.reporting} đơn vị"


def _compared(spec: FieldSpec) -> bool:
    compare = _wording(spec).compare
    return spec.name == spec.group.headline_field() if compare is None else compare


def _share(spec: FieldSpec, totals: Mapping[str, FieldTotal]) -> str:
    """`đạt 99,3%`: the field's share of the whole it is declared a part of."""
    whole_name = _wording(spec).share_of
    part = totals[spec.key].value
    whole = totals.get(_sibling(spec, whole_name)) if whole_name else None
    if part is None or whole is None or not whole.value:
        return ""
    return f"đạt {format_percent(Decimal(part) * 100 / whole.value)}"


def _join(clauses: Iterable[str], separator: str) -> str:
    return separator.join(clause for clause in clauses if clause)
