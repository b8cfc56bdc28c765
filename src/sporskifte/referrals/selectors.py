"""Reads for intake, through the access policy and logged: a unit's staff see the referrals to
that unit (and the units below it); the acute line sees the calls its unit logged."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from sporskifte.access.policy import Action, Relation
from sporskifte.access.principals import AnyActor, as_principal
from sporskifte.access.scoping import scoped_get, scoped_list, with_access
from sporskifte.core.errors import NotFound
from sporskifte.organisation.models import RoutingRule, Unit
from sporskifte.organisation.rules import receiving_referrals
from sporskifte.referrals.models import AcuteCall, Referral
from sporskifte.referrals.routing import CitizenFacts, Recommendation, Rule, recommend_track

PURPOSE_QUEUE = "Visitationskø"
PURPOSE_READ = "Visitation af henvendelse"
PURPOSE_ACUTE = "Akuttelefonens opkaldsliste"


def referrals_in_scope(actor: AnyActor, action: Action = Action.READ) -> QuerySet[Referral]:
    """Referrals to the units where the principal may do `action`; NotFound for a principal
    no referral could ever be shown to (so the page answers 404, like an object not yours)."""
    principal = as_principal(actor)
    if not principal.may(Relation.REFERRAL, action):
        raise NotFound()
    return with_access(
        Referral.objects.filter(unit_id__in=principal.unit_ids(Relation.REFERRAL, action)),
        relation=Relation.REFERRAL,
        unit="unit_id",
    )


def _intake_units(actor: AnyActor) -> QuerySet[Unit]:
    principal = as_principal(actor)
    if not principal.may(Relation.REFERRAL, Action.WRITE):
        raise NotFound()
    return Unit.objects.filter(
        receiving_referrals(), pk__in=principal.unit_ids(Relation.REFERRAL, Action.WRITE)
    )


@dataclass(frozen=True)
class IntakeUnit:
    unit: Unit
    waiting: int
    awaiting_course: int


def intake_units_for_user(*, actor: AnyActor) -> list[IntakeUnit]:
    """The principal's units that receive referrals, with how many wait for triage and how many
    accepted or granted citizens wait for their course to start."""
    units = (
        _intake_units(actor)
        .annotate(
            waiting=Count("referrals", filter=Q(referrals__status=Referral.Status.NEW)),
            awaiting_course=Count(
                "referrals",
                filter=Q(
                    referrals__status=Referral.Status.ACCEPTED, referrals__course__isnull=True
                ),
            ),
        )
        .order_by("path")
    )
    return [
        IntakeUnit(unit=unit, waiting=unit.waiting, awaiting_course=unit.awaiting_course)
        for unit in units
    ]


def intake_unit_get(*, actor: AnyActor, slug: str) -> Unit:
    unit = _intake_units(actor).filter(slug=slug).first()
    if unit is None:
        raise NotFound()
    return unit


def intake_queue(*, actor: AnyActor, unit: Unit) -> list[Referral]:
    """Referrals waiting for triage at `unit`, oldest first."""
    principal = as_principal(actor)
    queryset = (
        referrals_in_scope(principal, Action.WRITE)
        .filter(unit=unit, status=Referral.Status.NEW)
        .select_related("citizen", "service")
        .order_by("received_at", "pk")
    )
    return scoped_list(queryset, principal=principal, purpose=PURPOSE_QUEUE)


def awaiting_course(*, actor: AnyActor, unit: Unit) -> list[Referral]:
    """Accepted referrals at `unit` whose course has not started yet (incl. granted services)."""
    principal = as_principal(actor)
    queryset = (
        referrals_in_scope(principal, Action.WRITE)
        .filter(unit=unit, status=Referral.Status.ACCEPTED, course__isnull=True)
        .select_related("citizen", "decided_service")
        .order_by("decided_at", "pk")
    )
    return scoped_list(queryset, principal=principal, purpose=PURPOSE_QUEUE)


def referral_list_for_user(
    *, actor: AnyActor, unit_slug: str | None = None, status: str | None = None
) -> list[Referral]:
    principal = as_principal(actor)
    queryset = referrals_in_scope(principal).select_related("unit", "service", "citizen")
    if unit_slug:
        queryset = queryset.filter(unit__slug=unit_slug)
    if status:
        queryset = queryset.filter(status=status)
    return scoped_list(
        queryset.order_by("received_at", "pk"), principal=principal, purpose=PURPOSE_QUEUE
    )


def referral_get_for_user(
    *, actor: AnyActor, referral_id: int, action: Action = Action.READ
) -> Referral:
    principal = as_principal(actor)
    queryset = referrals_in_scope(principal, action).select_related(
        "unit", "service", "citizen", "decided_service", "decided_by", "forwarded_from__unit"
    )
    return scoped_get(queryset, principal=principal, purpose=PURPOSE_READ, pk=referral_id)


def _calls_in_scope(actor: AnyActor) -> QuerySet[AcuteCall]:
    principal = as_principal(actor)
    if not principal.may(Relation.ACUTE_CALL, Action.READ):
        raise NotFound()
    return with_access(
        AcuteCall.objects.filter(unit_id__in=principal.unit_ids(Relation.ACUTE_CALL, Action.READ)),
        relation=Relation.ACUTE_CALL,
        unit="unit_id",
    )


def acute_calls_for_user(*, actor: AnyActor, limit: int = 50) -> list[AcuteCall]:
    principal = as_principal(actor)
    queryset = _calls_in_scope(principal).select_related("referral__unit", "logged_by")[:limit]
    return scoped_list(queryset, principal=principal, purpose=PURPOSE_ACUTE)


def acute_call_get_for_user(*, actor: AnyActor, call_id: int) -> AcuteCall:
    principal = as_principal(actor)
    queryset = _calls_in_scope(principal).select_related("referral__unit")
    return scoped_get(queryset, principal=principal, purpose=PURPOSE_ACUTE, pk=call_id)


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


def referral_routing_recommendation(referral: Referral) -> tuple[Recommendation, Unit | None]:
    """The track recommended for a referral's citizen (by what the record says), and that
    track's unit; for a referral the caller has already fetched through the policy."""
    citizen = referral.citizen
    recommendation = routing_recommendation(
        municipality_id=referral.municipality_id,
        facts=CitizenFacts(
            income_basis=(citizen.income_basis or None) if citizen else None,
            aims_for_work_or_education=citizen.aims_for_work_or_education if citizen else None,
            expected_to_work=citizen.expected_to_work if citizen else None,
        ),
    )
    track = Unit.objects.filter(
        municipality_id=referral.municipality_id, slug=recommendation.track
    ).first()
    return recommendation, track


def routing_recommendation_for_user(*, actor: AnyActor, facts: CitizenFacts) -> Recommendation:
    """The recommended track by the rules of the municipality the principal triages for; a
    tool of intake, so NotFound for anyone who does not triage."""
    unit = _intake_units(actor).order_by("path").first()
    if unit is None:
        raise NotFound()
    return routing_recommendation(municipality_id=unit.municipality_id, facts=facts)
