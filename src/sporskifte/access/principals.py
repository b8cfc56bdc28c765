"""Principals: who is acting. A staff member, a citizen, a system job or nobody (anonymous).

A staff principal's memberships in force today, and the units below them, are read once and
kept on the principal; a page builds one principal per request (`principal_of`), so every
selector, the menu and the log of one request share them.
"""

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, reduce
from operator import or_

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone

from sporskifte.access.policy import (
    UNIT_RELATIONS,
    Access,
    Action,
    PrincipalRole,
    Relation,
    allows,
    roles_allowed,
)
from sporskifte.core.errors import InsufficientScope
from sporskifte.organisation.models import Membership, Unit
from sporskifte.organisation.rules import below, is_below, valid_on


class PrincipalKind(StrEnum):
    STAFF = "staff"
    CITIZEN = "citizen"
    SYSTEM = "system"
    ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Grant:
    """A membership in force: the role at a unit, which covers the units below it."""

    unit_id: int
    unit_path: str
    role: str


class Principal:
    """Someone acting. Build one with `staff`, `citizen`, `system` or `anonymous`.

    `actions`, when given, caps what the credential the principal acts with allows (an API
    token's scope), whatever the role allows: asking for any other action raises
    InsufficientScope. Every question about an action passes `require_credential`, so no
    service or selector can forget the cap."""

    def __init__(
        self,
        kind: PrincipalKind,
        *,
        user: AbstractBaseUser | None = None,
        citizen_id: int | None = None,
        job: str = "",
        actions: frozenset[Action] | None = None,
    ) -> None:
        self.kind = kind
        self.user = user
        self.citizen_id = citizen_id
        self.job = job
        self.actions = actions

    @classmethod
    def staff(
        cls, user: AbstractBaseUser, *, actions: frozenset[Action] | None = None
    ) -> "Principal":
        return cls(PrincipalKind.STAFF, user=user, actions=actions)

    @classmethod
    def citizen(cls, citizen_id: int) -> "Principal":
        return cls(PrincipalKind.CITIZEN, citizen_id=citizen_id)

    @classmethod
    def system(cls, job: str) -> "Principal":
        return cls(PrincipalKind.SYSTEM, job=job)

    @classmethod
    def anonymous(cls) -> "Principal":
        return cls(PrincipalKind.ANONYMOUS)

    def __repr__(self) -> str:
        who = self.user or self.citizen_id or self.job
        return f"<Principal {self.kind} {who}>" if who else f"<Principal {self.kind}>"

    def require_credential(self, action: Action) -> None:
        if self.actions is not None and action not in self.actions:
            raise InsufficientScope()

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None

    @property
    def role(self) -> str | None:
        """The role of a principal that is not staff (staff roles come from memberships)."""
        return {
            PrincipalKind.CITIZEN: PrincipalRole.CITIZEN,
            PrincipalKind.SYSTEM: PrincipalRole.SYSTEM,
            PrincipalKind.ANONYMOUS: PrincipalRole.ANONYMOUS,
        }.get(self.kind)

    @cached_property
    def grants(self) -> tuple[Grant, ...]:
        if self.kind != PrincipalKind.STAFF or self.user is None:
            return ()
        return tuple(
            Grant(unit_id=unit_id, unit_path=path, role=role)
            for unit_id, path, role in Membership.objects.filter(valid_on(timezone.localdate()))
            .filter(user_id=self.user.pk)
            .values_list("unit_id", "unit__path", "role")
            .order_by("unit__path", "role")
        )

    @cached_property
    def _units_by_role(self) -> dict[str, frozenset[int]]:
        """Each role's units: the membership's unit and every unit below it (one query)."""
        if not self.grants:
            return {}
        subtrees = reduce(or_, (below(grant.unit_path) for grant in self.grants))
        units = list(Unit.objects.filter(subtrees).values_list("pk", "path"))
        found: dict[str, set[int]] = {}
        for grant in self.grants:
            found.setdefault(grant.role, set()).update(
                pk for pk, path in units if is_below(path, grant.unit_path)
            )
        return {role: frozenset(ids) for role, ids in found.items()}

    def unit_ids(self, relation: Relation, action: Action) -> frozenset[int]:
        """The units where this principal may do `action` through `relation`."""
        self.require_credential(action)
        if relation not in UNIT_RELATIONS:
            return frozenset()
        roles = roles_allowed(relation, action)
        ids: set[int] = set()
        for role, units in self._units_by_role.items():
            if role in roles:
                ids |= units
        return frozenset(ids)

    def grant_unit_ids(self, relation: Relation, action: Action) -> list[int]:
        """The membership units (tops of the subtrees) that allow `action` through `relation`."""
        self.require_credential(action)
        roles = roles_allowed(relation, action)
        return sorted({grant.unit_id for grant in self.grants if grant.role in roles})

    def may(self, relation: Relation, action: Action) -> bool:
        """Whether any relation of this kind could ever let this principal do `action`: the
        question a menu or a list page asks before it looks at any object."""
        self.require_credential(action)
        if relation in UNIT_RELATIONS:
            return bool(self.unit_ids(relation, action))
        if relation == Relation.ORGANISATION:
            return any(allows(grant.role, relation, action) for grant in self.grants)
        role = self.role
        return role is not None and allows(role, relation, action)

    def permits(self, access: Access, action: Action) -> bool:
        """May this principal also do `action` through the relation that gave `access`?"""
        self.require_credential(action)
        if access.unit_id is not None:
            return access.unit_id in self.unit_ids(access.relation, action)
        role = self.role
        return role is not None and allows(role, access.relation, action)

    @property
    def municipality_ids(self) -> frozenset[int]:
        """The municipalities of the principal's current memberships."""
        return frozenset(self._municipalities)

    @cached_property
    def _municipalities(self) -> set[int]:
        if not self.grants:
            return set()
        return set(
            Unit.objects.filter(pk__in=[grant.unit_id for grant in self.grants]).values_list(
                "municipality_id", flat=True
            )
        )


def may_administer(principal: Principal) -> bool:
    """The administration (organisation, users): staff with an administrator membership, or a
    superuser (the account that sets up a new installation). Neither reaches citizen data:
    citizens are not in the administration, and superuser status gives no relation."""
    user = principal.user
    if user is None or not user.is_active:
        return False
    principal.require_credential(Action.ADMINISTER)
    return bool(getattr(user, "is_superuser", False)) or principal.may(
        Relation.ORGANISATION, Action.ADMINISTER
    )


AnyActor = Principal | AbstractBaseUser | AnonymousUser
"""What services and selectors accept as `actor`: a principal, or a user (tests, commands)."""


def as_principal(actor: AnyActor) -> Principal:
    if isinstance(actor, Principal):
        return actor
    if isinstance(actor, AbstractBaseUser) and actor.is_authenticated and actor.is_active:
        return Principal.staff(actor)
    return Principal.anonymous()


def principal_bind(request: HttpRequest, principal: Principal) -> None:
    """Make `principal` the one `principal_of` gives for this request: a principal that is
    more than its user (an API token's scope) is built where the credential is checked."""
    user = principal.user or AnonymousUser()
    request.user = user  # type: ignore[assignment] # the project's User, typed as its base
    request._principal = (user, principal)  # type: ignore[attr-defined]


def principal_of(request: HttpRequest) -> Principal:
    """The principal of a request, built once and shared by everything that serves it."""
    user = getattr(request, "user", None) or AnonymousUser()
    cached = getattr(request, "_principal", None)
    # Keyed by the user: the API authenticates its bearer token after the middleware ran.
    if cached is not None and cached[0] is user:
        return cached[1]
    principal = as_principal(user)
    request._principal = (user, principal)  # type: ignore[attr-defined]
    return principal
