"""The next-day offer (næste dags tilbud): which time the acute line can promise a caller.

The offer is the first free slot on the next working day of the service's unit; "working day"
and "open" are the one rule in `sporskifte.organisation.opening`. Slots are
`next_day_slot_minutes` long and lie wholly inside the day's hours. If that day is fully
booked, the next working day is tried.

"Next" is counted from the night shift: a call between midnight and 06:00 belongs to the
evening before, so a caller at 02:00 on a Tuesday is offered Tuesday, not Wednesday.
"""

import datetime as dt
from collections.abc import Collection, Iterator

from sporskifte.organisation.opening import ServiceCalendar

NIGHT_SHIFT_ENDS = dt.time(6, 0)
SEARCH_DAYS = 60


def offer_days(calendar: ServiceCalendar, received_at: dt.datetime) -> Iterator[dt.date]:
    local = received_at.astimezone(calendar.timezone)
    duty_date = local.date() - dt.timedelta(days=1 if local.time() < NIGHT_SHIFT_ENDS else 0)
    for offset in range(1, SEARCH_DAYS + 1):
        day = duty_date + dt.timedelta(days=offset)
        if calendar.is_working_day(day):
            yield day


class NoFreeSlot(Exception):
    """No free slot within SEARCH_DAYS: the service has no hours or is fully booked."""


def first_free_slot(
    *, received_at: dt.datetime, calendar: ServiceCalendar, taken: Collection[dt.datetime]
) -> tuple[dt.datetime, dt.datetime]:
    """The offer for a call received at `received_at` (aware); `taken` are booked slot starts."""
    taken_utc = {start.astimezone(dt.UTC) for start in taken}
    for day in offer_days(calendar, received_at):
        for start, end in calendar.slots(day):
            if start.astimezone(dt.UTC) not in taken_utc:
                return start, end
    raise NoFreeSlot()
