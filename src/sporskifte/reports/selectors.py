"""Leaders' reports: the units a leader may report on (their units and those below). Reports
hold aggregates only, never one citizen's data, so they are not access-logged."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sporskifte.access.policy import Action, Relation
from sporskifte.access.principals import AnyActor, as_principal
from sporskifte.core.dates import is_plausible
from sporskifte.core.errors import InvalidInput, NotFound
from sporskifte.organisation.models import Unit
from sporskifte.organisation.rules import unit_and_below
from sporskifte.reports.indicators import (
    Indicator,
    Month,
    Period,
    compute_indicators,
    monthly_trend,
)


def report_units_for_user(*, actor: AnyActor) -> QuerySet[Unit]:
    """The units the principal oversees, maybe none (the dashboard then says so)."""
    ids = as_principal(actor).unit_ids(Relation.UNIT, Action.OVERSEE)
    return Unit.objects.filter(pk__in=ids).order_by("path")


def report_units_for_leader(*, actor: AnyActor) -> QuerySet[Unit]:
    """The units the principal oversees; NotFound for a principal who oversees none."""
    units = report_units_for_user(actor=actor)
    if not units:
        raise NotFound()
    return units


def default_period() -> Period:
    """From 1 January this year until today."""
    today = timezone.localdate()
    return Period(start=today.replace(month=1, day=1), end=today)


@dataclass(frozen=True)
class Report:
    period: Period
    previous_period: Period
    unit: Unit | None
    indicators: list[Indicator]
    previous: list[Indicator]


def report_for_user(
    *, actor: AnyActor, unit_slug: str | None, start: dt.date | None, end: dt.date | None
) -> Report:
    """The indicators of the period and of the period of equal length just before it."""
    period, unit, units = _scope(actor=actor, unit_slug=unit_slug, start=start, end=end)
    previous = period.previous()
    return Report(
        period=period,
        previous_period=previous,
        unit=unit,
        indicators=compute_indicators(units=units, period=period),
        previous=compute_indicators(units=units, period=previous),
    )


def indicators_for_user(
    *, actor: AnyActor, unit_slug: str | None, start: dt.date | None, end: dt.date | None
) -> tuple[Period, Unit | None, list[Indicator]]:
    period, unit, units = _scope(actor=actor, unit_slug=unit_slug, start=start, end=end)
    return period, unit, compute_indicators(units=units, period=period)


def trend_for_user(
    *, actor: AnyActor, unit_slug: str | None, start: dt.date | None, end: dt.date | None
) -> list[Month]:
    period, _unit, units = _scope(actor=actor, unit_slug=unit_slug, start=start, end=end)
    return monthly_trend(units=units, period=period)


def _scope(
    *, actor: AnyActor, unit_slug: str | None, start: dt.date | None, end: dt.date | None
) -> tuple[Period, Unit | None, QuerySet[Unit]]:
    allowed = report_units_for_leader(actor=actor)
    unit = None
    units = allowed
    if unit_slug:
        unit = allowed.filter(slug=unit_slug).first()
        if unit is None:
            raise NotFound()
        units = Unit.objects.filter(unit_and_below(unit))
    default = default_period()
    period = Period(start=start or default.start, end=end or default.end)
    for field, day in (("from", period.start), ("to", period.end)):
        if not is_plausible(day):
            raise InvalidInput(fields={field: [_("Angiv en dato mellem 1900 og 2199.")]})
    if period.end < period.start:
        raise InvalidInput(fields={"to": [_("Slutdatoen skal ligge efter startdatoen.")]})
    return period, unit, units
