"""The indicator catalogue: what a member reports, with its Vietnamese labels, units and rules.

This is the single source of truth. Validation, the Excel form, the cluster totals, the report
tables and the report's sentences all read the groups, fields, labels, units, rules, display
units and wording declared here. Adding an indicator is one field in one model; adding a group
is one model and one line in `Submission`.
The keys (`inspections.total`, `fines.amount_vnd`, ...) are a public contract.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cache, partial
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    PlainSerializer,
)
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from tdcli.model.numbers import CURRENCY_WORDS, NumberFormatError, parse_vn_number, unit_key
from tdcli.model.periods import Period, PeriodError

__all__ = [
    "GROUPS",
    "AtMost",
    "FieldSpec",
    "Indicator",
    "IndicatorGroup",
    "Narrative",
    "Rule",
    "RuleFinding",
    "Sender",
    "Submission",
    "SumOf",
    "Unlikely",
    "UnlikelyAbove",
    "ValueKind",
    "Wording",
    "entry_hint",
    "field_label",
    "field_spec",
    "group_by_key",
    "iter_fields",
    "main_indicators",
    "member_id",
    "whole_number",
]

_MAX_NUMBER = 10**18


class ValueKind(StrEnum):
    COUNT = "count"
    MONEY = "money"
    TEXT = "text"
    POINTS = "points"
    """A score of the year-end scheme (a decimal, 0 to its criterion's maximum); no indicator
    has this kind, only the self-assessment form's fields."""


@dataclass(frozen=True, slots=True)
class Wording:
    """How the report's running text says a field, inside its group's paragraph.

    A paragraph is a list of clauses joined by "; ". A field with no `joins` opens a clause;
    a field with `joins` continues the clause opened before it, or opens it (with `alone`)
    when nothing before it in that clause was reported. With nothing declared a field is
    said as its label, its number and its unit.
    """

    phrase: str = ""
    """`tổ chức {n} cuộc thanh tra, kiểm tra`: `{n}` is the number as running text writes it
    (`3.050`, `2,8 tỷ đồng`), `{unit}` the unit word."""
    alone: str = ""
    """The phrase when the field opens its clause; `phrase` when empty."""
    joins: str = ""
    """What joins it to the clause before it (`" cho "`, `", "`, `"; "`); empty: a new clause."""
    within: str = ""
    """A field of the same group in whose parenthesis it is said: `(34 cuộc theo kế hoạch,
    16 cuộc đột xuất; tăng ...)`. When that field is not reported, the fields within it are
    said in its place, the first one `alone`."""
    share_of: str = ""
    """A field of the same group it is a part of: its share is said, `(đạt 95,2%)`."""
    compare: bool | None = None
    """Whether the change against a year earlier is said; by default for the group's headline
    field only."""
    table_only: bool = False
    """Shown in the tables, never said in the text."""
    said_with: str = ""
    """The key of the group whose paragraph says it; the group's `said_with`, else its own."""
    unit: str = ""
    """The unit word in running text when it is not the field's `unit`."""


_PLAIN = Wording()


@dataclass(frozen=True, slots=True)
class Indicator:
    """Metadata of one field: its Vietnamese label, unit and a short guidance note, how a
    table shows it (money is kept in đồng and shown in millions) and how the report's text
    says it."""

    label: str
    unit: str
    guidance: str = ""
    kind: ValueKind = ValueKind.COUNT
    table_unit: str = ""
    """The unit of a table column; the field's unit when empty."""
    table_divisor: int = 1
    """A stored value divided by this is what a table shows in `table_unit`."""
    wording: Wording = _PLAIN
    """How the report's sentences say it."""

    @property
    def column_unit(self) -> str:
        return self.table_unit or self.unit

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """A number field reads what is typed in it knowing its unit (`12 cuộc`): the
        indicator a field is annotated with is where the field's unit is known."""
        schema = handler(source)
        if self.kind is ValueKind.TEXT:
            return schema
        return core_schema.no_info_before_validator_function(
            partial(_whole_number, indicator=self), schema
        )


def entry_hint(kind: ValueKind, unit: str = "", *, in_cell: bool = False) -> str:
    """How a value of a field is written, as a short sentence (`Ghi số nguyên, ví dụ 12`), from
    its kind and unit: an indicator's, or a field of a form. `in_cell`: typed in a cell of the
    Excel form, where a number goes without words or thousands separators and a decimal takes
    the machine's mark. Empty for text."""
    if kind is ValueKind.MONEY:
        if in_cell:
            return "Ghi số tiền bằng đồng, gõ liền các chữ số, ví dụ 2800000000"
        return "Ghi số tiền, ví dụ 2.800.000.000 hoặc 2,8 tỷ"
    if kind is ValueKind.POINTS:
        hint = "Ghi số điểm, ví dụ 8 hoặc 8,5"
        return f"{hint} (số lẻ dùng dấu thập phân của máy)" if in_cell else hint
    if kind is ValueKind.COUNT:
        if "người" in unicodedata.normalize("NFC", unit).split():
            return "Ghi số nguyên, ví dụ 420" if in_cell else "Ghi số nguyên, ví dụ 420 hoặc 1.250"
        return "Ghi số nguyên, ví dụ 12"
    return ""


def _unit_words(indicator: Indicator) -> tuple[str, ...]:
    """The words a number of the field may be followed by: its unit (`lớp, hội nghị`) and each
    part of it (`lớp`, `hội nghị`); for `lượt người` also `lượt` and `người`, as people write
    `420 người`; for money the words of money (`đồng`, `đ`, `VNĐ`)."""
    if indicator.kind is ValueKind.MONEY:
        return (indicator.unit, *CURRENCY_WORDS)
    parts = [part.strip() for part in indicator.unit.split(",") if part.strip()]
    for part in list(parts):
        first, _, rest = part.partition(" ")
        if first == "lượt" and rest:
            parts += [first, rest]
    return (indicator.unit, *parts)


@cache
def _known_unit_keys() -> frozenset[str]:
    """Every unit word of the catalogue: a number followed by one that its field does not take
    is in the wrong unit (`12 lớp` for inspections); followed by any other word, no number."""
    words = [
        word for spec in iter_fields(numeric_only=True) for word in _unit_words(spec.indicator)
    ]
    return frozenset(unit_key(word) for word in (*words, *CURRENCY_WORDS))


def _unit_advice(indicator: Indicator, word: str, number: str) -> str:
    """What to do about a number in another field's unit: write it bare (`ghi 12`) when it is
    a whole number >= 0 of the same kind of thing; money where a count is due, a count where
    money is (`2,8 tỷ đồng` in inspections, `5 người` in fines) is likely another row's
    figure, which no bare number would mend."""
    check = "kiểm tra lại, có thể đây là số liệu của chỉ tiêu khác"
    money_word = word in {unit_key(item) for item in CURRENCY_WORDS}
    if money_word or indicator.kind is ValueKind.MONEY or len(number) > 24:
        return check
    try:
        read = parse_vn_number(number)
    except NumberFormatError:
        return check
    return f"ghi {number}" if read >= 0 and read == read.to_integral_value() else check


def whole_number(value: Any, indicator: Indicator) -> int | None:
    """What a writer typed as a figure of the field `indicator` describes: a whole number
    >= 0 (its unit word allowed), or a coded error (`PydanticCustomError`)."""
    return _whole_number(value, indicator)


def _whole_number(value: Any, indicator: Indicator | None = None) -> int | None:
    """Turn what a writer typed into a whole number >= 0, or raise a coded error.

    Knowing its field (`indicator`), a number may carry the field's unit word (`12 cuộc`,
    `1,2 nghìn lượt người`, compared as `unit_key` does); another field's unit is `wrong-unit`.
    Not knowing it (a target in cluster.yaml), only the words of money.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise PydanticCustomError("not-a-number", "not a number", {"value": value})
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value).strip()
        if not text:
            return None
        units = None if indicator is None else _unit_words(indicator)
        try:
            number = parse_vn_number(text, units)
        except NumberFormatError as error:
            if indicator is not None and error.word and error.word in _known_unit_keys():
                advice = _unit_advice(indicator, error.word, error.number)
                raise PydanticCustomError(
                    "wrong-unit",
                    "unit of another field",
                    {"value": value, "unit": indicator.unit, "advice": advice},
                ) from None
            raise PydanticCustomError(error.code, "bad number", {"value": value}) from None
    elif isinstance(value, int | float | Decimal):
        if isinstance(value, float) and value != value:  # NaN
            raise PydanticCustomError("not-a-number", "not a number", {"value": value})
        try:
            number = Decimal(value)
        except (ValueError, ArithmeticError):
            raise PydanticCustomError("not-a-number", "not a number", {"value": value}) from None
        if not number.is_finite():
            raise PydanticCustomError("number-too-large", "too large", {"value": value})
    else:
        raise PydanticCustomError("not-a-number", "not a number", {"value": value})
    if abs(number) >= _MAX_NUMBER:
        raise PydanticCustomError("number-too-large", "too large", {"value": value})
    if number != number.to_integral_value():
        raise PydanticCustomError("not-whole-number", "fraction", {"value": value})
    if number < 0:
        raise PydanticCustomError("negative-number", "negative", {"value": value})
    return int(number)


def _paragraphs(value: Any) -> tuple[str, ...]:
    """A narrative field: a list of items, or one text whose lines are the items."""
    if value is None:
        return ()
    if isinstance(value, str):
        lines = value.splitlines()
    elif isinstance(value, list | tuple):
        lines = []
        for item in value:
            if isinstance(item, dict | list | tuple):
                raise PydanticCustomError(
                    "wrong-type", "each item must be text", {"detail": "mỗi ý phải là một đoạn văn"}
                )
            if item is not None:
                lines.append(str(item))
    else:
        lines = [str(value)]
    items = []
    for line in lines:
        text = " ".join(unicodedata.normalize("NFC", line).split())
        text = text.lstrip("-+•*–· ").strip()
        if text:
            items.append(text)
    return tuple(items)


def _period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    try:
        return Period.parse(str(value))
    except PeriodError as error:
        raise PydanticCustomError("invalid-period", str(error), {"detail": str(error)}) from None


def member_id(value: Any) -> Any:
    """A member id as written, compared after NFC and without surrounding or doubled spaces
    (a non-breaking space pasted from Word included)."""
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFC", value).split())
    return value


MemberId = Annotated[str, BeforeValidator(member_id)]
WholeNumber = Annotated[int | None, BeforeValidator(_whole_number)]
Paragraphs = Annotated[tuple[str, ...], BeforeValidator(_paragraphs)]
PeriodField = Annotated[Period, BeforeValidator(_period), PlainSerializer(str, return_type=str)]


# Rules across the fields of one group ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RuleFinding:
    """A rule broken by one group: the issue code, the field it points at and its parameters."""

    code: str
    field: str
    params: dict[str, Any]


class Rule:
    """A check over the fields of one group; it speaks only when every field it needs is given."""

    def check(self, group: IndicatorGroup) -> list[RuleFinding]:
        raise NotImplementedError

    def excel_check(self, group: type[IndicatorGroup], cells: dict[str, str]) -> tuple[str, str]:
        """The same check as an Excel expression for the form's live check column.

        Returns the field the check sits beside and an expression giving "" (nothing to say),
        "Khớp" (a hard rule holds) or a short Vietnamese warning.
        """
        raise NotImplementedError


def _grouped(number: int) -> str:
    """`2.800.000.000`: how a number is shown in a message."""
    return f"{number:,}".replace(",", ".")


def _xl_text(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _xl_check(refs: list[str], holds: str, failure: str, success: str = "Khớp") -> str:
    return (
        f'IF(COUNT({",".join(refs)})<{len(refs)},"",'
        f"IF({holds},{_xl_text(success)},{_xl_text(failure)}))"
    )


@dataclass(frozen=True, slots=True)
class SumOf(Rule):
    """`total` equals the sum of `parts` (when all are given)."""

    total: str
    parts: tuple[str, ...]

    def check(self, group: IndicatorGroup) -> list[RuleFinding]:
        values = [getattr(group, name) for name in (self.total, *self.parts)]
        if any(value is None for value in values):
            return []
        total, *parts = values
        if total == sum(parts):
            return []
        labels = [group.indicator(name).label.lower() for name in self.parts]
        return [
            RuleFinding(
                "sum-mismatch",
                self.total,
                {
                    "total_label": group.indicator(self.total).label,
                    "total": _grouped(total),
                    "parts_label": " và ".join(labels),
                    "parts_sum": _grouped(sum(parts)),
                },
            )
        ]

    def excel_check(self, group: type[IndicatorGroup], cells: dict[str, str]) -> tuple[str, str]:
        parts = " + ".join(group.indicator(name).label.lower() for name in self.parts)
        refs = [cells[self.total], *(cells[name] for name in self.parts)]
        holds = f"{refs[0]}={'+'.join(refs[1:])}"
        return self.total, _xl_check(refs, holds, f"Chưa khớp: phải bằng {parts}")


@dataclass(frozen=True, slots=True)
class AtMost(Rule):
    """`field` is not larger than `limit` (when both are given): an error."""

    field: str
    limit: str
    code: ClassVar[str] = "exceeds-limit"
    failure: ClassVar[str] = "Sai: không được lớn hơn {limit}"
    success: ClassVar[str] = "Khớp"

    def check(self, group: IndicatorGroup) -> list[RuleFinding]:
        value, limit = getattr(group, self.field), getattr(group, self.limit)
        if value is None or limit is None or value <= limit:
            return []
        return [
            RuleFinding(
                self.code,
                self.field,
                {
                    "name": group.indicator(self.field).label,
                    "limit_name": group.indicator(self.limit).label.lower(),
                    "limit": _grouped(limit),
                },
            )
        ]

    def excel_check(self, group: type[IndicatorGroup], cells: dict[str, str]) -> tuple[str, str]:
        refs = [cells[self.field], cells[self.limit]]
        failure = self.failure.format(limit=group.indicator(self.limit).label.lower())
        return self.field, _xl_check(refs, f"{refs[0]}<={refs[1]}", failure, self.success)


@dataclass(frozen=True, slots=True)
class Unlikely(AtMost):
    """`field` larger than `limit` is possible but unlikely: a warning."""

    code: ClassVar[str] = "implausible-ratio"
    failure: ClassVar[str] = "Lưu ý: lớn hơn {limit}, kiểm tra lại"
    success: ClassVar[str] = ""


@dataclass(frozen=True, slots=True)
class UnlikelyAbove(Rule):
    """A single period's value above `limit` is possible but unlikely: a warning."""

    field: str
    limit: int
    limit_text: str

    def check(self, group: IndicatorGroup) -> list[RuleFinding]:
        value = getattr(group, self.field)
        if value is None or value <= self.limit:
            return []
        return [
            RuleFinding(
                "implausible-value",
                self.field,
                {"name": group.indicator(self.field).label, "limit": self.limit_text},
            )
        ]

    def excel_check(self, group: type[IndicatorGroup], cells: dict[str, str]) -> tuple[str, str]:
        ref = cells[self.field]
        return self.field, _xl_check(
            [ref],
            f"{ref}<={self.limit}",
            f"Lưu ý: lớn bất thường (trên {self.limit_text})",
            success="",
        )


# The groups --------------------------------------------------------------------------------


class IndicatorGroup(BaseModel):
    """One group of indicators; every field may be left empty (not reported)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: ClassVar[str]
    label: ClassVar[str]
    rules: ClassVar[tuple[Rule, ...]] = ()
    headline: ClassVar[str] = ""
    """The field a report table compares with last year (the first field when empty)."""
    short_label: ClassVar[str] = ""
    """A name short enough for a worksheet tab (31 characters at most)."""
    charted: ClassVar[bool] = False
    """The group's headline field is one of the cluster's main indicators, drawn in charts."""
    sentence_heading: ClassVar[str] = ""
    """What the group's paragraph in the report starts with (`Công tác thanh tra, kiểm tra`);
    the label when empty."""
    sentence_lead: ClassVar[str] = ""
    """Who did it, before the first clause (`các Sở đã`); said only when that clause is a
    declared phrase."""
    said_with: ClassVar[str] = ""
    """The key of the group whose paragraph says this group's fields; its own when empty."""

    @classmethod
    def headline_field(cls) -> str:
        return cls.headline or cls.field_names()[0]

    @classmethod
    def indicator(cls, name: str) -> Indicator:
        for item in cls.model_fields[name].metadata:
            if isinstance(item, Indicator):
                return item
        raise LookupError(f"{cls.__name__}.{name} has no Indicator metadata")

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(cls.model_fields)

    def is_empty(self) -> bool:
        return all(getattr(self, name) in (None, ()) for name in self.field_names())

    def check_rules(self) -> list[RuleFinding]:
        return [finding for rule in self.rules for finding in rule.check(self)]


def _count(label: str, unit: str, guidance: str = "", said: Wording = _PLAIN) -> Indicator:
    return Indicator(label, unit, guidance, ValueKind.COUNT, wording=said)


def _money(label: str, guidance: str = "", said: Wording = _PLAIN) -> Indicator:
    return Indicator(
        label, "đồng", guidance, ValueKind.MONEY, "triệu đồng", 1_000_000, wording=said
    )


def _text(label: str, guidance: str = "") -> Indicator:
    return Indicator(label, "", guidance, ValueKind.TEXT)


class Inspections(IndicatorGroup):
    key: ClassVar[str] = "inspections"
    label: ClassVar[str] = "Thanh tra, kiểm tra"
    headline: ClassVar[str] = "total"
    short_label: ClassVar[str] = "Thanh tra, kiểm tra"
    charted: ClassVar[bool] = True
    sentence_heading: ClassVar[str] = "Công tác thanh tra, kiểm tra"
    sentence_lead: ClassVar[str] = "các Sở đã"
    rules: ClassVar[tuple[Rule, ...]] = (
        SumOf("total", ("planned", "unannounced")),
        AtMost("sanctioned", "organisations_inspected"),
    )

    total: Annotated[
        WholeNumber,
        _count(
            "Tổng số cuộc thanh tra, kiểm tra",
            "cuộc",
            "Bằng số cuộc theo kế hoạch cộng đột xuất",
            Wording("tổ chức {n} cuộc thanh tra, kiểm tra"),
        ),
    ] = None
    planned: Annotated[
        WholeNumber,
        _count(
            "Số cuộc theo kế hoạch",
            "cuộc",
            said=Wording(
                "{n} cuộc theo kế hoạch",
                alone="tổ chức {n} cuộc thanh tra, kiểm tra theo kế hoạch",
                within="total",
            ),
        ),
    ] = None
    unannounced: Annotated[
        WholeNumber,
        _count(
            "Số cuộc đột xuất",
            "cuộc",
            said=Wording(
                "{n} cuộc đột xuất",
                alone="tổ chức {n} cuộc thanh tra, kiểm tra đột xuất",
                within="total",
            ),
        ),
    ] = None
    organisations_inspected: Annotated[
        WholeNumber,
        _count(
            "Tổ chức, cá nhân được thanh tra, kiểm tra",
            "tổ chức, cá nhân",
            said=Wording(
                "đối với {n} tổ chức, cá nhân",
                alone="thanh tra, kiểm tra {n} tổ chức, cá nhân",
                joins=" ",
            ),
        ),
    ] = None
    sanctioned: Annotated[
        WholeNumber,
        _count(
            "Tổ chức, cá nhân bị xử phạt",
            "tổ chức, cá nhân",
            "Không lớn hơn số tổ chức, cá nhân được thanh tra, kiểm tra",
            Wording("xử phạt vi phạm hành chính {n} tổ chức, cá nhân"),
        ),
    ] = None


class Fines(IndicatorGroup):
    """Said in the inspections' paragraph, continuing its clause on the sanctioned."""

    key: ClassVar[str] = "fines"
    label: ClassVar[str] = "Xử phạt vi phạm hành chính"
    headline: ClassVar[str] = "amount_vnd"
    short_label: ClassVar[str] = "Xử phạt VPHC"
    charted: ClassVar[bool] = True
    said_with: ClassVar[str] = "inspections"
    rules: ClassVar[tuple[Rule, ...]] = (
        AtMost("collected_vnd", "amount_vnd"),
        UnlikelyAbove("amount_vnd", 100 * 10**9, "100 tỷ đồng"),
    )

    decisions: Annotated[
        WholeNumber,
        _count(
            "Số quyết định xử phạt",
            "quyết định",
            said=Wording(
                "với {n} quyết định xử phạt",
                alone="ban hành {n} quyết định xử phạt vi phạm hành chính",
                joins=" ",
            ),
        ),
    ] = None
    amount_vnd: Annotated[
        WholeNumber,
        _money(
            "Tổng số tiền xử phạt",
            "Ghi đủ số đồng, gõ liền các chữ số, ví dụ 2800000000",
            Wording(
                "tổng số tiền {n}",
                alone="xử phạt vi phạm hành chính với tổng số tiền {n}",
                joins=", ",
            ),
        ),
    ] = None
    collected_vnd: Annotated[
        WholeNumber,
        _money(
            "Số tiền đã nộp ngân sách",
            "Không lớn hơn tổng số tiền xử phạt",
            Wording(
                "đã nộp ngân sách nhà nước {n}",
                alone="thu nộp ngân sách nhà nước {n} tiền xử phạt vi phạm hành chính",
                joins="; ",
            ),
        ),
    ] = None


class Eia(IndicatorGroup):
    key: ClassVar[str] = "eia"
    label: ClassVar[str] = "Đánh giá tác động môi trường, giấy phép môi trường"
    headline: ClassVar[str] = "approved"
    short_label: ClassVar[str] = "ĐTM, giấy phép môi trường"
    charted: ClassVar[bool] = True
    sentence_heading: ClassVar[str] = "Công tác đánh giá tác động môi trường, cấp phép môi trường"
    sentence_lead: ClassVar[str] = "các Sở đã"
    rules: ClassVar[tuple[Rule, ...]] = (AtMost("approved", "appraised"),)

    appraised: Annotated[
        WholeNumber,
        _count(
            "Báo cáo ĐTM được thẩm định",
            "báo cáo",
            said=Wording("thẩm định {n} báo cáo đánh giá tác động môi trường"),
        ),
    ] = None
    approved: Annotated[
        WholeNumber,
        _count(
            "Báo cáo ĐTM được phê duyệt",
            "báo cáo",
            "Không lớn hơn số báo cáo được thẩm định",
            Wording(
                "trình UBND các tỉnh phê duyệt {n} báo cáo",
                alone="trình UBND các tỉnh phê duyệt {n} báo cáo đánh giá tác động môi trường",
                joins="; ",
            ),
        ),
    ] = None
    environmental_permits: Annotated[
        WholeNumber,
        _count(
            "Giấy phép môi trường được cấp",
            "giấy phép",
            said=Wording("cấp {n} giấy phép môi trường"),
        ),
    ] = None


class Trainings(IndicatorGroup):
    key: ClassVar[str] = "trainings"
    label: ClassVar[str] = "Tuyên truyền, tập huấn pháp luật"
    headline: ClassVar[str] = "participants"
    short_label: ClassVar[str] = "Tuyên truyền, tập huấn"
    charted: ClassVar[bool] = True
    sentence_heading: ClassVar[str] = "Công tác tuyên truyền, phổ biến pháp luật"
    sentence_lead: ClassVar[str] = "các Sở đã"
    rules: ClassVar[tuple[Rule, ...]] = (Unlikely("sessions", "participants"),)

    sessions: Annotated[
        WholeNumber,
        _count(
            "Số lớp, hội nghị tuyên truyền, tập huấn",
            "lớp, hội nghị",
            said=Wording("tổ chức được {n} lớp, hội nghị tuyên truyền, tập huấn pháp luật"),
        ),
    ] = None
    participants: Annotated[
        WholeNumber,
        _count(
            "Số lượt người tham gia",
            "lượt người",
            said=Wording(
                "{n} lượt người tham gia",
                alone="tuyên truyền, tập huấn pháp luật cho {n} lượt người tham gia",
                joins=" cho ",
            ),
        ),
    ] = None


class AdminProcedures(IndicatorGroup):
    key: ClassVar[str] = "admin_procedures"
    label: ClassVar[str] = "Giải quyết thủ tục hành chính"
    headline: ClassVar[str] = "resolved"
    short_label: ClassVar[str] = "Thủ tục hành chính"
    sentence_heading: ClassVar[str] = "Công tác cải cách thủ tục hành chính"
    sentence_lead: ClassVar[str] = "các Sở đã"
    rules: ClassVar[tuple[Rule, ...]] = (
        AtMost("resolved_on_time", "resolved"),
        Unlikely("resolved", "received"),
    )

    received: Annotated[
        WholeNumber,
        _count(
            "Hồ sơ thủ tục hành chính tiếp nhận",
            "hồ sơ",
            said=Wording("tiếp nhận {n} hồ sơ thủ tục hành chính"),
        ),
    ] = None
    resolved: Annotated[
        WholeNumber,
        _count(
            "Hồ sơ đã giải quyết",
            "hồ sơ",
            said=Wording(
                "đã giải quyết {n} hồ sơ",
                alone="giải quyết {n} hồ sơ thủ tục hành chính",
                joins=", ",
            ),
        ),
    ] = None
    resolved_on_time: Annotated[
        WholeNumber,
        _count(
            "Hồ sơ giải quyết đúng hạn",
            "hồ sơ",
            "Không lớn hơn số hồ sơ đã giải quyết",
            Wording(
                "trong đó {n} hồ sơ giải quyết đúng hạn",
                alone="giải quyết đúng hạn {n} hồ sơ thủ tục hành chính",
                joins=", ",
                share_of="resolved",
            ),
        ),
    ] = None


class Complaints(IndicatorGroup):
    key: ClassVar[str] = "complaints"
    label: ClassVar[str] = "Giải quyết khiếu nại, tố cáo"
    headline: ClassVar[str] = "resolved"
    short_label: ClassVar[str] = "Khiếu nại, tố cáo"
    sentence_heading: ClassVar[str] = "Công tác giải quyết khiếu nại, tố cáo"
    sentence_lead: ClassVar[str] = "các Sở đã"
    rules: ClassVar[tuple[Rule, ...]] = (Unlikely("resolved", "received"),)

    received: Annotated[
        WholeNumber,
        _count(
            "Đơn khiếu nại, tố cáo tiếp nhận",
            "đơn",
            said=Wording("tiếp nhận {n} đơn khiếu nại, tố cáo"),
        ),
    ] = None
    resolved: Annotated[
        WholeNumber,
        _count(
            "Đơn khiếu nại, tố cáo đã giải quyết",
            "đơn",
            said=Wording(
                "đã giải quyết {n} đơn",
                alone="giải quyết {n} đơn khiếu nại, tố cáo",
                joins=", ",
            ),
        ),
    ] = None


class Land(IndicatorGroup):
    key: ClassVar[str] = "land"
    label: ClassVar[str] = "Quản lý đất đai"
    headline: ClassVar[str] = "certificates_issued"
    short_label: ClassVar[str] = "Đất đai"
    sentence_heading: ClassVar[str] = "Công tác quản lý đất đai"
    sentence_lead: ClassVar[str] = "các Sở đã"

    certificates_issued: Annotated[
        WholeNumber,
        _count(
            "Giấy chứng nhận quyền sử dụng đất được cấp",
            "giấy chứng nhận",
            said=Wording("cấp {n} giấy chứng nhận quyền sử dụng đất"),
        ),
    ] = None


class Emulation(IndicatorGroup):
    key: ClassVar[str] = "emulation"
    label: ClassVar[str] = "Thi đua, khen thưởng"
    headline: ClassVar[str] = "initiatives"
    short_label: ClassVar[str] = "Thi đua, khen thưởng"
    sentence_heading: ClassVar[str] = "Công tác thi đua, khen thưởng"

    initiatives: Annotated[
        WholeNumber,
        _count(
            "Sáng kiến được công nhận", "sáng kiến", said=Wording("{n} sáng kiến được công nhận")
        ),
    ] = None
    awards: Annotated[
        WholeNumber,
        _count(
            "Hình thức khen thưởng được đề nghị, trao tặng",
            "hình thức",
            said=Wording("{n} hình thức khen thưởng được đề nghị, trao tặng"),
        ),
    ] = None


class Narrative(IndicatorGroup):
    key: ClassVar[str] = "narrative"
    label: ClassVar[str] = "Nội dung báo cáo"

    highlights: Annotated[
        Paragraphs, _text("Kết quả nổi bật", "Mỗi ý một dòng; nêu kết quả cụ thể, có số liệu")
    ] = ()
    difficulties: Annotated[Paragraphs, _text("Khó khăn, vướng mắc", "Mỗi ý một dòng")] = ()
    proposals: Annotated[
        Paragraphs, _text("Kiến nghị, đề xuất", "Kiến nghị với Bộ, với Cụm; mỗi ý một dòng")
    ] = ()
    next_tasks: Annotated[
        Paragraphs, _text("Nhiệm vụ trọng tâm thời gian tới", "Mỗi ý một dòng")
    ] = ()


def _line(value: Any) -> Any:
    """One line of text as typed (a name, a position): spaces made one, blank as None; a
    number a cell holds as its digits."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise PydanticCustomError("wrong-type", "text", {"detail": "ghi một dòng chữ"})
    text = " ".join(unicodedata.normalize("NFC", str(value)).split())
    if len(text) > LINE_MAX:
        raise PydanticCustomError(
            "string_too_long", "too long", {"max_length": LINE_MAX, "actual_length": len(text)}
        )
    return text or None


_EXCEL_EPOCH = date(1899, 12, 30)


def _sent_on(value: Any) -> Any:
    """The date of sending as a cell or a YAML file gives it: a date, a date-time, an Excel
    day number, or text such as `08/6/2022`; text that is no date is kept as typed (the check
    warns, and `tdcli status` shows it as written)."""
    from tdcli.model.vnformat import parse_date

    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    text = _line(value)
    if text is None:
        return None
    try:
        return parse_date(str(text))
    except ValueError:
        return str(text)


def _phone(value: Any) -> Any:
    """A phone number as typed; one a cell took for a number lost its leading 0, put back."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 9 <= len(str(value)) <= 10:
        return f"0{value}"
    return _line(value)


LINE_MAX = 200
"""The longest line the sender's fields take (a name, a position, an e-mail address)."""
Line = Annotated[str | None, BeforeValidator(_line)]


class Sender(BaseModel):
    """Who prepared the report and sent it (người lập biểu), as the form's last section asks:
    the province's officer to call about a figure. Optional; `tdcli status` shows it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: ClassVar[str] = "sender"
    label: ClassVar[str] = "Thông tin người lập biểu"

    name: Line = Field(None, title="Họ và tên người lập biểu")
    position: Line = Field(None, title="Chức vụ, phòng ban")
    phone: Annotated[str | None, BeforeValidator(_phone)] = Field(None, title="Số điện thoại")
    email: Line = Field(None, title="Thư điện tử")
    sent_on: Annotated[date | str | None, BeforeValidator(_sent_on)] = Field(None, title="Ngày gửi")

    guidance: ClassVar[dict[str, str]] = {
        "name": "Người tổng hợp số liệu, để Cụm liên hệ khi cần",
        "position": "Ví dụ: Chuyên viên Văn phòng Sở",
        "phone": "Số di động hoặc cố định, ví dụ 0912 345 678",
        "email": "Thư công vụ, ví dụ ten@donvi.gov.vn",
        "sent_on": "Ngày gửi báo cáo, ví dụ 08/6/2022",
    }

    @property
    def empty(self) -> bool:
        return all(getattr(self, name) is None for name in type(self).model_fields)


class Submission(BaseModel):
    """One member's report for one period."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    member: MemberId = Field(title="Mã thành viên")
    period: PeriodField = Field(title="Kỳ báo cáo")
    inspections: Inspections = Inspections()
    fines: Fines = Fines()
    eia: Eia = Eia()
    trainings: Trainings = Trainings()
    admin_procedures: AdminProcedures = AdminProcedures()
    complaints: Complaints = Complaints()
    land: Land = Land()
    emulation: Emulation = Emulation()
    narrative: Narrative = Narrative()
    sender: Sender = Sender()

    def group(self, key: str) -> IndicatorGroup:
        value = getattr(self, key)
        assert isinstance(value, IndicatorGroup)
        return value

    def value(self, dotted: str) -> Any:
        group, _, name = dotted.partition(".")
        return getattr(getattr(self, group), name)  # a group's field, or the sender's


def _groups() -> tuple[type[IndicatorGroup], ...]:
    found = []
    for info in Submission.model_fields.values():
        kind = info.annotation
        if isinstance(kind, type) and issubclass(kind, IndicatorGroup):
            found.append(kind)
    return tuple(found)


GROUPS: tuple[type[IndicatorGroup], ...] = _groups()
"""Every group, in the order of the report (the narrative last)."""


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of the catalogue, addressed by its dotted key (`fines.amount_vnd`)."""

    group: type[IndicatorGroup]
    name: str
    indicator: Indicator

    @property
    def key(self) -> str:
        return f"{self.group.key}.{self.name}"

    @property
    def label(self) -> str:
        return self.indicator.label

    @property
    def unit(self) -> str:
        return self.indicator.unit

    @property
    def kind(self) -> ValueKind:
        return self.indicator.kind

    @property
    def column_label(self) -> str:
        """`Tổng số tiền xử phạt (triệu đồng)`: the field as a table's column names it."""
        return f"{self.label} ({self.indicator.column_unit})"


def iter_fields(*, numeric_only: bool = False) -> Iterator[FieldSpec]:
    """Every field of every group, in catalogue order."""
    for group in GROUPS:
        for name in group.field_names():
            spec = FieldSpec(group, name, group.indicator(name))
            if numeric_only and spec.kind is ValueKind.TEXT:
                continue
            yield spec


_BY_KEY = {spec.key: spec for spec in iter_fields()}
_GROUP_BY_KEY = {group.key: group for group in GROUPS}


def field_spec(dotted: str) -> FieldSpec | None:
    """The field with this dotted key, or None."""
    return _BY_KEY.get(dotted)


def field_label(dotted: str) -> str | None:
    """How a message names a key of a submission: an indicator by its label
    (`fines.amount_vnd`), the file's own keys (`member`, `period`) by their title."""
    spec = _BY_KEY.get(dotted)
    if spec is not None:
        return spec.label
    info = Submission.model_fields.get(dotted)
    return None if info is None else info.title


def main_indicators() -> tuple[str, ...]:
    """The cluster's main indicators: the headline field of each charted group."""
    return tuple(f"{group.key}.{group.headline_field()}" for group in GROUPS if group.charted)


def group_by_key(key: str) -> type[IndicatorGroup] | None:
    return _GROUP_BY_KEY.get(key)
