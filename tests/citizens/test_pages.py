"""Registering a citizen on its own page; staff of two units choose which unit registers."""

from django.urls import reverse

from sporskifte.citizens.models import Citizen
from sporskifte.organisation.models import Membership
from tests.factories import MembershipFactory

URL = "/citizens/new/"


def test_a_worker_registers_a_citizen_and_lands_on_the_record(people, client_for) -> None:
    response = client_for(people.worker).post(
        URL, {"name": "Ida", "cpr": "0101904321", "income_basis": "su"}, follow=True
    )
    citizen = Citizen.objects.get()
    assert response.redirect_chain[-1][0] == reverse("citizens:detail", args=[citizen.public_id])
    assert "010190-xxxx" in response.text
    assert citizen.registered_by_unit.slug == "polaris"


def test_staff_of_two_units_must_choose_and_keep_their_input(people, client_for, herning) -> None:
    MembershipFactory(user=people.worker, unit=herning["skovlyset"], role=Membership.Role.WORKER)
    client = client_for(people.worker)
    page = client.get(URL)
    assert 'name="unit"' in page.text
    response = client.post(URL, {"name": "Ida", "cpr": "3102901234"})
    assert response.status_code == 422
    assert "Skriv et gyldigt CPR-nummer" in response.text
    assert "Dette felt er påkrævet." in response.text  # the unit, in the same round
    assert 'value="Ida"' in response.text
    assert not Citizen.objects.exists()
    client.post(URL, {"name": "Ida", "unit": "skovlyset"})
    assert Citizen.objects.get().registered_by_unit.slug == "skovlyset"


def test_roles_without_intake_cannot_register(people, client_for) -> None:
    assert client_for(people.acute).get(URL).status_code == 404
    assert client_for(people.outsider).get(URL).status_code == 404
