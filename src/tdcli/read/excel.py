"""Reading a filled-in tdcli form (.xlsx) by its named cells, and refusing hostile files early.

Before openpyxl sees a file, the archive is checked: the old binary format and encrypted
workbooks (both OLE files) are told apart, non-zip files are named for what they are, the
declared sizes and compression ratios are bounded (zipfile never yields more than an entry
declares, so that bound holds), and XML with a DTD is refused. Office files never carry one.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tdcli.model.catalogue import iter_fields
from tdcli.model.formspec import (
    FORM_SHEET,
    MEMBER_CELL,
    META_KEYS,
    META_SHEET,
    PERIOD_CELL,
    SUPPORTED_VERSIONS,
)
from tdcli.model.issues import Issue, Location, make_issue
from tdcli.read import RawSubmission
from tdcli.read.yamlfile import read_bytes

__all__ = ["MAX_XLSX_BYTES", "check_archive", "read_excel"]

MAX_XLSX_BYTES = 20 * 1024 * 1024
MAX_EXPANDED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 2000
_RATIO_FLOOR = 1024 * 1024  # small parts compress well; only big ones are judged by ratio
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)
_PROLOG_LIMIT = 1024 * 1024


def _what_is(head: bytes) -> str:
    if head.startswith(b"\x89PNG"):
        return "đây là ảnh PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "đây là ảnh JPEG"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "đây là ảnh GIF"
    if head.startswith(b"%PDF"):
        return "đây là tệp PDF"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<html", b"<!doctype html", b"<?xml", b"<table")):
        return "đây là tệp HTML hoặc XML, không phải .xlsx"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "định dạng không rõ"
    return "đây là tệp văn bản"


def _size(count: int) -> str:
    if count >= 1024**3:
        return f"{count / 1024**3:.1f} GB".replace(".", ",")
    return f"{count / 1024**2:.1f} MB".replace(".", ",")


def check_archive(file: Path, raw: bytes) -> tuple[zipfile.ZipFile | None, list[Issue]]:
    """Open the archive if it is safe to hand to openpyxl; else the one issue that says why."""
    import io

    if raw.startswith(_OLE_MAGIC):
        code = "workbook-encrypted" if _ENCRYPTED_STREAM in raw else "xls-format"
        return None, [make_issue(code, file=file)]
    if not raw.startswith(b"PK"):
        return None, [make_issue("not-a-workbook", file=file, detail=_what_is(raw[:512]))]
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
        return None, [make_issue("corrupt-workbook", file=file, detail=_zip_detail(error))]
    expanded = sum(entry.file_size for entry in entries)
    ratios = [
        entry.file_size / max(entry.compress_size, 1)
        for entry in entries
        if entry.file_size > _RATIO_FLOOR
    ]
    if (
        len(entries) > MAX_ENTRIES
        or expanded > MAX_EXPANDED_BYTES
        or any(r > MAX_RATIO for r in ratios)
    ):
        detail = f"giải nén ra {_size(expanded)} từ tệp {_size(len(raw))}"
        return None, [make_issue("zip-bomb", file=file, detail=detail)]
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            detail = "đây là tệp Word .docx"
        elif "ppt/presentation.xml" in names:
            detail = "đây là tệp PowerPoint .pptx"
        else:
            detail = "tệp nén không chứa bảng tính"
        return None, [make_issue("not-a-workbook", file=file, detail=detail)]
    for entry in entries:
        if not entry.filename.endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with archive.open(entry) as part:
                hostile = _declares_dtd(part)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
            return None, [make_issue("corrupt-workbook", file=file, detail=_zip_detail(error))]
        if hostile:
            return None, [make_issue("hostile-xml", file=file, detail=entry.filename)]
    return archive, []


def _declares_dtd(part: Any) -> bool:
    """Whether an XML part has a document type declaration before its root element.

    Only the prolog is read (declaration, comments, processing instructions), however long
    a comment pads it, up to a bound; a prolog past the bound counts as hostile too.
    """
    buffer = b""
    while len(buffer) <= _PROLOG_LIMIT:
        chunk = part.read(64 * 1024)
        verdict = _prolog_verdict(buffer := buffer + chunk, complete=not chunk)
        if verdict is not None:
            return verdict
    return True


def _prolog_verdict(data: bytes, *, complete: bool) -> bool | None:
    """True: a DTD; False: the root element comes first; None: read more."""
    text = data.replace(b"\0", b"").lstrip(b"\xef\xbb\xbf\xff\xfe")
    position = 0
    while True:
        while position < len(text) and text[position : position + 1] in b" \t\r\n":
            position += 1
        rest = text[position:]
        if not rest:
            return False if complete else None
        for opener, closer in ((b"<?", b"?>"), (b"<!--", b"-->")):
            if rest.startswith(opener):
                end = rest.find(closer, len(opener))
                if end < 0:
                    return False if complete else None
                position += end + len(closer)
                break
        else:
            if len(rest) < 2 and not complete:
                return None
            return rest.startswith(b"<!")


def _zip_detail(error: BaseException) -> str:
    text = str(error).lower()
    if "crc" in text:
        return "sai mã kiểm tra dữ liệu"
    if "not a zip" in text or "central directory" in text or "truncated" in text:
        return "tệp bị cắt cụt hoặc không phải tệp nén hợp lệ"
    return "không giải nén được"


def read_excel(file: Path) -> tuple[RawSubmission | None, list[Issue]]:
    """Read a filled-in form: the values of its named cells, located by sheet and cell."""
    from tdcli.read.xlsx_cells import WorkbookError, open_workbook_cells

    raw, issues = read_bytes(file, MAX_XLSX_BYTES)
    if raw is None:
        return None, issues
    archive, issues = check_archive(file, raw)
    if archive is None:
        return None, issues
    try:
        workbook = open_workbook_cells(archive)
        meta, issues = _metadata(file, workbook)
        if meta is None:
            return None, issues
        return _read_form(file, workbook, meta, issues)
    except WorkbookError as error:
        return None, [make_issue("corrupt-workbook", file=file, detail=str(error))]
    finally:
        archive.close()


def _read_form(
    file: Path, workbook: Any, meta: dict[str, str], issues: list[Issue]
) -> tuple[RawSubmission | None, list[Issue]]:
    values: dict[str, dict[str, Any]] = {}
    cells: dict[tuple[str, str], Location] = {}
    places: dict[str, tuple[str, str]] = {}
    for spec in iter_fields():
        place = workbook.named_cell(spec.key)
        if place is None:
            issues.append(make_issue("missing-form-cell", file=file, field=spec.key, key=spec.key))
        else:
            places[spec.key] = place
    if len(places) < len(list(iter_fields())):
        return None, issues
    by_sheet: dict[str, list[str]] = {}
    for sheet_name, coordinate in places.values():
        by_sheet.setdefault(sheet_name, []).append(coordinate)
    found = {
        (sheet_name, reference): cell
        for sheet_name, references in by_sheet.items()
        for reference, cell in workbook.cells(sheet_name, references).items()
    }
    for spec in iter_fields():
        sheet_name, coordinate = places[spec.key]
        location = Location(sheet=sheet_name, cell=coordinate)
        cells[(spec.group.key, spec.name)] = location
        cell = found.get((sheet_name, coordinate))
        if cell is None:
            continue
        if cell.formula is not None and cell.value is None:
            issues.append(
                make_issue(
                    "formula-without-value",
                    file=file,
                    location=location,
                    field=spec.key,
                    value=cell.formula,
                )
            )
            continue
        value = cell.value
        if cell.kind == "e" or (isinstance(value, str) and value.strip() in _EXCEL_ERRORS):
            issues.append(
                make_issue("cell-error", file=file, location=location, field=spec.key, value=value)
            )
            continue
        values.setdefault(spec.group.key, {})[spec.name] = value
    data: dict[str, Any] = {"member": meta.get("member"), "period": meta.get("period"), **values}

    def locate(path: Sequence[str | int]) -> Location:
        head = tuple(part for part in path if isinstance(part, str))
        if head[:1] == ("member",):
            return Location(sheet=FORM_SHEET, cell=MEMBER_CELL)
        if head[:1] == ("period",):
            return Location(sheet=FORM_SHEET, cell=PERIOD_CELL)
        if len(head) >= 2 and (head[0], head[1]) in cells:
            return cells[(head[0], head[1])]
        return Location(sheet=FORM_SHEET)

    return RawSubmission(file, data, locate), issues


def _metadata(file: Path, workbook: Any) -> tuple[dict[str, str] | None, list[Issue]]:
    if META_SHEET not in workbook.sheet_names:
        detail = "không có trang thông tin biểu mẫu"
        if "inspections.total" not in workbook.names:
            detail = "không có các ô được đặt tên như inspections.total"
        return None, [make_issue("not-a-tdcli-form", file=file, detail=detail)]
    rows = range(1, len(META_KEYS) + 21)
    cells = workbook.cells(META_SHEET, [f"{column}{row}" for row in rows for column in "AB"])
    meta: dict[str, str] = {}
    for row in rows:
        key, value = cells.get(f"A{row}"), cells.get(f"B{row}")
        if (
            key is not None
            and isinstance(key.value, str)
            and value is not None
            and value.value is not None
        ):
            shown = value.value
            meta[key.value.strip()] = str(
                int(shown) if isinstance(shown, float) and shown.is_integer() else shown
            ).strip()
    version = meta.get("form_version")
    if version is None:
        return None, [
            make_issue("not-a-tdcli-form", file=file, detail="không ghi phiên bản biểu mẫu")
        ]
    if version not in SUPPORTED_VERSIONS:
        supported = ", ".join(sorted(SUPPORTED_VERSIONS))
        return None, [
            make_issue("unknown-form-version", file=file, value=version, supported=supported)
        ]
    return meta, []
