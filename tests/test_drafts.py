"""A draft the office edited is never lost (issue 15, part 1): tdcli records what it wrote and
keeps, under a new name with its time, a file changed since, or one it did not write; an
unchanged output is replaced as before."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from docx_helpers import body_texts, open_docx
from tdcli.model.periods import Period
from tdcli.render.outputs import (
    STATE_DIR_VARIABLE,
    atomic_path,
    keep_if_edited,
    kept_drafts,
    sha256_of,
)
from tdcli.usecases.compile import compile_review
from tdcli.usecases.export import run_export
from tdcli.workspace import load_workspace

from conftest import Invoke

REPORT = "bao-cao-so-ket-6-thang-dau-nam-2022"


def _polish(path: Path, text: str) -> None:
    """What an office does in Word: a sentence added, the file saved."""
    document = docx.Document(str(path))
    document.add_paragraph(text)
    document.save(str(path))


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_an_unchanged_report_is_replaced_and_nothing_else_is_written(
    cli: Invoke, cum_ii: Path
) -> None:
    first = cli("compile", "-w", cum_ii, "-p", "2022-H1", "--date", "20/7/2022")
    assert first.exit_code == 0
    again = cli("compile", "-w", cum_ii, "-p", "2022-H1", "--date", "21/7/2022")
    assert again.exit_code == 0
    assert "giữ lại" not in again.stdout
    assert _names(cum_ii / "out") == [f"{REPORT}.docx", f"{REPORT}.xlsx"]
    assert any(
        "21 tháng 7 năm 2022" in text
        for text in body_texts(open_docx(cum_ii / "out" / f"{REPORT}.docx"))
    )


def test_a_report_edited_in_word_is_kept_and_said(cli: Invoke, cum_ii: Path) -> None:
    assert cli("compile", "-w", cum_ii, "-p", "2022-H1").exit_code == 0
    report = cum_ii / "out" / f"{REPORT}.docx"
    _polish(report, "Đoạn văn phòng đã sửa tay.")
    edited = sha256_of(report)
    result = cli("compile", "-w", cum_ii, "-p", "2022-H1")
    assert result.exit_code == 0
    kept = [name for name in _names(cum_ii / "out") if "-ban-sua-" in name]
    assert len(kept) == 1 and re.fullmatch(rf"{REPORT}-ban-sua-\d{{8}}-\d{{4}}\.docx", kept[0])
    assert sha256_of(cum_ii / "out" / kept[0]) == edited
    said = " ".join(result.stdout.split())
    assert f"{report} đã được sửa sau khi tdcli ghi: giữ lại bản đó với tên {kept[0]}" in said
    # the new report is tdcli's own, and the next run replaces it without keeping anything
    assert "Đoạn văn phòng đã sửa tay." not in body_texts(open_docx(report))
    assert cli("compile", "-w", cum_ii, "-p", "2022-H1").exit_code == 0
    assert len([name for name in _names(cum_ii / "out") if "-ban-" in name]) == 1


def test_an_edited_data_workbook_is_kept_too(cum_ii: Path) -> None:
    workspace, _ = load_workspace(cum_ii)
    assert workspace is not None
    period = Period.parse("2022-H1")
    first = compile_review(workspace, period, report_date=date(2022, 7, 20))
    assert first.xlsx is not None and not first.kept
    book = load_workbook(first.xlsx)
    book.active["A1"] = "Đã chỉnh"
    book.save(first.xlsx)
    second = compile_review(workspace, period, report_date=date(2022, 7, 20))
    assert [(draft.output, draft.edited) for draft in second.kept] == [(first.xlsx, True)]
    assert load_workbook(second.kept[0].kept).active["A1"].value == "Đã chỉnh"


def test_a_file_tdcli_did_not_write_is_kept_as_an_old_copy(cli: Invoke, cum_ii: Path) -> None:
    target = cum_ii / "out" / "giao-uoc-thi-dua-nam-2022.docx"
    target.parent.mkdir()
    target.write_bytes(b"ban cua van phong")
    result = cli("pledge", "-w", cum_ii, "-y", "2022", "--date", "15/1/2022")
    assert result.exit_code == 0
    kept = [name for name in _names(target.parent) if "-ban-cu-" in name]
    assert len(kept) == 1
    assert (target.parent / kept[0]).read_bytes() == b"ban cua van phong"
    assert "không do tdcli ghi" in " ".join(result.stdout.split())


def test_an_edited_proposal_is_kept(cli: Invoke, cum_ii: Path) -> None:
    assert cli("assess", "proposal", "-w", cum_ii, "-y", "2021").exit_code == 0
    proposal = cum_ii / "out" / "to-trinh-de-nghi-khen-thuong-nam-2021.docx"
    _polish(proposal, "Kính trình.")
    result = cli("assess", "proposal", "-w", cum_ii, "-y", "2021")
    assert result.exit_code == 0
    kept = [name for name in _names(proposal.parent) if "-ban-sua-" in name]
    assert len(kept) == 1 and "Kính trình." in body_texts(open_docx(proposal.parent / kept[0]))
    assert "đã được sửa sau khi tdcli ghi" in result.stdout


def test_an_edited_ranking_workbook_is_kept(cli: Invoke, cum_ii: Path) -> None:
    assert cli("assess", "rank", "-w", cum_ii, "-y", "2021").exit_code == 0
    ranking = cum_ii / "out" / "xep-hang-thi-dua-nam-2021.xlsx"
    ranking.write_bytes(ranking.read_bytes() + b"\0")
    assert cli("assess", "rank", "-w", cum_ii, "-y", "2021").exit_code == 0
    assert len([name for name in _names(ranking.parent) if "-ban-sua-" in name]) == 1


def test_export_keeps_an_edited_year_and_leaves_the_others(cum_ii: Path, tmp_path: Path) -> None:
    workspace, _ = load_workspace(cum_ii)
    assert workspace is not None
    out = tmp_path / "export"
    day = date(2022, 12, 20)
    first = run_export(workspace, None, out, report_date=day)
    assert first.ok and not first.kept
    report = out / "2021" / "bao-cao-tong-ket-nam-2021.docx"
    _polish(report, "Phần văn phòng viết thêm.")
    second = run_export(workspace, None, out, report_date=day)
    # the edited year is written again (it is no longer what the manifest says), its draft kept
    assert [(draft.output, draft.edited) for draft in second.kept] == [(report, True)]
    assert "Phần văn phòng viết thêm." in body_texts(open_docx(second.kept[0].kept))
    assert {outcome.year: outcome.status for outcome in second.years}[2022] == "unchanged"
    # and what the manifest records of the year is the new report, not the draft
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"]["2021/bao-cao-tong-ket-nam-2021.docx"]["sha256"] == sha256_of(report)


def test_export_says_which_draft_it_kept(cli: Invoke, cum_ii: Path) -> None:
    arguments = ("export", "-w", cum_ii, "--year", "2021", "--date", "20/12/2021", "-j", "1")
    assert cli(*arguments).exit_code == 0
    report = cum_ii / "out" / "export" / "2021" / "bao-cao-tong-ket-nam-2021.docx"
    _polish(report, "Thêm.")
    result = cli(*arguments)
    assert result.exit_code == 0
    assert "đã được sửa sau khi tdcli ghi" in result.stdout


def test_kept_names_never_collide(tmp_path: Path) -> None:
    target = tmp_path / "a.docx"
    with kept_drafts() as kept:
        for content in (b"1", b"2", b"3"):
            target.write_bytes(content)  # not written by tdcli: kept each time
            with atomic_path(target) as temporary:
                temporary.write_bytes(b"tdcli")
    assert len(kept) == 3 and len({draft.kept for draft in kept}) == 3
    assert sorted(draft.kept.read_bytes() for draft in kept) == [b"1", b"2", b"3"]
    assert target.read_bytes() == b"tdcli"
    assert keep_if_edited(target) is None  # as tdcli wrote it


def test_the_record_is_kept_outside_the_output_folder(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.xlsx"
    with atomic_path(target) as temporary:
        temporary.write_bytes(b"x")
    assert _names(tmp_path / "out") == ["a.xlsx"]
    state = Path(os.environ[STATE_DIR_VARIABLE])
    records = [json.loads(path.read_text(encoding="utf-8")) for path in state.rglob("*.json")]
    assert {"path": str(target.resolve()), "sha256": sha256_of(target)}.items() <= next(
        record for record in records if record["path"] == str(target.resolve())
    ).items()


def test_without_a_record_folder_outputs_are_still_written_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(STATE_DIR_VARIABLE, str(blocked))
    target = tmp_path / "a.docx"
    for _ in range(2):
        with atomic_path(target) as temporary:
            temporary.write_bytes(b"tdcli")
    # with nothing recorded, the first copy is kept rather than lost
    assert target.read_bytes() == b"tdcli"
    assert len(list(tmp_path.glob("a-ban-cu-*.docx"))) == 1


def test_filing_a_submission_records_nothing_and_keeps_nothing(
    cli: Invoke, cum_ii: Path, tmp_path: Path
) -> None:
    state = Path(os.environ[STATE_DIR_VARIABLE])
    before = set(state.rglob("*.json"))
    source = cum_ii / "submissions" / "2022-H1"
    arrived = tmp_path / "arrived"
    arrived.mkdir()
    sent = (source / "bac-giang.yaml").read_text(encoding="utf-8")
    (arrived / "gui-lai.yaml").write_text(sent + "# gửi lại\n", encoding="utf-8")
    result = cli("collect", "-w", cum_ii, arrived)
    assert "đã thay bản cũ" in result.stdout  # filed over the old one, which is archived
    assert set(state.rglob("*.json")) == before
    assert not list((cum_ii / "submissions").rglob("*-ban-*"))
