"""What tdcli wrote, and the drafts it keeps: a document is a draft the office goes on
polishing in Word or Excel, so an output that differs from what tdcli wrote there is never
replaced, only moved aside under a name that carries its time.

tdcli records the sha256 of each output it writes: one small JSON record per output path, in
the user's state folder (`%LOCALAPPDATA%\\tdcli` on Windows, `~/.local/state/tdcli` elsewhere,
or `TDCLI_STATE_DIR`), so that nothing is added beside the outputs and workers writing side by
side never write the same record. Before an output is written again, `keep_if_edited` moves a
file that differs from its record (or has none) to `<name>-ban-sua-YYYYMMDD-HHMM<suffix>`
(`-ban-cu-` when tdcli has no record of it), claiming that name so that no other run can
take it; `kept_drafts()` collects what was kept for the command to say.

`render/outputs.py` calls these around every write it makes into place.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

__all__ = [
    "STATE_DIR_VARIABLE",
    "KeptDraft",
    "KeptDrafts",
    "adopt",
    "current",
    "keep_if_edited",
    "kept_drafts",
    "move_aside",
    "record",
    "records_folder",
    "sha256_of",
    "shortened",
]

STATE_DIR_VARIABLE = "TDCLI_STATE_DIR"
"""Where tdcli keeps what it wrote, when set; by default the user's state folder."""

_ASIDE_PREFIX = ".tdcli~"
"""A file being kept is first moved to `.tdcli~<name>-XXXXXXXX` beside it: a name only this run
has, and one the removal of stale temporary files (`.tdcli-*`) never touches."""
_RECORD_MOST = 64 * 1024
"""A record is a line of JSON; anything larger is not one."""
_NAME_MOST = 240
"""The longest kept name, in bytes (file systems stop at 255)."""


@dataclass(frozen=True, slots=True)
class KeptDraft:
    """An output found changed since tdcli wrote it (or never written by tdcli), kept."""

    output: Path
    """Where tdcli writes the new document."""
    kept: Path
    """The file that was there, under its new name."""
    edited: bool
    """True when tdcli wrote the file and it was changed since; False when tdcli has no
    record of writing it (a file put there by someone else, or its record lost)."""


class KeptDrafts(list[KeptDraft]):
    """The drafts kept while a command ran, and the outputs whose record could not be written
    (`unrecorded`): those will be kept as unknown files the next time, which the command
    says once."""

    def __init__(self) -> None:
        super().__init__()
        self.unrecorded: list[Path] = []


_KEPT: ContextVar[KeptDrafts | None] = ContextVar("tdcli_kept_drafts", default=None)


@contextlib.contextmanager
def kept_drafts() -> Iterator[KeptDrafts]:
    """The drafts kept while the block runs, for the command to say which (a block inside
    another one shares its list, so the command line's error boundary sees them too)."""
    found = _KEPT.get()
    if found is not None:
        yield found
        return
    found = KeptDrafts()
    token = _KEPT.set(found)
    try:
        yield found
    finally:
        _KEPT.reset(token)


def current() -> KeptDrafts:
    """The list `kept_drafts()` is collecting into, or an empty one outside any."""
    found = _KEPT.get()
    return found if found is not None else KeptDrafts()


def keep_if_edited(target: Path) -> KeptDraft | None:
    """Before `target` is written again: when it is not what tdcli recorded writing there,
    move it to a free name with its time (`-ban-sua-YYYYMMDD-HHMM` when tdcli wrote it and it
    was changed, `-ban-cu-...` when tdcli has no record of it) and say so. An unchanged output
    is left to be replaced. Raises `OSError` when the file cannot be moved (open in Word)."""
    if not target.is_file():
        return None
    recorded = _recorded(target)
    try:
        if recorded is not None and recorded == sha256_of(target):
            return None
        when = datetime.fromtimestamp(target.stat().st_mtime).strftime("%Y%m%d-%H%M")
    except FileNotFoundError:  # another run kept it meanwhile
        return None
    edited = recorded is not None
    try:
        aside = move_aside(target)  # only this run holds it now
    except FileNotFoundError:  # another run kept it first
        return None
    try:
        kept = _claim(aside, target, f"{'ban-sua' if edited else 'ban-cu'}-{when}")
    except OSError:
        with contextlib.suppress(OSError):
            aside.replace(target)  # back where it was, rather than under a hidden name
        raise
    draft = KeptDraft(target, kept, edited)
    found = _KEPT.get()
    if found is not None:
        found.append(draft)
    return draft


def move_aside(target: Path) -> Path:
    """Move `target` to a name beside it that only this run has (`.tdcli~<name>-XXXXXXXX`),
    which the removal of stale temporary files never touches. Raises `OSError` (then nothing
    moved), `FileNotFoundError` when the file is gone."""
    prefix = f"{_ASIDE_PREFIX}{shortened(target.stem, 60)}-"
    handle, name = tempfile.mkstemp(prefix=prefix, dir=target.parent)
    os.close(handle)
    aside = Path(name)
    try:
        target.replace(aside)
    except OSError:
        with contextlib.suppress(OSError):
            aside.unlink()
        raise
    return aside


def _claim(aside: Path, target: Path, tag: str) -> Path:
    """Give the file at `aside` the first free name `<stem>-<tag>[-n]<suffix>` beside
    `target`: a hard link made only where the name is free, so that two runs never take the
    same one; a rename where the file system has no hard links (a rename over nothing)."""
    stem = shortened(target.stem, _NAME_MOST - len(f"-{tag}-99{target.suffix}".encode()))
    for number in range(1, 10_000):
        more = f"-{number}" if number > 1 else ""
        kept = target.with_name(f"{stem}-{tag}{more}{target.suffix}")
        try:
            os.link(aside, kept)
        except FileExistsError:
            continue
        except OSError:  # no hard links here (FAT, some network shares)
            if kept.exists():
                continue
            aside.rename(kept)
            return kept
        aside.unlink()
        return kept
    raise FileExistsError(f"không còn tên trống cho bản giữ lại của {target.name}")


def shortened(text: str, most: int) -> str:
    """`text` cut to at most `most` bytes of UTF-8, at a character."""
    encoded = text.encode("utf-8", "surrogateescape")
    if len(encoded) <= most:
        return text
    return encoded[: max(most, 1)].decode("utf-8", "ignore") or "tep"


def record(target: Path, digest: str) -> None:
    """Record what tdcli wrote at `target`. A record that cannot be written only means that
    the file is kept, as one tdcli does not know, before it is next replaced: the command
    says so (`KeptDrafts.unrecorded`)."""
    from tdcli import __version__

    data = {
        "path": _compared(target),
        "sha256": digest,
        "written": datetime.now().isoformat(timespec="seconds"),
        "by": f"tdcli {__version__}",
    }
    try:
        place = _record_file(target)
        place.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".tdcli-", dir=place.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(json.dumps(data) + "\n")  # ASCII: any path, even not UTF-8
            Path(name).replace(place)
        finally:
            with contextlib.suppress(OSError):
                Path(name).unlink()
    except (OSError, RuntimeError, ValueError):  # RuntimeError: no home folder
        found = _KEPT.get()
        if found is not None:
            found.unrecorded.append(target)


def adopt(target: Path, digest: str) -> None:
    """`target` holds what tdcli wrote (`digest`, as another record of tdcli's says: the
    export's manifest): recorded as such, unless it is no longer that file."""
    if target.is_file() and _recorded(target) is None and sha256_of(target) == digest:
        record(target, digest)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def records_folder() -> Path:
    """The folder of the records of what tdcli wrote."""
    configured = os.environ.get(STATE_DIR_VARIABLE)
    if configured:
        return Path(configured) / "da-ghi"
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        base = Path(local) if local else Path.home() / "AppData" / "Local"
    else:
        state = os.environ.get("XDG_STATE_HOME")
        base = Path(state) if state else Path.home() / ".local" / "state"
    return base / "tdcli" / "da-ghi"


def _compared(target: Path) -> str:
    """The output's path as the system compares paths (case-blind on Windows)."""
    return os.path.normcase(str(target.resolve()))


def _record_file(target: Path) -> Path:
    """One record per output path, so that workers writing beside each other never write the
    same record."""
    key = hashlib.sha256(_compared(target).encode("utf-8", "surrogatepass")).hexdigest()
    return records_folder() / key[:2] / f"{key}.json"


def _recorded(target: Path) -> str | None:
    """The sha256 tdcli recorded writing at `target`; None without a readable record."""
    try:
        place = _record_file(target)
        if place.stat().st_size > _RECORD_MOST:
            return None
        data = json.loads(place.read_text(encoding="utf-8"))
    except (OSError, RuntimeError, ValueError):  # RuntimeError: no home folder, or too deep
        return None
    if not isinstance(data, dict) or data.get("path") != _compared(target):
        return None
    digest = data.get("sha256")
    return digest if isinstance(digest, str) else None
