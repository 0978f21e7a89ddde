"""`export`: year summaries for many years in one batch, in parallel, re-rendering only what
changed since the last run.

The run has two phases. First every year is prepared (submissions read, validated and
aggregated), in worker processes. Then every document is rendered, again in workers: each
year's summary with its data workbook and charts, and with `per_member` a page per member.
Workers are started with the spawn method (as on Windows) and get only paths and pickled
aggregates, so `jobs=1` and `jobs=N` write the same files. The main process keeps
`manifest.json`: every file written with its sha256 and the submissions it came from, saved
after each document, so an interrupted run leaves a true manifest and no half-written file.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tdcli import __version__
from tdcli.compute.aggregate import Aggregate
from tdcli.compute.trends import Trend, trend, worth_comparing
from tdcli.contents.phrases import partial_period_note
from tdcli.errors import UsageError, os_reason
from tdcli.model.issues import Issue, Severity, ValidationReport
from tdcli.model.periods import Period, PeriodKind
from tdcli.render.drafts import KeptDraft, KeptDrafts, adopt, keep_if_edited, kept_drafts, sha256_of
from tdcli.render.outputs import (
    MANIFEST,
    TREND_WORKBOOK,
    OutputError,
    Outputs,
    YearSummaryFiles,
    atomic_path,
    make_folder,
    refuse_overwrite,
    year_summary_files,
)
from tdcli.render.pdf import require_soffice, write_pdf
from tdcli.usecases.compile import PreparedReview, prepare_review
from tdcli.workspace import CLUSTER_FILE, Workspace, load_workspace

__all__ = [
    "MANIFEST",
    "AcrossYears",
    "ExportEvent",
    "ExportResult",
    "YearOutcome",
    "available_years",
    "choose_period",
    "has_submissions",
    "run_export",
]

_KIND_ORDER = {kind: index for index, kind in enumerate(PeriodKind)}


@dataclass(frozen=True)
class ExportEvent:
    """Progress: `phase` is "prepare" or "render"; `total` may grow as documents are planned."""

    phase: str
    done: int
    total: int
    label: str


@dataclass
class YearOutcome:
    year: int
    period: str | None = None
    status: str = "pending"  # written, unchanged, invalid, no-data
    files: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


@dataclass(frozen=True)
class AcrossYears:
    """The workbook across the chosen years (`tong-hop-cac-nam.xlsx`): written or unchanged."""

    status: str
    files: list[Path]


@dataclass
class ExportResult:
    years: list[YearOutcome]
    written: list[Path]
    unchanged: list[Path]
    report: ValidationReport
    day: date | None = None
    """The date the documents carry."""
    seconds: float = 0.0
    """How long the export took."""
    kept: KeptDrafts = field(default_factory=KeptDrafts)
    """Documents changed since tdcli wrote them, kept under a new name before being written
    again."""
    across: AcrossYears | None = None
    """The workbook across the years, when one was written or is current."""

    @property
    def ok(self) -> bool:
        return all(outcome.status in ("written", "unchanged") for outcome in self.years)


def available_years(workspace: Workspace) -> list[int]:
    """Years that have at least one period folder."""
    return sorted({period.year for period in workspace.layout.periods()})


def choose_period(workspace: Workspace, year: int) -> Period | None:
    """The full year when it has submissions, else the latest period of the year that has."""
    layout = workspace.layout
    candidates = [
        period
        for period in layout.periods()
        if period.year == year and layout.submission_files(period)
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda period: (period.end, _KIND_ORDER[period.kind]))


def has_submissions(workspace: Workspace) -> bool:
    """Whether any period has a submission: else (a workspace just made) there is nothing to
    export yet."""
    return bool(_periods_with_data(workspace))


def _periods_with_data(workspace: Workspace) -> list[Period]:
    """Every period that has submissions, in time order: what a trend may compare."""
    layout = workspace.layout
    found = [period for period in layout.periods() if layout.submission_files(period)]
    return sorted(set(found), key=lambda period: (period.end, period.start))


# Work done in worker processes: top-level functions taking and returning picklable values.


def prepare_year(root: str, period_code: str) -> PreparedReview:
    workspace, issues = load_workspace(Path(root))
    if workspace is None:
        return PreparedReview(ValidationReport(issues=issues))
    return prepare_review(workspace, Period.parse(period_code))


def render_year(
    root: str,
    result: Aggregate,
    output: str,
    files: YearSummaryFiles,
    report_date: date,
    notes: list[str],
    trend: Trend,
    pdf: bool = False,
) -> list[str]:
    """The year's summary (.docx), its data workbook and its charts (and the summary's PDF);
    returns the paths."""
    from tdcli.render.charts import draw_members_chart, draw_trend_chart
    from tdcli.usecases.compile import render_review, year_assessment

    workspace = _workspace(root)
    folder = Path(output)
    charts = [draw_members_chart(result, folder / files.members_chart)]
    if files.trend_chart is not None:
        charts.append(draw_trend_chart(trend, folder / files.trend_chart))
    docx = folder / files.report
    written = render_review(
        workspace,
        result,
        docx,
        report_date=report_date,
        notes=notes,
        charts=charts,
        assessment=year_assessment(workspace, result.period),
    )
    printed = [write_pdf(docx)] if pdf else []
    return [str(path) for path in (*written, *charts, *printed)]


def render_assessment_document(
    root: str, year: int, kind: str, target: str, report_date: date | None, pdf: bool = False
) -> list[str]:
    """A year-end document (`kind` "minutes" or "proposal") into `target`; returns its path,
    or nothing when the assessment no longer allows it."""
    from tdcli.usecases.assess_meeting import write_minutes
    from tdcli.usecases.assess_proposal import write_proposal

    write = write_minutes if kind == "minutes" else write_proposal
    written = write(_workspace(root), year, output=Path(target), report_date=report_date, pdf=pdf)
    return [str(path) for path in (written.path, written.pdf) if path is not None]


def render_member(
    root: str,
    result: Aggregate,
    member_id: str,
    target: str,
    report_date: date,
    pdf: bool = False,
) -> list[str]:
    from tdcli.contents.member_page import member_summary_context
    from tdcli.render.docx import render_template
    from tdcli.resources import bundled_dir

    workspace = _workspace(root)
    context = member_summary_context(workspace, result, member_id, report_date)
    template = bundled_dir("templates") / "tom-tat-thanh-vien.docx"
    page = render_template(template, context, Path(target))
    return [str(path) for path in (page, *([write_pdf(page)] if pdf else []))]


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the main process, which cancels what has not started; a
    document being written is finished (it is written under a temporary name anyway)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _submit(pool: Executor, work: Callable[..., Any], *args: Any) -> Future[Any]:
    """Submit with Ctrl-C ignored for the moment: a worker the pool starts now inherits that,
    so an early Ctrl-C never reaches a process still importing (no worker tracebacks); the
    main process handles it as soon as the call returns."""
    import signal
    import threading

    if not isinstance(pool, ProcessPoolExecutor) or (
        threading.current_thread() is not threading.main_thread()
    ):
        return pool.submit(work, *args)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return pool.submit(work, *args)
    finally:
        signal.signal(signal.SIGINT, previous)


def _workspace(root: str) -> Workspace:
    workspace, _ = load_workspace(Path(root))
    if workspace is None:
        raise UsageError(f"Không đọc được {Path(root) / CLUSTER_FILE}")
    return workspace


class _InProcess(Executor):
    """`jobs=1`: the same calls, in this process, one after another."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as error:  # handed to the caller through the future, as a pool does
            future.set_exception(error)
        return future


class _Manifest:
    """manifest.json: what was written, from which sources, under which key."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / MANIFEST
        self.entries: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            self.entries = self._read()

    def _read(self) -> dict[str, dict[str, Any]]:
        """The entries of a manifest tdcli wrote; `UsageError` for any other file of that name,
        which is never replaced (it may be someone else's, or a damaged one of ours)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            files = data["files"]
            ours = str(data["generator"]).startswith("tdcli ")
            well_formed = isinstance(files, dict) and all(
                isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
                for entry in files.values()
            )
        except (ValueError, OSError, KeyError, TypeError, UnicodeDecodeError):
            ours = well_formed = False
        if not (ours and well_formed):
            raise UsageError(
                f"{self.path} không phải tệp tdcli ghi, hoặc đã hỏng; tdcli không ghi đè lên nó. "
                "Chọn thư mục kết quả khác, hoặc xóa tệp đó để xuất lại từ đầu"
            )
        return dict(files)

    def is_current(self, folder: Path, names: Iterable[str], key: str) -> bool:
        for name in names:
            entry = self.entries.get(name)
            path = folder / name
            if entry is None or entry.get("key") != key or not path.is_file():
                return False
            if sha256_of(path) != entry.get("sha256"):
                return False
        return True

    def record(
        self, folder: Path, paths: Iterable[Path], key: str, sources: dict[str, str]
    ) -> list[str]:
        names = []
        for path in paths:
            name = path.relative_to(folder).as_posix()
            self.entries[name] = {"sha256": sha256_of(path), "key": key, "sources": sources}
            names.append(name)
        self.save()
        return names

    def save(self) -> None:
        data = {"generator": f"tdcli {__version__}", "files": dict(sorted(self.entries.items()))}
        with atomic_path(self.path, record=False) as temporary:
            temporary.write_text(
                json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                encoding="utf-8",
                newline="\n",
            )


@dataclass
class _Plan:
    year: int
    period: Period
    sources: dict[str, str]
    key: str
    prepared: PreparedReview | None = None
    assessment: bool = False
    """The year's assessment is ready: the minutes and the proposal go beside the report."""
    assessment_issues: list[Issue] = field(default_factory=list)


def _sources(workspace: Workspace, periods: Sequence[Period]) -> dict[str, str]:
    files = [workspace.cluster_file]
    for period in periods:
        files.extend(workspace.layout.submission_files(period))
    return {
        path.relative_to(workspace.root).as_posix(): sha256_of(path) for path in sorted(set(files))
    }


def _assessment_sources(workspace: Workspace, year: int) -> dict[str, str]:
    """The files of `assessment/<year>/`: a change to one renders the year again."""
    folder = workspace.layout.assessment_folder(year)
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(workspace.root).as_posix(): sha256_of(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _assessment_ready(workspace: Workspace, year: int) -> tuple[bool, list[Issue]]:
    """Whether the year's minutes and proposal can be written, and what the assessment has to
    say (as warnings: the year's report is written whatever the assessment's state)."""
    from tdcli.usecases.assess_proposal import proposal_blockers
    from tdcli.usecases.assessment import read_assessment
    from tdcli.usecases.compile import assessment_warnings

    if not workspace.layout.assessment_folder(year).is_dir():
        return False, []
    assessment = read_assessment(workspace, year)
    blockers = proposal_blockers(workspace, assessment)
    ready = assessment.complete and assessment.meeting is not None and not blockers
    blocked = [issue.model_copy(update={"severity": Severity.WARNING}) for issue in blockers]
    return ready, [*assessment_warnings(assessment), *blocked]


def _key(*parts: Any) -> str:
    return hashlib.sha256(
        json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def _template_hashes() -> dict[str, str]:
    from tdcli.resources import bundled_dir

    folder = bundled_dir("templates")
    return {path.name: sha256_of(path) for path in sorted(folder.glob("*.docx"))}


def run_export(
    workspace: Workspace,
    years: Sequence[int] | None,
    output: Path,
    *,
    jobs: int = 1,
    per_member: bool = False,
    force: bool = False,
    report_date: date | None = None,
    progress: Callable[[ExportEvent], None] | None = None,
    pdf: bool = False,
) -> ExportResult:
    """Export the summaries of `years` (all years with submissions when None) into `output`;
    with `pdf`, each Word document also as PDF (LibreOffice asked for before anything is
    written)."""
    from tdcli.contents.official import default_date_issues

    if pdf:
        require_soffice()

    started = time.monotonic()
    when = report_date or date.today()
    notify = progress or (lambda event: None)
    known = available_years(workspace)
    chosen = sorted(set(years)) if years else known
    outcomes = {year: YearOutcome(year) for year in chosen}
    refuse_overwrite([output, output / MANIFEST], [], workspace.layout)
    make_folder(output)
    manifest = _Manifest(output)
    templates = _template_hashes()
    plans: list[_Plan] = []
    history: list[Period] = []
    with_data = _periods_with_data(workspace)
    for year in sorted(set(known) | set(chosen)):
        period = choose_period(workspace, year)
        if period is None:
            if year in outcomes:
                outcomes[year].status = "no-data"
            continue
        history.append(period)
        if year not in outcomes or (chosen and year > max(chosen)):
            continue
        outcomes[year].period = period.code
        if report_date is None:
            outcomes[year].issues.extend(
                default_date_issues(
                    workspace.config, workspace.cluster_file, period.label, period.end, when
                )
            )
        # The trend chart's periods too, when it is drawn: a change to 2021-H1 redraws 2022's.
        # Decided on the files, not on what validates, so a period mended redraws too.
        compared = [p for p in with_data if p.year <= year]
        drawn = compared if worth_comparing(compared) else []
        sources = _sources(workspace, [*list(history), period.previous_year(), *drawn])
        sources.update(_assessment_sources(workspace, year))
        key = _key(__version__, templates, per_member, pdf, when.isoformat(), sources)
        documents_ready, found = _assessment_ready(workspace, year)
        plans.append(_Plan(year, period, sources, key, None, documents_ready, found))

    context = multiprocessing.get_context("spawn")
    pool: Executor = (
        _InProcess()
        if jobs <= 1
        else ProcessPoolExecutor(
            max_workers=jobs, mp_context=context, initializer=_ignore_interrupts
        )
    )
    written: list[Path] = []
    unchanged: list[Path] = []
    report = ValidationReport()
    with kept_drafts() as kept:
        try:
            # Phase 1: every period with data up to the last chosen year, each prepared once: the
            # period chosen for each year (its documents) and every other the trend compares.
            last = max(chosen) if chosen else None
            needed = [p for p in history if last is None or p.year <= last]
            compared = [p for p in with_data if last is None or p.year <= last]
            to_prepare = sorted({*needed, *compared}, key=lambda p: (p.end, p.start))
            root = str(workspace.root)
            futures = {p.code: _submit(pool, prepare_year, root, p.code) for p in to_prepare}
            ready_by_code: dict[str, PreparedReview] = {}
            for index, period in enumerate(to_prepare, start=1):
                ready_by_code[period.code] = futures[period.code].result()
                notify(ExportEvent("prepare", index, len(to_prepare), period.label))
            prepared = {period.year: ready_by_code[period.code] for period in needed}
            across = trend(
                [ready.aggregate for ready in ready_by_code.values() if ready.aggregate is not None]
            )

            # Phase 2: the documents of each chosen year, unless the manifest says they are current.
            pending: list[tuple[_Plan, Future[list[str]]]] = []
            finished = 0

            def finish(plan: _Plan, future: Future[list[str]]) -> None:
                nonlocal finished
                paths = [Path(path) for path in future.result()]
                names = manifest.record(output, paths, plan.key, plan.sources)
                outcome = outcomes[plan.year]
                outcome.status = "written"
                outcome.files.extend(names)
                written.extend(paths)
                finished += 1
                label = f"{plan.year}: {paths[0].name}" if paths else str(plan.year)
                notify(ExportEvent("render", finished, total, label))

            def submit(plan: _Plan, work: Callable[..., list[str]], *args: Any) -> None:
                future = _submit(pool, work, *args)
                if future.done():  # run in this process: record it at once
                    finish(plan, future)
                else:
                    pending.append((plan, future))

            def documents(plan: _Plan) -> int:
                agg = prepared[plan.year].aggregate
                members = len(agg.members) if per_member and agg is not None else 0
                return 1 + members + (2 if plan.assessment else 0)

            # What is to be written is known before anything is rendered: the progress says so.
            outputs = Outputs(workspace.layout)
            to_render: list[tuple[_Plan, Aggregate, YearSummaryFiles, Trend]] = []
            for plan in plans:
                outcome = outcomes[plan.year]
                ready = prepared[plan.year]
                outcome.issues = [*outcome.issues, *ready.report.issues, *plan.assessment_issues]
                report.extend(outcome.issues)
                if ready.aggregate is None:
                    outcome.status = "invalid"
                    continue
                until = across.until(plan.year)
                members = [row.member.id for row in ready.aggregate.members] if per_member else []
                files = year_summary_files(
                    plan.period,
                    members,
                    trend=until.worth_drawing(),
                    minutes=outputs.minutes(plan.year).name if plan.assessment else None,
                    proposal=outputs.proposal(plan.year).name if plan.assessment else None,
                    pdf=pdf,
                )
                names = files.all
                if not force and manifest.is_current(output, names, plan.key):
                    outcome.status = "unchanged"
                    outcome.files = names
                    unchanged.extend(output / name for name in names)
                    continue
                to_render.append((plan, ready.aggregate, files, until))
            total = sum(documents(plan) for plan, *_ in to_render)
            if total:
                notify(ExportEvent("render", 0, total, ""))
            for plan, aggregate, files, until in to_render:
                # Kept here, before the workers write, so that the result can say which.
                for planned in files.all:
                    _keep(output, planned, manifest)  # kept_drafts collects what is kept
                note = partial_period_note(plan.period)
                notes = [note] if note else []
                root = str(workspace.root)
                submit(
                    plan,
                    render_year,
                    root,
                    aggregate,
                    str(output),
                    files,
                    when,
                    notes,
                    until,
                    pdf,
                )
                for member_id, page in files.member_pages.items():
                    target = str(output / page)
                    submit(plan, render_member, root, aggregate, member_id, target, when, pdf)
                for kind, name in (("minutes", files.minutes), ("proposal", files.proposal)):
                    if name is not None:
                        target = str(output / name)
                        submit(
                            plan,
                            render_assessment_document,
                            root,
                            plan.year,
                            kind,
                            target,
                            report_date,
                            pdf,
                        )
            for plan, future in pending:
                finish(plan, future)
            summary = _trend_workbook(output, needed, prepared, chosen, manifest, plans, force)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        took = time.monotonic() - started
        if summary is not None:
            (written if summary.status == "written" else unchanged).extend(summary.files)
        outcomes_list = list(outcomes.values())
        return ExportResult(outcomes_list, written, unchanged, report, when, took, kept, summary)


def _keep(output: Path, name: str, manifest: _Manifest) -> KeptDraft | None:
    """Before the workers write `name` again: a file the manifest says tdcli wrote (on this
    computer or another) is adopted as tdcli's, any other kept under a new name."""
    target = output / name
    digest = manifest.entries.get(name, {}).get("sha256")
    try:
        if isinstance(digest, str):
            adopt(target, digest)
        return keep_if_edited(target)
    except OSError as error:
        raise OutputError(
            f"Không đổi tên được {target} để giữ lại bản đang có ({os_reason(error)}); đóng "
            "tệp nếu đang mở rồi chạy lại"
        ) from None


def _trend_workbook(
    output: Path,
    periods: Sequence[Period],
    prepared: dict[int, PreparedReview],
    chosen: Sequence[int],
    manifest: _Manifest,
    plans: Sequence[_Plan],
    force: bool,
) -> AcrossYears | None:
    """One workbook across the years: a sheet per group, members by years, cluster totals."""
    from tdcli.contents.tables import trend_sheets
    from tdcli.render.xlsx import write_workbook

    selected = [p for p in periods if p.year in chosen and prepared[p.year].aggregate is not None]
    if not selected:
        return None
    key = _key([plan.key for plan in plans if plan.year in {p.year for p in selected}])
    if not force and manifest.is_current(output, [TREND_WORKBOOK], key):
        return AcrossYears("unchanged", [output / TREND_WORKBOOK])
    results = [prepared[p.year].aggregate for p in selected]
    _keep(output, TREND_WORKBOOK, manifest)
    target = write_workbook(
        trend_sheets([r for r in results if r is not None]), output / TREND_WORKBOOK
    )
    sources: dict[str, str] = {}
    for plan in plans:
        if plan.year in {p.year for p in selected}:
            sources.update(plan.sources)
    manifest.record(output, [target], key, sources)
    return AcrossYears("written", [target])
