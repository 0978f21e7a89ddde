"""What a form is, as plain data: the one description the form writer and the form reader follow.

A catalogue produces a `FormSpec`: the form's title, its sheets, its sections with their fields
(dotted key, label, unit, guidance, kind), the live checks beside the fields, and its metadata
(which keys the hidden sheet holds, and which heading line shows the member and the period).
`render.form` writes any spec and `read.excel` reads any spec back; neither knows the
indicator catalogue, whose spec is `indicator_form_spec()` (the year-end scoring scheme is a
second catalogue producing its own).

Input cells are found by workbook-level defined names equal to the field's dotted key
(`inspections.total`), never by position, so the layout can change and other tools can fill
the form too. The sheet names, the metadata keys and form version "1" are a public contract.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from tdcli.model.catalogue import GROUPS, ValueKind

__all__ = [
    "FORM_SHEET",
    "FORM_VERSION",
    "INSTRUCTIONS_SHEET",
    "META_KEYS",
    "META_SHEET",
    "SUPPORTED_VERSIONS",
    "FieldRef",
    "FormField",
    "FormSection",
    "FormSpec",
    "HeadingLine",
    "LiveCheck",
    "indicator_form_spec",
]

FORM_VERSION = "1"
SUPPORTED_VERSIONS = frozenset({"1"})
FORM_SHEET = "Biểu mẫu"
INSTRUCTIONS_SHEET = "Hướng dẫn"
META_SHEET = "tdcli"
# Rows of the (very hidden) metadata sheet: key in column A, value in column B.
META_KEYS = ("form_version", "member", "period", "cluster", "department", "generator")


class HeadingLine(StrEnum):
    """A line of the form sheet's heading; line n is written in cell A(n), across the sheet."""

    TITLE = "title"
    """The form's title with the period: where a wrong period is pointed at."""
    MEMBER = "member"
    """The member's department: where a wrong member is pointed at."""
    CLUSTER = "cluster"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class FieldRef:
    """The input cell of a field, inside a live check's expression."""

    key: str


@dataclass(frozen=True, slots=True)
class LiveCheck:
    """An Excel expression shown beside `field`: "" (nothing to say), "Khớp" or a warning.

    The expression is kept as text and references to fields, so that the writer can put in the
    cells where it laid the fields out.
    """

    field: str
    parts: tuple[str | FieldRef, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(part.key for part in self.parts if isinstance(part, FieldRef)))

    def expression(self, cells: Mapping[str, str]) -> str:
        """The expression with each field's cell (`cells` maps dotted keys to `D8`)."""
        return "".join(part if isinstance(part, str) else cells[part.key] for part in self.parts)


@dataclass(frozen=True, slots=True)
class FormField:
    """One input cell of the form."""

    section: str
    name: str
    label: str
    unit: str
    guidance: str
    kind: ValueKind

    @property
    def key(self) -> str:
        """The dotted key (`fines.amount_vnd`): the defined name of the field's input cell."""
        return f"{self.section}.{self.name}"


@dataclass(frozen=True, slots=True)
class FormSection:
    """A numbered section of the form: its fields, and the live checks across them."""

    key: str
    label: str
    fields: tuple[FormField, ...]
    checks: tuple[LiveCheck, ...] = ()

    def __post_init__(self) -> None:
        kinds = {item.key: item.kind for item in self.fields}
        for check in self.checks:
            if kinds.get(check.field, ValueKind.TEXT) is ValueKind.TEXT:
                raise ValueError(f"{check.field}: a live check sits beside a number field")
            if not set(check.keys) <= kinds.keys():
                raise ValueError(f"{check.field}: a live check reads fields of its section only")


@dataclass(frozen=True, slots=True)
class FormSpec:
    """A whole form: what the writer lays out and what the reader looks for."""

    title: str
    """`Biểu mẫu báo cáo kết quả thi đua`; the heading adds the period."""
    note: str
    """The heading's last line: how to fill the form."""
    sections: tuple[FormSection, ...]
    instructions: tuple[str, ...]
    """The numbered lines of the instructions sheet (the writer adds where to send the file)."""
    version: str = FORM_VERSION
    supported_versions: frozenset[str] = SUPPORTED_VERSIONS
    form_sheet: str = FORM_SHEET
    instructions_sheet: str = INSTRUCTIONS_SHEET
    meta_sheet: str = META_SHEET
    meta_keys: tuple[str, ...] = META_KEYS
    heading: tuple[HeadingLine, ...] = (
        HeadingLine.TITLE,
        HeadingLine.MEMBER,
        HeadingLine.CLUSTER,
        HeadingLine.NOTE,
    )
    shown_on: tuple[tuple[str, HeadingLine], ...] = (
        ("member", HeadingLine.MEMBER),
        ("period", HeadingLine.TITLE),
    )
    """Metadata keys the form sheet shows, and on which heading line."""

    def fields(self) -> Iterator[FormField]:
        """Every field, in the form's order."""
        for section in self.sections:
            yield from section.fields

    def field(self, key: str) -> FormField | None:
        return next((item for item in self.fields() if item.key == key), None)

    def heading_cell(self, line: HeadingLine) -> str:
        """The cell of the form sheet where the writer puts that heading line."""
        return f"A{self.heading.index(line) + 1}"

    def meta_cell(self, key: str) -> str | None:
        """The cell of the form sheet that shows a metadata key (the member, the period), or
        None: a wrong member or period is pointed at this cell, the metadata sheet is hidden."""
        for shown, line in self.shown_on:
            if shown == key and line in self.heading:
                return self.heading_cell(line)
        return None


_REF_OPEN, _REF_CLOSE = "\ue000", "\ue001"  # private-use characters: never in a label
_REF = re.compile(f"{_REF_OPEN}([^{_REF_CLOSE}]*){_REF_CLOSE}")


def _parts(expression: str) -> tuple[str | FieldRef, ...]:
    pieces = _REF.split(expression)  # text, key, text, key, ..., text
    parts: list[str | FieldRef] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            parts.append(FieldRef(piece))
        elif piece:
            parts.append(piece)
    return tuple(parts)


_INSTRUCTIONS = (
    "Chỉ nhập vào các ô nền vàng ở trang “Biểu mẫu”; các ô khác được khóa.",
    "Số liệu là số nguyên không âm. Gõ liền các chữ số (1250, 2800000000); Excel hay LibreOffice "
    "tự hiển thị dấu phân cách hàng nghìn.",
    "Số tiền ghi đủ số đồng bằng chữ số (ví dụ 2800000000). Không ghi chữ “tỷ”, “triệu” hay "
    "đơn vị vào ô số liệu: ô sẽ không nhận.",
    "Chỉ tiêu không có số liệu thì để trống; để trống nghĩa là “không báo cáo”, khác với số 0.",
    "Cột “Kiểm tra” tự đối chiếu số liệu (ví dụ tổng số cuộc phải bằng số cuộc theo kế hoạch "
    "cộng đột xuất). Sửa các dòng báo “Sai” hoặc “Chưa khớp” trước khi gửi.",
    "Phần nội dung: mỗi ý một dòng (xuống dòng trong ô: Alt+Enter trong Excel, Ctrl+Enter "
    "trong LibreOffice Calc).",
    "Không đổi tên tệp, không thêm, xóa dòng hay trang tính; lưu tệp dạng .xlsx (không lưu dạng "
    ".xls, không đặt mật khẩu).",
)


@cache
def indicator_form_spec() -> FormSpec:
    """The form of the indicator catalogue: a section per group, a field per indicator."""
    sections = []
    for group in GROUPS:
        fields = []
        for name in group.field_names():
            indicator = group.indicator(name)
            fields.append(
                FormField(
                    group.key,
                    name,
                    indicator.label,
                    indicator.unit,
                    indicator.guidance,
                    indicator.kind,
                )
            )
        placeholders = {
            name: f"{_REF_OPEN}{group.key}.{name}{_REF_CLOSE}" for name in group.field_names()
        }
        checks = []
        for rule in group.rules:
            beside, expression = rule.excel_check(group, placeholders)
            checks.append(LiveCheck(f"{group.key}.{beside}", _parts(expression)))
        sections.append(FormSection(group.key, group.label, tuple(fields), tuple(checks)))
    return FormSpec(
        title="Biểu mẫu báo cáo kết quả thi đua",
        note="Ô nền vàng là ô nhập số liệu; để trống nếu không có số liệu (để trống khác với 0).",
        sections=tuple(sections),
        instructions=_INSTRUCTIONS,
    )
