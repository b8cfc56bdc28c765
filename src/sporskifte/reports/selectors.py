"""Leaders' reports: the units a leader may report on (their units and those below). Reports
hold aggregates only, never one citizen's data, so they are not access-logged."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from sporskifte.core.access import units_in_scope
from sporskifte.core.errors import InvalidInput, NotFound
from sporskifte.core.types import Actor
from sporskifte.organisation.models import Membership, Unit
from sporskifte.reports.indicators import (
    Indicator,
    Month,
    Period,
    compute_indicators,
    monthly_trend,
)


def report_units_for_user(*, user: Actor) -> QuerySet[Unit]:
    return units_in_scope(user, roles=[Membership.Role.LEADER]).order_by("path")


def indicators_for_user(
    *, user: Actor, unit_slug: str | None, start: dt.date | None, end: dt.date | None
) -> tuple[Period, Unit | None, list[Indicator]]:
    period, unit, units = _scope(user=user, unit_slug=unit_slug, start=start, end=end)
    return period, unit, compute_indicators(units=units, period=period)


def trend_for_user(
    *, user: Actor, unit_slug: str | None, start: dt.date | None, end: dt.date | None
) -> list[Month]:
    period, _unit, units = _scope(user=user, unit_slug=unit_slug, start=start, end=end)
    return monthly_trend(units=units, period=period)


def _scope(
    *, user: Actor, unit_slug: str | None, start: dt.date | None, end: dt.date | None
) -> tuple[Period, Unit | None, QuerySet[Unit]]:
    allowed = report_units_for_user(user=user)
    if not allowed.exists():
        raise NotFound()
    unit = None
    units = allowed
    if unit_slug:
        unit = allowed.filter(slug=unit_slug).first()
        if unit is None:
            raise NotFound()
        units = Unit.objects.filter(path__startswith=unit.path)
    today = timezone.localdate()
    period = Period(start=start or today.replace(month=1, day=1), end=end or today)
    if period.end < period.start:
        raise InvalidInput(fields={"to": [_to_after_from()]})
    return period, unit, units


def _to_after_from() -> str:
    from django.utils.translation import gettext as _

    return _("Slutdatoen skal ligge efter startdatoen.")
