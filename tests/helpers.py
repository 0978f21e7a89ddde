"""Helpers shared by the tests."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


def issue_pairs(output: str) -> list[tuple[str, int | None]]:
    """(code, line) of each issue in a `--format json` output."""
    data = json.loads(output)
    return [(item["code"], item["location"]["line"]) for item in data["issues"]]


def fixture_text(name: str) -> str:
    return (FIXTURES / "submissions" / name).read_text(encoding="utf-8")


def put(folder: Path, relative: str, content: str | bytes) -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="\n")
    return path


def codes(pairs: Sequence[tuple[str, int | None]]) -> set[str]:
    return {code for code, _ in pairs}
