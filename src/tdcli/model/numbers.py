"""Reading numbers the way Vietnamese officers write them.

`2.800.000.000`, `1.000` (one thousand, never 1.0), `2,8 tỷ`, `850 triệu`, `1,5 triệu đồng`,
`3 050`. The dot groups thousands and the comma marks decimals; words scale the number.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

__all__ = ["NumberFormatError", "parse_vn_number"]


class NumberFormatError(ValueError):
    """A text that cannot be read as a number; `code` is the issue code to report."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(text)
        self.code = code
        self.text = text


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
_CURRENCY = ("đồng", "đ", "vnđ", "vnd", "dong")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_NUMBER = re.compile(r"^[+-]?\d[\d.,]*$")
_GROUP3 = re.compile(r"^\d{1,3}(?:[.]\d{3})+$")
_GROUP3_COMMA = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_SPACE_GROUPS = re.compile(r"^([+-]?\d{1,3})((?: \d{3})+)((?:[.,]\d+)?)$")


def _strip_words(text: str) -> tuple[str, int]:
    """Remove a trailing currency word and a scale word; return the rest and the scale."""
    lowered = text.lower()
    for word in _CURRENCY:
        if lowered.endswith(word) and (
            len(lowered) == len(word) or not lowered[-len(word) - 1].isalpha()
        ):
            lowered = lowered[: -len(word)].rstrip(" .")
            break
    scale = 1
    for word, factor in _SCALES.items():
        if lowered.endswith(word) and (
            len(lowered) == len(word) or not lowered[-len(word) - 1].isalpha()
        ):
            lowered = lowered[: -len(word)].rstrip()
            scale = factor
            break
    return lowered.strip(), scale


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


def parse_vn_number(text: str) -> Decimal:
    """Read a number as a Vietnamese writer meant it.

    Raises `NumberFormatError` with code `not-a-number` or `ambiguous-number`.
    """
    cleaned = unicodedata.normalize("NFC", text).strip().replace("\u2212", "-")
    if not cleaned:
        raise NumberFormatError("not-a-number", text)
    body, scale = _strip_words(cleaned)
    body = _SPACES.sub(" ", body).strip()
    spaced = _SPACE_GROUPS.match(body)
    if spaced:
        body = spaced.group(1) + spaced.group(2).replace(" ", "") + spaced.group(3)
    body = body.replace(" ", "") if re.fullmatch(r"[+-] \d.*", body) else body
    if not _NUMBER.match(body) or body.endswith((".", ",")):
        raise NumberFormatError("not-a-number", text)
    if sum(char.isdigit() for char in body.lstrip("+-0.,")) > _MAX_DIGITS:
        raise NumberFormatError("number-too-large", text)
    try:
        value = _digits(body, has_scale=scale != 1)
    except InvalidOperation:
        raise NumberFormatError("not-a-number", text) from None
    except NumberFormatError as error:
        raise NumberFormatError(error.code, text) from None
    return value * scale
