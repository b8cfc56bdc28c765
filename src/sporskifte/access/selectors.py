"""Reads the policy needs: which citizens a principal is related to, through which unit, and
the access log an overseer (a leader) may browse."""

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from sporskifte.access.models import CitizenRelation
from sporskifte.access.policy import Access, Action, PrincipalRole, Relation, allows
from sporskifte.access.principals import AnyActor, Principal, PrincipalKind, as_principal
from sporskifte.audit.models import AccessLog
from sporskifte.audit.selectors import AccessLogFilter, access_log_list
from sporskifte.core.errors import NotFound
from sporskifte.organisation.models import Unit

CASE_KINDS = (CitizenRelation.Kind.REGISTRATION, CitizenRelation.Kind.REFERRAL)


def _relations(principal: Principal, action: Action) -> QuerySet[CitizenRelation] | None:
    """The principal's current relations to citizens that allow `action`; None for none."""
    case_units = principal.unit_ids(Relation.CITIZEN, action)
    authority_units = principal.unit_ids(Relation.ESCALATION, action)
    if not case_units and not authority_units:
        return None
    return CitizenRelation.objects.filter(until__isnull=True).filter(
        Q(kind__in=CASE_KINDS, unit_id__in=case_units)
        | Q(kind=CitizenRelation.Kind.ESCALATION, unit_id__in=authority_units)
    )


def citizen_filter(actor: AnyActor, action: Action, *, field: str = "pk") -> Q:
    """Citizens (`field` holds the citizen's id) the principal may do `action` on."""
    principal = as_principal(actor)
    if principal.kind == PrincipalKind.SYSTEM:
        return Q() if allows(PrincipalRole.SYSTEM, Relation.SYSTEM, action) else Q(pk__in=[])
    if principal.kind == PrincipalKind.CITIZEN:
        if allows(PrincipalRole.CITIZEN, Relation.SELF, action):
            return Q(**{field: principal.citizen_id})
        return Q(pk__in=[])
    relations = _relations(principal, action)
    if relations is None:
        return Q(pk__in=[])
    return Q(**{f"{field}__in": relations.values("citizen_id")})


def _own_access(principal: Principal, *, citizen_id: int, action: Action) -> Access | None:
    """Access that needs no unit: the citizen to their own record, a system job."""
    if principal.kind == PrincipalKind.SYSTEM and allows(
        PrincipalRole.SYSTEM, Relation.SYSTEM, action
    ):
        return Access(Relation.SYSTEM)
    if (
        principal.kind == PrincipalKind.CITIZEN
        and principal.citizen_id == citizen_id
        and allows(PrincipalRole.CITIZEN, Relation.SELF, action)
    ):
        return Access(Relation.SELF)
    return None


def citizen_access(actor: AnyActor, *, citizen_id: int, action: Action) -> Access:
    """The relation that lets the principal do `action` on the citizen; NotFound if none.
    A case of the principal's own unit goes before an escalation."""
    principal = as_principal(actor)
    if principal.kind in (PrincipalKind.CITIZEN, PrincipalKind.SYSTEM):
        own = _own_access(principal, citizen_id=citizen_id, action=action)
        if own is None:
            raise NotFound()
        return own
    relations = _relations(principal, action)
    found = (
        relations.filter(citizen_id=citizen_id)
        .annotate(
            priority=Case(
                When(kind=CitizenRelation.Kind.ESCALATION, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("priority", "since", "pk")
        .values_list("kind", "unit_id")
        .first()
        if relations is not None
        else None
    )
    if found is None:
        raise NotFound()
    kind, unit_id = found
    relation = Relation.ESCALATION if kind == CitizenRelation.Kind.ESCALATION else Relation.CITIZEN
    return Access(relation, unit_id)


def citizen_accesses(
    actor: AnyActor, *, citizen_ids: list[int], action: Action
) -> dict[int, Access]:
    """`citizen_access` for many citizens in one query (a list of search results): the same
    relation each would get alone; a citizen without one is left out."""
    principal = as_principal(actor)
    if principal.kind in (PrincipalKind.CITIZEN, PrincipalKind.SYSTEM):
        found = {pk: _own_access(principal, citizen_id=pk, action=action) for pk in citizen_ids}
        return {pk: access for pk, access in found.items() if access is not None}
    relations = _relations(principal, action)
    if relations is None or not citizen_ids:
        return {}
    accesses: dict[int, Access] = {}
    rows = relations.filter(citizen_id__in=citizen_ids).order_by("since", "pk")
    for citizen_id, kind, unit_id in rows.values_list("citizen_id", "kind", "unit_id"):
        escalation = kind == CitizenRelation.Kind.ESCALATION
        known = accesses.get(citizen_id)
        # A case of the principal's own unit goes before an escalation, as in citizen_access.
        if known is None or (known.relation == Relation.ESCALATION and not escalation):
            accesses[citizen_id] = Access(
                Relation.ESCALATION if escalation else Relation.CITIZEN, unit_id
            )
    return accesses


def oversight_filter(actor: AnyActor) -> Q:
    """Access-log rows a leader oversees: every row through one of the leader's units, and
    every row about a citizen of those units, whoever the actor, from the day the unit's
    relation to the citizen began (a unit that meets a citizen today does not see the years
    before, at other units)."""
    principal = as_principal(actor)
    units = principal.unit_ids(Relation.UNIT, Action.OVERSEE)
    citizens_units = principal.unit_ids(Relation.CITIZEN, Action.OVERSEE)
    if not units and not citizens_units:
        raise NotFound()
    related_then = CitizenRelation.objects.filter(
        citizen_id=OuterRef("citizen_id"), unit_id__in=citizens_units, since__lte=OuterRef("at")
    )
    return Q(unit_id__in=units) | Q(Exists(related_then))


def access_log_for_overseer(
    *, actor: AnyActor, filters: AccessLogFilter | None = None
) -> QuerySet[AccessLog]:
    return access_log_list(visible=oversight_filter(actor), filters=filters or AccessLogFilter())


def access_log_actor_choices(*, actor: AnyActor) -> QuerySet[AbstractBaseUser]:
    """Staff of the overseer's municipalities: the people the log can be filtered by."""
    principal = as_principal(actor)
    units = Unit.objects.filter(municipality_id__in=principal.municipality_ids)
    return (
        get_user_model()
        .objects.filter(memberships__unit__in=units)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def citizen_relation_list(*, actor: AnyActor, citizen_id: int) -> list[CitizenRelation]:
    """The principal's units' current relations to the citizen: why they may see the record."""
    relations = _relations(as_principal(actor), Action.READ)
    if relations is None:
        return []
    return list(
        relations.filter(citizen_id=citizen_id).select_related("unit").order_by("since", "pk")
    )


def citizen_actions(*, actor: AnyActor, citizen_id: int) -> frozenset[Action]:
    """Everything the principal may do with the citizen's record (one query), so a page can
    offer only what will be allowed."""
    principal = as_principal(actor)
    rows = list(
        CitizenRelation.objects.filter(citizen_id=citizen_id, until__isnull=True).values_list(
            "kind", "unit_id"
        )
    )
    allowed = set()
    for action in Action:
        for kind, unit_id in rows:
            relation = (
                Relation.ESCALATION if kind == CitizenRelation.Kind.ESCALATION else Relation.CITIZEN
            )
            if unit_id in principal.unit_ids(relation, action):
                allowed.add(action)
    if principal.kind in (PrincipalKind.CITIZEN, PrincipalKind.SYSTEM):
        allowed |= {
            action
            for action in Action
            if _own_access(principal, citizen_id=citizen_id, action=action) is not None
        }
    return frozenset(allowed)
