from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tdcli.model import vnformat
from tdcli.model.vnformat import (
    amount_in_words,
    change_phrase,
    date_long,
    date_short,
    format_decimal,
    format_int,
    format_percent,
    money_millions,
    money_text,
    number_in_words,
    parse_date,
    percent_change,
    place_date,
    vn_sort_key,
    vn_sorted,
)

# ------------------------------------------------------------------------- helpers

_DIGITS = {
    "không": 0,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}
_ONES_AFTER_TENS = {**_DIGITS, "mốt": 1, "tư": 4, "lăm": 5}
_VOCABULARY = {*_DIGITS, "mốt", "tư", "lăm", "mười", "mươi", "trăm", "linh", "nghìn"}
_VOCABULARY |= {"triệu", "tỷ"}


def _group_value(tokens: Sequence[str]) -> int:
    """Read 1..999 written in words (an independent reader for round trips)."""
    value, i = 0, 0
    if len(tokens) >= 2 and tokens[1] == "trăm":
        value, i = _DIGITS[tokens[0]] * 100, 2
    rest = list(tokens[i:])
    if not rest:
        return value
    if rest[0] == "linh":
        assert len(rest) == 2, tokens
        return value + _DIGITS[rest[1]]
    if rest[0] == "mười":
        assert len(rest) <= 2, tokens
        return value + 10 + (_ONES_AFTER_TENS[rest[1]] if len(rest) == 2 else 0)
    if len(rest) >= 2 and rest[1] == "mươi":
        assert len(rest) <= 3, tokens
        return value + _DIGITS[rest[0]] * 10 + (_ONES_AFTER_TENS[rest[2]] if len(rest) == 3 else 0)
    assert len(rest) == 1 and value == 0, tokens
    return _DIGITS[rest[0]]


def _words_to_int(text: str) -> int:
    tokens = text.split(" ")
    if "tỷ" in tokens:
        cut = len(tokens) - 1 - tokens[::-1].index("tỷ")
        high = _words_to_int(" ".join(tokens[:cut]))
        return high * 10**9 + (
            _words_to_int(" ".join(tokens[cut + 1 :])) if tokens[cut + 1 :] else 0
        )
    total = 0
    group: list[str] = []
    for token in tokens:
        if token in ("triệu", "nghìn"):
            total += _group_value(group) * (10**6 if token == "triệu" else 10**3)
            group = []
        else:
            group.append(token)
    return total + (_group_value(group) if group else 0)


# ------------------------------------------------------------------------ format_int

FORMAT_INT = [
    pytest.param(3050, "3.050", id="3050"),
    pytest.param(1234567, "1.234.567", id="million"),
    pytest.param(-3050, "-3.050", id="negative"),
    pytest.param(0, "0", id="zero"),
    pytest.param(999, "999", id="999"),
    pytest.param(1000, "1.000", id="1000"),
    pytest.param(-999_999, "-999.999", id="negative-six-digits"),
    pytest.param(10**21, "1.000.000.000.000.000.000.000", id="huge"),
    pytest.param(2.5, "3", id="float-half-up"),
    pytest.param(-2.5, "-3", id="negative-half-away-from-zero"),
    pytest.param(0.5, "1", id="half-not-bankers"),
    pytest.param(1.5, "2", id="one-and-half"),
    pytest.param(2.4999, "2", id="below-half"),
    pytest.param(-0.4, "0", id="negative-rounds-to-unsigned-zero"),
    pytest.param(Decimal("1234.5"), "1.235", id="decimal-half"),
    pytest.param(Decimal("1E+3"), "1.000", id="decimal-exponent"),
    pytest.param(Decimal("-0"), "0", id="decimal-negative-zero"),
    pytest.param(1e16, "10.000.000.000.000.000", id="float-scientific-str"),
]


@pytest.mark.parametrize(("value", "expected"), FORMAT_INT)
def test_format_int(value: int | Decimal | float, expected: str) -> None:
    assert format_int(value) == expected


@given(st.integers())
def test_format_int_reparses(value: int) -> None:
    text = format_int(value)
    assert int(text.replace(".", "")) == value
    assert re.fullmatch(r"-?\d{1,3}(\.\d{3})*", text)


# -------------------------------------------------------------------- format_decimal

FORMAT_DECIMAL = [
    pytest.param(2.8, 1, True, "2,8", id="2.8"),
    pytest.param(2.0, 1, True, "2", id="trim-whole"),
    pytest.param(1234.56, 1, True, "1.234,6", id="grouped"),
    pytest.param(3, 1, False, "3,0", id="no-trim"),
    pytest.param(12.25, 1, True, "12,3", id="half-up-12.25"),
    pytest.param(0.05, 1, True, "0,1", id="half-up-0.05"),
    pytest.param(0.25, 1, True, "0,3", id="half-up-not-bankers"),
    pytest.param(-12.25, 1, True, "-12,3", id="negative-half-away"),
    pytest.param(1.005, 2, True, "1,01", id="float-via-str"),
    pytest.param(2.675, 2, True, "2,68", id="float-via-str-2"),
    pytest.param(1.10, 2, True, "1,1", id="trim-one-zero"),
    pytest.param(1.10, 2, False, "1,10", id="keep-zero"),
    pytest.param(1234567.891, 2, True, "1.234.567,89", id="large"),
    pytest.param(Decimal("0.04"), 1, True, "0", id="rounds-to-zero"),
    pytest.param(Decimal("-0.04"), 1, False, "0,0", id="negative-rounds-to-unsigned-zero"),
    pytest.param(Decimal("9.96"), 1, True, "10", id="carry"),
    pytest.param(Decimal("999.95"), 1, True, "1.000", id="carry-into-group"),
    pytest.param(7, 0, True, "7", id="no-digits"),
    pytest.param(7.5, 0, False, "8", id="no-digits-rounds"),
    pytest.param(Decimal("0.0005"), 3, False, "0,001", id="three-digits"),
    pytest.param(Decimal("1E+4"), 1, False, "10.000,0", id="decimal-exponent"),
]


@pytest.mark.parametrize(("value", "digits", "trim", "expected"), FORMAT_DECIMAL)
def test_format_decimal(
    value: int | Decimal | float, digits: int, trim: bool, expected: str
) -> None:
    assert format_decimal(value, digits, trim=trim) == expected


def test_format_decimal_defaults() -> None:
    assert format_decimal(1234.56) == "1.234,6"
    assert format_decimal(5.0) == "5"


@given(
    st.decimals(
        min_value=Decimal("-1e15"), max_value=Decimal("1e15"), allow_nan=False, allow_infinity=False
    ),
    st.integers(min_value=0, max_value=5),
)
def test_format_decimal_matches_decimal_round_half_up(value: Decimal, digits: int) -> None:
    with localcontext() as context:
        context.prec = 100
        rounded = value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    expected = format(rounded, ",f").translate(str.maketrans(",.", ".,"))
    if rounded == 0:
        expected = expected.lstrip("-")
    assert format_decimal(value, digits, trim=False) == expected
    trimmed = expected.rstrip("0").rstrip(",") if "," in expected else expected
    assert format_decimal(value, digits) == trimmed


# -------------------------------------------------------------------- format_percent

FORMAT_PERCENT = [
    pytest.param(12.5, False, "12,5%", id="12.5"),
    pytest.param(3, False, "3,0%", id="keeps-zero"),
    pytest.param(12.25, False, "12,3%", id="half-up"),
    pytest.param(0.05, False, "0,1%", id="half-up-small"),
    pytest.param(100, False, "100,0%", id="hundred"),
    pytest.param(3, True, "3%", id="trim"),
    pytest.param(1234.5, False, "1.234,5%", id="grouped"),
    pytest.param(Decimal("-7.25"), False, "-7,3%", id="negative"),
    pytest.param(Decimal("12.5"), True, "12,5%", id="trim-keeps-nonzero"),
]


@pytest.mark.parametrize(("value", "trim", "expected"), FORMAT_PERCENT)
def test_format_percent(value: int | Decimal | float, trim: bool, expected: str) -> None:
    assert format_percent(value, trim=trim) == expected


def test_format_percent_digits() -> None:
    assert format_percent(Decimal("12.345"), 2) == "12,35%"
    assert format_percent(Decimal("12.3"), 0) == "12%"


BAD_NUMBERS = [
    pytest.param(True, TypeError, id="bool"),
    pytest.param("12", TypeError, id="str"),
    pytest.param(None, TypeError, id="none"),
    pytest.param(float("nan"), ValueError, id="nan"),
    pytest.param(float("inf"), ValueError, id="inf"),
    pytest.param(Decimal("NaN"), ValueError, id="decimal-nan"),
    pytest.param(Decimal("-Infinity"), ValueError, id="decimal-inf"),
]


@pytest.mark.parametrize(("value", "error"), BAD_NUMBERS)
def test_formatting_rejects_non_numbers(value: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        format_int(value)  # type: ignore[arg-type]
    with pytest.raises(error):
        format_decimal(value)  # type: ignore[arg-type]
    with pytest.raises(error):
        format_percent(value)  # type: ignore[arg-type]


def test_format_decimal_rejects_negative_digits() -> None:
    with pytest.raises(ValueError, match="digits"):
        format_decimal(1.5, -1)


# -------------------------------------------------------------------- percent_change

PERCENT_CHANGE = [
    pytest.param(9, 8, Decimal("12.5"), id="increase"),
    pytest.param(97, 100, Decimal("-3"), id="decrease"),
    pytest.param(5, 5, Decimal(0), id="equal"),
    pytest.param(0, 5, Decimal(-100), id="to-zero"),
    pytest.param(3, 1, Decimal(200), id="triple"),
    pytest.param(1001, 1000, Decimal("0.1"), id="small"),
    pytest.param(12225, 10000, Decimal("22.25"), id="not-rounded"),
    pytest.param(1, 8, Decimal("-87.5"), id="exact-fraction"),
]


@pytest.mark.parametrize(("current", "previous", "expected"), PERCENT_CHANGE)
def test_percent_change(current: int, previous: int, expected: Decimal) -> None:
    result = percent_change(current, previous)
    assert isinstance(result, Decimal)
    assert result == expected


def test_percent_change_none_when_previous_is_zero() -> None:
    assert percent_change(5, 0) is None
    assert percent_change(0, 0) is None


def test_percent_change_non_terminating_is_not_rounded_to_one_decimal() -> None:
    result = percent_change(4, 3)
    assert result is not None
    assert Decimal("33.3333333333") < result < Decimal("33.3333333334")


# ------------------------------------------------------------------------- money_text

MONEY_TEXT = [
    pytest.param(2_800_000_000, "2,8 tỷ đồng", id="2.8-ty"),
    pytest.param(3_450_000_000, "3,45 tỷ đồng", id="3.45-ty"),
    pytest.param(1_000_000_000, "1 tỷ đồng", id="1-ty"),
    pytest.param(1_234_000_000_000, "1.234 tỷ đồng", id="grouped-ty"),
    pytest.param(3_456_000_000, "3,46 tỷ đồng", id="ty-two-decimals-half-up"),
    pytest.param(3_455_000_000, "3,46 tỷ đồng", id="ty-exact-half-up"),
    pytest.param(3_454_999_999, "3,45 tỷ đồng", id="ty-below-half"),
    pytest.param(1_004_999_999, "1 tỷ đồng", id="ty-trimmed-after-rounding"),
    pytest.param(850_000_000, "850 triệu đồng", id="850-trieu"),
    pytest.param(35_000_000, "35 triệu đồng", id="35-trieu"),
    pytest.param(121_500_000, "121,5 triệu đồng", id="121.5-trieu"),
    pytest.param(121_450_000, "121,5 triệu đồng", id="trieu-half-up"),
    pytest.param(1_000_000, "1 triệu đồng", id="1-trieu"),
    pytest.param(999_960_000, "1 tỷ đồng", id="unit-after-rounding"),
    pytest.param(999_950_000, "1 tỷ đồng", id="unit-after-rounding-exact-half"),
    pytest.param(999_949_999, "999,9 triệu đồng", id="just-below-ty"),
    pytest.param(999_000_000, "999 triệu đồng", id="999-trieu"),
    pytest.param(500_000, "500.000 đồng", id="dong"),
    pytest.param(999_999, "999.999 đồng", id="just-below-trieu"),
    pytest.param(0, "0 đồng", id="zero"),
    pytest.param(-2_800_000_000, "-2,8 tỷ đồng", id="negative-ty"),
    pytest.param(-121_500_000, "-121,5 triệu đồng", id="negative-trieu"),
    pytest.param(-500_000, "-500.000 đồng", id="negative-dong"),
]


@pytest.mark.parametrize(("amount", "expected"), MONEY_TEXT)
def test_money_text(amount: int, expected: str) -> None:
    assert money_text(amount) == expected


@given(st.integers(min_value=-(10**16), max_value=10**16))
def test_money_text_is_within_half_a_last_digit(amount: int) -> None:
    text = money_text(amount)
    match = re.fullmatch(r"(-?[\d.]+(?:,\d+)?) (tỷ|triệu)? ?đồng", text)
    assert match, text
    number = Decimal(match.group(1).replace(".", "").replace(",", "."))
    unit = match.group(2)
    scale = {"tỷ": 10**9, "triệu": 10**6, None: 1}[unit]
    step = {"tỷ": 10**7, "triệu": 10**5, None: 1}[unit]
    assert abs(number * scale - amount) * 2 <= step
    assert (unit is None) == (abs(amount) < 10**6)
    if unit == "triệu":
        assert abs(number) < 1000


def test_money_rejects_non_int() -> None:
    with pytest.raises(TypeError):
        money_text(2.8e9)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        money_millions(True)


# --------------------------------------------------------------------- money_millions

MONEY_MILLIONS = [
    pytest.param(2_800_000_000, "2.800", id="grouped"),
    pytest.param(121_500_000, "121,5", id="decimal"),
    pytest.param(35_000_000, "35", id="whole"),
    pytest.param(450_000, "0,5", id="half-up"),
    pytest.param(449_999, "0,4", id="below-half"),
    pytest.param(40_000, "0", id="rounds-to-zero"),
    pytest.param(-40_000, "0", id="negative-rounds-to-unsigned-zero"),
    pytest.param(0, "0", id="zero"),
    pytest.param(999_960_000, "1.000", id="carry"),
    pytest.param(-121_550_000, "-121,6", id="negative-half-away"),
    pytest.param(1_234_567_890_123, "1.234.567,9", id="large"),
]


@pytest.mark.parametrize(("amount", "expected"), MONEY_MILLIONS)
def test_money_millions(amount: int, expected: str) -> None:
    assert money_millions(amount) == expected


# ------------------------------------------------------------------------------ dates

DATES = [
    pytest.param(date(2022, 1, 5), "ngày 05 tháng 01 năm 2022", "05/01/2022", id="jan"),
    pytest.param(date(2022, 3, 2), "ngày 02 tháng 3 năm 2022", "02/3/2022", id="march"),
    pytest.param(date(2022, 12, 25), "ngày 25 tháng 12 năm 2022", "25/12/2022", id="dec"),
    pytest.param(date(2022, 2, 9), "ngày 09 tháng 02 năm 2022", "09/02/2022", id="feb"),
    pytest.param(date(2022, 11, 24), "ngày 24 tháng 11 năm 2022", "24/11/2022", id="nov"),
    pytest.param(date(2021, 10, 10), "ngày 10 tháng 10 năm 2021", "10/10/2021", id="oct"),
    pytest.param(date(2024, 2, 29), "ngày 29 tháng 02 năm 2024", "29/02/2024", id="leap"),
    pytest.param(date(2025, 9, 1), "ngày 01 tháng 9 năm 2025", "01/9/2025", id="sep"),
]


@pytest.mark.parametrize(("value", "long", "short"), DATES)
def test_dates(value: date, long: str, short: str) -> None:
    assert date_long(value) == long
    assert date_short(value) == short


def test_year_is_never_grouped() -> None:
    assert "2022" in date_long(date(2022, 6, 1))
    assert "2.022" not in date_long(date(2022, 6, 1))
    assert date_short(date(2022, 6, 1)).endswith("/2022")


def test_dates_accept_datetime() -> None:
    assert date_long(datetime(2022, 1, 5, 14, 30)) == "ngày 05 tháng 01 năm 2022"


def test_dates_reject_strings() -> None:
    with pytest.raises(TypeError):
        date_long("2022-01-05")  # type: ignore[arg-type]


PLACE_DATES = [
    pytest.param("Lạng Sơn", date(2022, 1, 5), "Lạng Sơn, ngày 05 tháng 01 năm 2022", id="ls"),
    pytest.param("Hà Nội", date(2023, 4, 30), "Hà Nội, ngày 30 tháng 4 năm 2023", id="hn"),
    pytest.param(" Cao Bằng ", date(2022, 2, 1), "Cao Bằng, ngày 01 tháng 02 năm 2022", id="strip"),
]


@pytest.mark.parametrize(("place", "value", "expected"), PLACE_DATES)
def test_place_date(place: str, value: date, expected: str) -> None:
    assert place_date(place, value) == expected


# ---------------------------------------------------------------------------- sorting

ORDERED = [
    pytest.param(["Dương", "Đà Nẵng"], id="d-before-dd"),
    pytest.param(["Dữ", "Dương", "Dzũng", "Đà Nẵng", "Đắk Lắk"], id="all-d-before-dd"),
    pytest.param(["Bắc Giang", "Bắc Kạn", "Bến Tre", "Cà Mau", "Cao Bằng"], id="provinces-brief"),
    pytest.param(["An Giang", "Ăn", "Âm"], id="a-breve-circumflex"),
    pytest.param(["Ha Noi", "Hai"], id="space-before-letters"),
    pytest.param(["Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng"], id="word-by-word"),
    pytest.param(["ma", "mà", "mả", "mã", "má", "mạ"], id="tone-order"),
    pytest.param(["mạ", "mab"], id="tone-is-secondary"),
    pytest.param(["mác", "mạc"], id="tone-breaks-ties"),
    pytest.param(["lê", "ly", "lý"], id="e-circumflex-before-y"),
    pytest.param(["o", "ô", "ơ", "p"], id="o-family"),
    pytest.param(["u", "ư", "v"], id="u-family"),
    pytest.param(["e", "ê", "f", "g"], id="f-after-e-family"),
    pytest.param(["i", "j", "k"], id="j"),
    pytest.param(["v", "w", "x", "y", "z"], id="w-z"),
    pytest.param(["9", "a"], id="digits-before-letters"),
    pytest.param(["Cụm 1", "Cụm 2", "Cụm A"], id="digit-suffix"),
    pytest.param(["", " ", "a"], id="empty-and-space"),
    pytest.param(["an", "An", "AN"], id="lower-first-on-ties"),
    pytest.param(["đa", "ĐB", "đc"], id="case-insensitive"),
    pytest.param(
        [
            "An Giang",
            "Bà Rịa - Vũng Tàu",
            "Bạc Liêu",
            "Bắc Giang",
            "Bắc Kạn",
            "Bắc Ninh",
            "Bến Tre",
            "Bình Dương",
            "Bình Định",
            "Bình Phước",
            "Bình Thuận",
            "Cà Mau",
            "Cao Bằng",
            "Cần Thơ",
            "Đà Nẵng",
            "Đắk Lắk",
            "Đắk Nông",
            "Điện Biên",
            "Đồng Nai",
            "Đồng Tháp",
            "Gia Lai",
            "Hà Giang",
            "Hà Nam",
            "Hà Nội",
            "Hà Tĩnh",
            "Hải Dương",
            "Hải Phòng",
            "Hậu Giang",
            "Hòa Bình",
            "Hưng Yên",
            "Khánh Hòa",
            "Kiên Giang",
            "Kon Tum",
            "Lai Châu",
            "Lạng Sơn",
            "Lào Cai",
            "Lâm Đồng",
            "Long An",
            "Nam Định",
            "Nghệ An",
            "Ninh Bình",
            "Ninh Thuận",
            "Phú Thọ",
            "Phú Yên",
            "Quảng Bình",
            "Quảng Nam",
            "Quảng Ngãi",
            "Quảng Ninh",
            "Quảng Trị",
            "Sóc Trăng",
            "Sơn La",
            "Tây Ninh",
            "Thái Bình",
            "Thái Nguyên",
            "Thanh Hóa",
            "Thành phố Hồ Chí Minh",
            "Thừa Thiên Huế",
            "Tiền Giang",
            "Trà Vinh",
            "Tuyên Quang",
            "Vĩnh Long",
            "Vĩnh Phúc",
            "Yên Bái",
        ],
        id="provinces-cldr",
    ),
]


@pytest.mark.parametrize("expected", ORDERED)
def test_vn_sorted_orders(expected: list[str]) -> None:
    for seed in range(5):
        shuffled = list(expected)
        random.Random(seed).shuffle(shuffled)
        assert vn_sorted(shuffled) == expected
    assert vn_sorted(reversed(expected)) == expected


def test_vn_sorted_alphabet() -> None:
    alphabet = list("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
    assert vn_sorted(reversed(alphabet)) == alphabet
    assert vn_sorted(letter.upper() for letter in reversed(alphabet)) == [
        letter.upper() for letter in alphabet
    ]


def test_vn_sorted_with_key() -> None:
    rows = [("Đà Nẵng", 3), ("Dương", 1), ("An Giang", 2)]
    assert vn_sorted(rows, key=lambda row: row[0]) == [
        ("An Giang", 2),
        ("Dương", 1),
        ("Đà Nẵng", 3),
    ]


def test_vn_sort_key_ignores_normalisation_form() -> None:
    for word in ("Đà Nẵng", "Nghệ An", "Thừa Thiên Huế", "Quảng Ngãi", "ặ", "Ỵ"):
        decomposed = unicodedata.normalize("NFD", word)
        assert decomposed != word or word.isascii()
        assert vn_sort_key(decomposed)[:4] == vn_sort_key(word)[:4]
    assert vn_sorted([unicodedata.normalize("NFD", "Đà Nẵng"), "Dương"])[0] == "Dương"


def test_vn_sort_key_rejects_non_str() -> None:
    with pytest.raises(TypeError):
        vn_sort_key(3)  # type: ignore[arg-type]


_VN_LETTERS = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)
_SORT_TEXT = st.text(alphabet=_VN_LETTERS + _VN_LETTERS.upper() + " 019-", max_size=8)


@given(st.lists(_SORT_TEXT, max_size=12), st.randoms(use_true_random=False))
def test_vn_sorted_is_independent_of_input_order(items: list[str], rnd: random.Random) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)
    result = vn_sorted(items)
    assert vn_sorted(shuffled) == result
    assert sorted(result) == sorted(items)  # a permutation of the input
    assert vn_sorted(result) == result


@given(_SORT_TEXT, _SORT_TEXT)
def test_vn_sort_key_is_a_total_order(a: str, b: str) -> None:
    ka, kb = vn_sort_key(a), vn_sort_key(b)
    assert (ka == kb) == (a == b)
    assert (ka < kb) + (kb < ka) + (ka == kb) == 1


@given(_SORT_TEXT, _SORT_TEXT)
def test_vn_sorting_is_case_insensitive(a: str, b: str) -> None:
    if vn_sort_key(a)[0] != vn_sort_key(b)[0]:
        before = vn_sort_key(a) < vn_sort_key(b)
        assert (vn_sort_key(a.upper()) < vn_sort_key(b.lower())) == before
        assert (vn_sort_key(a.lower()) < vn_sort_key(b.upper())) == before


_TONES = re.compile("[\u0300\u0301\u0303\u0309\u0323]")


@given(_SORT_TEXT)
def test_tone_marks_are_secondary(text: str) -> None:
    toneless = unicodedata.normalize("NFC", _TONES.sub("", unicodedata.normalize("NFD", text)))
    assert vn_sort_key(toneless)[0] == vn_sort_key(text)[0]
    assert vn_sort_key(toneless) <= vn_sort_key(text)


# ---------------------------------------------------------------------- number_in_words

NUMBER_WORDS = [
    pytest.param(0, "không", id="0"),
    pytest.param(1, "một", id="1"),
    pytest.param(4, "bốn", id="4"),
    pytest.param(5, "năm", id="5"),
    pytest.param(10, "mười", id="10"),
    pytest.param(11, "mười một", id="11"),
    pytest.param(14, "mười bốn", id="14"),
    pytest.param(15, "mười lăm", id="15"),
    pytest.param(20, "hai mươi", id="20"),
    pytest.param(21, "hai mươi mốt", id="21"),
    pytest.param(24, "hai mươi tư", id="24"),
    pytest.param(25, "hai mươi lăm", id="25"),
    pytest.param(31, "ba mươi mốt", id="31"),
    pytest.param(55, "năm mươi lăm", id="55"),
    pytest.param(99, "chín mươi chín", id="99"),
    pytest.param(100, "một trăm", id="100"),
    pytest.param(101, "một trăm linh một", id="101"),
    pytest.param(104, "một trăm linh bốn", id="104"),
    pytest.param(105, "một trăm linh năm", id="105"),
    pytest.param(110, "một trăm mười", id="110"),
    pytest.param(115, "một trăm mười lăm", id="115"),
    pytest.param(121, "một trăm hai mươi mốt", id="121"),
    pytest.param(1_000, "một nghìn", id="1000"),
    pytest.param(1_005, "một nghìn không trăm linh năm", id="1005"),
    pytest.param(1_050, "một nghìn không trăm năm mươi", id="1050"),
    pytest.param(1_100, "một nghìn một trăm", id="1100"),
    pytest.param(10_000, "mười nghìn", id="10000"),
    pytest.param(15_000, "mười lăm nghìn", id="15000"),
    pytest.param(21_000, "hai mươi mốt nghìn", id="21000"),
    pytest.param(1_000_005, "một triệu không trăm linh năm", id="1000005"),
    pytest.param(1_005_000, "một triệu không trăm linh năm nghìn", id="1005000"),
    pytest.param(1_000_000, "một triệu", id="1000000"),
    pytest.param(
        1_234_567,
        "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy",
        id="1234567",
    ),
    pytest.param(2_800_000_000, "hai tỷ tám trăm triệu", id="2.8e9"),
    pytest.param(2_000_000_015, "hai tỷ không trăm mười lăm", id="2000000015"),
    pytest.param(10**12, "một nghìn tỷ", id="1e12"),
    pytest.param(10**15, "một triệu tỷ", id="1e15"),
    pytest.param(10**18, "một tỷ tỷ", id="1e18"),
    pytest.param(1_000_000_000_001, "một nghìn tỷ không trăm linh một", id="1e12+1"),
    pytest.param(1_234_000_000_000, "một nghìn hai trăm ba mươi tư tỷ", id="1234e9"),
    pytest.param(1_005_000_000_000, "một nghìn không trăm linh năm tỷ", id="1005e9"),
    pytest.param(-20, "âm hai mươi", id="negative"),
    pytest.param(-1_005, "âm một nghìn không trăm linh năm", id="negative-1005"),
    pytest.param(Decimal("2.5"), "hai phẩy năm", id="decimal"),
    pytest.param(Decimal("3.05"), "ba phẩy không năm", id="decimal-leading-zero"),
    pytest.param(Decimal("0.25"), "không phẩy hai năm", id="digit-by-digit"),
    pytest.param(Decimal("2.50"), "hai phẩy năm", id="trailing-zero-dropped"),
    pytest.param(Decimal("7.0"), "bảy", id="whole-decimal"),
    pytest.param(Decimal("-0.5"), "âm không phẩy năm", id="negative-decimal"),
    pytest.param(Decimal("-0"), "không", id="negative-zero"),
    pytest.param(Decimal("1E+3"), "một nghìn", id="decimal-exponent"),
    pytest.param("2,5", "hai phẩy năm", id="str-vn-decimal"),
    pytest.param("1.000", "một nghìn", id="str-dot-group"),
    pytest.param("1.234,5", "một nghìn hai trăm ba mươi tư phẩy năm", id="str-both"),
    pytest.param(" -25 ", "âm hai mươi lăm", id="str-negative"),
    pytest.param("105", "một trăm linh năm", id="str-int"),
]


@pytest.mark.parametrize(("value", "expected"), NUMBER_WORDS)
def test_number_in_words(value: int | Decimal | str, expected: str) -> None:
    assert number_in_words(value) == expected


BAD_WORDS_INPUT = [
    pytest.param("2.5", ValueError, id="english-decimal"),
    pytest.param("1,000,000", ValueError, id="english-grouping"),
    pytest.param("12a", ValueError, id="garbage"),
    pytest.param("", ValueError, id="empty"),
    pytest.param(2.5, TypeError, id="float"),
    pytest.param(True, TypeError, id="bool"),
    pytest.param(Decimal("NaN"), ValueError, id="nan"),
]


@pytest.mark.parametrize(("value", "error"), BAD_WORDS_INPUT)
def test_number_in_words_rejects(value: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        number_in_words(value)  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=10**21 - 1))
def test_number_in_words_properties(value: int) -> None:
    words = number_in_words(value)
    assert words
    assert words == words.strip()
    assert "  " not in words
    for forbidden in ("không nghìn", "không triệu", "không tỷ", "ngàn", "lẻ"):
        assert forbidden not in words
    tokens = words.split(" ")
    assert set(tokens) <= _VOCABULARY
    if value:
        # "không" only ever precedes "trăm" (a full group after the leading one)
        for i, token in enumerate(tokens):
            if token == "không":
                assert tokens[i + 1] == "trăm"
        assert tokens[0] != "không"
    assert _words_to_int(words) == value


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_number_in_words_round_trips_with_sign(value: int) -> None:
    words = number_in_words(value)
    if value < 0:
        assert words.startswith("âm ")
        assert _words_to_int(words.removeprefix("âm ")) == -value
    else:
        assert _words_to_int(words) == value


@given(
    st.decimals(
        min_value=Decimal(-(10**9)),
        max_value=Decimal(10**9),
        places=4,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_number_in_words_decimals_read_digit_by_digit(value: Decimal) -> None:
    words = number_in_words(value)
    whole_words, _, fraction_words = words.removeprefix("âm ").partition(" phẩy ")
    whole, _, fraction = format(abs(value), "f").partition(".")
    assert _words_to_int(whole_words) == int(whole)
    digits = (
        "".join(str(_DIGITS[token]) for token in fraction_words.split()) if fraction_words else ""
    )
    assert digits == fraction.rstrip("0")
    assert words.startswith("âm ") == (value < 0)


# ---------------------------------------------------------------------- amount_in_words

AMOUNT_WORDS = [
    pytest.param(2_800_000_000, "đồng", False, "hai tỷ tám trăm triệu đồng", id="default"),
    pytest.param(2_800_000_000, "đồng", True, "Hai tỷ tám trăm triệu đồng", id="capitalize"),
    pytest.param(0, "đồng", False, "không đồng", id="zero"),
    pytest.param(0, "đồng", True, "Không đồng", id="zero-capitalized"),
    pytest.param(1_005, "đồng", True, "Một nghìn không trăm linh năm đồng", id="1005"),
    pytest.param(-20, "đồng", True, "Âm hai mươi đồng", id="negative"),
    pytest.param(35, "người", False, "ba mươi lăm người", id="other-unit"),
    pytest.param(35, "", False, "ba mươi lăm", id="no-unit"),
    pytest.param(Decimal("2.5"), "tỷ đồng", False, "hai phẩy năm tỷ đồng", id="decimal"),
]


@pytest.mark.parametrize(("value", "unit", "capitalize", "expected"), AMOUNT_WORDS)
def test_amount_in_words(value: int | Decimal, unit: str, capitalize: bool, expected: str) -> None:
    assert amount_in_words(value, unit, capitalize=capitalize) == expected


def test_amount_in_words_default_unit() -> None:
    assert amount_in_words(500_000) == "năm trăm nghìn đồng"


# ------------------------------------------------------------------------ change_phrase

CHANGE = [
    pytest.param(9, 8, "cùng kỳ năm 2021", "tăng 12,5% so với cùng kỳ năm 2021", id="up"),
    pytest.param(97, 100, "cùng kỳ năm 2021", "giảm 3,0% so với cùng kỳ năm 2021", id="down"),
    pytest.param(5, None, "năm 2021", "", id="no-previous"),
    pytest.param(5, 5, "năm 2021", "bằng năm 2021", id="equal"),
    pytest.param(0, 0, "năm 2021", "bằng năm 2021", id="both-zero"),
    pytest.param(3050, 0, "năm 2021", "tăng 3.050 so với năm 2021", id="from-zero"),
    pytest.param(0, 8, "năm 2021", "giảm 100,0% so với năm 2021", id="to-zero"),
    pytest.param(30, 10, "năm 2021", "tăng 200,0% so với năm 2021", id="tripled"),
    pytest.param(2_000, 100, "năm 2021", "tăng 1.900,0% so với năm 2021", id="grouped"),
    pytest.param(12_225, 10_000, "năm 2021", "tăng 22,3% so với năm 2021", id="half-up"),
    pytest.param(7_775, 10_000, "năm 2021", "giảm 22,3% so với năm 2021", id="half-up-down"),
    pytest.param(4, 3, "năm 2021", "tăng 33,3% so với năm 2021", id="repeating"),
    pytest.param(
        10_001, 10_000, "năm 2021", "tăng không đáng kể so với năm 2021", id="negligible-up"
    ),
    pytest.param(
        9_999, 10_000, "năm 2021", "giảm không đáng kể so với năm 2021", id="negligible-down"
    ),
    pytest.param(20_001, 20_000, "năm 2021", "tăng không đáng kể so với năm 2021", id="0.005"),
    pytest.param(2_001, 2_000, "năm 2021", "tăng 0,1% so với năm 2021", id="0.05-rounds-up"),
]


@pytest.mark.parametrize(("current", "previous", "comparison", "expected"), CHANGE)
def test_change_phrase(current: int, previous: int | None, comparison: str, expected: str) -> None:
    assert change_phrase(current, previous, comparison) == expected


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=1, max_value=10**12))
def test_change_phrase_agrees_with_percent_change(current: int, previous: int) -> None:
    phrase = change_phrase(current, previous, "năm trước")
    pct = percent_change(current, previous)
    assert pct is not None
    assert phrase.endswith(" so với năm trước") or phrase == "bằng năm trước"
    if current == previous:
        assert phrase == "bằng năm trước"
        return
    verb = "tăng" if current > previous else "giảm"
    assert phrase.startswith(verb + " ")
    with localcontext() as context:
        context.prec = 60
        rounded = abs(pct).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if rounded == 0:
        assert phrase == f"{verb} không đáng kể so với năm trước"
    else:
        assert phrase == f"{verb} {format_percent(rounded)} so với năm trước"


# ----------------------------------------------------------------------------- module


def test_public_api() -> None:
    assert sorted(vnformat.__all__) == [
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
    for name in vnformat.__all__:
        assert callable(getattr(vnformat, name))
    assert vnformat.__doc__ and "Nghị định 30/2020" in vnformat.__doc__


def test_outputs_are_nfc() -> None:
    samples = [
        money_text(2_800_000_000),
        number_in_words(1_234_567_891),
        date_long(date(2022, 1, 5)),
        change_phrase(9, 8, "cùng kỳ năm 2021"),
        amount_in_words(21, capitalize=True),
    ]
    for text in samples:
        assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20/01/2026", date(2026, 1, 20)),
        ("20-01-2026", date(2026, 1, 20)),
        ("2026-01-20", date(2026, 1, 20)),
        ("5/3/2022", date(2022, 3, 5)),
        (" 05.03.2022 ", date(2022, 3, 5)),
    ],
)
def test_a_date_as_officers_type_it(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "20/01-2026", "2026/01/20", "01/20/2026", ""])
def test_a_date_that_is_not_one(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)
