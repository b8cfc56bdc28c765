"""Reads of the logs. Who may see which rows is decided by the access policy (access app),
which passes the units and citizens a reader oversees."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from sporskifte.audit.models import AccessLog


@dataclass(frozen=True)
class AccessLogFilter:
    actor_id: int | None = None
    citizen_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def access_log_list(*, visible: Q, filters: AccessLogFilter) -> QuerySet[AccessLog]:
    """The rows `visible` admits, filtered; dates are whole local days, both ends included."""
    queryset = AccessLog.objects.filter(visible).select_related("actor", "unit")
    if filters.actor_id is not None:
        queryset = queryset.filter(actor_id=filters.actor_id)
    if filters.citizen_id is not None:
        queryset = queryset.filter(citizen_id=filters.citizen_id)
    if filters.date_from is not None:
        queryset = queryset.filter(at__gte=_local_midnight(filters.date_from))
    if filters.date_to is not None:
        queryset = queryset.filter(at__lt=_local_midnight(filters.date_to + dt.timedelta(days=1)))
    return queryset.order_by("-at", "-id")
