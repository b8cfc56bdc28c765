from datetime import datetime
from typing import Annotated
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from sporskifte.access.policy import Action
from sporskifte.access.principals import principal_of
from sporskifte.citizens.selectors import citizen_get_for_user
from sporskifte.core.codes import IncomeBasis
from sporskifte.core.dates import Moment
from sporskifte.core.errors import NotFound
from sporskifte.core.ratelimit import client_key
from sporskifte.core.validation import TEXT_MAX_LENGTH, Line, Text
from sporskifte.organisation.selectors import municipality_for_public
from sporskifte.referrals import selectors, services
from sporskifte.referrals.models import AcuteCall, Referral
from sporskifte.referrals.routing import CitizenFacts

router = Router()
public_router = Router(auth=None)


class ReferralIn(Schema):
    """A professional's referral, registered by staff. (A citizen's own referral comes through
    /public/self-referrals, a call through /acute-line/calls.)"""

    citizen_id: UUID
    unit: Line = Field(max_length=100)
    source: str = Field(json_schema_extra={"enum": list(Referral.sources_staff_may_register())})
    reason: Text = Field(max_length=TEXT_MAX_LENGTH)
    service: Line | None = Field(None, max_length=100)
    referrer_name: Line = Field("", max_length=200)
    referrer_organisation: Line = Field("", max_length=200)
    outreach: bool = False
    signs_of_lasting_need: bool = False
    agrees_to_take_part: bool | None = None


class ReferralOut(Schema):
    id: int
    receipt: str
    unit: str
    service: str | None
    citizen_id: UUID | None
    channel: str
    source: str
    status: str
    received_at: datetime
    reason: str
    outreach: bool
    next_day_start: datetime | None
    next_day_end: datetime | None
    decision_reason: str
    forwarded_from: int | None


def local(moment: datetime | None) -> datetime | None:
    """Times in answers carry the Danish offset, so a client can read them out as they are."""
    return timezone.localtime(moment) if moment is not None else None


def referral_out(referral: Referral) -> ReferralOut:
    return ReferralOut(
        id=referral.pk,
        receipt=referral.receipt,
        unit=referral.unit.slug,
        service=referral.service.slug if referral.service else None,
        citizen_id=referral.citizen.public_id if referral.citizen else None,
        channel=referral.channel,
        source=referral.source,
        status=referral.status,
        received_at=timezone.localtime(referral.received_at),
        reason=referral.reason,
        outreach=referral.outreach,
        next_day_start=local(referral.next_day_start),
        next_day_end=local(referral.next_day_end),
        decision_reason=referral.decision_reason,
        forwarded_from=referral.forwarded_from_id,
    )


@router.post("/referrals", response={201: ReferralOut}, summary="Register a referral")
def referral_create(request: HttpRequest, body: ReferralIn) -> Status[ReferralOut]:
    principal = principal_of(request)
    citizen = citizen_get_for_user(actor=principal, citizen_id=body.citizen_id, action=Action.WRITE)
    unit = selectors.intake_unit_get(actor=principal, slug=body.unit)
    referral = services.referral_register(
        actor=principal,
        unit=unit,
        citizen=citizen,
        service_slug=body.service,
        source=body.source,
        reason=body.reason,
        referrer_name=body.referrer_name,
        referrer_organisation=body.referrer_organisation,
        outreach=body.outreach,
        signs_of_lasting_need=body.signs_of_lasting_need,
        agrees_to_take_part=body.agrees_to_take_part,
    )
    return Status(201, referral_out(referral))


@router.get("/referrals", response=list[ReferralOut], summary="Referrals in the caller's units")
def referral_list(
    request: HttpRequest,
    unit: Annotated[Line | None, Field(max_length=100)] = None,
    status: Referral.Status | None = None,
) -> list[ReferralOut]:
    return [
        referral_out(referral)
        for referral in selectors.referral_list_for_user(
            actor=principal_of(request), unit_slug=unit, status=status
        )
    ]


class TriageIn(Schema):
    decision: str = Field(json_schema_extra={"enum": list(services.Decision.ALL)})
    reason: Text = Field(max_length=TEXT_MAX_LENGTH)
    service: Line | None = Field(None, max_length=100)
    signs_of_lasting_need: bool | None = None
    agrees_to_take_part: bool | None = None


@router.post("/referrals/{referral_id}/triage", response=ReferralOut, summary="Triage a referral")
def referral_triage(request: HttpRequest, referral_id: int, body: TriageIn) -> ReferralOut:
    principal = principal_of(request)
    referral = selectors.referral_get_for_user(
        actor=principal, referral_id=referral_id, action=Action.WRITE
    )
    triaged = services.referral_triage(
        actor=principal,
        referral=referral,
        decision=body.decision,
        reason=body.reason,
        service_slug=body.service,
        signs_of_lasting_need=body.signs_of_lasting_need,
        agrees_to_take_part=body.agrees_to_take_part,
    )
    return referral_out(triaged)


class AcuteCallIn(Schema):
    received_at: Moment
    caller_name: Line = Field(max_length=200)
    caller_contact: Line = Field("", max_length=300)
    summary: Text = Field("", max_length=TEXT_MAX_LENGTH)
    accepts_next_day_offer: bool


class NextDayOfferOut(Schema):
    start: datetime
    end: datetime
    unit: str
    referral_id: int


class AcuteCallOut(Schema):
    id: int
    received_at: datetime
    accepts_next_day_offer: bool
    next_day_offer: NextDayOfferOut | None


def acute_call_out(call: AcuteCall) -> AcuteCallOut:
    referral = call.referral
    offer = None
    if referral is not None and referral.next_day_start and referral.next_day_end:
        offer = NextDayOfferOut(
            start=timezone.localtime(referral.next_day_start),
            end=timezone.localtime(referral.next_day_end),
            unit=referral.unit.slug,
            referral_id=referral.pk,
        )
    return AcuteCallOut(
        id=call.pk,
        received_at=timezone.localtime(call.received_at),
        accepts_next_day_offer=call.accepts_next_day_offer,
        next_day_offer=offer,
    )


@router.post(
    "/acute-line/calls",
    response={201: AcuteCallOut},
    summary="Log a call to the acute line; books the next-day offer if accepted",
)
def acute_call_create(request: HttpRequest, body: AcuteCallIn) -> Status[AcuteCallOut]:
    call = services.acute_call_log(
        actor=principal_of(request),
        received_at=body.received_at,
        caller_name=body.caller_name,
        caller_contact=body.caller_contact,
        summary=body.summary,
        accepts_next_day_offer=body.accepts_next_day_offer,
    )
    return Status(201, acute_call_out(call))


class RoutingIn(Schema):
    income_basis: IncomeBasis | None = None
    aims_for_work_or_education: bool | None = None
    expected_to_work: bool | None = None


class RoutingOut(Schema):
    track: str
    rule: str | None
    explanation: str


@router.post("/routing/recommend", response=RoutingOut, summary="Recommend a track")
def routing_recommend(request: HttpRequest, body: RoutingIn) -> RoutingOut:
    result = selectors.routing_recommendation_for_user(
        actor=principal_of(request),
        facts=CitizenFacts(
            income_basis=body.income_basis,
            aims_for_work_or_education=body.aims_for_work_or_education,
            expected_to_work=body.expected_to_work,
        ),
    )
    return RoutingOut(track=result.track, rule=result.rule, explanation=result.explanation)


class SelfReferralIn(Schema):
    name: Line = Field(max_length=200)
    contact: Line = Field(max_length=300)
    need: Text = Field(max_length=services.NEED_MAX_LENGTH)
    consent_to_contact: bool
    service: Line | None = Field(None, max_length=100)
    started: Line = Field(
        "",
        max_length=200,
        description="The `started` answered by GET /public/self-referrals/start; a referral "
        "sent without it, or within seconds of it, is refused like the form's.",
    )
    website: Line = Field("", max_length=200, description="Leave empty (a field robots fill in).")


class ReceiptOut(Schema):
    receipt: str


class StartOut(Schema):
    started: str


class PhoneOut(Schema):
    name: str
    phone: str
    hours: str


class RateLimitedOut(Schema):
    code: str
    message: str
    fields: list[dict[str, str]]
    phones: list[PhoneOut]
    emergency: str


@public_router.get(
    "/self-referrals/start",
    response=StartOut,
    summary="Start a self-referral: a signed start time to send back with it",
)
def self_referral_begin(request: HttpRequest) -> StartOut:
    return StartOut(started=services.self_referral_start())


@public_router.post(
    "/self-referrals",
    response={201: ReceiptOut, 429: RateLimitedOut},
    summary="A citizen's own referral (no sign-in; rate-limited); answers only a receipt number",
    description="Guarded as the public form is: only saved referrals count against the "
    "hourly limits per client address and for all addresses together; when one is full, "
    "429 with the numbers to call instead.",
)
def self_referral_create(request: HttpRequest, body: SelfReferralIn) -> Status[ReceiptOut]:
    municipality = municipality_for_public()
    if municipality is None:
        raise NotFound()
    referral = services.self_referral_receive(
        municipality=municipality,
        client=client_key(request),
        started=body.started,
        trap=body.website,
        name=body.name,
        contact=body.contact,
        need=body.need,
        consent_to_contact=body.consent_to_contact,
        service_slug=body.service,
    )
    return Status(201, ReceiptOut(receipt=referral.receipt))
