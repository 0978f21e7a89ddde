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

__all__ = ["MemberState", "MemberStatus", "PeriodStatus", "period_status"]


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
