"""Every failure ends cleanly: an exit code of 1, 2 or 130, a Vietnamese message, no traceback,
no temporary file left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import Invoke


@pytest.mark.parametrize(
    "command",
    [
        ("compile", "-p", "2022-H1", "-o", "{blocked}/r.docx"),
        ("pledge", "-y", "2022", "-o", "{blocked}/p.docx"),
        ("form", "bac-kan", "-p", "2022-H1", "-o", "{blocked}/f.xlsx"),
        ("export", "--year", "2021", "-j", "1", "-o", "{blocked}/export"),
    ],
    ids=["compile", "pledge", "form", "export"],
)
def test_an_output_folder_that_cannot_be_written(
    cli: Invoke, cum_ii: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    blocked = tmp_path / "a-file"  # a file where a folder should be: no folder can be made
    blocked.write_text("x", encoding="utf-8")
    arguments = [part.format(blocked=blocked) for part in command]
    result = cli(*arguments, "-w", cum_ii)
    assert result.exit_code in (1, 2), result.output
    assert "Không ghi được" in result.output or "không" in result.output.lower()
    assert "Traceback" not in result.output and "Lỗi không mong đợi" not in result.output


def test_a_temporary_file_left_by_a_killed_run_is_removed(cli: Invoke, cum_ii: Path) -> None:
    out = cum_ii / "out"
    out.mkdir()
    stale = out / ".tdcli-bao-cao-abcd1234.docx"
    stale.write_bytes(b"half a document")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    fresh = out / ".tdcli-bao-cao-efgh5678.docx"  # another run may be writing it now
    fresh.write_bytes(b"being written")
    assert cli("compile", "-w", cum_ii, "-p", "2022-H1").exit_code == 0
    assert not stale.exists() and fresh.exists()


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name == "nt", reason="POSIX signals")
def test_sigterm_ends_an_export_like_ctrl_c(cum_ii: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "tdcli", "export", "--all", "--per-member", "-j", "1"),
            *("-w", str(cum_ii), "-o", str(out), "--date", "2022-12-20"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(2.5)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the export finished before the signal")
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert list(out.rglob(".tdcli-*")) == []


def test_a_report_and_its_workbook_are_written_as_a_pair(
    cum_ii: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    import tdcli.render.xlsx
    from tdcli.model.periods import Period
    from tdcli.usecases.compile import compile_review
    from tdcli.workspace import load_workspace

    def full_disk(*args: object, **kwargs: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tdcli.render.xlsx, "write_workbook", full_disk)
    workspace, _ = load_workspace(cum_ii)
    assert workspace is not None
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "r.docx"
    from tdcli.render.outputs import OutputError

    with pytest.raises(OutputError, match="ổ đĩa đã hết chỗ trống"):
        compile_review(workspace, Period.parse("2022-H1"), output=target, report_date=date.today())
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == []
