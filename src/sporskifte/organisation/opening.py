"""When a service's unit is open — the one rule for appointments and the next-day offer.

A unit is open on a working day — a weekday on which the service has delivery hours, not a
Danish public holiday (the `holidays` package; Store Bededag is a working day from 2024) and
not one of the unit's own closing days — between the day's opening and closing times.
A service that is `around_the_clock` is always open.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

from sporskifte.organisation.models import Service


@cache
def danish_public_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("DK", years=year))


@dataclass(frozen=True)
class ServiceCalendar:
    timezone: ZoneInfo
    hours: dict[int, tuple[dt.time, dt.time]]  # weekday (0 = Monday) -> (opens, closes)
    closing_dates: frozenset[dt.date]
    annual_closing_days: frozenset[tuple[int, int]]  # (month, day)
    slot: dt.timedelta = dt.timedelta(hours=1)
    around_the_clock: bool = False

    def is_working_day(self, day: dt.date) -> bool:
        return (
            day.weekday() in self.hours
            and day not in danish_public_holidays(day.year)
            and day not in self.closing_dates
            and (day.month, day.day) not in self.annual_closing_days
        )

    def is_open(self, start: dt.datetime, end: dt.datetime) -> bool:
        """Whether the whole of [start, end) lies inside one working day's hours."""
        if self.around_the_clock:
            return end > start
        local_start = start.astimezone(self.timezone)
        local_end = end.astimezone(self.timezone)
        day = local_start.date()
        if end <= start or local_end.date() != day or not self.is_working_day(day):
            return False
        opens, closes = self.hours[day.weekday()]
        return opens <= local_start.time() and local_end.time() <= closes

    def slots(self, day: dt.date) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        opens, closes = self.hours[day.weekday()]
        start = dt.datetime.combine(day, opens, tzinfo=self.timezone)
        end_of_day = dt.datetime.combine(day, closes, tzinfo=self.timezone)
        while start + self.slot <= end_of_day:
            yield start, start + self.slot
            start += self.slot


def service_calendar(service: Service) -> ServiceCalendar:
    """The calendar of a service at its unit; reads `hours` and `unit.closing_days` (prefetch
    them when building many)."""
    closing = list(service.unit.closing_days.all())
    return ServiceCalendar(
        timezone=ZoneInfo(settings.TIME_ZONE),
        hours={hours.weekday: (hours.opens, hours.closes) for hours in service.hours.all()},
        closing_dates=frozenset(day.date for day in closing if not day.recurs_annually),
        annual_closing_days=frozenset(
            (day.date.month, day.date.day) for day in closing if day.recurs_annually
        ),
        slot=dt.timedelta(minutes=service.next_day_slot_minutes),
        around_the_clock=service.around_the_clock,
    )
