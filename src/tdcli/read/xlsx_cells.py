"""Reading a few named cells of a workbook straight from its XML.

A form has some thirty input cells; openpyxl would build every style, merged range and
validation of the workbook first. This reads only what is asked: the defined names, the
sheets they point to, the shared strings, the number formats (to tell a date from a number)
and the asked-for cells, with the formula and the cached value of each in one pass, stopping
at the last row asked for. The XML goes through defusedxml; the archive was checked before by
the guard (sizes, ratios, DTDs, the count of tags), so the work here is bounded; only parts
named `.xml` (or `.rels`) are parsed, the ones the guard counted. Both the usual (transitional)
namespaces and those of Excel's "Strict Open XML" format are read. openpyxl is not imported
here: telling a date from a number and turning Excel's serial into a date are a few lines,
and importing openpyxl (with numpy, which it imports whenever installed) would cost `tdcli
validate` more than its whole work.

Whatever a cell holds gives a value or says why it cannot: a value that does not fit its type
(`<v>12abc</v>` in a number cell, as some programs write) is the text as typed, for the number
reader to judge; what points nowhere (a shared string that is not there, a type Excel does not
know) is a damaged cell (`CellValue.problem`). A part that is missing or not XML is a
`WorkbookError`; one read again and again, beyond the tags the guard let in (several sheets may
name one part), a `WorkbookTooComplex`. Nothing else escapes.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from tdcli.read import guard

__all__ = [
    "CellValue",
    "WorkbookCells",
    "WorkbookError",
    "WorkbookTooComplex",
    "open_workbook_cells",
]

_MAINS = (
    "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}",
    "{http://purl.oclc.org/ooxml/spreadsheetml/main}",  # "Strict Open XML Spreadsheet"
)
_RELATION_IDS = (
    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
    "{http://purl.oclc.org/ooxml/officeDocument/relationships}id",
)
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_PARSED_SUFFIXES = (".xml", ".rels")


def _tag(name: str) -> frozenset[str]:
    """An element of the main namespace, in either of its spellings."""
    return frozenset(f"{namespace}{name}" for namespace in _MAINS)


_SHEET, _DEFINED_NAME = _tag("sheet"), _tag("definedName")
_SI, _T, _RPH = _tag("si"), _tag("t"), _tag("rPh")
_NUM_FMT, _CELL_XFS, _XF = _tag("numFmt"), _tag("cellXfs"), _tag("xf")
_ROW, _C, _F, _V, _IS = _tag("row"), _tag("c"), _tag("f"), _tag("v"), _tag("is")
_REFERENCE = re.compile(r"^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]{1,3})\$?([0-9]+)$")
_CELL = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
_XML_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INDEX = re.compile(r"[0-9]{1,9}")
_ISO_MOMENT = re.compile(  # the extended form Excel writes; `1250` is not 12:50 here
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})?)?|[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?"
)
_NUMBER_TEXT_MAX = 400  # Excel writes at most 17 significant digits; longer is not its number
_SHOWN_MAX = 20
_KNOWN_TYPES = frozenset({"n", "s", "str", "inlineStr", "b", "e", "d"})

# Dates and times, as openpyxl tells them (`openpyxl.styles.numbers`: its BUILTIN_FORMATS and
# `is_date_format`, MIT licence); tests/test_xlsx_cells.py holds the two to the same answers.
_BUILTIN_DATE_FORMATS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
"""The built-in number formats (ECMA-376 18.8.30) that show a date or a time."""
_FORMAT_NOISE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
"""Quoted text and bracketed parts (colours, locales) but elapsed hours, minutes, seconds."""
_DATE_CODE = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_EXCEL_EPOCH = datetime(1899, 12, 30)  # day 0 of the 1900 date system, Excel's default


class WorkbookError(Exception):
    """A part of the workbook is missing or is not well-formed XML (the message says which)."""


class WorkbookTooComplex(WorkbookError):
    """Reading would take far more work than any form needs (the message says where)."""


@dataclass
class _Budget:
    """XML events left to read. The guard bounds the tags of every part, but several sheets
    may name one part and have it read again for each; a form reads each part once at most."""

    left: int


@dataclass(frozen=True, slots=True)
class CellValue:
    """What a cell holds: its value as Excel shows it, its type, and its formula if any.

    `kind` is "n" (number), "s" (text), "b" (boolean), "e" (error), "d" (a date), "empty", or
    "damaged" (the cell cannot be read; `problem` says why, in Vietnamese). A formula without a
    cached value has `value` None and `formula` set.
    """

    value: Any
    kind: str
    formula: str | None = None
    problem: str | None = None


def _parse(
    archive: zipfile.ZipFile, name: str, budget: _Budget, events: tuple[str, ...] = ("end",)
) -> Iterator[tuple[str, Any]]:
    from defusedxml.ElementTree import iterparse

    if not name.endswith(_PARSED_SUFFIXES):
        raise WorkbookError(f"phần {name} không phải XML")
    try:
        with archive.open(name) as part:
            for item in iterparse(part, events=events):
                budget.left -= 1
                if budget.left < 0:
                    raise WorkbookTooComplex(f"phần {name} bị đọc lại nhiều lần")
                yield item
    except KeyError:
        raise WorkbookError(f"thiếu phần {name}") from None
    except WorkbookError:
        raise
    except Exception as error:  # expat's, zipfile's and defusedxml's errors: the part is damaged
        raise WorkbookError(f"phần {name} không đọc được ({type(error).__name__})") from None


def _text(element: Any) -> str:
    """The text of a string item: plain `<t>`, or the runs of rich text, without phonetics."""
    parts = []
    for node in element.iter():
        if node.tag in _T:
            parts.append(node.text or "")
        elif node.tag in _RPH:
            break
    return "".join(parts)


def _shown(text: str) -> str:
    """A cell's raw text in a message: short, on one line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= _SHOWN_MAX else flat[: _SHOWN_MAX - 3] + "..."


def _index(text: str | None) -> int | None:
    """A non-negative index written as digits, or None."""
    stripped = (text or "").strip()
    return int(stripped) if _INDEX.fullmatch(stripped) else None


def _number(text: str) -> int | float | None:
    """A number in the form XML writes it (what Excel saves), or None for any other text.

    Whole numbers without a point or exponent stay exact; others are floats, which may be
    infinite when the exponent is beyond a double (the models call that too large).
    """
    stripped = text.strip()
    if len(stripped) > _NUMBER_TEXT_MAX or not _XML_NUMBER.fullmatch(stripped):
        return None
    if "." not in stripped and "e" not in stripped.lower():
        digits = stripped.lstrip("+-").lstrip("0") or "0"
        if len(digits) <= 18:
            return -int(digits) if stripped.startswith("-") else int(digits)
    return float(stripped)


def _moment(text: str) -> datetime | time | None:
    """An ISO 8601 date, date and time, or time (a `t="d"` cell), or None."""
    stripped = text.strip()
    if not _ISO_MOMENT.fullmatch(stripped):
        return None
    try:
        return datetime.fromisoformat(stripped)
    except ValueError:
        pass
    try:
        return time.fromisoformat(stripped)
    except ValueError:
        return None


def _is_date_format(code: str) -> bool:
    """Whether a number format code shows a date or a time (only its first section counts)."""
    return _DATE_CODE.search(_FORMAT_NOISE.sub("", code.split(";")[0])) is not None


def _from_serial(serial: float) -> datetime | time:
    """An Excel serial as a date and time (to the millisecond), or a time of day below 1.

    Serials below 60 are a day later than counted from the epoch: Excel's 1900 system has a
    29 February 1900 that never was. Raises ValueError or OverflowError beyond any date.
    """
    day, fraction = divmod(serial, 1)
    moment = timedelta(milliseconds=round(fraction * 86_400 * 1000))
    if 0 <= serial < 1 and moment.days == 0:
        minutes, seconds = divmod(moment.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return time(hours, minutes, seconds, moment.microseconds)
    if 0 < serial < 60:
        day += 1
    return _EXCEL_EPOCH + timedelta(days=day) + moment


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


class WorkbookCells:
    """The defined names and the cells of a workbook, read on demand.

    `wanted_names`, when given, are the only defined names kept (a workbook may carry
    thousands that nobody asked for).
    """

    def __init__(
        self, archive: zipfile.ZipFile, wanted_names: Collection[str] | None = None
    ) -> None:
        self.archive = archive
        self.sheets: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self._wanted_names = None if wanted_names is None else frozenset(wanted_names)
        self._budget = _Budget(2 * guard.MAX_XLSX_MARKUP)  # a start and an end event a tag
        self._read_workbook()
        self._strings: list[str] | None = None
        self._dates: set[int] | None = None

    @property
    def sheet_names(self) -> list[str]:
        return list(self.sheets)

    def _read_workbook(self) -> None:
        targets: dict[str, str] = {}
        for _, element in _parse(self.archive, "xl/_rels/workbook.xml.rels", self._budget):
            if element.tag == f"{_PACKAGE_REL}Relationship":
                target = element.get("Target", "")
                path = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join("xl", target))
                )
                targets[element.get("Id", "")] = path
                element.clear()
        for _, element in _parse(self.archive, "xl/workbook.xml", self._budget):
            if element.tag in _SHEET:
                relation = next(
                    (found for key in _RELATION_IDS if (found := element.get(key)) is not None), ""
                )
                if relation in targets:
                    self.sheets[element.get("name", "")] = targets[relation]
                element.clear()
            elif element.tag in _DEFINED_NAME:
                name = element.get("name", "")
                if element.get("localSheetId") is None and (
                    self._wanted_names is None or name in self._wanted_names
                ):
                    self.names[name] = (element.text or "").strip()
                element.clear()

    def named_cell(self, name: str) -> tuple[str, str] | None:
        """(sheet, cell) of a workbook-level name pointing at one cell of a known sheet."""
        reference = self.names.get(name)
        match = _REFERENCE.match(reference or "")
        if match is None:
            return None
        sheet = (match.group(1) or "").replace("''", "'") or (match.group(2) or "")
        if sheet not in self.sheets:
            return None
        return sheet, f"{match.group(3)}{match.group(4)}"

    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            strings = []
            if "xl/sharedStrings.xml" in self.archive.namelist():
                for _, element in _parse(self.archive, "xl/sharedStrings.xml", self._budget):
                    if element.tag in _SI:
                        strings.append(_text(element))
                        element.clear()
            self._strings = strings
        return self._strings

    def _date_styles(self) -> set[int]:
        """The cell styles (indexes of cellXfs) whose number format shows a date or a time.

        A format or style whose number format id is not a number has no number format, as
        Excel treats it once it has repaired the file: its cells show plain numbers.
        """
        if self._dates is None:
            formats: dict[int, str] = {}  # the workbook's own, which may redefine a built-in
            cell_formats: list[int | None] = []
            if "xl/styles.xml" in self.archive.namelist():
                in_cell_xfs = False
                for event, element in _parse(
                    self.archive, "xl/styles.xml", self._budget, ("start", "end")
                ):
                    if element.tag in _NUM_FMT and event == "end":
                        format_id = _index(element.get("numFmtId"))
                        if format_id is not None:
                            formats[format_id] = element.get("formatCode", "")
                    elif element.tag in _CELL_XFS:
                        in_cell_xfs = event == "start"
                    elif element.tag in _XF and event == "end" and in_cell_xfs:
                        cell_formats.append(_index(element.get("numFmtId", "0")))
                        element.clear()
            self._dates = {
                index
                for index, format_id in enumerate(cell_formats)
                if format_id is not None
                and (
                    _is_date_format(formats[format_id])
                    if format_id in formats
                    else format_id in _BUILTIN_DATE_FORMATS
                )
            }
        return self._dates

    def cells(self, sheet: str, references: Iterable[str]) -> dict[str, CellValue]:
        """The asked-for cells of one sheet; a cell absent from the file is empty.

        A row or a cell may leave out its reference (`r`): it then follows the one before, as
        in Excel. Rows come in order (Excel, LibreOffice and openpyxl all write them so), so the
        sheet is read up to the last row asked for, and no further.
        """
        wanted = set(references)
        found: dict[str, CellValue] = {}
        part = self.sheets.get(sheet)
        if part is None or not wanted:
            return found
        last_row = max(
            (int(match.group(2)) for match in map(_CELL.fullmatch, wanted) if match is not None),
            default=0,
        )
        row, column = 0, 0
        for event, element in _parse(self.archive, part, self._budget, ("start", "end")):
            if element.tag in _ROW:
                if event == "start":
                    given = _index(element.get("r"))
                    row, column = (given if given else row + 1), 0
                    if row > last_row:
                        break
                else:
                    element.clear()
                continue
            if element.tag not in _C or event != "end":
                continue
            match = _CELL.fullmatch(element.get("r", ""))
            if match is not None:
                reference, column = match.group(0), _column_number(match.group(1))
            else:
                column += 1
                reference = f"{_column_letters(column)}{max(row, 1)}"
            if reference in wanted and reference not in found:
                found[reference] = self._cell(element)
                if len(found) == len(wanted):
                    break
            element.clear()
        return found

    def _cell(self, element: Any) -> CellValue:
        kind = element.get("t", "n")
        formula_node = _child(element, _F)
        formula = None
        if formula_node is not None:
            formula = "=" + (formula_node.text or "") if formula_node.text else "=..."
        if kind not in _KNOWN_TYPES:
            return _damaged(f'ô có kiểu dữ liệu không hợp lệ t="{_shown(kind)}"', formula)
        value_node = _child(element, _V)
        raw = value_node.text if value_node is not None else None
        if kind == "inlineStr":
            inline = _child(element, _IS)
            if inline is not None:
                return CellValue(_text(inline), "s", formula)
            return CellValue(raw or "", "s", formula)
        if raw is None:
            return CellValue(None, "empty", formula)
        if kind == "s":
            strings = self._shared_strings()
            index = _index(raw)
            if index is None or index >= len(strings):
                return _damaged(
                    f"ô trỏ tới chuỗi dùng chung số '{_shown(raw)}', không có trong tệp", formula
                )
            return CellValue(strings[index], "s", formula)
        if kind == "str":
            return CellValue(raw, "s", formula)
        if kind == "b":
            truth = {"1": True, "true": True, "0": False, "false": False}.get(raw.strip())
            if truth is None:
                return _damaged(f"ô kiểu đúng/sai lại ghi '{_shown(raw)}'", formula)
            return CellValue(truth, "b", formula)
        if kind == "e":
            return CellValue(raw, "e", formula)
        if kind == "d":
            moment = _moment(raw)
            return (
                CellValue(raw, "s", formula) if moment is None else CellValue(moment, "d", formula)
            )
        number = _number(raw)
        if number is None:
            return CellValue(raw, "s", formula)  # as typed; the number reader says what is wrong
        style = _index(element.get("s"))
        if style is not None and style in self._date_styles():
            try:
                return CellValue(_from_serial(number), "d", formula)
            except (ValueError, OverflowError, ArithmeticError):
                pass  # beyond any date: Excel shows ####; the number is what was typed
        return CellValue(number, "n", formula)


def _damaged(problem: str, formula: str | None) -> CellValue:
    return CellValue(None, "damaged", formula, problem)


def _child(element: Any, tags: frozenset[str]) -> Any:
    """The first child element with one of `tags`, or None."""
    return next((child for child in element if child.tag in tags), None)


def open_workbook_cells(
    archive: zipfile.ZipFile, wanted_names: Collection[str] | None = None
) -> WorkbookCells:
    """Raises `WorkbookError` when the workbook's structure cannot be read."""
    try:
        return WorkbookCells(archive, wanted_names)
    except (ValueError, KeyError) as error:
        raise WorkbookError(str(error)) from None
