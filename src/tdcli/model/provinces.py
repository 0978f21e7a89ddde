"""Vietnam's provincial units: the 63 in force until 30/6/2025 and the 34 from 01/7/2025.

The data ships with the package (`data/provinces.json`). A unit has a stable code, its name,
spelling variants users type, the dates it existed and, for the units formed on 01/7/2025, the
units it absorbed. Names match after NFC normalisation ignoring case, diacritics, the
"tỉnh"/"thành phố"/"TP." prefixes, dashes and the old/new tone-mark placement (Hoà/Hòa).
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

__all__ = ["Province", "ProvinceRegistry", "name_key", "registry"]

_PREFIXES = re.compile(r"^(?:tinh|thanh pho|tp\.?|t\.p\.?)\s*", re.IGNORECASE)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(char for char in decomposed if unicodedata.category(char) != "Mn")


def name_key(name: str) -> str:
    """The form two names are compared in: `Tỉnh Hoà Bình` and `hòa bình` give `hoabinh`."""
    text = _strip_marks(unicodedata.normalize("NFC", name)).lower().strip()
    text = re.sub(r"\s+", " ", text)
    text = _PREFIXES.sub("", text)
    return _NOT_ALNUM.sub("", text)


@dataclass(frozen=True, slots=True)
class Province:
    """One provincial-level unit (tỉnh or thành phố trực thuộc trung ương)."""

    code: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    since: date | None
    until: date | None
    predecessors: tuple[str, ...]

    @property
    def full_name(self) -> str:
        """`tỉnh Bắc Kạn`, `thành phố Hồ Chí Minh`."""
        return f"{self.kind} {self.name}"

    def existed_on(self, day: date) -> bool:
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )

    def existed_in(self, year: int) -> bool:
        return (self.since is None or self.since.year <= year) and (
            self.until is None or year <= self.until.year
        )


class ProvinceRegistry:
    """Look-ups over every unit, by code and by any spelling of its name."""

    def __init__(self, units: list[Province]) -> None:
        self.units = tuple(units)
        self._by_code = {unit.code: unit for unit in units}
        self._by_key: dict[str, list[Province]] = {}
        for unit in units:
            keys = {name_key(unit.name), *(name_key(alias) for alias in unit.aliases)}
            for key in keys:
                self._by_key.setdefault(key, []).append(unit)

    def get(self, code: str) -> Province:
        return self._by_code[code]

    def in_year(self, year: int) -> list[Province]:
        return [unit for unit in self.units if unit.existed_in(year)]

    def on(self, day: date) -> list[Province]:
        return [unit for unit in self.units if unit.existed_on(day)]

    def find(self, name: str, year: int | None = None) -> Province | None:
        """The unit called `name` in `year`; when two did (2025), the one in force at year end."""
        candidates = self._by_key.get(name_key(name), [])
        if year is not None:
            candidates = [unit for unit in candidates if unit.existed_in(year)]
        if not candidates:
            return None
        if year is None:
            return max(candidates, key=lambda unit: unit.since or date.min)
        year_end = date(year, 12, 31)
        current = [unit for unit in candidates if unit.existed_on(year_end)]
        return (current or candidates)[0]

    def suggest(self, name: str, year: int | None = None) -> list[str]:
        """Names of units close to `name` ("did you mean")."""
        pool = self.in_year(year) if year is not None else list(self.units)
        keys: dict[str, str] = {}
        for unit in pool:
            keys.setdefault(name_key(unit.name), unit.name)
            for alias in unit.aliases:
                keys.setdefault(name_key(alias), unit.name)
        close = difflib.get_close_matches(name_key(name), list(keys), n=3, cutoff=0.6)
        return list(dict.fromkeys(keys[key] for key in close))

    def merged_into(self, name: str, day: date) -> tuple[Province, Province] | None:
        """When `name` is a unit that no longer existed on `day` (merged in the 2025
        reorganisation): that unit and the one it is part of on `day`."""
        for old in self._by_key.get(name_key(name), []):
            if old.existed_on(day):
                return None
        for old in self._by_key.get(name_key(name), []):
            current = old
            for _ in range(len(self.units)):  # follow mergers until one exists on `day`
                after = [u for u in self.units if current.code in u.predecessors]
                if not after:
                    break
                current = after[0]
                if current.existed_on(day):
                    return old, current
        return None

    def predecessors(self, code: str) -> list[Province]:
        return [self.get(old) for old in self.get(code).predecessors]


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


@cache
def registry() -> ProvinceRegistry:
    """The bundled units (read once)."""
    text = resources.files("tdcli").joinpath("data/provinces.json").read_text(encoding="utf-8")
    raw = json.loads(text)
    units = [
        Province(
            code=item["code"],
            name=unicodedata.normalize("NFC", item["name"]),
            kind=item["kind"],
            aliases=tuple(item["aliases"]),
            since=_date(item["since"]),
            until=_date(item["until"]),
            predecessors=tuple(item["predecessors"]),
        )
        for item in raw["units"]
    ]
    return ProvinceRegistry(units)
