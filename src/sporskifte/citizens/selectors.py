"""Reads of citizens' records, through the access policy and logged.

A principal reaches a citizen's shared record (contact, relatives, network, consent) through a
relation of one of its units (access.models.CitizenRelation): a registration, a referral, or
an escalation to the granting authority. The relation that gave access is logged with its unit."""

import re
import unicodedata
from typing import TypeVar
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from sporskifte.access.log import log_search
from sporskifte.access.policy import Action, Relation
from sporskifte.access.principals import AnyActor, Principal, as_principal
from sporskifte.access.scoping import scoped_as
from sporskifte.access.selectors import citizen_access, citizen_accesses, citizen_filter
from sporskifte.citizens.cpr import cpr_digest, cpr_normalise
from sporskifte.citizens.models import Citizen, CitizenPart, Consent, NetworkActor
from sporskifte.core.errors import InvalidInput, NotFound

PURPOSE_READ = "Opslag på borger"
PURPOSE_SEARCH = "Søgning efter borger"
CPR_CRITERIA = "CPR-nummer"  # what a CPR search logs as its criteria: never the number
RECEIPT_CRITERIA = "Kvitteringsnummer"  # an all-digit query: it could be a part of a CPR number
SEARCH_MAX_LENGTH = 200  # a name's length
SEARCH_LIMIT = 50
# Digits with the separators people type in a CPR number: such a query is a CPR number, looked
# up whole by its keyed digest, never matched as a part of one.
CPR_TYPED = re.compile(r"[\d\s-]+")
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


def _search_query(query: str) -> str:
    query = query.strip()
    if not query:
        raise InvalidInput(
            fields={"query": [_("Skriv et navn, et CPR-nummer eller et kvitteringsnummer.")]}
        )
    if len(query) > SEARCH_MAX_LENGTH:
        raise InvalidInput(
            fields={"query": [_("Skriv højst %(max)s tegn.") % {"max": SEARCH_MAX_LENGTH}]}
        )
    if any(unicodedata.category(char) in ("Cc", "Cf") for char in query):
        raise InvalidInput(fields={"query": [_("Teksten indeholder et ugyldigt tegn.")]})
    return query


def _not_a_whole_cpr() -> InvalidInput:
    return InvalidInput(
        fields={
            "query": [
                _(
                    "Skriv hele CPR-nummeret: fødselsdatoen (DDMMÅÅ) og 4 cifre. Der søges ikke på dele af et CPR-nummer."
                )
            ]
        }
    )


def _receipt(principal: Principal, matches: Q) -> Q:
    """A receipt number finds its citizen only through a referral the searcher's units may
    read: another unit's referral is not confirmed to belong to anyone."""
    readable = principal.unit_ids(Relation.REFERRAL, Action.READ)
    return matches & Q(referrals__unit_id__in=readable)


def citizen_search_allowed(*, actor: AnyActor) -> None:
    """NotFound for a principal no citizen could ever be shown to (the search page is 404)."""
    principal = as_principal(actor)
    if not (
        principal.may(Relation.CITIZEN, Action.READ)
        or principal.may(Relation.ESCALATION, Action.READ)
    ):
        raise NotFound()


def citizen_search_for_user(
    *, actor: AnyActor, query: str, limit: int = SEARCH_LIMIT
) -> list[Citizen]:
    """Citizens the principal may read, found by a whole CPR number (through its keyed
    digest), by a part of the name (any case), or by the receipt number of one of their
    referrals. NotFound for a principal no citizen could ever be shown to.

    The search is logged with its criteria once per unit whose relation it searched through
    (a CPR number as "CPR-nummer", never its digits), and each citizen found as a read."""
    principal = as_principal(actor)
    citizen_search_allowed(actor=principal)
    query = _search_query(query)
    digits_only = bool(CPR_TYPED.fullmatch(query))
    digits = re.sub(r"\D", "", query)
    if digits_only and len(digits) == 10:
        try:
            found = Q(cpr_digest=cpr_digest(cpr_normalise(digits)))
        except InvalidInput:
            raise _not_a_whole_cpr() from None
        criteria = CPR_CRITERIA
    elif digits_only:
        # Not a whole CPR number, and never matched as a part of one; a receipt number can
        # be all digits, so only that is looked for (and the criteria keep no digits).
        if not query.isdigit():
            raise _not_a_whole_cpr()
        found = _receipt(principal, Q(referrals__receipt=query))
        criteria = RECEIPT_CRITERIA
    else:
        # Receipt numbers are the citizen's referrals' (a reverse relation by name: citizens
        # imports nothing from referrals).
        found = Q(name__icontains=query) | _receipt(principal, Q(referrals__receipt__iexact=query))
        criteria = query
    for relation in (Relation.CITIZEN, Relation.ESCALATION):
        units = principal.grant_unit_ids(relation, Action.READ)
        if units:
            log_search(
                principal,
                relation=relation,
                unit_ids=units,
                object_type=Citizen._meta.label_lower,
                purpose=PURPOSE_SEARCH,
                criteria=criteria,
            )
    citizens = list(
        Citizen.objects.filter(found, citizen_filter(principal, Action.READ))
        .filter(merged_into__isnull=True)
        .distinct()
        .order_by("name", "pk")[:limit]
    )
    if not citizens and criteria == RECEIPT_CRITERIA:
        raise _not_a_whole_cpr()  # most likely a part of a CPR number: say how to search
    accesses = citizen_accesses(
        principal, citizen_ids=[citizen.pk for citizen in citizens], action=Action.READ
    )
    return scoped_as(
        [(citizen, accesses[citizen.pk]) for citizen in citizens if citizen.pk in accesses],
        principal=principal,
        purpose=PURPOSE_SEARCH,
    )
