"""The duration cap and the opening-hours rule, on many dates."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sporskifte.courses.rules import latest_end
from sporskifte.organisation.opening import ServiceCalendar

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2026, 8, 31), dt.date(2027, 2, 28)),
        (dt.date(2027, 8, 31), dt.date(2028, 2, 29)),  # leap year
        (dt.date(2026, 8, 30), dt.date(2027, 2, 28)),
        (dt.date(2026, 3, 15), dt.date(2026, 9, 15)),
        (dt.date(2026, 12, 31), dt.date(2027, 6, 30)),
        (dt.date(2026, 1, 1), dt.date(2026, 7, 1)),
    ],
)
def test_the_six_month_cap_on_month_ends_and_leap_years(start, end) -> None:
    assert latest_end(start, 6) == end


@given(start=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_the_cap_is_six_calendar_months_later_never_more(start: dt.date) -> None:
    end = latest_end(start, 6)
    months = (end.year - start.year) * 12 + end.month - start.month
    assert months == 6
    assert end.day == start.day or (end.day < start.day and (end + dt.timedelta(days=1)).day == 1)
    assert 181 <= (end - start).days <= 184


POLARIS = ServiceCalendar(
    timezone=CPH,
    hours={d: (dt.time(8), dt.time(16)) for d in range(5)},
    closing_dates=frozenset({dt.date(2027, 2, 3)}),
    annual_closing_days=frozenset({(12, 24)}),
)


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CPH)


@pytest.mark.parametrize(
    ("start", "end", "open_"),
    [
        (at(2027, 2, 1, 8), at(2027, 2, 1, 9), True),
        (at(2027, 2, 1, 15), at(2027, 2, 1, 16), True),
        (at(2027, 2, 1, 7, 30), at(2027, 2, 1, 8, 30), False),  # before opening
        (at(2027, 2, 1, 15, 30), at(2027, 2, 1, 16, 30), False),  # past closing
        (at(2027, 2, 6, 10), at(2027, 2, 6, 11), False),  # Saturday
        (at(2027, 3, 29, 10), at(2027, 3, 29, 11), False),  # Easter Monday
        (at(2027, 2, 3, 10), at(2027, 2, 3, 11), False),  # the unit's closing day
        (at(2027, 12, 24, 10), at(2027, 12, 24, 11), False),  # yearly closing day
        (at(2027, 2, 1, 10), at(2027, 2, 1, 10), False),  # empty
        (at(2027, 2, 1, 15), at(2027, 2, 2, 9), False),  # across days
    ],
)
def test_the_unit_is_open_only_on_working_days_inside_its_hours(start, end, open_) -> None:
    assert POLARIS.is_open(start, end) is open_


def test_an_around_the_clock_service_is_always_open() -> None:
    residential = ServiceCalendar(
        timezone=CPH,
        hours={},
        closing_dates=frozenset(),
        annual_closing_days=frozenset(),
        around_the_clock=True,
    )
    assert residential.is_open(at(2027, 12, 24, 23), at(2027, 12, 25, 1))
