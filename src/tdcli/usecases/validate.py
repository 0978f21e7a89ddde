"""`validate`: files and folders checked, with the workspace they belong to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
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

__all__ = [
    "AnnotatedCopies",
    "annotate_file",
    "annotate_files",
    "annotate_submission",
    "validate_paths",
]


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
    them (two files for one member are an error). A folder holding cluster.yaml is a workspace
    even when cluster.yaml has errors: its submissions are then checked each on its own, and
    said so. What is under `assessment/` is the year-end assessment's, checked as `assess rank`
    checks it, never as submissions. Raises `WorkspaceNotFound` only when `workspace` is given
    and is not one.
    """
    report = ValidationReport()
    loaded: dict[Path, Workspace | None] = {}
    alone: dict[Path, int] = {}  # per cluster.yaml with errors, the submissions checked alone
    if workspace is not None:
        workspace = find_workspace(workspace, search_parents=False)

    def workspace_for(path: Path) -> tuple[WorkspaceLayout | None, Workspace | None]:
        root = _workspace_root(path, workspace)
        if root is None:
            return None, None
        root = root.resolve()
        if root not in loaded:
            config, issues = load_workspace(root)
            loaded[root] = config
            report.files.append(str(root / CLUSTER_FILE))
            report.extend(issues)
        return WorkspaceLayout(root), loaded[root]

    for path in paths:
        if not path.exists():
            report.extend([make_issue("file-not-found", file=path)])
            continue
        layout, current = workspace_for(path)
        if layout is not None and layout.holds_assessment(path):
            _check_assessment(report, path, layout, current)
            continue
        if path.is_dir():
            is_root = layout is not None and path.resolve() == layout.root
            folder = layout.submissions_dir if is_root and layout is not None else path
            files = submission_files_under(folder)
            if current is not None:
                files += [
                    file for file in other_files_under(folder) if current.layout.period_of(file)
                ]
            if is_root and layout is not None:
                report.extend(
                    make_issue("outside-period-folder", file=entry, name=entry.name)
                    for entry in layout.outside_periods()
                )
            if not files:
                report.extend([make_issue("no-files", file=path)])
        elif path.name == CLUSTER_FILE:
            continue
        else:
            files = [path]
        if layout is not None and current is None:
            for file in files:
                report.files.append(str(file))
                report.extend(load_submission(file, layout=layout).issues)
            alone[layout.cluster_file] = alone.get(layout.cluster_file, 0) + len(files)
            continue
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
    report.extend(
        make_issue("checked-without-cluster", file=cluster, count=count)
        for cluster, count in alone.items()
        if count
    )
    return _year_said_once(report, loaded)


def _check_assessment(
    report: ValidationReport, path: Path, layout: WorkspaceLayout, workspace: Workspace | None
) -> None:
    """`path` in `assessment/`: each year it holds (or lies in) read and checked as `assess
    rank` reads it, keeping what is found in `path`, and the reason a year could not be read at
    all; a file of no year, or one no year reads, is said to be read by nobody."""
    from tdcli.usecases.assessment import read_assessment

    year = layout.assessment_year_of(path)
    if year is not None:
        years = [year]
    elif path.resolve() == layout.assessment_dir.resolve():
        years = layout.assessment_years()
    else:
        years = []
    if not years:
        if path.is_dir():
            report.extend([make_issue("no-files", file=path)])
        else:
            report.files.append(str(path))
            report.extend([make_issue("stray-file", file=path, name=path.name)])
        return
    if workspace is None:
        report.extend(
            make_issue("assessment-not-checked", file=layout.assessment_folder(each), year=each)
            for each in years
        )
        return
    target = path.resolve()

    def within(name: str) -> bool:
        return Path(name).resolve().is_relative_to(target)

    for each in years:
        found = read_assessment(workspace, each)
        files = [name for name in found.report.files if within(name)]
        if found.scheme is None:  # the year read nothing: why, whatever part of it was asked
            report.files.extend(files)
            report.extend(found.report.issues)
            continue
        issues = [issue for issue in found.report.issues if within(issue.file)]
        if path.is_file() and not files and not issues:
            files, issues = [str(path)], [make_issue("stray-file", file=path, name=path.name)]
        report.files.extend(files)
        report.extend(issues)


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
        contact = (year.contact.line if year and year.contact else None) or (
            chair.department if chair else None
        )
    heading = annotation_heading(file.name, whose, errors, len(own) - errors, contact)
    return annotate_workbook(file, own, target, heading)


@dataclass(frozen=True)
class AnnotatedCopies:
    """The annotated copies written, and each workbook with errors that got none, with why."""

    written: list[Path] = field(default_factory=list)
    not_written: list[tuple[Path, str]] = field(default_factory=list)


def annotate_file(file: Path, report: ValidationReport, target: Path) -> AnnotatedCopies:
    """The annotated copy of `file` at `target` (none when it has no errors), or why it cannot
    be made (a file the guard refuses: not a workbook, too large...). Raises `UsageError` for a
    target that would replace an input."""
    from tdcli.render.annotate import CannotAnnotate

    copies = AnnotatedCopies()
    try:
        copy = annotate_submission(file, report, target)
    except CannotAnnotate as error:
        copies.not_written.append((file, str(error)))
    else:
        if copy is not None:
            copies.written.append(copy)
    return copies


def annotate_files(report: ValidationReport, folder: Path) -> AnnotatedCopies:
    """An annotated copy (`<name>-loi.xlsx` in `folder`) of each workbook of `report` that has
    errors; the others get none. One that cannot be annotated is named with why, and the rest
    still get theirs."""
    copies = AnnotatedCopies()
    for name in report.files:
        file = Path(name)
        if file.suffix.lower() != ".xlsx":
            continue
        one = annotate_file(file, report, folder / f"{file.stem}-loi.xlsx")
        copies.written.extend(one.written)
        copies.not_written.extend(one.not_written)
    return copies
