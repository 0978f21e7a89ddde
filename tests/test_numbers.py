from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tdcli.model.numbers import CURRENCY_WORDS, NumberFormatError, parse_vn_number, unit_key

READ_AS_MEANT = [
    ("2.800.000.000", 2_800_000_000),
    ("1.000", 1000),
    ("2,8 tỷ", 2_800_000_000),
    ("2,8 tỉ", 2_800_000_000),
    ("2,8tỷ", 2_800_000_000),
    ("850 triệu", 850_000_000),
    ("850 triệu đồng", 850_000_000),
    ("1,5 triệu đồng", 1_500_000),
    ("35 nghìn", 35_000),
    ("12 ngàn", 12_000),
    ("3 050", 3050),
    ("3\u00a0050", 3050),
    ("1.234,5", Decimal("1234.5")),
    ("1,234,567", 1_234_567),
    ("2,5", Decimal("2.5")),
    ("2.5", Decimal("2.5")),
    ("100.000đ", 100_000),
    ("1.000.000 VNĐ", 1_000_000),
    ("  42  ", 42),
    ("-7", -7),
    ("\u22127", -7),
    ("0", 0),
    ("1.5 tỷ", 1_500_000_000),
]


@pytest.mark.parametrize(
    ("text", "expected"), READ_AS_MEANT, ids=[case[0] for case in READ_AS_MEANT]
)
def test_read_as_the_writer_meant(text: str, expected: Decimal | int) -> None:
    assert parse_vn_number(text) == expected


REJECTED = [
    ("abc", "not-a-number"),
    ("", "not-a-number"),
    ("tỷ", "not-a-number"),
    ("1..0", "not-a-number"),
    ("12a", "not-a-number"),
    ("1,2,3", "not-a-number"),
    ("1.", "not-a-number"),
    ("1.00.000", "not-a-number"),
    ("1,000", "ambiguous-number"),
    ("25,000", "ambiguous-number"),
]


@pytest.mark.parametrize(("text", "code"), REJECTED, ids=[case[0] or "empty" for case in REJECTED])
def test_rejected_with_a_code(text: str, code: str) -> None:
    with pytest.raises(NumberFormatError) as caught:
        parse_vn_number(text)
    assert caught.value.code == code


def vietnamese(number: int) -> str:
    return f"{number:,}".replace(",", ".")


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_any_integer_written_the_vietnamese_way_reads_back(number: int) -> None:
    assert parse_vn_number(vietnamese(number)) == number


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["", " đồng", "đ", " VNĐ"]))
def test_with_currency_words(number: int, suffix: str) -> None:
    assert parse_vn_number(vietnamese(number) + suffix) == number


@given(
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=9),
    st.sampled_from([("tỷ", 10**9), ("triệu", 10**6), ("nghìn", 10**3)]),
)
def test_scaled_decimals(whole: int, tenth: int, scale: tuple[str, int]) -> None:
    word, factor = scale
    text = f"{vietnamese(whole)},{tenth} {word}"
    assert parse_vn_number(text) == (Decimal(whole) + Decimal(tenth) / 10) * factor


@given(st.text(max_size=20))
def test_any_text_gives_a_number_or_a_coded_error(text: str) -> None:
    try:
        parse_vn_number(text)
    except NumberFormatError as error:
        assert error.code in {"not-a-number", "ambiguous-number"}


# A unit word after the number (issue 15) ---------------------------------------------------

WITH_UNITS = [
    ("12 cuộc", ("cuộc",), 12),
    ("12cuộc", ("cuộc",), 12),
    ("12 Cuộc", ("cuộc",), 12),
    ("12 cuộc.", ("cuộc",), 12),
    ("12 cuoc", ("cuộc",), 12),
    ("12 CUỘC", ("cuộc",), 12),
    ("1.250\u00a0cuộc", ("cuộc",), 1250),
    ("3 050 cuộc", ("cuộc",), 3050),
    ("420 lượt  người", ("lượt người",), 420),
    ("420 luot nguoi", ("lượt người",), 420),
    ("1,2 nghìn lượt người", ("lượt người",), 1200),
    ("1,2 nghìn", ("lượt người",), 1200),
    ("3 lớp,hội nghị", ("lớp, hội nghị",), 3),
    ("5 trường hợp", ("trường hợp",), 5),
    ("2,8 tỷ đồng", CURRENCY_WORDS, 2_800_000_000),
    ("2,8tỷđồng", CURRENCY_WORDS, 2_800_000_000),
    ("850 tr đ", CURRENCY_WORDS, 850_000_000),
    ("-12 cuộc", ("cuộc",), -12),
]


@pytest.mark.parametrize(
    ("text", "units", "expected"), WITH_UNITS, ids=[case[0] for case in WITH_UNITS]
)
def test_the_unit_word_a_reader_is_told_of(
    text: str, units: tuple[str, ...], expected: int
) -> None:
    assert parse_vn_number(text, units) == expected


UNREAD = [
    # (text, units, the word reported, the number before it)
    ("12 lớp", ("cuộc",), "lop", "12"),
    ("12lớp", ("cuộc",), "lop", "12"),
    ("1,2 nghìn lớp", ("cuộc",), "lop", "1,2 nghìn"),
    ("3 050 lớp", ("cuộc",), "lop", "3 050"),
    ("12 đồng", ("cuộc",), "dong", "12"),
    ("2,8 tỷ đồng", ("cuộc",), "dong", "2,8 tỷ"),
    ("5 người", CURRENCY_WORDS, "nguoi", "5"),
    ("12 cuộc", None, "cuoc", "12"),
    ("12abc", None, "abc", "12"),
    ("12 cuộc thanh tra", ("cuộc",), "cuoc thanh tra", "12"),
]


@pytest.mark.parametrize(
    ("text", "units", "word", "number"), UNREAD, ids=[case[0] for case in UNREAD]
)
def test_a_word_the_reader_does_not_take_is_reported(
    text: str, units: tuple[str, ...] | None, word: str, number: str
) -> None:
    with pytest.raises(NumberFormatError) as caught:
        parse_vn_number(text, units)
    assert (caught.value.code, caught.value.word, caught.value.number) == (
        "not-a-number",
        word,
        number,
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [("1,000 cuộc", "ambiguous-number"), ("1..0 lớp", "not-a-number"), ("cuộc", "not-a-number")],
)
def test_the_number_is_read_before_its_word(text: str, code: str) -> None:
    with pytest.raises(NumberFormatError) as caught:
        parse_vn_number(text, ("cuộc",))
    assert (caught.value.code, caught.value.word) == (code, "")


def test_no_units_means_the_words_of_money() -> None:
    assert parse_vn_number("2,8 tỷ đồng") == parse_vn_number("2,8 tỷ đồng", CURRENCY_WORDS)
    with pytest.raises(NumberFormatError):
        parse_vn_number("2,8 tỷ đồng", ())


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Lượt  người.", "luot nguoi"),
        ("lượt\u00a0người", "luot nguoi"),
        ("ĐỒNG", "dong"),
        ("lớp,hội nghị", "lop, hoi nghi"),
        ("cuo\u0323\u0302c", "cuoc"),  # NFD, as a Mac keyboard may give it
    ],
)
def test_unit_key(typed: str, key: str) -> None:
    assert unit_key(typed) == key


def test_a_long_text_is_read_in_one_pass() -> None:
    import time

    started = time.perf_counter()
    with pytest.raises(NumberFormatError):
        parse_vn_number("1a" * 200_000, ("cuộc",))
    assert time.perf_counter() - started < 5


@given(
    st.integers(min_value=0, max_value=10**15),
    st.sampled_from(["cuộc", "lượt người", "lớp, hội nghị", "giấy chứng nhận"]),
    st.sampled_from(["", " ", "  "]),
)
def test_any_count_with_its_unit_reads_back(number: int, unit: str, space: str) -> None:
    assert parse_vn_number(vietnamese(number) + space + unit, (unit,)) == number


@given(st.text(max_size=20), st.sampled_from([None, (), ("cuộc",), CURRENCY_WORDS]))
def test_any_text_with_units_gives_a_number_or_a_coded_error(
    text: str, units: tuple[str, ...] | None
) -> None:
    try:
        parse_vn_number(text, units)
    except NumberFormatError as error:
        assert error.code in {"not-a-number", "ambiguous-number"}
        assert not error.word or error.code == "not-a-number"


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("7 cuộc,", "cuộc", 7),
        ("560 lượt người;", "lượt người", 560),
        ("7\u200bcuộc", "cuộc", 7),  # a zero-width space pasted from a web page
        ("\u200b12", "cuộc", 12),
    ],
)
def test_what_a_paste_leaves_around_a_number_is_no_error(
    text: str, unit: str, expected: int
) -> None:
    assert parse_vn_number(text, [unit]) == expected
