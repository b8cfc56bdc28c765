from django.http import HttpRequest
from ninja import Field, Router, Schema

from sporskifte.access.principals import principal_of
from sporskifte.accounts import selectors
from sporskifte.organisation.orgfile import WEEKDAYS

router = Router()


class UnitOut(Schema):
    slug: str
    name: str
    kind: str
    parent: str | None
    municipality: str
    public: bool


# Local clock times without an offset: OpenAPI's "time" format demands one, so a pattern.
CLOCK = Field(pattern=r"^\d{2}:\d{2}:\d{2}$", examples=["08:00:00"])


class HoursOut(Schema):
    weekday: str
    opens: str = CLOCK
    closes: str = CLOCK


class ElementOut(Schema):
    code: str
    name: str


class ServiceOut(Schema):
    slug: str
    name: str
    unit: str
    legal_basis: str
    legal_basis_label: str
    grant_required: bool
    max_duration_months: int | None
    around_the_clock: bool
    hours: list[HoursOut]
    elements: list[ElementOut]


@router.get("/units", response=list[UnitOut], summary="Units of the caller's municipality")
def unit_list(request: HttpRequest) -> list[UnitOut]:
    return [
        UnitOut(
            slug=unit.slug,
            name=unit.name,
            kind=unit.kind,
            parent=unit.parent.slug if unit.parent else None,
            municipality=unit.municipality.slug,
            public=unit.is_public,
        )
        for unit in selectors.unit_list_for_user(actor=principal_of(request))
    ]


@router.get("/services", response=list[ServiceOut], summary="Services with legal basis and hours")
def service_list(request: HttpRequest) -> list[ServiceOut]:
    return [
        ServiceOut(
            slug=service.slug,
            name=service.name,
            unit=service.unit.slug,
            legal_basis=service.legal_basis,
            legal_basis_label=service.get_legal_basis_display(),
            grant_required=service.grant_required,
            max_duration_months=service.max_duration_months,
            around_the_clock=service.around_the_clock,
            hours=[
                HoursOut(
                    weekday=WEEKDAYS[h.weekday],
                    opens=h.opens.isoformat(),
                    closes=h.closes.isoformat(),
                )
                for h in service.hours.all()
            ],
            elements=[ElementOut(code=e.code, name=e.name) for e in service.elements.all()],
        )
        for service in selectors.service_list_for_user(actor=principal_of(request))
    ]
