"""Broken and hostile workbooks, each built here: one clear issue, no crash, file untouched."""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tdcli.usecases.period import load_submission

from conftest import Invoke
from helpers import fill_form, issue_pairs, make_form

TARGET = "submissions/2022-H1/bac-kan.xlsx"


def _form_bytes(workspace: Path) -> bytes:
    path = make_form(workspace, "bac-kan", "2022-H1", workspace / "scratch" / "form.xlsx")
    return path.read_bytes()


def _ole(*streams: str) -> bytes:
    """The start of an OLE compound file whose directory names these streams."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    names = b"".join(name.encode("utf-16-le").ljust(64, b"\0") + bytes(64) for name in streams)
    return header + names + bytes(1024)


def xls(workspace: Path) -> bytes:
    return _ole("Root Entry", "Workbook", "\x05SummaryInformation")


def encrypted(workspace: Path) -> bytes:
    return _ole("Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")


def truncated(workspace: Path) -> bytes:
    data = _form_bytes(workspace)
    return data[: len(data) // 2]


def corrupt(workspace: Path) -> bytes:
    """A stored (uncompressed) archive with one byte changed: its CRC no longer matches."""
    source = zipfile.ZipFile(io.BytesIO(_form_bytes(workspace)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info.filename))
    data = bytearray(buffer.getvalue())
    where = data.find(b"<sheetData")
    data[where + 1] ^= 0x20
    return bytes(data)


def text_renamed(workspace: Path) -> bytes:
    return "Số cuộc thanh tra: 12\nSố tiền: 2,8 tỷ\n".encode()


def png_renamed(workspace: Path) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + bytes(200)


def empty(workspace: Path) -> bytes:
    return b""


def docx_renamed(workspace: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def entity_bomb(workspace: Path, padding: str = "") -> bytes:
    laughs = (
        padding
        + '<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
    )
    source = zipfile.ZipFile(io.BytesIO(_form_bytes(workspace)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8").replace("<sheetData>", "<sheetData>&lol9;", 1)
                if text.startswith("<?xml"):
                    head, _, text = text.partition("?>")
                    text = head + "?>" + laughs + "]>" + text
                else:
                    text = laughs + "]>" + text
                data = text.encode("utf-8")
            archive.writestr(info.filename, data)
    return buffer.getvalue()


def padded_entity_bomb(workspace: Path) -> bytes:
    """The same, behind a long comment so that the declaration is far from the start."""
    return entity_bomb(workspace, "<!--" + "x" * 100_000 + "-->")


def zip_bomb(workspace: Path) -> bytes:
    """A real one: 200 MB of zeros in a few hundred kilobytes."""
    source = zipfile.ZipFile(io.BytesIO(_form_bytes(workspace)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info.filename))
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as part:
            block = bytes(1024 * 1024)
            for _ in range(200):
                part.write(block)
    return buffer.getvalue()


def declared_bomb(workspace: Path) -> bytes:
    """A tiny archive whose directory declares an entry of 8 GB."""
    data = bytearray(_form_bytes(workspace))
    entry = data.rfind(b"PK\x01\x02")  # the last central-directory entry
    struct.pack_into("<I", data, entry + 24, 0xFFFFFFF0)  # uncompressed size
    struct.pack_into("<I", data, entry + 20, 0x10)  # compressed size
    return bytes(data)


CASES: list[tuple[Callable[[Path], bytes], str]] = [
    (xls, "xls-format"),
    (encrypted, "workbook-encrypted"),
    (truncated, "corrupt-workbook"),
    (corrupt, "corrupt-workbook"),
    (text_renamed, "not-a-workbook"),
    (png_renamed, "not-a-workbook"),
    (docx_renamed, "not-a-workbook"),
    (empty, "file-empty"),
    (entity_bomb, "hostile-xml"),
    (padded_entity_bomb, "hostile-xml"),
    (zip_bomb, "zip-bomb"),
    (declared_bomb, "zip-bomb"),
]


@pytest.mark.parametrize(("build", "code"), CASES, ids=[case[0].__name__ for case in CASES])
def test_one_clear_issue_and_the_file_untouched(
    cli: Invoke, workspace: Path, build: Callable[[Path], bytes], code: str
) -> None:
    path = workspace / TARGET
    path.write_bytes(build(workspace))
    os.utime(path, (1_600_000_000, 1_600_000_000))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    result = cli("validate", path, "--format", "json")
    assert issue_pairs(result.stdout) == [(code, None)]
    assert result.exit_code == 1
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_messages_say_what_to_do(cli: Invoke, workspace: Path) -> None:
    path = workspace / TARGET
    path.write_bytes(xls(workspace))
    assert ".xlsx" in cli("validate", path).stdout
    path.write_bytes(encrypted(workspace))
    assert "mật khẩu" in cli("validate", path).stdout


def test_old_formats_by_name_are_refused(cli: Invoke, workspace: Path) -> None:
    path = workspace / "submissions/2022-H1/bac-kan.xls"
    path.write_bytes(xls(workspace))
    result = cli("validate", path, "--format", "json")
    assert issue_pairs(result.stdout) == [("unsupported-file", None)]


def _strict(part: bytes) -> bytes:
    """As Excel's "Strict Open XML Spreadsheet" writes a part."""
    return part.replace(
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    ).replace(
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    )


def _prefixed(part: bytes) -> bytes:
    """The main namespace under a prefix (`<x:c>`), as some programs write it."""
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    if b'xmlns="' + main not in part:
        return part
    part = part.replace(b'xmlns="' + main, b'xmlns:x="' + main)
    return re.sub(rb"<(/?)(?![?!])([A-Za-z]+[ />])", rb"<\1x:\2", part)


@pytest.mark.parametrize("rewrite", [_strict, _prefixed], ids=["strict", "prefixed"])
def test_other_spellings_of_the_namespaces_read_like_the_original(
    workspace: Path, rewrite: Callable[[bytes], bytes]
) -> None:
    path = workspace / TARGET
    values = {"inspections.total": 6, "inspections.planned": 4, "narrative.highlights": "Tốt"}
    fill_form(Path(make_form(workspace, "bac-kan", "2022-H1", path)), values)
    plain = load_submission(path)
    assert plain.issues == [] and plain.submission is not None
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            data = source.read(name)
            archive.writestr(name, rewrite(data) if name.startswith("xl/") else data)
    path.write_bytes(buffer.getvalue())
    spelled = load_submission(path)
    assert spelled.issues == []
    assert spelled.submission == plain.submission
