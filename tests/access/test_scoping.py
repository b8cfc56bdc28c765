"""Fetching through the policy: "missing" and "not yours" are the same NotFound, and every
read of personal data is logged with the relation and unit that gave access."""

import pytest

from sporskifte.access.policy import Access, Action, Relation
from sporskifte.access.principals import as_principal
from sporskifte.access.scoping import access_of, scoped_get, scoped_list, with_access
from sporskifte.audit.models import AccessLog
from sporskifte.core.errors import NotFound
from sporskifte.organisation.models import Municipality, Unit


def _units_of(user) -> object:
    principal = as_principal(user)
    return principal, with_access(
        Unit.objects.filter(pk__in=principal.unit_ids(Relation.UNIT, Action.READ)),
        relation=Relation.UNIT,
        unit="pk",
    )


def test_scoped_get_raises_the_same_not_found_for_missing_and_out_of_scope(people, herning) -> None:
    principal, scope = _units_of(people.worker)
    with pytest.raises(NotFound) as missing:
        scoped_get(scope, principal=principal, purpose="t", slug="nope")
    with pytest.raises(NotFound) as foreign:
        scoped_get(scope, principal=principal, purpose="t", slug="skovlyset")
    assert (missing.value.code, missing.value.message) == (
        foreign.value.code,
        foreign.value.message,
    )


def test_scoped_get_treats_a_malformed_key_as_not_found(people) -> None:
    principal, scope = _units_of(people.worker)
    with pytest.raises(NotFound):
        scoped_get(scope, principal=principal, purpose="t", pk="not-a-number")


def test_scoped_list_logs_one_read_per_object_in_one_insert(
    people, herning, django_assert_num_queries
) -> None:
    principal = as_principal(people.leader)
    queryset = with_access(
        Unit.objects.filter(slug__in=["polaris", "skovlyset", "skiftesporet"]),
        relation=Relation.UNIT,
        unit="pk",
    )
    with django_assert_num_queries(2):  # the select and one bulk insert
        units = scoped_list(queryset, principal=principal, purpose="Oversigt")
    assert len(units) == 3
    assert all(access_of(unit) == Access(Relation.UNIT, unit.pk) for unit in units)
    assert set(AccessLog.objects.values_list("unit__slug", "reason")) == {
        ("polaris", "unit"),
        ("skovlyset", "unit"),
        ("skiftesporet", "unit"),
    }
    assert set(AccessLog.objects.values_list("purpose", "actor")) == {
        ("Oversigt", people.leader.pk)
    }


def test_objects_without_personal_data_are_not_logged(people) -> None:
    queryset = with_access(Municipality.objects.all(), relation=Relation.UNIT, unit="pk")
    scoped_list(queryset, principal=as_principal(people.worker), purpose="t")
    assert not AccessLog.objects.exists()


def test_an_object_fetched_without_the_policy_has_no_access(herning) -> None:
    with pytest.raises(TypeError, match="access policy"):
        access_of(herning["polaris"])
