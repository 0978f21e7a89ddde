"""A Word document printed to PDF through LibreOffice (`soffice --headless`), as the ministry's
electronic dossiers take it: A4 as the document says, fonts embedded (LibreOffice's default).

Each conversion runs in a private LibreOffice profile made for it, so that conversions in
parallel processes never share one (a shared profile makes the second soffice hand its work to
the first, or fail); it has a time limit, after which the whole process group is killed; the PDF
is written beside its target under a temporary name and moved into place, so a failed or
stopped conversion leaves nothing half-written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from tdcli.errors import TdcliError, UsageError
from tdcli.render.outputs import atomic_path

__all__ = [
    "CONVERSION_SECONDS",
    "LibreOfficeMissing",
    "PdfError",
    "find_soffice",
    "pdf_beside",
    "printed",
    "require_soffice",
    "write_pdf",
]

CONVERSION_SECONDS = 180
"""Far more than any report takes (a few seconds); a hung soffice is stopped."""

_WINDOWS_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


class LibreOfficeMissing(UsageError):
    """No LibreOffice to print PDFs with."""


class PdfError(TdcliError):
    """LibreOffice could not print a document to PDF."""


def find_soffice() -> str | None:
    """LibreOffice's `soffice`: $TDCLI_SOFFICE, the PATH, or where Windows installs it."""
    chosen = os.environ.get("TDCLI_SOFFICE")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "win32":
        return next((place for place in _WINDOWS_PLACES if Path(place).is_file()), None)
    return None


def require_soffice() -> str:
    """`soffice`, or `LibreOfficeMissing` saying how to install it (asked before anything is
    written, so that a command with --pdf writes all of its files or none)."""
    found = find_soffice()
    if found is None:
        raise LibreOfficeMissing(
            "Không tìm thấy LibreOffice để xuất PDF (--pdf). Cài LibreOffice (miễn phí, "
            "https://www.libreoffice.org; trên Debian/Ubuntu: sudo apt-get install "
            "libreoffice-writer), hoặc đặt biến TDCLI_SOFFICE là đường dẫn tới soffice, rồi "
            "chạy lại; hoặc bỏ --pdf"
        )
    return found


def printed(document: Path, wanted: bool) -> Path | None:
    """The document's PDF beside it when `wanted` (the commands' --pdf), else None."""
    return write_pdf(document) if wanted else None


def pdf_beside(document: Path) -> Path:
    """The PDF of a document: the same name, `.pdf`, beside it."""
    return document.with_suffix(".pdf")


def write_pdf(
    document: Path, target: Path | None = None, *, seconds: float = CONVERSION_SECONDS
) -> Path:
    """Print `document` (.docx) to `target` (beside it by default), atomically."""
    soffice = require_soffice()
    target = target or pdf_beside(document)
    with contextlib.ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tdcli-pdf-")))
        profile, printed = work / "profile", work / "out"
        command = [
            soffice,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(printed),
            str(document.resolve()),
        ]
        process = _start(command)
        try:
            log, _ = process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise PdfError(
                f"LibreOffice không in xong {document.name} ra PDF sau {int(seconds)} giây; "
                "đóng các cửa sổ LibreOffice đang mở rồi chạy lại"
            ) from None
        except BaseException:
            _kill(process)
            raise
        made = printed / f"{document.stem}.pdf"
        if process.returncode != 0 or not made.is_file() or made.stat().st_size == 0:
            said = log.decode(errors="replace").strip().splitlines()[-1:] if log else []
            raise PdfError(
                f"LibreOffice không in được {document.name} ra PDF"
                + (f" ({said[0][:200]})" if said else "")
            )
        with atomic_path(target) as temporary:
            shutil.copyfile(made, temporary)
    return target


def _environment() -> dict[str, str]:
    """LibreOffice's own processes get nothing of this Python's environment (its bundled
    Python would take our PYTHONPATH for its own)."""
    return {
        name: value
        for name, value in os.environ.items()
        if name not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}
    }


def _start(command: list[str]) -> subprocess.Popen[bytes]:
    """soffice forks soffice.bin: a process group of its own lets a time limit end both."""
    if sys.platform == "win32":
        return subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=_environment(),
            creationflags=subprocess.CREATE_NEW_PROCESS_GROUP,
        )
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=_environment(),
        start_new_session=True,
    )


def _kill(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
        if sys.platform == "win32":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired, ValueError, OSError):
        process.communicate(timeout=15)  # reaps it and closes its pipe
