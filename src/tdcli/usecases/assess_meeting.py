"""`assess ballots` and `assess minutes`: the year-end meeting's secret ballots (phiếu bầu) and
its minutes (biên bản), from the year's assessment and a template."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tdcli.errors import UsageError
from tdcli.model.issues import make_issue
from tdcli.render.pdf import printed, require_soffice
from tdcli.usecases.assessment import (
    AssessmentDocument,
    AssessmentYear,
    dated_before_meeting,
    read_assessment,
)
from tdcli.workspace import Workspace

if TYPE_CHECKING:
    from tdcli.contents.assessment_meeting import AwardSection, BallotAward
    from tdcli.render.docx import Blocks

__all__ = ["BALLOTS_TEMPLATE", "MINUTES_TEMPLATE", "write_ballots", "write_minutes"]

BALLOTS_TEMPLATE = "phieu-bau.docx"
MINUTES_TEMPLATE = "bien-ban.docx"

HALF_PAGE_MM = 126.0
"""The estimated height a ballot may take for two to fit on an A4 page: measured in
LibreOffice, two ballots of two awards with seven candidates in all fit (estimate 122,8 mm),
eight do not."""


def _departments(workspace: Workspace, year: int) -> dict[str, str]:
    config = workspace.year(year)
    return {member.id: member.department for member in (config.members if config else [])}


def _ready(assessment: AssessmentYear) -> bool:
    """Scores, ranking and count can be trusted: a document written from them says what is so."""
    return assessment.complete and assessment.ranking is not None


def ballot_height_mm(awards: Sequence[BallotAward], departments: dict[str, str]) -> float:
    """About how tall the bundled template prints a ballot (measured in LibreOffice): the
    heading, then per award its title, the two lines of the instruction and the threshold,
    a header row and a row per candidate (taller for a name on two lines)."""
    height = 18.0
    for ballot in awards:
        height += 20.0 + 7.2
        for member in ballot.candidates:
            height += 7.2 + 5.0 * ((len(departments.get(member, member)) - 1) // 60)
    return height


def write_ballots(
    workspace: Workspace,
    year: int,
    *,
    round_number: int | None = None,
    output: Path | None = None,
    template: Path | None = None,
    report_date: date | None = None,
    pdf: bool = False,
) -> AssessmentDocument:
    """The secret ballots of a round (round 1 by default): one per member present at the
    meeting (per member of the year while meeting.yaml does not exist), two a page when they
    fit. Nothing is written while the scores or the ranking are wrong; `UsageError` for a
    round with nothing to vote on, or an output that would overwrite an input."""
    from tdcli.contents.assessment_meeting import ballot_awards, ballot_context
    from tdcli.render.docx import render_template
    from tdcli.render.drafts import kept_drafts
    from tdcli.render.outputs import Outputs, refuse_overwrite
    from tdcli.resources import bundled_dir

    if pdf:
        require_soffice()  # before anything is written
    number = round_number or 1
    assessment = read_assessment(workspace, year)
    report = assessment.report
    config = workspace.year(year)
    if config is None or assessment.scheme is None or not _ready(assessment):
        return AssessmentDocument(report, assessment=assessment)
    meeting = assessment.meeting
    members = config.member_ids
    awards, left_out = ballot_awards(
        assessment.scheme, assessment.candidates, assessment.results, members, meeting, number
    )
    if not awards:
        why = "; ".join(left_out) or "thang điểm không có danh hiệu nào để bình xét"
        raise UsageError(f"Năm {year} không có danh hiệu nào cần bỏ phiếu vòng {number} ({why})")
    voters = [member for member in members if meeting is None or meeting.present(member)]
    day = report_date or (meeting.date if meeting else date.today())
    departments = _departments(workspace, year)
    per_page = 2 if ballot_height_mm(awards, departments) <= HALF_PAGE_MM else 1
    context = ballot_context(
        workspace.config,
        year,
        number,
        awards,
        departments,
        len(voters),
        per_page,
    )
    template_path = template or bundled_dir("templates") / BALLOTS_TEMPLATE
    target = output or Outputs(workspace.layout).ballots(year, round_number)
    inputs = [template_path, *(Path(file) for file in report.files)]
    refuse_overwrite([target], inputs, workspace.layout)
    with kept_drafts() as kept:
        render_template(template_path, context, target)
        printout = printed(target, pdf)
    return AssessmentDocument(report, target, assessment, day, printout, kept)


def write_minutes(
    workspace: Workspace,
    year: int,
    *,
    output: Path | None = None,
    template: Path | None = None,
    report_date: date | None = None,
    pdf: bool = False,
) -> AssessmentDocument:
    """The minutes of the year-end meeting, dated the meeting's day unless `report_date` says
    otherwise. Nothing is written without meeting.yaml or while the scores, the ranking or
    the count are wrong; a count still waiting (another round, the chairs' decision) is
    written as pending, its warning kept in the report. `UsageError` for an output that
    would overwrite an input."""
    from tdcli.contents.assessment import ranking_table
    from tdcli.contents.assessment_meeting import minutes_context, vote_sections
    from tdcli.render.docx import render_template
    from tdcli.render.drafts import kept_drafts
    from tdcli.render.nd30 import tables_insert
    from tdcli.render.outputs import Outputs, refuse_overwrite
    from tdcli.resources import bundled_dir
    from tdcli.usecases.assessment import member_names

    if pdf:
        require_soffice()
    assessment = read_assessment(workspace, year)
    report = assessment.report
    config = workspace.year(year)
    if config is None or assessment.scheme is None:
        return AssessmentDocument(report, assessment=assessment)
    if assessment.meeting is None:
        meeting_file = workspace.layout.meeting_file(year)
        if not meeting_file.exists():
            report.extend([make_issue("file-not-found", file=meeting_file)])
        return AssessmentDocument(report, assessment=assessment)
    if not _ready(assessment) or assessment.ranking is None:
        return AssessmentDocument(report, assessment=assessment)
    scheme, meeting, ranking = assessment.scheme, assessment.meeting, assessment.ranking
    day = report_date or meeting.date
    names = member_names(workspace, year)
    report.extend(dated_before_meeting(workspace, year, day, meeting.date))
    context = minutes_context(
        workspace.config,
        config,
        year,
        workspace.year(year + 1),
        scheme,
        meeting,
        ranking,
        assessment.results,
        _departments(workspace, year),
        day,
    )
    context["year"] = year
    sections = vote_sections(scheme, assessment.candidates, assessment.results, names)
    template_path = template or bundled_dir("templates") / MINUTES_TEMPLATE
    target = output or Outputs(workspace.layout).minutes(year)
    inputs = [template_path, *(Path(file) for file in report.files)]
    refuse_overwrite([target], inputs, workspace.layout)
    inserts = {
        "ranking_table": tables_insert([ranking_table(scheme, ranking, names)]),
        "vote_tables": _vote_blocks(sections, names),
    }
    with kept_drafts() as kept:
        render_template(template_path, context, target, inserts=inserts)
        printout = printed(target, pdf)
    return AssessmentDocument(report, target, assessment, day, printout, kept)


def _vote_blocks(sections: Sequence[AwardSection], names: dict[str, str]) -> Blocks:
    """Section 3 of the minutes, built into the document: per award its paragraphs, then each
    round's table and what the round decided."""
    from tdcli.contents.assessment import round_table
    from tdcli.render.docx import Blocks
    from tdcli.render.nd30 import STYLE_BODY, add_data_table, text_width_mm

    def build(document: Any) -> list[Any]:
        import docx
        from docx.oxml.ns import qn

        scratch = docx.Document()
        scratch._part = document.part  # the minutes' own styles, as tables_insert does
        styles = {style.name for style in document.styles}
        body = STYLE_BODY if STYLE_BODY in styles else None
        for section in sections:
            title = scratch.add_paragraph(section.title, style=body)
            title.paragraph_format.keep_with_next = True
            for text in section.paragraphs:
                scratch.add_paragraph(text, style=body)
            for counted, sentence in section.rounds:
                if section.result is not None:
                    add_data_table(
                        scratch, round_table(section.result, counted, names), text_width_mm()
                    )
                after = scratch.add_paragraph(sentence, style=body)
                after.paragraph_format.space_before = docx.shared.Pt(6)
        return [child for child in scratch.element.body if child.tag != qn("w:sectPr")]

    return Blocks(build)
