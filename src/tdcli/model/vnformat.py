"""Vietnamese number, money, date and name formatting for official documents.

Every function takes the value as its first argument and returns a `str` (except
`percent_change`, `vn_sort_key` and `vn_sorted`), so each can be registered as a Jinja
filter. No I/O; only the standard library.

Conventions (Nghị định 30/2020/NĐ-CP and common administrative practice):

* Numbers: the dot groups thousands and the comma marks decimals: ``1.234.567``,
  ``1.234,5``. Years are never grouped (``2022``, not ``2.022``). A rounded zero never
  carries a sign (``0``, not ``-0``).
* Rounding is half up, i.e. ties go away from zero (Decimal's ``ROUND_HALF_UP``):
  ``12,25 -> 12,3``, ``0,05 -> 0,1``, ``-2,5 -> -3``; never banker's rounding. Floats are
  read through ``str()`` first, so ``0.05`` is the decimal 0,05 and not the binary number
  just below it. Rounding is done on exact integer ratios, so it is exact at any magnitude.
* Percentages: one decimal, no space before the sign: ``12,5%``, ``3,0%``.
* Money in running text is scaled to ``tỷ đồng`` (at most 2 decimals) or ``triệu đồng``
  (at most 1 decimal), trailing zeros removed; the unit is chosen *after* rounding, so
  999.960.000 đồng is ``1 tỷ đồng``, not ``1.000 triệu đồng``. Below one million the
  amount is written in full: ``500.000 đồng``. A table shows a figure in the unit the
  catalogue gives its column (money in "triệu đồng") with `format_in_units`.
* Dates: the day is zero-padded below 10, the month only for January and February
  (``ngày 05 tháng 01 năm 2022``, ``ngày 02 tháng 3 năm 2022``, ``02/3/2022``).
* Names sort in Vietnamese alphabetical order (CLDR ``vi``): a ă â b c d đ e ê g h i k l
  m n o ô ơ p q r s t u ư v x y (f j w z where ASCII puts them, digits before letters,
  spaces before everything), case-insensitively; tone marks only break ties between
  equal base letters, in the order: none, huyền, hỏi, ngã, sắc, nặng.
* Numbers in words follow the usual written reading: ``nghìn`` (not ``ngàn``), ``linh``
  (not ``lẻ``), ``mốt``/``tư``/``lăm`` after ``mươi``, ``lăm`` after ``mười``; every group
  after the first non-empty one is read in full (``không trăm``, ``không trăm linh``) and
  empty groups are skipped (1.000.005 is ``một triệu không trăm linh năm``); ``tỷ`` repeats
  for larger numbers (10^18 is ``một tỷ tỷ``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal, localcontext
from typing import Any, TypeAlias, TypeVar, overload

__all__ = [
    "amount_in_words",
    "change_phrase",
    "date_long",
    "date_short",
    "format_decimal",
    "format_in_units",
    "format_int",
    "format_percent",
    "money_millions",
    "money_text",
    "number_in_words",
    "parse_date",
    "percent_change",
    "place_date",
    "vn_sort_key",
    "vn_sorted",
]

T = TypeVar("T")

Number: TypeAlias = int | Decimal | float
SortKey: TypeAlias = tuple[
    tuple[tuple[int, int, str], ...], tuple[int, ...], tuple[int, ...], str, str
]

_MILLION = 10**6
_BILLION = 10**9


# --------------------------------------------------------------------------- numbers


def _to_decimal(value: object) -> Decimal:
    """A finite Decimal for an int, Decimal or float (floats through `str`)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise TypeError(f"expected a number, got {type(value).__name__}: {value!r}")
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"cannot format a non-finite number: {value!r}")
    return number


def _require_int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}: {value!r}")
    return value


def _round_ratio(numerator: int, denominator: int) -> int:
    """`numerator / denominator` rounded half up (ties away from zero) to an int."""
    if denominator == 0:
        raise ZeroDivisionError("denominator is zero")
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    magnitude = (2 * abs(numerator) + denominator) // (2 * denominator)
    return -magnitude if numerator < 0 else magnitude


def _scaled_half_up(value: Decimal, digits: int) -> int:
    """`value * 10**digits` rounded half up to an int: the digits of
    ``value.quantize(Decimal(10) ** -digits, ROUND_HALF_UP)``, without context limits."""
    numerator, denominator = value.as_integer_ratio()
    if digits >= 0:
        return _round_ratio(numerator * 10**digits, denominator)
    return _round_ratio(numerator, denominator * 10**-digits)


def _group(digits: str) -> str:
    """Dot-group a string of ASCII digits: ``1234567 -> 1.234.567``."""
    return f"{int(digits):,}".replace(",", ".")


def _format_scaled(scaled: int, places: int, *, trim: bool) -> str:
    """Write the integer `scaled` as ``scaled / 10**places`` in Vietnamese notation."""
    sign = "-" if scaled < 0 else ""
    text = str(abs(scaled)).rjust(places + 1, "0")
    whole, fraction = (text[:-places], text[-places:]) if places else (text, "")
    if trim:
        fraction = fraction.rstrip("0")
    return sign + _group(whole) + ("," + fraction if fraction else "")


def format_int(value: Number) -> str:
    """Round half up to an integer and group with dots: ``1234567 -> "1.234.567"``."""
    return _format_scaled(_scaled_half_up(_to_decimal(value), 0), 0, trim=False)


def format_decimal(value: Number, digits: int = 1, *, trim: bool = True) -> str:
    """Round half up to `digits` decimals: ``1234.56 -> "1.234,6"``.

    With `trim` (the default) trailing zeros and a dangling comma are dropped
    (``2.0 -> "2"``); with ``trim=False`` exactly `digits` decimals are written.
    """
    digits = _require_int(digits, "digits")
    if digits < 0:
        raise ValueError(f"digits must be >= 0, got {digits}")
    return _format_scaled(_scaled_half_up(_to_decimal(value), digits), digits, trim=trim)


def format_percent(value: Number, digits: int = 1, *, trim: bool = False) -> str:
    """A percentage with `digits` decimals kept by default: ``3 -> "3,0%"``."""
    return format_decimal(value, digits, trim=trim) + "%"


def percent_change(current: int, previous: int) -> Decimal | None:
    """``(current - previous) / previous * 100``, unrounded; None when `previous` is 0.

    The quotient is exact whenever it terminates; otherwise it carries at least 28
    significant digits.
    """
    current = _require_int(current, "current")
    previous = _require_int(previous, "previous")
    if previous == 0:
        return None
    numerator = (current - previous) * 100
    precision = 28 + len(str(abs(numerator))) + len(str(abs(previous)))
    with localcontext() as context:
        context.prec = precision
        return Decimal(numerator) / Decimal(previous)


# ----------------------------------------------------------------------------- money


def money_text(amount_vnd: int) -> str:
    """Money in running text: ``2,8 tỷ đồng``, ``121,5 triệu đồng``, ``500.000 đồng``."""
    amount = _require_int(amount_vnd, "amount_vnd")
    sign = "-" if amount < 0 else ""
    magnitude = abs(amount)
    tenths_of_million = _round_ratio(magnitude, _MILLION // 10)
    if magnitude >= _BILLION or tenths_of_million >= 10_000:
        hundredths = _round_ratio(magnitude, _BILLION // 100)
        return f"{sign}{_format_scaled(hundredths, 2, trim=True)} tỷ đồng"
    if magnitude >= _MILLION:
        return f"{sign}{_format_scaled(tenths_of_million, 1, trim=True)} triệu đồng"
    return f"{sign}{_group(str(magnitude))} đồng"


def money_millions(amount_vnd: int) -> str:
    """Money in a column headed "triệu đồng": one decimal, half up, trimmed: ``"121,5"``."""
    return format_in_units(amount_vnd, _MILLION)


def format_in_units(value: int, divisor: int) -> str:
    """A stored whole number shown in units of `divisor` (1: as it is; 10^6: in millions, one
    decimal, half up, trimmed)."""
    amount = _require_int(value, "value")
    if divisor == 1:
        return format_int(amount)
    return _format_scaled(_round_ratio(amount * 10, divisor), 1, trim=True)


# ----------------------------------------------------------------------------- dates


def _require_date(value: object) -> date:
    if not isinstance(value, date):
        raise TypeError(f"expected a date, got {type(value).__name__}: {value!r}")
    return value


def _day_month(value: date) -> tuple[str, str]:
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"{value.day:02d}", month


def date_long(value: date) -> str:
    """``ngày 05 tháng 01 năm 2022``; the month is padded only for January and February."""
    day, month = _day_month(_require_date(value))
    return f"ngày {day} tháng {month} năm {value.year}"


def date_short(value: date) -> str:
    """``05/01/2022``, ``02/3/2022``: same padding as `date_long`."""
    day, month = _day_month(_require_date(value))
    return f"{day}/{month}/{value.year}"


_DAY_FIRST = re.compile(r"(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})")


def parse_date(text: str) -> date:
    """A date as an officer types it: `20/01/2026`, `20-01-2026`, `20.1.2026`, or
    `2026-01-20`. Raises `ValueError` for anything else or a day that does not exist."""
    cleaned = text.strip()
    match = _DAY_FIRST.fullmatch(cleaned)
    if match:
        day, _, month, year = match.groups()
        return date(int(year), int(month), int(day))
    return date.fromisoformat(cleaned)


def place_date(place: str, value: date) -> str:
    """The place-and-date line of a document: ``Lạng Sơn, ngày 05 tháng 01 năm 2022``."""
    return f"{place.strip()}, {date_long(value)}"


# --------------------------------------------------------------------------- sorting

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"  # one precomposed character each
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# huyền, hỏi, ngã, sắc, nặng (no mark is 0)
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

_SPACE, _PUNCTUATION, _DIGIT, _LETTER, _OTHER = range(5)


def _clusters(text: str) -> list[str]:
    """Split a decomposed text into base characters with their combining marks."""
    clusters: list[str] = []
    for char in text:
        if clusters and unicodedata.combining(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _weights(cluster: str) -> tuple[tuple[int, int, str], int]:
    """(primary weight, tone weight) of one decomposed, case-folded cluster."""
    base, marks = cluster[0], cluster[1:]
    tone = next((_TONE_RANK[mark] for mark in marks if mark in _TONE_RANK), 0)
    rest = base + "".join(mark for mark in marks if mark not in _TONE_RANK)
    letter = unicodedata.normalize("NFC", rest)
    if letter in _LETTER_RANK:
        return (_LETTER, _LETTER_RANK[letter], ""), tone
    if base in _LETTER_RANK:  # a Latin letter with a non-Vietnamese mark: after the letter
        return (_LETTER, _LETTER_RANK[base], rest[1:]), tone
    if base.isspace():
        return (_SPACE, 0, ""), tone
    if "0" <= base <= "9":
        return (_DIGIT, ord(base), rest[1:]), tone
    if base.isalpha():
        return (_OTHER, ord(base), rest[1:]), tone
    return (_PUNCTUATION, ord(base), rest[1:]), tone


def vn_sort_key(text: str) -> SortKey:
    """A key that orders strings in Vietnamese alphabetical order.

    Levels, compared in turn: base letters (case-insensitive, tone marks ignored), tone
    marks, case (lower before upper), then the text itself so that the key is a total
    order on distinct strings.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected a str, got {type(text).__name__}: {text!r}")
    composed = unicodedata.normalize("NFC", text)
    folded = unicodedata.normalize("NFD", composed.casefold())
    primary: list[tuple[int, int, str]] = []
    secondary: list[int] = []
    for cluster in _clusters(folded):
        weight, tone = _weights(cluster)
        primary.append(weight)
        secondary.append(tone)
    tertiary = tuple(1 if char != char.casefold() else 0 for char in composed)
    return tuple(primary), tuple(secondary), tertiary, composed, text


@overload
def vn_sorted(items: Iterable[str], key: None = None) -> list[str]: ...
@overload
def vn_sorted(items: Iterable[T], key: Callable[[T], str]) -> list[T]: ...
def vn_sorted(items: Iterable[Any], key: Callable[[Any], str] | None = None) -> list[Any]:
    """Sort `items` in Vietnamese alphabetical order (of ``key(item)`` if given)."""
    if key is None:
        return sorted(items, key=vn_sort_key)
    extract = key
    return sorted(items, key=lambda item: vn_sort_key(extract(item)))


# ----------------------------------------------------------------------------- words

_DIGIT_WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_VN_NUMBER = re.compile(r"([+-]?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?")


def _group_words(value: int, *, full: bool) -> list[str]:
    """Words for 1..999; `full` reads the hundreds and "linh" even when they are zero."""
    hundreds, rest = divmod(value, 100)
    tens, ones = divmod(rest, 10)
    words: list[str] = []
    if full or hundreds:
        words += [_DIGIT_WORDS[hundreds], "trăm"]
    if tens == 0:
        if ones and words:
            words += ["linh", _DIGIT_WORDS[ones]]
        elif ones:
            words.append(_DIGIT_WORDS[ones])
    elif tens == 1:
        words.append("mười")
        if ones:
            words.append("lăm" if ones == 5 else _DIGIT_WORDS[ones])
    else:
        words += [_DIGIT_WORDS[tens], "mươi"]
        if ones:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(ones, _DIGIT_WORDS[ones]))
    return words


def _int_words(value: int, *, leading: bool) -> list[str]:
    """Words for a non-negative int; [] for 0. `leading`: nothing has been read before."""
    if value >= _BILLION:
        high, low = divmod(value, _BILLION)
        return [*_int_words(high, leading=leading), "tỷ", *_int_words(low, leading=False)]
    words: list[str] = []
    for group, scale in ((value // _MILLION, "triệu"), (value // 1000 % 1000, "nghìn")):
        if group:
            words += [*_group_words(group, full=not leading), scale]
            leading = False
    if value % 1000:
        words += _group_words(value % 1000, full=not leading)
    return words


def _words_decimal(value: object) -> Decimal:
    if isinstance(value, str):
        match = _VN_NUMBER.fullmatch(value.strip())
        if match is None:
            raise ValueError(
                f"not a number in Vietnamese notation (dot groups, comma decimals): {value!r}"
            )
        sign, whole, fraction = match.groups()
        return Decimal(sign + whole.replace(".", "") + ("." + fraction if fraction else ""))
    if isinstance(value, float):
        raise TypeError(f"expected an int, Decimal or str, got float: {value!r}")
    return _to_decimal(value)


def number_in_words(value: int | Decimal | str) -> str:
    """A number in Vietnamese words: ``1005 -> "một nghìn không trăm linh năm"``.

    Negative numbers start with "âm"; decimals read the fractional digits one by one after
    "phẩy" (``Decimal("3.05") -> "ba phẩy không năm"``; trailing zeros are not read).
    Strings are read in Vietnamese notation: ``"1.234,5"``; ``"2.5"`` is rejected.
    """
    number = _words_decimal(value)
    text = format(number, "f")
    negative = text.startswith("-")
    whole, _, fraction = text.lstrip("-").partition(".")
    fraction = fraction.rstrip("0")
    words = _int_words(int(whole), leading=True) or ["không"]
    if fraction:
        words += ["phẩy", *(_DIGIT_WORDS[int(digit)] for digit in fraction)]
    if negative and (int(whole) or fraction):
        words.insert(0, "âm")
    return " ".join(words)


def amount_in_words(value: int | Decimal, unit: str = "đồng", *, capitalize: bool = False) -> str:
    """An amount in words followed by `unit`: ``"hai tỷ tám trăm triệu đồng"``.

    `capitalize` upper-cases only the first letter (for "Bằng chữ: ..." lines).
    """
    words = number_in_words(value)
    unit = unit.strip()
    text = f"{words} {unit}" if unit else words
    return text[:1].upper() + text[1:] if capitalize else text


# ------------------------------------------------------------------------ comparison


def change_phrase(current: int, previous: int | None, comparison: str) -> str:
    """The comparison clause of a report sentence.

    ``(9, 8, "cùng kỳ năm 2021") -> "tăng 12,5% so với cùng kỳ năm 2021"``. Empty when
    there is no previous value; "bằng ..." when equal; the absolute increase (or decrease)
    when the previous value is 0; "tăng/giảm không đáng kể" when the change rounds to
    0,0%. The percentage is relative to ``abs(previous)`` and the direction is that of
    ``current - previous``.
    """
    current = _require_int(current, "current")
    if previous is None:
        return ""
    previous = _require_int(previous, "previous")
    comparison = comparison.strip()
    difference = current - previous
    if difference == 0:
        return f"bằng {comparison}"
    verb = "tăng" if difference > 0 else "giảm"
    if previous == 0:
        return f"{verb} {format_int(abs(difference))} so với {comparison}"
    tenths = _round_ratio(abs(difference) * 1000, abs(previous))
    if tenths == 0:
        return f"{verb} không đáng kể so với {comparison}"
    percent = _format_scaled(tenths, 1, trim=False)  # == format_percent(tenths / 10)
    return f"{verb} {percent}% so với {comparison}"
