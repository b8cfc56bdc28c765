import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from sporskifte.accounts.models import User
from sporskifte.audit.models import AccessLog
from sporskifte.core.access import units_in_scope
from sporskifte.core.types import Actor
from sporskifte.organisation.models import Membership


@dataclass(frozen=True)
class AccessLogFilter:
    actor_id: int | None = None
    citizen_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def access_log_list_for_user(*, user: Actor, filters: AccessLogFilter) -> QuerySet[AccessLog]:
    """Entries a leader may see: those whose access went through a unit the leader leads
    (or one below it). Dates are whole local days, both ends included."""
    queryset = AccessLog.objects.filter(
        unit__in=units_in_scope(user, roles=[Membership.Role.LEADER])
    ).select_related("actor", "unit")
    if filters.actor_id is not None:
        queryset = queryset.filter(actor_id=filters.actor_id)
    if filters.citizen_id is not None:
        queryset = queryset.filter(citizen_id=filters.citizen_id)
    if filters.date_from is not None:
        queryset = queryset.filter(at__gte=_local_midnight(filters.date_from))
    if filters.date_to is not None:
        queryset = queryset.filter(at__lt=_local_midnight(filters.date_to + dt.timedelta(days=1)))
    return queryset.order_by("-at", "-id")


def access_log_actor_choices(*, user: Actor) -> QuerySet[User]:
    """Staff who have worked in the leader's units: the people the log can be filtered by."""
    units = units_in_scope(user, roles=[Membership.Role.LEADER])
    return (
        User.objects.filter(memberships__unit__in=units)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
