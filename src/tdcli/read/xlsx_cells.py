"""Reading a few named cells of a workbook straight from its XML.

A form has some thirty input cells; openpyxl would build every style, merged range and
validation of the workbook first. This reads only what is asked: the defined names, the
sheets they point to, the shared strings, the number formats (to tell a date from a number)
and the asked-for cells, with the formula and the cached value of each in one pass. The XML
goes through defusedxml; the archive was checked before (sizes, ratios, DTDs).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

__all__ = ["CellValue", "WorkbookCells", "WorkbookError", "open_workbook_cells"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REFERENCE = re.compile(r"^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]{1,3})\$?([0-9]+)$")


class WorkbookError(Exception):
    """A part of the workbook is missing or is not well-formed XML."""


@dataclass(frozen=True, slots=True)
class CellValue:
    """What a cell holds: its value as Excel shows it, its type, and its formula if any.

    `kind` is "n" (number), "s" (text), "b" (boolean), "e" (error), "d" (a date) or "empty";
    a formula without a cached value has `value` None and `formula` set.
    """

    value: Any
    kind: str
    formula: str | None = None


def _parse(archive: zipfile.ZipFile, name: str) -> Iterator[tuple[str, Any]]:
    from defusedxml.ElementTree import iterparse

    try:
        with archive.open(name) as part:
            yield from iterparse(part, events=("end",))
    except KeyError:
        raise WorkbookError(f"thiếu phần {name}") from None
    except Exception as error:  # expat's and defusedxml's errors alike: the part is damaged
        raise WorkbookError(f"{name}: {type(error).__name__}") from None


def _text(element: Any) -> str:
    """The text of a string item: plain `<t>`, or the runs of rich text, without phonetics."""
    parts = []
    for node in element.iter():
        if node.tag == f"{_MAIN}t":
            parts.append(node.text or "")
        elif node.tag == f"{_MAIN}rPh":
            break
    return "".join(parts)


class WorkbookCells:
    """The defined names and the cells of a workbook, read on demand."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.sheets: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self._read_workbook()
        self._strings: list[str] | None = None
        self._dates: set[int] | None = None

    @property
    def sheet_names(self) -> list[str]:
        return list(self.sheets)

    def _read_workbook(self) -> None:
        targets: dict[str, str] = {}
        for _, element in _parse(self.archive, "xl/_rels/workbook.xml.rels"):
            if element.tag == f"{_PACKAGE_REL}Relationship":
                target = element.get("Target", "")
                path = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join("xl", target))
                )
                targets[element.get("Id", "")] = path
        for _, element in _parse(self.archive, "xl/workbook.xml"):
            if element.tag == f"{_MAIN}sheet":
                relation = element.get(f"{_REL}id", "")
                if relation in targets:
                    self.sheets[element.get("name", "")] = targets[relation]
            elif element.tag == f"{_MAIN}definedName" and element.get("localSheetId") is None:
                self.names[element.get("name", "")] = (element.text or "").strip()

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
            self._strings = []
            if "xl/sharedStrings.xml" in self.archive.namelist():
                for _, element in _parse(self.archive, "xl/sharedStrings.xml"):
                    if element.tag == f"{_MAIN}si":
                        self._strings.append(_text(element))
                        element.clear()
        return self._strings

    def _date_styles(self) -> set[int]:
        """The cell styles (indexes of cellXfs) whose number format shows a date or a time."""
        if self._dates is None:
            from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

            formats: dict[int, str] = dict(BUILTIN_FORMATS)
            dates: set[int] = set()
            if "xl/styles.xml" in self.archive.namelist():
                cell_formats: list[int] = []
                in_cell_xfs = False
                from defusedxml.ElementTree import iterparse

                with self.archive.open("xl/styles.xml") as part:
                    for event, element in iterparse(part, events=("start", "end")):
                        if element.tag == f"{_MAIN}numFmt" and event == "end":
                            formats[int(element.get("numFmtId", "0"))] = element.get(
                                "formatCode", ""
                            )
                        elif element.tag == f"{_MAIN}cellXfs":
                            in_cell_xfs = event == "start"
                        elif element.tag == f"{_MAIN}xf" and event == "end" and in_cell_xfs:
                            cell_formats.append(int(element.get("numFmtId", "0")))
                dates = {
                    index
                    for index, format_id in enumerate(cell_formats)
                    if is_date_format(formats.get(format_id, ""))
                }
            self._dates = dates
        return self._dates

    def cells(self, sheet: str, references: Iterable[str]) -> dict[str, CellValue]:
        """The asked-for cells of one sheet; a cell absent from the file is empty."""
        wanted = set(references)
        found: dict[str, CellValue] = {}
        part = self.sheets.get(sheet)
        if part is None or not wanted:
            return found
        for _, element in _parse(self.archive, part):
            if element.tag == f"{_MAIN}row":
                element.clear()
                continue
            if element.tag != f"{_MAIN}c":
                continue
            reference = element.get("r", "")
            if reference in wanted:
                found[reference] = self._cell(element)
                if len(found) == len(wanted):
                    break
        return found

    def _cell(self, element: Any) -> CellValue:
        kind = element.get("t", "n")
        formula_node = element.find(f"{_MAIN}f")
        formula = None
        if formula_node is not None:
            formula = "=" + (formula_node.text or "") if formula_node.text else "=..."
        value_node = element.find(f"{_MAIN}v")
        raw = value_node.text if value_node is not None else None
        if kind == "inlineStr":
            inline = element.find(f"{_MAIN}is")
            return CellValue(_text(inline) if inline is not None else "", "s", formula)
        if raw is None:
            return CellValue(None, "empty", formula)
        if kind == "s":
            strings = self._shared_strings()
            index = int(raw)
            return CellValue(strings[index] if 0 <= index < len(strings) else "", "s", formula)
        if kind == "str":
            return CellValue(raw, "s", formula)
        if kind == "b":
            return CellValue(raw.strip() == "1", "b", formula)
        if kind == "e":
            return CellValue(raw, "e", formula)
        as_float = float(raw)
        whole = as_float.is_integer() and "e" not in raw.lower() and "." not in raw
        number: int | float = int(raw) if whole else as_float
        style = int(element.get("s", "0"))
        if style in self._date_styles():
            from openpyxl.utils.datetime import from_excel

            try:
                moment: datetime | Any = from_excel(number)
            except (ValueError, OverflowError):
                moment = number
            return CellValue(moment, "d", formula)
        return CellValue(number, "n", formula)


def open_workbook_cells(archive: zipfile.ZipFile) -> WorkbookCells:
    """Raises `WorkbookError` when the workbook's structure cannot be read."""
    try:
        return WorkbookCells(archive)
    except (ValueError, KeyError) as error:
        raise WorkbookError(str(error)) from None
