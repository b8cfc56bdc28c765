"""Course rules without the database, so they can be tested on every date.

The duration cap: a course with a maximum of N months (§ 82 b: 6) may last until the same day
number N calendar months after its start; when that month is shorter, the last day of that
month. So 31 August → 28 February (29 in a leap year), 15 March → 15 September. The end date
is the last day of support, included.
"""

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_end(start: dt.date, max_months: int) -> dt.date:
    return add_months(start, max_months)


def days_left(latest_end: dt.date | None, *, today: dt.date) -> int | None:
    """Days from today to the last allowed day (negative once passed); None without a cap."""
    return (latest_end - today).days if latest_end is not None else None
