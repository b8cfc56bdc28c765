from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from sporskifte.access.principals import principal_of
from sporskifte.citizens import selectors, services
from sporskifte.citizens.models import Citizen
from sporskifte.core.codes import IncomeBasis
from sporskifte.core.validation import Line

router = Router()


class CitizenIn(Schema):
    name: Line = Field(max_length=200)
    cpr: Line | None = Field(None, max_length=20)
    contact: Line | None = Field(None, max_length=300)
    income_basis: IncomeBasis | None = None
    aims_for_work_or_education: bool | None = None
    expected_to_work: bool | None = None
    unit: Line | None = Field(None, max_length=100)


class CitizenOut(Schema):
    id: UUID
    name: str
    cpr_masked: str | None
    phone: str
    email: str
    income_basis: str
    aims_for_work_or_education: bool | None
    expected_to_work: bool | None


def citizen_out(citizen: Citizen) -> CitizenOut:
    return CitizenOut(
        id=citizen.public_id,
        name=citizen.name,
        cpr_masked=citizen.cpr_masked or None,
        phone=citizen.phone,
        email=citizen.email,
        income_basis=citizen.income_basis,
        aims_for_work_or_education=citizen.aims_for_work_or_education,
        expected_to_work=citizen.expected_to_work,
    )


@router.post(
    "",
    response={201: CitizenOut},
    summary="Register a citizen (CPR optional; a person already known is linked, not doubled)",
)
def citizen_create(request: HttpRequest, body: CitizenIn) -> Status[CitizenOut]:
    principal = principal_of(request)
    phone, email = services.split_contact(body.contact or "")
    registration = services.citizen_register(
        actor=principal,
        unit=services.registering_unit(actor=principal, unit_slug=body.unit),
        cpr=body.cpr or "",
        name=body.name,
        phone=phone,
        email=email,
        income_basis=body.income_basis or "",
        aims_for_work_or_education=body.aims_for_work_or_education,
        expected_to_work=body.expected_to_work,
    )
    return Status(201, citizen_out(registration.as_registered))


class CitizenSearchIn(Schema):
    query: str  # a whole CPR number, a part of a name, or a receipt number


class CitizenFound(Schema):
    id: UUID
    name: str
    cpr_masked: str | None


@router.post(
    "/search",
    response=list[CitizenFound],
    summary="Find citizens in the caller's scope by whole CPR number, name or receipt number "
    "(posted, so a CPR number never is in an address)",
)
def citizen_search(request: HttpRequest, body: CitizenSearchIn) -> list[CitizenFound]:
    citizens = selectors.citizen_search_for_user(actor=principal_of(request), query=body.query)
    return [
        CitizenFound(id=c.public_id, name=c.name, cpr_masked=c.cpr_masked or None) for c in citizens
    ]


@router.get("/{citizen_id}", response=CitizenOut, summary="A citizen in the caller's scope")
def citizen_get(request: HttpRequest, citizen_id: UUID) -> CitizenOut:
    return citizen_out(
        selectors.citizen_get_for_user(actor=principal_of(request), citizen_id=citizen_id)
    )
