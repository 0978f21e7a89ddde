"""The award proposal (tờ trình đề nghị khen thưởng) reopened and checked."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from docx_helpers import body_texts, open_docx
from tdcli.usecases.assess_proposal import write_proposal
from tdcli.workspace import load_workspace

QUANG_NINH = "Sở Tài nguyên và Môi trường tỉnh Quảng Ninh"
BAC_GIANG = "Sở Tài nguyên và Môi trường tỉnh Bắc Giang"
THAI_NGUYEN = "Sở Tài nguyên và Môi trường tỉnh Thái Nguyên"


def _write(root: Path, **options: Any) -> Any:
    workspace, _ = load_workspace(root)
    assert workspace is not None
    return write_proposal(workspace, 2021, **options)


def _bases(texts: list[str]) -> list[str]:
    return [text for text in texts if text.startswith("Căn cứ ")]


@pytest.fixture
def proposal(cum_ii: Path) -> tuple[Path, list[str]]:
    written = _write(cum_ii)
    assert written.report.valid, written.report.issues
    assert written.path == cum_ii / "out" / "to-trinh-de-nghi-khen-thuong-nam-2021.docx"
    assert written.day == date(2021, 12, 17)  # the meeting's date
    return written.path, body_texts(open_docx(written.path))


def test_the_header_and_the_addressee(proposal: tuple[Path, list[str]]) -> None:
    _, texts = proposal
    assert "Số:       /TTr-CTĐ" in texts
    assert "Cao Bằng, ngày 17 tháng 12 năm 2021" in texts
    assert "TỜ TRÌNH" in texts
    assert (
        "Về việc đề nghị khen thưởng thành tích năm 2021 cho các tập thể thuộc Cụm thi đua số II"
        in texts
    )
    assert "Kính gửi: Hội đồng Thi đua - Khen thưởng Bộ Tài nguyên và Môi trường" in texts


def test_the_legal_bases_of_2021(proposal: tuple[Path, list[str]]) -> None:
    _, texts = proposal
    bases = _bases(texts)
    assert bases[0].startswith("Căn cứ Luật Thi đua, khen thưởng ngày 26/11/2003")
    assert any("Nghị định số 91/2017/NĐ-CP" in text for text in bases)
    assert any("Thông tư số 21/2018/TT-BTNMT" in text for text in bases)
    assert bases[-2] == (
        "Căn cứ Văn bản số 3980/BTNMT-TĐKTTT ngày 15/11/2021 của Bộ Tài nguyên và Môi trường "
        "về việc hướng dẫn chấm điểm, bình xét thi đua năm 2021;"
    )
    assert bases[-1] == (
        "Căn cứ Biên bản Hội nghị tổng kết phong trào thi đua năm 2021 của Cụm thi đua số II "
        "ngày 17/12/2021."
    )
    assert all(text.endswith(";") for text in bases[:-1])
    assert not any("06/2022/QH15" in text or "98/2023" in text for text in bases)


def test_the_legal_bases_follow_the_documents_date(cum_ii: Path, tmp_path: Path) -> None:
    written = _write(cum_ii, output=tmp_path / "p.docx", report_date=date(2025, 11, 5))
    assert written.path == tmp_path / "p.docx"
    texts = body_texts(open_docx(written.path))
    bases = _bases(texts)
    joined = " ".join(bases)
    for expected in (
        "Luật Thi đua, khen thưởng số 06/2022/QH15",
        "152/2025/NĐ-CP",
        "62/2025/TT-BNNMT",
    ):
        assert expected in joined
    for outdated in ("98/2023", "18/2023", "91/2017", "21/2018", "26/11/2003"):
        assert outdated not in joined
    assert bases[-1].startswith("Căn cứ Biên bản") and bases[-1].endswith(".")
    assert "Kính gửi: Hội đồng Thi đua - Khen thưởng Bộ Nông nghiệp và Môi trường" in texts
    assert "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in texts


def test_what_is_proposed_for_whom(proposal: tuple[Path, list[str]]) -> None:
    _, texts = proposal
    assert "Kết quả chấm điểm thi đua năm 2021: 9/9 đơn vị hoàn thành xuất sắc nhiệm vụ." in texts
    assert (
        f"1. Cờ thi đua của Bộ Tài nguyên và Môi trường: 01 tập thể: {QUANG_NINH} "
        "(972 điểm, xếp thứ 1, 6/8 phiếu, đạt 66,7%)."
    ) in texts
    awards = next(text for text in texts if text.startswith("2. Bằng khen"))
    assert "02 tập thể" in awards
    assert f"{BAC_GIANG} (958 điểm, xếp thứ 2, 6/7 phiếu, đạt 75,0%)" in awards
    assert f"{THAI_NGUYEN} (947,5 điểm, xếp thứ 3, 5/7 phiếu, đạt 62,5%)" in awards
    request = next(text for text in texts if text.startswith("Cụm thi đua số II kính đề nghị"))
    assert "Hội đồng Thi đua - Khen thưởng Bộ Tài nguyên và Môi trường xem xét" in request
    assert request.endswith("./.")


def test_the_appendix_table(proposal: tuple[Path, list[str]]) -> None:
    path, texts = proposal
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in texts
    assert "(Kèm theo Tờ trình số       /TTr-CTĐ ngày 17/12/2021 của Cụm thi đua số II)" in texts
    document = open_docx(path)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == [
        "STT",
        "Đơn vị",
        "Hình thức khen thưởng",
        "Tổng điểm",
        "Xếp hạng",
        "Số phiếu",
        "Tỷ lệ",
    ]
    assert rows[1] == [
        "1",
        QUANG_NINH,
        "Cờ thi đua của Bộ Tài nguyên và Môi trường",
        "972",
        "1",
        "6/8",
        "66,7%",
    ]
    assert rows[2][1:] == [
        BAC_GIANG,
        "Bằng khen của Bộ trưởng Bộ Tài nguyên và Môi trường",
        "958",
        "2",
        "6/7",
        "75,0%",
    ]
    assert rows[3][1] == THAI_NGUYEN and rows[3][3] == "947,5"
    assert len(rows) == 4


def test_the_dossier_and_the_signer(proposal: tuple[Path, list[str]]) -> None:
    _, texts = proposal
    start = texts.index("Hồ sơ kèm theo:")
    assert texts[start + 1 :] == [
        f"- Báo cáo thành tích của {QUANG_NINH};",
        f"- Báo cáo thành tích của {BAC_GIANG};",
        f"- Báo cáo thành tích của {THAI_NGUYEN};",
        "- Biên bản Hội nghị tổng kết phong trào thi đua năm 2021 của Cụm thi đua số II "
        "ngày 17/12/2021.",
    ]
    for line in ("TM. CỤM THI ĐUA SỐ II", "CỤM TRƯỞNG", "Nông Văn Khải", "Nơi nhận:"):
        assert line in texts
    assert "- Như trên;" in texts
    assert "- Lưu: VT." in texts


def test_no_proposal_while_a_count_is_unsettled(cum_ii: Path) -> None:
    meeting = cum_ii / "assessment" / "2021" / "meeting.yaml"
    text = meeting.read_text(encoding="utf-8")
    first, second = (
        "        quang-ninh: 4\n        thai-nguyen: 4\n",
        "    - cast: 8\n      valid: 8\n",
    )
    start = text.index(first) + len(first)
    end = text.index("  # Bằng khen")
    assert text[start:end].startswith(second)  # the second round of the flag
    meeting.write_text(text[:start] + text[end:], encoding="utf-8")
    written = _write(cum_ii)
    assert written.path is None
    assert not written.report.valid
    assert ("round-needed", "error") in {
        (issue.code, issue.severity) for issue in written.report.issues
    }
    assert not (cum_ii / "out" / "to-trinh-de-nghi-khen-thuong-nam-2021.docx").exists()


def test_no_proposal_without_a_meeting(cum_ii: Path) -> None:
    (cum_ii / "assessment" / "2021" / "meeting.yaml").unlink()
    written = _write(cum_ii)
    assert written.path is None
    assert [issue.code for issue in written.report.issues] == ["file-not-found"]
