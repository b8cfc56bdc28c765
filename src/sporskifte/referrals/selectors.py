"""Reads for intake, scoped and logged: a unit's staff see the referrals to that unit (and the
units below it); the acute line sees the calls its unit logged."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from sporskifte.core.access import scoped_get, scoped_list, units_in_scope
from sporskifte.core.errors import NotFound
from sporskifte.core.types import Actor
from sporskifte.organisation.models import Membership, RoutingRule, Unit
from sporskifte.referrals.models import AcuteCall, Referral
from sporskifte.referrals.routing import CitizenFacts, Recommendation, Rule, recommend_track
from sporskifte.referrals.services import INTAKE_ROLES

PURPOSE_QUEUE = "Visitationskø"
PURPOSE_READ = "Visitation af henvendelse"
PURPOSE_ACUTE = "Akuttelefonens opkaldsliste"


def _referrals_in_scope(user: Actor) -> QuerySet[Referral]:
    return Referral.objects.filter(unit__in=units_in_scope(user, roles=INTAKE_ROLES))


@dataclass(frozen=True)
class IntakeUnit:
    unit: Unit
    waiting: int


def intake_units_for_user(*, user: Actor) -> list[IntakeUnit]:
    """The user's units that receive referrals, with how many wait for triage."""
    units = (
        units_in_scope(user, roles=INTAKE_ROLES)
        .exclude(kind=Unit.Kind.ACUTE_LINE)
        .annotate(waiting=Count("referrals", filter=Q(referrals__status=Referral.Status.NEW)))
        .order_by("path")
    )
    return [IntakeUnit(unit=unit, waiting=unit.waiting) for unit in units]


def intake_unit_get(*, user: Actor, slug: str) -> Unit:
    unit = units_in_scope(user, roles=INTAKE_ROLES).filter(slug=slug).first()
    if unit is None:
        raise NotFound()
    return unit


def intake_queue(*, user: Actor, unit: Unit) -> list[Referral]:
    """Referrals waiting for triage at `unit`, oldest first."""
    queryset = (
        _referrals_in_scope(user)
        .filter(unit=unit, status=Referral.Status.NEW)
        .select_related("citizen", "service")
        .order_by("received_at", "pk")
    )
    return scoped_list(queryset, user=user, purpose=PURPOSE_QUEUE)


def awaiting_course(*, user: Actor, unit: Unit) -> list[Referral]:
    """Accepted referrals at `unit` whose course has not started yet (incl. granted services)."""
    queryset = (
        _referrals_in_scope(user)
        .filter(unit=unit, status=Referral.Status.ACCEPTED, course__isnull=True)
        .select_related("citizen", "decided_service")
        .order_by("decided_at", "pk")
    )
    return scoped_list(queryset, user=user, purpose=PURPOSE_QUEUE)


def referral_list_for_user(
    *, user: Actor, unit_slug: str | None = None, status: str | None = None
) -> list[Referral]:
    queryset = _referrals_in_scope(user).select_related("unit", "service", "citizen")
    if unit_slug:
        queryset = queryset.filter(unit__slug=unit_slug)
    if status:
        queryset = queryset.filter(status=status)
    return scoped_list(queryset.order_by("received_at", "pk"), user=user, purpose=PURPOSE_QUEUE)


def referral_get_for_user(*, user: Actor, referral_id: int) -> Referral:
    queryset = _referrals_in_scope(user).select_related(
        "unit", "service", "citizen", "decided_service", "decided_by", "forwarded_from__unit"
    )
    return scoped_get(queryset, user=user, purpose=PURPOSE_READ, pk=referral_id)


def acute_calls_for_user(*, user: Actor, limit: int = 50) -> list[AcuteCall]:
    units = units_in_scope(user, roles=[Membership.Role.ACUTE_LINE])
    queryset = AcuteCall.objects.filter(unit__in=units).select_related(
        "referral__unit", "logged_by"
    )[:limit]
    return scoped_list(queryset, user=user, purpose=PURPOSE_ACUTE)


def acute_call_get_for_user(*, user: Actor, call_id: int) -> AcuteCall:
    units = units_in_scope(user, roles=[Membership.Role.ACUTE_LINE])
    queryset = AcuteCall.objects.filter(unit__in=units).select_related("referral__unit")
    return scoped_get(queryset, user=user, purpose=PURPOSE_ACUTE, pk=call_id)


def routing_rules(*, municipality_id: int) -> list[Rule]:
    return [
        Rule(
            code=rule.code,
            track=rule.track.slug,
            explanation=rule.explanation,
            income_bases=tuple(rule.income_bases),
            aims_for_work_or_education=rule.aims_for_work_or_education,
            expected_to_work=rule.expected_to_work,
        )
        for rule in RoutingRule.objects.filter(municipality_id=municipality_id).select_related(
            "track"
        )
    ]


def routing_recommendation(*, municipality_id: int, facts: CitizenFacts) -> Recommendation:
    return recommend_track(routing_rules(municipality_id=municipality_id), facts)
