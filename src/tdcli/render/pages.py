"""What the layout of a rendered document is asked once its text is known (Nghị định 30/2020).

A template cannot know how long its rendered lines will be nor which paragraph ends the text,
so after rendering:

- a short rule (a paragraph of style `TD Rule`: under the issuing body, under the title) is
  sized to 2/5 of the line above it, within the 1/3 to 1/2 the decree asks; a `TD Rule Full`
  (under the motto) as long as its line;
- the signer is kept with the end of the text: the paragraphs between the last line of text
  and a signature table (a table holding a paragraph of style `TD Signer`) keep with it, so
  the signature never stands alone at the top of a page;
- a signature grid never leaves its last row alone on a page: the row before the last keeps
  with it (each row already never splits).

Word and LibreOffice both honour "keep with next" on paragraphs in table rows. The styles are
what marks these parts, so a user's template edited in Word or Writer keeps them.
"""

from __future__ import annotations

from typing import Any

from tdcli.model.typeset import text_width_mm

__all__ = [
    "RULE_SHARE",
    "STYLE_RULE",
    "STYLE_RULE_FULL",
    "STYLE_SIGNER",
    "finish_layout",
    "rule_width_mm",
]

STYLE_RULE = "TD Rule"
STYLE_RULE_FULL = "TD Rule Full"
STYLE_SIGNER = "TD Signer"
RULE_SHARE = 0.4
"""A short rule's length against its line: the decree asks for 1/3 to 1/2."""
_MM_PER_TWIP = 25.4 / 1440
_DEFAULT_CELL_MARGIN_MM = 108 * _MM_PER_TWIP
_DEFAULT_SIZE = 14.0


def rule_width_mm(line_mm: float, *, full: bool = False) -> float:
    """How long the rule under a line `line_mm` wide is."""
    return line_mm if full else line_mm * RULE_SHARE


def finish_layout(document: Any) -> None:
    """Size the rules and keep the signers with the text in a rendered document."""
    from docx.oxml.ns import qn

    ids = _style_ids(document)
    body = document.element.body
    for paragraph in body.iter(qn("w:p")):
        style = _style_of(paragraph)
        if style is not None and style in (ids.get(STYLE_RULE), ids.get(STYLE_RULE_FULL)):
            _size_rule(document, paragraph, full=style == ids.get(STYLE_RULE_FULL))
    signer = ids.get(STYLE_SIGNER)
    if signer is None:
        return
    for table in body.iter(qn("w:tbl")):
        if any(_style_of(paragraph) == signer for paragraph in table.iter(qn("w:p"))):
            _keep_signer(table)


def _style_ids(document: Any) -> dict[str, str]:
    return {
        style.name: style.style_id
        for style in document.styles
        if style.name in (STYLE_RULE, STYLE_RULE_FULL, STYLE_SIGNER)
    }


def _style_of(paragraph: Any) -> str | None:
    from docx.oxml.ns import qn

    properties = paragraph.find(qn("w:pPr"))
    style = properties.find(qn("w:pStyle")) if properties is not None else None
    return style.get(qn("w:val")) if style is not None else None


def _keep_with_next(paragraph: Any) -> None:
    paragraph.get_or_add_pPr().keepNext_val = True


def _keep_signer(table: Any) -> None:
    """The text's last paragraphs keep with the signature; the grid's last two rows together."""
    from docx.oxml.ns import qn

    previous = table.getprevious()
    while previous is not None and previous.tag == qn("w:p"):
        _keep_with_next(previous)
        if "".join(previous.itertext()).strip():
            break  # the last line of text: kept with what follows it
        previous = previous.getprevious()
    rows = table.findall(qn("w:tr"))
    if len(rows) >= 2:
        for paragraph in rows[-2].iter(qn("w:p")):
            _keep_with_next(paragraph)


def _size_rule(document: Any, rule: Any, *, full: bool) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Mm
    from docx.text.paragraph import Paragraph

    above = rule.getprevious()
    if above is None or above.tag != qn("w:p"):
        return
    text_paragraph = Paragraph(above, document)
    available = _available_mm(document, rule)
    line = min(_widest_line_mm(text_paragraph), available)
    if line <= 0:
        return
    side = max((available - rule_width_mm(line, full=full)) / 2, 0.0)
    paragraph_format = Paragraph(rule, document).paragraph_format
    paragraph_format.left_indent = Mm(side)
    paragraph_format.right_indent = Mm(side)
    paragraph_format.first_line_indent = Mm(0)


def _widest_line_mm(paragraph: Any) -> float:
    """The widest of the paragraph's lines (split at its line breaks), in the run's face."""
    from docx.oxml.ns import qn

    widths = [0.0]
    for run in paragraph.runs:
        size, bold = _run_face(paragraph, run)
        for child in run._element:
            if child.tag == qn("w:t"):
                widths[-1] += text_width_mm(child.text or "", size, bold=bold)
            elif child.tag == qn("w:tab"):
                widths[-1] += text_width_mm(" ", size, bold=bold)
            elif child.tag in (qn("w:br"), qn("w:cr")):
                widths.append(0.0)
    return max(widths)


def _run_face(paragraph: Any, run: Any) -> tuple[float, bool]:
    size, bold = run.font.size, run.font.bold
    style = _paragraph_style(paragraph)
    while style is not None and (size is None or bold is None):
        if size is None and style.font.size is not None:
            size = style.font.size
        if bold is None and style.font.bold is not None:
            bold = style.font.bold
        style = style.base_style
    return (size.pt if size is not None else _DEFAULT_SIZE), bool(bold)


def _paragraph_style(paragraph: Any) -> Any:
    try:
        return paragraph.style
    except (KeyError, ValueError, AttributeError):
        return None


def _available_mm(document: Any, paragraph: Any) -> float:
    """The width a paragraph spans: its cell's, less the cell margins, or the page's text."""
    from docx.oxml.ns import qn

    cell = paragraph.getparent()
    while cell is not None and cell.tag != qn("w:tc"):
        cell = cell.getparent()
    if cell is None:
        section = document.sections[0]
        try:
            return float(section.page_width - section.left_margin - section.right_margin) / 36000
        except TypeError:  # a section without its page size
            return 0.0
    width = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
    if width is None or width.get(qn("w:type")) not in (None, "dxa"):
        return 0.0
    table = cell.getparent().getparent()
    return _twips_mm(width.get(qn("w:w"))) - _cell_margins_mm(table)


def _twips_mm(value: str | None) -> float:
    try:
        return max(float(value or 0), 0.0) * _MM_PER_TWIP
    except ValueError:  # a template's own odd value: no rule sized rather than a failure
        return 0.0


def _cell_margins_mm(table: Any) -> float:
    from docx.oxml.ns import qn

    margins = table.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
    total = 0.0
    for side in ("left", "right"):
        element = margins.find(qn(f"w:{side}")) if margins is not None else None
        if element is not None and element.get(qn("w:type"), "dxa") == "dxa":
            total += _twips_mm(element.get(qn("w:w")))
        else:
            total += _DEFAULT_CELL_MARGIN_MM
    return total
