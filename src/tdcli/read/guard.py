"""The one gate every user file passes before a parser sees it: size, archive and XML checks.

A file is read whole, up to a limit, so that what is checked is what is parsed; only a regular
file is read (a FIFO, a device or a socket would block or never end). A workbook is
then checked as an archive before anything reads it: the old binary format and encrypted
workbooks (both OLE files) are told apart, non-zip files are named for what they are, the
declared sizes and compression ratios are bounded (zipfile never yields more than an entry
declares, so that bound holds), and XML with a DTD is refused. Office files never carry one.
Each XML part's size and the tags of all of them together are bounded too, so that the work of
whoever parses them is.
Whoever opens a workbook (the reader, openpyxl for an annotated copy) opens the checked bytes
in memory, never the path again. A Word template passes the same gate (`open_word_file`): the
old .doc (OLE), OpenDocument text and other formats are named for what they are, the archive
is bounded, each XML part is bounded on its own (a template's parts are parsed whole, and
rendering works on the text of the document part), and DTDs are refused.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from tdcli.errors import os_reason
from tdcli.model.issues import Issue, make_issue

__all__ = [
    "MAX_DOCX_BYTES",
    "MAX_ENTRIES",
    "MAX_EXPANDED_BYTES",
    "MAX_RATIO",
    "MAX_WORD_MARKUP",
    "MAX_WORD_XML_BYTES",
    "MAX_XLSX_BYTES",
    "MAX_XLSX_MARKUP",
    "MAX_XLSX_STYLE_MARKUP",
    "MAX_XLSX_XML_BYTES",
    "MAX_YAML_BYTES",
    "CheckedDocument",
    "CheckedWorkbook",
    "check_archive",
    "check_word_archive",
    "open_word_file",
    "open_workbook_file",
    "read_bytes",
]

MAX_YAML_BYTES = 4 * 1024 * 1024
MAX_XLSX_BYTES = 20 * 1024 * 1024
MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_WORD_XML_BYTES = 10 * 1024 * 1024
"""One XML part of a Word template, expanded: the bundled report's document part is 16 KB and
its biggest part (styles) under 0,5 MB; a part is parsed whole and its text is rewritten by
regular expressions before rendering, so it is bounded well below the archive's total."""
MAX_WORD_MARKUP = 200_000
"""Tags in all of a Word template's XML parts together: a bundled template has about 25 000
(its styles; the body under 1 000), a long template with many tables a few tens of thousands
more; rendering costs about 15 microseconds a tag, so the worst template within the bound
renders in about three seconds."""
MAX_XLSX_XML_BYTES = 10 * 1024 * 1024
"""One XML part of a workbook, expanded: a form's biggest part (its sheet) is about 20 KB as
tdcli writes it and under 100 KB once filled in and saved by Excel or LibreOffice; a cell holds
at most 32 767 characters. A text node is held whole in memory, so a part is bounded on its own."""
MAX_XLSX_MARKUP = 50_000
"""Tags in all of a workbook's XML parts together: a form has about 2 000 (a filled one saved by
Excel a few thousand), a table of 10 000 cells pasted into it some 40 000. The reader costs a
few microseconds a tag, openpyxl (an annotated copy) some thirty to load and save one: the
worst workbook within the bound is read in half a second and annotated in about two."""
MAX_XLSX_STYLE_MARKUP = 20_000
"""Tags of `xl/styles.xml`: a form has about 200, a workbook that took in the styles of
everything pasted into it a few thousand; openpyxl builds a cell style at some twenty times
the cost of a cell (20 000 tags: a second and a half, 120 MB)."""
MAX_EXPANDED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 2000
_RATIO_FLOOR = 1024 * 1024  # small parts compress well; only big ones are judged by ratio
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_PROLOG_LIMIT = 1024 * 1024
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the check must not block the open
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError)
_PART_ERRORS = (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError)
_ODF_KINDS = {
    "application/vnd.oasis.opendocument.text": "đây là tệp OpenDocument .odt (LibreOffice Writer)",
    "application/vnd.oasis.opendocument.spreadsheet": "đây là bảng tính OpenDocument .ods",
}


def read_bytes(file: Path, limit: int) -> tuple[bytes | None, list[Issue]]:
    """The bytes of a file no larger than `limit`, or the issue that stops reading it.

    Only a regular file is read: a FIFO, a device or a socket would block or never end. It is
    judged by its status before it is opened, and again on the open descriptor (the path may
    have been swapped in between); the open itself never blocks (`O_NONBLOCK`).
    """
    try:
        status = file.stat()
        if not stat.S_ISREG(status.st_mode):
            return None, [_unreadable(file, _not_a_file(status.st_mode))]
        if status.st_size > limit:
            return None, [_too_large(file, status.st_size, limit)]
        with os.fdopen(os.open(file, _OPEN_FLAGS), "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                return None, [_unreadable(file, _not_a_file(mode))]
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        return None, [make_issue("file-not-found", file=file)]
    except OSError as error:
        return None, [_unreadable(file, _os_detail(error))]
    if len(raw) > limit:  # it grew between stat and read
        return None, [_too_large(file, len(raw), limit)]
    if not raw:
        return None, [make_issue("file-empty", file=file)]
    return raw, []


def _unreadable(file: Path, detail: str) -> Issue:
    return make_issue("file-unreadable", file=file, detail=detail)


def _not_a_file(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "đây là một thư mục, không phải tệp"
    if stat.S_ISFIFO(mode):
        return "đây là một đường ống (FIFO), không phải tệp thường"
    if stat.S_ISSOCK(mode):
        return "đây là một socket, không phải tệp thường"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "đây là một thiết bị, không phải tệp thường"
    return "không phải tệp thường"


def _os_detail(error: OSError) -> str:
    """What the operating system refused, in Vietnamese where it is a common case."""
    known = {
        errno.EACCES: "không có quyền đọc tệp",
        errno.EPERM: "không có quyền đọc tệp",
        errno.EISDIR: "đây là một thư mục, không phải tệp",
        errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
        errno.ELOOP: "liên kết tượng trưng (symlink) vòng vô tận",
        errno.ENAMETOOLONG: "tên tệp quá dài",
        errno.ENXIO: "không phải tệp thường",
        errno.EIO: "lỗi đọc đĩa",
    }
    if error.errno in known:
        return known[error.errno]
    return os_reason(error)


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
    except _ZIP_ERRORS as error:
        return None, [make_issue("corrupt-workbook", file=file, detail=_zip_detail(error))]
    bomb = _bomb_detail(entries, len(raw))
    if bomb is not None:
        archive.close()
        return None, [make_issue("zip-bomb", file=file, detail=bomb)]
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        archive.close()
        if "word/document.xml" in names:
            detail = "đây là tệp Word .docx"
        elif "ppt/presentation.xml" in names:
            detail = "đây là tệp PowerPoint .pptx"
        elif "content.xml" in names and "mimetype" in names:
            detail = (
                "đây là tệp LibreOffice (.ods, .odt) đổi tên thành .xlsx; mở bằng LibreOffice, "
                "chọn Lưu thành (Save As) dạng Excel 2007-365 (.xlsx)"
            )
        else:
            detail = "tệp nén không chứa bảng tính"
        return None, [make_issue("not-a-workbook", file=file, detail=detail)]
    try:
        hostile = _part_with_dtd(archive, entries)
    except _PART_ERRORS as error:
        archive.close()
        return None, [make_issue("corrupt-workbook", file=file, detail=_zip_detail(error))]
    if hostile is not None:
        archive.close()
        return None, [make_issue("hostile-xml", file=file, detail=hostile)]
    try:
        heavy = _heavy_workbook_xml(archive, entries)
    except _PART_ERRORS as error:
        archive.close()
        return None, [make_issue("corrupt-workbook", file=file, detail=_zip_detail(error))]
    if heavy is not None:
        archive.close()
        return None, [make_issue("zip-bomb", file=file, detail=heavy)]
    return archive, []


def _heavy_workbook_xml(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> str | None:
    """Why parsing a workbook's XML would take far more work than any form needs, or None.

    Every `<` in a part opens a tag, a comment or an instruction (text and attributes must
    escape it), so counting them, at the speed of `bytes.count`, bounds the elements any
    parser of the workbook (the reader, openpyxl for an annotated copy) would build: a few
    megabytes of `<c/>`, `<row/>`, `<si>`, `<definedName>`, `<xf>` or nested elements, each
    within the archive's limits, would otherwise take a minute and gigabytes.
    """
    markup = 0
    for entry in entries:
        if not entry.filename.endswith(_XML_SUFFIXES):
            continue
        if entry.file_size > MAX_XLSX_XML_BYTES:
            size, limit = _size(entry.file_size), _size(MAX_XLSX_XML_BYTES)
            return f"phần {entry.filename} giải nén ra {size}, giới hạn {limit}"
        in_part = 0
        with archive.open(entry) as part:
            while chunk := part.read(1024 * 1024):
                in_part += chunk.count(b"<")
        markup += in_part
        if entry.filename == "xl/styles.xml" and in_part > MAX_XLSX_STYLE_MARKUP:
            limit = _count(MAX_XLSX_STYLE_MARKUP)
            return f"phần {entry.filename} có hơn {limit} thẻ XML, quá nhiều kiểu định dạng ô"
        if markup > MAX_XLSX_MARKUP:
            limit = _count(MAX_XLSX_MARKUP)
            return (
                f"hơn {limit} thẻ XML, tới phần {entry.filename}; biểu mẫu chỉ có vài nghìn, "
                "hãy bỏ các trang tính và bảng thêm vào"
            )
    return None


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


@dataclass(frozen=True)
class CheckedDocument:
    """A Word document's bytes that passed the checks."""

    file: Path
    raw: bytes

    def stream(self) -> IO[bytes]:
        """A fresh in-memory copy of the checked bytes, for a library that opens its own."""
        return io.BytesIO(self.raw)


def open_word_file(file: Path) -> tuple[CheckedDocument | None, list[Issue]]:
    """Read a .docx file within the size limit and check it as an archive."""
    raw, issues = read_bytes(file, MAX_DOCX_BYTES)
    if raw is None:
        return None, issues
    archive, issues = check_word_archive(file, raw)
    if archive is None:
        return None, issues
    archive.close()
    return CheckedDocument(file, raw), []


def check_word_archive(file: Path, raw: bytes) -> tuple[zipfile.ZipFile | None, list[Issue]]:
    """The archive of a Word .docx if it is safe to hand to python-docx; else the one issue
    that says why (what the file is instead, how it is too big, which part has a DTD)."""
    if raw.startswith(_OLE_MAGIC):
        detail = (
            "tệp có đặt mật khẩu mở tệp, cần gỡ mật khẩu"
            if _ENCRYPTED_STREAM in raw
            else "đây là tệp Word dạng cũ .doc (Word 97-2003)"
        )
        return None, [make_issue("not-a-word-document", file=file, detail=detail)]
    if not raw.startswith(b"PK"):
        detail = _what_text_is(raw[:512])
        return None, [make_issue("not-a-word-document", file=file, detail=detail)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        entries = archive.infolist()
    except _ZIP_ERRORS as error:
        detail = f"tệp bị hỏng: {_zip_detail(error)}"
        return None, [make_issue("not-a-word-document", file=file, detail=detail)]
    bomb = _bomb_detail(entries, len(raw))
    if bomb is None:
        bomb = _big_xml_part(entries)
    if bomb is not None:
        archive.close()
        return None, [make_issue("zip-bomb", file=file, detail=bomb)]
    names = {entry.filename for entry in entries}
    if "word/document.xml" not in names:
        detail = _what_archive_is(archive, names)
        archive.close()
        return None, [make_issue("not-a-word-document", file=file, detail=detail)]
    try:
        hostile = _part_with_dtd(archive, entries)
    except _PART_ERRORS as error:
        archive.close()
        detail = f"tệp bị hỏng: {_zip_detail(error)}"
        return None, [make_issue("not-a-word-document", file=file, detail=detail)]
    if hostile is not None:
        archive.close()
        return None, [make_issue("hostile-xml", file=file, detail=hostile)]
    try:
        heavy = _heavy_word_xml(archive, entries)
    except _PART_ERRORS as error:
        archive.close()
        detail = f"tệp bị hỏng: {_zip_detail(error)}"
        return None, [make_issue("not-a-word-document", file=file, detail=detail)]
    if heavy is not None:
        archive.close()
        return None, [make_issue("zip-bomb", file=file, detail=heavy)]
    return archive, []


def _heavy_word_xml(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> str | None:
    """Why rendering a Word template would take far more work than any template needs: its
    tags counted (each `<` opens one), since docxtpl rewrites the text of the document with
    regular expressions and Jinja compiles it, at a cost that grows with them."""
    markup = 0
    for entry in entries:
        if not entry.filename.endswith(_XML_SUFFIXES):
            continue
        with archive.open(entry) as part:
            while chunk := part.read(1024 * 1024):
                markup += chunk.count(b"<")
        if markup > MAX_WORD_MARKUP:
            limit = f"{MAX_WORD_MARKUP:,}".replace(",", ".")
            return (
                f"hơn {limit} thẻ XML, tới phần {entry.filename}; một mẫu báo cáo có vài chục nghìn"
            )
    return None


def _bomb_detail(entries: list[zipfile.ZipInfo], size: int) -> str | None:
    """Why an archive would expand to far more than any office file, or None."""
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
        return f"giải nén ra {_size(expanded)} từ tệp {_size(size)}"
    return None


def _big_xml_part(entries: list[zipfile.ZipInfo]) -> str | None:
    for entry in entries:
        if entry.filename.endswith((".xml", ".rels")) and entry.file_size > MAX_WORD_XML_BYTES:
            limit = _size(MAX_WORD_XML_BYTES)
            return f"phần {entry.filename} giải nén ra {_size(entry.file_size)}, giới hạn {limit}"
    return None


def _part_with_dtd(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> str | None:
    """The name of the first XML part that declares a DTD, or None."""
    for entry in entries:
        if not entry.filename.endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(entry) as part:
            if _declares_dtd(part):
                return entry.filename
    return None


def _what_archive_is(archive: zipfile.ZipFile, names: set[str]) -> str:
    """What a zip archive without a Word document part is."""
    if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
        try:
            kind = archive.read("mimetype").decode("ascii", "replace").strip()
        except _PART_ERRORS:
            kind = ""
        return _ODF_KINDS.get(kind, "đây là tệp OpenDocument, không phải .docx")
    if "xl/workbook.xml" in names:
        return "đây là tệp Excel .xlsx"
    if "ppt/presentation.xml" in names:
        return "đây là tệp PowerPoint .pptx"
    return "tệp nén không chứa văn bản Word"


def _what_text_is(head: bytes) -> str:
    """What a file that is not an archive is, in the words of someone saving from Word."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(b"{\\rtf"):
        return "đây là tệp RTF"
    if stripped.startswith((b"<html", b"<!doctype html")) or b"<html" in stripped:
        return "đây là trang web (HTML)"
    if stripped.startswith(b"<?xml"):
        return "đây là tệp XML (Word 2003 XML hoặc .fodt), không phải .docx"
    return _what_is(head)


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
