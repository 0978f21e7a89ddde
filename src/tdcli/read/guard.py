"""The one gate every user file passes before a parser sees it: size, archive and XML checks.

A file is read whole, up to a limit, so that what is checked is what is parsed. A workbook is
then checked as an archive before anything reads it: the old binary format and encrypted
workbooks (both OLE files) are told apart, non-zip files are named for what they are, the
declared sizes and compression ratios are bounded (zipfile never yields more than an entry
declares, so that bound holds), and XML with a DTD is refused. Office files never carry one.
Whoever opens a workbook (the reader, openpyxl for an annotated copy) opens the checked bytes
in memory, never the path again.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from tdcli.model.issues import Issue, make_issue

__all__ = [
    "MAX_ENTRIES",
    "MAX_EXPANDED_BYTES",
    "MAX_RATIO",
    "MAX_XLSX_BYTES",
    "MAX_YAML_BYTES",
    "CheckedWorkbook",
    "check_archive",
    "open_workbook_file",
    "read_bytes",
]

MAX_YAML_BYTES = 4 * 1024 * 1024
MAX_XLSX_BYTES = 20 * 1024 * 1024
MAX_EXPANDED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 2000
_RATIO_FLOOR = 1024 * 1024  # small parts compress well; only big ones are judged by ratio
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_PROLOG_LIMIT = 1024 * 1024


def read_bytes(file: Path, limit: int) -> tuple[bytes | None, list[Issue]]:
    """The bytes of a file no larger than `limit`, or the issue that stops reading it."""
    try:
        size = file.stat().st_size
        if size > limit:
            return None, [_too_large(file, size, limit)]
        with file.open("rb") as handle:
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        return None, [make_issue("file-not-found", file=file)]
    except OSError as error:
        return None, [make_issue("file-unreadable", file=file, detail=error.strerror or str(error))]
    if len(raw) > limit:  # it grew between stat and read
        return None, [_too_large(file, len(raw), limit)]
    if not raw:
        return None, [make_issue("file-empty", file=file)]
    return raw, []


def _too_large(file: Path, size: int, limit: int) -> Issue:
    return make_issue(
        "file-too-large",
        file=file,
        size=f"{size / 1024 / 1024:.1f} MB".replace(".", ","),
        limit=f"{limit // 1024 // 1024} MB",
    )


@dataclass(frozen=True)
class CheckedWorkbook:
    """A workbook's bytes that passed the checks, and the archive opened on them."""

    file: Path
    raw: bytes
    archive: zipfile.ZipFile

    def stream(self) -> IO[bytes]:
        """A fresh in-memory copy of the checked bytes, for a library that opens its own."""
        return io.BytesIO(self.raw)

    def close(self) -> None:
        self.archive.close()


def open_workbook_file(file: Path) -> tuple[CheckedWorkbook | None, list[Issue]]:
    """Read a .xlsx file within the size limit and check it as an archive."""
    raw, issues = read_bytes(file, MAX_XLSX_BYTES)
    if raw is None:
        return None, issues
    archive, issues = check_archive(file, raw)
    if archive is None:
        return None, issues
    return CheckedWorkbook(file, raw, archive), []


def check_archive(file: Path, raw: bytes) -> tuple[zipfile.ZipFile | None, list[Issue]]:
    """Open the archive if it is safe to hand to an XML reader; else the one issue that says why."""
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
        archive.close()
        detail = f"giải nén ra {_size(expanded)} từ tệp {_size(len(raw))}"
        return None, [make_issue("zip-bomb", file=file, detail=detail)]
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        archive.close()
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
            archive.close()
            return None, [make_issue("corrupt-workbook", file=file, detail=_zip_detail(error))]
        if hostile:
            archive.close()
            return None, [make_issue("hostile-xml", file=file, detail=entry.filename)]
    return archive, []


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


def _declares_dtd(part: IO[bytes]) -> bool:
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
