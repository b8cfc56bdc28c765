"""Public reads of the organisation (no sign-in). What a staff member sees of their own units
is scoped by the access policy: sporskifte.accounts.selectors."""

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from sporskifte.organisation.models import (
    Contact,
    Location,
    Municipality,
    Service,
    Unit,
)


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
