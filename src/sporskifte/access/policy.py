"""The one access policy: which role, through which relation, may do which action.

A principal reaches data only through a relation that gives a reason (a membership of the unit
that holds the referral or course, the granting authority of an escalation, the acute line for
its calls, the citizen themself ...). This table says what each role may do through each
relation; nothing else in Sporskifte grants access. docs/access-policy.md prints the same table
in words, and a test keeps the two in step.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from django.utils.translation import gettext_lazy as _

from sporskifte.organisation.models import Membership


class Action(StrEnum):
    READ = "read"
    WRITE = "write"
    REVEAL_CPR = "reveal_cpr"
    DECIDE = "decide"
    OVERSEE = "oversee"  # spot checks of the access log, the unit's indicators
    ADMINISTER = "administer"  # organisation and users, never citizens


class Relation(StrEnum):
    # The unit has a case with the citizen (registered them, received a referral): the shared
    # record — name, contact, relatives, network, consent — not other units' courses.
    CITIZEN = "citizen"
    REFERRAL = "referral"  # the unit received the referral
    COURSE = "course"  # the unit holds the course
    # The granting authority the course was handed to: while the escalation waits, and after a
    # grant (the authority follows up on its decision); a refusal ends it.
    ESCALATION = "escalation"
    ACUTE_CALL = "acute_call"  # the acute line unit that logged the call
    UNIT = "unit"  # a member of the unit: its internal contacts, staff, indicators, access log
    ORGANISATION = "organisation"  # an administrator of the municipality's organisation
    SELF = "self"  # the citizen themself (the portal)
    SYSTEM = "system"  # a background job of Sporskifte itself
    PUBLIC = "public"  # anyone, without signing in: the self-referral form


class PrincipalRole(StrEnum):
    """Roles of principals that are not staff; staff roles come from their memberships."""

    CITIZEN = "citizen"
    SYSTEM = "system"
    ANONYMOUS = "anonymous"


Role = Membership.Role
A = Action
R = Relation

POLICY: Mapping[tuple[str, Relation], frozenset[Action]] = {
    (Role.WORKER, R.CITIZEN): frozenset({A.READ, A.WRITE, A.REVEAL_CPR}),
    (Role.WORKER, R.REFERRAL): frozenset({A.READ, A.WRITE}),
    (Role.WORKER, R.COURSE): frozenset({A.READ, A.WRITE}),
    (Role.WORKER, R.UNIT): frozenset({A.READ}),
    (Role.LEADER, R.CITIZEN): frozenset({A.READ, A.WRITE, A.REVEAL_CPR, A.OVERSEE}),
    (Role.LEADER, R.REFERRAL): frozenset({A.READ, A.WRITE}),
    (Role.LEADER, R.COURSE): frozenset({A.READ, A.WRITE}),
    (Role.LEADER, R.UNIT): frozenset({A.READ, A.OVERSEE}),
    # The authority receives referrals of its own (triage "to the granting authority").
    (Role.GRANTING_AUTHORITY, R.CITIZEN): frozenset({A.READ, A.WRITE, A.REVEAL_CPR}),
    (Role.GRANTING_AUTHORITY, R.REFERRAL): frozenset({A.READ, A.WRITE}),
    (Role.GRANTING_AUTHORITY, R.ESCALATION): frozenset({A.READ, A.REVEAL_CPR, A.DECIDE}),
    (Role.GRANTING_AUTHORITY, R.UNIT): frozenset({A.READ}),
    (Role.ACUTE_LINE, R.ACUTE_CALL): frozenset({A.READ, A.WRITE}),
    (Role.ACUTE_LINE, R.UNIT): frozenset({A.READ}),
    (Role.ADMINISTRATOR, R.ORGANISATION): frozenset({A.ADMINISTER}),
    (Role.ADMINISTRATOR, R.UNIT): frozenset({A.READ}),
    (PrincipalRole.CITIZEN, R.SELF): frozenset({A.READ}),
    (PrincipalRole.SYSTEM, R.SYSTEM): frozenset({A.READ}),
    (PrincipalRole.ANONYMOUS, R.PUBLIC): frozenset({A.WRITE}),
}

# The actions that change nothing: all that a read-only credential (an API token with the
# "read" scope) lets its holder do, whatever the role allows.
READING = frozenset({A.READ, A.REVEAL_CPR, A.OVERSEE})

# Relations that go through a membership of a unit; the others belong to one principal kind.
UNIT_RELATIONS = frozenset({R.CITIZEN, R.REFERRAL, R.COURSE, R.ESCALATION, R.ACUTE_CALL, R.UNIT})

RELATION_LABELS = {
    R.CITIZEN: _("borger i enhedens sag"),
    R.REFERRAL: _("henvendelse til enheden"),
    R.COURSE: _("forløb i enheden"),
    R.ESCALATION: _("overdragelse til bevillingsmyndigheden"),
    R.ACUTE_CALL: _("opkald til akuttelefonen"),
    R.UNIT: _("medlem af enheden"),
    R.ORGANISATION: _("administration"),
    R.SELF: _("borgeren selv"),
    R.SYSTEM: _("system"),
    R.PUBLIC: _("offentlig formular"),
}


def allows(role: str, relation: Relation, action: Action) -> bool:
    return action in POLICY.get((role, relation), frozenset())


@cache
def roles_allowed(relation: Relation, action: Action) -> frozenset[str]:
    """The roles that may do `action` through `relation`."""
    return frozenset(
        role for (role, rel), actions in POLICY.items() if rel == relation and action in actions
    )


@dataclass(frozen=True)
class Access:
    """Why a principal may touch an object: the kind of relation, and the unit whose relation
    it is (None for the citizen themself, a system job, the public form, administration)."""

    relation: Relation
    unit_id: int | None = None
