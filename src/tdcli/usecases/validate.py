"""`validate`: files and folders checked, with the workspace they belong to."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tdcli.model.issues import Issue, Severity, ValidationReport, make_issue
from tdcli.model.periods import Period
from tdcli.render.outputs import refuse_overwrite
from tdcli.usecases.period import load_submission, status_of_files
from tdcli.workspace import Workspace, WorkspaceNotFound, find_workspace, load_workspace
from tdcli.workspace.layout import (
    CLUSTER_FILE,
    WorkspaceLayout,
    other_files_under,
    submission_files_under,
)

__all__ = ["annotate_files", "annotate_submission", "validate_paths"]


def _workspace_root(path: Path, explicit: Path | None) -> Path | None:
    if explicit is not None:
        return explicit
    for start in (path, Path.cwd()):
        try:
            return find_workspace(start)
        except WorkspaceNotFound:
            continue
    return None


def validate_paths(paths: Sequence[Path], *, workspace: Path | None = None) -> ValidationReport:
    """Validate files and folders; a workspace folder also gets its cluster.yaml checked.

    `workspace` forces the workspace; otherwise each path's own (or the current folder's) is
    used. Files in a period folder of the workspace are checked as the period's status sees
    them (two files for one member are an error). Raises `WorkspaceNotFound` only when
    `workspace` is given and is not one.
    """
    report = ValidationReport()
    loaded: dict[Path, Workspace | None] = {}
    if workspace is not None:
        workspace = find_workspace(workspace, search_parents=False)

    def workspace_for(path: Path) -> Workspace | None:
        root = _workspace_root(path, workspace)
        if root is None:
            return None
        root = root.resolve()
        if root not in loaded:
            config, issues = load_workspace(root)
            loaded[root] = config
            report.files.append(str(root / CLUSTER_FILE))
            report.extend(issues)
        return loaded[root]

    for path in paths:
        if not path.exists():
            report.extend([make_issue("file-not-found", file=path)])
            continue
        current = workspace_for(path)
        if path.is_dir():
            is_root = current is not None and path.resolve() == current.root.resolve()
            folder = current.submissions_dir if is_root and current is not None else path
            files = submission_files_under(folder)
            if current is not None:
                files += [
                    file for file in other_files_under(folder) if current.layout.period_of(file)
                ]
            if is_root and current is not None:
                report.extend(
                    make_issue("outside-period-folder", file=entry, name=entry.name)
                    for entry in current.layout.outside_periods()
                )
            if not files:
                report.extend([make_issue("no-files", file=path)])
        elif path.name == CLUSTER_FILE:
            continue
        else:
            files = [path]
        by_period: dict[Period, list[Path]] = {}
        for file in files:
            period = current.layout.period_of(file) if current is not None else None
            if period is not None:
                by_period.setdefault(period, []).append(file)
                continue
            report.files.append(str(file))
            report.extend(load_submission(file, current).issues)
        for period, period_files in sorted(by_period.items()):
            assert current is not None
            status = status_of_files(current, period, period_files)
            report.files.extend(str(file) for file in status.files)
            report.extend(status.issues)
    return _year_said_once(report, loaded)


def _year_said_once(
    report: ValidationReport, loaded: dict[Path, Workspace | None]
) -> ValidationReport:
    """A year missing from cluster.yaml is one issue on cluster.yaml, not one per file of the
    year's period folders (a file alone, or given on its own, keeps its issue)."""
    missing: dict[tuple[Path, int], list[Issue]] = {}
    for issue in report.issues:
        if issue.code != "year-not-configured":
            continue
        file = Path(issue.file).resolve()
        for root, workspace in loaded.items():
            period = workspace.layout.period_of(file) if workspace is not None else None
            if workspace is not None and period is not None and file.is_relative_to(root):
                missing.setdefault((workspace.cluster_file, period.year), []).append(issue)
                break
    missing = {key: issues for key, issues in missing.items() if len(issues) > 1}
    if not missing:
        return report
    dropped = {id(issue) for issues in missing.values() for issue in issues}
    said = [
        make_issue("year-not-configured-files", file=cluster, year=year, count=len(issues))
        for (cluster, year), issues in sorted(missing.items())
    ]
    kept = [issue for issue in report.issues if id(issue) not in dropped]
    return report.model_copy(update={"issues": [*said, *kept]})


def annotate_submission(file: Path, report: ValidationReport, target: Path) -> Path | None:
    """A copy of the workbook `file` with the errors and warnings `report` found in it marked
    on its cells, a result sheet saying whose form it is, what was found and what to do next;
    to send back to the member. A file without errors gets no copy (None). Raises
    `UsageError` for a target that would replace an input."""
    from tdcli.contents.form import annotation_heading
    from tdcli.render.annotate import annotate_workbook

    own = [issue for issue in report.issues if Path(issue.file) == file]
    errors = sum(1 for issue in own if issue.severity is Severity.ERROR)
    if not errors:
        return None
    root = _workspace_root(file, None)
    layout = WorkspaceLayout(root) if root is not None else None
    refuse_overwrite([target], [file], layout)
    loaded = load_workspace(root)[0] if root is not None else None
    checked = load_submission(file, loaded)
    whose, contact = None, None
    if checked.period is not None:
        year = loaded.year(checked.period.year) if loaded is not None else None
        member = year.member(checked.member) if year and checked.member else None
        who = member.department if member is not None else (checked.member or file.stem)
        whose = f"{who} — {checked.period.label}"
        chair = year.member(year.chair) if year is not None else None
        contact = (year.contact if year else None) or (chair.department if chair else None)
    heading = annotation_heading(file.name, whose, errors, len(own) - errors, contact)
    return annotate_workbook(file, own, target, heading)


def annotate_files(report: ValidationReport, folder: Path) -> list[Path]:
    """An annotated copy (`<name>-loi.xlsx` in `folder`) of each workbook of `report` that has
    errors; the others get none."""
    written = []
    for name in report.files:
        file = Path(name)
        if file.suffix.lower() != ".xlsx":
            continue
        copy = annotate_submission(file, report, folder / f"{file.stem}-loi.xlsx")
        if copy is not None:
            written.append(copy)
    return written
