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
from tdcli.workspace.layout import expected_identity

__all__ = ["load_submission", "read_period", "status_of_files"]


def load_submission(file: Path, workspace: Workspace | None = None) -> CheckedSubmission:
    """One file read and checked against the workspace and its place in it."""
    expected = expected_identity(file, workspace.layout if workspace is not None else None)
    return check_submission_file(
        file,
        workspace.config if workspace is not None else None,
        Expected(expected.member, expected.period, expected.folder),
    )


def read_period(workspace: Workspace, period: Period) -> PeriodStatus:
    """Every submission file of the period, read, checked, and filed under its member."""
    layout = workspace.layout
    return status_of_files(workspace, period, layout.submission_files(period))


def status_of_files(workspace: Workspace, period: Period, files: Sequence[Path]) -> PeriodStatus:
    layout = workspace.layout
    filed: dict[str, list[CheckedSubmission]] = {}
    for file in files:
        filed.setdefault(layout.member_of(file), []).append(load_submission(file, workspace))
    return period_status(period, layout.period_folder(period), workspace.year(period.year), filed)
