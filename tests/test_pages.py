"""What an office would retouch by hand before sending (issue 13, parts 2 and 3): names broken
by meaning in the header, the signer and the signature grid; rules sized to their line; the
signer kept with the end of the text; no lone row of signatures; short tables whole; the
body ending with "./.". Checked in the documents' XML and, where LibreOffice is installed, on
the printed pages."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from docx_helpers import open_docx
from tdcli.contents.lines import _units, break_rules, broken
from tdcli.model.provinces import registry
from tdcli.model.typeset import text_width_mm
from tdcli.render.pages import RULE_SHARE
from test_pledge import NAMES, make_cluster

from conftest import Invoke

SOFFICE = shutil.which("soffice")
needs_printing = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or pdftotext is not installed",
)

# Names broken by meaning -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width", "size", "bold", "expected"),
    [
        ("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", 69, 12, False, "BỘ NÔNG NGHIỆP\nVÀ MÔI TRƯỜNG"),
        ("BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG", 69, 12, False, "BỘ TÀI NGUYÊN\nVÀ MÔI TRƯỜNG"),
        ("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", 120, 12, False, "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"),
        ("CỤM THI ĐUA SỐ II", 69, 12, True, "CỤM THI ĐUA SỐ II"),
        (
            "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG TỈNH LAI CHÂU",
            51,
            12,
            True,
            "SỞ NÔNG NGHIỆP\nVÀ MÔI TRƯỜNG\nTỈNH LAI CHÂU",
        ),
        (
            "GIÁM ĐỐC SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG THÀNH PHỐ HỒ CHÍ MINH",
            86,
            13,
            True,
            "GIÁM ĐỐC\nSỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\nTHÀNH PHỐ HỒ CHÍ MINH",
        ),
        ("  bộ   tài nguyên và môi trường ", 40, 12, False, "bộ tài nguyên\nvà môi trường"),
    ],
)
def test_names_break_where_they_divide(
    text: str, width: float, size: float, bold: bool, expected: str
) -> None:
    assert broken(text, width, size, bold=bold) == expected


def test_a_name_the_data_writes_is_written_so() -> None:
    rules = break_rules()
    assert rules.names["bộ nông nghiệp và môi trường"] == ("BỘ NÔNG NGHIỆP", "VÀ MÔI TRƯỜNG")
    assert ("môi", "trường") in rules.words
    assert ("lai", "châu") in rules.words  # a province's name, from the province list


_SYLLABLES = ["SỞ", "NÔNG", "NGHIỆP", "VÀ", "MÔI", "TRƯỜNG", "TỈNH", "CỤM", "THI", "ĐUA", "SỐ"]


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(
        st.one_of(
            st.sampled_from(_SYLLABLES),
            st.sampled_from([unit.name.upper() for unit in registry().units]),
        ),
        min_size=1,
        max_size=14,
    ),
    width=st.floats(min_value=30, max_value=120),
    bold=st.booleans(),
)
def test_lines_keep_the_words_and_never_split_one(
    words: list[str], width: float, bold: bool
) -> None:
    text = " ".join(words)
    lines = broken(text, width, 12, bold=bold).split("\n")
    assert " ".join(lines) == " ".join(text.split())  # nothing lost, nothing added
    for line in lines:
        fits = text_width_mm(line, 12, bold=bold) <= width
        alone = len(line.split(" ")) == 1 or any(
            line.casefold().split(" ") == list(word) for word in break_rules().words
        )
        assert fits or alone or _one_unit(line)
    # No word never split (a province's name) spans a line break, as the words group.
    flat = [word for line in lines for word in line.split(" ")]
    breaks: set[int] = set()
    position = 0
    for line in lines[:-1]:
        position += len(line.split(" "))
        breaks.add(position)
    position = 0
    for unit in _units(flat, break_rules()):
        assert not any(position < cut < position + len(unit) for cut in breaks), (unit, lines)
        position += len(unit)


def _one_unit(line: str) -> bool:
    """A line holding one word never split (a province's name too wide for its column)."""
    folded = tuple(line.casefold().split(" "))
    return folded in break_rules().words


def test_widths_are_those_of_the_face() -> None:
    # Liberation Serif measured: 39,6 mm and 68,1 mm; Times New Roman is metric-compatible.
    assert text_width_mm("CỤM THI ĐUA SỐ V", 12, bold=True) == pytest.approx(39.6, rel=0.02)
    assert text_width_mm("BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG", 12) == pytest.approx(68.1, rel=0.02)
    assert text_width_mm("Ơ", 12) > text_width_mm("O", 12)


# The documents' XML -----------------------------------------------------------------------


def _lines(paragraph: Any) -> list[str]:
    """A paragraph's text split at its line breaks."""
    text = ""
    for element in paragraph._p.iter(qn("w:t"), qn("w:br")):
        text += "\n" if element.tag == qn("w:br") else (element.text or "")
    return text.split("\n")


def _keeps(paragraph_element: Any) -> bool:
    properties = paragraph_element.find(qn("w:pPr"))
    keep = properties.find(qn("w:keepNext")) if properties is not None else None
    return keep is not None and keep.get(qn("w:val")) in (None, "1", "true", "on")


def _rule_width_mm(paragraph: Any, available: float) -> float:
    indent = paragraph.paragraph_format
    return float(available - (indent.left_indent.mm + indent.right_indent.mm))


def test_the_header_breaks_the_ministry_by_meaning(cli: Invoke, tmp_path: Path) -> None:
    folder = make_cluster(tmp_path / "ws", 5, 2026)
    target = tmp_path / "giao-uoc.docx"
    assert cli("pledge", "-w", folder, "--year", "2026", "-o", target).exit_code == 0
    header = open_docx(target).tables[0].cell(0, 0)
    texts = [line for paragraph in header.paragraphs for line in _lines(paragraph)]
    assert texts[:3] == ["BỘ NÔNG NGHIỆP", "VÀ MÔI TRƯỜNG", "CỤM THI ĐUA SỐ V"]


def test_rules_are_sized_to_their_line(cli: Invoke, cum_ii: Path, tmp_path: Path) -> None:
    target = tmp_path / "bao-cao.docx"
    assert cli("compile", "-w", cum_ii, "--period", "2021", "-o", target).exit_code == 0
    document = open_docx(target)
    header = document.tables[0]
    left = header.cell(0, 0).paragraphs
    issuer, rule = left[-2], left[-1]
    assert rule.style.name == "TD Rule"
    available = 70 - 1.0  # the column less its cell margins
    issuer_width = text_width_mm("CỤM THI ĐUA SỐ II", 12, bold=True)
    assert _lines(issuer) == ["CỤM THI ĐUA SỐ II"]
    width = _rule_width_mm(rule, available)
    assert issuer_width / 3 <= width <= issuer_width / 2
    assert width == pytest.approx(issuer_width * RULE_SHARE, abs=0.5)
    motto, motto_rule = header.cell(0, 1).paragraphs[-2:]
    assert motto_rule.style.name == "TD Rule Full"
    motto_width = text_width_mm(motto.text, 13, bold=True)
    assert _rule_width_mm(motto_rule, 95 - 1.0) == pytest.approx(motto_width, abs=0.5)
    # The title's rule: sized to the summary line above it, which wraps to the text width.
    body = document.paragraphs
    title_rule = next(p for p in body if p.style.name == "TD Rule")
    summary = title_rule._p.getprevious()
    summary_text = "".join(summary.itertext())
    expected = min(text_width_mm(summary_text, 14, bold=True), 165) * RULE_SHARE
    assert _rule_width_mm(title_rule, 165) == pytest.approx(expected, abs=0.5)


def test_the_signer_keeps_with_the_end_of_the_text(
    cli: Invoke, cum_ii: Path, tmp_path: Path
) -> None:
    target = tmp_path / "bao-cao.docx"
    assert cli("compile", "-w", cum_ii, "--period", "2021", "-o", target).exit_code == 0
    document = open_docx(target)
    closing = next(t for t in document.tables if "Nơi nhận" in t.cell(0, 0).text)
    previous = closing._tbl.getprevious()
    kept = []
    while previous is not None and previous.tag == qn("w:p"):
        kept.append(_keeps(previous))
        if "".join(previous.itertext()).strip():
            assert "".join(previous.itertext()).endswith("./.")
            break
        previous = previous.getprevious()
    assert kept and all(kept)
    # The signer's title is broken by meaning within the signer's column.
    title = _lines(closing.cell(0, 1).paragraphs[2])
    assert title == ["GIÁM ĐỐC SỞ TÀI NGUYÊN", "VÀ MÔI TRƯỜNG TỈNH CAO BẰNG"]


@pytest.mark.parametrize("count", [3, 9, 10, 15])
def test_the_grid_keeps_its_last_two_rows_together(cli: Invoke, tmp_path: Path, count: int) -> None:
    folder = make_cluster(tmp_path / "ws", count, 2026)
    target = tmp_path / "giao-uoc.docx"
    assert cli("pledge", "-w", folder, "--year", "2026", "-o", target).exit_code == 0
    document = open_docx(target)
    grid = next(t for t in document.tables if "GIÁM ĐỐC" in t.rows[0].cells[0].text)
    rows = grid._tbl.findall(qn("w:tr"))
    assert all(row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in rows)
    for index, row in enumerate(rows):
        kept = all(_keeps(p) for p in row.iter(qn("w:p")))
        assert kept == (index == len(rows) - 2), index
    # Each block's department broken by meaning: "SỞ NÔNG NGHIỆP / VÀ MÔI TRƯỜNG / TỈNH ..."
    department = _lines(grid.rows[0].cells[0].paragraphs[0])
    assert department[:2] == ["SỞ NÔNG NGHIỆP", "VÀ MÔI TRƯỜNG"]
    assert department[2].startswith(("TỈNH ", "THÀNH PHỐ"))
    closing = grid._tbl.getprevious()
    assert _keeps(closing) and "".join(closing.itertext()).endswith("./.")


def test_short_tables_move_whole_with_their_title(
    cli: Invoke, cum_ii: Path, tmp_path: Path
) -> None:
    target = tmp_path / "bao-cao.docx"
    assert cli("compile", "-w", cum_ii, "--period", "2021", "-o", target).exit_code == 0
    document = open_docx(target)
    data = [t for t in document.tables if t.cell(0, 0).text == "STT"]
    assert data
    for table in data:
        rows = table._tbl.findall(qn("w:tr"))
        assert all(all(_keeps(p) for p in row.iter(qn("w:p"))) for row in rows[:-1])
        title = table._tbl.getprevious()
        assert _keeps(title)


# Printed by LibreOffice ---------------------------------------------------------------------


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


def _print(documents: list[Path], folder: Path) -> None:
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, documents),
        ],
        capture_output=True,
        timeout=300,
        check=True,
    )


@pytest.mark.libreoffice
@needs_printing
def test_printed_pledges_never_leave_a_row_alone(cli: Invoke, tmp_path: Path) -> None:
    """At 3, 9, 10 and 15 members, and for the larger ones with texts of several lengths (more
    commitments), so that the grid's rows fall at every place of a page's end."""
    cases = [
        (3, 0),
        (9, 0),
        *((10, extra) for extra in range(0, 8, 2)),
        *((15, e) for e in range(6)),
    ]
    documents = []
    for count, extra in cases:
        folder = make_cluster(tmp_path / f"ws{count}-{extra}", count, 2026)
        config = folder / "cluster.yaml"
        more = "".join(
            f"      - Cam kết bổ sung số {n} của các thành viên.\n" for n in range(extra)
        )
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("    commitments:\n", "    commitments:\n" + more), "utf-8")
        target = tmp_path / f"giao-uoc-{count}-{extra}.docx"
        assert cli("pledge", "-w", folder, "--year", "2026", "-o", target).exit_code == 0
        documents.append(target)
    _print(documents, tmp_path)
    for (count, _), document in zip(cases, documents, strict=True):
        pages = _pages(document.with_suffix(".pdf"))
        # A row's directors print on one line of the page (m1 has no director). Every page
        # with signatures has two rows of them, or the text's closing "./." above its first.
        named = [NAMES[index] for index in range(count) if index != 1]
        for page in pages:
            rows = [line for line in page.splitlines() if any(name in line for name in named)]
            if rows:
                assert len(rows) >= 2 or "./." in page, (count, rows)
        ending = next(page for page in pages if "./." in page)
        assert any(name in ending for name in named), count  # the first row follows the text


@pytest.mark.libreoffice
@needs_printing
def test_printed_signer_never_starts_a_page(tmp_path: Path) -> None:
    """The proposal (whose template keeps nothing with the signer itself) at every length
    around a page's end: the signature block always shares its page with the text's end."""
    from tdcli.render.docx import Blocks, render_template
    from tdcli.resources import bundled_dir

    template = bundled_dir("templates") / "to-trinh.docx"
    documents = []
    for count in range(10, 22):
        target = tmp_path / f"to-trinh-{count}.docx"
        inserts = {"proposal_table": Blocks(lambda document: [])}
        render_template(template, _proposal_context(count), target, inserts=inserts)
        documents.append(target)
    _print(documents, tmp_path)
    for document in documents:
        pages = _pages(document.with_suffix(".pdf"))
        signer = [page for page in pages if "CỤM TRƯỞNG" in page]
        assert len(signer) == 1, document.name
        assert "theo dõi./." in signer[0], document.name


def _proposal_context(paragraphs: int) -> dict[str, Any]:
    return {
        "header": {
            "parent_body": "BỘ TÀI NGUYÊN\nVÀ MÔI TRƯỜNG",
            "issuer": "CỤM THI ĐUA SỐ II",
            "place_date": "Cao Bằng, ngày 17 tháng 12 năm 2021",
            "number": "Số:       /TTr-CTĐ",
        },
        "document": {"type": "TỜ TRÌNH", "summary": "Về việc đề nghị khen thưởng năm 2021"},
        "addressee": "Hội đồng Thi đua - Khen thưởng Bộ Tài nguyên và Môi trường",
        "legal_bases": ["Căn cứ Luật Thi đua, khen thưởng ngày 26/11/2003."],
        "body": [
            f"Đoạn {index}: Cụm thi đua số II đã tổ chức chấm điểm, bình xét thi đua năm 2021 "
            "theo hướng dẫn của Bộ, bảo đảm công khai, dân chủ, đúng quy định hiện hành."
            for index in range(1, paragraphs + 1)
        ],
        "awards": [],
        "request": "Cụm thi đua số II kính trình Hội đồng xem xét, theo dõi./.",
        "recipients": ["- Như trên;", "- Lưu: VT."],
        "signer": {
            "authority": "TM. CỤM THI ĐUA SỐ II",
            "role": "CỤM TRƯỞNG",
            "title": "GIÁM ĐỐC SỞ TÀI NGUYÊN\nVÀ MÔI TRƯỜNG TỈNH CAO BẰNG",
            "name": "Nông Văn Khải",
        },
        "appendix": {"title": "DANH SÁCH", "subtitle": "(Kèm theo Tờ trình)"},
        "dossier": [],
        "year": 2021,
    }


def test_no_page_count_of_the_template(cli: Invoke, cum_ii: Path, tmp_path: Path) -> None:
    """The template's "1 page, 0 words" would show in Windows Explorer for a 12-page report."""
    import zipfile

    target = tmp_path / "bao-cao.docx"
    assert cli("compile", "-w", cum_ii, "--period", "2021", "-o", target).exit_code == 0
    with zipfile.ZipFile(target) as archive:
        described = archive.read("docProps/app.xml").decode("utf-8")
    assert "<Pages>" not in described and "<Words>" not in described
    assert "<Application>tdcli</Application>" in described
