"""The national document layout (Nghị định 30/2020/NĐ-CP) in python-docx terms.

Page size and margins, Times New Roman in every style and script slot, the body paragraph
styles, borderless tables, short rules under the header lines, the page-number field and the
data tables of appendices. Used to build the bundled templates (`tools/build_templates.py`)
and, at run time, the tables and images tdcli inserts into a report at a template's markers
(never objects in the template's context).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tdcli.contents.tables import Cell, ColumnKind, cell_text
from tdcli.contents.tables import Table as DataTable
from tdcli.model.typeset import text_width_mm as line_width_mm
from tdcli.render.docx import Blocks, Pictures
from tdcli.render.pages import STYLE_RULE, STYLE_RULE_FULL, STYLE_SIGNER, rule_width_mm

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

__all__ = [
    "BODY_SIZE",
    "FONT",
    "MARGINS_MM",
    "add_data_table",
    "add_page_number",
    "add_rule",
    "borderless",
    "images_insert",
    "keep_rows_whole",
    "set_column_widths",
    "setup_document",
    "tables_insert",
    "text_width_mm",
]

FONT = "Times New Roman"
BODY_SIZE = 14
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
STYLE_BODY = "TD Body"
STYLE_HEADING = "TD Heading"
STYLE_ITEM = "TD Item"
STYLE_TABLE_TEXT = "TD Table"


def _font_everywhere(element: Any, name: str) -> None:
    """Set the font of every script slot (ascii, hAnsi, cs, eastAsia) and drop theme fonts."""
    from docx.oxml.ns import qn

    fonts = element.find(qn("w:rFonts"))
    if fonts is None:
        fonts = element.makeelement(qn("w:rFonts"), {})
        element.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
_BULLET = "\u2022"


def _fonts_in_every_part(document: Any) -> None:
    """Times New Roman beyond the styles: the theme's major and minor fonts (what Word gives a
    built-in style it adds later, such as "Heading 1"), every script of the theme, the list
    bullets (a Symbol-font glyph becomes "•"), the Word 2010 copy of the styles and the font
    table, so that nothing a user applies in Word falls back to Calibri, Cambria or Courier."""
    from docx.opc.part import XmlPart
    from docx.oxml.ns import qn
    from lxml import etree

    for part in document.part.package.iter_parts():
        name = str(part.partname)
        if isinstance(part, XmlPart):
            root = part.element
        elif name.endswith(".xml") and any(
            kind in name for kind in ("theme", "stylesWithEffects", "fontTable")
        ):
            root = etree.fromstring(part.blob)
        else:
            continue
        if name.endswith("fontTable.xml"):
            for font in list(root.iter(qn("w:font"))):
                if font.get(qn("w:name")) != FONT:
                    font.getparent().remove(font)
        for fonts in root.iter(qn("w:rFonts")):
            _font_everywhere(fonts.getparent(), FONT)
        for text in root.iter(qn("w:lvlText")):
            if any("\uf000" <= char <= "\uf0ff" for char in text.get(qn("w:val"), "")):
                text.set(qn("w:val"), _BULLET)
        for slot in ("latin", "ea", "cs"):
            for face in root.iter(f"{{{_DRAWING}}}{slot}"):
                face.set("typeface", FONT)
        for face in list(root.iter(f"{{{_DRAWING}}}font")):
            face.getparent().remove(face)  # the per-script faces: one face for every script
        if not isinstance(part, XmlPart):
            part._blob = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )


def set_run_font(
    run: Any, size: float | None = None, *, bold: bool | None = None, italic: bool | None = None
) -> None:
    from docx.shared import Pt

    run.font.name = FONT
    _font_everywhere(run._element.get_or_add_rPr(), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic


def setup_document(document: Document, *, landscape: bool = False) -> None:
    """A4, the decree's margins, Times New Roman everywhere, the body styles."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    set_page(document.sections[0], landscape=landscape)
    # Document defaults: every run without its own font falls back to these.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault"))
        if run_defaults is not None:
            properties = run_defaults.find(qn("w:rPr"))
            if properties is not None:
                _font_everywhere(properties, FONT)
    for style in document.styles:
        if not hasattr(style, "font"):  # numbering styles carry no run properties
            continue
        style.font.name = FONT
        _font_everywhere(style.element.get_or_add_rPr(), FONT)
    # Table styles' conditional parts (first row, banded rows...) name theme fonts too.
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        _font_everywhere(fonts.getparent(), FONT)
    _fonts_in_every_part(document)
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    body = _paragraph_style(document, STYLE_BODY)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Mm(10)
    body.paragraph_format.space_after = Pt(6)
    body.paragraph_format.line_spacing = 1.15
    body.font.size = Pt(BODY_SIZE)

    heading = _paragraph_style(document, STYLE_HEADING)
    heading.base_style = body
    heading.font.bold = True
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.space_before = Pt(6)

    item = _paragraph_style(document, STYLE_ITEM)
    item.base_style = body
    item.font.bold = True
    item.paragraph_format.keep_with_next = True

    table_text = _paragraph_style(document, STYLE_TABLE_TEXT)
    table_text.font.size = Pt(12)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0

    # Marks for the layout a rendered document gets (render/pages.py): rules sized to their
    # line, the signer kept with the end of the text.
    for name in (STYLE_RULE, STYLE_RULE_FULL, STYLE_SIGNER):
        _paragraph_style(document, name)


def text_width_mm(*, landscape: bool = False) -> float:
    """The width between the margins of an A4 page."""
    return (297 if landscape else 210) - MARGINS_MM["left"] - MARGINS_MM["right"]


CHART_WIDTH_MM = 230
"""Charts in a landscape appendix: a little narrower than the text."""


def tables_insert(tables: Sequence[DataTable], *, landscape: bool = False) -> Blocks:
    """`tables` as tdcli inserts them where a template prints their marker
    (`{{p appendix_tables }}`): built in the report itself, with its styles and numbering."""

    def build(document: Any) -> list[Any]:
        import docx
        from docx.oxml.ns import qn

        scratch = docx.Document()
        scratch._part = document.part  # the report's styles, numbering and page, as a subdocument
        for table in tables:
            add_data_table(scratch, table, text_width_mm(landscape=landscape))
        return [child for child in scratch.element.body if child.tag != qn("w:sectPr")]

    return Blocks(build)


def images_insert(paths: Sequence[Path], width_mm: float) -> Pictures:
    """Images as tdcli inserts them where a template prints their markers, each `width_mm`
    wide (`{% for chart in charts %}{{ chart }}{% endfor %}`)."""
    return Pictures(tuple(paths), width_mm)


def set_page(section: Any, *, landscape: bool = False) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    short, long = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _paragraph_style(document: Document, name: str) -> Any:
    from docx.enum.style import WD_STYLE_TYPE

    try:
        return document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.quick_style = True
        _font_everywhere(style.element.get_or_add_rPr(), FONT)
        return style


def add_page_number(section: Any, size: float = 13) -> None:
    """Page number centred in the top margin, from page 2 on (none on the first page)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    set_run_font(run, size)
    for kind, text in (
        ("begin", None),
        (None, "PAGE"),
        ("separate", None),
        (None, None),
        ("end", None),
    ):
        if kind is not None:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._element.append(field)
        elif text is not None:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = f" {text} "
            run._element.append(instruction)
        else:
            value = OxmlElement("w:t")
            value.text = "2"
            run._element.append(value)


def borderless(table: DocxTable, *, cell_margin_mm: float | None = None) -> None:
    """No borders on any side or inside; optionally narrower cell margins (header tables need
    the width for the national title on one line)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    if cell_margin_mm is not None:
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            margin = OxmlElement(f"w:{side}")
            margin.set(qn("w:w"), str(int(cell_margin_mm * 1440 / 25.4)))
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        properties.append(margins)
    borders = properties.find(qn("w:tblBorders"))
    if borders is None:
        borders = OxmlElement("w:tblBorders")
        properties.append(borders)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = borders.find(qn(f"w:{side}"))
        if element is None:
            element = OxmlElement(f"w:{side}")
            borders.append(element)
        element.set(qn("w:val"), "nil")


def set_column_widths(table: DocxTable, widths_mm: Sequence[float]) -> None:
    """Fixed column widths that Word and LibreOffice both honour: the grid, every cell, the
    table's own width and a fixed layout."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)
    properties = table._tbl.tblPr
    table_width = properties.find(qn("w:tblW"))
    if table_width is None:
        table_width = OxmlElement("w:tblW")
        properties.append(table_width)
    table_width.set(qn("w:w"), str(int(sum(widths_mm) * 1440 / 25.4)))
    table_width.set(qn("w:type"), "dxa")
    layout = properties.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        properties.append(layout)
    layout.set(qn("w:type"), "fixed")


def keep_rows_whole(table: DocxTable) -> None:
    """No row of the table is split across pages (a row moves whole to the next page)."""
    from docx.oxml import OxmlElement

    for row in table.rows:
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))


def add_rule(
    paragraph: Paragraph,
    available_mm: float,
    above: tuple[str, float, bool] | None = None,
    *,
    full: bool = False,
) -> None:
    """A centred solid rule: an empty paragraph's bottom border between indents (a border
    spans exactly the space between a paragraph's indents). Its style (`TD Rule`, `TD Rule
    Full`) makes a rendered document size it to the line above (render/pages.py); `above`
    (sample text, size, bold) sizes it in the template itself."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    paragraph.style = STYLE_RULE_FULL if full else STYLE_RULE
    line = line_width_mm(above[0], above[1], bold=above[2]) if above else available_mm / 2
    width_mm = rule_width_mm(min(line, available_mm), full=full)
    side = max((available_mm - width_mm) / 2, 0)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)
    paragraph.paragraph_format.first_line_indent = Mm(0)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(4)
    properties = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    properties.append(border)


def add_data_table(container: Any, table: DataTable, width_mm: float) -> DocxTable:
    """A bordered table with a bold header row and an optional bold total row.

    `container` is a document or a subdocument. Styles the document lacks (a user's own
    template) are left out rather than failing. The first column is narrow (STT), the second
    wide (the member's name), the rest share what is left.
    """
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    styles = {style.name: style for style in container.styles}
    names = set(styles)
    item_style = STYLE_ITEM if STYLE_ITEM in names else None
    text_style = STYLE_TABLE_TEXT if STYLE_TABLE_TEXT in names else None
    # Assigning a style by name makes python-docx search every style again for each cell.
    text_style_id = styles[STYLE_TABLE_TEXT].style_id if text_style else None
    if table.title:
        title = container.add_paragraph(style=item_style)
        title.paragraph_format.keep_with_next = True
        set_run_font(title.add_run(table.title), BODY_SIZE - 1, bold=True)
        title.paragraph_format.first_line_indent = Mm(0)
        title.paragraph_format.space_before = Pt(6)
    columns = len(table.columns)
    headers: list[Cell] = [column.header for column in table.columns]
    body_rows = [*table.rows, *([table.total] if table.total is not None else [])]
    grid = container.add_table(rows=1 + len(body_rows), cols=columns)
    if "Table Grid" in names:
        grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = _widths(table, width_mm)
    set_column_widths(grid, widths)
    for row_index, values in enumerate([headers, *body_rows]):
        is_header = row_index == 0
        is_total = table.total is not None and row_index == len(body_rows)
        row = grid.rows[row_index]
        if is_header:
            _repeat_header(row)
        for column, value in enumerate(values):
            cell = row.cells[column]
            paragraph = cell.paragraphs[0]
            if text_style_id is not None:
                paragraph._p.style = text_style_id
            kind = table.columns[column].kind
            if is_header or kind is ColumnKind.ORDINAL:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif kind is ColumnKind.FIGURE:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = paragraph.add_run(cell_text(value))
            if text_style_id is None:  # a template without our styles: say it all on the run
                set_run_font(run, 12, bold=is_header or is_total)
            elif is_header or is_total:
                run.bold = True
    keep_rows_whole(grid)  # a member's row never starts on one page and ends on the next
    _keep_together(grid, has_note=bool(table.note))
    if table.note:
        note = container.add_paragraph(style=text_style)
        set_run_font(note.add_run(table.note), 11, italic=True)
    built: DocxTable = grid
    return built


KEEP_WHOLE_ROWS = 22
"""A table of at most this many rows (a cluster's members, the total) is never split: moved
whole to the next page with its title when it does not fit."""


def _keep_together(grid: DocxTable, *, has_note: bool) -> None:
    """A short table moves whole with its title; a long one never leaves its title, header
    and first rows apart, nor its last row (the total) alone on a page; the note stays with
    the last row."""
    rows = grid.rows
    count = len(rows)
    kept = set(range(count - 1)) if count <= KEEP_WHOLE_ROWS else {0, 1, count - 2}
    if has_note:
        kept.add(count - 1)
    for index in kept:
        for cell in rows[index].cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _widths(table: DataTable, width_mm: float) -> list[float]:
    """Row numbers and ranks are narrow (15 mm), names wide (36 mm); the figures share what is
    left."""
    fixed = {ColumnKind.ORDINAL: 15.0, ColumnKind.NAME: 36.0}
    shares = sum(1 for column in table.columns if column.kind not in fixed)
    taken = sum(fixed.get(column.kind, 0.0) for column in table.columns)
    rest = max((width_mm - taken) / max(shares, 1), 18.0)
    return [fixed.get(column.kind, rest) for column in table.columns]


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
