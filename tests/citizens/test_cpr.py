"""CPR rules: validation (no modulus-11), century, masking, encryption and look-up digest."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sporskifte.citizens.cpr import (
    cpr_birth_date,
    cpr_decrypt,
    cpr_digest,
    cpr_encrypt,
    cpr_masked_from_birth_date,
    cpr_normalise,
)
from sporskifte.core.errors import InvalidInput

# stdnum compares birth dates with the machine's date.today(); so does this test.
TODAY = dt.date.today()  # noqa: DTZ011

CENTURY = {
    # 7th digit -> (years 00-36, years 37-57, years 58-99)
    "0": (1900, 1900, 1900),
    "1": (1900, 1900, 1900),
    "2": (1900, 1900, 1900),
    "3": (1900, 1900, 1900),
    "4": (2000, 1900, 1900),
    "5": (2000, 2000, 1800),
    "6": (2000, 2000, 1800),
    "7": (2000, 2000, 1800),
    "8": (2000, 2000, 1800),
    "9": (2000, 1900, 1900),
}


def expected_year(yy: int, seventh: str) -> int:
    column = 0 if yy <= 36 else 1 if yy <= 57 else 2
    return CENTURY[seventh][column] + yy


@given(
    day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2020, 12, 31)),
    serial=st.integers(min_value=0, max_value=9999),
)
def test_a_real_date_with_any_serial_is_valid_and_gives_its_century(
    day: dt.date, serial: int
) -> None:
    number = f"{day:%d%m%y}{serial:04d}"
    year = expected_year(day.year % 100, number[6])
    try:
        birth = dt.date(year, day.month, day.day)
    except ValueError:  # 29 February in a century's non-leap year, e.g. 1900
        birth = None
    if birth is None or birth > TODAY:
        with pytest.raises(InvalidInput):
            cpr_normalise(number)
        return
    assert cpr_normalise(f"{number[:6]}-{number[6:]}") == number
    assert cpr_birth_date(number) == birth


def test_a_number_failing_modulus_11_is_accepted() -> None:
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    number = "0101904321"
    assert sum(int(d) * w for d, w in zip(number, weights, strict=True)) % 11 != 0
    assert cpr_normalise(number) == number


@pytest.mark.parametrize(
    "bad", ["3102901234", "0113901234", "12345", "01019012345", "010190abcd", ""]
)
def test_impossible_numbers_are_refused_without_echoing_them(bad: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        cpr_normalise(bad)
    message = " ".join(caught.value.fields["cpr"]) + caught.value.message
    assert not bad or bad not in message


def test_a_birth_date_in_the_future_is_refused() -> None:
    with pytest.raises(InvalidInput):
        cpr_normalise(f"{TODAY + dt.timedelta(days=400):%d%m%y}4000")


@given(serial=st.integers(min_value=0, max_value=9999))
def test_encryption_round_trips_and_is_not_the_number(serial: int) -> None:
    number = f"010190{serial:04d}"
    token = cpr_encrypt(number)
    assert number not in token
    assert cpr_decrypt(token) == number


def test_the_digest_is_stable_keyed_and_distinct() -> None:
    assert cpr_digest("0101901234") == cpr_digest("0101901234")
    assert cpr_digest("0101901234") != cpr_digest("0101901235")
    assert "0101901234" not in cpr_digest("0101901234")


def test_the_mask_shows_only_the_birth_date() -> None:
    assert cpr_masked_from_birth_date(dt.date(1990, 1, 1)) == "010190-xxxx"
