"""`pledge`: the year's emulation pledge (giao ước thi đua) from the workspace and a template."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

from tdcli.contents.pledge import PledgeDefaults
from tdcli.model.issues import Issue, ValidationReport, make_issue
from tdcli.render.drafts import KeptDrafts
from tdcli.workspace import Workspace

__all__ = ["PLEDGE_TEMPLATE", "PledgeResult", "compile_pledge", "pledge_defaults"]

PLEDGE_TEMPLATE = "giao-uoc.docx"


@dataclass
class PledgeResult:
    report: ValidationReport
    docx: Path | None = None
    day: date | None = None
    """The date the pledge carries."""
    pdf: Path | None = None
    """Its PDF, when asked for."""
    kept: KeptDrafts = field(default_factory=KeptDrafts)
    """Documents changed since tdcli wrote them, kept under a new name before this one was
    written."""


@cache
def pledge_defaults() -> PledgeDefaults:
    """The sector's usual commitments and duties, shipped as package data."""
    from tdcli.read.yamlfile import parse_yaml

    resource = resources.files("tdcli").joinpath("data/pledge-defaults.yaml")
    document, issues = parse_yaml(resource.read_text(encoding="utf-8"), Path(resource.name))
    if document is None or issues:
        raise RuntimeError("data/pledge-defaults.yaml is broken")
    data = document.data
    return PledgeDefaults(
        commitments=tuple(data["commitments"]),
        chair_duties=tuple(data["duties"]["chair"]),
        vice_chair_duties=tuple(data["duties"]["vice_chair"]),
    )


def compile_pledge(
    workspace: Workspace,
    year: int,
    *,
    output: Path | None = None,
    template: Path | None = None,
    signing_date: date | None = None,
    workspace_issues: Sequence[Issue] = (),
    pdf: bool = False,
) -> PledgeResult:
    """Render the pledge of `year`; `workspace_issues` (cluster.yaml's warnings, such as a
    member without a director's name, who gets a blank name line) come back in the report.
    Raises `UsageError` for an output that would overwrite an input."""
    from tdcli.contents.official import default_date_issues
    from tdcli.contents.pledge import pledge_context
    from tdcli.contents.tables import targets_table
    from tdcli.render.docx import render_template
    from tdcli.render.drafts import kept_drafts
    from tdcli.render.nd30 import tables_insert
    from tdcli.render.outputs import Outputs, refuse_overwrite
    from tdcli.render.pdf import printed, require_soffice
    from tdcli.resources import bundled_dir

    if pdf:
        require_soffice()  # before anything is written

    report = ValidationReport(files=[str(workspace.cluster_file)], issues=list(workspace_issues))
    config = workspace.year(year)
    if config is None:
        report.extend([make_issue("year-not-configured", file=workspace.cluster_file, year=year)])
        return PledgeResult(report)
    when = signing_date or date.today()
    if signing_date is None:
        report.extend(
            default_date_issues(
                workspace.config,
                workspace.cluster_file,
                f"giao ước thi đua năm {year} (ký đầu năm)",
                date(year, 1, 1),
                when,
            )
        )
    context = pledge_context(workspace, year, when, pledge_defaults())
    template_path = template or bundled_dir("templates") / PLEDGE_TEMPLATE
    target = output or Outputs(workspace.layout).pledge(year)
    refuse_overwrite([target], [template_path], workspace.layout)
    provinces = {member: unit.name for member, unit in workspace.provinces_in(year).items()}
    table = targets_table(config, provinces)
    registration = tables_insert([table] if table is not None else [])
    with kept_drafts() as kept:
        render_template(template_path, context, target, inserts={"targets_table": registration})
        printout = printed(target, pdf)
    return PledgeResult(report, target, when, printout, kept)
