"""`tdcli compile`: the review report reopened and checked for text and layout."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import load_workbook

from docx_helpers import body_texts, open_docx, paragraph_with, run_fonts

from conftest import Invoke
from helpers import ROOT, issue_pairs

GOLDEN = Path(__file__).parent / "golden"
DATE = "2022-07-05"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's mid-year report of 2022, compiled once for the layout tests."""
    from typer.testing import CliRunner

    from tdcli.cli import app

    folder = tmp_path_factory.mktemp("report")
    workspace = folder / "cum-ii"
    shutil.copytree(ROOT / "examples" / "cum-ii", workspace, ignore=shutil.ignore_patterns("out"))
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        app, ["compile", "-w", str(workspace), "-p", "2022-H1", "--date", DATE]
    )
    assert result.exit_code == 0, result.output
    return workspace / "out" / "bao-cao-so-ket-6-thang-dau-nam-2022.docx"


def mm(value: Any) -> float:
    return round(float(value) / Mm(1), 1)


# Layout ------------------------------------------------------------------------------------


def test_page_size_and_margins(report: Path) -> None:
    first, appendix = open_docx(report).sections
    assert (mm(first.page_width), mm(first.page_height)) == (210.0, 297.0)
    margins = (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)
    assert tuple(mm(value) for value in margins) == (20.0, 20.0, 30.0, 15.0)
    assert (mm(appendix.page_width), mm(appendix.page_height)) == (297.0, 210.0)


def test_times_new_roman_in_every_style_and_slot(report: Path) -> None:
    document = open_docx(report)
    styles = document.styles.element
    slots = run_fonts(styles)
    assert slots and all(set(slot.values()) == {"Times New Roman"} for slot in slots)
    body_slots = run_fonts(document.element.body)
    assert all(value in (None, "Times New Roman") for slot in body_slots for value in slot.values())
    assert document.styles["TD Body"].font.size == Pt(14)


def test_body_paragraphs_are_justified_with_first_line_indent(report: Path) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = open_docx(report)
    body = paragraph_with(document, "Công tác thanh tra, kiểm tra")
    assert body.style.name == "TD Body"
    assert body.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert mm(body.style.paragraph_format.first_line_indent) == 10.0


def test_header_table(report: Path) -> None:
    table = open_docx(report).tables[0]
    left, right = table.cell(0, 0), table.cell(0, 1)
    assert [p.text for p in left.paragraphs if p.text] == [
        "BỘ TÀI NGUYÊN\nVÀ MÔI TRƯỜNG",  # broken by meaning for the column (test_pages.py)
        "CỤM THI ĐUA SỐ II",
    ]
    assert left.paragraphs[1].runs[0].bold and not left.paragraphs[0].runs[0].bold
    title, motto = right.paragraphs[0], right.paragraphs[1]
    assert title.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and title.runs[0].bold
    assert title.runs[0].font.size == Pt(12)
    assert motto.text == "Độc lập - Tự do - Hạnh phúc" and motto.runs[0].font.size == Pt(13)
    assert table.cell(1, 0).text.startswith("Số:") and table.cell(1, 0).text.endswith("/BC-CTĐ")
    place = table.cell(1, 1).paragraphs[0]
    assert place.text == "Lạng Sơn, ngày 05 tháng 7 năm 2022" and place.runs[0].italic
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {child.get(qn("w:val")) for child in borders} == {"nil"}
    rules = [
        p
        for p in (*left.paragraphs, *right.paragraphs)
        if p._p.find(f".//{qn('w:pBdr')}") is not None
    ]
    assert len(rules) == 2


def test_title_summary_and_closing(report: Path) -> None:
    document = open_docx(report)
    title = paragraph_with(document, "BÁO CÁO")
    assert title.runs[0].bold
    summary = paragraph_with(document, "Sơ kết phong trào thi đua 6 tháng đầu năm 2022")
    assert summary.text.endswith("của Cụm thi đua số II thuộc Bộ Tài nguyên và Môi trường")
    assert summary.runs[0].bold
    closing = document.tables[1]
    recipients = [p.text for p in closing.cell(0, 0).paragraphs if p.text]
    assert recipients[0] == "Nơi nhận:" and recipients[-1] == "- Lưu: VT."
    assert all(line.endswith(";") for line in recipients[1:-1])
    signer = [p.text for p in closing.cell(0, 1).paragraphs if p.text]
    assert signer == [
        "TM. CỤM THI ĐUA SỐ II",
        "CỤM TRƯỞNG",
        "GIÁM ĐỐC SỞ TÀI NGUYÊN\nVÀ MÔI TRƯỜNG TỈNH LẠNG SƠN",  # broken by meaning
        "Vi Văn Tuấn",
    ]


def test_body_ends_with_the_closing_mark(report: Path) -> None:
    texts = body_texts(open_docx(report))
    last_body = texts[texts.index("Nơi nhận:") - 1]
    assert last_body.endswith("./.")


def test_page_numbers_from_page_two(report: Path) -> None:
    section = open_docx(report).sections[0]
    assert section.different_first_page_header_footer
    header = section.header._element
    assert [node.text.strip() for node in header.iter(qn("w:instrText"))] == ["PAGE"]
    assert not "".join(section.first_page_header._element.itertext()).strip()


def test_no_template_tag_is_left(report: Path) -> None:
    document = open_docx(report)
    text = "".join(document.element.body.itertext())
    for section in document.sections:
        text += "".join(section.header._element.itertext())
    for mark in ("{{", "}}", "{%", "%}", "{#"):
        assert mark not in text


# Content -----------------------------------------------------------------------------------


def test_sentences_from_totals_and_comparisons(report: Path) -> None:
    text = "\n".join(body_texts(open_docx(report)))
    assert "tổ chức 50 cuộc thanh tra, kiểm tra (34 cuộc theo kế hoạch, 16 cuộc đột xuất; " in text
    assert "tăng 8,7% so với cùng kỳ năm 2021" in text
    assert "tổng số tiền 3,45 tỷ đồng (tăng 11,5% so với cùng kỳ năm 2021)" in text
    assert "31 lớp, hội nghị tuyên truyền, tập huấn pháp luật cho 3.830 lượt người" in text
    assert "trình UBND các tỉnh phê duyệt 98 báo cáo (giảm 10,9% so với cùng kỳ năm 2021)" in text
    assert "gồm 09 đơn vị: Bắc Giang, Bắc Kạn, Cao Bằng, Hà Giang, Lạng Sơn, Phú Thọ" in text


def test_each_member_in_vietnamese_order_with_its_highlights(report: Path) -> None:
    texts = body_texts(open_docx(report))
    points = [text for text in texts if text[:3] in {f"{letter}) " for letter in "abcdđeghi"}]
    provinces = [
        "Bắc Giang",
        "Bắc Kạn",
        "Cao Bằng",
        "Hà Giang",
        "Lạng Sơn",
        "Phú Thọ",
        "Quảng Ninh",
        "Thái Nguyên",
        "Tuyên Quang",
    ]
    assert [point[:2] for point in points] == [f"{c})" for c in "abcdđeghi"]
    for point, province in zip(points, provinces, strict=True):
        assert f"Sở Tài nguyên và Môi trường tỉnh {province}:" in point


def test_ampersand_and_angle_brackets_come_out_as_typed(report: Path) -> None:
    text = "\n".join(body_texts(open_docx(report)))
    assert "TN&MT" in text


def test_appendix_tables_in_order_with_bold_total(report: Path) -> None:
    document = open_docx(report)
    first = document.tables[2]
    names = [row.cells[1].text for row in first.rows[1:-1]]
    assert names[0] == "Bắc Giang" and names[-1] == "Tuyên Quang" and len(names) == 9
    total = first.rows[-1]
    assert total.cells[1].text == "Tổng cộng" and total.cells[2].text == "50"
    assert all(run.bold for cell in total.cells[1:] for p in cell.paragraphs for run in p.runs)
    assert first.rows[0].cells[-1].text.endswith("so với cùng kỳ")
    assert total.cells[-1].text == "tăng 8,7%"
    assert len(document.tables) == 2 + 8


def test_the_data_workbook(report: Path) -> None:
    path = report.with_suffix(".xlsx")
    cached = load_workbook(path, data_only=True)
    formulas = load_workbook(path)
    sheet = formulas["Thanh tra, kiểm tra"]
    assert sheet["C4"].value.startswith("Tổng số cuộc thanh tra")
    assert sheet.freeze_panes == "C5"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet["C14"].value == "=SUM(C5:C13)"
    assert cached["Thanh tra, kiểm tra"]["C14"].value == 50
    fines = cached["Xử phạt VPHC"]
    assert fines["D14"].value == pytest.approx(3446.5)
    assert formulas["Xử phạt VPHC"]["D6"].number_format == "#,##0.0"


def test_golden_text(report: Path) -> None:
    """The whole text of the example's report; TDCLI_UPDATE_GOLDEN=1 rewrites it after a
    deliberate change (read the diff before committing it)."""
    text = "\n".join(body_texts(open_docx(report))) + "\n"
    golden = GOLDEN / "cum-ii-2022-H1.txt"
    if os.environ.get("TDCLI_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert text == golden.read_text(encoding="utf-8")


# Runs and refusals -------------------------------------------------------------------------


def test_missing_member_is_named_and_counted(cli: Invoke, cum_ii: Path) -> None:
    (cum_ii / "submissions/2022-H1/tuyen-quang.yaml").unlink()
    result = cli("compile", "-w", cum_ii, "-p", "2022-H1", "--date", DATE)
    assert result.exit_code == 0
    assert "Cảnh báo" in result.stdout and "Tuyên Quang chưa gửi báo cáo" in result.stdout
    texts = body_texts(open_docx(cum_ii / "out/bao-cao-so-ket-6-thang-dau-nam-2022.docx"))
    assert (
        "Sở Tài nguyên và Môi trường tỉnh Tuyên Quang chưa gửi báo cáo; "
        "số liệu tổng hợp gồm 8/9 đơn vị." in texts
    )


def test_strict_makes_a_missing_member_an_error(cli: Invoke, cum_ii: Path) -> None:
    (cum_ii / "submissions/2022-H1/tuyen-quang.yaml").unlink()
    result = cli("compile", "-w", cum_ii, "-p", "2022-H1", "--strict", "--date", DATE)
    assert result.exit_code == 1
    assert "Tuyên Quang chưa gửi báo cáo" in result.stdout
    assert not (cum_ii / "out").exists()


def test_an_invalid_submission_stops_the_run(cli: Invoke, cum_ii: Path) -> None:
    file = cum_ii / "submissions/2022-H1/bac-giang.yaml"
    file.write_text(
        file.read_text(encoding="utf-8").replace("total: 7", "total: 70"), encoding="utf-8"
    )
    result = cli("compile", "-w", cum_ii, "-p", "2022-H1")
    assert result.exit_code == 1
    assert "bac-giang.yaml" in result.stdout and "Không tạo báo cáo" in result.stderr
    assert not (cum_ii / "out").exists()


def test_full_year_and_progress_reports(cli: Invoke, cum_ii: Path, tmp_path: Path) -> None:
    assert cli("compile", "-w", cum_ii, "-p", "2021", "--date", "2021-12-20").exit_code == 0
    document = open_docx(cum_ii / "out/bao-cao-tong-ket-nam-2021.docx")
    texts = body_texts(document)
    assert any(text.startswith("Tổng kết phong trào thi đua năm 2021") for text in texts)
    assert "II. NHIỆM VỤ TRỌNG TÂM NĂM 2022" in texts
    assert "Cao Bằng, ngày 20 tháng 12 năm 2021" in texts
    quarter = cum_ii / "submissions/2022-Q3"
    quarter.mkdir()
    text = "member: lang-son\nperiod: 2022-Q3\nland:\n  certificates_issued: 410\n"
    (quarter / "lang-son.yaml").write_text(text, encoding="utf-8")
    result = cli("compile", "-w", cum_ii, "-p", "2022-Q3", "-o", tmp_path / "q3.docx")
    assert result.exit_code == 0
    assert any(
        t.startswith("Kết quả phong trào thi đua quý III năm 2022")
        for t in body_texts(open_docx(tmp_path / "q3.docx"))
    )


def test_output_may_not_overwrite_an_input(cli: Invoke, cum_ii: Path, tmp_path: Path) -> None:
    own = tmp_path / "mine.docx"
    assert cli("templates", "copy", "bao-cao", tmp_path).exit_code == 0
    (tmp_path / "bao-cao.docx").rename(own)
    result = cli("compile", "-w", cum_ii, "-p", "2022-H1", "-t", own, "-o", own)
    assert result.exit_code == 2
    assert "trùng với một tệp đầu vào" in result.stderr


def test_an_existing_report_is_replaced_whole(cli: Invoke, cum_ii: Path) -> None:
    """A file tdcli did not write is kept under a new name; the report is written whole."""
    target = cum_ii / "out" / "r.docx"
    target.parent.mkdir()
    target.write_bytes(b"old")
    assert cli("compile", "-w", cum_ii, "-p", "2022-H1", "-o", target).exit_code == 0
    assert open_docx(target).paragraphs
    names = sorted(path.name for path in target.parent.iterdir())
    assert names[1:] == ["r.docx", "r.xlsx"] and names[0].startswith("r-ban-cu-")
    assert (target.parent / names[0]).read_bytes() == b"old"


def test_usage_errors(cli: Invoke, cum_ii: Path) -> None:
    assert cli("compile", "-w", cum_ii).exit_code == 2
    assert cli("compile", "-w", cum_ii, "-p", "2022-H7").exit_code == 2
    assert cli("compile", "-w", cum_ii, "-p", "2022-H1", "-o", cum_ii / "x.pdf").exit_code == 2
    assert cli("compile", "-w", cum_ii, "-p", "2022-H1", "--date", "5/13/2022").exit_code == 2
    result = cli("compile", "-w", cum_ii, "-p", "2030-H1", "--format", "json")
    assert result.exit_code == 2
    result = cli("compile", "-w", cum_ii, "-p", "2030-H1")
    assert result.exit_code == 1 and "2030" in result.stdout


def test_compile_from_inside_the_workspace(
    cli: Invoke, cum_ii: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(cum_ii / "submissions")
    assert cli("compile", "--period", "2022-H1").exit_code == 0
    assert (cum_ii / "out" / "bao-cao-so-ket-6-thang-dau-nam-2022.docx").is_file()


def test_the_merger_is_compared_with_the_sum_of_predecessors(cli: Invoke, tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    shutil.copytree(
        ROOT / "examples" / "cum-ii-2025", workspace, ignore=shutil.ignore_patterns("out")
    )
    result = cli("compile", "-w", workspace, "-p", "2025-H1", "--date", "2025-07-20")
    assert result.exit_code == 0, result.stdout + result.stderr
    texts = body_texts(open_docx(workspace / "out/bao-cao-so-ket-6-thang-dau-nam-2025.docx"))
    notes = [text for text in texts if "trước sắp xếp" in text]
    assert len(notes) == 1
    assert (
        "Thái Nguyên (Bắc Kạn, Thái Nguyên)" in notes[0]
        or "Thái Nguyên (Thái Nguyên, Bắc Kạn)" in notes[0]
    )
    assert any("thuộc Bộ Nông nghiệp và Môi trường" in text for text in texts)
    assert issue_pairs is not None


def test_a_period_nobody_has_reported_makes_no_report(cli: Invoke, cum_ii: Path) -> None:
    for file in (cum_ii / "submissions/2022-H1").iterdir():
        file.unlink()
    result = cli("compile", "-w", cum_ii, "-p", "2022-H1")
    assert result.exit_code == 1
    assert "Chưa có báo cáo nào" in " ".join(result.stdout.split())
    assert not (cum_ii / "out").exists()
