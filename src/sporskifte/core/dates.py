"""Dates a person could mean. The calendar goes from year 1 to 9999, but the first and last
days cannot be shifted to another time zone or moved a day: such a date in a form or an API
call must be a message next to the field, never a crash."""

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)


def is_plausible(day: dt.date | dt.datetime) -> bool:
    return EARLIEST <= (day.date() if isinstance(day, dt.datetime) else day) <= LATEST


def outside_range_message() -> str:
    return _("Angiv en dato mellem %(first)s og %(last)s.") % {
        "first": f"{EARLIEST:%d.%m.%Y}",
        "last": f"{LATEST:%d.%m.%Y}",
    }


def plausible_date(day: dt.date) -> None:
    """A form field validator."""
    if not is_plausible(day):
        raise ValidationError(outside_range_message())


def _plausible_in_api(value: Any) -> Any:
    if not is_plausible(value):
        raise PydanticCustomError("implausible_date", outside_range_message())
    return value


# The API's dates and times: a 422 naming the field outside EARLIEST..LATEST.
Day = Annotated[dt.date, AfterValidator(_plausible_in_api)]
Moment = Annotated[dt.datetime, AfterValidator(_plausible_in_api)]
