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

The self-assessment form (`scheme_form_spec(scheme)`) names a criterion's cells `diem.<id>`
and `ghichu.<id>` with each `-` of the id written `_` (a defined name cannot hold it), and
keeps with each field the path in the data it fills (`scores`, the criterion's id, `points`),
so the reader never has to turn a name back into an id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

from tdcli.model.catalogue import GROUPS, Sender, ValueKind

if TYPE_CHECKING:  # the scheme's models are imported by the self-assessment form alone
    from tdcli.model.scheme import Criterion, CriterionKind, Scheme

__all__ = [
    "ASSESSMENT_META_KEYS",
    "ASSESSMENT_SHEET",
    "FORM_KINDS",
    "FORM_SHEET",
    "FORM_VERSION",
    "INDICATOR_COLUMNS",
    "INDICATOR_FORM",
    "INSTRUCTIONS_SHEET",
    "META_KEYS",
    "META_SHEET",
    "SELF_ASSESSMENT_FORM",
    "SUPPORTED_VERSIONS",
    "ExpectedMeta",
    "FieldRef",
    "FormField",
    "FormKind",
    "FormSection",
    "FormSpec",
    "FormTotal",
    "HeadingLine",
    "LiveCheck",
    "indicator_form_spec",
    "scheme_form_spec",
]

FORM_VERSION = "1"
SUPPORTED_VERSIONS = frozenset({"1"})
FORM_SHEET = "Biểu mẫu"
INSTRUCTIONS_SHEET = "Hướng dẫn"
META_SHEET = "tdcli"
# Rows of the (very hidden) metadata sheet: key in column A, value in column B.
META_KEYS = ("form_version", "member", "period", "cluster", "department", "generator")
INDICATOR_COLUMNS = ("STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Hướng dẫn", "Kiểm tra")
"""The six columns of a form: number, label, unit, input, guidance (or an input beside the
first), live check."""
ASSESSMENT_SHEET = "Phiếu tự chấm"
ASSESSMENT_META_KEYS = (
    "form_version",
    "member",
    "year",
    "cluster",
    "department",
    "generator",
    "scheme",
)


@dataclass(frozen=True, slots=True)
class FormKind:
    """A kind of form tdcli makes, told apart by a metadata key that only its kind holds, so
    that a form of one kind given where another is expected is named for what it is."""

    title: str
    """`Biểu mẫu báo cáo kết quả thi đua`: the form's title, and its name in a message."""
    marker: str
    """The metadata key only this kind holds (the report's period, the self-assessment's
    scheme)."""
    command: str
    """The command that makes the form."""
    checked_by: str
    """The command that checks a filled-in form of this kind."""


INDICATOR_FORM = FormKind(
    "Biểu mẫu báo cáo kết quả thi đua", "period", "tdcli form", "tdcli validate"
)
SELF_ASSESSMENT_FORM = FormKind(
    "Phiếu tự chấm điểm thi đua", "scheme", "tdcli assess form", "tdcli assess rank"
)
FORM_KINDS = (INDICATOR_FORM, SELF_ASSESSMENT_FORM)


class HeadingLine(StrEnum):
    """A line of the form sheet's heading; line n is written in cell A(n), across the sheet."""

    TITLE = "title"
    """The form's title with the period: where a wrong period is pointed at."""
    SUBTITLE = "subtitle"
    """The spec's subtitle (the letter a scoring scheme came with)."""
    MEMBER = "member"
    """The member's department: where a wrong member is pointed at."""
    CLUSTER = "cluster"
    NOTE = "note"
    RETURN = "return"
    """When the form is due and where it goes back (cluster.yaml's deadline and contact)."""


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
        return _expression(self.parts, cells)


@dataclass(frozen=True, slots=True)
class FormTotal:
    """A locked row that computes from the form's cells: a section's subtotal under its
    fields, or one of the form's totals under every section.

    Its formula refers to fields, and to totals before it, by key; the row's cell is named by
    `key` too, so another tool can read the total where Excel or LibreOffice computed it.
    """

    key: str
    label: str
    parts: tuple[str | FieldRef, ...]
    maximum: Decimal | None = None
    """The most it can come to, shown in the third column (a section's most points)."""

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(part.key for part in self.parts if isinstance(part, FieldRef)))

    def expression(self, cells: Mapping[str, str]) -> str:
        return _expression(self.parts, cells)


def _expression(parts: Iterable[str | FieldRef], cells: Mapping[str, str]) -> str:
    return "".join(part if isinstance(part, str) else cells[part.key] for part in parts)


@dataclass(frozen=True, slots=True)
class FormField:
    """One input cell of the form."""

    section: str
    name: str
    label: str
    unit: str
    guidance: str
    kind: ValueKind
    maximum: Decimal | None = None
    """The largest value the cell accepts (a criterion's points), when the kind has one."""
    beside: str | None = None
    """The key of the number field before it whose row holds this (text) field's input, in
    the guidance column; the guidance of that field then goes under its label."""
    data_path: tuple[str, ...] = ()
    """Where the value goes in the data read from the form; `(section, name)` when empty."""

    @property
    def key(self) -> str:
        """The dotted key (`fines.amount_vnd`): the defined name of the field's input cell."""
        return f"{self.section}.{self.name}"

    @property
    def path(self) -> tuple[str, ...]:
        return self.data_path or (self.section, self.name)


@dataclass(frozen=True, slots=True)
class FormSection:
    """A numbered section of the form: its fields, and the live checks across them."""

    key: str
    label: str
    fields: tuple[FormField, ...]
    checks: tuple[LiveCheck, ...] = ()
    totals: tuple[FormTotal, ...] = ()
    """Rows under the section's fields (its subtotal), each reading its fields or the totals
    before it."""

    def __post_init__(self) -> None:
        kinds = {item.key: item.kind for item in self.fields}
        for check in self.checks:
            if kinds.get(check.field, ValueKind.TEXT) is ValueKind.TEXT:
                raise ValueError(f"{check.field}: a live check sits beside a number field")
            if not set(check.keys) <= kinds.keys():
                raise ValueError(f"{check.field}: a live check reads fields of its section only")
        rows: dict[str, str | None] = {}
        for item in self.fields:
            if item.beside is not None and (
                rows.get(item.beside, "") is not None or item.kind is not ValueKind.TEXT
            ):
                raise ValueError(
                    f"{item.key}: a text field sits beside a number field before it, alone"
                )
            if item.beside is not None:
                rows[item.beside] = item.key
            elif item.kind is not ValueKind.TEXT:
                rows[item.key] = None
        known = set(kinds)
        for total in self.totals:
            if not set(total.keys) <= known:
                raise ValueError(f"{total.key}: a subtotal reads its section's fields only")
            known.add(total.key)


@dataclass(frozen=True, slots=True)
class ExpectedMeta:
    """A metadata value the form must hold to be read by this spec (the scoring scheme it
    was made for); another value is the issue `code`, with the value expected."""

    key: str
    value: str
    code: str


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
    instructions_title: str = "HƯỚNG DẪN ĐIỀN BIỂU MẪU"
    meta_sheet: str = META_SHEET
    meta_keys: tuple[str, ...] = META_KEYS
    expected_meta: tuple[ExpectedMeta, ...] = ()
    columns: tuple[str, ...] = INDICATOR_COLUMNS
    widths: tuple[float, ...] = (6, 46, 15, 19, 42, 30)
    """The width of each of the six columns, in characters."""
    subtitle: str = ""
    totals: tuple[FormTotal, ...] = ()
    """Rows under every section (the form's total), each reading totals or fields."""
    signature: tuple[str, ...] = ()
    """Lines under the form, in its right half: the place and date, who signs, how."""
    signature_left: tuple[str, ...] = ()
    """Lines under the form, in its left half (who prepared it), level with the signer's
    title."""
    sender: FormSection | None = None
    """The section where the member's officer says who prepared the form, after every other
    section. Its cells are read when the form has them: a form made before it existed is read
    without them."""
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
    kind: FormKind = INDICATOR_FORM

    def __post_init__(self) -> None:
        if len(self.columns) != 6 or len(self.widths) != 6:
            raise ValueError("a form has six columns: number, label, unit, input, note, check")
        if self.kind.marker not in self.meta_keys:
            raise ValueError(f"the metadata holds {self.kind.marker!r}, which tells its kind")
        keys = [item.key for item in self.fields()]
        keys += [item.key for item in self.sender.fields] if self.sender else []
        keys += [total.key for section in self.sections for total in section.totals]
        known = set(keys)
        for total in self.totals:
            if not set(total.keys) <= known:
                raise ValueError(f"{total.key}: a total reads fields and totals before it")
            keys.append(total.key)
            known.add(total.key)
        if len(known) != len(keys):
            raise ValueError("two cells of the form have the same key")

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
    "Phần “Thông tin người lập biểu”: ghi họ tên, chức vụ, số điện thoại, thư điện tử của người "
    "tổng hợp số liệu và ngày gửi (ví dụ 08/6/2022), để Cụm liên hệ khi cần đối chiếu. In biểu "
    "mẫu, trình lãnh đạo Sở ký, đóng dấu khi Cụm cần bản giấy.",
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
    sender = FormSection(
        Sender.key,
        Sender.label,
        tuple(
            FormField(
                Sender.key,
                name,
                str(Sender.model_fields[name].title),
                "",
                Sender.guidance[name],
                ValueKind.TEXT,
            )
            for name in Sender.model_fields
        ),
    )
    return FormSpec(
        title=INDICATOR_FORM.title,
        note="Ô nền vàng là ô nhập số liệu; để trống nếu không có số liệu (để trống khác với 0).",
        sections=tuple(sections),
        instructions=_INSTRUCTIONS,
        heading=(
            HeadingLine.TITLE,
            HeadingLine.MEMBER,
            HeadingLine.CLUSTER,
            HeadingLine.NOTE,
            HeadingLine.RETURN,
        ),
        sender=sender,
        signature_left=("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"),
        signature=(
            "……………, ngày …… tháng …… năm ……",
            "THỦ TRƯỞNG ĐƠN VỊ",
            "(Ký, ghi rõ họ tên, đóng dấu)",
        ),
    )


# The self-assessment form of a scoring scheme -------------------------------------------------

_ASSESSMENT_INSTRUCTIONS = (
    "Chỉ nhập vào các ô nền vàng ở trang “Phiếu tự chấm”: cột “Điểm tự chấm” và cột “Diễn giải, "
    "căn cứ”; các ô khác được khóa.",
    "Điểm tự chấm là số không âm, không lớn hơn điểm tối đa của tiêu chí, lẻ đến hai chữ số "
    "thập phân. Số lẻ ghi bằng dấu phẩy, ví dụ 185,5 (máy đặt định dạng số kiểu Anh - Mỹ thì "
    "gõ 185.5). Không ghi chữ “điểm” vào ô.",
    "Để trống nghĩa là chưa chấm tiêu chí đó; tiêu chí không đạt điểm nào thì ghi 0.",
    "Cột “Diễn giải, căn cứ”: ghi ngắn gọn kết quả đạt được và văn bản làm căn cứ (số, ngày "
    "văn bản). Điểm thưởng và điểm trừ lớn hơn 0 bắt buộc ghi căn cứ.",
    "Cột “Kiểm tra” và các dòng “Cộng” tự tính khi nhập điểm. Sửa các dòng báo “Chưa chấm”, "
    "“Không phải số”, “Vượt điểm tối đa” hoặc “Thiếu căn cứ” trước khi gửi.",
    "Không đổi tên các trang tính, không thêm, xóa dòng hay cột; lưu tệp dạng .xlsx (không lưu "
    "dạng .xls, không đặt mật khẩu).",
)

_NAME_MAX = 200  # Excel's names end at 255 characters


class _Names:
    """The defined names of a form: `prefix.id`, with each `-` of the id as `_` (a defined name
    holds letters, digits, `_` and `.`), made unique where two ids would meet (`tc-2`, `tc_2`)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def name(self, prefix: str, identifier: str) -> str:
        base = f"{prefix}.{identifier.replace('-', '_')}"[:_NAME_MAX]
        name, count = base, 1
        while name in self.taken:
            count += 1
            name = f"{base}_{count}"
        self.taken.add(name)
        return name


def _ref(key: str) -> str:
    return f"{_REF_OPEN}{key}{_REF_CLOSE}"


def _number(value: Decimal) -> str:
    """A number as a formula writes it, whatever the reader's locale: `12.5`."""
    return format(value.normalize(), "f")


def _sum(keys: Iterable[str], most: Decimal | None = None) -> tuple[str | FieldRef, ...]:
    added = "SUM(" + ",".join(_ref(key) for key in keys) + ")"
    return _parts(added if most is None else f"MIN({_number(most)},{added})")


def _criterion_check(points: str, note: str, most: Decimal, evidence: bool) -> LiveCheck:
    cell, remark = _ref(points), _ref(note)
    verdict = f'IF(AND({cell}>0,TRIM({remark})=""),"Thiếu căn cứ","Khớp")' if evidence else '"Khớp"'
    expression = (
        f'IF({cell}="","Chưa chấm",IF(NOT(ISNUMBER({cell})),"Không phải số",'
        f'IF({cell}>{_number(most)},"Vượt điểm tối đa",{verdict})))'
    )
    return LiveCheck(points, _parts(expression))


def _scheme_section(
    names: _Names,
    key: str,
    label: str,
    criteria: Iterable[Criterion],
    kind: CriterionKind,
    total: tuple[str, str, Decimal | None, Decimal],
) -> FormSection:
    """A section of criteria, each a points field with its note beside it, and its subtotal:
    `total` is (key, label, the most it counts or None, the most it can come to)."""
    from tdcli.model.scheme import CriterionKind, points_text

    fields: list[FormField] = []
    checks: list[LiveCheck] = []
    added: list[str] = []
    for criterion in criteria:
        points, note = names.name("diem", criterion.id), names.name("ghichu", criterion.id)
        added.append(points)
        guidance = f"Căn cứ: {criterion.guidance}" if criterion.guidance else ""
        fields += [
            FormField(
                "diem",
                points.partition(".")[2],
                criterion.label,
                points_text(criterion.max),
                guidance,
                ValueKind.POINTS,
                maximum=criterion.max,
                data_path=("scores", criterion.id, "points"),
            ),
            FormField(
                "ghichu",
                note.partition(".")[2],
                f"Diễn giải, căn cứ: {criterion.label}",
                "",
                "",
                ValueKind.TEXT,
                beside=points,
                data_path=("scores", criterion.id, "note"),
            ),
        ]
        checks.append(
            _criterion_check(points, note, criterion.max, kind is not CriterionKind.SCORE)
        )
    total_key, total_label, most, shown = total
    subtotal = FormTotal(total_key, total_label, _sum(added, most), shown)
    return FormSection(key, label, tuple(fields), tuple(checks), (subtotal,))


def scheme_form_spec(scheme: Scheme) -> FormSpec:
    """The self-assessment form of a scoring scheme: a section per group of criteria, then the
    bonus and the penalty; a row per criterion with its most points, the points and the note
    (diễn giải, căn cứ) typed on it, and a live check; a subtotal per section and the total."""
    from tdcli.model.scheme import CriterionKind, points_text

    names = _Names()
    sections: list[FormSection] = []
    for number, group in enumerate(scheme.groups, start=1):
        sections.append(
            _scheme_section(
                names,
                names.name("nhom", group.id),
                f"Nhóm {number}: {group.label} (tối đa {points_text(group.max)} điểm)",
                group.criteria,
                CriterionKind.SCORE,
                (names.name("cong", group.id), f"Cộng nhóm {number}", None, group.max),
            )
        )
    added = [_ref(section.totals[0].key) for section in sections]
    most_of_all = scheme.criteria_max
    if scheme.bonus is not None and scheme.bonus.criteria:
        most_of_all += scheme.bonus.max
        section = _scheme_section(
            names,
            names.name("thuong", "diem"),
            f"Điểm thưởng (tối đa {points_text(scheme.bonus.max)} điểm)",
            scheme.bonus.criteria,
            CriterionKind.BONUS,
            (names.name("cong", "thuong"), "Cộng điểm thưởng", scheme.bonus.max, scheme.bonus.max),
        )
        sections.append(section)
        added.append(_ref(section.totals[0].key))
    taken: list[str] = []
    if scheme.penalty is not None and scheme.penalty.criteria:
        limit = scheme.penalty.max
        section = _scheme_section(
            names,
            names.name("tru", "diem"),
            "Điểm trừ" if limit is None else f"Điểm trừ (tối đa {points_text(limit)} điểm)",
            scheme.penalty.criteria,
            CriterionKind.PENALTY,
            (names.name("cong", "tru"), "Cộng điểm trừ", limit, scheme.penalty_max),
        )
        sections.append(section)
        taken.append(_ref(section.totals[0].key))
    expression = "+".join(added) + "".join(f"-{item}" for item in taken)
    total = FormTotal(
        names.name("tong", "diem"),
        "Tổng điểm = tiêu chí + thưởng − trừ",
        _parts(expression),
        most_of_all,
    )
    source = scheme.source
    bonus = (
        (
            f"Điểm thưởng được cộng tối đa {points_text(scheme.bonus.max)} điểm dù các tiêu chí "
            "thưởng cộng lại nhiều hơn.",
        )
        if scheme.bonus is not None and scheme.bonus.criteria
        else ()
    )
    return FormSpec(
        title=SELF_ASSESSMENT_FORM.title,
        note="Ô nền vàng là ô nhập: điểm tự chấm và diễn giải, căn cứ; để trống nếu chưa chấm.",
        sections=tuple(sections),
        instructions=(*_ASSESSMENT_INSTRUCTIONS[:4], *bonus, *_ASSESSMENT_INSTRUCTIONS[4:]),
        form_sheet=ASSESSMENT_SHEET,
        instructions_title="HƯỚNG DẪN ĐIỀN PHIẾU TỰ CHẤM ĐIỂM",
        meta_keys=ASSESSMENT_META_KEYS,
        expected_meta=(ExpectedMeta("scheme", source.number.strip(), "scheme-mismatch"),),
        columns=(
            "STT",
            "Tiêu chí",
            "Điểm tối đa",
            "Điểm tự chấm",
            "Diễn giải, căn cứ",
            "Kiểm tra",
        ),
        widths=(6, 50, 10, 11, 38, 17),
        subtitle=(
            f"(Theo hướng dẫn chấm điểm tại văn bản số {source.number} ngày "
            f"{source.date:%d/%m/%Y} của {source.issuer})"
        ),
        heading=(
            HeadingLine.TITLE,
            HeadingLine.SUBTITLE,
            HeadingLine.MEMBER,
            HeadingLine.CLUSTER,
            HeadingLine.NOTE,
        ),
        shown_on=(
            ("member", HeadingLine.MEMBER),
            ("year", HeadingLine.TITLE),
            ("scheme", HeadingLine.SUBTITLE),
        ),
        totals=(total,),
        kind=SELF_ASSESSMENT_FORM,
        signature=(
            "……………, ngày …… tháng …… năm ……",
            "THỦ TRƯỞNG ĐƠN VỊ",
            "(Ký, ghi rõ họ tên, đóng dấu)",
        ),
    )
