"""Writes to the organisation. Loading a file is one transaction: all of it or nothing."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction

from sporskifte.organisation.models import (
    ClosingDay,
    Contact,
    DeliveryHours,
    Location,
    Municipality,
    RoutingRule,
    Service,
    ServiceElement,
    SsoRole,
    Unit,
)
from sporskifte.organisation.orgfile import WEEKDAYS, OrganisationFile, ServiceSpec, UnitSpec

M = TypeVar("M", bound=models.Model)


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def summary(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.deleted} deleted, "
            f"{self.unchanged} unchanged"
        )


@transaction.atomic
def organisation_load(*, document: OrganisationFile) -> LoadReport:
    """Make the database match the file for its municipality; a second load changes nothing.

    Units, locations and services are matched by slug and updated in place (their ids
    are referenced by memberships and, later, citizen data). A unit that is in the
    database but not in the file is kept and reported, never deleted."""
    report = LoadReport()
    spec = document.municipality
    municipality = _upsert(
        Municipality,
        {"slug": spec.slug},
        {"name": spec.name, "code": spec.code, "website": spec.website},
        report,
    )
    locations = {
        loc.slug: _upsert(
            Location,
            {"municipality": municipality, "slug": loc.slug},
            {
                "name": loc.name,
                "street": loc.address.street,
                "postcode": loc.address.postcode,
                "city": loc.address.city,
                "has_front_desk": loc.front_desk,
                "description": loc.description,
            },
            report,
        )
        for loc in document.locations
    }
    units: dict[str, Unit] = {}
    for position, (unit_spec, parent_spec) in enumerate(document.all_units()):
        parent = units[parent_spec.slug] if parent_spec else None
        unit = _load_unit(municipality, unit_spec, parent, position, report)
        units[unit_spec.slug] = unit
        _sync_m2m(unit.locations, [locations[slug] for slug in unit_spec.locations], report)
        _load_contacts(unit, unit_spec, report)
        _load_closing_days(unit, unit_spec, report)
        for service_position, service_spec in enumerate(unit_spec.services):
            _load_service(municipality, unit, service_spec, service_position, report)

    _sync_rows(
        municipality.routing_rules.all(),
        [
            RoutingRule(
                municipality=municipality,
                code=rule.code,
                position=position,
                income_bases=rule.when.income_basis or [],
                aims_for_work_or_education=rule.when.aims_for_work_or_education,
                expected_to_work=rule.when.expected_to_work,
                track=units[rule.track],
                explanation=rule.explanation,
            )
            for position, rule in enumerate(document.routing)
        ],
        (
            "code",
            "position",
            "income_bases",
            "aims_for_work_or_education",
            "expected_to_work",
            "track_id",
            "explanation",
        ),
        report,
    )

    _sync_rows(
        municipality.sso_roles.all(),
        [
            SsoRole(municipality=municipality, name=m.name, unit=units[m.unit], role=m.role)
            for m in document.sso_roles
        ],
        ("name", "unit_id", "role"),
        report,
    )

    missing = Unit.objects.filter(municipality=municipality).exclude(slug__in=list(units))
    for unit in missing:
        report.warnings.append(
            f"unit '{unit.slug}' is in the database but not in the file; left unchanged"
        )
    return report


def _load_unit(
    municipality: Municipality,
    spec: UnitSpec,
    parent: Unit | None,
    position: int,
    report: LoadReport,
) -> Unit:
    path = f"{parent.path if parent else f'/{municipality.slug}/'}{spec.slug}/"
    existing = Unit.objects.filter(municipality=municipality, slug=spec.slug).first()
    if existing is not None and existing.path != path:
        # The unit moved in the tree: its descendants' paths move with it.
        for below in Unit.objects.filter(path__startswith=existing.path).exclude(pk=existing.pk):
            below.path = path + below.path.removeprefix(existing.path)
            below.save(update_fields=["path"])
    return _upsert(
        Unit,
        {"municipality": municipality, "slug": spec.slug},
        {
            "parent": parent,
            "path": path,
            "name": spec.name,
            "label": spec.label,
            "kind": spec.kind,
            "target_group": spec.target_group,
            "aim": spec.aim,
            "description": spec.description,
            "is_public": spec.public,
            "capacity": spec.capacity,
            "position": position,
        },
        report,
    )


def _load_contacts(unit: Unit, spec: UnitSpec, report: LoadReport) -> None:
    _sync_rows(
        unit.contacts.all(),
        [
            Contact(unit=unit, position=position, **contact.model_dump())
            for position, contact in enumerate(spec.contacts)
        ],
        (
            "name",
            "title",
            "phone",
            "mobile",
            "phone_hours",
            "email",
            "secure_email",
            "visibility",
            "position",
        ),
        report,
    )


def _load_closing_days(unit: Unit, spec: UnitSpec, report: LoadReport) -> None:
    _sync_rows(
        unit.closing_days.all(),
        [
            ClosingDay(unit=unit, date=day.date, reason=day.reason, recurs_annually=day.every_year)
            for day in spec.closing_days
        ],
        ("date", "reason", "recurs_annually"),
        report,
    )


def _load_service(
    municipality: Municipality, unit: Unit, spec: ServiceSpec, position: int, report: LoadReport
) -> Service:
    service = _upsert(
        Service,
        {"municipality": municipality, "slug": spec.slug},
        {
            "unit": unit,
            "name": spec.name,
            "legal_basis": spec.legal_basis,
            "description": spec.description,
            "target_group": spec.target_group,
            "grant_required": spec.grant_required,
            "max_duration_months": spec.max_duration_months,
            "around_the_clock": spec.around_the_clock,
            "preferred_min_age": spec.preferred_min_age,
            "accepts_self_referral": spec.self_referral,
            "accepts_professional_referral": spec.professional_referral,
            "does_outreach": spec.outreach,
            "part_of_next_day_offer": spec.next_day_offer,
            "next_day_slot_minutes": spec.next_day_slot_minutes,
            "is_public": spec.public,
            "position": position,
        },
        report,
    )
    _sync_rows(
        service.hours.all(),
        [
            DeliveryHours(
                service=service, weekday=WEEKDAYS.index(day), opens=hours.opens, closes=hours.closes
            )
            for hours in spec.hours
            for day in hours.days
        ],
        ("weekday", "opens", "closes"),
        report,
    )
    _sync_rows(
        service.elements.all(),
        [
            ServiceElement(
                service=service, code=element.code, name=element.name, position=element_position
            )
            for element_position, element in enumerate(spec.elements)
        ],
        ("code", "name", "position"),
        report,
    )
    return service


def _upsert(
    model: type[M], lookup: dict[str, Any], values: dict[str, Any], report: LoadReport
) -> M:
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        report.created += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        report.unchanged += 1
        return obj
    for name in changed:
        setattr(obj, name, values[name])
    obj.full_clean()
    obj.save(update_fields=changed)
    report.updated += 1
    return obj


def _sync_rows(
    existing: models.QuerySet[M], wanted: list[M], compared: tuple[str, ...], report: LoadReport
) -> None:
    """Replace a small child collection (contacts, hours, …) only when it differs from the file."""

    def key(row: models.Model) -> tuple[Any, ...]:
        return tuple(getattr(row, name) for name in compared)

    current = list(existing)
    if sorted(map(key, current), key=repr) == sorted(map(key, wanted), key=repr):
        report.unchanged += len(current)
        return
    report.deleted += len(current)
    existing.delete()
    for row in wanted:
        row.full_clean()
    if wanted:
        type(wanted[0])._default_manager.bulk_create(wanted)
    report.created += len(wanted)


def _sync_m2m(manager: Any, wanted: Iterable[models.Model], report: LoadReport) -> None:
    wanted_ids = {obj.pk for obj in wanted}
    current_ids = set(manager.values_list("pk", flat=True))
    if current_ids != wanted_ids:
        manager.set(wanted_ids)
        if current_ids:
            report.updated += 1
        else:
            report.created += 1
