"""The public self-referral's guards, on the form and the API alike: only saved referrals count,
per address and for all addresses together; a refusal gives the numbers to call; robots are
refused the same way on both."""

import time

import pytest
import time_machine
from django.core.cache import cache

from sporskifte.organisation.models import Contact
from sporskifte.referrals.models import Referral
from sporskifte.referrals.services import self_referral_start

FORM = "/henvendelse/"
API = "/api/v1/public/self-referrals"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def acute_phone(herning):
    Contact.objects.filter(unit=herning["akuttelefon"]).update(
        phone="96 28 00 00", phone_hours="alle dage kl. 16-08"
    )


def form_data(**changes: str) -> dict[str, str]:
    return {
        "started": self_referral_start(at=time.time() - 60),
        "name": "Sofie Sørensen",
        "contact": "sofie@example.org",
        "need": "Jeg kan ikke overskue min hverdag.",
        "consent_to_contact": "on",
        "website": "",
        **changes,
    }


def api_body(**changes: object) -> dict[str, object]:
    return {
        "name": "Sofie",
        "contact": "sofie@example.org",
        "need": "Jeg har brug for hjælp.",
        "consent_to_contact": True,
        "started": self_referral_start(at=time.time() - 60),
        **changes,
    }


def post_api(client, body: dict[str, object], address: str = "127.0.0.1"):
    return client.post(API, body, content_type="application/json", REMOTE_ADDR=address)


def test_ten_mistakes_on_the_form_do_not_use_up_the_limit(client, herning, settings) -> None:
    settings.SELF_REFERRALS_PER_HOUR = 2
    for _ in range(10):
        assert client.post(FORM, form_data(consent_to_contact="")).status_code == 422
    assert client.post(FORM, form_data()).status_code == 302
    assert Referral.objects.count() == 1


def test_ten_mistakes_in_the_api_do_not_use_up_the_limit(client, herning, settings) -> None:
    settings.SELF_REFERRALS_PER_HOUR = 2
    for _ in range(10):
        assert post_api(client, api_body(need=" ")).status_code == 422
    assert post_api(client, api_body()).status_code == 201


def test_robots_refused_do_not_use_up_the_limit(client, herning, settings) -> None:
    settings.SELF_REFERRALS_PER_HOUR = 1
    for _ in range(5):
        assert post_api(client, api_body(website="http://spam.example")).status_code == 422
    assert post_api(client, api_body()).status_code == 201


def test_saved_referrals_count_per_address(client, herning, settings) -> None:
    settings.SELF_REFERRALS_PER_HOUR = 2
    answers = [post_api(client, api_body()).status_code for _ in range(3)]
    assert answers == [201, 201, 429]
    assert post_api(client, api_body(), address="10.0.0.2").status_code == 201


def test_many_addresses_meet_one_ceiling(client, herning, settings) -> None:
    settings.SELF_REFERRALS_PER_HOUR = 5
    settings.SELF_REFERRALS_PER_HOUR_ALL = 10
    answers = [post_api(client, api_body(), address=f"10.0.0.{i}").status_code for i in range(20)]
    assert answers == [201] * 10 + [429] * 10
    assert Referral.objects.count() == 10
    data = form_data()
    assert client.post(FORM, data, REMOTE_ADDR="10.0.1.1").status_code == 429


def test_the_limits_open_again_the_next_hour(client, herning, settings) -> None:
    settings.SELF_REFERRALS_PER_HOUR = 1
    with time_machine.travel("2027-02-01 10:05 +01:00", tick=False):
        assert post_api(client, api_body()).status_code == 201
        assert post_api(client, api_body()).status_code == 429
    with time_machine.travel("2027-02-01 11:05 +01:00", tick=False):
        assert post_api(client, api_body()).status_code == 201


def test_a_refusal_in_the_api_gives_the_numbers_to_call(
    client, herning, settings, acute_phone
) -> None:
    settings.SELF_REFERRALS_PER_HOUR = 0
    response = post_api(client, api_body())
    assert response.status_code == 429
    body = response.json()
    assert (body["code"], body["fields"], body["emergency"]) == ("rate_limited", [], "112")
    assert body["phones"] == [
        {
            "name": "POLARIS Center Herning, afdeling Søndergade",
            "phone": "40 71 43 16",
            "hours": "",
        },
        {
            "name": "Socialpsykiatriens akuttelefon",
            "phone": "96 28 00 00",
            "hours": "alle dage kl. 16-08",
        },
    ]
    assert "40 71 43 16" in body["message"] and "96 28 00 00" in body["message"]
    assert "112" in body["message"]


def test_a_refusal_on_the_form_gives_the_numbers_and_keeps_the_text(
    client, herning, settings, acute_phone
) -> None:
    settings.SELF_REFERRALS_PER_HOUR = 0
    response = client.post(FORM, form_data())
    assert response.status_code == 429
    assert 'href="tel:40714316"' in response.text
    assert 'href="tel:96280000"' in response.text
    assert 'href="tel:112"' in response.text
    assert "Jeg kan ikke overskue min hverdag." in response.text
    assert not Referral.objects.exists()


def test_a_refusal_without_numbers_in_the_data_still_says_112(client, herning, settings) -> None:
    Contact.objects.all().delete()
    settings.SELF_REFERRALS_PER_HOUR = 0
    body = post_api(client, api_body()).json()
    assert body["phones"] == []
    assert "ring 112" in body["message"]


def test_the_api_refuses_a_referral_sent_without_a_start(client, herning) -> None:
    response = post_api(client, api_body(started=""))
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert not Referral.objects.exists()


def test_the_api_refuses_a_referral_sent_within_seconds(client, herning, settings) -> None:
    settings.SELF_REFERRAL_MIN_SECONDS = 3
    started = client.get(f"{API}/start").json()["started"]
    assert post_api(client, api_body(started=started)).status_code == 422
    with time_machine.travel(time.time() + 5):
        assert post_api(client, api_body(started=started)).status_code == 201


def test_the_api_refuses_a_forged_start(client, herning) -> None:
    assert post_api(client, api_body(started="12345")).status_code == 422


def test_the_api_refuses_the_trap_field(client, herning) -> None:
    assert post_api(client, api_body(website="http://spam.example")).status_code == 422
    assert not Referral.objects.exists()


def test_the_api_checks_the_fields_before_the_robot_guards(client, herning) -> None:
    response = post_api(client, api_body(started="", name="N" * 201))
    assert {f["field"] for f in response.json()["fields"]} == {"name"}
