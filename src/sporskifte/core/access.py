"""The scoping rule and the read log, in one place.

A user sees an object only through a relation that gives a reason. In Sporskifte
that relation is an active membership of a unit (or of a unit above it in the
tree) with a role that the object allows. Selectors filter their querysets with
`units_in_scope` and then fetch through `scoped_get` / `scoped_list`, which turn
"missing" and "not yours" into the same `NotFound` and write the access-log rows
for every object that carries citizen or staff data (models that define
`access_log_subject`). A selector that fetches through these helpers cannot
forget to log.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol, TypeVar, runtime_checkable

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from sporskifte.core.errors import NotFound

if TYPE_CHECKING:
    from sporskifte.core.types import Actor


@dataclass(frozen=True)
class AccessSubject:
    """Whose data an object holds: the citizen (if any) and the unit whose relation gave access."""

    citizen_id: int | None
    unit_id: int | None


@runtime_checkable
class Audited(Protocol):
    pk: object

    def access_log_subject(self) -> AccessSubject: ...


M = TypeVar("M", bound=Model)


def units_in_scope(
    user: "Actor", *, roles: Collection[str] | None = None, on: date | None = None
) -> QuerySet:
    """Units the user may see data of: every unit where the user holds a membership valid
    on `on` (today by default) with one of `roles` (any role if None), and all units below them."""
    from sporskifte.organisation.models import Membership, Unit

    if user.is_anonymous:
        return Unit.objects.none()
    memberships = Membership.objects.filter(user_id=user.pk).filter(valid_on(on))
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    paths = list(memberships.values_list("unit__path", flat=True).distinct())
    if not paths:
        return Unit.objects.none()
    below = Q()
    for path in paths:
        below |= Q(path__startswith=path)
    return Unit.objects.filter(below)


def valid_on(on: date | None = None, prefix: str = "") -> Q:
    """Memberships (or anything with valid_from/valid_to) in force on a day; valid_to is inclusive."""
    day = on or timezone.localdate()
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def scoped_get(queryset: QuerySet[M], *, user: "Actor", purpose: str, **lookup: object) -> M:
    """One object from an already scoped queryset, logged as a read; NotFound otherwise."""
    try:
        obj = queryset.get(**lookup)
    except (ObjectDoesNotExist, MultipleObjectsReturned, ValueError, TypeError):
        raise NotFound() from None
    _log_reads(user=user, objects=[obj], purpose=purpose)
    return obj


def scoped_list(queryset: QuerySet[M], *, user: "Actor", purpose: str) -> list[M]:
    """Evaluate an already scoped queryset and log one read per object that holds personal data."""
    objects = list(queryset)
    _log_reads(user=user, objects=objects, purpose=purpose)
    return objects


def _log_reads(*, user: "Actor", objects: Iterable[Model], purpose: str) -> None:
    from sporskifte.audit.models import AccessLog
    from sporskifte.audit.services import access_log_record_many

    audited = [obj for obj in objects if isinstance(obj, Audited)]
    if audited:
        access_log_record_many(
            actor=user, action=AccessLog.Action.READ, targets=audited, purpose=purpose
        )
