"""Where outputs go and what they are called, whether one may be written over, in which
formats a document is written, and how: the one owner of tdcli's outputs.

Every default path of every command is made here; the export manifest takes its expected names
from here too. Writing is atomic (a temporary name beside the target, then one rename), and an
output may never replace one of the inputs it was made from.

A document is a draft the office goes on polishing in Word or Excel, so tdcli records what it
wrote (the file's sha256, one record per output path in the user's state folder: nothing is
added beside the outputs) and never replaces a file that differs from that record: the file is
kept under a new name that carries its time (`bao-cao-...-ban-sua-20261202-1305.docx`); the
record and the keeping are `render/drafts.py`'s, whose `kept_drafts()` tells the command which.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from tdcli.contents.phrases import review_kind
from tdcli.errors import TdcliError, UsageError, os_reason
from tdcli.model.periods import Period
from tdcli.render.drafts import (
    KeptDraft,
    keep_if_edited,
    move_aside,
    sha256_of,
    shortened,
)
from tdcli.render.drafts import current as kept_drafts_now
from tdcli.render.drafts import record as record_written
from tdcli.workspace.layout import OUTPUT_DIR, WorkspaceLayout

__all__ = [
    "MANIFEST",
    "MEMBERS_CHART",
    "TEMPORARY_PREFIX",
    "TREND_CHART",
    "TREND_WORKBOOK",
    "DocumentFormat",
    "OutputError",
    "Outputs",
    "YearSummaryFiles",
    "atomic_path",
    "atomic_paths",
    "companion_workbook",
    "form_file",
    "make_folder",
    "refuse_overwrite",
    "report_stem",
    "safe_name",
    "year_summary_files",
]

MANIFEST = "manifest.json"
TREND_WORKBOOK = "tong-hop-cac-nam.xlsx"
MEMBERS_CHART = "bieu-do-theo-don-vi.png"
TREND_CHART = "bieu-do-qua-cac-nam.png"
MEMBER_PAGES = "thanh-vien"


class DocumentFormat:
    """The formats tdcli writes, by suffix."""

    DOCX = ".docx"
    XLSX = ".xlsx"
    PNG = ".png"


def safe_name(text: str) -> str:
    """`bao-cao-so-ket-6-thang-dau-nam-2022`: readable, without diacritics, safe everywhere."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(char for char in text if unicodedata.category(char) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass(frozen=True, slots=True)
class YearSummaryFiles:
    """The files of one year of an export, relative to the export folder."""

    report: str
    workbook: str
    members_chart: str
    trend_chart: str | None
    member_pages: dict[str, str]
    minutes: str | None = None
    """The year-end meeting's minutes, when the year's assessment is ready."""
    proposal: str | None = None
    """The award proposal (tờ trình), when the year's assessment is ready."""
    pdf: bool = False
    """Each Word document also as PDF, beside it."""

    @property
    def documents(self) -> list[str]:
        """The Word documents."""
        names = [self.report]
        names += [name for name in (self.minutes, self.proposal) if name is not None]
        return names + list(self.member_pages.values())

    @property
    def all(self) -> list[str]:
        names = [self.report, self.workbook, self.members_chart]
        if self.trend_chart is not None:
            names.append(self.trend_chart)
        names += [name for name in (self.minutes, self.proposal) if name is not None]
        names += list(self.member_pages.values())
        if self.pdf:
            names += [str(PurePosixPath(name).with_suffix(".pdf")) for name in self.documents]
        return names


@dataclass(frozen=True, slots=True)
class Outputs:
    """The default outputs of one workspace."""

    layout: WorkspaceLayout

    @property
    def folder(self) -> Path:
        return self.layout.output_dir

    def review(self, period: Period) -> Path:
        """The review report (.docx); its data workbook is `companion_workbook` of it."""
        return self.folder / f"{report_stem(period)}{DocumentFormat.DOCX}"

    def pledge(self, year: int) -> Path:
        return self.folder / f"giao-uoc-thi-dua-nam-{year}{DocumentFormat.DOCX}"

    def proposal(self, year: int) -> Path:
        """The year-end award proposal (tờ trình đề nghị khen thưởng)."""
        return self.folder / f"to-trinh-de-nghi-khen-thuong-nam-{year}{DocumentFormat.DOCX}"

    def ranking(self, year: int) -> Path:
        """The year-end scores and ranking workbook (`tdcli assess rank`)."""
        return self.folder / f"xep-hang-thi-dua-nam-{year}{DocumentFormat.XLSX}"

    def ballots(self, year: int, round_number: int | None = None) -> Path:
        """The year-end meeting's secret ballots; a later round's carry its number."""
        suffix = f"-vong-{round_number}" if round_number and round_number > 1 else ""
        return self.folder / f"phieu-bau-nam-{year}{suffix}{DocumentFormat.DOCX}"

    def minutes(self, year: int) -> Path:
        """The minutes of the year-end meeting (biên bản hội nghị tổng kết)."""
        return self.folder / f"bien-ban-hoi-nghi-tong-ket-nam-{year}{DocumentFormat.DOCX}"

    def forms_folder(self, period: Period) -> Path:
        return self.folder / "forms" / period.code

    def assessment_forms_folder(self, year: int) -> Path:
        """The members' self-assessment forms of a year (`tu-cham-2021/<member>.xlsx`)."""
        return self.folder / "forms" / f"tu-cham-{year}"

    def export_folder(self) -> Path:
        return self.folder / "export"

    def replies_folder(self, period: Period) -> Path:
        """Annotated copies of members' files with errors, to send back (`phan-hoi`)."""
        return self.folder / "phan-hoi" / period.code


def report_stem(period: Period) -> str:
    """`bao-cao-so-ket-6-thang-dau-nam-2022`: the review report's name without its suffix."""
    return safe_name(f"báo cáo {review_kind(period).name} {period.label}")


def companion_workbook(report: Path) -> Path:
    """The data workbook written beside a report: the same name, `.xlsx`."""
    return report.with_suffix(DocumentFormat.XLSX)


def form_file(folder: Path, member_id: str) -> Path:
    return folder / f"{member_id}{DocumentFormat.XLSX}"


def year_summary_files(
    period: Period,
    member_ids: Iterable[str],
    *,
    trend: bool,
    minutes: str | None = None,
    proposal: str | None = None,
    pdf: bool = False,
) -> YearSummaryFiles:
    """What an export writes for one year: the summary and its workbook, the members' chart,
    the trend chart when there are earlier years to compare, a page per member, and the
    year-end documents when the assessment is ready: the minutes and the proposal (their names,
    those of `Outputs.minutes` and `Outputs.proposal`)."""
    folder, stem = str(period.year), report_stem(period)
    return YearSummaryFiles(
        report=f"{folder}/{stem}{DocumentFormat.DOCX}",
        workbook=f"{folder}/{stem}{DocumentFormat.XLSX}",
        members_chart=f"{folder}/{MEMBERS_CHART}",
        trend_chart=f"{folder}/{TREND_CHART}" if trend else None,
        member_pages={
            member: f"{folder}/{MEMBER_PAGES}/{member}{DocumentFormat.DOCX}"
            for member in member_ids
        },
        minutes=f"{folder}/{minutes}" if minutes else None,
        proposal=f"{folder}/{proposal}" if proposal else None,
        pdf=pdf,
    )


def refuse_overwrite(
    outputs: Sequence[Path], inputs: Iterable[Path], layout: WorkspaceLayout | None = None
) -> None:
    """Raise `UsageError` if an output would replace one of the inputs, or, in a workspace,
    would land among what members sent (`submissions/`), the versions kept of it (`archive/`)
    or on `cluster.yaml`."""
    resolved = {path.resolve() for path in inputs}
    kept = (
        []
        if layout is None
        else [layout.submissions_dir, layout.archive_dir, layout.assessment_dir]
    )
    if layout is not None:
        resolved.add(layout.cluster_file.resolve())
    for output in outputs:
        if output.resolve() in resolved:
            raise UsageError(f"Tệp kết quả {output} trùng với một tệp đầu vào; chọn tên khác")
        for folder in kept:
            if output.resolve().is_relative_to(folder.resolve()):
                holds = (
                    "thang điểm, bản tự chấm, kết quả thẩm định và biên bản bỏ phiếu"
                    if layout is not None and folder == layout.assessment_dir
                    else "báo cáo các thành viên gửi và các bản trước của chúng"
                )
                raise UsageError(
                    f"Không ghi kết quả vào {output}: thư mục {folder.name}/ chỉ chứa {holds}; "
                    f"chọn nơi khác (mặc định: {OUTPUT_DIR}/)"
                )


TEMPORARY_PREFIX = ".tdcli-"
"""Temporary files are named `.tdcli-<name>-XXXXXXXX<suffix>` beside their target."""
STALE_AFTER_SECONDS = 3600
"""A temporary file this old was left by a run that was killed; the next run removes it."""


class OutputError(TdcliError):
    """An output cannot be written: a read-only or full folder, a folder removed mid-run."""


@contextlib.contextmanager
def atomic_path(target: Path, *, record: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target` in one step.

    On any error (or Ctrl-C) the temporary file is removed and `target` is left as it was.
    With `record` (an output), a `target` changed since tdcli wrote it is kept under another
    name first (`keep_if_edited`) and what is written is recorded; without it (tdcli's own
    bookkeeping, a file filed among the submissions) `target` is simply replaced.
    Raises `UsageError` when `target` is a folder, `OutputError` when the folder cannot be
    written.
    """
    with _temporary_beside(target) as temporary:
        yield temporary
        _put_in_place([(temporary, target)], record=record)


def _put_in_place(pairs: Sequence[tuple[Path, Path]], *, record: bool) -> None:
    """Each temporary file replaces its target, every target that is not what tdcli wrote
    kept first (`keep_if_edited`); then what was written is recorded. Documents that go
    together are put in place all or none: the old ones are moved aside first, and when one
    cannot be replaced every target is as it was before (the drafts kept go back too). A
    target that is itself one of this process's temporary files (a document written into its
    pair's temporary name by `atomic_paths`) is neither kept nor recorded: the outer write
    does both."""
    record = record and not any(target in _ACTIVE for _, target in pairs)
    before: dict[Path, Path] = {}  # target -> where what was there waits (kept or aside)
    kept: dict[Path, KeptDraft] = {}
    done: list[Path] = []
    try:
        digests = [sha256_of(temporary) if record else "" for temporary, _ in pairs]
        for _, target in pairs:
            draft = keep_if_edited(target) if record else None
            if draft is not None:
                kept[target], before[target] = draft, draft.kept
            elif len(pairs) > 1 and target.is_file():
                before[target] = move_aside(target)  # until its replacement is in place
        for temporary, target in pairs:
            # mkstemp makes the file private (0600); an output gets the usual permissions.
            temporary.chmod(0o666 & ~_umask())
            temporary.replace(target)
            done.append(target)
    except OSError as error:
        failed = next((target for _, target in pairs if target not in done), pairs[0][1])
        _undo(pairs, before, done, kept)
        raise _cannot_write(failed, error) from None
    for target, waiting in before.items():
        if target not in kept:
            with contextlib.suppress(OSError):
                waiting.unlink()
    if record:
        for (_, target), digest in zip(pairs, digests, strict=True):
            record_written(target, digest)


def _undo(
    pairs: Sequence[tuple[Path, Path]],
    before: dict[Path, Path],
    done: list[Path],
    kept: dict[Path, KeptDraft],
) -> None:
    """Every target back as it was before `_put_in_place`: what was there where it was, a new
    file removed, and the drafts kept no longer said to be."""
    for _, target in pairs:
        with contextlib.suppress(OSError):
            if target in before:
                before[target].replace(target)
            elif target in done:
                target.unlink()
    drafts = kept_drafts_now()
    for draft in kept.values():
        if not draft.kept.exists() and draft in drafts:
            drafts.remove(draft)


_ACTIVE: set[Path] = set()
"""This process's temporary files being written, which a nested write must not keep."""


@contextlib.contextmanager
def _temporary_beside(target: Path) -> Iterator[Path]:
    """A new empty temporary file beside `target`, removed on the way out unless it was moved
    into place; writing errors in the block become `OutputError`."""
    if target.is_dir():
        raise UsageError(f"{target} là một thư mục; ghi tên tệp kết quả, ví dụ {target / 'x'}")
    made = [folder for folder in (target.parent, *target.parent.parents) if not folder.exists()]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(target.parent)
        # a long name stays within the 255 bytes a file name may have
        stem = shortened(target.stem, 200)
        handle, name = tempfile.mkstemp(
            prefix=f"{TEMPORARY_PREFIX}{stem}-", suffix=target.suffix, dir=target.parent
        )
        os.close(handle)
    except OSError as error:
        raise _cannot_write(target, error) from None
    temporary = Path(name)
    _ACTIVE.add(temporary)
    try:
        yield temporary
    except OSError as error:
        raise _cannot_write(target, error) from None
    finally:
        _ACTIVE.discard(temporary)
        with contextlib.suppress(OSError):
            temporary.unlink()
        if not target.exists():  # nothing written: the folders made for it go too
            for folder in made:
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only when empty


@contextlib.contextmanager
def atomic_paths(targets: Sequence[Path]) -> Iterator[list[Path]]:
    """Temporary paths for documents that go together (a report and its workbook): they
    replace their targets only when every one of them was written, so a failure or Ctrl-C
    leaves the old pair, never a new report beside an old workbook."""
    with contextlib.ExitStack() as stack:
        temporaries = [stack.enter_context(_temporary_beside(target)) for target in targets]
        yield temporaries
        _put_in_place(list(zip(temporaries, targets, strict=True)), record=True)


def make_folder(folder: Path) -> Path:
    """The output folder, made if need be; `OutputError` when it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _cannot_write(folder, error) from None
    return folder


def _cannot_write(target: Path, error: OSError) -> OutputError:
    reason = os_reason(error)
    return OutputError(
        f"Không ghi được {target} ({reason}); kiểm tra quyền ghi và chỗ trống của thư mục "
        f"{target.parent}, hoặc chọn nơi khác (--output)"
    )


def _remove_stale(folder: Path) -> None:
    """Temporary files of runs that were killed (SIGKILL, a power cut) in this folder."""
    import time

    limit = time.time() - STALE_AFTER_SECONDS
    for path in folder.glob(f"{TEMPORARY_PREFIX}*"):
        with contextlib.suppress(OSError):
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
