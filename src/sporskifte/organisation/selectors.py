"""Public reads of the organisation (no sign-in). What a staff member sees of their own units
is scoped by the access policy: sporskifte.accounts.selectors."""

from collections.abc import Iterable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class PhoneLine:
    """A number a citizen can call, as the public pages and the plan PDF show it."""

    name: str
    phone: str  # empty while the organisation file lacks it (load_organisation warns)
    hours: str


def _phone_line(unit: Unit) -> PhoneLine:
    contacts = list(unit.contacts.all())
    for contact in contacts:
        if contact.phone or contact.mobile:
            return PhoneLine(unit.name, contact.phone or contact.mobile, contact.phone_hours)
    return PhoneLine(unit.name, "", next((c.phone_hours for c in contacts if c.phone_hours), ""))


def _public_contacts() -> Prefetch:
    return Prefetch(
        "contacts", queryset=Contact.objects.filter(visibility=Contact.Visibility.PUBLIC)
    )


def acute_line_list(*, municipality_id: int) -> list[PhoneLine]:
    """The municipality's acute lines, each with its first public number and hours. A line
    whose number is not in the organisation file yet is listed without one, so that a page
    can say so rather than leave the line out."""
    units = (
        Unit.objects.filter(municipality_id=municipality_id, kind=Unit.Kind.ACUTE_LINE)
        .prefetch_related(_public_contacts())
        .order_by("position", "path")
    )
    return [_phone_line(unit) for unit in units]


def unit_phone_list(*, unit_ids: Iterable[int]) -> list[PhoneLine]:
    """The units' public numbers (units without one are left out)."""
    units = (
        Unit.objects.filter(pk__in=list(unit_ids))
        .prefetch_related(_public_contacts())
        .order_by("position", "path")
    )
    return [line for line in map(_phone_line, units) if line.phone]
