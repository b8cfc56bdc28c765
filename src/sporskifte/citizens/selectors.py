"""Reads of citizens' records, scoped and logged (core.access).

A user sees a citizen through a unit in scope that registered the citizen or holds one of the
citizen's referrals. The unit that gave access is annotated as `access_unit_id` and logged."""

from django.db.models import (
    BigIntegerField,
    Case,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce

from sporskifte.citizens.models import Citizen, Consent, NetworkActor
from sporskifte.core.access import scoped_get, units_in_scope
from sporskifte.core.types import Actor

PURPOSE_READ = "Opslag på borger"


def citizens_in_scope(user: Actor) -> QuerySet[Citizen]:
    from sporskifte.courses.models import Course, Escalation
    from sporskifte.referrals.models import Referral

    units = units_in_scope(user)
    via_referral = Referral.objects.filter(citizen=OuterRef("pk"), unit__in=units).order_by(
        "received_at"
    )
    via_course = Course.objects.filter(unit__in=units).values("citizen_id")
    via_escalation = Escalation.objects.filter(authority__in=units).values("course__citizen_id")
    return Citizen.objects.filter(
        Q(registered_by_unit__in=units)
        | Q(pk__in=via_referral.values("citizen_id"))
        | Q(pk__in=via_course)
        | Q(pk__in=via_escalation)
    ).annotate(
        access_unit_id=Coalesce(
            Subquery(via_referral.values("unit_id")[:1]),
            Case(When(registered_by_unit__in=units, then=F("registered_by_unit_id"))),
            output_field=BigIntegerField(),
        )
    )


def citizen_get_for_user(*, user: Actor, citizen_id: int, purpose: str = PURPOSE_READ) -> Citizen:
    from sporskifte.referrals.models import Referral

    queryset = citizens_in_scope(user).prefetch_related(
        "relatives",
        "events",
        Prefetch(
            "network_actors",
            queryset=NetworkActor.objects.prefetch_related(
                Prefetch("consents", queryset=Consent.objects.order_by("-decided_on", "-pk"))
            ),
        ),
        Prefetch(
            "referrals",
            queryset=Referral.objects.filter(unit__in=units_in_scope(user)).select_related(
                "unit", "service"
            ),
            to_attr="visible_referrals",
        ),
    )
    return scoped_get(queryset, user=user, purpose=purpose, pk=citizen_id)


def consent_get_for_user(*, user: Actor, consent_id: int) -> Consent:
    citizens = citizens_in_scope(user).values("pk")
    return scoped_get(
        Consent.objects.filter(citizen__in=citizens).select_related("actor"),
        user=user,
        purpose=PURPOSE_READ,
        pk=consent_id,
    )


def network_actor_get_for_user(*, user: Actor, actor_id: int) -> NetworkActor:
    citizens = citizens_in_scope(user).values("pk")
    return scoped_get(
        NetworkActor.objects.filter(citizen__in=citizens),
        user=user,
        purpose=PURPOSE_READ,
        pk=actor_id,
    )
