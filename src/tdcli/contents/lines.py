"""Names broken into lines by meaning where their column is too narrow for one line.

A header's parent body, a signer's title, a block of the signature grid: Word would wrap them
wherever the column ends ("BỘ NÔNG NGHIỆP VÀ MÔI / TRƯỜNG"); offices break them where the name
divides ("BỘ NÔNG NGHIỆP / VÀ MÔI TRƯỜNG"). The rules are data (`data/line-breaks.yaml`: names
as offices break them, words never split, the words a line breaks before), the provinces'
names are words never split too, and the widths are measured in the documents' face
(`model/typeset.py`). The lines are joined by "\\n", which a Word template prints as line breaks.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from tdcli.model.provinces import registry
from tdcli.model.typeset import text_width_mm

__all__ = ["BreakRules", "break_rules", "broken"]

MAX_WORDS = 60
"""Longer texts are left to the word processor: no name of a body is that long."""
SAFETY = 0.97
"""A line is given 97% of its column: Word and LibreOffice lay text out a hair apart."""
_LINE_COST = 3
"""An extra line costs more than a break before a joining word, less than a break anywhere."""
_BREAK_COST = {"start": 0, "join": 1, "other": 4}


@dataclass(frozen=True)
class BreakRules:
    """`data/line-breaks.yaml` read: keys are case-folded and single-spaced."""

    names: dict[str, tuple[str, ...]]
    words: frozenset[tuple[str, ...]]
    starts: frozenset[tuple[str, ...]]
    joins: frozenset[tuple[str, ...]]

    @property
    def longest_word(self) -> int:
        return max((len(word) for word in self.words), default=1)


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _syllables(text: str) -> tuple[str, ...]:
    return tuple(_key(text).split(" "))


@cache
def break_rules() -> BreakRules:
    """The shipped rules, with every province's name as a word never split."""
    from tdcli.read.yamlfile import parse_yaml

    resource = resources.files("tdcli").joinpath("data/line-breaks.yaml")
    document, issues = parse_yaml(resource.read_text(encoding="utf-8"), Path(resource.name))
    if document is None or issues or not isinstance(document.data, dict):
        raise RuntimeError("data/line-breaks.yaml is broken")
    data = document.data
    names = {
        _key(str(name)): tuple(" ".join(str(line).split()) for line in lines)
        for name, lines in (data.get("names") or {}).items()
    }
    words = {_syllables(str(word)) for word in data.get("words") or []}
    words |= {_syllables(unit.name) for unit in registry().units}
    return BreakRules(
        names=names,
        words=frozenset(word for word in words if len(word) > 1),
        starts=frozenset(_syllables(str(word)) for word in data.get("starts") or []),
        joins=frozenset(_syllables(str(word)) for word in data.get("joins") or []),
    )


def _units(words: list[str], rules: BreakRules) -> list[list[str]]:
    """The words grouped into what a line never splits (longest match first)."""
    folded = [word.casefold() for word in words]
    units: list[list[str]] = []
    index = 0
    while index < len(words):
        size = 1
        for length in range(min(rules.longest_word, len(words) - index), 1, -1):
            if tuple(folded[index : index + length]) in rules.words:
                size = length
                break
        units.append(words[index : index + size])
        index += size
    return units


def _break_cost(unit: list[str], rules: BreakRules) -> int:
    """What breaking the line before `unit` costs: nothing before a new part of the name."""
    folded = tuple(word.casefold() for word in unit)
    for kind, words in (("start", rules.starts), ("join", rules.joins)):
        if any(folded[: len(word)] == word for word in words):
            return _BREAK_COST[kind]
    return _BREAK_COST["other"]


def broken(text: str, width_mm: float, size_pt: float, *, bold: bool = False) -> str:
    """`text` on as few lines of `width_mm` as meaning allows, joined by "\\n": unchanged when it
    fits; as `data/line-breaks.yaml` writes it when it names it; else broken before the parts of
    the name, never inside a word, the lines as even as they can be."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    room = width_mm * SAFETY

    def width(line: str) -> float:
        return text_width_mm(line, size_pt, bold=bold)

    if not text or width(text) <= room:
        return text
    rules = break_rules()
    words = text.split(" ")
    known = rules.names.get(_key(text))
    if known is not None:  # its lines in the text's own letters
        lines, start = [], 0
        for line in known:
            end = start + len(line.split(" "))
            lines.append(" ".join(words[start:end]))
            start = end
        if all(width(line) <= room for line in lines):
            return "\n".join(lines)
    if len(words) > MAX_WORDS:
        return text
    units = _units(words, rules)
    count = len(units)
    # best[i]: the cheapest way to set units[i:], as (overflow, cost, raggedness, next break).
    best: list[tuple[float, float, float, int]] = [(0.0, 0.0, 0.0, count)] * (count + 1)
    for start in range(count - 1, -1, -1):
        options = []
        for end in range(start + 1, count + 1):
            line = " ".join(" ".join(unit) for unit in units[start:end])
            over = width(line) - room
            if over > 0 and end > start + 1:
                break  # longer lines only overflow more
            rest = best[end]
            cost = _LINE_COST + (_break_cost(units[end], rules) if end < count else 0)
            slack = max(-over, 0.0) ** 2
            options.append((max(over, 0.0) + rest[0], cost + rest[1], slack + rest[2], end))
        best[start] = min(options)
    lines, start = [], 0
    while start < count:
        end = best[start][3]
        lines.append(" ".join(" ".join(unit) for unit in units[start:end]))
        start = end
    return "\n".join(lines)
