"""Reading a year's assessment: `assessment/<year>/` found by the layout, each file read and
checked, then the scores, the ranking, the candidates and the count computed. What `assess
rank`, the ballots, the minutes, the proposal, the year report and the export share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tdcli.compute.assessment import (
    AwardCandidates,
    AwardResult,
    MemberScore,
    Ranking,
    count_awards,
    eligible_candidates,
    first_round_votes,
    member_score,
    rank_members,
)
from tdcli.model.issues import Issue, ValidationReport, make_issue
from tdcli.model.scheme import Meeting, Review, Scheme, SelfAssessment
from tdcli.model.vnformat import date_short
from tdcli.render.drafts import KeptDrafts
from tdcli.workspace import Workspace
from tdcli.workspace.layout import is_submission_file

__all__ = [
    "AssessmentDocument",
    "AssessmentYear",
    "RankResult",
    "dated_before_meeting",
    "member_names",
    "rank_year",
    "read_assessment",
    "read_scheme",
]


@dataclass
class AssessmentYear:
    """A year's assessment as read, checked and computed."""

    year: int
    report: ValidationReport
    scheme: Scheme | None = None
    assessments: dict[str, SelfAssessment] = field(default_factory=dict)
    """The valid self-assessments, by member."""
    files: dict[str, Path] = field(default_factory=dict)
    """Each member's self-assessment file, valid or not."""
    review: Review | None = None
    meeting: Meeting | None = None
    scores: list[MemberScore] = field(default_factory=list)
    ranking: Ranking | None = None
    candidates: list[AwardCandidates] = field(default_factory=list)
    results: list[AwardResult] = field(default_factory=list)
    """Each award's count, when the meeting records ballots (empty otherwise)."""
    unscored: list[str] = field(default_factory=list)
    """Members of the year whose scores are missing or invalid: not ranked."""

    @property
    def complete(self) -> bool:
        """Every member scored validly and nothing else wrong."""
        return self.scheme is not None and not self.unscored and self.report.valid


@dataclass
class AssessmentDocument:
    """A year-end document written (ballots, minutes, proposal), or why not."""

    report: ValidationReport
    path: Path | None = None
    assessment: AssessmentYear | None = None
    day: date | None = None
    """The date the document carries."""
    pdf: Path | None = None
    """Its PDF, when asked for."""
    kept: KeptDrafts = field(default_factory=KeptDrafts)
    """Documents changed since tdcli wrote them, kept under a new name before this one was
    written."""


def _yaml(file: Path) -> tuple[Any, Any, list[Issue]]:
    from tdcli.read.yamlfile import read_yaml

    document, issues = read_yaml(file)
    if document is None:
        return None, None, issues
    return document.data, document.location, issues


def read_scheme(workspace: Workspace, year: int) -> tuple[Scheme | None, list[Issue]]:
    """The year's scheme, or None with the issues that say why (none at all, or with errors:
    a scheme with errors scores nobody)."""
    from tdcli.check.assessment import check_scheme

    file = workspace.layout.scheme_file(year)
    if not file.exists():
        return None, [make_issue("no-scheme", file=file, year=year)]
    data, locate, issues = _yaml(file)
    if data is None:
        return None, issues
    scheme, found = check_scheme(data, file, locate)
    issues.extend(found)
    if any(issue.severity == "error" for issue in issues):
        return None, issues
    return scheme, issues


def read_assessment(workspace: Workspace, year: int) -> AssessmentYear:
    """Everything of `assessment/<year>/`; problems in the report, never exceptions."""
    from tdcli.check.assessment import check_meeting, check_review, check_self_assessment

    layout = workspace.layout
    report = ValidationReport()
    result = AssessmentYear(year, report)
    config = workspace.year(year)
    if config is None:
        report.extend([make_issue("year-not-configured", file=workspace.cluster_file, year=year)])
        return result
    cluster = workspace.config.name
    scheme, issues = read_scheme(workspace, year)
    report.extend(issues)
    if scheme is None:
        result.unscored = list(config.member_ids)
        return result
    report.files.append(str(layout.scheme_file(year)))
    result.scheme = scheme

    by_member: dict[str, list[Path]] = {}
    for file in layout.self_assessment_files(year):
        if not is_submission_file(file) and config.member(file.stem) is None:
            report.extend([make_issue("stray-file", file=file, name=file.name)])
            continue
        by_member.setdefault(file.stem, []).append(file)
    for member_id, files in by_member.items():
        report.files.extend(str(file) for file in files)
        if len(files) > 1:
            report.extend(
                [
                    make_issue(
                        "duplicate-assessment",
                        file=files[0],
                        member=member.department
                        if (member := config.member(member_id))
                        else member_id,
                        year=year,
                        files=", ".join(file.name for file in files),
                    )
                ]
            )
            result.files[member_id] = files[0]
            continue
        file = files[0]
        result.files[member_id] = file
        assessment, issues = _self_assessment(
            file, scheme, year, config, cluster, member_id, check_self_assessment
        )
        report.extend(issues)
        if assessment is not None and not any(issue.severity == "error" for issue in issues):
            result.assessments[assessment.member] = assessment
    folder = layout.relative(layout.self_assessment_folder(year))
    for member in config.members:
        if member.id not in by_member:
            report.extend(
                [
                    make_issue(
                        "assessment-missing",
                        file=layout.self_assessment_folder(year),
                        department=member.department,
                        year=year,
                        folder=folder,
                    )
                ]
            )
    result.unscored = [
        member_id for member_id in config.member_ids if member_id not in result.assessments
    ]

    review_file = layout.review_file(year)
    if review_file.exists():
        report.files.append(str(review_file))
        data, locate, issues = _yaml(review_file)
        report.extend(issues)
        if data is not None:
            review, issues = check_review(
                data, review_file, locate, scheme, year, config, cluster=cluster
            )
            report.extend(issues)
            result.review = review
        if result.review is None:
            # Self-scores must never pass for the cluster's reviewed scores.
            return result

    meeting_file = layout.meeting_file(year)
    meeting_locate: Any = None
    if meeting_file.exists():
        report.files.append(str(meeting_file))
        data, meeting_locate, issues = _yaml(meeting_file)
        report.extend(issues)
        if data is not None:
            meeting, issues = check_meeting(
                data,
                meeting_file,
                meeting_locate,
                scheme,
                year,
                config,
                cluster=cluster,
                next_year=workspace.year(year + 1),
            )
            report.extend(issues)
            result.meeting = meeting

    adjustments = result.review.adjustments if result.review else []
    result.scores = [
        member_score(scheme, assessment, adjustments)
        for member_id, assessment in result.assessments.items()
        if config.member(member_id) is not None
    ]
    # Eligibility, the ballots and the count stand on the ranking before the vote; the votes
    # only order, afterwards, members the other tie-breaks left equal.
    standing = rank_members(scheme, result.scores)
    result.ranking = rank_members(scheme, result.scores, first_round_votes(result.meeting))
    result.candidates = [
        eligible_candidates(scheme, standing, result.meeting, award) for award in scheme.awards
    ]
    if result.meeting is not None and not result.unscored:
        results, issues = count_awards(
            scheme,
            standing,
            result.meeting,
            config.member_ids,
            file=meeting_file,
            locate=meeting_locate,
            names={member.id: member.department for member in config.members},
        )
        result.results = results
        report.extend(issues)
    return result


def _self_assessment(
    file: Path,
    scheme: Scheme,
    year: int,
    config: Any,
    cluster: str,
    expected: str,
    check: Any,
) -> tuple[SelfAssessment | None, list[Issue]]:
    if not is_submission_file(file):
        from tdcli.read import read_submission_file

        _, issues = read_submission_file(file)  # an .xls, an .ods: what to save it as
        return None, issues
    if file.suffix.lower() == ".xlsx":
        from tdcli.read.excel import read_self_assessment

        raw, issues = read_self_assessment(file, scheme)
        if raw is None:
            return None, issues
        data, locate = raw.data, raw.locate
    else:
        data, locate, issues = _yaml(file)
        if data is None:
            return None, issues
    assessment, found = check(
        data, file, locate, scheme, year, config, cluster=cluster, expected_member=expected
    )
    return assessment, [*issues, *found]


@dataclass
class RankResult:
    assessment: AssessmentYear
    workbook: Path | None = None
    kept: KeptDrafts = field(default_factory=KeptDrafts)
    """Documents changed since tdcli wrote them, kept under a new name before this one was
    written."""


def dated_before_meeting(workspace: Workspace, year: int, day: date, held: date) -> list[Issue]:
    """A warning when a document that tells of the year-end meeting is dated before it."""
    if day >= held:
        return []
    return [
        make_issue(
            "dated-before-meeting",
            file=workspace.layout.meeting_file(year),
            day=date_short(day),
            meeting=date_short(held),
        )
    ]


def member_names(workspace: Workspace, year: int) -> dict[str, str]:
    """Each member of the year by its province's name, as the assessment's tables show it."""
    config = workspace.year(year)
    provinces = workspace.provinces_in(year)
    return {
        member.id: provinces[member.id].name if member.id in provinces else member.department
        for member in (config.members if config else [])
    }


def rank_year(workspace: Workspace, year: int, *, output: Path | None = None) -> RankResult:
    """The year's scores and ranking, and its workbook (members × criteria, self and final
    scores side by side, totals, rank, band) written when the scheme could be read."""
    from tdcli.contents.assessment import score_sheets
    from tdcli.render.drafts import kept_drafts
    from tdcli.render.outputs import Outputs, refuse_overwrite
    from tdcli.render.xlsx import write_workbook

    assessment = read_assessment(workspace, year)
    if assessment.scheme is None or assessment.ranking is None:
        return RankResult(assessment)
    target = output or Outputs(workspace.layout).ranking(year)
    inputs = [Path(file) for file in assessment.report.files]
    refuse_overwrite([target], inputs, workspace.layout)
    sheets = score_sheets(
        assessment.scheme,
        assessment.ranking,
        member_names(workspace, year),
        workspace.config.name,
        year,
        assessment.unscored,
    )
    with kept_drafts() as kept:
        write_workbook(sheets, target)
    return RankResult(assessment, target, kept)
