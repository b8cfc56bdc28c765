from django.http import HttpRequest
from ninja import Router, Schema, Status

from sporskifte.citizens import selectors, services
from sporskifte.citizens.models import Citizen

router = Router()


class CitizenIn(Schema):
    name: str
    cpr: str | None = None
    contact: str | None = None
    income_basis: str = ""
    aims_for_work_or_education: bool | None = None
    expected_to_work: bool | None = None
    unit: str | None = None


class CitizenOut(Schema):
    id: int
    name: str
    cpr_masked: str | None
    phone: str
    email: str
    income_basis: str
    aims_for_work_or_education: bool | None
    expected_to_work: bool | None


def citizen_out(citizen: Citizen) -> CitizenOut:
    return CitizenOut(
        id=citizen.pk,
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
    summary="Register a citizen (CPR optional; the same CPR twice answers 409)",
)
def citizen_create(request: HttpRequest, body: CitizenIn) -> Status[CitizenOut]:
    phone, email = services.split_contact(body.contact or "")
    citizen = services.citizen_register(
        actor=request.user,
        unit=services.registering_unit(actor=request.user, unit_slug=body.unit),
        cpr=body.cpr or "",
        name=body.name,
        phone=phone,
        email=email,
        income_basis=body.income_basis,
        aims_for_work_or_education=body.aims_for_work_or_education,
        expected_to_work=body.expected_to_work,
    )
    return Status(201, citizen_out(citizen))


@router.get("/{citizen_id}", response=CitizenOut, summary="A citizen in the caller's scope")
def citizen_get(request: HttpRequest, citizen_id: int) -> CitizenOut:
    return citizen_out(selectors.citizen_get_for_user(user=request.user, citizen_id=citizen_id))
