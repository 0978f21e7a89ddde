"""--pdf: each document also printed to PDF through LibreOffice, beside its .docx; without
LibreOffice a clear message, exit 2 and nothing written."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tdcli.render.pdf import PdfError, write_pdf

from conftest import Invoke

SOFFICE = shutil.which("soffice")


def _info(pdf: Path) -> str:
    return subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60, check=True
    ).stdout


def test_without_libreoffice_nothing_is_written(
    cli: Invoke, cum_ii: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TDCLI_SOFFICE", str(tmp_path / "khong-co" / "soffice"))
    out = tmp_path / "out"
    for command in (
        ("compile", "--period", "2021", "-o", out / "bao-cao.docx"),
        ("pledge", "--year", "2022", "-o", out / "giao-uoc.docx"),
        ("assess", "minutes", "--year", "2021", "-o", out / "bien-ban.docx"),
        ("assess", "proposal", "--year", "2021", "-o", out / "to-trinh.docx"),
        ("assess", "ballots", "--year", "2021", "-o", out / "phieu-bau.docx"),
    ):
        result = cli(*command, "-w", cum_ii, "--pdf")
        assert result.exit_code == 2, result.output
        assert "Không tìm thấy LibreOffice" in " ".join(result.stderr.split())
    assert not out.exists()


@pytest.mark.parametrize(
    "command",
    [
        ("compile", "--period", "2021", "--date", "20/12/2021"),
        ("assess", "minutes", "--year", "2021"),
        ("assess", "proposal", "--year", "2021"),
    ],
    ids=["report", "minutes", "proposal"],
)
@pytest.mark.libreoffice
def test_a_pdf_beside_each_document(
    cli: Invoke, cum_ii: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    if SOFFICE is None or shutil.which("pdfinfo") is None:
        pytest.skip("LibreOffice or pdfinfo is not installed")
    document = tmp_path / "van-ban.docx"
    result = cli(*command, "-w", cum_ii, "-o", document, "--pdf")
    assert result.exit_code == 0, result.output
    pdf = document.with_suffix(".pdf")
    assert f"Đã tạo {pdf}" in result.output.replace("\n", "")
    info = _info(pdf)
    assert "(A4)" in info
    assert int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)) >= 2  # type: ignore[union-attr]
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, timeout=60, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)  # every font embedded
    names = {path.name for path in tmp_path.iterdir() if path.is_file()}
    assert (
        {"van-ban.docx", "van-ban.pdf"} <= names <= {"van-ban.docx", "van-ban.pdf", "van-ban.xlsx"}
    )


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (no soffice)")
def test_a_conversion_out_of_time_leaves_nothing(cli: Invoke, cum_ii: Path, tmp_path: Path) -> None:
    document = tmp_path / "giao-uoc.docx"
    assert cli("pledge", "-w", cum_ii, "--year", "2022", "-o", document).exit_code == 0
    with pytest.raises(PdfError, match="giây"):
        write_pdf(document, seconds=0.01)
    assert not document.with_suffix(".pdf").exists()
    assert [path.name for path in tmp_path.iterdir() if path.is_file()] == ["giao-uoc.docx"]


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (no soffice)")
def test_export_prints_every_document_and_lists_the_pdfs(
    cli: Invoke, cum_ii: Path, tmp_path: Path
) -> None:
    import json

    out = tmp_path / "export"
    result = cli("export", "-w", cum_ii, "--year", "2021", "-j", "2", "--pdf", "-o", out)
    assert result.exit_code == 0, result.output
    documents = sorted(path.relative_to(out).as_posix() for path in out.rglob("*.docx"))
    printed = sorted(path.relative_to(out).as_posix() for path in out.rglob("*.pdf"))
    assert len(documents) == 3  # the summary, the minutes, the proposal
    assert printed == sorted(name.removesuffix(".docx") + ".pdf" for name in documents)
    listed = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(printed) <= set(json.dumps(listed).replace('\\"', '"').split('"'))
    again = cli("export", "-w", cum_ii, "--year", "2021", "-j", "1", "--pdf", "-o", out)
    assert again.exit_code == 0 and re.search(r"Đã ghi 0 tệp", " ".join(again.output.split()))
