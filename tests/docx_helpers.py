"""Reading generated Word files back: text, tables, formatting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn


def open_docx(path: Path) -> Any:
    return Document(str(path))


def body_texts(document: Any) -> list[str]:
    """Every paragraph's text in document order, tables included (cell by cell); a line break
    inside a paragraph (a name broken by meaning) reads as a space."""
    texts = []
    for element in document.element.body.iter():
        if element.tag == qn("w:p"):
            text = "".join(
                " " if node.tag == qn("w:br") else node.text or ""
                for node in element.iter(qn("w:t"), qn("w:br"))
            )
            if text.strip():
                texts.append(text)
    return texts


def paragraph_with(document: Any, start: str) -> Any:
    for paragraph in document.paragraphs:
        if paragraph.text.startswith(start):
            return paragraph
    raise AssertionError(f"no paragraph starts with {start!r}")


def run_fonts(element: Any) -> list[dict[str, str | None]]:
    """The rFonts slots of every run and style below `element`."""
    found = []
    for fonts in element.iter(qn("w:rFonts")):
        found.append(
            {slot: fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "cs", "eastAsia")}
        )
    return found
