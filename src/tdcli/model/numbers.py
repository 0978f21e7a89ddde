"""Reading numbers the way Vietnamese officers write them.

`2.800.000.000`, `1.000` (one thousand, never 1.0), `2,8 tỷ`, `850 triệu`, `1,5 triệu đồng`,
`3 050`, `12 cuộc`. The dot groups thousands and the comma marks decimals; a scale word
(`nghìn`, `triệu`, `tỷ`) multiplies the number; a unit word after it (`đồng`, or the field's
own unit, `cuộc`, `lượt người`) is read only when the reader is told the field takes it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import cache

__all__ = ["CURRENCY_WORDS", "NumberFormatError", "parse_vn_number", "unit_key"]


class NumberFormatError(ValueError):
    """A text that cannot be read as a number; `code` is the issue code to report.

    When the number itself reads but a word after it is no unit the reader was told of,
    `word` is that word (as `unit_key` gives it) and `number` the text before it, scale word
    included (`12` of `12 lớp`, `1,2 nghìn` of `1,2 nghìn lớp`).
    """

    def __init__(self, code: str, text: str, *, word: str = "", number: str = "") -> None:
        super().__init__(text)
        self.code = code
        self.text = text
        self.word = word
        self.number = number


_SCALES: dict[str, int] = {
    "nghìn": 10**3,
    "nghin": 10**3,
    "ngàn": 10**3,
    "ngan": 10**3,
    "triệu": 10**6,
    "trieu": 10**6,
    "tr": 10**6,
    "tỷ": 10**9,
    "tỉ": 10**9,
    "ty": 10**9,
    "ti": 10**9,
}
CURRENCY_WORDS = ("đồng", "đ", "vnđ", "vnd", "dong")
"""The words of money after an amount; a reader told no units takes these."""
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_NUMBER = re.compile(r"^[+-]?\d[\d.,]*$")
_GROUP3 = re.compile(r"^\d{1,3}(?:[.]\d{3})+$")
_GROUP3_COMMA = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_SPACE_GROUPS = re.compile(r"^([+-]?\d{1,3})((?: \d{3})+)((?:[.,]\d+)?)$")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")


def _then_words(text: str) -> tuple[str, str] | None:
    """A number and the words after it, from their first letter on (`2,8` and `tỷ đồng`, `12`
    and `cuộc`), or None when no word follows the last digit; in one pass, however long."""
    last = -1
    for found in _DIGIT.finditer(text):
        last = found.start()
    if last < 0:
        return None
    end = last + 1
    while end < len(text) and text[end] in ".,":
        end += 1
    words = text[end:].lstrip()
    if not words or not _LETTER.match(words):
        return None
    return text[:end], words


def unit_key(word: str) -> str:
    """How a unit word is compared: after NFC, in lower case, with one space between words
    and one after a comma, without a final dot, and without diacritics, so that `Lượt  người.`,
    `lượt người` and `luot nguoi` are one word, as `dong` is `đồng`."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", word).casefold())
    text = re.sub(r" ?, ?", ", ", text).strip(" .")
    bare = unicodedata.normalize("NFD", text.replace("đ", "d"))
    return "".join(char for char in bare if not unicodedata.combining(char))


@cache
def _unit_keys(units: tuple[str, ...]) -> frozenset[str]:
    return frozenset(unit_key(word) for word in units)


def _scale_and_unit(words: str, units: frozenset[str]) -> tuple[str, int, str]:
    """The scale word, its factor and the unit word of what follows a number.

    The unit is empty when it is one of `units` (or absent); otherwise it is the word that
    could not be read, after the scale word when there is one (`lớp` of `nghìn lớp`).
    """
    lowered = _SPACES.sub(" ", unicodedata.normalize("NFC", words).casefold()).strip(" .,;")
    options = [("", 1, lowered)]
    for scale, factor in _SCALES.items():
        rest = lowered.removeprefix(scale)
        # `tr` of `trường hợp` is no scale: a scale word ends where a space or a unit begins
        if rest != lowered and (rest[:1] in ("", " ") or unit_key(rest) in units):
            options.append((scale, factor, rest.strip()))
    for scale, factor, rest in options:
        if not rest or unit_key(rest) in units:
            return scale, factor, ""
    return options[-1]


def _digits(body: str, has_scale: bool) -> Decimal:
    sign = ""
    if body[:1] in "+-":
        sign, body = body[:1].replace("+", ""), body[1:]
    if "." in body and "," in body:
        decimal_sep = "," if body.rfind(",") > body.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        whole, _, fraction = body.rpartition(decimal_sep)
        grouped = _GROUP3 if group_sep == "." else _GROUP3_COMMA
        if decimal_sep in whole or not (grouped.match(whole) or whole.isdigit()):
            raise NumberFormatError("not-a-number", body)
        return Decimal(sign + whole.replace(group_sep, "") + "." + fraction)
    if "." in body:
        if _GROUP3.match(body):
            return Decimal(sign + body.replace(".", ""))
        if body.count(".") == 1:
            return Decimal(sign + body)
        raise NumberFormatError("not-a-number", body)
    if "," in body:
        if body.count(",") > 1:
            if _GROUP3_COMMA.match(body):
                return Decimal(sign + body.replace(",", ""))
            raise NumberFormatError("not-a-number", body)
        whole, _, fraction = body.partition(",")
        if len(fraction) == 3 and not has_scale:
            # "1,000" is one in Vietnamese and a thousand in English: never guess.
            raise NumberFormatError("ambiguous-number", body)
        return Decimal(sign + whole + "." + fraction)
    return Decimal(sign + body)


_MAX_DIGITS = 40
"""More digits than any figure could have (the models refuse 10^18 and above); read no
further, and never let a million digits reach the decimal context."""


def parse_vn_number(text: str, units: Iterable[str] | None = None) -> Decimal:
    """Read a number as a Vietnamese writer meant it.

    `units` are the words the number may be followed by (a field's unit, `cuộc`, `lượt
    người`), compared as `unit_key` gives them; without them, the words of money
    (`CURRENCY_WORDS`). A scale word may come before the unit: `1,2 nghìn lượt người`.

    Raises `NumberFormatError` with code `not-a-number` (with its `word` when a readable
    number is followed by a word it does not take), `ambiguous-number` or `number-too-large`.
    """
    accepted = _unit_keys(CURRENCY_WORDS if units is None else tuple(units))
    cleaned = unicodedata.normalize("NFC", text).strip().replace("\u2212", "-")
    if not cleaned.isprintable():  # a zero-width space pasted in, which nobody sees
        cleaned = "".join(char for char in cleaned if unicodedata.category(char) != "Cf")
    if not cleaned:
        raise NumberFormatError("not-a-number", text)
    split = _then_words(cleaned)
    typed, words = split if split else (cleaned, "")
    scale, factor, unread = _scale_and_unit(words, accepted)
    body = _SPACES.sub(" ", typed).strip()
    spaced = _SPACE_GROUPS.match(body)
    if spaced:
        body = spaced.group(1) + spaced.group(2).replace(" ", "") + spaced.group(3)
    body = body.replace(" ", "") if re.fullmatch(r"[+-] \d.*", body) else body
    if not _NUMBER.match(body) or body.endswith((".", ",")):
        raise NumberFormatError("not-a-number", text)
    if sum(char.isdigit() for char in body.lstrip("+-0.,")) > _MAX_DIGITS:
        raise NumberFormatError("number-too-large", text)
    try:
        value = _digits(body, has_scale=factor != 1)
    except InvalidOperation:
        raise NumberFormatError("not-a-number", text) from None
    except NumberFormatError as error:
        raise NumberFormatError(error.code, text) from None
    if unread:
        number = f"{_SPACES.sub(' ', typed).strip()} {scale}".strip()
        raise NumberFormatError("not-a-number", text, word=unit_key(unread), number=number)
    return value * factor
