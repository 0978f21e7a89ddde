"""What arrives by e-mail, unpacked within bounds: a `.zip` of attachments and a saved `.eml`.

Everything here is untrusted. A zip is listed from its central directory and judged before any
entry is read: the number of entries, their declared sizes together, each entry's size and
compression ratio (zipfile never yields more than an entry declares, so the bound holds),
encrypted entries. An e-mail is read within a size bound before it is parsed, and the number
of its attachments is bounded. An entry's or an attachment's name only labels it (`tep.zip »
x.xlsx`) and gives its suffix: it is never used as a path. A zip inside a zip (or inside an
e-mail's zip) is opened one level deep at most. What comes out is bytes in memory.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from tdcli.read.guard import MAX_RATIO, MAX_XLSX_BYTES, MAX_YAML_BYTES

__all__ = [
    "MAX_ATTACHMENTS",
    "MAX_EML_BYTES",
    "MAX_ZIP_BYTES",
    "MAX_ZIP_ENTRIES",
    "MAX_ZIP_EXPANDED_BYTES",
    "Arrival",
    "entry_limit",
    "unpack",
]

MAX_ZIP_BYTES = 50 * 1024 * 1024
"""A zip of attachments as webmail downloads it: a few forms and letters, a few megabytes."""
MAX_ZIP_ENTRIES = 200
"""Entries of one zip (folders included): a round's attachments are a few dozen at most."""
MAX_ZIP_EXPANDED_BYTES = 100 * 1024 * 1024
"""Everything one input unpacks to, nested zips included: all of it is held in memory."""
MAX_EML_BYTES = 35 * 1024 * 1024
"""A saved e-mail: webmail caps a message at 25 MB of attachments, some 34 MB once encoded."""
MAX_ATTACHMENTS = 50
_RATIO_FLOOR = 1024 * 1024  # small entries compress well; only big ones are judged by ratio
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError)
_SKIPPED_PREFIXES = ("__MACOSX/",)


def entry_limit(suffix: str) -> int:
    """The most bytes a file of this suffix may have to be read at all."""
    if suffix in (".yaml", ".yml"):
        return MAX_YAML_BYTES
    if suffix == ".zip":
        return MAX_ZIP_BYTES
    if suffix == ".eml":
        return MAX_EML_BYTES
    return MAX_XLSX_BYTES


@dataclass(frozen=True, slots=True)
class Arrival:
    """One file that arrived: its label (`thu.eml » Bao cao.xlsx`), the name it came with and
    its bytes, or why it could not be taken out of its container."""

    label: str
    name: str
    data: bytes | None = None
    problem: str | None = None

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix.lower()


@dataclass
class _Budget:
    """What one input may still unpack to."""

    remaining: int = MAX_ZIP_EXPANDED_BYTES
    notes: list[str] = field(default_factory=list)

    def take(self, size: int) -> bool:
        if size > self.remaining:
            return False
        self.remaining -= size
        return True


def unpack(label: str, name: str, data: bytes) -> list[Arrival]:
    """The files in `data`: the entries of a zip, the attachments of an e-mail (each unpacked
    in turn, one zip level deep), else the file itself."""
    return _unpack(label, name, data, zip_depth=0, budget=_Budget())


def _unpack(
    label: str, name: str, data: bytes, *, zip_depth: int, budget: _Budget
) -> list[Arrival]:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".zip":
        if zip_depth >= 2:
            return [Arrival(label, name, problem="tệp nén lồng trong tệp nén quá một lớp")]
        return _zip_entries(label, name, data, zip_depth=zip_depth + 1, budget=budget)
    if suffix == ".eml" and zip_depth == 0 and " » " not in label:
        return _attachments(label, name, data, budget=budget)
    if suffix == ".eml":
        return [Arrival(label, name, problem="thư điện tử lồng trong tệp khác")]
    return [Arrival(label, name, data)]


def _label_name(raw: str) -> str:
    """The last part of an entry's or attachment's name, for a label only."""
    text = raw.replace("\\", "/").rstrip("/")
    text = text.rsplit("/", 1)[-1]
    return "".join(char if char.isprintable() else "?" for char in text)[:200] or "(không tên)"


def _zip_entries(
    label: str, name: str, data: bytes, *, zip_depth: int, budget: _Budget
) -> list[Arrival]:
    refused = _zip_refusal(data, budget)
    if isinstance(refused, str):
        return [Arrival(label, name, problem=refused)]
    archive, entries = refused
    found: list[Arrival] = []
    with archive:
        for entry in entries:
            inner = _label_name(entry.filename)
            if entry.is_dir() or entry.filename.startswith(_SKIPPED_PREFIXES):
                continue
            if inner.startswith((".", "~$")):
                continue
            entry_label = f"{label} » {inner}"
            suffix = PurePosixPath(inner).suffix.lower()
            if entry.flag_bits & 0x1:
                found.append(Arrival(entry_label, inner, problem="tệp trong tệp nén có mật khẩu"))
                continue
            if entry.file_size > entry_limit(suffix):
                found.append(
                    Arrival(
                        entry_label,
                        inner,
                        problem=f"tệp trong tệp nén quá lớn ({_size(entry.file_size)})",
                    )
                )
                continue
            try:
                content = archive.read(entry)
            except (*_ZIP_ERRORS, NotImplementedError, RuntimeError):
                found.append(
                    Arrival(entry_label, inner, problem="không giải nén được tệp trong tệp nén")
                )
                continue
            found.extend(_unpack(entry_label, inner, content, zip_depth=zip_depth, budget=budget))
    return found


def _zip_refusal(
    data: bytes, budget: _Budget
) -> str | tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """Why a zip is refused as a whole, or the archive opened and its entries."""
    if not data.startswith(b"PK"):
        return "không phải tệp nén .zip"
    if len(data) > MAX_ZIP_BYTES:
        return f"tệp nén quá lớn ({_size(len(data))}, giới hạn {_size(MAX_ZIP_BYTES)})"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except _ZIP_ERRORS:
        return "tệp nén bị hỏng hoặc bị cắt cụt"
    expanded = sum(entry.file_size for entry in entries)
    reason = None
    if len(entries) > MAX_ZIP_ENTRIES:
        reason = f"tệp nén có {len(entries)} mục, giới hạn {MAX_ZIP_ENTRIES}"
    elif any(
        entry.file_size > _RATIO_FLOOR and entry.file_size / max(entry.compress_size, 1) > MAX_RATIO
        for entry in entries
    ) or not budget.take(expanded):
        reason = (
            f"tệp nén bất thường: giải nén ra {_size(expanded)} từ {_size(len(data))}; "
            "tdcli từ chối để bảo vệ máy"
        )
    if reason is not None:
        archive.close()
        return reason
    return archive, entries


def _attachments(label: str, name: str, data: bytes, *, budget: _Budget) -> list[Arrival]:
    from email import policy
    from email.message import EmailMessage
    from email.parser import BytesParser

    if len(data) > MAX_EML_BYTES:
        return [Arrival(label, name, problem=f"thư quá lớn ({_size(len(data))})")]
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except Exception:  # the parser is lenient; anything it still raises means a broken file
        return [Arrival(label, name, problem="không đọc được thư điện tử")]
    found: list[Arrival] = []
    count = 0
    for part in message.walk():
        if part.is_multipart() or not isinstance(part, EmailMessage):
            continue
        filename = part.get_filename()
        if part.get_content_disposition() != "attachment" and not filename:
            continue
        count += 1
        if count > MAX_ATTACHMENTS:
            found.append(Arrival(label, name, problem=f"thư có hơn {MAX_ATTACHMENTS} tệp đính kèm"))
            break
        inner = _label_name(filename or "(tệp đính kèm không tên)")
        entry_label = f"{label} » {inner}"
        try:
            payload = part.get_payload(decode=True)
        except Exception:  # a broken transfer encoding
            payload = None
        if not isinstance(payload, bytes) or not payload:
            found.append(Arrival(entry_label, inner, problem="tệp đính kèm rỗng hoặc hỏng"))
            continue
        if not budget.take(len(payload)):
            found.append(Arrival(entry_label, inner, problem="các tệp đính kèm quá lớn"))
            continue
        found.extend(_unpack(entry_label, inner, payload, zip_depth=0, budget=budget))
    if not found:
        return [Arrival(label, name, problem="thư không có tệp đính kèm")]
    return found


def _size(count: int) -> str:
    if count < 1024 * 1024:
        return f"{max(count // 1024, 1)} KB"
    return f"{count / 1024**2:.1f} MB".replace(".", ",")
