"""Validation: a submission checked against the catalogue's models and rules, and against the
workspace (the member belongs to the cluster that year, the period matches its folder)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from tdcli.catalogue import GROUPS, Submission, field_spec
from tdcli.issues import Issue, ValidationReport, make_issue
from tdcli.model_errors import Locator, issues_from_validation_error, suggestion
from tdcli.periods import Period, PeriodError
from tdcli.read import SUBMISSION_SUFFIXES, RawSubmission, read_submission_file
from tdcli.workspace import (
    CLUSTER_FILE,
    SUBMISSIONS_DIR,
    Workspace,
    WorkspaceNotFound,
    find_workspace,
    load_workspace,
)

__all__ = [
    "CheckedSubmission",
    "check_against_workspace",
    "collect_submission_files",
    "duplicate_submissions",
    "load_submission",
    "validate_paths",
    "validate_submission_data",
]


@dataclass(frozen=True)
class CheckedSubmission:
    """A submission file after validation: the model when it is valid, and every issue."""

    file: Path
    submission: Submission | None
    issues: list[Issue] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.submission is not None and not any(
            issue.severity == "error" for issue in self.issues
        )


def validate_submission_data(
    data: object, *, file: Path, locate: Locator
) -> tuple[Submission | None, list[Issue]]:
    """Check plain data against the catalogue: field errors first, then the rules across fields."""
    if not isinstance(data, dict):
        return None, [
            make_issue(
                "wrong-type",
                file=file,
                location=locate(()),
                detail="báo cáo phải là một nhóm các mục (member, period, inspections, ...)",
            )
        ]
    try:
        submission = Submission.model_validate(data)
    except ValidationError as error:
        issues = issues_from_validation_error(error, file=file, locate=locate, model=Submission)
        failed = {issue.field.split(".")[0] for issue in issues if issue.field}
        for group in GROUPS:
            if group.key in failed or not isinstance(data.get(group.key), dict):
                continue
            issues.extend(_rule_issues(group.model_validate(data[group.key]), file, locate))
        return None, issues
    issues = []
    for group in GROUPS:
        issues.extend(_rule_issues(submission.group(group.key), file, locate))
    return submission, issues


def _rule_issues(group: object, file: Path, locate: Locator) -> list[Issue]:
    from tdcli.catalogue import IndicatorGroup

    assert isinstance(group, IndicatorGroup)
    issues = []
    for finding in group.check_rules():
        dotted = f"{group.key}.{finding.field}"
        spec = field_spec(dotted)
        issues.append(
            make_issue(
                finding.code,
                file=file,
                location=locate((group.key, finding.field)),
                field=dotted,
                label=spec.label if spec else None,
                value=getattr(group, finding.field),
                **{key: value for key, value in finding.params.items() if key != "value"},
            )
        )
    return issues


def check_against_workspace(
    member: str | None,
    period: Period | None,
    file: Path,
    locate: Locator,
    workspace: Workspace | None,
) -> list[Issue]:
    """The file name says the member, the folder the period, the workspace who is a member."""
    issues = []
    if member is not None and member != file.stem:
        issues.append(
            make_issue(
                "member-mismatch",
                file=file,
                location=locate(("member",)),
                field="member",
                value=member,
                expected=file.stem,
            )
        )
    try:
        folder_period: Period | None = Period.parse(file.parent.name)
    except PeriodError:
        folder_period = None
    if period is not None and folder_period is not None and folder_period != period:
        issues.append(
            make_issue(
                "period-mismatch",
                file=file,
                location=locate(("period",)),
                field="period",
                value=period.code,
                expected=file.parent.name,
            )
        )
    if workspace is None or period is None:
        return issues
    year_config = workspace.year(period.year)
    if year_config is None:
        issues.append(
            make_issue(
                "year-not-configured",
                file=file,
                location=locate(("period",)),
                field="period",
                year=period.year,
            )
        )
    elif member is not None and year_config.member(member) is None:
        issues.append(
            make_issue(
                "unknown-member",
                file=file,
                location=locate(("member",)),
                field="member",
                value=member,
                cluster=workspace.config.name,
                year=period.year,
                suggestion=suggestion(member, year_config.member_ids),
            )
        )
    return issues


def _identity(data: object) -> tuple[str | None, Period | None]:
    """The member and period a file claims, when they can be read at all."""
    if not isinstance(data, dict):
        return None, None
    member = data.get("member")
    try:
        period = Period.parse(str(data["period"])) if data.get("period") is not None else None
    except PeriodError:
        period = None
    return (member.strip() if isinstance(member, str) else None), period


def load_submission(file: Path, workspace: Workspace | None = None) -> CheckedSubmission:
    """Read, validate and check one submission file."""
    raw, issues = read_submission_file(file)
    if raw is None:
        return CheckedSubmission(file, None, issues)
    return _check_raw(raw, issues, workspace)


def _check_raw(
    raw: RawSubmission, issues: list[Issue], workspace: Workspace | None
) -> CheckedSubmission:
    submission, found = validate_submission_data(raw.data, file=raw.file, locate=raw.locate)
    issues = [*issues, *found]
    member, period = _identity(raw.data)
    issues.extend(check_against_workspace(member, period, raw.file, raw.locate, workspace))
    if any(issue.severity == "error" for issue in issues):
        submission = None
    return CheckedSubmission(raw.file, submission, sorted_issues(_with_labels(issues)))


def _with_labels(issues: list[Issue]) -> list[Issue]:
    labelled = []
    for issue in issues:
        spec = field_spec(issue.field) if issue.field and issue.label is None else None
        labelled.append(issue.model_copy(update={"label": spec.label}) if spec else issue)
    return labelled


def sorted_issues(issues: Iterable[Issue]) -> list[Issue]:
    """In file order: by line, then by cell."""
    return sorted(
        issues,
        key=lambda issue: (
            issue.location.line or 0,
            issue.location.sheet or "",
            _cell_key(issue.location.cell),
        ),
    )


def _cell_key(cell: str | None) -> tuple[int, str]:
    if not cell:
        return (0, "")
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters) :]
    return (int(digits) if digits else 0, letters)


def _is_submission(path: Path) -> bool:
    return (
        path.suffix.lower() in SUBMISSION_SUFFIXES
        and not path.name.startswith(("~$", "."))
        and path.name != CLUSTER_FILE
    )


def collect_submission_files(folder: Path) -> list[Path]:
    """Every submission below `folder`, sorted, skipping hidden folders and outputs."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if any(part.startswith(".") for part in relative[:-1]) or (
            relative and relative[0] == "out"
        ):
            continue
        if path.is_file() and _is_submission(path):
            found.append(path)
    return found


def duplicate_submissions(files: Iterable[Path]) -> list[Issue]:
    """One issue per member with more than one file in a folder (x.yaml and x.xlsx)."""
    by_member: dict[tuple[Path, str], list[Path]] = defaultdict(list)
    for file in files:
        by_member[(file.parent, file.stem)].append(file)
    issues = []
    for (folder, member), group in sorted(by_member.items()):
        if len(group) > 1:
            issues.append(
                make_issue(
                    "duplicate-submission",
                    file=group[0],
                    member=member,
                    period=folder.name,
                    files=", ".join(path.name for path in group),
                )
            )
    return issues


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

    `workspace` forces the workspace; otherwise each path's own (or the current folder's) is used.
    Raises `WorkspaceNotFound` only when `workspace` is given and is not one.
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
            files = collect_submission_files(path)
            if (path / CLUSTER_FILE).is_file() and (path / SUBMISSIONS_DIR).is_dir():
                files = collect_submission_files(path / SUBMISSIONS_DIR)
            if not files:
                report.extend([make_issue("no-files", file=path)])
        else:
            files = [path]
        report.extend(duplicate_submissions(files))
        for file in files:
            if path.is_file() and file.name == CLUSTER_FILE:
                continue
            checked = load_submission(file, current)
            report.files.append(str(file))
            report.extend(checked.issues)
    return report
