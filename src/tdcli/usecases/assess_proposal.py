"""`assess proposal`: the cluster's award proposal (tờ trình đề nghị khen thưởng) to the ministry,
written once the year-end meeting has settled every award."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tdcli.model.issues import Issue, Severity, make_issue
from tdcli.render.pdf import printed, require_soffice
from tdcli.usecases.assessment import (
    AssessmentDocument,
    AssessmentYear,
    dated_before_meeting,
    read_assessment,
)
from tdcli.workspace import Workspace

__all__ = ["PROPOSAL_TEMPLATE", "proposal_blockers", "write_proposal"]

PROPOSAL_TEMPLATE = "to-trinh.docx"


def proposal_blockers(workspace: Workspace, assessment: AssessmentYear) -> list[Issue]:
    """Why no proposal can be written yet, as errors: no meeting recorded, or an award whose
    count still needs a round (the first one too) or the chairs' decision. Empty when every
    award is settled."""
    meeting_file = workspace.layout.meeting_file(assessment.year)
    if assessment.scheme is None or not assessment.complete:
        return []  # the assessment's own errors say why
    if assessment.meeting is None:
        return [] if meeting_file.exists() else [make_issue("file-not-found", file=meeting_file)]
    raised = {issue.code for issue in assessment.report.issues}
    # A round or the chairs' decision still needed: the count's warnings become errors here.
    blocking = {"round-needed", "chairs-decision-needed"} & raised
    return [
        issue.model_copy(update={"severity": Severity.ERROR})
        for issue in assessment.report.issues
        if issue.code in blocking and issue.severity is not Severity.ERROR
    ]


def write_proposal(
    workspace: Workspace,
    year: int,
    *,
    output: Path | None = None,
    template: Path | None = None,
    report_date: date | None = None,
    pdf: bool = False,
) -> AssessmentDocument:
    """Render the proposal of `year`, dated `report_date` or the meeting's date. Written only
    when the assessment has no error and every award's count is settled; otherwise the report
    says why and nothing is written. Raises `UsageError` for an output that would overwrite an
    input, `TemplateError` for a template that cannot render."""
    from tdcli.contents.assessment_proposal import proposal_context, proposal_table
    from tdcli.render.docx import render_template
    from tdcli.render.drafts import kept_drafts
    from tdcli.render.nd30 import tables_insert
    from tdcli.render.outputs import Outputs, refuse_overwrite
    from tdcli.resources import bundled_dir

    if pdf:
        require_soffice()  # before anything is written
    assessment = read_assessment(workspace, year)
    report = assessment.report
    report.extend(proposal_blockers(workspace, assessment))
    meeting = assessment.meeting
    config = workspace.year(year)
    if (
        not report.valid
        or config is None
        or assessment.scheme is None
        or assessment.ranking is None
        or meeting is None
    ):
        return AssessmentDocument(report, None, assessment)
    day = report_date or meeting.date
    report.extend(dated_before_meeting(workspace, year, day, meeting.date))
    context = proposal_context(
        workspace, year, assessment.scheme, assessment.ranking, assessment.results, meeting, day
    )
    names = {member.id: member.department for member in config.members}
    table = proposal_table(assessment.results, assessment.ranking, names)
    template_path = template or bundled_dir("templates") / PROPOSAL_TEMPLATE
    target = output or Outputs(workspace.layout).proposal(year)
    inputs = [template_path, workspace.cluster_file, *(Path(file) for file in report.files)]
    refuse_overwrite([target], inputs, workspace.layout)
    with kept_drafts() as kept:
        render_template(
            template_path, context, target, inserts={"proposal_table": tables_insert([table])}
        )
        printout = printed(target, pdf)
    return AssessmentDocument(report, target, assessment, day, printout, kept)
