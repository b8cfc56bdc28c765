"""What a staff member sees of the organisation: own memberships, own units (with colleagues
and internal contacts, a logged read of staff data) and the municipality's units and services."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sporskifte.access.policy import Action, Relation
from sporskifte.access.principals import AnyActor, as_principal
from sporskifte.access.scoping import scoped_get, with_access
from sporskifte.accounts.models import ApiToken, Passkey, User, UserSession
from sporskifte.accounts.session_rules import still_alive
from sporskifte.organisation.models import Membership, Service, Unit
from sporskifte.organisation.rules import valid_on

PURPOSE_UNIT_DETAILS = "Enhedens interne kontaktoplysninger og medarbejderliste"


def membership_list_for_user(*, actor: AnyActor) -> QuerySet[Membership]:
    """The principal's own memberships in force today."""
    principal = as_principal(actor)
    return (
        Membership.objects.filter(valid_on(timezone.localdate()), user_id=principal.user_id)
        .select_related("unit")
        .order_by("unit__path")
        if principal.user_id is not None
        else Membership.objects.none()
    )


def membership_history_for_user(*, actor: AnyActor) -> QuerySet[Membership]:
    """All of the principal's own memberships, ended and coming ones too, newest first."""
    principal = as_principal(actor)
    if principal.user_id is None:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user_id=principal.user_id)
        .select_related("unit")
        .order_by("-valid_from", "unit__path")
    )


def user_session_list_for_user(*, actor: AnyActor) -> QuerySet[UserSession]:
    """The principal's own sessions that may still be in use, the most recently seen first."""
    principal = as_principal(actor)
    if principal.user_id is None:
        return UserSession.objects.none()
    return UserSession.objects.filter(still_alive(timezone.now()), user_id=principal.user_id)


def landing_for_user(*, actor: AnyActor) -> str:
    """The URL name a staff member lands on after sign-in. A worker lands on her day
    (`courses:today`, named, not imported: that page reads courses, above this app); the acute
    line, whose work is a call, on its call form; everyone else (leaders, administrators, the
    granting authority) on the start page, which links their own pages. A leader who is also
    a worker somewhere lands on the day."""
    roles = {grant.role for grant in as_principal(actor).grants}
    if Membership.Role.WORKER in roles:
        return "courses:today"
    if Membership.Role.ACUTE_LINE in roles:
        return "referrals:acute_line"
    return "accounts:start"


def unit_list_for_user(*, actor: AnyActor) -> QuerySet[Unit]:
    """Every unit of the principal's municipalities (public facts only)."""
    return (
        Unit.objects.filter(municipality_id__in=as_principal(actor).municipality_ids)
        .select_related("parent", "municipality")
        .order_by("path")
    )


def service_list_for_user(*, actor: AnyActor) -> QuerySet[Service]:
    return (
        Service.objects.filter(municipality_id__in=as_principal(actor).municipality_ids)
        .select_related("unit")
        .prefetch_related("hours", "elements")
        .order_by("unit__path", "position", "name")
    )


def my_unit_list(*, actor: AnyActor) -> QuerySet[Unit]:
    """The units whose internal details the principal may open (own units and those below)."""
    ids = as_principal(actor).unit_ids(Relation.UNIT, Action.READ)
    return Unit.objects.filter(pk__in=ids).select_related("parent").order_by("path")


def unit_get_for_user(*, actor: AnyActor, slug: str) -> Unit:
    """A unit with its internal contacts and current staff; NotFound outside the principal's
    units. The read is logged: the staff list holds colleagues' names and direct lines."""
    principal = as_principal(actor)
    queryset = with_access(
        Unit.objects.filter(pk__in=principal.unit_ids(Relation.UNIT, Action.READ)),
        relation=Relation.UNIT,
        unit="pk",
    ).prefetch_related(
        "contacts",
        "locations",
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(valid_on(timezone.localdate())).select_related(
                "user"
            ),
            to_attr="current_memberships",
        ),
        Prefetch("services", queryset=Service.objects.prefetch_related("hours")),
        "closing_days",
    )
    return scoped_get(queryset, principal=principal, purpose=PURPOSE_UNIT_DETAILS, slug=slug)


def api_token_list_for_user(*, actor: AnyActor) -> QuerySet[ApiToken]:
    """The principal's own API tokens, newest first (one query, however many)."""
    principal = as_principal(actor)
    if principal.user_id is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=principal.user_id).order_by("-created_at", "-pk")


@dataclass(frozen=True)
class SecondFactorFacts:
    enrolled: bool  # a confirmed authenticator app or a passkey
    required_by_role: bool  # a membership in force today has a role that requires one


def second_factor_facts(*, user_id: int, required_roles: Sequence[str]) -> SecondFactorFacts:
    """What the second-factor rule needs to know about the user, in one query."""
    row = (
        User.objects.filter(pk=user_id)
        .annotate(
            has_totp=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            has_passkey=Exists(Passkey.objects.filter(user=OuterRef("pk"))),
            required=Exists(
                Membership.objects.filter(
                    valid_on(timezone.localdate()), user=OuterRef("pk"), role__in=required_roles
                )
            ),
        )
        .values("has_totp", "has_passkey", "required")
        .first()
    )
    if row is None:
        return SecondFactorFacts(enrolled=False, required_by_role=False)
    return SecondFactorFacts(
        enrolled=row["has_totp"] or row["has_passkey"], required_by_role=row["required"]
    )


@dataclass(frozen=True)
class SecondFactor:
    """One of the user's factors as the MFA page lists it."""

    kind: str  # "totp" or "passkey", as in the removal page's address
    id: int
    name: str
    created_at: dt.datetime | None
    last_used_at: dt.datetime | None


@dataclass(frozen=True)
class SecondFactorOverview:
    factors: list[SecondFactor]
    recovery_codes_left: int


def second_factor_overview(*, user: AbstractBaseUser) -> SecondFactorOverview:
    """The user's own factors (three queries, however many)."""
    factors = [
        SecondFactor("totp", d.pk, d.name, d.created_at, d.last_used_at)
        for d in TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk")
    ] + [
        SecondFactor("passkey", p.pk, p.name, p.created_at, p.last_used_at)
        for p in Passkey.objects.filter(user_id=user.pk).order_by("pk")
    ]
    left = StaticToken.objects.filter(device__user_id=user.pk, device__confirmed=True).count()
    return SecondFactorOverview(factors=factors, recovery_codes_left=left)


def passkey_ids_for_user(*, user: AbstractBaseUser) -> list[str]:
    return list(Passkey.objects.filter(user_id=user.pk).values_list("credential_id", flat=True))
