"""The one scoping mechanism: scoped_get / scoped_list turn "missing" and "not yours" into
the same NotFound and log every read of personal data."""

import pytest

from sporskifte.audit.models import AccessLog
from sporskifte.core.access import scoped_get, scoped_list, units_in_scope
from sporskifte.core.errors import NotFound
from sporskifte.organisation.models import Unit


def test_scoped_get_raises_the_same_not_found_for_missing_and_out_of_scope(people, herning) -> None:
    scope = units_in_scope(people.worker)
    with pytest.raises(NotFound) as missing:
        scoped_get(scope, user=people.worker, purpose="t", slug="nope")
    with pytest.raises(NotFound) as foreign:
        scoped_get(scope, user=people.worker, purpose="t", slug="skovlyset")
    assert (missing.value.code, missing.value.message) == (
        foreign.value.code,
        foreign.value.message,
    )


def test_scoped_get_treats_a_malformed_key_as_not_found(people) -> None:
    with pytest.raises(NotFound):
        scoped_get(
            units_in_scope(people.worker), user=people.worker, purpose="t", pk="not-a-number"
        )


def test_scoped_list_logs_one_read_per_object_in_one_insert(
    people, herning, django_assert_num_queries
) -> None:
    queryset = Unit.objects.filter(slug__in=["polaris", "skovlyset", "skiftesporet"])
    with django_assert_num_queries(2):  # the select and one bulk insert
        units = scoped_list(queryset, user=people.leader, purpose="Oversigt")
    assert len(units) == 3
    assert set(AccessLog.objects.values_list("unit__slug", flat=True)) == {
        "polaris",
        "skovlyset",
        "skiftesporet",
    }
    assert set(AccessLog.objects.values_list("purpose", "actor")) == {
        ("Oversigt", people.leader.pk)
    }


def test_objects_without_personal_data_are_not_logged(people) -> None:
    from sporskifte.organisation.models import Municipality

    scoped_list(Municipality.objects.all(), user=people.worker, purpose="t")
    assert not AccessLog.objects.exists()


def test_a_signed_out_user_has_no_scope(db) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not units_in_scope(AnonymousUser()).exists()
