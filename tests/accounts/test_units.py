"""A staff member's own units: a unit's internal contacts and staff list are visible to its
own staff (and staff of units above it), and 404 to everyone else."""

import pytest
from django.urls import reverse

from sporskifte.audit.models import AccessLog
from sporskifte.organisation.models import Contact, Membership
from tests.factories import ContactFactory, MembershipFactory, UserFactory


def main_of(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def unit_url(slug: str) -> str:
    return reverse("accounts:unit_detail", args=[slug])


def test_a_worker_sees_own_units_internal_contacts_and_staff(people, herning, client_for) -> None:
    ContactFactory(
        unit=herning["polaris"],
        name="Vagtmobil",
        phone="99 99 99 99",
        visibility=Contact.Visibility.INTERNAL,
    )
    response = client_for(people.worker).get(unit_url("polaris"))
    assert response.status_code == 200
    assert "99 99 99 99" in response.text
    assert people.leader.get_full_name() in response.text
    assert people.colleague.get_full_name() not in response.text


def test_a_worker_gets_404_for_another_units_internal_page(people, herning, client_for) -> None:
    ContactFactory(
        unit=herning["skovlyset"], phone="88 88 88 88", visibility=Contact.Visibility.INTERNAL
    )
    response = client_for(people.worker).get(unit_url("skovlyset"))
    assert response.status_code == 404
    assert "88 88 88 88" not in response.text


def test_an_unknown_unit_and_a_foreign_unit_answer_alike(people, client_for) -> None:
    client = client_for(people.worker)
    foreign, missing = client.get(unit_url("skovlyset")), client.get(unit_url("does-not-exist"))
    assert foreign.status_code == missing.status_code == 404
    assert main_of(foreign.text) == main_of(missing.text)


@pytest.mark.parametrize("slug", ["polaris", "skovlyset", "myndighed"])
def test_the_outsider_gets_404_for_every_unit(people, client_for, slug: str) -> None:
    assert client_for(people.outsider).get(unit_url(slug)).status_code == 404


def test_a_member_of_a_centre_sees_the_units_below_it(herning, client_for) -> None:
    centre_leader = MembershipFactory(
        unit=herning["socialpsykiatrien"], role=Membership.Role.LEADER
    ).user
    client = client_for(centre_leader)
    assert client.get(unit_url("skovlyset")).status_code == 200
    assert client.get(unit_url("polaris")).status_code == 404


def test_reading_a_units_staff_list_is_access_logged(people, herning, client_for) -> None:
    client_for(people.worker).get(unit_url("polaris"))
    entry = AccessLog.objects.get()
    assert entry.actor == people.worker
    assert entry.action == AccessLog.Action.READ
    assert entry.object_type == "organisation.unit"
    assert entry.object_id == str(herning["polaris"].pk)
    assert entry.unit == herning["polaris"]
    assert entry.citizen_id is None


def test_a_refused_read_leaves_no_log_entry(people, client_for) -> None:
    client_for(people.worker).get(unit_url("skovlyset"))
    assert not AccessLog.objects.exists()


def test_the_unit_page_runs_the_same_number_of_queries_for_1_and_50_staff(
    herning, client_for, count_queries
) -> None:
    viewer = MembershipFactory(unit=herning["skiftesporet"]).user
    client = client_for(viewer)
    client.get(unit_url("skiftesporet"))
    one = count_queries(lambda: client.get(unit_url("skiftesporet")))
    for _ in range(49):
        MembershipFactory(unit=herning["skiftesporet"], user=UserFactory())
    fifty = count_queries(lambda: client.get(unit_url("skiftesporet")))
    assert one == fifty


def test_my_units_lists_only_units_in_scope(people, client_for) -> None:
    response = client_for(people.colleague).get(reverse("accounts:unit_list"))
    assert "Skovlyset" in response.text
    assert "POLARIS" not in response.text
