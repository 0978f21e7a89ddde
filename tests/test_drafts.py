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
from tdcli.render.drafts import STATE_DIR_VARIABLE, keep_if_edited, kept_drafts, sha256_of
from tdcli.render.outputs import atomic_path
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


# What a review of the change found -----------------------------------------------------------


def test_a_write_that_fails_puts_the_kept_drafts_back(
    cum_ii: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workbook cannot be replaced (open in Excel): the edited report goes back under its
    own name, and the error names the workbook."""
    from tdcli.render.outputs import OutputError

    workspace, _ = load_workspace(cum_ii)
    assert workspace is not None
    period = Period.parse("2022-H1")
    first = compile_review(workspace, period, report_date=date(2022, 7, 20))
    assert first.docx is not None and first.xlsx is not None
    _polish(first.docx, "Sửa tay.")
    edited = sha256_of(first.docx)
    real = Path.replace
    workbook = first.xlsx

    def locked(self: Path, target: Path | str) -> Path:
        if Path(target) == workbook:
            raise PermissionError(13, "Permission denied", str(target))
        return real(self, target)

    monkeypatch.setattr(Path, "replace", locked)
    with pytest.raises(OutputError, match=re.escape(workbook.name)):
        compile_review(workspace, period, report_date=date(2022, 7, 20))
    monkeypatch.setattr(Path, "replace", real)
    assert sha256_of(first.docx) == edited  # back where the user left it
    assert not [name for name in _names(cum_ii / "out") if "-ban-" in name]


def test_a_command_that_stops_after_keeping_a_draft_says_where_it_is(
    cli: Invoke, cum_ii: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report is written and its draft kept, then the PDF fails: the error comes after the
    line that says where the edited report went."""
    assert cli("compile", "-w", cum_ii, "-p", "2022-H1").exit_code == 0
    report = cum_ii / "out" / f"{REPORT}.docx"
    _polish(report, "Sửa tay.")
    failing = tmp_path / "soffice"
    failing.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    failing.chmod(0o755)
    monkeypatch.setenv("TDCLI_SOFFICE", str(failing))
    result = cli("compile", "-w", cum_ii, "-p", "2022-H1", "--pdf")
    assert result.exit_code != 0
    (kept,) = [name for name in _names(cum_ii / "out") if "-ban-sua-" in name]
    said = " ".join(result.stderr.split())
    assert f"giữ lại bản đó với tên {kept}" in said
    assert said.index(kept) < said.index("Lỗi:")


def test_two_runs_keeping_one_draft_at_once_keep_it_once(tmp_path: Path) -> None:
    import threading

    target = tmp_path / "bao-cao.docx"
    target.write_bytes(b"ban cua van phong")
    start = threading.Barrier(8)
    found: list[object] = []

    def keep() -> None:
        start.wait()
        found.append(keep_if_edited(target))

    threads = [threading.Thread(target=keep) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len([draft for draft in found if draft is not None]) == 1
    files = list(tmp_path.iterdir())
    assert [path.read_bytes() for path in files] == [b"ban cua van phong"]
    assert files[0].name.startswith("bao-cao-ban-cu-")


def test_an_output_named_like_a_temporary_file_is_kept_too(tmp_path: Path) -> None:
    target = tmp_path / ".tdcli-giao-uoc.docx"
    target.write_bytes(b"ban cua van phong")
    with atomic_path(target) as temporary:
        temporary.write_bytes(b"tdcli")
    (kept,) = [path for path in tmp_path.iterdir() if path != target]
    assert kept.read_bytes() == b"ban cua van phong" and target.read_bytes() == b"tdcli"


@pytest.mark.skipif(os.name == "nt" or os.uname().sysname == "Darwin", reason="bytes names")
def test_a_folder_whose_name_is_not_utf8(tmp_path: Path) -> None:
    """A zip made on Windows, unpacked on Linux: the folder's name is not UTF-8."""
    folder = tmp_path / os.fsdecode(b"B\xe1o c\xe1o")
    folder.mkdir()
    target = folder / "a.xlsx"
    for _ in range(2):
        with kept_drafts() as kept, atomic_path(target) as temporary:
            temporary.write_bytes(b"tdcli")
        assert list(kept) == [] and kept.unrecorded == []
    assert [path.name for path in folder.iterdir()] == ["a.xlsx"]


def test_a_long_name_keeps_its_draft_under_a_name_that_fits(tmp_path: Path) -> None:
    target = tmp_path / f"{'bao-cao-tong-ket-' * 14}.docx"  # 238 bytes
    target.write_bytes(b"ban cua van phong")
    with atomic_path(target) as temporary:
        temporary.write_bytes(b"tdcli")
    (kept,) = [path for path in tmp_path.iterdir() if path != target]
    assert len(kept.name.encode()) <= 255 and "-ban-cu-" in kept.name
    assert kept.read_bytes() == b"ban cua van phong"


def test_a_record_that_cannot_be_written_is_said_once(
    cli: Invoke, cum_ii: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(STATE_DIR_VARIABLE, str(blocked))
    result = cli("compile", "-w", cum_ii, "-p", "2022-H1")
    assert result.exit_code == 0
    said = " ".join(result.stdout.split())
    assert said.count("Không ghi được sổ theo dõi tệp kết quả") == 1
    assert "tdcli sẽ giữ lại 2 tệp vừa ghi" in said and "TDCLI_STATE_DIR" in said


def test_export_adopts_what_its_manifest_says_it_wrote(
    cum_ii: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another computer, or a state folder lost: the manifest's sha256 says the files are
    tdcli's, so forcing a new export keeps none of them."""
    workspace, _ = load_workspace(cum_ii)
    assert workspace is not None
    out = tmp_path / "export"
    run_export(workspace, [2021], out, report_date=date(2021, 12, 20))
    monkeypatch.setenv(STATE_DIR_VARIABLE, str(tmp_path / "may-khac"))
    again = run_export(workspace, [2021], out, report_date=date(2021, 12, 20), force=True)
    assert again.ok and list(again.kept) == []
    assert not [*out.rglob("*-ban-cu-*"), *out.rglob("*-ban-sua-*")]


def test_an_edited_reply_is_kept_when_the_member_sends_a_correct_file(
    cli: Invoke, cum_ii: Path, tmp_path: Path
) -> None:
    from helpers import fill_form, make_form

    inbox = tmp_path / "thu"
    inbox.mkdir()
    wrong = make_form(cum_ii, "bac-kan", "2022-H1", inbox / "bac-kan.xlsx")
    fill_form(wrong, {"inspections.total": "nhiều"})
    cli("collect", "-w", cum_ii, inbox)
    reply = cum_ii / "out" / "phan-hoi" / "2022-H1" / "bac-kan-loi.xlsx"
    assert reply.is_file()
    book = load_workbook(reply)
    book.active["A1"] = "Văn phòng ghi thêm"
    book.save(reply)
    fill_form(wrong, {"inspections.total": 5})
    os.utime(wrong)  # the newer version
    result = cli("collect", "-w", cum_ii, inbox)
    assert not reply.exists()
    (kept,) = list(reply.parent.iterdir())
    assert kept.name.startswith("bac-kan-loi-ban-sua-")
    assert load_workbook(kept).active["A1"].value == "Văn phòng ghi thêm"
    assert kept.name in " ".join(result.stdout.split())
