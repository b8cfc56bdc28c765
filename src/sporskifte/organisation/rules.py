"""Role-based permissions (which pages and actions a role may use). Object scope is in
`sporskifte.core.access`; these only answer "may this user use this kind of page"."""

import rules

from sporskifte.core.access import units_in_scope
from sporskifte.core.types import Actor
from sporskifte.organisation.models import Membership


def _has_role(role: str) -> rules.Predicate:
    @rules.predicate(name=f"has_active_{role}_membership")
    def predicate(user: Actor) -> bool:
        return units_in_scope(user, roles=[role]).exists()

    return predicate


is_worker = _has_role(Membership.Role.WORKER)
is_leader = _has_role(Membership.Role.LEADER)
is_granting_authority = _has_role(Membership.Role.GRANTING_AUTHORITY)
is_acute_line = _has_role(Membership.Role.ACUTE_LINE)
is_administrator = _has_role(Membership.Role.ADMINISTRATOR)

rules.add_perm("audit.browse_access_log", is_leader)
rules.add_perm("organisation.administer", is_administrator)

can_triage = is_worker | is_leader | is_granting_authority
rules.add_perm("referrals.triage", can_triage)
rules.add_perm("citizens.register", can_triage)
rules.add_perm("referrals.log_acute_call", is_acute_line)
rules.add_perm("courses.work_with_courses", is_worker | is_leader)
rules.add_perm("courses.decide_escalation", is_granting_authority)
rules.add_perm("reports.view_indicators", is_leader)
