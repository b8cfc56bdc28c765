"""The policy table itself: its documented copy, and what it never allows."""

import re
from pathlib import Path

from sporskifte.access.policy import (
    POLICY,
    RELATION_LABELS,
    UNIT_RELATIONS,
    Action,
    Relation,
    allows,
    roles_allowed,
)
from sporskifte.audit.models import REASONS_WITHOUT_UNIT
from sporskifte.organisation.models import Membership

DOC = Path(__file__).resolve().parents[2] / "docs" / "access-policy.md"


def test_the_documented_table_is_the_policy() -> None:
    table = DOC.read_text().split("| role | relation | actions |")[1].split("\n\n")[0]
    rows = re.findall(r"^\| (\w+) \| (\w+) \| ([\w, ]+) \|$", table, re.MULTILINE)
    documented = {(role, relation): set(actions.split(", ")) for role, relation, actions in rows}
    assert documented == {
        (str(role), str(relation)): {str(action) for action in actions}
        for (role, relation), actions in POLICY.items()
    }


def test_an_administrator_gets_nothing_but_administration_and_unit_pages() -> None:
    for relation in Relation:
        for action in Action:
            allowed = allows(Membership.Role.ADMINISTRATOR, relation, action)
            assert allowed == (
                (relation, action)
                in {(Relation.ORGANISATION, Action.ADMINISTER), (Relation.UNIT, Action.READ)}
            ), (relation, action)


def test_only_the_granting_authority_decides_and_only_through_an_escalation() -> None:
    assert {
        (role, relation) for (role, relation), actions in POLICY.items() if Action.DECIDE in actions
    } == {(Membership.Role.GRANTING_AUTHORITY, Relation.ESCALATION)}


def test_nobody_writes_through_an_escalation_or_as_a_job() -> None:
    assert roles_allowed(Relation.ESCALATION, Action.WRITE) == frozenset()
    assert roles_allowed(Relation.SYSTEM, Action.WRITE) == frozenset()


def test_every_relation_has_words_and_the_log_knows_which_name_no_unit() -> None:
    assert set(RELATION_LABELS) == set(Relation)
    assert {str(r) for r in set(Relation) - UNIT_RELATIONS} == set(REASONS_WITHOUT_UNIT) - {
        "legacy"
    }
