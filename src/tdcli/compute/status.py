"""The status of a period: for each member of the year, the file(s) it sent, what checking
them found, and whether its figures count. Computed once, here, from files already read and
checked; every command that needs to know who sent what asks this.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from tdcli.check.submission import CheckedSubmission
from tdcli.model.catalogue import Submission
from tdcli.model.cluster import Member, YearConfig
from tdcli.model.issues import Issue, Severity, make_issue
from tdcli.model.periods import Period

__all__ = [
    "READING_CODES",
    "MemberState",
    "MemberStatus",
    "PeriodStatus",
    "SubmissionState",
    "error_count",
    "file_state",
    "member_state",
    "period_status",
    "status_summary",
    "warning_count",
]


class MemberState(StrEnum):
    VALID = "valid"
    """One file, without errors: its figures count (it may have warnings)."""
    INVALID = "invalid"
    """A file with errors, or more than one file: nothing of it counts."""
    MISSING = "missing"
    """No file."""


@dataclass(frozen=True)
class MemberStatus:
    member: Member
    state: MemberState
    files: tuple[CheckedSubmission, ...] = ()

    @property
    def submission(self) -> Submission | None:
        """The submission that counts, when the state is valid."""
        return self.files[0].submission if self.state is MemberState.VALID else None


@dataclass(frozen=True)
class PeriodStatus:
    """Who sent what for one period."""

    period: Period
    folder: Path
    """Where the period's files are kept (named in issues about the period as a whole)."""
    year: YearConfig | None
    members: tuple[MemberStatus, ...]
    others: tuple[CheckedSubmission, ...]
    """Submission files filed under no member of the year."""
    issues: tuple[Issue, ...]
    """Every file's issues, and one for each member with more than one file."""

    @property
    def files(self) -> list[Path]:
        return [checked.file for status in self.members for checked in status.files] + [
            checked.file for checked in self.others
        ]

    @property
    def submissions(self) -> dict[str, Submission]:
        """The submissions that count, by member id."""
        return {
            status.member.id: status.submission
            for status in self.members
            if status.submission is not None
        }

    @property
    def missing(self) -> list[MemberStatus]:
        return [status for status in self.members if status.state is MemberState.MISSING]

    @property
    def invalid_files(self) -> list[Path]:
        """Files with an error (their figures are left out)."""
        errors = {issue.file for issue in self.issues if issue.severity is Severity.ERROR}
        return [path for path in self.files if str(path) in errors]

    def missing_issues(self, *, strict: bool = False) -> list[Issue]:
        """`missing-submission` for each member without a file; errors when `strict`."""
        return [
            make_issue(
                "missing-submission",
                file=self.folder,
                severity=Severity.ERROR if strict else None,
                department=status.member.department,
                period=self.period.label,
                field=status.member.id,
            )
            for status in self.missing
        ]


def period_status(
    period: Period,
    folder: Path,
    year: YearConfig | None,
    filed: Mapping[str, Sequence[CheckedSubmission]],
    *,
    strays: Sequence[Path] = (),
    folders: Sequence[Path] = (),
) -> PeriodStatus:
    """The status from the checked files, grouped by the member each is filed under; `strays`
    are the other files of the period's `folders`, each of which gets an issue that names it."""
    issues: list[Issue] = []
    if len(folders) > 1:
        issues.append(
            make_issue(
                "period-folder-alias",
                file=folders[0],
                period=period.code,
                folders=", ".join(path.name for path in folders),
                canonical=period.code,
            )
        )
    issues.extend(
        make_issue("stray-file", file=path, name=_within(path, folders)) for path in strays
    )
    for owner, files in sorted(filed.items()):
        if len(files) > 1:
            issues.append(
                make_issue(
                    "duplicate-submission",
                    file=files[0].file,
                    member=owner,
                    period=period.code,
                    files=", ".join(_shown(checked.file, folder) for checked in files),
                )
            )
    for checked in sorted(
        (checked for files in filed.values() for checked in files), key=lambda c: c.file
    ):
        issues.extend(checked.issues)
    members = []
    for member in year.members if year is not None else []:
        files = tuple(filed.get(member.id, ()))
        if not files:
            state = MemberState.MISSING
        elif len(files) == 1 and files[0].valid:
            state = MemberState.VALID
        else:
            state = MemberState.INVALID
        members.append(MemberStatus(member, state, files))
    known = {member.id for member in year.members} if year is not None else set()
    others = tuple(
        checked for owner, files in sorted(filed.items()) if owner not in known for checked in files
    )
    return PeriodStatus(period, folder, year, tuple(members), others, tuple(issues))


def _within(file: Path, folders: Sequence[Path]) -> str:
    """`2022-H1/cu/ghi-chu.pdf`: the file from its period folder on."""
    for folder in folders:
        if file.resolve().is_relative_to(folder.resolve()):
            return _shown(file, folder.parent)
    return file.name


def _shown(file: Path, folder: Path) -> str:
    """The file as it sits in the period's folder (`cu/bac-kan.yaml`)."""
    try:
        return file.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return file.name


# What `tdcli status` shows: MemberState refined by what checking the files found.

READING_CODES = frozenset(
    {
        "file-not-found",
        "file-unreadable",
        "file-too-large",
        "file-empty",
        "unsupported-file",
        "encoding-error",
        "xls-format",
        "workbook-encrypted",
        "not-a-workbook",
        "corrupt-workbook",
        "zip-bomb",
        "hostile-xml",
        "not-a-tdcli-form",
        "wrong-form-kind",
        "unknown-form-version",
        "missing-form-sheet",
        "yaml-syntax",
        "yaml-too-complex",
        "yaml-too-deep",
    }
)
"""The codes that say a file could not be read at all (no figure of it was seen)."""


class SubmissionState(StrEnum):
    """A member's state for a period as the secretariat speaks of it."""

    VALID = "valid"
    WARNINGS = "warnings"
    ERRORS = "errors"
    BLANK = "blank"
    UNREADABLE = "unreadable"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def short(self) -> str:
        """A matrix cell."""
        return _LABELS[self][1]

    @property
    def counts(self) -> bool:
        """Whether the member's figures count (valid, with or without warnings)."""
        return self in (SubmissionState.VALID, SubmissionState.WARNINGS)


_LABELS: dict[SubmissionState, tuple[str, str]] = {
    SubmissionState.VALID: ("hợp lệ", "hợp lệ"),
    SubmissionState.WARNINGS: ("có cảnh báo", "cảnh báo"),
    SubmissionState.ERRORS: ("có lỗi", "lỗi"),
    SubmissionState.BLANK: ("trống", "trống"),
    SubmissionState.UNREADABLE: ("không đọc được", "không đọc"),
    SubmissionState.MISSING: ("chưa gửi", "chưa gửi"),
}


def _errors(checked: CheckedSubmission) -> list[Issue]:
    return [issue for issue in checked.issues if issue.severity is Severity.ERROR]


def file_state(checked: CheckedSubmission) -> SubmissionState:
    """One file's state: unreadable when reading it failed, blank when its only error is
    `empty-submission`, else by its errors and warnings."""
    errors = _errors(checked)
    if any(issue.code in READING_CODES for issue in errors):
        return SubmissionState.UNREADABLE
    if errors and all(issue.code == "empty-submission" for issue in errors):
        return SubmissionState.BLANK
    if errors or not checked.valid:
        return SubmissionState.ERRORS
    if checked.issues:
        return SubmissionState.WARNINGS
    return SubmissionState.VALID


def member_state(status: MemberStatus) -> SubmissionState:
    """The member's state: its one file's, or errors when it sent more than one (none of
    them counts, as `MemberState.INVALID` says)."""
    if status.state is MemberState.MISSING or not status.files:
        return SubmissionState.MISSING
    if len(status.files) > 1:
        return SubmissionState.ERRORS
    return file_state(status.files[0])


def error_count(status: MemberStatus) -> int:
    """The errors of the member's files, and one for sending more than one file (the
    period's `duplicate-submission`)."""
    duplicate = 1 if len(status.files) > 1 else 0
    return sum(len(_errors(checked)) for checked in status.files) + duplicate


def warning_count(status: MemberStatus) -> int:
    return sum(
        1
        for checked in status.files
        for issue in checked.issues
        if issue.severity is Severity.WARNING
    )


def status_summary(status: PeriodStatus) -> str:
    """`7/9 đơn vị đã gửi hợp lệ; chưa gửi: Bắc Kạn, Cao Bằng; có lỗi: Lạng Sơn (2 lỗi)`."""
    states = [(member, member_state(member)) for member in status.members]
    counted = sum(1 for _, state in states if state.counts)
    parts = [f"{counted}/{len(states)} đơn vị đã gửi hợp lệ"]
    for state in (
        SubmissionState.MISSING,
        SubmissionState.ERRORS,
        SubmissionState.BLANK,
        SubmissionState.UNREADABLE,
    ):
        names = [_named(member, state) for member, found in states if found is state]
        if names:
            parts.append(f"{state.label}: " + ", ".join(names))
    if status.others:
        parts.append(f"{len(status.others)} tệp không thuộc thành viên nào")
    return "; ".join(parts)


def _named(member: MemberStatus, state: SubmissionState) -> str:
    name = str(member.member.province)
    if state is SubmissionState.ERRORS:
        return f"{name} ({error_count(member)} lỗi)"
    return name
