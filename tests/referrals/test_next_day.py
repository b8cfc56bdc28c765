"""The next-day offer rule (referrals/next_day.py), checked against an independent calendar."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from sporskifte.organisation.opening import ServiceCalendar
from sporskifte.referrals.next_day import NoFreeSlot, first_free_slot

CPH = ZoneInfo("Europe/Copenhagen")
POLARIS = ServiceCalendar(
    timezone=CPH,
    hours={weekday: (dt.time(8), dt.time(16)) for weekday in range(5)},
    closing_dates=frozenset(),
    annual_closing_days=frozenset({(12, 24), (12, 31)}),
    slot=dt.timedelta(minutes=60),
)
# Written out by hand from the Danish calendar, so the test does not trust the library it checks.
HOLIDAYS_2027 = {
    dt.date(2027, 1, 1),
    dt.date(2027, 3, 25),  # skærtorsdag
    dt.date(2027, 3, 26),  # langfredag
    dt.date(2027, 3, 28),
    dt.date(2027, 3, 29),  # 2. påskedag
    dt.date(2027, 5, 6),  # Kristi himmelfartsdag
    dt.date(2027, 5, 16),
    dt.date(2027, 5, 17),  # 2. pinsedag
    dt.date(2027, 12, 25),
    dt.date(2027, 12, 26),
}


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=CPH)


def offer(received: dt.datetime, taken: list[dt.datetime] | None = None) -> dt.datetime:
    start, end = first_free_slot(received_at=received, calendar=POLARIS, taken=taken or [])
    assert end - start == dt.timedelta(hours=1)
    return start


def expected_day(received: dt.datetime) -> dt.date:
    duty = received.date() - dt.timedelta(days=1 if received.time() < dt.time(6) else 0)
    day = duty + dt.timedelta(days=1)
    while (
        day.weekday() >= 5 or day in HOLIDAYS_2027 or (day.month, day.day) in {(12, 24), (12, 31)}
    ):
        day += dt.timedelta(days=1)
    return day


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(2027, 1, 15, 22), at(2027, 1, 18, 8)),  # Friday night -> Monday
        (at(2027, 1, 16, 14), at(2027, 1, 18, 8)),  # Saturday -> Monday
        (at(2027, 1, 19, 2, 30), at(2027, 1, 19, 8)),  # Tuesday 02:30 is Monday's night shift
        (
            at(2027, 3, 24, 21),
            at(2027, 3, 30, 8),
        ),  # the evening before Maundy Thursday -> after Easter
        (at(2027, 5, 5, 20), at(2027, 5, 7, 8)),  # Ascension Day is skipped
        (at(2027, 5, 14, 19), at(2027, 5, 18, 8)),  # Whitsun weekend + Whit Monday
        (at(2026, 12, 23, 20), at(2026, 12, 28, 8)),  # Christmas Eve closed, then holidays/weekend
        (at(2026, 12, 30, 20), at(2027, 1, 4, 8)),  # New Year's Eve closed, 1 Jan, weekend
        (at(2024, 4, 25, 20), at(2024, 4, 26, 8)),  # Store Bededag is a working day since 2024
        (at(2027, 3, 27, 12), at(2027, 3, 30, 8)),  # DST change weekend: 08:00 is local time
    ],
)
def test_the_offer_is_the_first_slot_of_the_next_working_day(
    received: dt.datetime, expected: dt.datetime
) -> None:
    assert offer(received) == expected


@pytest.mark.parametrize("hour", [0, 5, 6, 9, 15, 16, 19, 23])
def test_every_day_of_a_whole_year_gets_the_right_day(hour: int) -> None:
    day = dt.date(2027, 1, 1)
    while day.year == 2027:
        received = dt.datetime.combine(day, dt.time(hour, 30), tzinfo=CPH)
        start = offer(received)
        assert start.date() == expected_day(received), received
        assert start.timetz().replace(tzinfo=None) == dt.time(8), received
        day += dt.timedelta(days=1)


def test_a_unit_closing_day_is_skipped() -> None:
    calendar = ServiceCalendar(
        timezone=CPH,
        hours=POLARIS.hours,
        closing_dates=frozenset({dt.date(2027, 2, 2)}),
        annual_closing_days=frozenset(),
        slot=POLARIS.slot,
    )
    start, _ = first_free_slot(received_at=at(2027, 2, 1, 20), calendar=calendar, taken=[])
    assert start == at(2027, 2, 3, 8)


def test_booked_slots_are_skipped_and_a_full_day_moves_the_offer_on() -> None:
    monday = [at(2027, 1, 18, hour) for hour in range(8, 16)]
    assert offer(at(2027, 1, 15, 22), taken=monday[:2]) == at(2027, 1, 18, 10)
    assert offer(at(2027, 1, 15, 22), taken=monday) == at(2027, 1, 19, 8)


def test_the_last_slot_ends_by_closing_time() -> None:
    calendar = ServiceCalendar(
        timezone=CPH,
        hours={0: (dt.time(8), dt.time(9, 30))},
        closing_dates=frozenset(),
        annual_closing_days=frozenset(),
        slot=dt.timedelta(minutes=60),
    )
    first = first_free_slot(received_at=at(2027, 1, 15, 22), calendar=calendar, taken=[])
    assert first == (at(2027, 1, 18, 8), at(2027, 1, 18, 9))
    with pytest.raises(NoFreeSlot):
        first_free_slot(
            received_at=at(2027, 1, 15, 22),
            calendar=ServiceCalendar(
                timezone=CPH,
                hours={},
                closing_dates=frozenset(),
                annual_closing_days=frozenset(),
                slot=POLARIS.slot,
            ),
            taken=[],
        )
