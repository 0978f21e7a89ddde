"""Times New Roman everywhere (nd30-format.md): in every part of every bundled template and of
every document tdcli writes: styles and their Word 2010 copy, the theme (what a style Word adds
later falls back to), list bullets, headers, the body and the font table."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from conftest import Invoke
from helpers import ROOT

FONT = "Times New Roman"
_SLOTS = re.compile(r'w:(?:ascii|hAnsi|cs|eastAsia)="([^"]*)"')
_THEME = re.compile(r'w:(?:ascii|hAnsi|cs|eastAsia|cstheme)Theme="([^"]*)"|w:cstheme="([^"]*)"')
_TYPEFACE = re.compile(r'typeface="([^"]*)"')
_DECLARED = re.compile(r'<w:font w:name="([^"]*)"')


def other_fonts(docx: Path) -> set[str]:
    """Every font a part of `docx` names other than Times New Roman (theme references too)."""
    found: set[str] = set()
    with zipfile.ZipFile(docx) as archive:
        for name in archive.namelist():
            if not name.endswith(".xml"):
                continue
            xml = archive.read(name).decode("utf-8")
            # rFonts only: w:eastAsia is also an attribute of w:lang (a language, not a font)
            for fonts in re.findall(r"<w:rFonts [^>]*>", xml):
                found.update(f"{name}: {face}" for face in _SLOTS.findall(fonts) if face != FONT)
                found.update(f"{name}: theme {''.join(face)}" for face in _THEME.findall(fonts))
            found.update(
                f"{name}: {face}" for face in _TYPEFACE.findall(xml) if face not in (FONT, "")
            )
            found.update(f"{name}: {face}" for face in _DECLARED.findall(xml) if face != FONT)
    return found


@pytest.mark.parametrize("template", sorted((ROOT / "templates").glob("*.docx")), ids=str)
def test_every_bundled_template_is_times_new_roman(template: Path) -> None:
    assert other_fonts(template) == set()


def test_every_document_written_is_times_new_roman(
    cli: Invoke, cum_ii: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    commands = [
        ("compile", "--period", "2021", "-o", out / "bao-cao.docx"),
        ("compile", "--period", "2022-H1", "-o", out / "so-ket.docx"),
        ("pledge", "--year", "2022", "-o", out / "giao-uoc.docx"),
        ("assess", "ballots", "--year", "2021", "-o", out / "phieu-bau.docx"),
        ("assess", "minutes", "--year", "2021", "-o", out / "bien-ban.docx"),
        ("assess", "proposal", "--year", "2021", "-o", out / "to-trinh.docx"),
        ("export", "--year", "2021", "--per-member", "-j", "1", "-o", out / "export"),
    ]
    for command in commands:
        result = cli(*command, "-w", cum_ii)
        assert result.exit_code == 0, result.output
    documents = sorted(out.rglob("*.docx"))
    assert len(documents) >= 6 + 9
    assert {str(path.relative_to(out)): other_fonts(path) for path in documents} == {
        str(path.relative_to(out)): set() for path in documents
    }
