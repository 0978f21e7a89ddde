"""`collect`: files as they arrived by e-mail filed into the workspace, by their own content.

Each input (a file, a folder's files, a zip's entries, an e-mail's attachments) is read within
the bounds of `read.intake` and `read.guard`, from a private temporary folder that is always
removed. Who and which period it is for come from the file itself (the form's metadata, the
YAML's `member`/`period`), never from its name. A submission is then copied (never moved) to
`submissions/<period>/<member>.<ext>`: an identical one is skipped; a different one replaces the
member's earlier file(s) for the period after each is copied to `archive/<period>/<member>/`.
A file with errors is still filed, and its annotated copy written to `out/phan-hoi/` to send
back. What is not a submission is refused with the reason and what to do; nothing is written
for it. `dry_run` decides the same without writing anything.
"""

from __future__ import annotations

import hashlib
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from tdcli.check.model_errors import suggestion
from tdcli.check.submission import CheckedSubmission, Expected, check_submission
from tdcli.errors import UsageError
from tdcli.model.catalogue import member_id
from tdcli.model.issues import Issue, Severity, ValidationReport
from tdcli.model.periods import Period, PeriodError
from tdcli.read import read_submission_file
from tdcli.read.guard import read_bytes
from tdcli.read.intake import Arrival, entry_limit, unpack
from tdcli.render.drafts import KeptDrafts, keep_if_edited, kept_drafts
from tdcli.render.outputs import Outputs, atomic_path, safe_name
from tdcli.workspace import Workspace
from tdcli.workspace.intake import IntakeRecord, append_records
from tdcli.workspace.layout import SUBMISSION_SUFFIXES

__all__ = ["CollectItem", "CollectResult", "Outcome", "collect_files"]


class Outcome(StrEnum):
    FILED = "filed"
    REPLACED = "replaced"
    SKIPPED = "skipped"
    REFUSED = "refused"
    FILED_WITH_ERRORS = "filed-with-errors"

    @property
    def label(self) -> str:
        return {
            "filed": "đã lưu",
            "replaced": "đã thay bản cũ",
            "skipped": "bỏ qua (trùng)",
            "refused": "từ chối",
            "filed-with-errors": "đã lưu, có lỗi",
        }[self.value]

    @property
    def planned(self) -> str:
        """What a dry run would do: `sẽ lưu`, `sẽ thay bản cũ`..."""
        return {
            "filed": "sẽ lưu",
            "replaced": "sẽ thay bản cũ",
            "skipped": "sẽ bỏ qua (trùng)",
            "refused": "sẽ từ chối",
            "filed-with-errors": "sẽ lưu, có lỗi",
        }[self.value]

    def said(self, dry_run: bool) -> str:
        return self.planned if dry_run else self.label


@dataclass(frozen=True, slots=True)
class CollectItem:
    """What became of one arrived file."""

    source: str
    """The file as the user gave it: a path, `thu.eml » Bao cao.xlsx`, `tep.zip » x.xlsx`."""
    outcome: Outcome
    member: str | None = None
    period: str | None = None
    target: str | None = None
    """Where it was (or, skipped, already is) filed, relative to the workspace."""
    reason: str | None = None
    """Why it was refused, or skipped."""
    action: str | None = None
    """What to do about a refused file or one with errors."""
    archived: tuple[str, ...] = ()
    """Where each submission it replaced was kept."""
    reply: str | None = None
    """The annotated copy to send back, relative to the workspace."""
    errors: int = 0
    warnings: int = 0
    sha256: str | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "outcome": self.outcome.value,
            "member": self.member,
            "period": self.period,
            "target": self.target,
            "reason": self.reason,
            "action": self.action,
            "archived": list(self.archived),
            "reply": self.reply,
            "errors": self.errors,
            "warnings": self.warnings,
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class CollectResult:
    items: list[CollectItem]
    dry_run: bool
    period: Period | None
    issues: list[Issue] = field(default_factory=list)
    """Every issue of the files filed, against their filed path (a dry run: their source)."""
    kept: KeptDrafts = field(default_factory=KeptDrafts)
    """Annotated copies the secretariat edited, kept under a new name before being replaced
    or removed."""

    @property
    def ok(self) -> bool:
        """Everything was filed without errors or skipped."""
        return all(
            item.outcome in (Outcome.FILED, Outcome.REPLACED, Outcome.SKIPPED)
            for item in self.items
        )

    @property
    def replies(self) -> list[CollectItem]:
        return [item for item in self.items if item.reply is not None]

    @property
    def periods(self) -> list[Period]:
        """The periods files were filed for (or would be, in a dry run), in time order."""
        found = {Period.parse(item.period) for item in self.items if item.period is not None}
        return sorted(found, key=lambda period: (period.end, -period.start.toordinal()))

    def counts(self) -> dict[str, int]:
        return {outcome.value: sum(i.outcome is outcome for i in self.items) for outcome in Outcome}

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "period": self.period.code if self.period is not None else None,
            "ok": self.ok,
            "counts": self.counts(),
            "items": [item.to_json_dict() for item in self.items],
            "replies": [item.reply for item in self.replies],
        }


def collect_files(
    workspace: Workspace,
    paths: Sequence[Path],
    *,
    period: Period | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> CollectResult:
    """File what arrived in `paths` (files and folders) into `workspace`; with `dry_run`, say
    what would be done and write nothing. Raises `UsageError` for a path inside the workspace's
    own folders (`submissions/`, `archive/`, `out/`)."""
    received = (now or datetime.now()).astimezone()
    run = _Run(workspace, period, dry_run, received)
    for path in paths:
        _refuse_own_folder(workspace, path)
    own = _own_paths(workspace)
    files = [file for path in paths for file in _files_of(path) if not _is_own(file, own)]
    # oldest first, so that of two versions of one report the later one is filed last and wins
    files.sort(key=_modified)
    with tempfile.TemporaryDirectory(prefix="tdcli-collect-") as private, kept_drafts() as kept:
        run.private = Path(private)
        for file in files:
            for arrival in _arrivals(file):
                run.take(arrival)
    return CollectResult(run.items, dry_run, period, run.issues, kept)


def _refuse_own_folder(workspace: Workspace, path: Path) -> None:
    layout = workspace.layout
    for own in (layout.submissions_dir, layout.archive_dir, layout.output_dir):
        if path.resolve().is_relative_to(own.resolve()):
            raise UsageError(
                f"{path} nằm trong thư mục {own.name}/ của cụm; collect nhận tệp từ nơi khác "
                "(thư mục tải về, tệp thư điện tử)"
            )


def _own_paths(workspace: Workspace) -> list[Path]:
    layout = workspace.layout
    return [
        path.resolve()
        for path in (
            layout.submissions_dir,
            layout.archive_dir,
            layout.output_dir,
            layout.cluster_file,
        )
    ]


def _is_own(file: Path, own: Sequence[Path]) -> bool:
    """A file of the workspace itself (a folder holding the workspace was given): never taken
    back in as if it had arrived."""
    resolved = file.resolve()
    return any(resolved == path or resolved.is_relative_to(path) for path in own)


def _modified(file: Path) -> float:
    try:
        return file.stat().st_mtime
    except OSError:
        return 0.0


def _files_of(path: Path) -> list[Path]:
    """The files of an input: itself, or a folder's files in name order, leaving out hidden
    files and Office lock files."""
    if not path.is_dir():
        return [path]
    found = []
    for file in sorted(path.rglob("*")):
        parts = file.relative_to(path).parts
        if any(part.startswith((".", "~$")) for part in parts) or file.is_dir():
            continue
        found.append(file)
    return found


_CONTAINERS = (".zip", ".eml")


def _arrivals(file: Path) -> list[Arrival]:
    """What one file on disk holds, read once within its bound."""
    suffix = file.suffix.lower()
    label = str(file)
    if suffix not in (*SUBMISSION_SUFFIXES, *_CONTAINERS):
        return [Arrival(label, file.name)]  # refused by its kind; never read
    data, issues = read_bytes(file, entry_limit(suffix))
    if data is None:
        return [Arrival(label, file.name, problem=issues[0].message)]
    return unpack(label, file.name, data)


_NOT_A_SUBMISSION = (
    "Không cần lưu. Nếu đây là báo cáo, đề nghị đơn vị gửi biểu mẫu Excel do tdcli tạo "
    "(tdcli form) đã điền"
)
_RESEND = "Đề nghị đơn vị gửi lại biểu mẫu Excel do tdcli tạo (tdcli form), điền đầy đủ"


class _Run:
    """The state of one run: what is filed for each member and period so far (as a dry run
    would leave it too), the items and the log."""

    def __init__(
        self, workspace: Workspace, period: Period | None, dry_run: bool, received: datetime
    ) -> None:
        self.workspace = workspace
        self.layout = workspace.layout
        self.period = period
        self.dry_run = dry_run
        self.received = received
        self.stamp = received.strftime("%Y%m%dT%H%M%S")
        self.items: list[CollectItem] = []
        self.issues: list[Issue] = []
        self.private = Path()
        self.counter = 0
        self.filed: dict[tuple[Period, str], dict[Path, str]] = {}
        self.archive_names: set[Path] = set()

    def refuse(self, arrival: Arrival, reason: str, action: str, **known: Any) -> None:
        self.items.append(
            CollectItem(arrival.label, Outcome.REFUSED, reason=reason, action=action, **known)
        )

    def take(self, arrival: Arrival) -> None:
        if arrival.problem is not None:
            self.refuse(arrival, arrival.problem, _RESEND)
            return
        if arrival.data is None or arrival.suffix not in SUBMISSION_SUFFIXES:
            raw, issues = read_submission_file(Path(arrival.name))
            reason = issues[0].message if issues else "không phải tệp báo cáo"
            self.refuse(arrival, reason, _NOT_A_SUBMISSION)
            return
        self.counter += 1
        copy = self.private / f"{self.counter}{arrival.suffix}"
        copy.write_bytes(arrival.data)
        raw, read_issues = read_submission_file(copy)
        if raw is None:
            errors = [issue for issue in read_issues if issue.severity is Severity.ERROR]
            reason = (errors or read_issues)[0].message if read_issues else "không đọc được"
            self.refuse(arrival, reason, _RESEND)
            return
        member, period = _identity(raw.data)
        name_hint = suggestion(safe_name(Path(arrival.name).stem), self._members(period))
        if member is None or period is None:
            missing = "mã đơn vị (member)" if member is None else "kỳ báo cáo (period)"
            self.refuse(
                arrival,
                f"Tệp không ghi {missing} hợp lệ{name_hint}",
                "Đề nghị đơn vị ghi đủ mã đơn vị và kỳ báo cáo (biểu mẫu do tdcli form tạo sẵn "
                "có cả hai) rồi gửi lại",
                member=member,
                period=period.code if period is not None else None,
            )
            return
        known: dict[str, Any] = {"member": member, "period": period.code}
        cluster = _form_cluster(copy, arrival.suffix)
        if cluster is not None and cluster != _same_text(self.workspace.config.name):
            self.refuse(
                arrival,
                f"Biểu mẫu của cụm khác ({cluster}), không phải {self.workspace.config.name}",
                "Kiểm tra lại người gửi; chuyển tệp cho cụm đó, không lưu vào cụm này",
                **known,
            )
            return
        if self.period is not None and period != self.period:
            self.refuse(
                arrival,
                f"Báo cáo kỳ {period.code}, không phải kỳ đang nhận {self.period.code}",
                f"Nếu cần nhận tệp này, chạy lại với --period {period.code}",
                **known,
            )
            return
        checked = check_submission(raw, read_issues, self.workspace.config, Expected())
        for code, action in (
            (
                "year-not-configured",
                f"Khai báo năm {period.year} trong cluster.yaml (mục years) rồi chạy lại",
            ),
            (
                "unknown-member",
                "Sửa mã đơn vị trong tệp (mục member) cho đúng danh sách của cụm, hoặc thêm "
                "đơn vị vào cluster.yaml",
            ),
        ):
            found = [issue for issue in checked.issues if issue.code == code]
            if found:
                message = found[0].message
                hint = "" if "có phải là" in message else name_hint
                self.refuse(arrival, message + hint, action, **known)
                return
        if any(issue.code == "empty-submission" for issue in checked.issues):
            self.refuse(
                arrival,
                "Báo cáo trống: không có số liệu hay nội dung nào",
                _RESEND,
                **known,
            )
            return
        self.file(arrival, checked, member, period)

    def _members(self, period: Period | None) -> list[str]:
        year = self.workspace.year(period.year) if period is not None else None
        if year is not None:
            return year.member_ids
        return [m for y in self.workspace.config.years.values() for m in y.member_ids]

    def current(self, period: Period, member: str) -> dict[Path, str]:
        """The member's files for the period, as filed so far, with their sha256."""
        key = (period, member)
        if key not in self.filed:
            self.filed[key] = {
                file: _sha256_of(file)
                for file in self.layout.submission_files(period)
                if self.layout.member_of(file) == member
            }
        return self.filed[key]

    def file(
        self, arrival: Arrival, checked: CheckedSubmission, member: str, period: Period
    ) -> None:
        assert arrival.data is not None
        digest = hashlib.sha256(arrival.data).hexdigest()
        suffix = ".yaml" if arrival.suffix == ".yml" else arrival.suffix
        target = self.layout.period_folder(period) / f"{member}{suffix}"
        relative = self.layout.relative(target)
        errors = sum(issue.severity is Severity.ERROR for issue in checked.issues)
        warnings = len(checked.issues) - errors
        known: dict[str, Any] = {
            "member": member,
            "period": period.code,
            "target": relative,
            "errors": errors,
            "warnings": warnings,
            "sha256": digest,
        }
        existing = self.current(period, member)
        if existing.get(target) == digest and len(existing) == 1:
            self.items.append(
                CollectItem(
                    arrival.label,
                    Outcome.SKIPPED,
                    reason="Giống hệt tệp đã lưu (cùng mã sha256)",
                    **known,
                )
            )
            return
        archived = [self.archive(old, period, member) for old in sorted(existing)]
        if not self.dry_run:
            with atomic_path(target, record=False) as temporary:
                temporary.write_bytes(arrival.data)
            for old in existing:
                if old != target:
                    old.unlink()
        existing.clear()
        existing[target] = digest
        filed_at = self.layout.relative(target)
        issues = [issue.model_copy(update={"file": str(target)}) for issue in checked.issues]
        self.issues.extend(issues)
        reply = self.reply(target, issues, period, member, errors)
        if errors:
            outcome = Outcome.FILED_WITH_ERRORS
        else:
            outcome = Outcome.REPLACED if archived else Outcome.FILED
        action = None
        if errors:
            action = (
                f"Gửi lại bản có chú thích ({reply}) để đơn vị sửa"
                if reply is not None
                else "Báo đơn vị các lỗi (tdcli validate " + filed_at + ") để sửa và gửi lại"
            )
        self.items.append(
            CollectItem(
                arrival.label,
                outcome,
                archived=tuple(archived),
                reply=reply,
                action=action,
                **known,
            )
        )
        if not self.dry_run:
            record = IntakeRecord(
                period=period.code,
                member=member,
                file=filed_at,
                sha256=digest,
                received=self.received.isoformat(timespec="seconds"),
                source=arrival.label,
                replaced=archived[-1] if archived else None,
            )
            append_records(self.layout, [record])

    def archive(self, old: Path, period: Period, member: str) -> str:
        """Keep a copy of `old` in the archive; its path relative to the workspace."""
        folder = self.layout.archive_folder(period, member)
        target = folder / f"{self.stamp}-{old.name}"
        number = 1
        while target in self.archive_names or target.exists():
            number += 1
            target = folder / f"{self.stamp}-{number}-{old.name}"
        self.archive_names.add(target)
        if not self.dry_run:
            data = old.read_bytes()
            with atomic_path(target, record=False) as temporary:
                temporary.write_bytes(data)
        return self.layout.relative(target)

    def reply(
        self, target: Path, issues: list[Issue], period: Period, member: str, errors: int
    ) -> str | None:
        """The annotated copy of a workbook with errors, written to send back; a stale one of
        an earlier version is removed when the new file has none (kept under a new name if the
        secretariat edited it)."""
        folder = Outputs(self.layout).replies_folder(period)
        reply = folder / f"{member}-loi.xlsx"
        if not errors or target.suffix != ".xlsx":
            if not self.dry_run and reply.is_file() and keep_if_edited(reply) is None:
                reply.unlink()
            return None
        if not self.dry_run:
            from tdcli.usecases.validate import annotate_submission

            annotate_submission(target, ValidationReport(files=[str(target)], issues=issues), reply)
        return self.layout.relative(reply)


def _identity(data: object) -> tuple[str | None, Period | None]:
    """The member and the period a file's own content claims."""
    if not isinstance(data, dict):
        return None, None
    member = member_id(data.get("member"))
    try:
        period = Period.parse(str(data["period"])) if data.get("period") is not None else None
    except PeriodError:
        period = None
    return (member if isinstance(member, str) and member else None), period


def _form_cluster(copy: Path, suffix: str) -> str | None:
    """The cluster a form was made for (its metadata), or None."""
    if suffix != ".xlsx":
        return None
    from tdcli.model.formspec import indicator_form_spec
    from tdcli.read.excel import read_form

    form, _ = read_form(copy, indicator_form_spec())
    if form is None:
        return None
    cluster = form.meta.get("cluster")
    return _same_text(cluster) if cluster else None


def _same_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _sha256_of(file: Path) -> str:
    try:
        with file.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return ""
