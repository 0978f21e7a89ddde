"""`assess ballots`: one secret ballot per member present, the candidates of each award in
rank order, the instruction with the quota; round 2 holds only round 2's candidates; two
ballots a page when printed."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from docx.oxml.ns import qn

from docx_helpers import open_docx, run_fonts
from tdcli.errors import UsageError
from tdcli.usecases.assess_meeting import write_ballots
from tdcli.workspace import load_workspace

FLAG = "Cờ thi đua của Bộ Tài nguyên và Môi trường"
MERIT = "Bằng khen của Bộ trưởng Bộ Tài nguyên và Môi trường"


def _department(province: str) -> str:
    return f"Sở Tài nguyên và Môi trường tỉnh {province}"


def _texts(element: Any) -> list[str]:
    """Every paragraph's text below `element`, nested tables included."""
    texts = []
    for paragraph in element.iter(qn("w:p")):
        text = "".join(node.text or "" for node in paragraph.iter(qn("w:t")))
        if text.strip():
            texts.append(text)
    return texts


def _ballots(document: Any) -> list[list[str]]:
    """The texts of each ballot: each is one outer one-cell table."""
    return [_texts(table._tbl) for table in document.tables]


def _awards(texts: list[str]) -> dict[str, list[str]]:
    """Award heading -> candidate names, in the ballot's order."""
    found: dict[str, list[str]] = {}
    current = None
    for text in texts:
        heading = re.match(r"\d\. (.+)", text)
        if heading:
            current = heading.group(1)
            found[current] = []
        elif current and text.startswith("Sở "):
            found[current].append(text)
    return found


def _write(cum_ii: Path, **options: Any) -> Any:
    workspace, _ = load_workspace(cum_ii)
    assert workspace is not None
    return write_ballots(workspace, 2021, **options)


def test_one_ballot_per_member_present_with_ranked_candidates(cum_ii: Path) -> None:
    result = _write(cum_ii)
    assert result.path == cum_ii / "out" / "phieu-bau-nam-2021.docx"
    assert result.report.errors == []
    document = open_docx(result.path)
    ballots = _ballots(document)
    assert len(ballots) == 8  # nine members, Hà Giang absent
    for texts in ballots:
        assert texts[:2] == ["CỤM THI ĐUA SỐ II", "PHIẾU BẦU"]
        assert "Hội nghị tổng kết phong trào thi đua năm 2021 - Bỏ phiếu vòng 1" in texts
        assert _awards(texts) == {
            # Bắc Giang withdrew from the flag
            FLAG: [_department("Quảng Ninh"), _department("Thái Nguyên")],
            # round 1 is printed before any vote: every eligible member, in rank order (one
            # the flag then proposes takes no seat of the certificates, the count says)
            MERIT: [
                _department("Quảng Ninh"),
                _department("Bắc Giang"),
                _department("Thái Nguyên"),
                _department("Cao Bằng"),
                _department("Phú Thọ"),
            ],
        }
        instructions = [text for text in texts if text.startswith("Đánh dấu X vào")]
        quotas = [re.findall(r"chọn không quá (\d+) đơn vị", text) for text in instructions]
        assert quotas == [["1"], ["2"]]
        assert instructions[0].endswith("Phiếu chọn quá số lượng là phiếu không hợp lệ.")
        assert any("từ 50% tổng số thành viên của Cụm (9 đơn vị)" in text for text in texts)
        assert any("từ 50% số thành viên dự họp (8 đơn vị)" in text for text in texts)
        # secret: no member present's delegate, no signature, no number
        joined = " ".join(texts)
        assert "Nông Văn Khải" not in joined and "Số:" not in joined and "KÝ" not in joined
    # a box to tick: the last cell of each candidate's row is empty
    inner = document.tables[0].cell(0, 0).tables
    assert [row.cells[-1].text for row in inner[0].rows] == ["Đánh dấu X", "", ""]
    assert all(font["ascii"] == "Times New Roman" for font in run_fonts(document.element.body))


def test_round_two_holds_only_its_candidates(cum_ii: Path) -> None:
    result = _write(cum_ii, round_number=2)
    assert result.path == cum_ii / "out" / "phieu-bau-nam-2021-vong-2.docx"
    ballots = _ballots(open_docx(result.path))
    assert len(ballots) == 8
    for texts in ballots:
        assert "Hội nghị tổng kết phong trào thi đua năm 2021 - Bỏ phiếu vòng 2" in texts
        assert _awards(texts) == {FLAG: [_department("Quảng Ninh"), _department("Thái Nguyên")]}


def test_a_round_that_does_not_exist_is_refused(cum_ii: Path) -> None:
    with pytest.raises(UsageError, match="vòng 3"):
        _write(cum_ii, round_number=3)
    assert not (cum_ii / "out").exists()


def test_without_meeting_one_ballot_per_member_of_the_year(cum_ii: Path) -> None:
    (cum_ii / "assessment" / "2021" / "meeting.yaml").unlink()
    result = _write(cum_ii)
    ballots = _ballots(open_docx(result.path))
    assert len(ballots) == 9
    assert _awards(ballots[0])[FLAG] == [
        _department("Quảng Ninh"),
        _department("Bắc Giang"),
        _department("Thái Nguyên"),
    ]


def test_missing_scores_write_nothing(cum_ii: Path) -> None:
    (cum_ii / "assessment" / "2021" / "self" / "bac-kan.xlsx").unlink()
    result = _write(cum_ii)
    assert result.path is None
    assert "assessment-missing" in {issue.code for issue in result.report.errors}
    assert not (cum_ii / "out").exists()


SOFFICE = shutil.which("soffice")


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (no soffice on PATH)")
def test_two_ballots_a_page(cum_ii: Path, tmp_path: Path) -> None:
    from test_libreoffice import pdf_pages

    result = _write(cum_ii, output=tmp_path / "phieu-bau.docx")
    assert result.path is not None
    assert pdf_pages(result.path, tmp_path) == math.ceil(8 / 2)
