"""Reads of citizens' records, through the access policy and logged.

A principal reaches a citizen's shared record (contact, relatives, network, consent) through a
relation of one of its units (access.models.CitizenRelation): a registration, a referral, or
an escalation to the granting authority. The relation that gave access is logged with its unit."""

from typing import TypeVar
from uuid import UUID

from django.db.models import Prefetch, QuerySet

from sporskifte.access.policy import Action
from sporskifte.access.principals import AnyActor, as_principal
from sporskifte.access.scoping import scoped_as
from sporskifte.access.selectors import citizen_access, citizen_filter
from sporskifte.citizens.models import Citizen, CitizenPart, Consent, NetworkActor
from sporskifte.core.errors import NotFound

PURPOSE_READ = "Opslag på borger"
P = TypeVar("P", bound=CitizenPart)


def citizen_get_for_user(
    *,
    actor: AnyActor,
    citizen_id: int | UUID,
    action: Action = Action.READ,
    purpose: str = PURPOSE_READ,
) -> Citizen:
    """The citizen's shared record, if a relation lets the principal do `action` on it.
    Pages and the API name a citizen by the public id (a UUID), the code by the internal id."""
    principal = as_principal(actor)
    if isinstance(citizen_id, UUID):
        found = Citizen.objects.filter(public_id=citizen_id).values_list("pk", flat=True).first()
        if found is None:
            raise NotFound()
        citizen_id = found
    access = citizen_access(principal, citizen_id=citizen_id, action=action)
    citizen = (
        Citizen.objects.filter(pk=citizen_id)
        .prefetch_related(
            "relatives",
            "events",
            Prefetch(
                "network_actors",
                queryset=NetworkActor.objects.prefetch_related(
                    Prefetch("consents", queryset=Consent.objects.order_by("-decided_on", "-pk"))
                ),
            ),
        )
        .first()
    )
    if citizen is None:
        raise NotFound()
    return scoped_as([(citizen, access)], principal=principal, purpose=purpose)[0]


def _part_of_citizen(queryset: QuerySet[P], actor: AnyActor, action: Action, pk: int) -> P:
    principal = as_principal(actor)
    part = queryset.filter(citizen_filter(principal, action, field="citizen_id"), pk=pk).first()
    if part is None:
        raise NotFound()
    access = citizen_access(principal, citizen_id=part.citizen_id, action=action)
    return scoped_as([(part, access)], principal=principal, purpose=PURPOSE_READ)[0]


def consent_get_for_user(
    *, actor: AnyActor, consent_id: int, action: Action = Action.READ
) -> Consent:
    return _part_of_citizen(
        Consent.objects.select_related("actor", "citizen"), actor, action, consent_id
    )


def network_actor_get_for_user(
    *, actor: AnyActor, actor_id: int, action: Action = Action.READ
) -> NetworkActor:
    return _part_of_citizen(NetworkActor.objects.select_related("citizen"), actor, action, actor_id)
