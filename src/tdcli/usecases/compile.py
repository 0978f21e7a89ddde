"""`compile`: a period's submissions loaded, validated, aggregated and rendered as the cluster's
review report (.docx) with its data tables (.xlsx)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tdcli.compute.aggregate import Aggregate, aggregate, jumps, member_refs
from tdcli.model.issues import Issue, Severity, ValidationReport, make_issue
from tdcli.model.periods import Period
from tdcli.model.vnformat import format_int
from tdcli.render.drafts import KeptDrafts, kept_drafts
from tdcli.render.outputs import Outputs, atomic_paths, companion_workbook, refuse_overwrite
from tdcli.usecases.period import read_period
from tdcli.workspace import Workspace

if TYPE_CHECKING:
    from tdcli.contents.tables import Table
    from tdcli.usecases.assessment import AssessmentYear

__all__ = [
    "CompileResult",
    "PreparedReview",
    "assessment_warnings",
    "compile_review",
    "prepare_review",
    "render_review",
    "year_assessment",
]

REVIEW_TEMPLATE = "bao-cao.docx"


@dataclass
class CompileResult:
    report: ValidationReport
    aggregate: Aggregate | None = None
    docx: Path | None = None
    xlsx: Path | None = None
    day: date | None = None
    """The date the report carries."""
    pdf: Path | None = None
    """The report's PDF, when asked for."""
    kept: KeptDrafts = field(default_factory=KeptDrafts)
    """Documents changed since tdcli wrote them, kept under a new name before this one was
    written."""


@dataclass
class PreparedReview:
    """A period checked and aggregated, ready to render: what `compile` and `export` share."""

    report: ValidationReport
    aggregate: Aggregate | None = None
    inputs: list[Path] = field(default_factory=list)


def prepare_review(
    workspace: Workspace,
    period: Period,
    *,
    strict: bool = False,
    workspace_issues: Sequence[Issue] = (),
) -> PreparedReview:
    """Load and check the period's submissions (and a year earlier's), then aggregate.

    The aggregate is None when an error was found; the report says which."""
    report = ValidationReport(files=[str(workspace.cluster_file)], issues=list(workspace_issues))
    year = workspace.year(period.year)
    if year is None:
        report.extend(
            [make_issue("year-not-configured", file=workspace.cluster_file, year=period.year)]
        )
        return PreparedReview(report)
    current = read_period(workspace, period)
    report.files.extend(str(path) for path in current.files)
    report.extend(current.issues)
    members = member_refs(year, workspace.provinces_in(period.year))
    if current.files:
        report.extend(current.missing_issues(strict=strict))
    else:  # one error says it all, with the periods that can be compiled
        layout = workspace.layout
        ready = [p.code for p in layout.periods() if p != period and layout.submission_files(p)]
        report.extend(
            [
                make_issue(
                    "no-submissions",
                    file=current.folder,
                    period=period.label,
                    folder=layout.relative(current.folder),
                    available=(
                        f"các kỳ đã có báo cáo: {', '.join(ready)} (ví dụ --period {ready[-1]})"
                        if ready
                        else "chưa kỳ nào có báo cáo: chép tệp của các Sở vào submissions/<kỳ>/ "
                        "hoặc dùng tdcli collect"
                    ),
                )
            ]
        )
    previous = read_period(workspace, period.previous_year())
    for file in previous.invalid_files:
        report.extend([make_issue("previous-invalid", file=file, detail=file.name)])
    inputs = [workspace.cluster_file, *current.files, *previous.files]
    if not report.valid:
        return PreparedReview(report, None, inputs)
    result = aggregate(
        period,
        members,
        current.submissions,
        previous.submissions,
        workspace.provinces_in(period.previous_year().year),
    )
    files = {status.member.id: status.files[0].file for status in current.members if status.files}
    report.extend(
        make_issue(
            "implausible-change",
            file=files.get(jump.member.id, current.folder),
            field=jump.spec.key,
            label=jump.spec.label,
            value=jump.value,
            name=jump.spec.label,
            times=format_int(jump.value // jump.previous),
            period=period.previous_year().label,
            previous=format_int(jump.previous),
        )
        for jump in jumps(result)
    )
    return PreparedReview(report, result, inputs)


def year_assessment(workspace: Workspace, period: Period) -> AssessmentYear | None:
    """The year's assessment for the report of a full year that has `assessment/<year>/`;
    None for other periods and years without one."""
    if not period.is_full_year or not workspace.layout.assessment_folder(period.year).is_dir():
        return None
    from tdcli.usecases.assessment import read_assessment

    return read_assessment(workspace, period.year)


def assessment_warnings(assessment: AssessmentYear) -> list[Issue]:
    """The assessment's issues for the year report: an incomplete assessment never stops the
    review of the figures, so its errors come back as warnings (the report says it is
    incomplete)."""
    return [
        issue.model_copy(update={"severity": Severity.WARNING})
        if issue.severity is Severity.ERROR
        else issue
        for issue in assessment.report.issues
    ]


def _assessment_part(
    workspace: Workspace, assessment: AssessmentYear | None, report_date: date
) -> tuple[dict[str, Any], list[Table]]:
    """The report's part on the assessment and the ranking table for its appendix."""
    from tdcli.contents.assessment import ranking_table
    from tdcli.contents.review import assessment_summary
    from tdcli.usecases.assessment import member_names

    config = workspace.year(assessment.year) if assessment is not None else None
    if assessment is None or config is None:
        return {}, []
    names = {member.id: member.department for member in config.members}
    part = assessment_summary(
        assessment.year,
        assessment.scheme,
        assessment.ranking,
        assessment.results,
        names,
        meeting=assessment.meeting,
        complete=assessment.complete,
        report_date=report_date,
    )
    if assessment.scheme is None or assessment.ranking is None:
        return part, []
    # the appendix names members by their province, as its other tables do
    provinces = member_names(workspace, assessment.year)
    table = ranking_table(assessment.scheme, assessment.ranking, provinces, assessment.unscored)
    return part, [table]


def render_review(
    workspace: Workspace,
    result: Aggregate,
    docx_path: Path,
    *,
    template: Path | None = None,
    report_date: date,
    notes: Sequence[str] = (),
    charts: Sequence[Path] = (),
    assessment: AssessmentYear | None = None,
) -> tuple[Path, Path]:
    """The report (.docx) and its data workbook (.xlsx, beside it). `notes` are added to the
    report's notes; `charts` are images shown before the appendix tables; `assessment` (a
    full year's) adds the part on the scores and the proposals, and the ranking table."""
    from tdcli.contents.review import review_context
    from tdcli.contents.tables import review_sheets, review_tables
    from tdcli.render.docx import Insert, render_template
    from tdcli.render.nd30 import CHART_WIDTH_MM, images_insert, tables_insert
    from tdcli.render.xlsx import write_workbook
    from tdcli.resources import bundled_dir

    template_path = template or bundled_dir("templates") / REVIEW_TEMPLATE
    part, ranking = _assessment_part(workspace, assessment, report_date)
    context = review_context(workspace, result, report_date, assessment=part)
    context["notes"] = [*notes, *context["notes"]]
    tables = review_tables(result)
    numbered = sum(1 for table in tables if table.title[:1].isdigit())
    # The ranking follows the numbered tables of the figures, numbered like them.
    tables += [
        replace(table, title=f"{numbered + index}. {table.title}")
        for index, table in enumerate(ranking, start=1)
    ]
    inserts: dict[str, Insert] = {
        "appendix_tables": tables_insert(tables, landscape=True),
        "charts": images_insert(charts, CHART_WIDTH_MM),
    }
    xlsx_path = companion_workbook(docx_path)
    with atomic_paths([docx_path, xlsx_path]) as (docx_temporary, xlsx_temporary):
        render_template(template_path, context, docx_temporary, inserts=inserts)
        write_workbook(review_sheets(result, workspace.config.name), xlsx_temporary)
    return docx_path, xlsx_path


def compile_review(
    workspace: Workspace,
    period: Period,
    *,
    output: Path | None = None,
    template: Path | None = None,
    strict: bool = False,
    report_date: date | None = None,
    workspace_issues: Sequence[Issue] = (),
    pdf: bool = False,
) -> CompileResult:
    """Load, check, aggregate and render. Problems come back in the result's report; the
    files are written only when no error was found. Raises `UsageError` for an output path
    that would overwrite an input, and `TemplateError` for a template that cannot render."""
    from tdcli.contents.official import default_date_issues
    from tdcli.render.pdf import printed, require_soffice
    from tdcli.resources import bundled_dir

    if pdf:
        require_soffice()  # before anything is written
    prepared = prepare_review(workspace, period, strict=strict, workspace_issues=workspace_issues)
    assessment = year_assessment(workspace, period)
    if assessment is not None:
        prepared.report.files.extend(assessment.report.files)
        prepared.report.extend(assessment_warnings(assessment))
    if prepared.aggregate is None:
        return CompileResult(prepared.report)
    template_path = template or bundled_dir("templates") / REVIEW_TEMPLATE
    docx_path = output or Outputs(workspace.layout).review(period)
    read = [Path(file) for file in assessment.report.files] if assessment is not None else []
    refuse_overwrite(
        [docx_path, companion_workbook(docx_path)],
        [template_path, *prepared.inputs, *read],
        workspace.layout,
    )
    day = report_date or date.today()
    if report_date is None:
        prepared.report.extend(
            default_date_issues(
                workspace.config, workspace.cluster_file, period.label, period.end, day
            )
        )
    with kept_drafts() as kept:
        docx, xlsx = render_review(
            workspace,
            prepared.aggregate,
            docx_path,
            template=template_path,
            report_date=day,
            assessment=assessment,
        )
        printout = printed(docx, pdf)
    return CompileResult(prepared.report, prepared.aggregate, docx, xlsx, day, printout, kept)
