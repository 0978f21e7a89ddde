"""How wide a line of text is in the documents' face, Times New Roman, without a font file.

The widths are Adobe's core metrics of Times Roman and Times Bold (thousandths of an em),
which Times New Roman and its metric twin Liberation Serif share for Latin letters; a letter
with Vietnamese marks is as wide as its base letter, except Ơ and Ư, whose horn adds to it.
Good to a few per cent: enough to know whether a name fits its column and how long a rule
under it should be, which is all tdcli asks of it.
"""

from __future__ import annotations

import unicodedata
from functools import cache

__all__ = ["MM_PER_POINT", "text_width_mm"]

MM_PER_POINT = 25.4 / 72

_ASCII = "".join(chr(code) for code in range(32, 127))
_ROMAN = (
    # space ! " # $ % & ' ( ) * + , - . /
    "250 333 408 500 500 833 778 333 333 333 500 564 250 333 250 278 "
    # 0-9
    "500 500 500 500 500 500 500 500 500 500 "
    # : ; < = > ? @
    "278 278 564 564 564 444 921 "
    # A-Z
    "722 667 667 722 611 556 722 722 333 389 722 611 889 722 722 556 722 667 556 611 722 722 944 "
    "722 722 611 "
    # [ \ ] ^ _ `
    "333 278 333 469 500 333 "
    # a-z
    "444 500 444 500 444 333 500 500 278 278 500 278 778 500 500 500 500 333 389 278 500 500 722 "
    "500 500 444 "
    # { | } ~
    "480 200 480 541"
)
_BOLD = (
    "250 333 555 500 500 1000 833 333 333 333 500 570 250 333 250 278 "
    "500 500 500 500 500 500 500 500 500 500 "
    "333 333 570 570 570 500 930 "
    "722 667 722 722 667 611 778 778 389 500 778 667 944 722 778 611 778 722 556 667 722 722 1000 "
    "722 722 667 "
    "333 278 333 581 500 333 "
    "500 556 444 556 444 333 500 556 278 333 556 278 833 556 500 556 556 444 389 333 556 500 722 "
    "500 500 444 "
    "394 220 394 520"
)
_OTHER = 556
"""A character outside the table (a dash, a quotation mark, a letter of another script)."""
_HORN = 30
"""What the horn of Ơ, ơ, Ư, ư adds to O, o, U, u."""
_SPECIAL = {"Đ": "D", "đ": "d", "–": "-", "—": "-", "“": '"', "”": '"', "‘": "'", "’": "'"}


def _table(widths: str) -> dict[str, int]:
    values = [int(value) for value in widths.split()]
    assert len(values) == len(_ASCII)
    return dict(zip(_ASCII, values, strict=True))


_WIDTHS = {False: _table(_ROMAN), True: _table(_BOLD)}


@cache
def _character(character: str, bold: bool) -> int:
    widths = _WIDTHS[bold]
    if character in widths:
        return widths[character]
    decomposed = unicodedata.normalize("NFD", _SPECIAL.get(character, character))
    base = decomposed[:1]
    if base not in widths:
        return _OTHER
    horn = _HORN if "\u031b" in decomposed else 0
    return widths[base] + horn


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The width of `text` on one line at `size_pt` points, in millimetres."""
    units = sum(_character(character, bold) for character in unicodedata.normalize("NFC", text))
    return units / 1000 * size_pt * MM_PER_POINT
