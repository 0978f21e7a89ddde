"""The year report gains the year-end assessment; the export carries the minutes and the
proposal beside it."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from docx_helpers import body_texts, open_docx
from tdcli.model.periods import Period
from tdcli.usecases.compile import CompileResult, compile_review
from tdcli.usecases.export import run_export
from tdcli.workspace import load_workspace

SENTENCE = "Kết quả chấm điểm thi đua năm 2021: 9/9 đơn vị hoàn thành xuất sắc nhiệm vụ."
FLAG = "- Cờ thi đua của Bộ Tài nguyên và Môi trường: Sở Tài nguyên và Môi trường tỉnh Quảng Ninh."
ITEM = "5. Kết quả chấm điểm, bình xét thi đua"


def _compile(root: Path, period: str, target: Path) -> tuple[list[str], CompileResult]:
    workspace, _ = load_workspace(root)
    assert workspace is not None
    result = compile_review(
        workspace, Period.parse(period), output=target, report_date=date(2022, 1, 5)
    )
    assert result.docx == target, result.report.issues
    return body_texts(open_docx(target)), result


def _ranking_table(path: Path) -> list[list[str]] | None:
    for table in open_docx(path).tables:
        if table.rows[0].cells[0].text in ("Hạng", "Xếp hạng"):
            return [[cell.text for cell in row.cells] for row in table.rows]
    return None


def test_the_year_report_says_the_scores_and_the_proposals(cum_ii: Path, tmp_path: Path) -> None:
    target = tmp_path / "bc.docx"
    texts, result = _compile(cum_ii, "2021", target)
    assert not result.report.issues
    start = texts.index(ITEM)
    part = texts[start : texts.index("II. NHIỆM VỤ TRỌNG TÂM NĂM 2022")]
    assert SENTENCE in part
    assert FLAG in part
    assert any(text.startswith("- Bằng khen của Bộ trưởng") for text in part)
    assert any("Tại Hội nghị tổng kết ngày 17/12/2021" in text for text in part)
    assert not any(text.startswith("Ghi chú: việc chấm điểm") for text in part)
    assert any(text.startswith("9. Kết quả chấm điểm, xếp hạng thi đua") for text in texts)
    rows = _ranking_table(target)
    assert rows is not None
    assert rows[1][:2] == ["1", "Quảng Ninh"]  # the appendix names provinces, as its other tables
    assert len(rows) == 10


def test_the_mid_year_report_has_no_assessment(cum_ii: Path, tmp_path: Path) -> None:
    target = tmp_path / "h1.docx"
    texts, _ = _compile(cum_ii, "2021-H1", target)
    assert ITEM not in texts and SENTENCE not in texts
    assert _ranking_table(target) is None


def test_a_workspace_without_assessment_compiles_as_before(cum_ii: Path, tmp_path: Path) -> None:
    shutil.rmtree(cum_ii / "assessment")
    target = tmp_path / "bc.docx"
    texts, result = _compile(cum_ii, "2021", target)
    assert not result.report.issues
    assert ITEM not in texts
    assert _ranking_table(target) is None


def test_an_incomplete_assessment_warns_and_the_report_is_written(
    cum_ii: Path, tmp_path: Path
) -> None:
    (cum_ii / "assessment" / "2021" / "self" / "ha-giang.yaml").unlink()
    target = tmp_path / "bc.docx"
    texts, result = _compile(cum_ii, "2021", target)
    issues = {(issue.code, issue.severity) for issue in result.report.issues}
    assert ("assessment-missing", "warning") in issues
    assert result.report.valid
    part = texts[texts.index(ITEM) :]
    assert any(
        text.startswith("Ghi chú: việc chấm điểm, bình xét thi đua năm 2021") for text in part
    )
    rows = _ranking_table(target)
    assert rows is not None and rows[-1][-1] == "Chưa chấm điểm"


def test_the_export_carries_the_minutes_and_the_proposal(cum_ii: Path, tmp_path: Path) -> None:
    workspace, _ = load_workspace(cum_ii)
    assert workspace is not None
    out = tmp_path / "export"
    result = run_export(workspace, [2021], out, report_date=date(2022, 1, 5))
    assert result.ok, result.report.issues
    files = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    minutes = "2021/bien-ban-hoi-nghi-tong-ket-nam-2021.docx"
    proposal = "2021/to-trinh-de-nghi-khen-thuong-nam-2021.docx"
    assert minutes in files and proposal in files
    assert "assessment/2021/meeting.yaml" in files[proposal]["sources"]
    texts = body_texts(open_docx(out / proposal))
    assert "Số:       /TTr-CTĐ" in texts
    assert "Cao Bằng, ngày 05 tháng 01 năm 2022" in texts
    assert any(text.startswith("BIÊN BẢN") for text in body_texts(open_docx(out / minutes)))
    report = next(name for name in files if name.startswith("2021/bao-cao"))
    assert SENTENCE in body_texts(open_docx(out / report))
    again = run_export(workspace, [2021], out, report_date=date(2022, 1, 5))
    assert not again.written and out / proposal in again.unchanged


def test_the_export_leaves_them_out_while_a_count_is_unsettled(
    cum_ii: Path, tmp_path: Path
) -> None:
    meeting = cum_ii / "assessment" / "2021" / "meeting.yaml"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text[: text.index("ballots:")] + "handover:" + text.split("handover:")[1])
    workspace, _ = load_workspace(cum_ii)
    assert workspace is not None
    out = tmp_path / "export"
    result = run_export(workspace, [2021], out, report_date=date(2022, 1, 5))
    assert result.ok
    files = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert not any("to-trinh" in name or "bien-ban" in name for name in files)
    assert ("round-needed", "warning") in {
        (issue.code, issue.severity) for issue in result.report.issues
    }
