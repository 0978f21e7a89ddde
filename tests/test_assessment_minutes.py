"""`assess minutes`: the minutes of the year-end meeting, reopened and read part by part."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from docx_helpers import body_texts, open_docx, run_fonts
from tdcli.usecases.assess_meeting import write_minutes
from tdcli.workspace import load_workspace


def _write(cum_ii: Path, **options: Any) -> Any:
    workspace, _ = load_workspace(cum_ii)
    assert workspace is not None
    return write_minutes(workspace, 2021, **options)


def _table_rows(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture
def minutes(cum_ii: Path) -> tuple[Any, list[str]]:
    result = _write(cum_ii)
    assert result.path == cum_ii / "out" / "bien-ban-hoi-nghi-tong-ket-nam-2021.docx"
    assert result.report.errors == []
    assert result.day == date(2021, 12, 17)
    document = open_docx(result.path)
    return document, body_texts(document)


def test_header_title_time_place_people(minutes: tuple[Any, list[str]]) -> None:
    _, texts = minutes
    assert "Số:       /BB-CTĐ" in texts
    assert "Cao Bằng, ngày 17 tháng 12 năm 2021" in texts
    title = texts.index("BIÊN BẢN")
    assert texts[title + 1] == (
        "Hội nghị tổng kết phong trào thi đua năm 2021 của Cụm thi đua số II thuộc Bộ Tài "
        "nguyên và Môi trường"
    )
    assert "Thời gian: bắt đầu 08 giờ 00 phút, ngày 17 tháng 12 năm 2021." in texts
    assert (
        "Địa điểm: Hội trường Sở Tài nguyên và Môi trường tỉnh Cao Bằng, thành phố Cao Bằng."
        in (texts)
    )
    assert any(
        text.startswith("Thành phần: đại diện lãnh đạo 08/09 Sở thành viên") for text in texts
    )
    assert (
        "- Sở Tài nguyên và Môi trường tỉnh Bắc Giang: Nguyễn Văn Thành, Phó Giám đốc Sở; "
        "Lê Thị Hoa, Chánh Văn phòng Sở." in texts
    )
    assert "Vắng mặt 01 đơn vị:" in texts
    assert (
        "- Sở Tài nguyên và Môi trường tỉnh Hà Giang (lý do: Bận phục vụ đoàn công tác của Bộ, "
        "có văn bản xin vắng)." in texts
    )
    assert (
        "Chủ tọa: Nông Văn Khải, Giám đốc Sở Tài nguyên và Môi trường tỉnh Cao Bằng, Cụm trưởng."
        in texts
    )
    assert any(text.startswith("Thư ký: Lục Thị Hằng, Chuyên viên Văn phòng") for text in texts)


def test_contents_in_order(minutes: tuple[Any, list[str]]) -> None:
    _, texts = minutes
    headings = [
        "NỘI DUNG",
        "1. Báo cáo tổng kết phong trào thi đua năm 2021",
        "2. Kết quả chấm điểm, xếp hạng thi đua",
        "3. Bình xét, bỏ phiếu đề nghị khen thưởng",
        "4. Kết quả bình xét",
        "5. Bàn giao Cụm trưởng, Cụm phó năm 2022",
        "6. Ý kiến tại Hội nghị",
    ]
    positions = [texts.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert "Kết quả chấm điểm thi đua năm 2021: 9/9 đơn vị hoàn thành xuất sắc nhiệm vụ." in texts
    assert any("tiêu chí 3.1" in text and "Cụm chấm 130 điểm" in text for text in texts)
    assert any(text.startswith("Bắc Giang không đưa vào danh sách bầu: xin rút") for text in texts)
    assert "Kết quả vòng 2: Quảng Ninh trúng cử." in texts
    assert (
        "Cờ thi đua của Bộ Tài nguyên và Môi trường: Sở Tài nguyên và Môi trường tỉnh Quảng Ninh."
        in texts
    )
    assert (
        "Bằng khen của Bộ trưởng Bộ Tài nguyên và Môi trường: Sở Tài nguyên và Môi trường tỉnh "
        "Bắc Giang, Sở Tài nguyên và Môi trường tỉnh Thái Nguyên." in texts
    )
    assert any(
        text.startswith(
            "Hội nghị thống nhất Sở Tài nguyên và Môi trường tỉnh Lạng Sơn làm Cụm "
            "trưởng và Sở Tài nguyên và Môi trường tỉnh Bắc Kạn làm Cụm phó"
        )
        for text in texts
    )
    opinions = texts.index("6. Ý kiến tại Hội nghị")
    assert texts[opinions + 1].startswith("Đại diện Sở Tài nguyên và Môi trường tỉnh Quảng Ninh")
    assert texts[opinions + 4].startswith("Đại diện Sở Tài nguyên và Môi trường tỉnh Thái Nguyên")
    closing = (
        "Hội nghị kết thúc vào hồi 11 giờ 30 phút cùng ngày. Biên bản đã được thông qua trước "
        "Hội nghị và các đại biểu nhất trí./."
    )
    assert texts[opinions + 5] == closing


def test_tables_ranking_rounds_signatures(minutes: tuple[Any, list[str]]) -> None:
    document, _ = minutes
    tables = [_table_rows(table) for table in document.tables]
    ranking = next(rows for rows in tables if rows[0][:2] == ["Hạng", "Đơn vị"])
    assert len(ranking) == 1 + 9
    assert ranking[1][:4] == ["1", "Quảng Ninh", "972", "972"]
    assert ranking[5][:4] == ["5", "Phú Thọ", "938", "928"]
    assert ranking[9][:4] == ["9", "Hà Giang", "909", "904"]
    rounds = [rows for rows in tables if rows[0][:3] == ["STT", "Đơn vị", "Số phiếu"]]
    assert [[row[2] for row in rows[1:]] for rows in rounds] == [
        ["4/8", "4/8"],
        ["6/8", "2/8"],
        ["0/7", "6/7", "5/7", "2/7", "1/7"],
    ]
    assert rounds[1][1][4] == "Trúng cử"
    assert rounds[2][1][4] == "Đã được đề nghị danh hiệu trước, không tính"
    signatures = document.tables[-1]
    left, right = (cell.paragraphs for cell in signatures.rows[0].cells)
    assert left[0].text == "THƯ KÝ" and left[-1].text == "Lục Thị Hằng"
    assert right[0].text == "CHỦ TỌA" and right[-1].text == "Nông Văn Khải"
    assert all(font["ascii"] == "Times New Roman" for font in run_fonts(document.element.body))
    assert all(font["ascii"] == "Times New Roman" for font in run_fonts(document.styles.element))


def test_report_date_overrides_and_missing_end_time(cum_ii: Path) -> None:
    meeting = cum_ii / "assessment" / "2021" / "meeting.yaml"
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace('end: "11:30"\n', ""), encoding="utf-8"
    )
    result = _write(cum_ii, report_date=date(2021, 12, 20), output=cum_ii / "out" / "bb.docx")
    texts = body_texts(open_docx(result.path))
    assert "Cao Bằng, ngày 20 tháng 12 năm 2021" in texts
    assert any(
        text.startswith("Hội nghị kết thúc vào hồi … giờ … phút cùng ngày.") for text in texts
    )


def test_pending_decision_is_written_with_its_warning(cum_ii: Path) -> None:
    meeting = cum_ii / "assessment" / "2021" / "meeting.yaml"
    text = meeting.read_text(encoding="utf-8")
    text = text.replace(
        "        quang-ninh: 6\n        thai-nguyen: 2\n",
        "        quang-ninh: 4\n        thai-nguyen: 4\n",
    )
    meeting.write_text(text, encoding="utf-8")
    result = _write(cum_ii)
    assert [issue.code for issue in result.report.issues] == ["chairs-decision-needed"]
    texts = body_texts(open_docx(result.path))
    assert any(
        text.startswith(
            "Cờ thi đua của Bộ Tài nguyên và Môi trường: sau 2 vòng bỏ phiếu chưa chọn đủ"
        )
        for text in texts
    )


def test_without_meeting_nothing_is_written(cum_ii: Path) -> None:
    meeting = cum_ii / "assessment" / "2021" / "meeting.yaml"
    meeting.unlink()
    result = _write(cum_ii)
    assert result.path is None
    assert [(issue.code, Path(issue.file).name) for issue in result.report.errors] == [
        ("file-not-found", "meeting.yaml")
    ]
    assert not (cum_ii / "out").exists()


SOFFICE = shutil.which("soffice")


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (no soffice on PATH)")
def test_minutes_print(cum_ii: Path, tmp_path: Path) -> None:
    from test_libreoffice import pdf_pages

    result = _write(cum_ii, output=tmp_path / "bien-ban.docx")
    assert result.path is not None
    assert 3 <= pdf_pages(result.path, tmp_path) <= 6
