"""Rules about the organisation that several apps ask, each in one place."""

import datetime as dt

from django.db.models import Q

from sporskifte.organisation.models import Service, Unit


def valid_on(day: dt.date, prefix: str = "") -> Q:
    """Rows with valid_from/valid_to (memberships) in force on `day`; valid_to is inclusive."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def below(path: str, prefix: str = "") -> Q:
    """The unit with this path and every unit below it (one indexed prefix match)."""
    return Q(**{f"{prefix}path__startswith": path})


def is_below(path: str, top: str) -> bool:
    """The same rule as `below`, for a path already fetched."""
    return path.startswith(top)


def unit_and_below(unit: Unit, prefix: str = "") -> Q:
    return below(unit.path, prefix)


def granting_authority_of(municipality_id: int) -> Unit | None:
    """The unit that decides on grants in a municipality (the first, if a file names several)."""
    return (
        Unit.objects.filter(municipality_id=municipality_id, kind=Unit.Kind.GRANTING_AUTHORITY)
        .order_by("path")
        .first()
    )


def receives_referrals(unit: Unit) -> bool:
    """Every unit but the acute line receives referrals (the line logs calls instead)."""
    return unit.kind != Unit.Kind.ACUTE_LINE


def receiving_referrals() -> Q:
    """The same rule as `receives_referrals`, for queries."""
    return ~Q(kind=Unit.Kind.ACUTE_LINE)


def is_section_82b(service: Service) -> bool:
    """The preventive § 82 b service, known by its legal basis (not by its duration cap)."""
    return service.legal_basis == Service.LegalBasis.SEL_82B


def section_82b(prefix: str = "") -> Q:
    """The same rule as `is_section_82b`, for queries."""
    return Q(**{f"{prefix}legal_basis": Service.LegalBasis.SEL_82B})
