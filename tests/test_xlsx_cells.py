"""Whatever the sheet XML of an input cell holds gives a value or an issue, never an exception.

Other programs, and hostile hands, write cells Excel never would: `<v>12abc</v>` in a number
cell, `inf`, a shared string that is not there, a style that does not exist, a type nobody
knows. Each case below is one such cell; the property test writes arbitrary ones.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdcli.check.submission import CheckedSubmission
from tdcli.model.catalogue import ValueKind, field_spec, iter_fields
from tdcli.model.issues import CATALOGUE
from tdcli.usecases.period import load_submission

from helpers import make_form

TARGET = "submissions/2022-H1/bac-kan.xlsx"
SHEET_PART = "xl/worksheets/sheet1.xml"
DATE_STYLE = "date"  # stands for the index of a date style appended to the workbook's styles


@dataclass(frozen=True)
class RawCell:
    """One input cell as written in the sheet XML; None leaves an attribute or element out."""

    key: str
    value: str | None = None
    type: str | None = None
    style: str | None = None
    inline: str | None = None
    formula: str | None = None
    strings: tuple[str, ...] | None = None
    styles: str = "keep"  # "keep", "date" (a date style added), "broken" (not XML)


def _attribute(name: str, value: str | None) -> str:
    return "" if value is None else f" {name}={quoteattr(value)}"


def _rewrite(form: bytes, reference: str, cell: RawCell) -> bytes:
    """The form with one cell of the form sheet replaced, and its strings and styles set."""
    with zipfile.ZipFile(io.BytesIO(form)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    styles = parts["xl/styles.xml"].decode("utf-8")
    declared = re.search(r'<cellXfs count="(\d+)"', styles)
    assert declared is not None
    count = int(declared.group(1))
    if cell.styles == "date":
        styles = styles.replace(f'<cellXfs count="{count}">', f'<cellXfs count="{count + 1}">')
        styles = styles.replace("</cellXfs>", '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs>')
    elif cell.styles == "broken":
        styles = styles[: len(styles) // 2]
    parts["xl/styles.xml"] = styles.encode("utf-8")
    style = str(count) if cell.style == DATE_STYLE else cell.style
    inner = ""
    if cell.formula is not None:
        inner += f"<f>{escape(cell.formula)}</f>"
    if cell.value is not None:
        inner += f"<v>{escape(cell.value)}</v>"
    if cell.inline is not None:
        inner += f"<is><t>{escape(cell.inline)}</t></is>"
    xml = f'<c r="{reference}"{_attribute("s", style)}{_attribute("t", cell.type)}>{inner}</c>'
    sheet = parts[SHEET_PART].decode("utf-8")
    sheet, replaced = re.subn(
        rf'<c r="{reference}"[^>]*?(?:/>|>.*?</c>)', lambda _: xml, sheet, count=1
    )
    assert replaced == 1, reference
    parts[SHEET_PART] = sheet.encode("utf-8")
    if cell.strings is not None:
        items = "".join(f"<si><t>{escape(text)}</t></si>" for text in cell.strings)
        parts["xl/sharedStrings.xml"] = (
            f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{items}</sst>'
        ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@dataclass(frozen=True)
class Form:
    """A blank form in the workspace, its bytes, and the input cell of each field."""

    path: Path
    blank: bytes
    cells: dict[str, str]


@pytest.fixture
def form(workspace: Path) -> Form:
    from openpyxl import load_workbook

    path = make_form(workspace, "bac-kan", "2022-H1", workspace / TARGET)
    names = load_workbook(path).defined_names
    cells = {
        spec.key: next(iter(names[spec.key].destinations))[1].replace("$", "")
        for spec in iter_fields()
    }
    return Form(path, path.read_bytes(), cells)


def _load(form: Form, cell: RawCell) -> tuple[CheckedSubmission, str]:
    """The blank form with `cell` written in, read and checked where the member's file goes."""
    reference = form.cells[cell.key]
    form.path.write_bytes(_rewrite(form.blank, reference, cell))
    return load_submission(form.path), reference


def _at(checked: CheckedSubmission, reference: str) -> list[tuple[str, str | None]]:
    return [
        (issue.code, issue.location.cell)
        for issue in checked.issues
        if issue.location.cell in (reference, None)
    ]


# One odd cell each --------------------------------------------------------------------------

N = "inspections.total"
TEXT = "narrative.highlights"
DAMAGED = "corrupt-workbook"

VALUES = [
    ("number-as-typed", RawCell(N, "12abc"), "not-a-number", None),
    ("inf", RawCell(N, "inf"), "not-a-number", None),
    ("nan", RawCell(N, "NaN"), "not-a-number", None),
    ("beyond-double", RawCell(N, "1e400"), "number-too-large", None),
    ("many-leading-zeros", RawCell(N, "0" * 5000 + "7"), None, 7),
    ("spaces-round-number", RawCell(N, " 42 "), None, 42),
    ("exponent", RawCell(N, "1.25E3"), None, 1250),
    ("twenty-digits", RawCell(N, "9" * 20), "number-too-large", None),
    ("style-not-a-number", RawCell(N, "5", style="abc"), None, 5),
    ("style-out-of-range", RawCell(N, "5", style="999"), None, 5),
    ("style-negative", RawCell(N, "5", style="-1"), None, 5),
    ("date-style", RawCell(N, "44621", style=DATE_STYLE, styles="date"), "not-a-number", None),
    ("date-style-beyond-dates", RawCell(N, "1e17", style=DATE_STYLE, styles="date"), None, 10**17),
    ("iso-date", RawCell(N, "2022-03-01T00:00:00", type="d"), "not-a-number", None),
    ("iso-date-garbled", RawCell(N, "1.250", type="d"), None, 1250),
    ("iso-time-basic-form", RawCell(N, "1250", type="d"), None, 1250),
    ("string-index-not-a-number", RawCell(N, "x", type="s", strings=("1",)), DAMAGED, None),
    ("string-index-out-of-range", RawCell(N, "3", type="s", strings=("1",)), DAMAGED, None),
    ("string-index-no-strings", RawCell(N, "0", type="s"), DAMAGED, None),
    ("shared-string", RawCell(N, "1", type="s", strings=("x", "1.250")), None, 1250),
    ("unknown-type", RawCell(N, "12", type="x"), DAMAGED, None),
    ("empty-type", RawCell(N, "12", type=""), DAMAGED, None),
    ("boolean-garbled", RawCell(N, "yes", type="b"), DAMAGED, None),
    ("boolean", RawCell(N, "true", type="b"), "not-a-number", None),
    ("inline-without-is", RawCell(N, "8", type="inlineStr"), None, 8),
    ("error", RawCell(N, "#N/A", type="e"), "cell-error", None),
    ("broken-styles", RawCell(N, "5", style="10", styles="broken"), DAMAGED, None),
    ("broken-styles-unread-without-style", RawCell(N, "5", styles="broken"), None, 5),
    ("broken-styles-unread-for-text", RawCell(N, "5", type="str", styles="broken"), None, 5),
]


@pytest.mark.parametrize(
    ("cell", "code", "value"), [case[1:] for case in VALUES], ids=[case[0] for case in VALUES]
)
def test_an_odd_cell_gives_a_value_or_an_issue(
    form: Form, cell: RawCell, code: str | None, value: object
) -> None:
    checked, reference = _load(form, cell)
    if code is None:
        assert checked.issues == []
        assert checked.submission is not None and checked.submission.value(cell.key) == value
    else:
        found = _at(checked, reference)
        assert len(found) == 1 and found[0][0] == code, checked.issues
        assert checked.submission is None


def test_a_damaged_cell_is_pointed_at_and_explained(form: Form) -> None:
    checked, reference = _load(form, RawCell(N, "7", type="s", strings=("a",)))
    (issue,) = checked.issues
    assert (issue.code, issue.location.cell, issue.field) == ("corrupt-workbook", reference, N)
    assert "chuỗi dùng chung" in issue.message


def test_a_missing_sheet_part_is_a_corrupt_workbook(form: Form) -> None:
    with zipfile.ZipFile(form.path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist() if name != SHEET_PART}
    with zipfile.ZipFile(form.path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    (issue,) = load_submission(form.path).issues
    assert issue.code == "corrupt-workbook" and "thiếu phần" in issue.message


def test_text_cells_read_an_iso_date_and_a_number_as_typed(form: Form) -> None:
    checked, _ = _load(form, RawCell(TEXT, "2022-03-01", type="d"))
    assert checked.submission is not None
    assert checked.submission.narrative.highlights == (str(datetime(2022, 3, 1)),)
    checked, _ = _load(form, RawCell(TEXT, "12abc"))
    assert checked.submission is not None
    assert checked.submission.narrative.highlights == ("12abc",)


def test_cells_without_references_follow_the_one_before(form: Form) -> None:
    """Some programs leave out `r`: the cell after C8 is D8."""
    reference = form.cells[N]
    row = reference[1:]
    with zipfile.ZipFile(form.path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts[SHEET_PART].decode("utf-8")
    sheet, replaced = re.subn(
        rf'<c r="{reference}"[^>]*?(?:/>|>.*?</c>)', '<c t="n"><v>9</v></c>', sheet, count=1
    )
    assert replaced == 1 and f'<c r="C{row}"' in sheet
    parts[SHEET_PART] = sheet.encode("utf-8")
    with zipfile.ZipFile(form.path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    checked = load_submission(form.path)
    assert checked.submission is not None and checked.submission.value(N) == 9


# Any cell ----------------------------------------------------------------------------------

_XML_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=24,
)
_ODD_VALUES = st.sampled_from(
    [
        "12abc", "inf", "-inf", "nan", "NaN", "INF", "1e400", "-1e400", "1e-400", "12", "-3",
        "2.5", " 7 ", "", " ", "0", "1", "true", "false", "#REF!", "1.000", "2,8 tỷ", "1e3",
        "+5", ".5", "5.", "9" * 25, "0" * 300 + "1", "2022-03-01", "2022-03-01T10:00:00",
        "10:30", "2022-13-45", "1_000", "0x10", "١٢", "１２",
    ]
)  # fmt: skip
_TYPES = st.sampled_from(
    [None, "n", "s", "str", "inlineStr", "b", "e", "d", "", "x", "N", "S", " s"]
)
_STYLES = st.one_of(
    st.none(),
    st.just(DATE_STYLE),
    st.integers(min_value=-2, max_value=40).map(str),
    st.sampled_from(["", "abc", "1.5", "9" * 12, " 3"]),
)
_CELLS = st.builds(
    RawCell,
    key=st.sampled_from([spec.key for spec in iter_fields()]),
    value=st.one_of(st.none(), _ODD_VALUES, _XML_TEXT, st.integers().map(str)),
    type=_TYPES,
    style=_STYLES,
    inline=st.one_of(st.none(), _XML_TEXT),
    formula=st.one_of(st.none(), st.just("1+1")),
    strings=st.one_of(st.none(), st.lists(_XML_TEXT, max_size=4).map(tuple)),
    styles=st.sampled_from(["keep", "date", "broken"]),
)


def _written(cell: RawCell) -> str | None:
    """The text the cell carries under its type, or None when it points nowhere."""
    if cell.type == "inlineStr":
        return cell.inline if cell.inline is not None else (cell.value or "")
    if cell.type not in (None, "n", "s", "str", "b", "e", "d"):
        return None
    if not cell.value:  # `<v></v>` holds nothing, whatever its type
        return ""
    if cell.type == "s":
        index = cell.value.strip()
        strings = cell.strings or ()
        if not index.isascii() or not index.isdigit() or int(index) >= len(strings):
            return None
        return strings[int(index)]
    return cell.value


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cell=_CELLS)
def test_any_raw_cell_gives_a_value_or_an_issue(form: Form, cell: RawCell) -> None:
    checked, reference = _load(form, cell)
    assert all(issue.code in CATALOGUE for issue in checked.issues)
    assert (checked.submission is None) == any(i.severity == "error" for i in checked.issues)
    explained = _at(checked, reference)
    written = _written(cell)
    if written is None:  # a cell that points nowhere is never read as blank
        assert explained, cell
    if explained or checked.submission is None:
        return
    value = checked.submission.value(cell.key)
    spec = field_spec(cell.key)
    assert spec is not None
    if spec.kind is ValueKind.TEXT:
        assert isinstance(value, tuple)
        return
    assert value is None or (isinstance(value, int) and value >= 0)
    if written is not None and written.strip():
        assert value is not None, cell  # something written is never silently dropped
    plain = re.fullmatch(r"\s*([0-9]{1,15})\s*", written or "")
    if plain and cell.type in (None, "n", "s", "str", "inlineStr") and cell.style != DATE_STYLE:
        assert value == int(plain.group(1)), cell


# Dates without openpyxl: the reader tells a date style and turns a serial into a date itself
# (importing openpyxl would cost `tdcli validate` more than its work), as openpyxl does.

_FORMAT_CODES = [
    "General",
    "0",
    "#,##0",
    "0.00%",
    "dd/mm/yyyy",
    "d-mmm-yy",
    "[h]:mm:ss",
    "[hh]",
    "[mm]:ss",
    "mm:ss.0",
    '"Tổng" #,##0',
    '"ngày" 0',
    "[Red]#,##0;[Blue]-#,##0",
    "[$-42A]dd/mm/yyyy",
    "[$VND] #,##0",
    "#,##0_);(#,##0)",
    "0_m",
    "\\d0",
    "yyyy;General",
    "General;yyyy",
    "@",
    "",
]


@settings(max_examples=200, deadline=None)
@given(code=st.one_of(st.sampled_from(_FORMAT_CODES), st.text(max_size=12)))
def test_date_formats_are_told_as_openpyxl_tells_them(code: str) -> None:
    from openpyxl.styles.numbers import is_date_format

    from tdcli.read.xlsx_cells import _is_date_format

    assert _is_date_format(code) == is_date_format(code)


def test_the_builtin_date_formats_are_openpyxl_s() -> None:
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    from tdcli.read.xlsx_cells import _BUILTIN_DATE_FORMATS

    assert {key for key, code in BUILTIN_FORMATS.items() if is_date_format(code)} == set(
        _BUILTIN_DATE_FORMATS
    )


@settings(max_examples=300, deadline=None)
@given(
    serial=st.one_of(
        st.sampled_from([0, 0.5, 0.99999999, 1, 59, 59.5, 60, 61, 44621, 44621.75, 2958465]),
        st.integers(min_value=-1000, max_value=3_000_000),
        st.floats(min_value=-1000, max_value=3e6, allow_nan=False),
    )
)
def test_serials_are_dates_as_openpyxl_reads_them(serial: float) -> None:
    from openpyxl.utils.datetime import from_excel

    from tdcli.read.xlsx_cells import _from_serial

    try:
        expected: object = from_excel(serial)
    except (ValueError, OverflowError, ArithmeticError) as error:
        expected = type(error)
    try:
        ours: object = _from_serial(serial)
    except (ValueError, OverflowError, ArithmeticError) as error:
        ours = type(error)
    assert ours == expected
