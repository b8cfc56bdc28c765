"""The next-day offer (næste dags tilbud): which time the acute line can promise a caller.

The rule, in one place: the offer is the first free slot on the next working day of the
service's unit. A working day is a weekday on which the service has delivery hours, that is
not a Danish public holiday (the `holidays` package, so Store Bededag is gone from 2024) and
not one of the unit's own closing days. Slots are `next_day_slot_minutes` long and lie wholly
inside the day's hours. If that day is fully booked, the next working day is tried.

"Next" is counted from the night shift: a call between midnight and 06:00 belongs to the
evening before, so a caller at 02:00 on a Tuesday is offered Tuesday, not Wednesday.
"""

import datetime as dt
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

import holidays

NIGHT_SHIFT_ENDS = dt.time(6, 0)
SEARCH_DAYS = 60


@cache
def danish_public_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("DK", years=year))


@dataclass(frozen=True)
class ServiceCalendar:
    timezone: ZoneInfo
    hours: dict[int, tuple[dt.time, dt.time]]  # weekday (0 = Monday) -> (opens, closes)
    closing_dates: frozenset[dt.date]
    annual_closing_days: frozenset[tuple[int, int]]  # (month, day)
    slot: dt.timedelta

    def is_working_day(self, day: dt.date) -> bool:
        return (
            day.weekday() in self.hours
            and day not in danish_public_holidays(day.year)
            and day not in self.closing_dates
            and (day.month, day.day) not in self.annual_closing_days
        )

    def offer_days(self, received_at: dt.datetime) -> Iterator[dt.date]:
        local = received_at.astimezone(self.timezone)
        duty_date = local.date() - dt.timedelta(days=1 if local.time() < NIGHT_SHIFT_ENDS else 0)
        for offset in range(1, SEARCH_DAYS + 1):
            day = duty_date + dt.timedelta(days=offset)
            if self.is_working_day(day):
                yield day

    def slots(self, day: dt.date) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        opens, closes = self.hours[day.weekday()]
        start = dt.datetime.combine(day, opens, tzinfo=self.timezone)
        end_of_day = dt.datetime.combine(day, closes, tzinfo=self.timezone)
        while start + self.slot <= end_of_day:
            yield start, start + self.slot
            start += self.slot


class NoFreeSlot(Exception):
    """No free slot within SEARCH_DAYS: the service has no hours or is fully booked."""


def first_free_slot(
    *, received_at: dt.datetime, calendar: ServiceCalendar, taken: Collection[dt.datetime]
) -> tuple[dt.datetime, dt.datetime]:
    """The offer for a call received at `received_at` (aware); `taken` are booked slot starts."""
    taken_utc = {start.astimezone(dt.UTC) for start in taken}
    for day in calendar.offer_days(received_at):
        for start, end in calendar.slots(day):
            if start.astimezone(dt.UTC) not in taken_utc:
                return start, end
    raise NoFreeSlot()
