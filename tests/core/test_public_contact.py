"""The public contact page (no login), rendered from the organisation data."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

URL = reverse("organisation:public_contact")


def test_it_tells_who_each_track_is_for_without_login(client, herning) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert "Spor 1: Skovlyset" in response.text
    assert "Spor 2: Skiftesporet" in response.text
    assert "førtidspension" in response.text
    assert "selvforsørgende gennem" in response.text


def test_it_explains_the_82b_service_and_how_to_get_it(client, herning) -> None:
    text = client.get(URL).text
    assert "Social- og sundhedsfremmende indsats" in text
    assert "Serviceloven § 82 b" in text
    assert "Du kan selv henvende dig til tilbuddet:" in text
    assert 'href="/henvendelse/"' in text
    assert "Fagfolk kan henvise dig" in text
    assert "Forløbet varer højst 6 måneder." in text
    assert "Brobyggende indsatser" in text


def test_it_shows_how_to_contact_each_unit(client, herning) -> None:
    text = client.get(URL).text
    assert "96 28 53 01" in text and "Skovvænget 2a" in text
    assert "96 28 52 01" in text and "Th. Nielsensgade 25" in text
    assert "Søndergade 16" in text and "ingen daglig betjening" in text


def test_internal_contacts_and_non_public_units_stay_off_the_page(client, herning) -> None:
    assert "Myndighedsrådgiverne" not in client.get(URL).text


def test_another_municipality_gets_its_own_page_and_nothing_of_herning(
    client, db, settings
) -> None:
    call_command("load_organisation", "fjordby.yaml", stdout=StringIO())
    text = client.get(URL).text
    assert "Fjordby" in text and "Huset ved Havnen" in text
    assert "Herning" not in text and "Skovlyset" not in text


def test_with_several_municipalities_the_setting_chooses(client, herning, settings) -> None:
    call_command("load_organisation", "fjordby.yaml", stdout=StringIO())
    assert "Skovlyset" not in client.get(URL).text
    settings.PUBLIC_MUNICIPALITY = "fjordby"
    assert "Huset ved Havnen" in client.get(URL).text
    settings.PUBLIC_MUNICIPALITY = "herning"
    assert "Skovlyset" in client.get(URL).text


def test_the_page_runs_constant_queries(client, herning, count_queries) -> None:
    from tests.factories import ContactFactory, ServiceFactory, UnitFactory

    before = count_queries(lambda: client.get(URL))
    for _ in range(10):
        unit = UnitFactory(municipality=herning["polaris"].municipality, parent=herning["polaris"])
        ServiceFactory(unit=unit)
        ContactFactory(unit=unit)
    assert count_queries(lambda: client.get(URL)) == before


@pytest.mark.parametrize(
    "header", ["Content-Security-Policy", "Permissions-Policy", "X-Content-Type-Options"]
)
def test_security_headers_are_set(client, db, header: str) -> None:
    assert client.get(URL).headers.get(header)
