"""Reading a period of a workspace: its files found by the layout, each read and checked, and
the period's status computed from them. What `validate`, `compile`, `export` and
`form --prefill` share."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tdcli.check.submission import CheckedSubmission, Expected, check_submission_file
from tdcli.compute.status import PeriodStatus, period_status
from tdcli.model.periods import Period
from tdcli.workspace import Workspace
from tdcli.workspace.layout import WorkspaceLayout, expected_identity, is_submission_file

__all__ = ["load_submission", "read_period", "status_of_files"]


def load_submission(
    file: Path, workspace: Workspace | None = None, *, layout: WorkspaceLayout | None = None
) -> CheckedSubmission:
    """One file read and checked against the workspace and its place in it; with `layout`
    alone (a workspace whose cluster.yaml has errors), against its place only."""
    if workspace is not None:
        layout = workspace.layout
    expected = expected_identity(file, layout)
    return check_submission_file(
        file,
        workspace.config if workspace is not None else None,
        Expected(expected.member, expected.period, expected.folder),
    )


def read_period(workspace: Workspace, period: Period) -> PeriodStatus:
    """Every file of the period's folders accounted for: each submission read, checked and
    filed under its member; any other file named after a member read too (an `.ods` is that
    member's unreadable submission, never a silence); the rest named as stray."""
    layout = workspace.layout
    files = [*layout.submission_files(period), *layout.other_files(period)]
    return status_of_files(workspace, period, files)


def status_of_files(workspace: Workspace, period: Period, files: Sequence[Path]) -> PeriodStatus:
    """The status of `period` from these files of its folders."""
    layout = workspace.layout
    year = workspace.year(period.year)
    members = set(year.member_ids) if year is not None else set()
    filed: dict[str, list[CheckedSubmission]] = {}
    strays = []
    for file in sorted(files):
        owner = layout.member_of(file)
        if not is_submission_file(file) and owner not in members:
            strays.append(file)
            continue
        filed.setdefault(owner, []).append(load_submission(file, workspace))
    return period_status(
        period,
        layout.period_folder(period),
        year,
        filed,
        strays=strays,
        folders=layout.period_folders(period),
    )
