"""Writes to citizens' records. Each is one transaction, asks the access policy first, and
leaves an access-log row naming the relation (and unit) that allowed it.

One person is one record. Registering a CPR number that is already known answers exactly as
registering a new one: the registering unit gets the relation its registration gives (the
person's shared record, not other units' courses), the look-up is logged with the person's id,
and the leaders of every unit related to the person see it. Nothing tells an unrelated user
that the number was known.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sporskifte.access.log import log_access, log_search
from sporskifte.access.models import CitizenRelation
from sporskifte.access.policy import Access, Action, Relation
from sporskifte.access.principals import AnyActor, Principal, as_principal
from sporskifte.access.selectors import citizen_access
from sporskifte.access.services import citizen_relation_add, citizen_relations_move
from sporskifte.accounts.services import user_of
from sporskifte.audit.models import AccessLog
from sporskifte.citizens.cpr import (
    cpr_birth_date,
    cpr_decrypt,
    cpr_digest,
    cpr_encrypt,
    cpr_normalise,
)
from sporskifte.citizens.models import Citizen, CitizenPart, Consent, NetworkActor, Relative
from sporskifte.core.errors import Conflict, InvalidInput, NotFound
from sporskifte.core.validation import validate_model
from sporskifte.organisation.models import Unit

PURPOSE_REGISTER = "Registrering af borger"
PURPOSE_REGISTER_KNOWN = "Registrering af borger, der var kendt i forvejen"
PURPOSE_CPR_LOOKUP = "CPR-opslag ved registrering"
PURPOSE_UPDATE = "Opdatering af borgerens oplysninger"
PURPOSE_MERGE = "Borgeren blev identificeret med et CPR-nummer, der var kendt i forvejen"
PURPOSE_SHOW_CPR = "Vis CPR-nummer"
PURPOSE_NETWORK = "Pårørende, netværk og samtykke"
CPR_CRITERIA = "CPR-nummer"  # what a CPR look-up logs as its criteria: never the number

EDITABLE_FIELDS = (
    "name",
    "phone",
    "email",
    "address",
    "preferred_contact",
    "income_basis",
    "aims_for_work_or_education",
    "expected_to_work",
)


@dataclass(frozen=True)
class Registration:
    citizen: Citizen  # the one record of the person
    # What was registered, as typed, under the person's id: the answer to the registering
    # principal, the same whether the person was known or new (never saved).
    as_registered: Citizen
    # The principal could already reach this person before registering (a page may then say
    # "already registered with you"); never set for a person the principal was unrelated to.
    already_related: bool = False


def split_contact(text: str) -> tuple[str, str]:
    """Free-text contact ("how to reach me") as (phone, email)."""
    text = text.strip()
    if "@" in text:
        return "", text
    return text[:40], ""


def registration_units(*, actor: AnyActor) -> QuerySet[Unit]:
    """The units the principal may register citizens for; NotFound if there are none (a role
    that may not register citizens)."""
    ids = as_principal(actor).unit_ids(Relation.CITIZEN, Action.WRITE)
    if not ids:
        raise NotFound()
    return Unit.objects.filter(pk__in=ids).order_by("path")


def registering_unit(*, actor: AnyActor, unit_slug: str | None) -> Unit:
    """The unit a staff member registers on behalf of: the named one, or their only unit.
    A principal that may not register citizens at all gets NotFound."""
    units = registration_units(actor=actor)
    if unit_slug:
        unit = units.filter(slug=unit_slug).first()
        if unit is None:
            raise InvalidInput(fields={"unit": [_("Vælg en af dine egne enheder.")]})
        return unit
    own = list(units[:2])
    if len(own) != 1:
        raise InvalidInput(fields={"unit": [_("Vælg den enhed, du registrerer for.")]})
    return own[0]


def _registration_access(principal: Principal, unit: Unit) -> Access:
    if unit.pk not in principal.unit_ids(Relation.CITIZEN, Action.WRITE):
        raise NotFound()
    return Access(Relation.CITIZEN, unit.pk)


def _cpr_lookup(
    principal: Principal, access: Access, *, municipality_id: int, cpr: str
) -> Citizen | None:
    """The person with this CPR number, if known; every look-up, hit or miss, is logged."""
    found = (
        Citizen.objects.filter(municipality_id=municipality_id, cpr_digest=cpr_digest(cpr))
        .select_for_update()
        .first()
    )
    log_search(
        principal,
        relation=access.relation,
        unit_ids=[access.unit_id] if access.unit_id is not None else [],
        object_type=Citizen._meta.label_lower,
        purpose=PURPOSE_CPR_LOOKUP,
        criteria=CPR_CRITERIA,
        citizen_id=found.pk if found is not None else None,
    )
    return found


def _set_cpr(citizen: Citizen, cpr: str) -> None:
    citizen.cpr_encrypted = cpr_encrypt(cpr)
    citizen.cpr_digest = cpr_digest(cpr)
    citizen.birth_date = cpr_birth_date(cpr)


def _fill_missing(target: Citizen, source: Citizen) -> list[str]:
    """Copy what `target` lacks from `source`; what `target` already holds is never changed
    (it may be another unit's)."""
    filled = []
    for name in EDITABLE_FIELDS:
        value = getattr(source, name)
        if getattr(target, name) in ("", None) and value not in ("", None):
            setattr(target, name, value)
            filled.append(name)
    return filled


def _relate(citizen: Citizen, unit: Unit, kind: str = CitizenRelation.Kind.REGISTRATION) -> None:
    citizen_relation_add(citizen_id=citizen.pk, unit_id=unit.pk, kind=kind, source_id=citizen.pk)


@transaction.atomic
def citizen_register(*, actor: AnyActor, unit: Unit, cpr: str = "", **fields: Any) -> Registration:
    """Register a citizen for `unit`. A CPR number already known links to that person instead
    of making a second record, and the answer looks the same."""
    principal = as_principal(actor)
    access = _registration_access(principal, unit)
    citizen = Citizen(
        municipality_id=unit.municipality_id,
        registered_by_unit=unit,
        **{name: value for name, value in fields.items() if name in EDITABLE_FIELDS},
    )
    validate_model(citizen)
    normalised = cpr_normalise(cpr) if cpr.strip() else ""
    if normalised:
        _set_cpr(citizen, normalised)
        known = _cpr_lookup(principal, access, municipality_id=unit.municipality_id, cpr=normalised)
        if known is not None:
            return _register_known(principal, access, unit, known, typed=citizen)
    try:
        with transaction.atomic():
            citizen.save()
    except IntegrityError:
        # Another registration of the same number committed a moment ago: it is that person.
        known = Citizen.objects.filter(
            municipality_id=unit.municipality_id, cpr_digest=citizen.cpr_digest
        ).first()
        if known is None:
            raise
        return _register_known(principal, access, unit, known, typed=citizen)
    _relate(citizen, unit)
    log_access(
        principal,
        action=AccessLog.Action.CREATE,
        target=citizen,
        access=access,
        purpose=PURPOSE_REGISTER,
    )
    return Registration(citizen=citizen, as_registered=citizen)


def _register_known(
    principal: Principal, access: Access, unit: Unit, known: Citizen, *, typed: Citizen
) -> Registration:
    """Link the registration to the person already known. Their record is not changed: a
    mistyped number must not write one person's details into another's; what was typed stays
    in the answer (and on the referral, when one comes with it)."""
    try:
        citizen_access(principal, citizen_id=known.pk, action=Action.READ)
        already_related = True
    except NotFound:
        already_related = False
    typed.pk, typed.public_id = known.pk, known.public_id
    _relate(known, unit)
    log_access(
        principal,
        action=AccessLog.Action.CREATE,
        target=known,
        access=access,
        purpose=PURPOSE_REGISTER_KNOWN,
    )
    return Registration(citizen=known, as_registered=typed, already_related=already_related)


@transaction.atomic
def citizen_update(*, actor: AnyActor, citizen: Citizen, cpr: str = "", **fields: Any) -> Citizen:
    """Change the editable fields; `cpr` identifies a citizen registered without one. If the
    number belongs to a record already, the two are one person: this record is merged into
    that one, which is returned."""
    principal = as_principal(actor)
    access = citizen_access(principal, citizen_id=citizen.pk, action=Action.WRITE)
    for name, value in fields.items():
        if name in EDITABLE_FIELDS:
            setattr(citizen, name, value)
    validate_model(citizen)
    if cpr.strip():
        if citizen.has_cpr:
            raise InvalidInput(fields={"cpr": [_("Borgeren har allerede et CPR-nummer.")]})
        normalised = cpr_normalise(cpr)
        known = _cpr_lookup(
            principal, access, municipality_id=citizen.municipality_id, cpr=normalised
        )
        if known is not None and known.pk != citizen.pk:
            return _merge(principal, access, source=citizen, target=known)
        _set_cpr(citizen, normalised)
    citizen.save()
    log_access(
        principal,
        action=AccessLog.Action.UPDATE,
        target=citizen,
        access=access,
        purpose=PURPOSE_UPDATE,
    )
    return citizen


def _merge(principal: Principal, access: Access, *, source: Citizen, target: Citizen) -> Citizen:
    """Make `source` part of `target`: every row that points at `source` (referrals, courses,
    relatives, answers ... in whichever app) moves to `target`, and every unit related to
    `source` becomes related to `target`. `source` stays as an empty record pointing at
    `target` (its relations ended, not deleted), so its id in old log rows still means
    something and its leaders still see them. Rows are found through the model's relations,
    so this app imports none above."""
    for relation in Citizen._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and relation.is_relation and not relation.concrete):
            continue  # only the reverse side of foreign keys to Citizen
        if relation.related_model is Citizen or relation.many_to_many:
            continue
        field = relation.field.name  # type: ignore[union-attr]
        relation.related_model._base_manager.filter(**{field: source}).update(**{field: target})  # type: ignore[union-attr]
    citizen_relations_move(from_citizen_id=source.pk, to_citizen_id=target.pk)
    filled = _fill_missing(target, source)
    if filled:
        target.save(update_fields=[*filled, "updated_at"])
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])
    for record in (source, target):
        log_access(
            principal,
            action=AccessLog.Action.UPDATE,
            target=record,
            access=access,
            purpose=PURPOSE_MERGE,
        )
    return target


@transaction.atomic
def citizen_cpr_reveal(*, actor: AnyActor, citizen: Citizen) -> str:
    """The full CPR number, for a principal the policy lets see it; the request is logged."""
    principal = as_principal(actor)
    access = citizen_access(principal, citizen_id=citizen.pk, action=Action.REVEAL_CPR)
    if not citizen.has_cpr:
        raise NotFound()
    log_access(
        principal,
        action=AccessLog.Action.READ,
        target=citizen,
        access=access,
        purpose=PURPOSE_SHOW_CPR,
    )
    return cpr_decrypt(citizen.cpr_encrypted)


def _add_part(principal: Principal, part: CitizenPart) -> None:
    access = citizen_access(principal, citizen_id=part.citizen_id, action=Action.WRITE)
    validate_model(part)
    part.save()
    log_access(
        principal,
        action=AccessLog.Action.CREATE,
        target=part,
        access=access,
        purpose=PURPOSE_NETWORK,
    )


@transaction.atomic
def relative_add(*, actor: AnyActor, citizen: Citizen, **fields: Any) -> Relative:
    relative = Relative(citizen=citizen, **fields)
    _add_part(as_principal(actor), relative)
    return relative


@transaction.atomic
def network_actor_add(*, actor: AnyActor, citizen: Citizen, **fields: Any) -> NetworkActor:
    network_actor = NetworkActor(citizen=citizen, **fields)
    _add_part(as_principal(actor), network_actor)
    return network_actor


@transaction.atomic
def consent_record(
    *,
    actor: AnyActor,
    network_actor: NetworkActor,
    decision: str,
    scope: str,
    decided_on: dt.date | None = None,
) -> Consent:
    principal = as_principal(actor)
    consent = Consent(
        citizen_id=network_actor.citizen_id,
        actor=network_actor,
        decision=decision,
        scope=scope,
        decided_on=decided_on or timezone.localdate(),
        recorded_by=user_of(principal),
    )
    if consent.decided_on > timezone.localdate():
        raise InvalidInput(fields={"decided_on": [_("Datoen kan ikke ligge i fremtiden.")]})
    _add_part(principal, consent)
    return consent


@transaction.atomic
def consent_withdraw(*, actor: AnyActor, consent: Consent, on: dt.date | None = None) -> Consent:
    principal = as_principal(actor)
    access = citizen_access(principal, citizen_id=consent.citizen_id, action=Action.WRITE)
    if consent.withdrawn_on is not None or consent.decision != Consent.Decision.GIVEN:
        raise Conflict(_("Samtykket er ikke givet eller allerede trukket tilbage."))
    consent.withdrawn_on = on or timezone.localdate()
    consent.save(update_fields=["withdrawn_on"])
    log_access(
        principal,
        action=AccessLog.Action.UPDATE,
        target=consent,
        access=access,
        purpose=PURPOSE_NETWORK,
    )
    return consent
