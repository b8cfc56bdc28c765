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


def test_help_now_comes_first_with_112_and_the_acute_line(client, herning) -> None:
    from sporskifte.organisation.models import Contact

    Contact.objects.filter(unit=herning["akuttelefon"]).update(
        phone="96 28 00 00", phone_hours="alle dage kl. 16-08"
    )
    text = client.get(URL).text
    help_now = text.index("Har du brug for hjælp nu?")
    assert help_now < text.index("Spor 1: Skovlyset")
    assert 'href="tel:112"' in text
    assert 'href="tel:96280000"' in text and "alle dage kl. 16-08" in text


def test_an_acute_line_without_a_number_is_named_and_112_is_given(client, herning) -> None:
    text = client.get(URL).text
    assert "Socialpsykiatriens akuttelefon: nummeret er ikke oplyst endnu." in text
    assert 'href="tel:112"' in text


def test_the_self_referral_link_is_near_the_top(client, herning) -> None:
    text = client.get(URL).text
    link = text.index('class="button button-primary" href="/henvendelse/"')
    assert link < text.index("Har du brug for hjælp nu?") < text.index('id="on-this-page"')


def test_without_an_organisation_the_page_still_gives_112(client, db) -> None:
    text = client.get(URL).text
    assert 'href="tel:112"' in text
    assert "/henvendelse/" not in text.split("<main")[1]


def test_every_page_links_the_accessibility_statement(client, herning, settings) -> None:
    link = '<a href="https://www.herning.dk/was">Tilgængelighedserklæring</a>'
    assert link in client.get(URL).text  # the municipality's own short address by default
    assert link in client.get(reverse("accounts:login")).text
    settings.ACCESSIBILITY_STATEMENT_URL = "https://www.was.digst.dk/sporskifte-herning-dk"
    assert 'href="https://www.was.digst.dk/sporskifte-herning-dk"' in client.get(URL).text


def test_without_a_municipality_website_the_statement_list_is_linked(client, db) -> None:
    assert 'href="https://www.was.digst.dk/">Tilgængelighedserklæring' in client.get(URL).text
