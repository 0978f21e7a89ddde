"""Drive a running LibreOffice through UNO, as a province or a template author would use it.

Run by a Python that has LibreOffice's `uno` module (the system `python3` with python3-uno; the
test environment cannot import it), from `tests/test_libreoffice.py`:

    python3 tests/uno_client.py CONNECTION COMMAND '{"json": "arguments"}'

CONNECTION is the `--accept` string soffice was started with (`pipe,name=...;urp;...`). The
command prints one JSON object on stdout; a failure exits non-zero with a traceback on stderr.
Every document is opened hidden and closed again, so one soffice serves many commands.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

uno: Any = importlib.import_module("uno")

_CALC_XLSX = "Calc MS Excel 2007 XML"
_WRITER_DOCX = "MS Word 2007 XML"


def _property(name: str, value: object) -> Any:
    prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
    prop.Name, prop.Value = name, value
    return prop


def _context(connection: str, timeout: float) -> Any:
    """The office's component context, retrying while soffice is still starting."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(f"uno:{connection}")
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _desktop(context: Any) -> Any:
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def _open(desktop: Any, path: str) -> Any:
    url = uno.systemPathToFileUrl(str(Path(path).resolve()))
    document = desktop.loadComponentFromURL(url, "_blank", 0, (_property("Hidden", True),))
    if document is None:
        raise RuntimeError(f"LibreOffice could not open {path}")
    return document


def _save(document: Any, path: str, filter_name: str) -> None:
    url = uno.systemPathToFileUrl(str(Path(path).resolve()))
    document.storeToURL(url, (_property("FilterName", filter_name), _property("Overwrite", True)))


def _named_cell(document: Any, key: str) -> Any:
    """The cell a workbook-level defined name (`inspections.total`) points at."""
    return document.NamedRanges.getByName(key).getReferredCells().getCellByPosition(0, 0)


def _put(cell: Any, text: str, how: str) -> None:
    if how == "type":  # parsed as Calc parses what is typed into a cell
        cell.setFormula(text)
    elif how == "paste-text":  # a string cell, as "paste as text" or a text-formatted cell gives
        cell.setString(text)
    else:
        raise ValueError(f"unknown way to put a value: {how}")


def _cell_state(cell: Any) -> dict[str, Any]:
    return {"type": cell.Type.value, "value": cell.getValue(), "string": cell.getString()}


def wait(desktop: Any, args: dict[str, Any]) -> dict[str, Any]:
    """Connected: the office answers."""
    return {"ready": desktop is not None}


def fill_form(desktop: Any, args: dict[str, Any]) -> dict[str, Any]:
    """Put each entry into its named cell, save as .xlsx; what each cell holds afterwards."""
    document = _open(desktop, args["source"])
    try:
        cells = {}
        for entry in args["entries"]:
            cell = _named_cell(document, entry["key"])
            _put(cell, entry["text"], entry["how"])
            cells[entry["key"]] = _cell_state(cell)
        _save(document, args["target"], _CALC_XLSX)
    finally:
        document.close(True)
    return {"cells": cells}


def accepts(desktop: Any, args: dict[str, Any]) -> dict[str, Any]:
    """Whether the form's data validation accepts each entry typed alone into its cell.

    Calc checks validity on input only, so each entry is typed, the sheet's invalid cells are
    marked (Tools ▸ Detective ▸ Mark Invalid Data) and the cell emptied again.
    """
    document = _open(desktop, args["source"])
    try:
        results = []
        for entry in args["entries"]:
            cell = _named_cell(document, entry["key"])
            sheet = document.Sheets.getByName(cell.getSpreadsheet().getName())
            _put(cell, entry["text"], entry.get("how", "type"))
            state = _cell_state(cell)
            marked = bool(sheet.showInvalid())
            sheet.clearArrows()
            cell.setString("")
            results.append({**entry, **state, "accepted": not marked})
    finally:
        document.close(True)
    return {"results": results}


def restyle(desktop: Any, args: dict[str, Any]) -> dict[str, Any]:
    """A paragraph style's font size changed and part of a tag made bold (which splits the tag
    into runs of different formatting), saved as .docx."""
    document = _open(desktop, args["source"])
    try:
        style = document.StyleFamilies.getByName("ParagraphStyles").getByName(args["style"])
        before = style.CharHeight
        style.CharHeight = float(args["size"])
        search = document.createSearchDescriptor()
        search.SearchString = args["tag"]
        found = document.findFirst(search)
        if found is None:
            raise RuntimeError(f"{args['tag']!r} is not in the template")
        cursor = found.getText().createTextCursorByRange(found.getStart())
        cursor.goRight(args["tag"].index(args["bold"]), False)
        cursor.goRight(len(args["bold"]), True)
        cursor.CharWeight = uno.getConstantByName("com.sun.star.awt.FontWeight.BOLD")
        bold = cursor.getString()
        _save(document, args["target"], _WRITER_DOCX)
    finally:
        document.close(True)
    return {"style": args["style"], "size_before": before, "bold": bold}


def track_changes(desktop: Any, args: dict[str, Any]) -> dict[str, Any]:
    """With Edit ▸ Track Changes ▸ Record on, a phrase replaced by another; saved as .docx."""
    document = _open(desktop, args["source"])
    try:
        document.RecordChanges = True
        search = document.createSearchDescriptor()
        search.SearchString = args["delete"]
        found = document.findFirst(search)
        if found is None:
            raise RuntimeError(f"{args['delete']!r} is not in the template")
        found.setString(args["insert"])
        redlines = document.Redlines.getCount()
        _save(document, args["target"], _WRITER_DOCX)
    finally:
        document.close(True)
    return {"tracked_changes": redlines}


def quit_office(desktop: Any, args: dict[str, Any]) -> dict[str, Any]:
    """Close soffice; the bridge drops as it goes, which is expected."""
    try:
        desktop.terminate()
    except Exception as error:  # the connection is disposed of while terminate() returns
        return {"terminated": True, "note": type(error).__name__}
    return {"terminated": True}


COMMANDS: dict[str, Callable[[Any, dict[str, Any]], dict[str, Any]]] = {
    "wait": wait,
    "fill-form": fill_form,
    "accepts": accepts,
    "restyle": restyle,
    "track-changes": track_changes,
    "quit": quit_office,
}


def main(argv: list[str]) -> int:
    connection, command, raw = argv
    args = json.loads(raw)
    desktop = _desktop(_context(connection, float(args.get("timeout", 5))))
    print(json.dumps(COMMANDS[command](desktop, args), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
