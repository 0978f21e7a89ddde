"""Build the bundled Word templates in templates/ from code: python tools/build_templates.py

The .docx files are what ships and what users copy and restyle in Word; this script is how
they were made, so that a change to the layout is reviewable. Every Jinja tag is written as a
single run (docxtpl needs a tag unbroken), paragraph tags ({%p ... %}) alone in their
paragraph.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from tdcli.contents.official import CLOSING_LEFT_MM, GRID_COLUMNS, HEADER_LEFT_MM, TEXT_WIDTH_MM
from tdcli.render.nd30 import (
    BODY_SIZE,
    STYLE_BODY,
    STYLE_HEADING,
    STYLE_ITEM,
    add_page_number,
    add_rule,
    borderless,
    keep_rows_whole,
    set_column_widths,
    set_page,
    set_run_font,
    setup_document,
    text_width_mm,
)
from tdcli.render.pages import STYLE_SIGNER

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TEXT_WIDTH = TEXT_WIDTH_MM
assert text_width_mm() == TEXT_WIDTH, "contents/official.py's page width is the layout's"
LEFT_COLUMN, RIGHT_COLUMN = HEADER_LEFT_MM, TEXT_WIDTH - HEADER_LEFT_MM
TITLE_SAMPLE = ("Tổng kết phong trào thi đua năm 2021 của Cụm thi đua số II", BODY_SIZE, True)
"""What a title's rule is sized to in the template; a rendered document sizes it to its own."""


def line(
    container: Any,
    text: str = "",
    *,
    size: float = BODY_SIZE,
    bold: bool | None = None,
    italic: bool | None = None,
    centre: bool = False,
    style: str | None = None,
) -> Any:
    paragraph = container.add_paragraph(style=style) if style else container.add_paragraph()
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        set_run_font(paragraph.add_run(text), size, bold=bold, italic=italic)
    return paragraph


def tag(container: Any, text: str) -> None:
    """A paragraph holding only a {%p ... %} tag."""
    paragraph = container.add_paragraph()
    set_run_font(paragraph.add_run(text), BODY_SIZE)


def body_loop(document: Any, items: str, *, style: str = STYLE_BODY, italic: bool = False) -> None:
    tag(document, f"{{%p for paragraph in {items} %}}")
    line(document, "{{ paragraph }}", style=style, italic=italic)
    tag(document, "{%p endfor %}")


def first_cell_paragraph(cell: Any) -> Any:
    return cell.paragraphs[0]


def header_table(document: Any, *, number: bool = True) -> None:
    """Parent and issuing body left, national title and motto right; number and date below."""
    table = document.add_table(rows=2, cols=2)
    borderless(table, cell_margin_mm=0.5)
    set_column_widths(table, [LEFT_COLUMN, RIGHT_COLUMN])
    left, right = table.cell(0, 0), table.cell(0, 1)
    parent = first_cell_paragraph(left)
    parent.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(parent.add_run("{{ header.parent_body }}"), 12)
    line(left, "{{ header.issuer }}", size=12, bold=True, centre=True)
    add_rule(left.add_paragraph(), LEFT_COLUMN - 1, ("CỤM THI ĐUA SỐ II", 12, True))
    title = first_cell_paragraph(right)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(title.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 12, bold=True)
    line(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, centre=True)
    add_rule(
        right.add_paragraph(),
        RIGHT_COLUMN - 1,
        ("Độc lập - Tự do - Hạnh phúc", 13, True),
        full=True,
    )
    if number:
        number_line = first_cell_paragraph(table.cell(1, 0))
        number_line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        number_line.paragraph_format.space_before = Pt(6)
        set_run_font(number_line.add_run("{{ header.number }}"), 13)
    place = first_cell_paragraph(table.cell(1, 1))
    place.alignment = WD_ALIGN_PARAGRAPH.CENTER
    place.paragraph_format.space_before = Pt(6)
    set_run_font(place.add_run("{{ header.place_date }}"), 14, italic=True)


def closing_table(document: Any) -> None:
    """Recipients left, the signer right."""
    table = document.add_table(rows=1, cols=2)
    borderless(table)
    set_column_widths(table, [CLOSING_LEFT_MM, TEXT_WIDTH - CLOSING_LEFT_MM])
    left, right = table.cell(0, 0), table.cell(0, 1)
    heading = first_cell_paragraph(left)
    set_run_font(heading.add_run("Nơi nhận:"), 12, bold=True, italic=True)
    tag(left, "{%p for recipient in recipients %}")
    line(left, "{{ recipient }}", size=11)
    tag(left, "{%p endfor %}")
    authority = first_cell_paragraph(right)
    authority.style = STYLE_SIGNER  # keeps the text's end with it (render/pages.py)
    authority.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(authority.add_run("{{ signer.authority }}"), 14, bold=True)
    line(right, "{{ signer.role }}", size=14, bold=True, centre=True)
    line(right, "{{ signer.title }}", size=13, bold=True, centre=True)
    for _ in range(4):
        line(right)
    line(right, "{{ signer.name }}", size=14, bold=True, centre=True)
    keep_rows_whole(table)


def review_report() -> Any:
    document = Document()
    setup_document(document)
    add_page_number(document.sections[0])
    header_table(document)
    line(document)
    line(document, "BÁO CÁO", bold=True, centre=True)
    line(document, "{{ document.summary }}", bold=True, centre=True)
    add_rule(document.add_paragraph(), TEXT_WIDTH, TITLE_SAMPLE)
    line(document)

    line(document, "I. {{ headings.results }}", style=STYLE_HEADING)
    line(document, "1. Công tác chỉ đạo, tổ chức phong trào thi đua", style=STYLE_ITEM)
    body_loop(document, "leadership")
    line(document, "2. Kết quả thực hiện nhiệm vụ chuyên môn", style=STYLE_ITEM)
    body_loop(document, "results")
    body_loop(document, "notes", italic=True)
    line(document, "3. Kết quả nổi bật của các đơn vị thành viên", style=STYLE_ITEM)
    body_loop(document, "highlights")
    line(document, "4. Tồn tại, hạn chế và nguyên nhân", style=STYLE_ITEM)
    body_loop(document, "shortcomings")
    tag(document, "{%p if assessment %}")
    line(document, "5. Kết quả chấm điểm, bình xét thi đua", style=STYLE_ITEM)
    line(document, "{{ assessment.intro }}", style=STYLE_BODY)
    line(document, "{{ assessment.sentence }}", style=STYLE_BODY)
    body_loop(document, "assessment.ties")
    tag(document, "{%p if assessment.proposals %}")
    line(document, "Kết quả bình xét, đề nghị khen thưởng:", style=STYLE_BODY)
    tag(document, "{%p for paragraph in assessment.proposals %}")
    line(document, "- {{ paragraph }}", style=STYLE_BODY)
    tag(document, "{%p endfor %}")
    tag(document, "{%p endif %}")
    tag(document, "{%p if assessment.note %}")
    line(document, "{{ assessment.note }}", style=STYLE_BODY, italic=True)
    tag(document, "{%p endif %}")
    tag(document, "{%p endif %}")
    line(document, "II. {{ headings.tasks }}", style=STYLE_HEADING)
    body_loop(document, "tasks")
    line(document, "III. ĐỀ XUẤT, KIẾN NGHỊ", style=STYLE_HEADING)
    body_loop(document, "proposals")
    line(document)
    closing_table(document)

    appendix = document.add_section(WD_SECTION.NEW_PAGE)
    set_page(appendix, landscape=True)
    appendix.header.is_linked_to_previous = True
    line(document, "Phụ lục", bold=True, centre=True)
    line(document, "{{ appendix.title }}", bold=True, centre=True)
    line(document, "{{ appendix.subtitle }}", italic=True, centre=True)
    tag(document, "{%p for chart in charts %}")
    line(document, "{{ chart }}", centre=True)
    tag(document, "{%p endfor %}")
    line(document, "{{p appendix_tables }}")
    return document


def proposal() -> Any:
    """The award proposal (tờ trình): addressee, legal bases, what is proposed for whom, the
    closing; then the appendix list and the attached dossier on a page of their own."""
    document = Document()
    setup_document(document)
    add_page_number(document.sections[0])
    header_table(document)
    line(document)
    line(document, "{{ document.type }}", bold=True, centre=True)
    line(document, "{{ document.summary }}", bold=True, centre=True)
    add_rule(document.add_paragraph(), TEXT_WIDTH, TITLE_SAMPLE)
    line(document)
    addressee = line(document, "Kính gửi: {{ addressee }}", centre=True)
    addressee.paragraph_format.space_after = Pt(12)
    body_loop(document, "legal_bases", italic=True)
    body_loop(document, "body")
    body_loop(document, "awards")
    line(document, "{{ request }}", style=STYLE_BODY)
    line(document)
    closing_table(document)

    label = line(document, "Phụ lục", bold=True, centre=True)
    label.paragraph_format.page_break_before = True
    line(document, "{{ appendix.title }}", bold=True, centre=True)
    subtitle = line(document, "{{ appendix.subtitle }}", italic=True, centre=True)
    subtitle.paragraph_format.space_after = Pt(6)
    line(document, "{{p proposal_table }}")
    attached = line(document, "Hồ sơ kèm theo:", style=STYLE_ITEM)
    attached.paragraph_format.space_before = Pt(12)
    body_loop(document, "dossier")
    return document


def signature_grid(document: Any) -> None:
    """Three cells a row, repeated per row of blocks; a row never splits across pages."""
    table = document.add_table(rows=3, cols=GRID_COLUMNS)
    borderless(table)
    width = TEXT_WIDTH / GRID_COLUMNS
    set_column_widths(table, [width] * GRID_COLUMNS)
    set_run_font(table.cell(0, 0).paragraphs[0].add_run("{%tr for row in signature_rows %}"), 12)
    for column in range(3):
        cell = table.cell(1, column)
        department = first_cell_paragraph(cell)
        department.style = STYLE_SIGNER  # no lone last row, kept with the text (render/pages.py)
        department.alignment = WD_ALIGN_PARAGRAPH.CENTER
        department.paragraph_format.space_before = Pt(12)
        set_run_font(department.add_run(f"{{{{ row[{column}].department }}}}"), 12, bold=True)
        line(cell, f"{{{{ row[{column}].caption }}}}", size=12, italic=True, centre=True)
        line(cell, f"{{{{ row[{column}].title }}}}", size=12, bold=True, centre=True)
        for _ in range(4):
            line(cell, size=12)
        line(cell, f"{{{{ row[{column}].name }}}}", size=13, bold=True, centre=True)
    set_run_font(table.cell(2, 0).paragraphs[0].add_run("{%tr endfor %}"), 12)
    keep_rows_whole(table)


def pledge() -> Any:
    document = Document()
    setup_document(document)
    add_page_number(document.sections[0])
    header_table(document, number=False)
    line(document)
    line(document, "{{ document.title }}", bold=True, centre=True)
    line(document, "{{ document.summary }}", bold=True, centre=True)
    add_rule(document.add_paragraph(), TEXT_WIDTH, TITLE_SAMPLE)
    line(document)
    body_loop(document, "legal_bases", italic=True)
    line(document, "{{ members_sentence }}", style=STYLE_BODY)
    line(document, "{{ intro }}", style=STYLE_BODY)
    tag(document, "{%p if theme %}")
    line(document, "“{{ theme }}”", bold=True, italic=True, centre=True)
    tag(document, "{%p endif %}")
    line(document, "I. NỘI DUNG GIAO ƯỚC THI ĐUA", style=STYLE_HEADING)
    body_loop(document, "commitments")
    line(document, "II. TRÁCH NHIỆM CỦA CỤM TRƯỞNG, CỤM PHÓ", style=STYLE_HEADING)
    line(document, "1. Cụm trưởng: {{ chair.department }}", style=STYLE_ITEM)
    body_loop(document, "chair.duties")
    tag(document, "{%p if vice_chair.department %}")
    line(document, "2. Cụm phó: {{ vice_chair.department }}", style=STYLE_ITEM)
    tag(document, "{%p endif %}")
    body_loop(document, "vice_chair.duties")
    line(document, "III. TỔ CHỨC THỰC HIỆN", style=STYLE_HEADING)
    line(document, "{{ closing }}", style=STYLE_BODY)
    signature_grid(document)
    tag(document, "{%p if has_targets %}")
    appendix = line(document, "Phụ lục", bold=True, centre=True)
    appendix.paragraph_format.page_break_before = True
    line(document, "BẢNG ĐĂNG KÝ CHỈ TIÊU THI ĐUA NĂM {{ year }}", bold=True, centre=True)
    line(document, "(Kèm theo {{ document.title | lower | capitalize }})", italic=True, centre=True)
    line(document, "{{p targets_table }}")
    tag(document, "{%p endif %}")
    return document


def member_summary() -> Any:
    """One page per member: its figures, last year's, the change, its highlights."""
    document = Document()
    setup_document(document)
    header_table(document, number=False)
    line(document)
    line(document, "{{ document.title }}", bold=True, centre=True)
    line(document, "{{ member.department }}", bold=True, centre=True)
    add_rule(document.add_paragraph(), TEXT_WIDTH, TITLE_SAMPLE)
    line(document, "{{ document.basis }}", italic=True, centre=True, size=12)
    table = document.add_table(rows=3, cols=4)
    table.style = "Table Grid"
    set_column_widths(table, [80, 28, 28, TEXT_WIDTH - 136])
    for column, text in enumerate(
        ("Chỉ tiêu", "{{ columns.current }}", "{{ columns.previous }}", "So sánh")
    ):
        cell = first_cell_paragraph(table.cell(0, column))
        cell.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(cell.add_run(text), 12, bold=True)
    set_run_font(first_cell_paragraph(table.cell(1, 0)).add_run("{%tr for row in figures %}"), 12)
    for column, key in enumerate(("label", "current", "previous", "change")):
        cell = first_cell_paragraph(table.cell(2, column))
        if column:
            cell.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_run_font(cell.add_run(f"{{{{ row.{key} }}}}"), 11)
    row = table.add_row()
    set_run_font(first_cell_paragraph(row.cells[0]).add_run("{%tr endfor %}"), 12)
    line(document)
    line(document, "Kết quả nổi bật", style=STYLE_ITEM)
    tag(document, "{%p for item in member.highlights %}")
    line(document, "- {{ item }}", style=STYLE_BODY, size=13)
    tag(document, "{%p endfor %}")
    tag(document, "{%p if not member.highlights %}")
    line(document, "Đơn vị không nêu kết quả nổi bật trong kỳ.", style=STYLE_BODY, size=13)
    tag(document, "{%p endif %}")
    return document


BALLOT_HEIGHT_MM = 122.0
"""A ballot takes at least half the page's text height (less the cut line): two a page."""


def cut_line(document: Any) -> None:
    """A dashed line across the page between two ballots, where they are cut apart."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(4)
    paragraph.paragraph_format.space_after = Pt(8)
    paragraph.paragraph_format.line_spacing = Pt(4)
    properties = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "dashed"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    properties.append(border)


def ballot_candidates(cell: Any) -> None:
    """The candidates of one award: number, name and an empty bordered box to tick."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Mm

    table = cell.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    set_column_widths(table, [12, TEXT_WIDTH - 12 - 32 - 4, 32])
    for column, text in enumerate(("STT", "Tên đơn vị", "Đánh dấu X")):
        heading = first_cell_paragraph(table.cell(0, column))
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(heading.add_run(text), 12, bold=True)
    set_run_font(
        first_cell_paragraph(table.cell(1, 0)).add_run("{%tr for candidate in award.candidates %}"),
        12,
    )
    number = first_cell_paragraph(table.cell(2, 0))
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(number.add_run("{{ candidate.number }}"), 13)
    set_run_font(first_cell_paragraph(table.cell(2, 1)).add_run("{{ candidate.name }}"), 13)
    table.rows[2].height = Mm(7)
    table.rows[2].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    set_run_font(first_cell_paragraph(table.cell(3, 0)).add_run("{%tr endfor %}"), 12)
    keep_rows_whole(table)


def ballots() -> Any:
    """Secret ballots (phiếu bầu), the same ballot once per voting member: two a page, each a
    table row that never splits, a cut line between; no name, number or signature."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Mm

    document = Document()
    setup_document(document)
    tag(document, "{%p for sheet in sheets %}")
    tag(document, "{%p if not sheet.first %}")
    page = document.add_paragraph()
    page.paragraph_format.page_break_before = True
    page.paragraph_format.line_spacing = Pt(2)
    tag(document, "{%p endif %}")
    tag(document, "{%p for copy in sheet.copies %}")
    tag(document, "{%p if not loop.first %}")
    cut_line(document)
    tag(document, "{%p endif %}")
    frame = document.add_table(rows=1, cols=1)
    borderless(frame, cell_margin_mm=0.5)
    set_column_widths(frame, [TEXT_WIDTH])
    frame.rows[0].height = Mm(BALLOT_HEIGHT_MM)
    frame.rows[0].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    cell = frame.cell(0, 0)
    issuer = first_cell_paragraph(cell)
    issuer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(issuer.add_run("{{ ballot.issuer }}"), 12, bold=True)
    title = line(cell, "{{ ballot.title }}", size=14, bold=True, centre=True)
    title.paragraph_format.space_before = Pt(2)
    meeting = line(cell, "{{ ballot.meeting }}", size=13, italic=True, centre=True)
    meeting.paragraph_format.space_after = Pt(2)
    set_run_font(cell.add_paragraph().add_run("{%p for award in ballot.awards %}"), 12)
    heading = line(cell, "{{ award.heading }}", size=13, bold=True)
    heading.paragraph_format.space_before = Pt(3)
    heading.paragraph_format.keep_with_next = True
    instruction = line(cell, "{{ award.instruction }}", size=12, italic=True)
    instruction.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    instruction.paragraph_format.space_after = Pt(2)
    instruction.paragraph_format.keep_with_next = True
    ballot_candidates(cell)
    threshold = cell.paragraphs[-1]
    threshold.paragraph_format.space_before = Pt(2)
    set_run_font(threshold.add_run("{{ award.threshold }}"), 12, italic=True)
    set_run_font(cell.add_paragraph().add_run("{%p endfor %}"), 12)
    keep_rows_whole(frame)
    tag(document, "{%p endfor %}")
    tag(document, "{%p endfor %}")
    end = document.add_paragraph()
    end.paragraph_format.line_spacing = Pt(1)
    return document


def minutes() -> Any:
    """The minutes of the year-end meeting (biên bản): time, place, who attended, chair and
    secretary, the content in the order discussed, the closing; THƯ KÝ left, CHỦ TỌA right."""
    document = Document()
    setup_document(document)
    add_page_number(document.sections[0])
    header_table(document)
    line(document)
    line(document, "{{ document.title }}", bold=True, centre=True)
    line(document, "{{ document.summary }}", bold=True, centre=True)
    add_rule(document.add_paragraph(), TEXT_WIDTH, TITLE_SAMPLE)
    line(document)
    line(document, "{{ time }}", style=STYLE_BODY)
    line(document, "{{ place }}", style=STYLE_BODY)
    line(document, "{{ attendance }}", style=STYLE_BODY)
    body_loop(document, "attendees")
    tag(document, "{%p if absentees %}")
    line(document, "{{ absent_intro }}", style=STYLE_BODY)
    body_loop(document, "absentees")
    tag(document, "{%p endif %}")
    line(document, "{{ presiding }}", style=STYLE_BODY)
    line(document, "{{ secretary }}", style=STYLE_BODY)
    contents = line(document, "NỘI DUNG", bold=True, centre=True)
    contents.paragraph_format.space_before = Pt(6)
    contents.paragraph_format.space_after = Pt(6)
    contents.paragraph_format.keep_with_next = True
    line(document, "1. Báo cáo tổng kết phong trào thi đua năm {{ year }}", style=STYLE_ITEM)
    body_loop(document, "report")
    line(document, "2. Kết quả chấm điểm, xếp hạng thi đua", style=STYLE_ITEM)
    line(document, "{{ scores_intro }}", style=STYLE_BODY)
    line(document, "{{p ranking_table }}")
    adjustments = line(document, "{{ adjustments_intro }}", style=STYLE_BODY)
    adjustments.paragraph_format.space_before = Pt(6)
    body_loop(document, "adjustments")
    line(document, "3. Bình xét, bỏ phiếu đề nghị khen thưởng", style=STYLE_ITEM)
    line(document, "{{p vote_tables }}")
    line(document, "4. Kết quả bình xét", style=STYLE_ITEM)
    body_loop(document, "outcomes")
    line(document, "5. {{ handover_title }}", style=STYLE_ITEM)
    body_loop(document, "handover")
    line(document, "6. Ý kiến tại Hội nghị", style=STYLE_ITEM)
    body_loop(document, "opinions")
    closing = line(document, "{{ closing }}", style=STYLE_BODY)
    closing.paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=2)
    borderless(table)
    half = TEXT_WIDTH / 2
    set_column_widths(table, [half, half])
    for column, (role, name) in enumerate(
        (("THƯ KÝ", "{{ secretary_name }}"), ("CHỦ TỌA", "{{ presiding_name }}"))
    ):
        cell = table.cell(0, column)
        heading = first_cell_paragraph(cell)
        heading.style = STYLE_SIGNER  # kept with the end of the text (render/pages.py)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.space_before = Pt(6)
        set_run_font(heading.add_run(role), 14, bold=True)
        for _ in range(4):
            line(cell)
        line(cell, name, size=14, bold=True, centre=True)
    keep_rows_whole(table)
    return document


def main() -> None:
    TEMPLATES.mkdir(exist_ok=True)
    review_report().save(TEMPLATES / "bao-cao.docx")
    pledge().save(TEMPLATES / "giao-uoc.docx")
    member_summary().save(TEMPLATES / "tom-tat-thanh-vien.docx")
    proposal().save(TEMPLATES / "to-trinh.docx")
    ballots().save(TEMPLATES / "phieu-bau.docx")
    minutes().save(TEMPLATES / "bien-ban.docx")


if __name__ == "__main__":
    main()
