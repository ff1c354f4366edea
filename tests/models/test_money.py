from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.errors import InvalidAmount
from models.money import format_amount, parse_amount


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("$1,250.50", 125050),
        ("1250.5", 125050),
        ("25", 2500),
        (" $0.01 ", 1),
        ("1,000,000", 100_000_000),
        ("10.", 1000),
        ("12.34 USD", 1234),
    ],
)
def test_parses_what_people_type(text: str, cents: int) -> None:
    assert parse_amount(text) == cents


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("abc", "isn't an amount"),
        ("", "enter an amount"),
        ("-5", "negative"),
        ("$-5", "negative"),
        ("0", "more than $0.00"),
        ("0.00", "more than $0.00"),
        ("1e9", "isn't an amount"),
        ("1E3", "isn't an amount"),
        ("$10.001", "more than two decimals"),
        ("1,2,3", "isn't an amount"),
        ("1.2.3", "isn't an amount"),
        ("NaN", "isn't an amount"),
        ("Infinity", "isn't an amount"),
        ("0x10", "isn't an amount"),
        ("١٢٣", "isn't an amount"),  # non-ASCII digits
    ],
)
def test_refuses_with_a_clear_message(text: str, fragment: str) -> None:
    with pytest.raises(InvalidAmount) as caught:
        parse_amount(text)
    assert fragment in caught.value.message


def test_ceiling() -> None:
    assert parse_amount("$100.00", ceiling_cents=10_000) == 10_000
    with pytest.raises(InvalidAmount, match=r"above the largest amount allowed \(\$100.00\)"):
        parse_amount("100.01", ceiling_cents=10_000)


def test_format() -> None:
    assert format_amount(125050) == "$1,250.50"
    assert format_amount(1) == "$0.01"
    assert format_amount(0) == "$0.00"
    assert format_amount(-250) == "-$2.50"


@given(st.integers(min_value=1, max_value=100_000_000_00))
def test_format_then_parse_round_trips(cents: int) -> None:
    assert parse_amount(format_amount(cents)) == cents


@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999"), places=2, allow_nan=False)
)
def test_plain_decimal_strings_are_exact(value: Decimal) -> None:
    assert parse_amount(str(value)) == int(value * 100)


@given(st.text(max_size=30))
def test_never_crashes_and_never_returns_non_positive(text: str) -> None:
    try:
        cents = parse_amount(text)
    except InvalidAmount as exc:
        assert exc.message
    else:
        assert 0 < cents <= 100_000_000_00
