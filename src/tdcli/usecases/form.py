"""`form`: the Excel forms members fill in, one per member, pre-filled on request with what
the period's submissions already say."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tdcli.contents.form import FormRequest, Prefill, form_requests
from tdcli.errors import UsageError
from tdcli.model.formspec import FormSpec, indicator_form_spec
from tdcli.model.issues import ValidationReport, make_issue
from tdcli.model.periods import Period
from tdcli.read.excel import read_form
from tdcli.render.drafts import KeptDrafts, kept_drafts
from tdcli.render.form import write_form
from tdcli.render.outputs import DocumentFormat, Outputs, form_file, refuse_overwrite
from tdcli.usecases.period import read_period
from tdcli.workspace import Workspace

__all__ = ["FormsResult", "form_targets", "refuse_replacing_filled_forms", "write_forms"]


@dataclass
class FormsResult:
    report: ValidationReport
    written: list[Path] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    """The member of each form written, in the same order."""
    prefilled: list[str] = field(default_factory=list)
    """The members whose forms carry figures they already sent."""
    kept: KeptDrafts = field(default_factory=KeptDrafts)
    """Forms changed since tdcli wrote them, kept under a new name before being written
    again."""


def write_forms(
    workspace: Workspace,
    period: Period,
    members: Sequence[str] | None = None,
    *,
    output: Path | None = None,
    prefill: bool = False,
    force: bool = False,
) -> FormsResult:
    """A form for each of `members` (every member of the year when None). `output` is the file
    of a single member's form, or the folder of all of them. Raises `UsageError` for a member
    who is not one that year, an output that would replace an input, or (unless `force`) a
    target that is not an .xlsx file or is a workbook holding any value: a form a province
    sent back is never replaced by a blank one. A year cluster.yaml does not configure is an
    issue in the result's report, and no form is written."""
    report = ValidationReport(files=[str(workspace.cluster_file)])
    if workspace.year(period.year) is None:
        report.extend(
            [make_issue("year-not-configured", file=workspace.cluster_file, year=period.year)]
        )
        return FormsResult(report)
    filled: dict[str, Prefill] = dict(read_period(workspace, period).submissions) if prefill else {}
    requests = form_requests(workspace, period, members, filled)
    default = Outputs(workspace.layout).forms_folder(period)
    targets = form_targets(workspace, requests, output, default, every=members is None)
    if not force:
        refuse_replacing_filled_forms(targets, indicator_form_spec(), "biểu mẫu")
    result = FormsResult(report)
    with kept_drafts() as result.kept:
        for request, target in zip(requests, targets, strict=True):
            result.written.append(write_form(request, target))
            result.members.append(request.member.id)
            if request.prefill is not None:
                result.prefilled.append(request.member.id)
    return result


def form_targets(
    workspace: Workspace,
    requests: Sequence[FormRequest],
    output: Path | None,
    default: Path,
    *,
    every: bool,
) -> list[Path]:
    """Where each form goes: `member.xlsx` in `default` or in the folder `output`; `output`
    itself when one member was asked for by name. Never over an input or among what members
    sent (`UsageError`)."""
    if output is None or every or output.is_dir():
        targets = [form_file(output or default, request.member.id) for request in requests]
    elif len(requests) == 1:
        targets = [output]
    else:
        raise UsageError(f"Nhiều biểu mẫu không ghi chung một tệp {output}; cho một thư mục")
    refuse_overwrite(targets, [], workspace.layout)
    return targets


def refuse_replacing_filled_forms(targets: Sequence[Path], spec: FormSpec, what: str) -> None:
    """A form a member sent back, or any workbook that is not a blank form of `spec`, is never
    replaced by a blank one (`UsageError`, unless the command is forced)."""
    for target in targets:
        if target.suffix.lower() != DocumentFormat.XLSX:
            raise UsageError(
                f"{what.capitalize()} phải là tệp .xlsx, không ghi vào {target} "
                "(dùng --force nếu chắc)"
            )
        if not target.exists():
            continue
        form, _ = read_form(target, spec)
        holds = form is None or any(
            value not in (None, "") for values in form.values.values() for value in values.values()
        )
        if holds:
            raise UsageError(
                f"{target} đã có và không phải {what} trống (có thể là {what} thành viên đã "
                "điền, gửi lại); tdcli không ghi đè. Chọn nơi khác, hoặc dùng --force để ghi "
                f"{what} mới (tệp đang có được giữ lại với tên khác)"
            )
