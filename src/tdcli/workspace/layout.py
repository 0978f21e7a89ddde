"""Where things live in a workspace: the one module that knows its folders and file names.

```
cluster.yaml
submissions/<period>/<member>.yaml|.yml|.xlsx
out/
```

A period folder is any folder under `submissions/` whose name reads as that period, so
`2021` and `2021-FY` both hold the full year 2021. A submission file is a `.yaml`, `.yml` or
`.xlsx` file that is neither hidden nor an Office lock file; it belongs to the member its name
says (the file's own `member` key is checked against that name). Everything else in a period
folder is something else, and said so by the status. Every command asks this module; nothing
else builds a path under `submissions/`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tdcli.model.periods import Period, PeriodError

__all__ = [
    "ARCHIVE_DIR",
    "CLUSTER_FILE",
    "OUTPUT_DIR",
    "SUBMISSIONS_DIR",
    "SUBMISSION_SUFFIXES",
    "Identity",
    "WorkspaceLayout",
    "expected_identity",
    "folder_period",
    "is_submission_file",
    "other_files_under",
    "submission_files_under",
]

CLUSTER_FILE = "cluster.yaml"
SUBMISSIONS_DIR = "submissions"
OUTPUT_DIR = "out"
ARCHIVE_DIR = "archive"
"""Earlier versions of submissions that `collect` replaced, and the intake log."""
INTAKE_LOG = "intake.jsonl"
ASSESSMENT_DIR = "assessment"
SCHEME_FILE = "scheme.yaml"
REVIEW_FILE = "review.yaml"
MEETING_FILE = "meeting.yaml"
SELF_DIR = "self"
SUBMISSION_SUFFIXES = (".yaml", ".yml", ".xlsx")


def folder_period(folder: Path) -> Period | None:
    """The period a folder holds, from its name (`2022-H1`, `2021`, `2021-FY`), or None."""
    try:
        return Period.parse(folder.name)
    except PeriodError:
        return None


def is_submission_file(path: Path) -> bool:
    return (
        path.suffix.lower() in SUBMISSION_SUFFIXES
        and not path.name.startswith(("~$", "."))
        and path.name != CLUSTER_FILE
    )


def submission_files_under(folder: Path) -> list[Path]:
    """Every submission below `folder`, sorted, skipping hidden folders and the output folder."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if any(part.startswith(".") for part in relative[:-1]) or (
            relative and relative[0] == OUTPUT_DIR
        ):
            continue
        if not path.is_dir() and is_submission_file(path):  # a FIFO too: the guard says
            found.append(path)
    return found


def other_files_under(folder: Path) -> list[Path]:
    """Files below `folder` that are not submissions by their name, leaving out hidden files,
    Office lock files and the output folder."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if any(part.startswith((".", "~$")) for part in relative) or relative[0] == OUTPUT_DIR:
            continue
        if not path.is_dir() and not is_submission_file(path):
            found.append(path)
    return found


@dataclass(frozen=True, slots=True)
class Identity:
    """Who and which period a file's place says it is for, and the folder that says it."""

    member: str | None
    period: Period | None
    folder: str | None = None


def expected_identity(file: Path, layout: WorkspaceLayout | None = None) -> Identity:
    """In the submissions of `layout`, at any depth: the period of the period folder holding the
    file, and the member it is filed under. Elsewhere: the period its folder's name says, and
    no member (a name outside a workspace says nothing)."""
    if layout is not None and (period := layout.period_of(file)) is not None:
        folder = file.resolve().relative_to(layout.submissions_dir.resolve()).parts[0]
        return Identity(layout.member_of(file), period, folder)
    period = folder_period(file.parent)
    return Identity(None, period, file.parent.name if period is not None else None)


@dataclass(frozen=True, slots=True)
class WorkspaceLayout:
    """The folders and files of one workspace."""

    root: Path

    @property
    def cluster_file(self) -> Path:
        return self.root / CLUSTER_FILE

    @property
    def submissions_dir(self) -> Path:
        return self.root / SUBMISSIONS_DIR

    @property
    def output_dir(self) -> Path:
        return self.root / OUTPUT_DIR

    @property
    def archive_dir(self) -> Path:
        return self.root / ARCHIVE_DIR

    @property
    def intake_log(self) -> Path:
        return self.archive_dir / INTAKE_LOG

    @property
    def assessment_dir(self) -> Path:
        return self.root / ASSESSMENT_DIR

    def assessment_folder(self, year: int) -> Path:
        """`assessment/<year>/`: the year's scheme, self-assessments, review and meeting."""
        return self.assessment_dir / str(year)

    def scheme_file(self, year: int) -> Path:
        return self.assessment_folder(year) / SCHEME_FILE

    def review_file(self, year: int) -> Path:
        return self.assessment_folder(year) / REVIEW_FILE

    def meeting_file(self, year: int) -> Path:
        return self.assessment_folder(year) / MEETING_FILE

    def self_assessment_folder(self, year: int) -> Path:
        return self.assessment_folder(year) / SELF_DIR

    def self_assessment_files(self, year: int) -> list[Path]:
        """Every file of `self/` (a self-assessment is `<member>.yaml` or `.xlsx`; an `.xls` or
        an `.ods` named after a member is that member's unreadable one), leaving out hidden
        files and Office lock files, by name."""
        folder = self.self_assessment_folder(year)
        if not folder.is_dir():
            return []
        return sorted(
            path
            for path in folder.iterdir()
            if not path.is_dir() and not path.name.startswith((".", "~$"))
        )

    def holds_assessment(self, path: Path) -> bool:
        """Whether `path` is `assessment/` or anything in it: the year-end assessment's files,
        never submissions."""
        return _is_within(path, self.assessment_dir)

    def assessment_year_of(self, path: Path) -> int | None:
        """The year whose folder (`assessment/<year>/`) is or holds `path`, or None."""
        try:
            relative = path.resolve().relative_to(self.assessment_dir.resolve())
        except ValueError:
            return None
        name = relative.parts[0] if relative.parts else ""
        return int(name) if _is_year(name) else None

    def assessment_years(self) -> list[int]:
        """The years that have an assessment folder."""
        folder = self.assessment_dir
        if not folder.is_dir():
            return []
        return sorted(
            int(path.name) for path in folder.iterdir() if path.is_dir() and _is_year(path.name)
        )

    def archive_folder(self, period: Period, member: str) -> Path:
        """Where the submissions of `member` for `period` that were replaced are kept."""
        return self.archive_dir / period.code / member

    def period_folder(self, period: Period) -> Path:
        """Where the period's files go: an existing folder of the period, else its canonical
        name (`submissions/2022-H1`, `submissions/2022`)."""
        existing = self.period_folders(period)
        return existing[0] if existing else self.submissions_dir / period.code

    def period_folders(self, period: Period) -> list[Path]:
        """The existing folders that hold `period`, the canonical name first."""
        return [folder for found, folder in self._folders() if found == period]

    def periods(self) -> list[Period]:
        """Every period that has a folder, in time order."""
        return sorted(
            {period for period, _ in self._folders()},
            key=lambda period: (period.end, -period.start.toordinal()),
        )

    def submission_files(self, period: Period) -> list[Path]:
        """Every submission file of the period, from all of its folders."""
        return [
            file
            for folder in self.period_folders(period)
            for file in submission_files_under(folder)
        ]

    def period_of(self, file: Path) -> Period | None:
        """The period whose folder holds `file`, at any depth, or None."""
        try:
            relative = file.resolve().relative_to(self.submissions_dir.resolve())
        except ValueError:
            return None
        if len(relative.parts) < 2:
            return None
        return folder_period(self.submissions_dir / relative.parts[0])

    def other_files(self, period: Period) -> list[Path]:
        """Files in the period's folders that are not submissions by their name (an `.ods`, a
        `.pdf`...): each must still be accounted for."""
        return [
            file for folder in self.period_folders(period) for file in other_files_under(folder)
        ]

    def outside_periods(self) -> list[Path]:
        """What sits in `submissions/` outside any period folder (a folder named otherwise, a
        file put there directly): tdcli reads none of it, and says so."""
        if not self.submissions_dir.is_dir():
            return []
        return sorted(
            path
            for path in self.submissions_dir.iterdir()
            if not path.name.startswith((".", "~$"))
            and not (path.is_dir() and folder_period(path) is not None)
        )

    def member_of(self, file: Path) -> str:
        """The member a submission file is filed under: its name without the suffix."""
        return file.stem

    def relative(self, path: Path) -> str:
        """`submissions/2022-H1/bac-kan.yaml`: a path as the workspace names it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def _folders(self) -> Iterable[tuple[Period, Path]]:
        if not self.submissions_dir.is_dir():
            return []
        found = []
        for folder in self.submissions_dir.iterdir():
            period = folder_period(folder) if folder.is_dir() else None
            if period is not None:
                found.append((period, folder))
        # the canonical name first, then any alias, each in name order
        return sorted(found, key=lambda item: (item[1].name != item[0].code, item[1].name))


def _is_year(name: str) -> bool:
    return name.isdigit() and len(name) == 4


def _is_within(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())
