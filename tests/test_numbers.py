from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tdcli.model.numbers import NumberFormatError, parse_vn_number

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
