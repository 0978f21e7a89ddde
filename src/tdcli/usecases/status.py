"""`tdcli status`: who has sent what, for one period or for every period of a year.

Read from the period status that `compile` uses (`read_period`), with each file's name, format
and time, and where `collect` took it from (the intake log). Returns results; never prints.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tdcli.check.submission import CheckedSubmission
from tdcli.compute.status import (
    MemberStatus,
    PeriodStatus,
    SubmissionState,
    error_count,
    file_state,
    member_state,
    status_summary,
    warning_count,
)
from tdcli.model.catalogue import Sender
from tdcli.model.cluster import Member
from tdcli.model.issues import Severity
from tdcli.model.periods import Period
from tdcli.model.vnformat import date_short
from tdcli.usecases.period import read_period
from tdcli.workspace import Workspace
from tdcli.workspace.intake import IntakeRecord, latest_records

__all__ = [
    "BLOCKING",
    "FileRow",
    "MemberRow",
    "OtherRow",
    "PeriodReport",
    "Provenance",
    "YearMatrix",
    "period_report",
    "year_matrix",
]

BLOCKING = frozenset(
    {
        SubmissionState.MISSING,
        SubmissionState.BLANK,
        SubmissionState.ERRORS,
        SubmissionState.UNREADABLE,
    }
)
"""The states `--strict` fails on: the member's figures do not count."""


@dataclass(frozen=True)
class FileRow:
    path: Path
    name: str
    """As the workspace names it (`submissions/2022-H1/bac-kan.xlsx`)."""
    shown: str
    """As it sits in the period's folder (`bac-kan.xlsx`, `cu/bac-kan.yaml`)."""
    format: str
    modified: datetime | None
    state: SubmissionState | None = None
    errors: int = 0
    warnings: int = 0
    sender: Sender | None = None
    """Who prepared the file, when it says."""

    @property
    def prepared_by(self) -> str:
        """`Nguyễn Văn An, Chuyên viên, 0912 345 678, an@..., gửi ngày 08/6/2022`: who to
        call about the file, and when they say they sent it."""
        sender = self.sender
        if sender is None:
            return ""
        parts = [sender.name, sender.position, sender.phone, sender.email, self.sent]
        return ", ".join(part for part in parts if part)

    @property
    def sent(self) -> str:
        """`gửi ngày 08/6/2022` (as written when it is no date), or nothing."""
        sent_on = self.sender.sent_on if self.sender else None
        if isinstance(sent_on, date):
            return f"gửi ngày {date_short(sent_on)}"
        return f"gửi ngày {sent_on}" if sent_on else ""

    def to_json_dict(self) -> dict[str, Any]:
        sender = None
        if self.sender is not None:
            sender = self.sender.model_dump(mode="json")
            # the date as ISO when it reads as one; else null, and the text as written
            written = self.sender.sent_on
            sender["sent_on_text"] = written if isinstance(written, str) else None
            sender["sent_on"] = None if isinstance(written, str) else sender["sent_on"]
        return {
            "file": self.name,
            "format": self.format,
            "modified": self.modified.isoformat(timespec="seconds") if self.modified else None,
            "state": self.state.value if self.state is not None else None,
            "errors": self.errors,
            "warnings": self.warnings,
            "sender": sender,
        }


@dataclass(frozen=True)
class Provenance:
    """Where `collect` took the member's file from (the latest record of the intake log)."""

    received: str
    source: str
    file: str
    replaced: str | None
    current: bool
    """Whether the file filed then is the one in the folder now (same place, same bytes)."""

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "source": self.source,
            "file": self.file,
            "replaced": self.replaced,
            "current": self.current,
        }


@dataclass(frozen=True)
class MemberRow:
    member: Member
    state: SubmissionState
    errors: int
    warnings: int
    files: tuple[FileRow, ...]
    provenance: Provenance | None

    @property
    def label(self) -> str:
        """`có lỗi (3)` with the count, else the state's label."""
        if self.state is SubmissionState.ERRORS:
            return f"{self.state.label} ({self.errors})"
        return self.state.label

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "member": self.member.id,
            "province": str(self.member.province),
            "department": str(self.member.department),
            "state": self.state.value,
            "label": self.label,
            "errors": self.errors,
            "warnings": self.warnings,
            "files": [row.to_json_dict() for row in self.files],
            "received": self.provenance.to_json_dict() if self.provenance else None,
        }


@dataclass(frozen=True)
class OtherRow:
    """A file of the period's folder that belongs to no member of the year, and why."""

    file: FileRow
    member: str | None
    """The member it is filed under by its name, when it is a submission file."""
    code: str
    reason: str

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "file": self.file.name,
            "format": self.file.format,
            "modified": self.file.to_json_dict()["modified"],
            "member": self.member,
            "code": self.code,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class PeriodReport:
    period: Period
    status: PeriodStatus
    rows: tuple[MemberRow, ...]
    others: tuple[OtherRow, ...]

    @property
    def summary(self) -> str:
        return status_summary(self.status)

    @property
    def blocking(self) -> list[MemberRow]:
        """The members whose figures do not count (what `--strict` fails on)."""
        return [row for row in self.rows if row.state in BLOCKING]

    def to_json_dict(self) -> dict[str, Any]:
        def ids(state: SubmissionState) -> list[str]:
            return [row.member.id for row in self.rows if row.state is state]

        return {
            "period": self.period.code,
            "label": self.period.label,
            "year": self.period.year,
            "configured": self.status.year is not None,
            "members": [row.to_json_dict() for row in self.rows],
            "others": [row.to_json_dict() for row in self.others],
            "summary": {
                "members": len(self.rows),
                "counted": sum(1 for row in self.rows if row.state.counts),
                **{state.value: ids(state) for state in SubmissionState},
                "text": self.summary,
            },
        }


@dataclass(frozen=True)
class YearMatrix:
    """Members × the periods of the year that have a folder."""

    year: int
    periods: tuple[Period, ...]
    members: tuple[Member, ...]
    reports: tuple[PeriodReport, ...]

    def state(self, member: str, period: Period) -> SubmissionState | None:
        """The member's state for the period; None when it is not a member that year."""
        for report in self.reports:
            if report.period == period:
                for row in report.rows:
                    if row.member.id == member:
                        return row.state
        return None

    @property
    def blocking(self) -> bool:
        return any(report.blocking for report in self.reports)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "periods": [period.code for period in self.periods],
            "members": [
                {
                    "member": member.id,
                    "province": str(member.province),
                    "states": {
                        period.code: _value(self.state(member.id, period))
                        for period in self.periods
                    },
                }
                for member in self.members
            ],
            "others": {report.period.code: len(report.others) for report in self.reports},
        }


def _value(state: SubmissionState | None) -> str | None:
    return state.value if state is not None else None


def period_report(workspace: Workspace, period: Period) -> PeriodReport:
    """The status of one period, row by row."""
    status = read_period(workspace, period)
    return _report(workspace, status)


def year_matrix(workspace: Workspace, year: int | None = None) -> YearMatrix:
    """Every period of `year` that has a folder (default: the latest year that has one, else,
    in a workspace that has received nothing yet, the latest year of cluster.yaml: no period,
    every member of it still to send)."""
    periods = workspace.layout.periods()
    if year is None:
        latest = [period.year for period in periods] or list(workspace.config.years)
        year = max(latest)
    # by when each ends: the first half before the whole year
    chosen = tuple(
        sorted(
            (period for period in periods if period.year == year),
            key=lambda period: (period.end, period.start),
        )
    )
    config = workspace.year(year)
    members = tuple(config.members) if config is not None else ()
    reports = tuple(period_report(workspace, period) for period in chosen)
    return YearMatrix(year, chosen, members, reports)


def _report(workspace: Workspace, status: PeriodStatus) -> PeriodReport:
    records = latest_records(workspace.layout)
    folders = workspace.layout.period_folders(status.period) or [status.folder]
    rows = tuple(
        _member_row(workspace, folders, member, records.get((status.period.code, member.member.id)))
        for member in status.members
    )
    others = [
        OtherRow(
            _file_row(workspace, folders, checked.file, checked),
            checked.member or workspace.layout.member_of(checked.file),
            *_reason(checked),
        )
        for checked in status.others
    ]
    others.extend(
        OtherRow(_file_row(workspace, folders, Path(issue.file)), None, issue.code, issue.message)
        for issue in status.issues
        if issue.code == "stray-file"
    )
    return PeriodReport(status.period, status, rows, tuple(others))


def _member_row(
    workspace: Workspace,
    folders: list[Path],
    member: MemberStatus,
    record: IntakeRecord | None,
) -> MemberRow:
    files = tuple(_file_row(workspace, folders, checked.file, checked) for checked in member.files)
    provenance = None
    if record is not None and files:
        current = any(
            row.name == record.file and _sha256(row.path) == record.sha256 for row in files
        )
        provenance = Provenance(
            record.received, record.source, record.file, record.replaced, current
        )
    return MemberRow(
        member.member,
        member_state(member),
        error_count(member),
        warning_count(member),
        files,
        provenance,
    )


def _file_row(
    workspace: Workspace, folders: list[Path], path: Path, checked: CheckedSubmission | None = None
) -> FileRow:
    try:
        modified: datetime | None = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    except OSError:
        modified = None
    state = errors = warnings = None
    if checked is not None:
        state = file_state(checked)
        errors = sum(1 for issue in checked.issues if issue.severity is Severity.ERROR)
        warnings = len(checked.issues) - errors
    return FileRow(
        path,
        workspace.layout.relative(path),
        _shown(path, folders),
        path.suffix.lower().lstrip("."),
        modified,
        state,
        errors or 0,
        warnings or 0,
        checked.sender if checked is not None else None,
    )


def _shown(path: Path, folders: list[Path]) -> str:
    for folder in folders:
        try:
            relative = path.resolve().relative_to(folder.resolve())
        except ValueError:
            continue
        # an alias folder (`2021-FY`) is named, so the file can be found
        return relative.as_posix() if folder == folders[0] else f"{folder.name}/{relative}"
    return path.name


def _reason(checked: CheckedSubmission) -> tuple[str, str]:
    """The issue that says why the file counts for no member (else its first error)."""
    errors = [issue for issue in checked.issues if issue.severity is Severity.ERROR]
    for issue in sorted(errors, key=lambda issue: issue.code not in _WHY_NOT_FILED):
        return issue.code, issue.message
    return "unknown-member", "Tệp không mang tên thành viên nào của năm"


_WHY_NOT_FILED = frozenset({"unknown-member", "member-mismatch", "year-not-configured"})


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()
