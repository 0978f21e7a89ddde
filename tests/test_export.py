"""`tdcli export`: files, manifest, re-runs, parallel runs, invalid years, interruptions."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import tdcli.usecases.export
from docx_helpers import body_texts, open_docx
from tdcli.cli import app
from tdcli.usecases.export import MANIFEST, run_export
from tdcli.workspace import load_workspace

from conftest import Invoke
from helpers import ROOT

DATE = "2022-12-20"


def export(cli: Invoke, workspace: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = cli("export", "--all", "-w", workspace, "-o", out, "--date", DATE, *extra)
    return result.exit_code, result.stdout


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Exported:
    workspace: Path
    out: Path


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    """One export of the example, every year with member pages, shared by the tests that only
    read it (and copied by those that change it)."""
    root = tmp_path_factory.mktemp("exported")
    workspace = root / "cum-ii"
    shutil.copytree(ROOT / "examples" / "cum-ii", workspace, ignore=shutil.ignore_patterns("out"))
    out = root / "out"
    runner = CliRunner(env={"COLUMNS": "200"})
    arguments = ["export", "--all", "-w", str(workspace), "-o", str(out), "--date", DATE]
    result = runner.invoke(app, [*arguments, "--per-member", "-j", "1"])
    assert result.exit_code == 0, result.stdout
    return Exported(workspace, out)


def _copy(exported: Exported, tmp_path: Path) -> Exported:
    """A copy of the shared export and its workspace, to change."""
    shutil.copytree(exported.workspace, tmp_path / "cum-ii")
    shutil.copytree(exported.out, tmp_path / "out")
    return Exported(tmp_path / "cum-ii", tmp_path / "out")


def test_the_example_exports_every_year(exported: Exported) -> None:
    out = exported.out
    files = sorted(path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file())
    assert "2021/bao-cao-tong-ket-nam-2021.docx" in files
    assert "2021/bao-cao-tong-ket-nam-2021.xlsx" in files
    assert "2022/bao-cao-so-ket-6-thang-dau-nam-2022.docx" in files
    assert "2022/bieu-do-theo-don-vi.png" in files and "2022/bieu-do-qua-cac-nam.png" in files
    assert "2021/thanh-vien/bac-giang.docx" in files and "2022/thanh-vien/tuyen-quang.docx" in files
    assert "tong-hop-cac-nam.xlsx" in files and MANIFEST in files
    assert not [name for name in files if Path(name).name.startswith(".")]
    texts = body_texts(open_docx(out / "2022/bao-cao-so-ket-6-thang-dau-nam-2022.docx"))
    assert any("Chưa có báo cáo cả năm 2022" in text for text in texts)
    document = open_docx(out / "2022/bao-cao-so-ket-6-thang-dau-nam-2022.docx")
    assert len(document.inline_shapes) == 2  # members' chart and the trend across years
    member = body_texts(open_docx(out / "2022/thanh-vien/bac-kan.docx"))
    assert "Sở Tài nguyên và Môi trường tỉnh Bắc Kạn" in member
    assert "TÓM TẮT KẾT QUẢ THI ĐUA 6 THÁNG ĐẦU NĂM 2022" in member


def test_manifest_hashes_match_and_name_the_sources(exported: Exported) -> None:
    out, cum_ii = exported.out, exported.workspace
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["files"]
    for name, entry in manifest["files"].items():
        assert sha256(out / name) == entry["sha256"]
        for source, digest in entry["sources"].items():
            assert sha256(cum_ii / source) == digest
    sources = manifest["files"]["2022/bao-cao-so-ket-6-thang-dau-nam-2022.docx"]["sources"]
    assert "submissions/2022-H1/bac-kan.xlsx" in sources
    assert "submissions/2021-H1/bac-giang.yaml" in sources  # last year's, for the comparison
    assert "cluster.yaml" in sources


def test_a_second_run_renders_nothing_unless_forced(
    cli: Invoke, exported: Exported, tmp_path: Path
) -> None:
    cum_ii, out = exported.workspace, tmp_path / "out"
    shutil.copytree(exported.out, out)
    before = {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}
    code, stdout = export(cli, cum_ii, out, "-j", "1", "--per-member")
    assert code == 0 and re.search(r"Đã ghi 0 tệp", stdout)
    after = {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}
    assert before == after
    code, stdout = export(cli, cum_ii, out, "-j", "1", "--force")
    assert code == 0 and not re.search(r"Đã ghi 0 tệp", stdout)


def test_a_changed_submission_renders_its_year_again(exported: Exported, tmp_path: Path) -> None:
    copy = _copy(exported, tmp_path)
    cum_ii, out = copy.workspace, copy.out
    workspace, _ = load_workspace(cum_ii)
    assert workspace is not None
    file = cum_ii / "submissions/2022-H1/phu-tho.yaml"
    file.write_text(
        file.read_text(encoding="utf-8").replace("sessions: 4", "sessions: 5"), encoding="utf-8"
    )
    again = run_export(workspace, None, out, per_member=True, report_date=date(2022, 12, 20))
    statuses = {outcome.year: outcome.status for outcome in again.years}
    assert statuses == {2021: "unchanged", 2022: "written"}


def test_two_jobs_write_what_one_job_writes(
    cli: Invoke, exported: Exported, tmp_path: Path
) -> None:
    one, two = exported.out, tmp_path / "two"
    assert export(cli, exported.workspace, two, "-j", "2", "--per-member")[0] == 0
    names = sorted(p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(two).as_posix() for p in two.rglob("*") if p.is_file())
    for name in names:
        if name.endswith(".docx"):
            assert body_texts(open_docx(one / name)) == body_texts(open_docx(two / name)), name
        elif name.endswith(".xlsx"):
            first, second = load_workbook(one / name), load_workbook(two / name)
            for sheet in first.sheetnames:
                rows = list(first[sheet].iter_rows(values_only=True))
                assert rows == list(second[sheet].iter_rows(values_only=True)), (name, sheet)
        elif name.endswith(".png"):
            assert sha256(one / name) == sha256(two / name), name


def test_an_invalid_year_is_skipped_and_the_run_fails(
    cli: Invoke, cum_ii: Path, tmp_path: Path
) -> None:
    file = cum_ii / "submissions/2021/bac-giang.yaml"
    file.write_text(file.read_text(encoding="utf-8") + "unknown_key: 1\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout = export(cli, cum_ii, out, "-j", "1")
    assert code == 1
    assert "lỗi dữ liệu, bỏ qua" in stdout and "unknown_key" in stdout
    assert not (out / "2021").exists()
    assert (out / "2022/bao-cao-so-ket-6-thang-dau-nam-2022.docx").is_file()


def test_an_interruption_leaves_no_partial_file(
    cum_ii: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    real = tdcli.usecases.export.render_member
    calls = {"n": 0}

    def interrupted(*args: object) -> list[str]:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(tdcli.usecases.export, "render_member", interrupted)
    workspace, _ = load_workspace(cum_ii)
    assert workspace is not None
    with pytest.raises(KeyboardInterrupt):
        run_export(workspace, None, out, per_member=True, report_date=date(2022, 12, 20))
    leftovers = [p for p in out.rglob("*") if p.name.startswith(".")]
    assert leftovers == []
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    for name, entry in manifest["files"].items():
        assert sha256(out / name) == entry["sha256"]
    monkeypatch.setattr(tdcli.usecases.export, "render_member", real)
    resumed = run_export(workspace, None, out, per_member=True, report_date=date(2022, 12, 20))
    assert resumed.ok


def test_the_across_years_workbook(exported: Exported) -> None:
    cached = load_workbook(exported.out / "tong-hop-cac-nam.xlsx", data_only=True)
    sheet = cached["Thanh tra, kiểm tra"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(row for row in rows if row[0] == "Đơn vị")
    assert header[1] == "2021" and str(header[2]).startswith("2022")
    total = next(row for row in rows if row[0] == "Tổng cộng Cụm")
    assert total[2] == 50  # 2022-H1 inspections, cached so any viewer shows it


def test_usage_and_years_without_data(cli: Invoke, cum_ii: Path, tmp_path: Path) -> None:
    assert cli("export", "-w", cum_ii).exit_code == 2
    result = cli("export", "-w", cum_ii, "--year", "2019", "-o", tmp_path / "o", "-j", "1")
    assert result.exit_code == 1 and "không có báo cáo" in result.stdout


def test_charts_library_is_not_loaded_by_compile(cum_ii: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    target = tmp_path / "r.docx"
    code = (
        "import sys\nfrom tdcli.cli import main\n"
        f"try:\n    main(['compile','-w',r'{cum_ii}','-p','2022-H1','-o',r'{target}'])\n"
        "except SystemExit:\n    pass\n"
        "print('MPL=' + str('matplotlib' in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "MPL=False"


def test_a_deleted_chart_is_drawn_again(exported: Exported, tmp_path: Path) -> None:
    copy = _copy(exported, tmp_path)
    (copy.out / "2022" / "bieu-do-qua-cac-nam.png").unlink()
    workspace, _ = load_workspace(copy.workspace)
    assert workspace is not None
    again = run_export(workspace, None, copy.out, per_member=True, report_date=date(2022, 12, 20))
    assert {outcome.year: outcome.status for outcome in again.years} == {
        2021: "unchanged",
        2022: "written",
    }
    assert (copy.out / "2022" / "bieu-do-qua-cac-nam.png").is_file()


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'{"files": {}}', b'{"generator": "tdcli 0.1.0", "files": {"a": 1}}', b"\xff"],
    ids=["damaged", "someone-elses", "malformed-entry", "not-text"],
)
def test_a_manifest_tdcli_did_not_write_is_never_replaced(
    cli: Invoke, exported: Exported, tmp_path: Path, content: bytes
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST).write_bytes(content)
    code, _ = export(cli, exported.workspace, out, "-j", "1")
    assert code == 2
    assert (out / MANIFEST).read_bytes() == content
    assert [path.name for path in out.iterdir()] == [MANIFEST]


def test_a_new_date_renders_the_documents_again(exported: Exported, tmp_path: Path) -> None:
    copy = _copy(exported, tmp_path)
    workspace, _ = load_workspace(copy.workspace)
    assert workspace is not None
    again = run_export(workspace, None, copy.out, per_member=True, report_date=date(2023, 1, 5))
    assert {outcome.status for outcome in again.years} == {"written"}


def test_progress_knows_the_documents_before_rendering(cum_ii: Path, tmp_path: Path) -> None:
    """The documents' total is said before the first is written and never changes; a second
    run with nothing to do shows no documents' bar at all; the result says how long it took."""
    from tdcli.cli.output import export_summary_line
    from tdcli.usecases.export import ExportEvent

    workspace, _ = load_workspace(cum_ii)
    assert workspace is not None
    events: list[ExportEvent] = []
    out = tmp_path / "out"
    first = run_export(workspace, None, out, per_member=True, progress=events.append)
    renders = [event for event in events if event.phase == "render"]
    assert renders[0].done == 0 and renders[0].total > 0
    assert {event.total for event in renders} == {renders[0].total}
    assert [event.done for event in renders] == list(range(renders[0].total + 1))
    prepares = [event for event in events if event.phase == "prepare"]
    assert prepares and all(event.total == prepares[0].total for event in prepares)
    assert first.seconds > 0
    line = export_summary_line(first, out)
    assert line.startswith(f"Đã ghi {len(first.written)} tệp, 0 tệp không đổi")
    # what the summary counts is what its table lists: each year's files and the workbook
    # across the years
    assert first.across is not None and first.across.status == "written"
    listed = sum(len(outcome.files) for outcome in first.years) + len(first.across.files)
    assert listed == len(first.written)
    assert "mất " in line and "giây" in line

    events.clear()
    again = run_export(workspace, None, out, per_member=True, progress=events.append)
    assert not [event for event in events if event.phase == "render"]
    assert not again.written and again.unchanged
    assert export_summary_line(again, out).startswith(f"Đã ghi 0 tệp, {len(again.unchanged)} tệp")
    assert again.across is not None and again.across.status == "unchanged"
    assert len(again.unchanged) == len(first.written)


def test_the_summary_names_the_years_skipped(cum_ii: Path, tmp_path: Path) -> None:
    from tdcli.cli.output import export_summary_line

    workspace, _ = load_workspace(cum_ii)
    assert workspace is not None
    result = run_export(workspace, [2021, 2023], tmp_path / "out")
    assert "bỏ qua 1 năm: 2023 (không có báo cáo)" in export_summary_line(result, tmp_path)
