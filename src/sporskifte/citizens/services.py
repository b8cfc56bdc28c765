"""Writes to citizens' records. Each is one transaction and leaves an access-log entry."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sporskifte.audit.models import AccessLog
from sporskifte.audit.services import access_log_record
from sporskifte.citizens.cpr import (
    cpr_birth_date,
    cpr_decrypt,
    cpr_digest,
    cpr_encrypt,
    cpr_normalise,
)
from sporskifte.citizens.models import Citizen, Consent, NetworkActor, Relative
from sporskifte.core.access import AccessSubject, units_in_scope
from sporskifte.core.errors import Conflict, InvalidInput, NotFound
from sporskifte.core.types import Actor
from sporskifte.organisation.models import Membership, Unit

PURPOSE_REGISTER = "Registrering af borger"
PURPOSE_UPDATE = "Opdatering af borgerens oplysninger"
PURPOSE_SHOW_CPR = "Vis CPR-nummer"
PURPOSE_NETWORK = "Pårørende, netværk og samtykke"

STAFF_ROLES = (
    Membership.Role.WORKER,
    Membership.Role.LEADER,
    Membership.Role.ACUTE_LINE,
    Membership.Role.GRANTING_AUTHORITY,
)
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


class DuplicateCpr(Conflict):
    code = "duplicate_cpr"

    def __init__(self, existing: Citizen) -> None:
        super().__init__(
            _("Der findes allerede en borger med dette CPR-nummer."),
            fields={"cpr": [_("Der findes allerede en borger med dette CPR-nummer.")]},
            extra={
                "existing_citizen_id": existing.pk,
                "existing_citizen_url": reverse("citizens:detail", args=[existing.pk]),
            },
        )
        self.existing = existing


def split_contact(text: str) -> tuple[str, str]:
    """Free-text contact ("how to reach me") as (phone, email)."""
    text = text.strip()
    if "@" in text:
        return "", text
    return text[:40], ""


def registering_unit(*, actor: Actor, unit_slug: str | None) -> Unit:
    """The unit a staff member registers on behalf of: the named one, or their only unit."""
    units = units_in_scope(actor, roles=STAFF_ROLES).order_by("path")
    if unit_slug:
        unit = units.filter(slug=unit_slug).first()
        if unit is None:
            raise InvalidInput(fields={"unit": [_("Vælg en af dine egne enheder.")]})
        return unit
    own = list(units[:2])
    if len(own) != 1:
        raise InvalidInput(fields={"unit": [_("Vælg den enhed, du registrerer for.")]})
    return own[0]


def _set_cpr(citizen: Citizen, raw_cpr: str) -> None:
    cpr = cpr_normalise(raw_cpr)
    digest = cpr_digest(cpr)
    existing = (
        Citizen.objects.filter(municipality_id=citizen.municipality_id, cpr_digest=digest)
        .exclude(pk=citizen.pk)
        .first()
    )
    if existing is not None:
        raise DuplicateCpr(existing)
    citizen.cpr_encrypted = cpr_encrypt(cpr)
    citizen.cpr_digest = digest
    citizen.birth_date = cpr_birth_date(cpr)


def _validate(citizen: Citizen) -> None:
    try:
        citizen.full_clean(exclude=["municipality", "registered_by_unit"], validate_unique=False)
    except ValidationError as error:
        raise InvalidInput(
            fields={
                name: [str(m) for m in messages] for name, messages in error.message_dict.items()
            }
        ) from None


def _save_unique(citizen: Citizen) -> None:
    """Save, turning a race on the same CPR into the same DuplicateCpr as the check above."""
    try:
        with transaction.atomic():
            citizen.save()
    except IntegrityError:
        existing = Citizen.objects.filter(
            municipality_id=citizen.municipality_id, cpr_digest=citizen.cpr_digest
        ).first()
        if existing is None:
            raise
        raise DuplicateCpr(existing) from None


@transaction.atomic
def citizen_register(*, actor: Actor, unit: Unit, cpr: str = "", **fields: Any) -> Citizen:
    citizen = Citizen(
        municipality_id=unit.municipality_id,
        registered_by_unit=unit,
        **{name: value for name, value in fields.items() if name in EDITABLE_FIELDS},
    )
    _validate(citizen)
    if cpr.strip():
        _set_cpr(citizen, cpr)
    _save_unique(citizen)
    access_log_record(
        actor=actor,
        action=AccessLog.Action.CREATE,
        target=citizen,
        purpose=PURPOSE_REGISTER,
        subject=AccessSubject(citizen.pk, unit.pk),
    )
    return citizen


@transaction.atomic
def citizen_update(*, actor: Actor, citizen: Citizen, cpr: str = "", **fields: Any) -> Citizen:
    """Change the editable fields; `cpr` identifies a citizen registered without one."""
    for name, value in fields.items():
        if name in EDITABLE_FIELDS:
            setattr(citizen, name, value)
    _validate(citizen)
    if cpr.strip():
        if citizen.has_cpr:
            raise InvalidInput(fields={"cpr": [_("Borgeren har allerede et CPR-nummer.")]})
        _set_cpr(citizen, cpr)
    _save_unique(citizen)
    access_log_record(
        actor=actor, action=AccessLog.Action.UPDATE, target=citizen, purpose=PURPOSE_UPDATE
    )
    return citizen


@transaction.atomic
def citizen_cpr_reveal(*, actor: Actor, citizen: Citizen) -> str:
    """The full CPR number, for a user who asked to see it; the request itself is logged."""
    if not citizen.has_cpr:
        raise NotFound()
    access_log_record(
        actor=actor, action=AccessLog.Action.READ, target=citizen, purpose=PURPOSE_SHOW_CPR
    )
    return cpr_decrypt(citizen.cpr_encrypted)


def _log_part(actor: Actor, action: str, part: Relative | NetworkActor | Consent) -> None:
    access_log_record(actor=actor, action=action, target=part, purpose=PURPOSE_NETWORK)


def _clean(obj: Relative | NetworkActor | Consent) -> None:
    try:
        obj.full_clean(exclude=["citizen", "actor", "recorded_by"])
    except ValidationError as error:
        raise InvalidInput(
            fields={
                name: [str(m) for m in messages] for name, messages in error.message_dict.items()
            }
        ) from None


@transaction.atomic
def relative_add(*, actor: Actor, citizen: Citizen, **fields: Any) -> Relative:
    relative = Relative(citizen=citizen, **fields)
    _clean(relative)
    relative.save()
    _log_part(actor, AccessLog.Action.CREATE, relative)
    return relative


@transaction.atomic
def network_actor_add(*, actor: Actor, citizen: Citizen, **fields: Any) -> NetworkActor:
    network_actor = NetworkActor(citizen=citizen, **fields)
    _clean(network_actor)
    network_actor.save()
    _log_part(actor, AccessLog.Action.CREATE, network_actor)
    return network_actor


@transaction.atomic
def consent_record(
    *,
    actor: Actor,
    network_actor: NetworkActor,
    decision: str,
    scope: str,
    decided_on: dt.date | None = None,
) -> Consent:
    consent = Consent(
        citizen_id=network_actor.citizen_id,
        actor=network_actor,
        decision=decision,
        scope=scope,
        decided_on=decided_on or timezone.localdate(),
        recorded_by=None if actor.is_anonymous else actor,
    )
    _clean(consent)
    if consent.decided_on > timezone.localdate():
        raise InvalidInput(fields={"decided_on": [_("Datoen kan ikke ligge i fremtiden.")]})
    consent.save()
    _log_part(actor, AccessLog.Action.CREATE, consent)
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Actor, consent: Consent, on: dt.date | None = None) -> Consent:
    if consent.withdrawn_on is not None or consent.decision != Consent.Decision.GIVEN:
        raise Conflict(_("Samtykket er ikke givet eller allerede trukket tilbage."))
    consent.withdrawn_on = on or timezone.localdate()
    consent.save(update_fields=["withdrawn_on"])
    _log_part(actor, AccessLog.Action.UPDATE, consent)
    return consent
