"""Reads of the organisation. Public reads take no user; staff reads are scoped."""

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from sporskifte.core.access import scoped_get, units_in_scope, valid_on
from sporskifte.core.errors import NotFound
from sporskifte.core.types import Actor
from sporskifte.organisation.models import (
    Contact,
    Location,
    Membership,
    Municipality,
    Service,
    Unit,
)

PURPOSE_UNIT_DETAILS = "Enhedens interne kontaktoplysninger og medarbejderliste"


def municipality_for_public() -> Municipality | None:
    """The municipality the public pages show: PUBLIC_MUNICIPALITY, or the only one loaded."""
    if settings.PUBLIC_MUNICIPALITY:
        return Municipality.objects.filter(slug=settings.PUBLIC_MUNICIPALITY).first()
    municipalities = list(Municipality.objects.all()[:2])
    return municipalities[0] if len(municipalities) == 1 else None


def _public_services() -> QuerySet[Service]:
    return Service.objects.filter(is_public=True).prefetch_related("elements", "hours")


def public_unit_list(*, municipality: Municipality) -> QuerySet[Unit]:
    """Public units with their public contacts, addresses and public services, for the contact page."""
    return (
        Unit.objects.filter(municipality=municipality, is_public=True)
        .prefetch_related(
            Prefetch(
                "contacts", queryset=Contact.objects.filter(visibility=Contact.Visibility.PUBLIC)
            ),
            Prefetch("services", queryset=_public_services()),
            "locations",
        )
        .order_by("position", "path")
    )


def public_location_list(*, municipality: Municipality) -> QuerySet[Location]:
    return Location.objects.filter(municipality=municipality)


def _municipalities_of(user: Actor) -> QuerySet[Municipality]:
    return Municipality.objects.filter(units__in=units_in_scope(user)).distinct()


def municipality_for_user(*, user: Actor) -> Municipality:
    """The municipality the user works in (through a current membership); NotFound if none."""
    municipality = _municipalities_of(user).order_by("pk").first()
    if municipality is None:
        raise NotFound()
    return municipality


def unit_list_for_user(*, user: Actor) -> QuerySet[Unit]:
    """Every unit of the user's municipality (public facts only), for lists and the API."""
    return (
        Unit.objects.filter(municipality__in=_municipalities_of(user))
        .select_related("parent", "municipality")
        .order_by("path")
    )


def service_list_for_user(*, user: Actor) -> QuerySet[Service]:
    return (
        Service.objects.filter(municipality__in=_municipalities_of(user))
        .select_related("unit")
        .prefetch_related("hours", "elements")
        .order_by("unit__path", "position", "name")
    )


def my_unit_list(*, user: Actor) -> QuerySet[Unit]:
    """The units whose internal details the user may open (own units and those below them)."""
    return units_in_scope(user).order_by("path")


def membership_list_for_user(*, user: Actor) -> QuerySet[Membership]:
    """The user's own memberships in force today."""
    if user.is_anonymous:
        return Membership.objects.none()
    return (
        Membership.objects.filter(valid_on(), user_id=user.pk)
        .select_related("unit")
        .order_by("unit__path")
    )


def unit_get_for_user(*, user: Actor, slug: str) -> Unit:
    """A unit with its internal contacts and current staff; NotFound outside the user's scope.

    The read is logged: the staff list holds colleagues' names and direct lines."""
    queryset = units_in_scope(user).prefetch_related(
        "contacts",
        "locations",
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(valid_on()).select_related("user"),
            to_attr="current_memberships",
        ),
        Prefetch("services", queryset=Service.objects.prefetch_related("hours")),
        "closing_days",
    )
    return scoped_get(queryset, user=user, purpose=PURPOSE_UNIT_DETAILS, slug=slug)
