"""`assess form`: the self-assessment forms (phiếu tự chấm điểm) of a year's scoring scheme, one
per member, pre-filled on request with a self-assessment already received."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from tdcli.contents.form import form_requests
from tdcli.model.formspec import FormSpec, scheme_form_spec
from tdcli.model.issues import ValidationReport, make_issue
from tdcli.model.periods import Period
from tdcli.model.scheme import Scheme, SelfAssessment
from tdcli.render.drafts import KeptDrafts, kept_drafts
from tdcli.render.form import write_form
from tdcli.render.outputs import Outputs
from tdcli.usecases.form import form_targets, refuse_replacing_filled_forms
from tdcli.workspace import Workspace

__all__ = ["AssessmentFormResult", "write_assessment_forms"]


@dataclass
class AssessmentFormResult:
    """The forms written for a year: where, for whom, and which carry scores already sent."""

    report: ValidationReport
    year: int
    scheme: str
    """The number of the letter that sent the scheme, as each form records it."""
    written: list[Path] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    """The member of each form written, in the same order."""
    prefilled: list[str] = field(default_factory=list)
    kept: KeptDrafts = field(default_factory=KeptDrafts)
    """Forms changed since tdcli wrote them, kept under a new name before being written
    again."""

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "scheme": self.scheme,
            "forms": [
                {"member": member, "file": str(path), "prefilled": member in self.prefilled}
                for member, path in zip(self.members, self.written, strict=True)
            ],
            **self.report.to_json_dict(),
        }


def write_assessment_forms(
    workspace: Workspace,
    year: int,
    scheme: Scheme | None,
    member_ids: list[str] | None,
    *,
    output: Path | None,
    force: bool,
    prefill: Mapping[str, SelfAssessment] | None = None,
) -> AssessmentFormResult:
    """A self-assessment form of `scheme` (the year's `scheme.yaml` when None) for each of
    `member_ids` (every member of the year
    when None), in `out/forms/tu-cham-<year>/` unless `output` is a folder, or the file of a
    single member's form. The rules of `write_forms` hold: a member who is not one that year,
    an output over an input or among the submissions, and (unless `force`) a target that is
    not an .xlsx file or is a form holding any score or note, raise `UsageError`; a year
    cluster.yaml does not configure is an issue in the report, and nothing is written."""
    report = ValidationReport(files=[str(workspace.cluster_file)])
    if workspace.year(year) is None:
        report.extend([make_issue("year-not-configured", file=workspace.cluster_file, year=year)])
        return AssessmentFormResult(report, year, "")
    if scheme is None:
        from tdcli.usecases.assessment import read_scheme

        scheme, issues = read_scheme(workspace, year)
        report.extend(issues)
        if scheme is None:
            return AssessmentFormResult(report, year, "")
    spec = scheme_form_spec(scheme)
    result = AssessmentFormResult(report, year, scheme.source.number)
    metadata = {"year": str(year), **{item.key: item.value for item in spec.expected_meta}}
    requests = [
        dataclasses.replace(
            request,
            prefill=_prefill(spec, (prefill or {}).get(request.member.id)),
            extra_metadata=metadata,
        )
        for request in form_requests(workspace, Period.parse(str(year)), member_ids)
    ]
    default = Outputs(workspace.layout).assessment_forms_folder(year)
    targets = form_targets(workspace, requests, output, default, every=member_ids is None)
    if not force:
        refuse_replacing_filled_forms(targets, spec, "phiếu tự chấm")
    with kept_drafts() as result.kept:
        for request, target in zip(requests, targets, strict=True):
            result.written.append(write_form(request, target, spec))
            result.members.append(request.member.id)
            if request.prefill is not None:
                result.prefilled.append(request.member.id)
    return result


@dataclass(frozen=True)
class _Scores:
    """A self-assessment as what pre-fills a form: each cell's value by its defined name."""

    spec: FormSpec
    assessment: SelfAssessment

    def value(self, dotted: str) -> Any:
        item = self.spec.field(dotted)
        if item is None:
            return None
        _, criterion, part = item.path
        entry = self.assessment.scores.get(criterion)
        if entry is None:
            return None
        if part == "note":
            return entry.note
        points: Decimal = entry.points
        return int(points) if points == points.to_integral_value() else float(points)


def _prefill(spec: FormSpec, assessment: SelfAssessment | None) -> _Scores | None:
    return None if assessment is None else _Scores(spec, assessment)
