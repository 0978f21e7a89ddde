"""Hostile Word templates: one small generated template per class, through `tdcli compile`.

A template received from someone else must never run code, crash, hang, exhaust memory or
silently lose content. Each case asserts the exit code, what the message says, and that no
output was written. The limits are reached with small inputs: a refusal is checked before the
work it would cost, so no case renders anything large.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import Workbook

from docx_helpers import body_texts, open_docx
from tdcli.render.docx import Pictures, render_template

from conftest import Invoke
from helpers import ROOT

Build = Callable[[Path], Path]

TRACKED = "chấp nhận hoặc bỏ các thay đổi được theo dõi trong Word trước"
RESAVE = "lưu lại dạng Word (.docx)"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the example for the module: a refused template writes nothing in it."""
    target = tmp_path_factory.mktemp("hostile") / "cum-ii"
    shutil.copytree(ROOT / "examples" / "cum-ii", target, ignore=shutil.ignore_patterns("out"))
    return target


# Building templates ---------------------------------------------------------------------------


def paragraphs(*texts: str) -> Build:
    """A template with one paragraph per text."""

    def build(folder: Path) -> Path:
        document = Document()
        for text in texts:
            document.add_paragraph(text)
        return _save(document, folder)

    return build


def escaping(*texts: str) -> Build:
    """A template trying to write `stolen.docx` beside itself."""

    def build(folder: Path) -> Path:
        stolen = str(folder / "stolen.docx")
        return paragraphs(*(text.replace("STOLEN", stolen) for text in texts))(folder)

    return build


def with_table(before: list[str], rows: list[list[str]], after: list[str]) -> Build:
    """Paragraphs, a table of `rows` (cell texts), paragraphs."""

    def build(folder: Path) -> Path:
        document = Document()
        for text in before:
            document.add_paragraph(text)
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for row, texts in zip(table.rows, rows, strict=True):
            for cell, text in zip(row.cells, texts, strict=True):
                cell.text = text
        for text in after:
            document.add_paragraph(text)
        return _save(document, folder)

    return build


def with_header(header: str, *texts: str) -> Build:
    def build(folder: Path) -> Path:
        document = Document()
        for text in texts:
            document.add_paragraph(text)
        document.sections[0].header.paragraphs[0].text = header
        return _save(document, folder)

    return build


def _save(document: Any, folder: Path) -> Path:
    path = folder / "bad.docx"
    document.save(str(path))
    return path


def edited(build: Build, part: str, change: Callable[[str], str]) -> Build:
    """`build`, then one part of the archive rewritten (or added, from "")."""

    def rebuild(folder: Path) -> Path:
        path = build(folder)
        _rewrite(path, {part: change})
        return path

    return rebuild


def _rewrite(path: Path, changes: dict[str, Callable[[str], str]]) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    for name, change in changes.items():
        parts[name] = change(parts.get(name, b"").decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def replacing(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return change


def raw(data: bytes) -> Build:
    def build(folder: Path) -> Path:
        path = folder / "bad.docx"
        path.write_bytes(data)
        return path

    return build


def archive(entries: dict[str, bytes]) -> Build:
    def build(folder: Path) -> Path:
        path = folder / "bad.docx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in entries.items():
                target.writestr(name, data)
        return path

    return build


def workbook(folder: Path) -> Path:
    path = folder / "bad.docx"
    Workbook().save(path)
    return path


def truncated(folder: Path) -> Path:
    path = paragraphs("{{ header.issuer }}")(folder)
    path.write_bytes(path.read_bytes()[:3000])
    return path


def twenty_one_megabytes(folder: Path) -> Path:
    path = folder / "bad.docx"
    with path.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(21 * 1024 * 1024)
    return path


def with_huge_image(folder: Path) -> Path:
    """A picture part of 2 MB of zeros: compressed a thousandfold, as a bomb is."""
    path = paragraphs("{{ header.issuer }}")(folder)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as target:
        target.writestr("word/media/image1.png", bytes(2 * 1024 * 1024))
    return path


RUN = "<w:r><w:t>{}</w:t></w:r>"
DOCUMENT = "word/document.xml"
EXTERNAL_IMAGE = (
    '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/image" Target="http://example.com/logo.png" TargetMode="External"/>'
)
ATTACHED_TEMPLATE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://'
    'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
    '" Target="http://example.com/mau.dotm" TargetMode="External"/></Relationships>'
)


# The cases ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    build: Build
    says: tuple[str, ...]
    exit_code: int = 1
    patch: dict[str, Any] = field(default_factory=dict)


CASES: dict[str, Case] = {
    # Objects in the context: a subdocument could be saved anywhere, a template object reached.
    "subdocument-saved-outside": Case(
        escaping("{{ appendix_tables.subdocx.save('STOLEN') }}", "{{p appendix_tables }}"),
        ("appendix_tables.subdocx.save", "subdocx"),
    ),
    "template-object-reached": Case(
        escaping("{{ appendix_tables.tpl.docx.save('STOLEN') }}"), ("appendix_tables.tpl",)
    ),
    "python-internals": Case(
        paragraphs("{{ ''.__class__.__mro__[1].__subclasses__() }}"),
        ("__class__", "không được phép"),
    ),
    "data-changed-in-place": Case(
        paragraphs("{{ members.append(1) }}"), ("append", "không được phép")
    ),
    "bytes-of-any-size": Case(
        paragraphs("{{ (1).to_bytes(10**9, 'big') }}"), ("to_bytes", "không được phép")
    ),
    # Limits of the sandbox.
    "range-too-long": Case(
        paragraphs("{% for i in range(10**9) %}{% endfor %}"), ("range(...) quá dài",)
    ),
    "string-times-a-billion": Case(paragraphs("{{ 'x' * 10**9 }}"), ("chuỗi quá dài",)),
    "list-times-a-billion": Case(
        paragraphs("{{ ([0] * 10**9)|length }}"), ("danh sách quá nhiều phần tử",)
    ),
    "format-width": Case(
        paragraphs("{{ '%0999999999d'|format(1) }}"), ("độ rộng định dạng 999999999",)
    ),
    "format-width-from-data": Case(paragraphs("{{ '%*d'|format(999999999, 1) }}"), ("'%*'",)),
    "percent-operator-width": Case(
        paragraphs("{{ '%0999999999d' % 1 }}"), ("độ rộng định dạng 999999999",)
    ),
    "str-format-width": Case(
        paragraphs("{{ '{:>999999999}'.format(1) }}"), ("độ rộng định dạng 999999999",)
    ),
    "center-filter": Case(paragraphs("{{ 'x'|center(10**9) }}"), ("chuỗi quá dài",)),
    "ljust-method": Case(paragraphs("{{ 'x'.ljust(10**9) }}"), ("chuỗi quá dài",)),
    "replace-empty-pattern": Case(
        paragraphs("{{ ('x' * 100000).replace('', 'yyyyyyyyyy') }}"), ("chuỗi quá dài",)
    ),
    "join-of-copies": Case(paragraphs("{{ (['x' * 100000] * 20)|join }}"), ("chuỗi quá dài",)),
    "batch-filled-up": Case(
        paragraphs("{{ [1]|batch(10**9, 0)|list|length }}"), ("danh sách quá nhiều phần tử",)
    ),
    "sum-of-lists": Case(paragraphs("{{ [[1]]|sum(start=[]) }}"), ("sum chỉ cộng các số",)),
    "concatenation-doubling": Case(
        paragraphs(
            "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"
        ),
        ("chuỗi quá dài",),
    ),
    "many-big-values": Case(
        paragraphs("{% for i in range(100) %}{% set s = 'x' * 999999 %}{% endfor %}"),
        ("tính ra quá nhiều dữ liệu",),
    ),
    "power-of-a-huge-exponent": Case(
        paragraphs("{{ 2 ** (10**9) }}"), ("lũy thừa tạo ra số quá lớn",)
    ),
    "product-of-huge-numbers": Case(
        paragraphs("{% set a = 10**1000 %}{{ a * a * a * a * a }}"), ("số quá lớn",)
    ),
    "macro-calling-itself": Case(
        paragraphs("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}"),
        ("macro gọi lồng nhau quá 50 tầng",),
    ),
    "block-calling-itself": Case(
        paragraphs("{% block b %}{{ self.b() }}{% endblock %}"), ("lồng nhau",)
    ),
    "nested-loops": Case(
        paragraphs(
            "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"
        ),
        ("vòng lặp chạy quá 250.000 bước",),
    ),
    "output-too-large": Case(
        paragraphs("{% for i in range(10000) %}{{ 'x' * 100000 }}{% endfor %}"),
        ("văn bản quá lớn",),
    ),
    "render-time": Case(
        paragraphs("{% for i in range(3) %}{{ i }}{% endfor %}"),
        ("chạy quá 0 giây",),
        patch={"tdcli.render.docx.RENDER_SECONDS": 0.0},
    ),
    "lorem-ipsum-of-a-million-paragraphs": Case(paragraphs("{{ lipsum(10**6) }}"), ("lipsum",)),
    "raw-xml-through-safe": Case(paragraphs("{{ '<w:p>'|safe }}"), ("safe",)),
    "autoescape-off": Case(
        paragraphs("{% autoescape false %}{{ header.issuer }}{% endautoescape %}"),
        ("{% autoescape %}",),
    ),
    "include": Case(paragraphs("{% include 'C:/mau.docx' %}"), ("{% include %}",)),
    "import": Case(paragraphs("{% import 'macros' as m %}"), ("{% import %}",)),
    "extends": Case(paragraphs("{% extends 'base' %}"), ("{% extends %}",)),
    # A user's mistake: named, with its tag and where it is.
    "division-by-zero": Case(
        paragraphs("{{ 1/0 }}"), ("thân văn bản", "«{{ 1/0 }}»", "chia cho 0")
    ),
    "filter-on-the-wrong-type": Case(
        paragraphs("Tổng: {{ header.issuer|int_vn }}"),
        ("«{{ header.issuer|int_vn }}»", "sai kiểu"),
    ),
    "undefined-variable": Case(
        paragraphs("Ký: {{ chu_ky_so }}"), ("chu_ky_so", "«{{ chu_ky_so }}»", "thân văn bản")
    ),
    "syntax-error": Case(paragraphs("{% if %}", "x", "{% endif %}"), ("«{% if %}»", "cú pháp")),
    "error-in-a-header": Case(
        with_header("{{ 1/0 }}", "{{ header.issuer }}"), ("đầu trang", "chia cho 0")
    ),
    # The file, before it is opened.
    "old-word-doc": Case(raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048)), (".doc", RESAVE)),
    "password-protected": Case(
        raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le")),
        ("mật khẩu", RESAVE),
    ),
    "opendocument-text": Case(
        archive(
            {
                "mimetype": b"application/vnd.oasis.opendocument.text",
                "content.xml": b"<office:document-content/>",
            }
        ),
        (".odt", RESAVE),
    ),
    "rich-text-format": Case(raw(b"{\\rtf1\\ansi {{ header.issuer }}}"), ("RTF", RESAVE)),
    "an-excel-workbook": Case(workbook, ("Excel", RESAVE)),
    "plain-text": Case(raw(b"{{ header.issuer }}"), ("tệp văn bản", RESAVE)),
    "damaged-archive": Case(truncated, ("hỏng", RESAVE)),
    "word-template-dotx": Case(
        edited(
            paragraphs("{{ header.issuer }}"),
            "[Content_Types].xml",
            replacing("wordprocessingml.document.main+xml", "wordprocessingml.template.main+xml"),
        ),
        (".dotx", RESAVE),
    ),
    "too-large": Case(twenty_one_megabytes, ("quá lớn", "20 MB")),
    "huge-image-part": Case(with_huge_image, ("Tệp nén bất thường",)),
    "huge-xml-part": Case(
        paragraphs("{{ header.issuer }}"),
        ("Tệp nén bất thường", "giải nén ra", "giới hạn"),
        patch={"tdcli.read.guard.MAX_WORD_XML_BYTES": 1024},
    ),
    "dtd-in-the-document": Case(
        edited(
            paragraphs("{{ header.issuer }}"),
            DOCUMENT,
            replacing("?>", '?><!DOCTYPE w:document [<!ENTITY x "y">]>'),
        ),
        ("DTD", "word/document.xml"),
    ),
    # Inside the document.
    "tracked-insertion": Case(
        edited(
            paragraphs("{{ header.issuer }}", "MỚI"),
            DOCUMENT,
            replacing(
                RUN.format("MỚI"), f'<w:ins w:id="1" w:author="A">{RUN.format("MỚI")}</w:ins>'
            ),
        ),
        (TRACKED, "MỚI"),
    ),
    "tracked-deletion-in-a-header": Case(
        edited(
            with_header("ĐẦU", "{{ header.issuer }}"),
            "word/header1.xml",
            replacing(
                RUN.format("ĐẦU"),
                '<w:del w:id="2" w:author="A"><w:r><w:delText>CŨ</w:delText></w:r></w:del>',
            ),
        ),
        (TRACKED, "đầu trang"),
    ),
    "linked-picture": Case(
        edited(
            paragraphs("{{ header.issuer }}"),
            "word/_rels/document.xml.rels",
            replacing("</Relationships>", EXTERNAL_IMAGE + "</Relationships>"),
        ),
        ("ảnh liên kết", "http://example.com/logo.png"),
    ),
    "field-fetching-a-picture": Case(
        edited(
            paragraphs("{{ header.issuer }}", "ẢNH"),
            DOCUMENT,
            replacing(
                RUN.format("ẢNH"),
                '<w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://example.com/a.png&quot; \\d ">'
                f"{RUN.format('ẢNH')}</w:fldSimple>",
            ),
        ),
        ("INCLUDEPICTURE",),
    ),
    "dde-field-running-a-program": Case(
        edited(
            paragraphs("{{ header.issuer }}", "DDE"),
            DOCUMENT,
            replacing(
                RUN.format("DDE"),
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space='
                '"preserve"> DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc" </w:instrText>'
                '</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>',
            ),
        ),
        ("DDEAUTO",),
    ),
    # Tags that would lose what lies outside them.
    "if-around-a-table-closed-in-a-cell": Case(
        with_table(["{% if period.is_full_year %}"], [["{% endif %}"]], ["Nơi nhận"]),
        ("«{% if period.is_full_year %}»", "«{% endif %}»", "không cùng một cấp"),
    ),
    "paragraph-if-closed-in-a-cell": Case(
        with_table(["{%p if period.is_full_year %}", "Đoạn"], [["{%p endif %}"]], ["Nơi nhận"]),
        ("period.is_full_year", "không cùng một cấp"),
    ),
    "paragraph-tag-with-text": Case(
        paragraphs("Tiêu đề {%p if period.is_mid_year %}", "x", "{%p endif %}"),
        ("«{%p if period.is_mid_year %}»", "phải đứng một mình", "«Tiêu đề»"),
    ),
    "row-tag-with-text-in-the-row": Case(
        with_table(
            [],
            [
                ["{%tr for m in members %}", "Ghi chú"],
                ["{{ m.province }}", ""],
                ["{%tr endfor %}", ""],
            ],
            [],
        ),
        ("«{%tr for m in members %}»", "dòng của bảng", "«Ghi chú»"),
    ),
    "cell-tag-with-text": Case(
        with_table([], [["{%tc for x in [1] %} chữ", "{{ x }}", "{%tc endfor %}"]], []),
        ("«{%tc for x in [1] %}»", "ô của bảng"),
    ),
    "tag-across-paragraphs": Case(
        paragraphs("{{ header.", "issuer }}"), ("«{{ header.»", "không đóng trong cùng đoạn")
    ),
    "whitespace-control-into-a-table": Case(
        with_table([], [["abc"]], ["{%- if period.is_mid_year %}x{% endif %}"]),
        ("hỏng cấu trúc",),
    ),
    # tdcli's tables and pictures, misplaced.
    "marker-in-a-header": Case(
        with_header("{{ appendix_tables }}", "{{ header.issuer }}"),
        ("appendix_tables", "đầu trang", "thân văn bản"),
    ),
    "marker-cut": Case(paragraphs("{{ appendix_tables[:8] }}"), ("cắt",)),
    "tables-printed-too-often": Case(
        paragraphs("{% for i in range(21) %}{{ appendix_tables }}{% endfor %}"),
        ("21 lần", "20 lần"),
    ),
    # A path that names nothing is a usage problem.
    "no-such-file": Case(lambda folder: folder / "khong-co.docx", ("Không tìm thấy mẫu",), 2),
}


def compile_with(cli: Invoke, workspace: Path, template: Path, out: Path) -> Any:
    return cli("compile", "-w", workspace, "-p", "2022-H1", "-t", template, "-o", out)


@pytest.mark.parametrize("name", list(CASES))
def test_a_hostile_template_is_refused(
    cli: Invoke, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    case = CASES[name]
    for target, value in case.patch.items():
        monkeypatch.setattr(target, value)
    template = case.build(tmp_path)
    out = tmp_path / "out" / "r.docx"
    result = compile_with(cli, workspace, template, out)
    message = " ".join(result.stderr.split())
    assert result.exit_code == case.exit_code, message or result.stdout
    assert message.startswith("Lỗi:") and "Lỗi không mong đợi" not in message
    if case.exit_code == 1:
        assert "bad.docx" in message
    for fragment in case.says:
        assert fragment in message, (fragment, message)
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "stolen.docx").exists()
    assert not list(tmp_path.glob("**/*.tmp"))


def test_the_escape_is_refused_in_the_pledge_too(
    cli: Invoke, workspace: Path, tmp_path: Path
) -> None:
    stolen = tmp_path / "stolen.docx"
    template = paragraphs(f"{{{{ targets_table.subdocx.save('{stolen}') }}}}")(tmp_path)
    out = tmp_path / "out" / "g.docx"
    result = cli("pledge", "-w", workspace, "-y", "2022", "-t", template, "-o", out)
    assert result.exit_code == 1
    assert "targets_table.subdocx" in " ".join(result.stderr.split())
    assert not stolen.exists() and not out.exists()


# What must keep working ---------------------------------------------------------------------


def test_an_attached_template_link_is_dropped(cli: Invoke, workspace: Path, tmp_path: Path) -> None:
    template = paragraphs("{{ header.issuer }}")(tmp_path)
    _rewrite(
        template,
        {
            "word/_rels/settings.xml.rels": lambda _: ATTACHED_TEMPLATE,
            "word/settings.xml": lambda text: re.sub(
                r"(<w:settings[^>]*>)", r'\1<w:attachedTemplate r:id="rId1"/>', text, count=1
            ),
        },
    )
    out = tmp_path / "r.docx"
    result = compile_with(cli, workspace, template, out)
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(out) as written:
        everything = b"".join(written.read(name) for name in written.namelist())
    assert b"example.com" not in everything and b"attachedTemplate" not in everything
    assert body_texts(open_docx(out)) == ["CỤM THI ĐUA SỐ II"]


def test_legitimate_forms_keep_all_the_text(cli: Invoke, workspace: Path, tmp_path: Path) -> None:
    """`{%p %}`, `{%tr %}` and `{%tc %}` tags, inline `if` across paragraphs, the appendix in a
    table cell and inline in a sentence: every text outside the tags is in the report."""
    document = Document()
    for text in (
        "MỞ ĐẦU",
        "{%p if period.is_mid_year %}",
        "Giữa năm",
        "{%p endif %}",
        "Trước {% if period.is_full_year %}cả năm",
        "vẫn bỏ{% endif %} sau",
        "Bảng: {{ appendix_tables }} (hết bảng)",
    ):
        document.add_paragraph(text)
    table = document.add_table(rows=4, cols=4)
    texts = [
        ["{%tr for m in members[:2] %}", "", "", ""],
        ["{{ m.province }}", "{%tc for x in ['cột', 'cột'] %}", "{{ x }}", "{%tc endfor %}"],
        ["{%tr endfor %}", "", "", ""],
        ["{{p appendix_tables }}", "Ô bên", "", ""],
    ]
    for row, values in zip(table.rows, texts, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    document.add_paragraph("KẾT THÚC")
    template = _save(document, tmp_path)
    out = tmp_path / "r.docx"
    result = compile_with(cli, workspace, template, out)
    assert result.exit_code == 0, result.stderr
    texts_out = body_texts(open_docx(out))
    for kept in ("MỞ ĐẦU", "Giữa năm", "Trước  sau", "Bảng:  (hết bảng)", "Ô bên", "KẾT THÚC"):
        assert kept in texts_out, (kept, texts_out)
    assert texts_out.count("1. Thanh tra, kiểm tra") == 2, texts_out  # in a cell, inline
    assert "Bắc Giang" in texts_out and "Bắc Kạn" in texts_out
    mine = next(table for table in open_docx(out).tables if "Ô bên" in table.rows[-1].cells[1].text)
    assert len(mine.rows) == 3  # two members and the last row
    assert [cell.text for cell in mine.rows[0].cells] == ["Bắc Giang", "cột", "cột"]
    cell = mine.rows[-1].cells[0]
    assert cell.tables and cell.paragraphs  # the appendix inside the cell, which ends with a p


def test_a_copied_pledge_template_keeps_its_registration_table(
    cli: Invoke, workspace: Path, tmp_path: Path
) -> None:
    assert cli("templates", "copy", "giao-uoc", tmp_path / "mau").exit_code == 0
    args = ("pledge", "-w", workspace, "-y", "2022", "--date", "2022-01-05")
    bundled = cli(*args, "-o", tmp_path / "a.docx")
    own = cli(*args, "-t", tmp_path / "mau" / "giao-uoc.docx", "-o", tmp_path / "b.docx")
    assert bundled.exit_code == own.exit_code == 0, own.stderr
    assert body_texts(open_docx(tmp_path / "a.docx")) == body_texts(open_docx(tmp_path / "b.docx"))


def _png(folder: Path) -> Path:
    """A 1×1 PNG whose bytes happen to hold a marker's end characters."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    image = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
    image += chunk(b"tEXt", b"Comment\x00" + "\ufdd0\ufdd1".encode())
    image += chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")
    path = folder / "hinh.png"
    path.write_bytes(image)
    return path


def test_pictures_go_where_their_markers_are(tmp_path: Path) -> None:
    picture = _png(tmp_path)
    template = paragraphs(
        "{%p for chart in charts %}",
        "{{p chart }}",
        "{%p endfor %}",
        "Hình: {{ charts[0] }} (nguồn: tdcli)",
    )(tmp_path)
    out = render_template(
        template, {}, tmp_path / "r.docx", inserts={"charts": Pictures((picture, picture), 50)}
    )
    document = open_docx(out)
    assert len(document.inline_shapes) == 3
    assert body_texts(document) == ["Hình:  (nguồn: tdcli)"]


def test_the_context_holds_plain_data_only(tmp_path: Path) -> None:
    template = paragraphs("{{ x }}")(tmp_path)
    with pytest.raises(TypeError, match="plain data"):
        render_template(template, {"x": io.BytesIO()}, tmp_path / "r.docx")
    assert not (tmp_path / "r.docx").exists()
