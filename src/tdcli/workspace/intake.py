"""The intake log: what `tdcli collect` filed, when, and from which file it came.

One JSON object per line in `archive/intake.jsonl` (see `WorkspaceLayout.intake_log`),
appended to and never rewritten, so that an interrupted run loses at most its last line and
the log can be read by any tool. `tdcli status` reads it to say where each file came from.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from tdcli.workspace.layout import WorkspaceLayout

__all__ = ["IntakeRecord", "append_records", "latest_records", "read_records"]


@dataclass(frozen=True, slots=True)
class IntakeRecord:
    """One file filed by `collect`."""

    period: str
    """The period's code (`2022-H1`, `2021`)."""
    member: str
    file: str
    """Where it was filed, relative to the workspace (`submissions/2022-H1/bac-kan.xlsx`)."""
    sha256: str
    received: str
    """When it was filed (ISO 8601, local time with offset)."""
    source: str
    """What it came from as the user gave it: a path, `thu.eml » bao-cao.xlsx`, `tep.zip » x`."""
    replaced: str | None = None
    """Where the submission it replaced was kept (`archive/2022-H1/bac-kan/...`), if any."""


def read_records(layout: WorkspaceLayout) -> list[IntakeRecord]:
    """Every record of the log, oldest first; a line that is not a record is passed over
    (the log is a convenience: losing a line never loses a submission)."""
    path = layout.intake_log
    if not path.is_file():
        return []
    records = []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            try:
                data = json.loads(line)
                records.append(IntakeRecord(**data))
            except (ValueError, TypeError):
                continue
    return records


def latest_records(layout: WorkspaceLayout) -> dict[tuple[str, str], IntakeRecord]:
    """The latest record for each (period, member)."""
    return {(record.period, record.member): record for record in read_records(layout)}


def append_records(layout: WorkspaceLayout, records: Iterable[IntakeRecord]) -> Path:
    """Add records at the end of the log (created with its folder when absent)."""
    path = layout.intake_log
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")
    return path
