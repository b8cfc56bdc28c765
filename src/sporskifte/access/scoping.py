"""Fetching through the policy, and logging what was fetched.

A selector builds a queryset limited to what the principal may reach for an action and
annotates each row with the relation that gave access (`with_access`). `scoped_get` and
`scoped_list` evaluate it, turn "missing" and "not yours" into the same `NotFound`, write one
access-log row per object that holds personal data, and leave the `Access` on each object
(`obj.access`) so the page can ask what else the principal may do with it.
"""

from collections.abc import Iterable
from typing import TypeVar, cast

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist
from django.db.models import CharField, F, Model, QuerySet, Value
from django.db.models.expressions import Combinable

from sporskifte.access.log import log_reads
from sporskifte.access.policy import Access, Relation
from sporskifte.access.principals import Principal
from sporskifte.core.errors import NotFound

M = TypeVar("M", bound=Model)


def with_access(
    queryset: QuerySet[M], *, relation: Relation | Combinable, unit: str | Combinable
) -> QuerySet[M]:
    """Annotate each row with the relation and unit that give access to it."""
    annotated = queryset.annotate(
        access_relation=Value(str(relation), output_field=CharField())
        if isinstance(relation, Relation)
        else relation,
        access_unit_id=F(unit) if isinstance(unit, str) else unit,
    )
    return cast(QuerySet[M], annotated)


def access_of(obj: Model) -> Access:
    """The access a scoped fetch left on the object: the relation and unit that gave it."""
    access = getattr(obj, "access", None)
    if not isinstance(access, Access):
        raise TypeError(f"{obj._meta.label} was not fetched through the access policy")
    return access


def annotated_access(obj: Model) -> Access:
    relation = getattr(obj, "access_relation", None)
    if relation is None:
        raise TypeError(f"{obj._meta.label} was fetched without with_access()")
    return Access(relation=Relation(relation), unit_id=getattr(obj, "access_unit_id", None))


def scoped_get(queryset: QuerySet[M], *, principal: Principal, purpose: str, **lookup: object) -> M:
    """One object from a scoped, annotated queryset, logged as a read; NotFound otherwise."""
    try:
        obj = queryset.get(**lookup)
    except (ObjectDoesNotExist, MultipleObjectsReturned, ValueError, TypeError):
        raise NotFound() from None
    return scoped([obj], principal=principal, purpose=purpose)[0]


def scoped_list(queryset: QuerySet[M], *, principal: Principal, purpose: str) -> list[M]:
    """Evaluate a scoped, annotated queryset and log one read per object with personal data."""
    return scoped(list(queryset), principal=principal, purpose=purpose)


def scoped(objects: Iterable[M], *, principal: Principal, purpose: str) -> list[M]:
    """Log reads of objects fetched through `with_access` and leave `obj.access` on each."""
    return scoped_as(
        [(obj, annotated_access(obj)) for obj in objects], principal=principal, purpose=purpose
    )


def scoped_as(reads: Iterable[tuple[M, Access]], *, principal: Principal, purpose: str) -> list[M]:
    """Log reads whose access the selector worked out itself, and leave it on each object."""
    found = list(reads)
    for obj, access in found:
        obj.access = access  # type: ignore[attr-defined]
    log_reads(principal=principal, reads=found, purpose=purpose)
    return [obj for obj, _access in found]
