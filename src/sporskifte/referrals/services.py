"""Intake: the three referral channels, the next-day offer and triage. Each write is one
transaction with its access-log entries; the page and the API call these same functions."""

import datetime as dt
import logging
import secrets
import time
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sporskifte.access.log import log_access
from sporskifte.access.models import CitizenRelation
from sporskifte.access.policy import Access, Action, Relation
from sporskifte.access.principals import AnyActor, Principal, as_principal
from sporskifte.access.selectors import citizen_access
from sporskifte.access.services import citizen_relation_add
from sporskifte.accounts.services import user_of
from sporskifte.audit.models import AccessLog
from sporskifte.citizens.models import Citizen
from sporskifte.citizens.services import citizen_register, split_contact
from sporskifte.core.dates import is_plausible, outside_range_message
from sporskifte.core.errors import Conflict, DomainError, InvalidInput, NotFound, RateLimited
from sporskifte.core.ratelimit import EVERYONE, Window, count_if_successful
from sporskifte.core.validation import validate_model
from sporskifte.organisation.models import Municipality, Service, Unit
from sporskifte.organisation.opening import service_calendar
from sporskifte.organisation.rules import granting_authority_of, receives_referrals
from sporskifte.organisation.selectors import PhoneLine, acute_line_list, unit_phone_list
from sporskifte.referrals.models import AcuteCall, Referral
from sporskifte.referrals.next_day import NoFreeSlot, first_free_slot

logger = logging.getLogger(__name__)

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone
PURPOSE_RECEIVE = "Modtagelse af henvendelse"
PURPOSE_TRIAGE = "Visitation af henvendelse"
PURPOSE_ACUTE = "Opkald til akuttelefonen"
START_SALT = "self-referral-form"
NEED_MAX_LENGTH = 4000  # a citizen's own words, as the form allows


class NextDayOfferUnavailable(DomainError):
    code = "next_day_offer_unavailable"
    status = 409
    default_message = _(
        "Der er ingen ledig tid i næste dags tilbud de næste uger. Kontakt enheden i dagtiden."
    )


class LooksAutomated(InvalidInput):
    # Says no more than a person's slip would: a robot learns nothing from it.
    default_message = gettext_lazy(
        "Formularen kunne ikke sendes. Kontrollér oplysningerne, og send den igen."
    )


def new_receipt() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))


def _required(**values: str) -> None:
    missing = {name: [_("Skal udfyldes.")] for name, value in values.items() if not value.strip()}
    if missing:
        raise InvalidInput(fields=missing)


def create_with_receipt(referral: Referral) -> Referral:
    """Insert with a fresh receipt number, retrying on the (rare) collision. Every way a
    referral is made (here, and a grant in courses) inserts through this, checked first."""
    validate_model(referral, exclude=["receipt"])
    for _attempt in range(5):
        referral.receipt = new_receipt()
        try:
            with transaction.atomic():
                referral.save()
            return referral
        except IntegrityError:
            if Referral.objects.filter(receipt=referral.receipt).exists():
                continue
            raise
    raise RuntimeError("Could not find a free receipt number.")


def referral_access(actor: AnyActor, referral: Referral, action: Action) -> Access:
    """The relation that lets the principal do `action` on the referral; NotFound otherwise."""
    if referral.unit_id not in as_principal(actor).unit_ids(Relation.REFERRAL, action):
        raise NotFound()
    return Access(Relation.REFERRAL, referral.unit_id)


def referral_relate(referral: Referral) -> None:
    """The unit receiving a referral of a known citizen has a case with that citizen."""
    if referral.citizen_id is not None:
        citizen_relation_add(
            citizen_id=referral.citizen_id,
            unit_id=referral.unit_id,
            kind=CitizenRelation.Kind.REFERRAL,
            source_id=referral.pk,
        )


def self_referral_services(*, municipality: Municipality) -> list[Service]:
    return list(
        Service.objects.filter(
            municipality=municipality, accepts_self_referral=True, is_public=True
        ).select_related("unit")
    )


def self_referral_start(*, at: float | None = None) -> str:
    """A signed start time, for the form's hidden field and the API's `started`: a
    self-referral sent sooner than SELF_REFERRAL_MIN_SECONDS after it is refused."""
    return signing.dumps(time.time() if at is None else at, salt=START_SALT)


def _looks_automated(*, started: str, trap: str) -> bool:
    if trap:
        return True
    try:
        moment = float(signing.loads(started, salt=START_SALT, max_age=24 * 3600))
    except (signing.BadSignature, TypeError, ValueError):
        return True
    return time.time() - moment < settings.SELF_REFERRAL_MIN_SECONDS


def self_referral_windows(*, client: str) -> tuple[Window, Window]:
    """The client's hourly limit and the ceiling for all clients together (a flood from many
    addresses); both count saved referrals only."""
    return (
        Window("self-referral", client, settings.SELF_REFERRALS_PER_HOUR, 3600),
        Window("self-referral-all", EVERYONE, settings.SELF_REFERRALS_PER_HOUR_ALL, 3600),
    )


def self_referral_phone_lines(*, municipality: Municipality) -> list[PhoneLine]:
    """The numbers to call when the form cannot take a referral: the units that take
    self-referrals, then the acute lines (those with a number)."""
    unit_ids = {service.unit_id for service in self_referral_services(municipality=municipality)}
    acute = acute_line_list(municipality_id=municipality.pk)
    return unit_phone_list(unit_ids=unit_ids) + [line for line in acute if line.phone]


def _refused(municipality: Municipality) -> RateLimited:
    lines = self_referral_phone_lines(municipality=municipality)
    numbers = "; ".join(
        f"{line.name}: {line.phone}" + (f" ({line.hours})" if line.hours else "") for line in lines
    )
    if numbers:
        message = _(
            "Vi kan ikke tage imod flere henvendelser her lige nu. Ring til os i stedet: "
            "%(numbers)s. Er det akut, så ring 112."
        ) % {"numbers": numbers}
    else:
        message = _(
            "Vi kan ikke tage imod flere henvendelser her lige nu. Er det akut, så ring 112."
        )
    return RateLimited(
        message,
        extra={
            "phones": [{"name": x.name, "phone": x.phone, "hours": x.hours} for x in lines],
            "emergency": "112",
        },
    )


def self_referral_receive(
    *,
    municipality: Municipality,
    client: str,
    started: str,
    trap: str,
    name: str,
    contact: str,
    need: str,
    consent_to_contact: bool,
    service_slug: str | None = None,
) -> Referral:
    """The public way in, for the form and the API alike. Only a saved referral counts against
    the client's and everyone's hourly limits (RateLimited, with numbers to call, when one is
    full); a robot (the trap field filled, or sent within seconds of `started`) is refused
    after the fields are checked, like a person's mistake."""
    try:
        with count_if_successful(*self_referral_windows(client=client)):
            referral = _self_referral_checked(
                municipality=municipality,
                name=name,
                contact=contact,
                need=need,
                consent_to_contact=consent_to_contact,
                service_slug=service_slug,
            )
            if _looks_automated(started=started, trap=trap):
                raise LooksAutomated()
            return _self_referral_save(referral)
    except RateLimited:
        raise _refused(municipality) from None


def self_referral_submit(
    *,
    municipality: Municipality,
    name: str,
    contact: str,
    need: str,
    consent_to_contact: bool,
    service_slug: str | None = None,
) -> Referral:
    """A citizen's own referral, saved without the public guards (the demo's data); the public
    form and API come through `self_referral_receive`."""
    return _self_referral_save(
        _self_referral_checked(
            municipality=municipality,
            name=name,
            contact=contact,
            need=need,
            consent_to_contact=consent_to_contact,
            service_slug=service_slug,
        )
    )


def _self_referral_checked(
    *,
    municipality: Municipality,
    name: str,
    contact: str,
    need: str,
    consent_to_contact: bool,
    service_slug: str | None,
) -> Referral:
    if not Principal.anonymous().may(Relation.PUBLIC, Action.WRITE):
        raise NotFound()
    _required(name=name, contact=contact, need=need)
    if len(need) > NEED_MAX_LENGTH:
        raise InvalidInput(
            fields={
                "need": [_("Teksten må højst være %(limit)s tegn.") % {"limit": NEED_MAX_LENGTH}]
            }
        )
    if not consent_to_contact:
        raise InvalidInput(
            fields={"consent_to_contact": [_("Vi kan kun hjælpe, hvis vi må kontakte dig.")]}
        )
    services = self_referral_services(municipality=municipality)
    if service_slug:
        services = [service for service in services if service.slug == service_slug]
    if len(services) != 1:
        raise InvalidInput(fields={"service": [_("Vælg hvad du henvender dig om.")]})
    service = services[0]
    referral = Referral(
        municipality=municipality,
        unit=service.unit,
        service=service,
        channel=Referral.Channel.SELF,
        source=Referral.Source.CITIZEN,
        reason=need.strip(),
        contact_name=name.strip(),
        contact_details=contact.strip(),
        consent_to_contact=True,
    )
    # Named as the form and the API name them, so the message lands next to the right field.
    validate_model(
        referral,
        exclude=["receipt"],
        names={"contact_name": "name", "contact_details": "contact", "reason": "need"},
    )
    return referral


def _self_referral_save(referral: Referral) -> Referral:
    """Sent by nobody in particular (the anonymous principal, whoever is signed in). One
    INSERT (and its log row) commits before anything else happens, so a later error cannot
    lose it."""
    with transaction.atomic():
        referral = create_with_receipt(referral)
        log_access(
            Principal.anonymous(),
            action=AccessLog.Action.CREATE,
            target=referral,
            # No relation gave it; the receiving unit is named so its leaders see it arrive.
            access=Access(Relation.PUBLIC, referral.unit_id),
            purpose=PURPOSE_RECEIVE,
        )
    transaction.on_commit(lambda: _announce(referral))
    return referral


def _announce(referral: Referral) -> None:
    """Say in the operations log that a referral arrived (ids only, never personal data).
    Failing here must never undo or hide the saved referral."""
    try:
        logger.info(
            "referral %s received for unit %s via %s",
            referral.pk,
            referral.unit.slug,
            referral.channel,
        )
    except Exception:
        logger.exception("referral %s was saved, but announcing it failed", referral.pk)


@transaction.atomic
def referral_register(
    *,
    actor: AnyActor,
    unit: Unit,
    citizen: Citizen,
    source: str,
    reason: str,
    service_slug: str | None = None,
    referrer_name: str = "",
    referrer_organisation: str = "",
    outreach: bool = False,
    signs_of_lasting_need: bool = False,
    agrees_to_take_part: bool | None = None,
    received_at: dt.datetime | None = None,
    as_typed: Citizen | None = None,
) -> Referral:
    """Staff register a professional's referral of a citizen already registered: a write on
    the citizen's record (the principal needs a relation that lets it write there) and on the
    receiving unit's intake."""
    principal = as_principal(actor)
    if unit.pk not in principal.unit_ids(Relation.REFERRAL, Action.WRITE) or not (
        receives_referrals(unit)
    ):
        raise NotFound()
    citizen_access(principal, citizen_id=citizen.pk, action=Action.WRITE)
    _required(reason=reason, referrer_name=referrer_name)
    if source not in Referral.sources_staff_may_register():
        raise InvalidInput(fields={"source": [_("Vælg hvem henvisningen kommer fra.")]})
    service = _only_service(unit)
    if service_slug:
        service = unit.services.filter(slug=service_slug).first()
        if service is None:
            raise InvalidInput(fields={"service": [_("Ydelsen hører ikke til den valgte enhed.")]})
    if citizen.municipality_id != unit.municipality_id:
        raise NotFound()
    if received_at is not None and received_at > timezone.now():
        raise InvalidInput(fields={"received_at": [_("Tidspunktet kan ikke ligge i fremtiden.")]})
    referral = create_with_receipt(
        Referral(
            municipality_id=unit.municipality_id,
            unit=unit,
            service=service,
            citizen=citizen,
            channel=Referral.Channel.PROFESSIONAL,
            source=source,
            received_at=received_at or timezone.now(),
            reason=reason.strip(),
            # The name and contact as the referrer gave them (they may differ from the record).
            contact_name=(as_typed or citizen).name,
            contact_details=_contact_of(as_typed or citizen),
            referrer_name=referrer_name.strip(),
            referrer_organisation=referrer_organisation.strip(),
            outreach=outreach,
            signs_of_lasting_need=signs_of_lasting_need,
            agrees_to_take_part=agrees_to_take_part,
            created_by=user_of(principal),
        )
    )
    referral_relate(referral)
    log_access(
        principal,
        action=AccessLog.Action.CREATE,
        target=referral,
        access=Access(Relation.REFERRAL, unit.pk),
        purpose=PURPOSE_RECEIVE,
    )
    return referral


def _contact_of(citizen: Citizen) -> str:
    return " · ".join(part for part in (citizen.phone, citizen.email) if part)[:300]


def _only_service(unit: Unit) -> Service | None:
    services = list(unit.services.all()[:2])
    return services[0] if len(services) == 1 else None


def acute_line_unit(*, actor: AnyActor) -> Unit:
    """The unit whose calls the principal logs; NotFound for anyone but the acute line."""
    ids = as_principal(actor).unit_ids(Relation.ACUTE_CALL, Action.WRITE)
    unit = Unit.objects.filter(pk__in=ids).order_by("path").first()
    if unit is None:
        raise NotFound()
    return unit


def next_day_service(*, municipality_id: int) -> Service:
    service = (
        Service.objects.filter(municipality_id=municipality_id, part_of_next_day_offer=True)
        .select_related("unit")
        .prefetch_related("hours", "unit__closing_days")
        .order_by("position", "pk")
        .first()
    )
    if service is None:
        raise NextDayOfferUnavailable(_("Kommunen har ingen ydelse med næste dags tilbud."))
    return service


@transaction.atomic
def acute_call_log(
    *,
    actor: AnyActor,
    received_at: dt.datetime,
    caller_name: str,
    accepts_next_day_offer: bool,
    caller_contact: str = "",
    summary: str = "",
) -> AcuteCall:
    """Log a call to the acute line; if the caller accepts, book the next-day offer and
    create the referral that puts the caller in the § 82 b unit's intake queue."""
    principal = as_principal(actor)
    unit = acute_line_unit(actor=principal)
    access = Access(Relation.ACUTE_CALL, unit.pk)
    _required(caller_name=caller_name)
    if timezone.is_naive(received_at):
        raise InvalidInput(fields={"received_at": [_("Angiv tidspunktet med tidszone.")]})
    if not is_plausible(received_at):
        raise InvalidInput(fields={"received_at": [outside_range_message()]})
    if received_at > timezone.now() + dt.timedelta(minutes=5):
        raise InvalidInput(fields={"received_at": [_("Tidspunktet kan ikke ligge i fremtiden.")]})
    call = AcuteCall(
        unit=unit,
        logged_by=user_of(principal),
        received_at=received_at,
        caller_name=caller_name.strip(),
        caller_contact=caller_contact.strip(),
        summary=summary.strip(),
        accepts_next_day_offer=accepts_next_day_offer,
    )
    validate_model(call)
    if accepts_next_day_offer:
        call.referral = _book_next_day_offer(principal, access, call)
    call.save()
    log_access(
        principal, action=AccessLog.Action.CREATE, target=call, access=access, purpose=PURPOSE_ACUTE
    )
    return call


def _book_next_day_offer(principal: Principal, access: Access, call: AcuteCall) -> Referral:
    service = next_day_service(municipality_id=call.unit.municipality_id)
    calendar = service_calendar(service)
    # Serialise bookings for this service (PostgreSQL row lock; SQLite locks the whole DB on
    # write); the unique constraint on (service, start) is the final guard.
    Service.objects.select_for_update().filter(pk=service.pk).exists()
    for _attempt in range(3):
        taken = Referral.objects.filter(
            service=service, next_day_start__gte=call.received_at
        ).values_list("next_day_start", flat=True)
        try:
            start, end = first_free_slot(
                received_at=call.received_at,
                calendar=calendar,
                taken=[start for start in taken if start is not None],
            )
        except NoFreeSlot:
            raise NextDayOfferUnavailable() from None
        referral = Referral(
            municipality_id=service.municipality_id,
            unit=service.unit,
            service=service,
            channel=Referral.Channel.ACUTE_LINE,
            source=Referral.Source.ACUTE_LINE,
            received_at=call.received_at,
            reason=call.summary
            or _("Opkald til akuttelefonen; borgeren tog imod næste dags tilbud."),
            contact_name=call.caller_name,
            contact_details=call.caller_contact,
            consent_to_contact=True,
            next_day_start=start,
            next_day_end=end,
            created_by=call.logged_by,
        )
        try:
            with transaction.atomic():
                create_with_receipt(referral)
        except IntegrityError:
            continue  # somebody took the slot a moment ago: look again
        log_access(
            principal,
            action=AccessLog.Action.CREATE,
            target=referral,
            access=access,
            purpose=PURPOSE_ACUTE,
        )
        return referral
    raise NextDayOfferUnavailable()


class Decision:
    ACCEPT = "accept"
    ROUTE_TO_TRACK = "route_to_track"
    TO_GRANTING_AUTHORITY = "to_granting_authority"
    DECLINE = "decline"
    ALL = (ACCEPT, ROUTE_TO_TRACK, TO_GRANTING_AUTHORITY, DECLINE)


STATUS_OF_DECISION = {
    Decision.ACCEPT: Referral.Status.ACCEPTED,
    Decision.ROUTE_TO_TRACK: Referral.Status.ROUTED,
    Decision.TO_GRANTING_AUTHORITY: Referral.Status.TO_GRANTING_AUTHORITY,
    Decision.DECLINE: Referral.Status.DECLINED,
}


@transaction.atomic
def referral_triage(
    *,
    actor: AnyActor,
    referral: Referral,
    decision: str,
    reason: str,
    service_slug: str | None = None,
    signs_of_lasting_need: bool | None = None,
    agrees_to_take_part: bool | None = None,
) -> Referral:
    """Decide on a waiting referral. Routing to a track or handing to the granting authority
    creates a referral in that unit's queue, linked to this one."""
    principal = as_principal(actor)
    access = referral_access(principal, referral, Action.WRITE)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if decision not in Decision.ALL:
        raise InvalidInput(fields={"decision": [_("Vælg en afgørelse.")]})
    _required(reason=reason)
    if referral.status != Referral.Status.NEW:
        raise Conflict(_("Henvendelsen er allerede visiteret."))
    if signs_of_lasting_need is not None:
        referral.signs_of_lasting_need = signs_of_lasting_need
    if agrees_to_take_part is not None:
        referral.agrees_to_take_part = agrees_to_take_part

    target_service = _decision_service(referral, decision, service_slug)
    citizen = None if decision == Decision.DECLINE else _ensure_citizen(principal, referral)
    referral.status = STATUS_OF_DECISION[decision]
    referral.decision_reason = reason.strip()
    referral.decided_at = timezone.now()
    referral.decided_by = user_of(principal)
    referral.decided_service = target_service
    validate_model(referral)
    referral.save()
    referral_relate(referral)
    log_access(
        principal,
        action=AccessLog.Action.UPDATE,
        target=referral,
        access=access,
        purpose=PURPOSE_TRIAGE,
    )
    if decision in (Decision.ROUTE_TO_TRACK, Decision.TO_GRANTING_AUTHORITY):
        unit = (
            target_service.unit
            if target_service is not None
            else _granting_authority(referral.municipality_id)
        )
        forward = create_with_receipt(
            Referral(
                municipality_id=referral.municipality_id,
                unit=unit,
                service=target_service,
                citizen=citizen,
                channel=referral.channel,
                source=Referral.Source.INTERNAL,
                reason=reason.strip(),
                contact_name=referral.contact_name,
                contact_details=referral.contact_details,
                consent_to_contact=referral.consent_to_contact,
                outreach=referral.outreach,
                signs_of_lasting_need=referral.signs_of_lasting_need,
                agrees_to_take_part=referral.agrees_to_take_part,
                forwarded_from=referral,
                created_by=user_of(principal),
            )
        )
        referral_relate(forward)
        log_access(
            principal,
            action=AccessLog.Action.CREATE,
            target=forward,
            access=access,
            purpose=PURPOSE_TRIAGE,
        )
    return referral


def _own_services(referral: Referral) -> QuerySet[Service]:
    return Service.objects.filter(unit_id=referral.unit_id)


def _track_services(referral: Referral) -> QuerySet[Service]:
    return Service.objects.filter(
        municipality_id=referral.municipality_id, unit__kind=Unit.Kind.TRACK
    )


def triage_service_choices(referral: Referral) -> list[Service]:
    """The services triage may pick: the unit's own (to accept) and the tracks' (to route)."""
    return list(
        (_own_services(referral) | _track_services(referral))
        .select_related("unit")
        .order_by("unit__path", "position")
    )


def _decision_service(referral: Referral, decision: str, slug: str | None) -> Service | None:
    if decision == Decision.ACCEPT:
        own = _own_services(referral).select_related("unit")
        if slug:
            own = own.filter(slug=slug)
        elif referral.service_id:
            own = own.filter(pk=referral.service_id)
        found = list(own[:2])
        if len(found) != 1:
            raise InvalidInput(fields={"service": [_("Vælg en af enhedens egne ydelser.")]})
        return found[0]
    if decision == Decision.ROUTE_TO_TRACK:
        track_service = (
            _track_services(referral).select_related("unit").filter(slug=slug or "").first()
        )
        if track_service is None:
            raise InvalidInput(fields={"service": [_("Vælg en ydelse i et af sporene.")]})
        return track_service
    return None


def _granting_authority(municipality_id: int) -> Unit:
    unit = granting_authority_of(municipality_id)
    if unit is None:
        raise InvalidInput(
            fields={"decision": [_("Kommunen har ingen bevillingsmyndighed i organisationen.")]}
        )
    return unit


def _ensure_citizen(principal: Principal, referral: Referral) -> Citizen:
    """The referral's citizen; for a self-referral or a call, a citizen record without CPR is
    registered from what the caller gave, to be identified later."""
    if referral.citizen is not None:
        return referral.citizen
    phone, email = split_contact(referral.contact_details)
    citizen = citizen_register(
        actor=principal,
        unit=referral.unit,
        name=referral.contact_name or _("Ukendt"),
        phone=phone,
        email=email,
    ).citizen
    referral.citizen = citizen
    return citizen


@transaction.atomic
def referral_register_with_new_citizen(
    *,
    actor: AnyActor,
    unit: Unit,
    citizen_fields: dict[str, Any],
    cpr: str = "",
    **referral: Any,
) -> Referral:
    """Register the citizen and the referral together: both or neither. A CPR number already
    known links the referral to that person (one person, one record)."""
    registration = citizen_register(actor=actor, unit=unit, cpr=cpr, **citizen_fields)
    return referral_register(
        actor=actor,
        unit=unit,
        citizen=registration.citizen,
        as_typed=registration.as_registered,
        **referral,
    )
