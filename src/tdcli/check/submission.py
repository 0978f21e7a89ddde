"""Checking a submission: against the catalogue's models and rules, against the cluster (the
member belongs to it that year), and against what the file's place in the workspace says."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tdcli.check.model_errors import Locator, issues_from_validation_error, suggestion
from tdcli.model.catalogue import (
    GROUPS,
    IndicatorGroup,
    Sender,
    Submission,
    field_label,
    field_spec,
    member_id,
)
from tdcli.model.cluster import ClusterConfig
from tdcli.model.issues import Issue, Severity, make_issue
from tdcli.model.periods import Period, PeriodError
from tdcli.model.vnformat import date_short
from tdcli.read import RawSubmission, read_submission_file

__all__ = [
    "CheckedSubmission",
    "Expected",
    "check_identity",
    "check_submission",
    "check_submission_file",
    "sorted_issues",
    "validate_submission_data",
]


@dataclass(frozen=True, slots=True)
class Expected:
    """What a file's place says it is: the member (from its name) and the period (from its
    folder); None where its place says nothing."""

    member: str | None = None
    period: Period | None = None
    folder: str | None = None
    """The folder whose name says the period, as the user sees it."""


@dataclass(frozen=True)
class CheckedSubmission:
    """A submission file after validation: the model when it is valid, every issue, and the
    member and period the file claims (when they could be read)."""

    file: Path
    submission: Submission | None
    issues: list[Issue] = field(default_factory=list)
    member: str | None = None
    period: Period | None = None
    sender: Sender | None = None
    """Who prepared the file, as far as it says, even when its figures have errors: the
    person the chair's office calls about them."""

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
    sender, sender_problems = read_sender(data.get(Sender.key), file=file, locate=locate)
    data = {key: value for key, value in data.items() if key != Sender.key}
    try:
        submission = Submission.model_validate(data).model_copy(update={"sender": sender})
    except ValidationError as error:
        issues = issues_from_validation_error(error, file=file, locate=locate, model=Submission)
        issues.extend(sender_problems)
        failed = {issue.field.split(".")[0] for issue in issues if issue.field}
        for group in GROUPS:
            if group.key in failed or not isinstance(data.get(group.key), dict):
                continue
            issues.extend(_rule_issues(group.model_validate(data[group.key]), file, locate))
        return None, issues
    issues = []
    for group in GROUPS:
        issues.extend(_rule_issues(submission.group(group.key), file, locate))
    issues.extend(sender_problems)
    issues.extend(_sender_issues(submission.sender, submission.period, file, locate))
    return submission, issues


def read_sender(raw: object, *, file: Path, locate: Locator) -> tuple[Sender, list[Issue]]:
    """Who prepared the file, as far as it can be read: what cannot be (not a group of keys,
    an unknown key, a value too long or of the wrong kind) is a warning and left out, never
    an error that would stop the figures from counting."""
    if raw is None:
        return Sender(), []
    if not isinstance(raw, dict):
        issue = make_issue(
            "wrong-type",
            file=file,
            location=locate((Sender.key,)),
            field=Sender.key,
            label=Sender.label,
            detail="phải là một nhóm các mục (name, position, phone, email, sent_on)",
        )
        return Sender(), [_as_warning(issue)]
    kept: dict[str, Any] = {}
    issues: list[Issue] = []
    for key, value in raw.items():
        try:
            Sender.model_validate({key: value})
        except ValidationError as error:
            found = issues_from_validation_error(
                error, file=file, locate=locate, model=Sender, prefix=(Sender.key,)
            )
            issues.extend(_as_warning(issue) for issue in found)
            continue
        kept[str(key)] = value
    return Sender.model_validate(kept), issues


def _as_warning(issue: Issue) -> Issue:
    return issue.model_copy(update={"severity": Severity.WARNING})


_PHONE_SEPARATORS = re.compile(r"[;,/]|\s[-–]\s")
_PHONE_PUNCTUATION = re.compile(r"[\s.()\-]")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")


def _phone_ok(text: str) -> bool:
    """10 or 11 digits, as Vietnamese numbers are (a mobile, a landline with its area code),
    spaces, dots, dashes and brackets allowed; +84 for the leading 0; several numbers
    separated by a comma, a semicolon or a slash."""
    for part in _PHONE_SEPARATORS.split(text):
        digits = _PHONE_PUNCTUATION.sub("", part)
        if digits.startswith("+84"):
            digits = "0" + digits[3:]
        if not (digits.isdigit() and digits.startswith("0") and 10 <= len(digits) <= 11):
            return False
    return True


def _sender_issues(sender: Sender, period: Period, file: Path, locate: Locator) -> list[Issue]:
    """Who prepared the report: warnings only (the figures count whatever these say)."""
    found: list[tuple[str, str, object, dict[str, Any]]] = []
    if sender.phone is not None and not _phone_ok(sender.phone):
        found.append(("sender-phone-invalid", "phone", sender.phone, {}))
    if sender.email is not None and not all(
        _EMAIL.fullmatch(part.strip()) for part in re.split(r"[;,]", sender.email)
    ):
        found.append(("sender-email-invalid", "email", sender.email, {}))
    if isinstance(sender.sent_on, str):
        found.append(("sender-date-invalid", "sent_on", sender.sent_on, {}))
    elif sender.sent_on is not None and sender.sent_on < period.start:
        shown = date_short(sender.sent_on)
        found.append(("sender-date-outside-period", "sent_on", shown, {"period": period.label}))
    return [
        make_issue(
            code,
            file=file,
            location=locate((Sender.key, name)),
            field=f"{Sender.key}.{name}",
            label=Sender.model_fields[name].title,
            value=value,
            **params,
        )
        for code, name, value, params in found
    ]


def _rule_issues(group: IndicatorGroup, file: Path, locate: Locator) -> list[Issue]:
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


def check_identity(
    member: str | None,
    period: Period | None,
    file: Path,
    locate: Locator,
    cluster: ClusterConfig | None,
    expected: Expected,
) -> list[Issue]:
    """The member and period a file claims, against what its place says and who is a member
    of the cluster that year."""
    issues: list[Issue] = []

    def add(code: str, key: str, **params: Any) -> None:
        label = field_label(key)  # "Kỳ báo cáo", never the key "period"
        issues.append(
            make_issue(code, file=file, location=locate((key,)), field=key, label=label, **params)
        )

    if member is not None and expected.member is not None and member != expected.member:
        add("member-mismatch", "member", value=member, expected=expected.member)
    if period is not None and expected.period is not None and expected.period != period:
        add("period-mismatch", "period", value=period.code, expected=expected.folder)
    if cluster is None or period is None:
        return issues
    year_config = cluster.years.get(period.year)
    if year_config is None:
        add("year-not-configured", "period", year=period.year)
    elif member is not None and year_config.member(member) is None:
        add(
            "unknown-member",
            "member",
            value=member,
            cluster=cluster.name,
            year=period.year,
            suggestion=suggestion(member, year_config.member_ids),
        )
    return issues


def _is_empty(submission: Submission) -> bool:
    return all(submission.group(group.key).is_empty() for group in GROUPS)


def _identity(data: object) -> tuple[str | None, Period | None]:
    """The member and period a file claims, when they can be read at all."""
    if not isinstance(data, dict):
        return None, None
    member = data.get("member")
    try:
        period = Period.parse(str(data["period"])) if data.get("period") is not None else None
    except PeriodError:
        period = None
    return (member_id(member) if isinstance(member, str) else None), period


def check_submission_file(
    file: Path, cluster: ClusterConfig | None = None, expected: Expected | None = None
) -> CheckedSubmission:
    """Read, validate and check one submission file."""
    raw, issues = read_submission_file(file)
    if raw is None:
        return CheckedSubmission(file, None, issues)
    return check_submission(raw, issues, cluster, expected or Expected())


def check_submission(
    raw: RawSubmission,
    issues: list[Issue],
    cluster: ClusterConfig | None,
    expected: Expected,
) -> CheckedSubmission:
    """What a reader found, checked against the catalogue, the cluster and the file's place."""
    submission, found = validate_submission_data(raw.data, file=raw.file, locate=raw.locate)
    issues = [*issues, *found]
    member, period = _identity(raw.data)
    issues.extend(check_identity(member, period, raw.file, raw.locate, cluster, expected))
    if any(issue.severity == "error" for issue in issues):
        submission = None
    elif submission is not None and _is_empty(submission):
        # the one thing wrong with it: a blank form sent back must not count as a report
        issues.append(make_issue("empty-submission", file=raw.file, location=raw.locate(())))
        submission = None
    return CheckedSubmission(
        raw.file,
        submission,
        sorted_issues(_with_labels(issues)),
        member,
        period,
        _sender(raw),
    )


def _sender(raw: RawSubmission) -> Sender | None:
    """The sender's part of a file, read on its own (the rest may not validate)."""
    part = raw.data.get(Sender.key) if isinstance(raw.data, dict) else None
    sender, _ = read_sender(part, file=raw.file, locate=raw.locate)
    return None if sender.empty else sender


def _with_labels(issues: list[Issue]) -> list[Issue]:
    labelled = []
    for issue in issues:
        label = field_label(issue.field) if issue.field and issue.label is None else None
        labelled.append(issue.model_copy(update={"label": label}) if label else issue)
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
