"""The intake API: citizens, referrals from each channel, triage, the acute line and routing."""

import datetime as dt
import time

import pytest
import time_machine
from django.core.cache import cache

from sporskifte.audit.models import AccessLog
from sporskifte.citizens.models import Citizen
from sporskifte.referrals.models import Referral
from sporskifte.referrals.services import self_referral_start

CPR = "0101904321"  # fails modulus-11 on purpose: still valid


@pytest.fixture(autouse=True)
def _empty_rate_limit_cache():
    cache.clear()


def register(api, **body):
    return api.post(
        "/api/v1/citizens", {"name": "Bo Borger", **body}, content_type="application/json"
    )


def test_a_citizen_is_registered_with_a_masked_cpr_and_read_back(people, api_for) -> None:
    api = api_for(people.worker)
    response = register(
        api, cpr="010190-4321", income_basis="foertidspension", contact="12 34 56 78"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["cpr_masked"] == "010190-xxxx"
    assert CPR not in response.content.decode()
    assert api.get(f"/api/v1/citizens/{body['id']}").json()["phone"] == "12 34 56 78"
    stored = Citizen.objects.get()
    assert CPR not in stored.cpr_encrypted
    assert AccessLog.objects.filter(citizen_id=stored.pk, action="create").exists()
    assert AccessLog.objects.filter(citizen_id=stored.pk, action="read").exists()
    assert body["id"] == str(stored.public_id)


def test_a_bad_cpr_is_a_field_error_without_the_number(people, api_for) -> None:
    response = register(api_for(people.worker), cpr="3102901234")
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "cpr"
    assert "3102901234" not in response.content.decode()


def test_a_citizen_of_another_unit_answers_404(people, api_for) -> None:
    citizen_id = register(api_for(people.worker)).json()["id"]
    assert api_for(people.colleague).get(f"/api/v1/citizens/{citizen_id}").status_code == 404
    assert api_for(people.leader).get(f"/api/v1/citizens/{citizen_id}").status_code == 200


def professional_referral(api, citizen_id: int, **extra):
    return api.post(
        "/api/v1/referrals",
        {
            "citizen_id": citizen_id,
            "unit": "polaris",
            "channel": "professional",
            "source": "gp",
            "reason": "Egen læge oplever stigende isolation.",
            "referrer_name": "Dr. Hansen",
            "referrer_organisation": "Lægehuset",
            **extra,
        },
        content_type="application/json",
    )


def test_a_professional_referral_is_listed_for_its_unit_only(people, api_for) -> None:
    api = api_for(people.worker)
    citizen_id = register(api).json()["id"]
    response = professional_referral(api, citizen_id, outreach=True)
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "new"
    assert response.json()["service"] == "social-og-sundhedsfremmende-indsats"
    listed = api.get("/api/v1/referrals?unit=polaris&status=new").json()
    assert [r["id"] for r in listed] == [response.json()["id"]]
    assert api_for(people.colleague).get("/api/v1/referrals").json() == []
    referral_id = response.json()["id"]
    triage = api_for(people.colleague).post(
        f"/api/v1/referrals/{referral_id}/triage",
        {"decision": "decline", "reason": "x"},
        content_type="application/json",
    )
    assert triage.status_code == 404


def test_a_referral_without_a_reason_lists_the_field(people, api_for) -> None:
    api = api_for(people.worker)
    citizen_id = register(api).json()["id"]
    response = professional_referral(api, citizen_id, reason="  ")
    assert response.status_code == 422
    assert response.json()["fields"] == [{"field": "reason", "message": "Skal udfyldes."}]


def test_triage_routes_to_a_track_and_the_track_finds_it(people, api_for) -> None:
    api = api_for(people.worker)
    citizen_id = register(
        api, income_basis="foertidspension", aims_for_work_or_education=False
    ).json()["id"]
    referral_id = professional_referral(api, citizen_id).json()["id"]
    response = api.post(
        f"/api/v1/referrals/{referral_id}/triage",
        {
            "decision": "route_to_track",
            "reason": "Varigt behov for døgndækket tilbud.",
            "service": "skovlyset-doegn",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "routed"
    at_track = api_for(people.colleague).get("/api/v1/referrals?unit=skovlyset").json()
    assert len(at_track) == 1
    assert at_track[0]["forwarded_from"] == referral_id
    assert at_track[0]["citizen_id"] == citizen_id
    again = api.post(
        f"/api/v1/referrals/{referral_id}/triage",
        {"decision": "decline", "reason": "x"},
        content_type="application/json",
    )
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("decision", "status", "queue_of"),
    [
        ("accept", "accepted", None),
        ("to_granting_authority", "to_granting_authority", "authority"),
        ("decline", "declined", None),
    ],
)
def test_each_triage_decision(people, api_for, decision, status, queue_of) -> None:
    api = api_for(people.worker)
    citizen_id = register(api).json()["id"]
    referral_id = professional_referral(api, citizen_id).json()["id"]
    response = api.post(
        f"/api/v1/referrals/{referral_id}/triage",
        {"decision": decision, "reason": "Begrundelse."},
        content_type="application/json",
    )
    assert response.json()["status"] == status
    assert response.json()["decision_reason"] == "Begrundelse."
    if queue_of:
        queue = api_for(getattr(people, queue_of)).get("/api/v1/referrals?status=new").json()
        assert [r["citizen_id"] for r in queue] == [citizen_id]


def test_triage_without_a_reason_is_refused_and_changes_nothing(people, api_for) -> None:
    api = api_for(people.worker)
    referral_id = professional_referral(api, register(api).json()["id"]).json()["id"]
    response = api.post(
        f"/api/v1/referrals/{referral_id}/triage",
        {"decision": "accept", "reason": ""},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert Referral.objects.get(pk=referral_id).status == "new"


@time_machine.travel(dt.datetime(2027, 1, 15, 21, 0, tzinfo=dt.UTC), tick=False)
def test_the_acute_line_books_consecutive_next_day_offers(people, api_for) -> None:
    api = api_for(people.acute)

    def call(name: str):
        return api.post(
            "/api/v1/acute-line/calls",
            {
                "received_at": "2027-01-15T22:00:00+01:00",
                "caller_name": name,
                "caller_contact": "20 20 20 20",
                "accepts_next_day_offer": True,
            },
            content_type="application/json",
        )

    first, second = call("A").json(), call("B").json()
    assert first["next_day_offer"]["start"] == "2027-01-18T08:00:00+01:00"
    assert first["next_day_offer"]["end"] == "2027-01-18T09:00:00+01:00"  # Monday 08-09
    assert first["next_day_offer"]["unit"] == "polaris"
    assert second["next_day_offer"]["start"] == "2027-01-18T09:00:00+01:00"
    queue = api_for(people.worker).get("/api/v1/referrals?unit=polaris").json()
    assert [r["channel"] for r in queue] == ["acute_line", "acute_line"]
    assert (
        api_for(people.worker)
        .post(
            "/api/v1/acute-line/calls",
            {
                "received_at": "2027-01-15T22:00:00+01:00",
                "caller_name": "x",
                "accepts_next_day_offer": False,
            },
            content_type="application/json",
        )
        .status_code
        == 404
    )


def test_a_declined_offer_books_nothing(people, api_for) -> None:
    response = api_for(people.acute).post(
        "/api/v1/acute-line/calls",
        {
            "received_at": "2026-11-20T22:00:00+01:00",
            "caller_name": "C",
            "accepts_next_day_offer": False,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["next_day_offer"] is None
    assert not Referral.objects.exists()


def test_routing_recommendation(people, api_for) -> None:
    response = api_for(people.worker).post(
        "/api/v1/routing/recommend",
        {"income_basis": "folkepension", "aims_for_work_or_education": False},
        content_type="application/json",
    )
    assert response.json()["track"] == "skovlyset"
    assert response.json()["rule"] == "skovlyset_pension"


def self_referral(client, **body):
    return client.post(
        "/api/v1/public/self-referrals",
        {
            "name": "Sofie",
            "contact": "sofie@example.org",
            "need": "Jeg har brug for hjælp.",
            "consent_to_contact": True,
            "started": self_referral_start(at=time.time() - 60),
            **body,
        },
        content_type="application/json",
    )


def test_a_self_referral_needs_no_login_and_answers_only_a_receipt(client, people) -> None:
    response = self_referral(client)
    assert response.status_code == 201
    assert set(response.json()) == {"receipt"}
    referral = Referral.objects.get()
    assert (referral.channel, referral.source, referral.unit.slug) == ("self", "citizen", "polaris")
    assert referral.receipt == response.json()["receipt"]


def test_self_referrals_are_rate_limited_per_client(client, people, settings) -> None:
    settings.SELF_REFERRALS_PER_HOUR = 2
    assert [self_referral(client).status_code for _ in range(3)] == [201, 201, 429]
    assert self_referral(client).json()["code"] == "rate_limited"
    assert Referral.objects.count() == 2


def test_a_self_referral_without_consent_is_refused(client, people) -> None:
    response = self_referral(client, consent_to_contact=False)
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "consent_to_contact"


def test_an_unknown_income_basis_or_service_is_a_field_error(people, api_for) -> None:
    api = api_for(people.worker)
    bad = register(api, income_basis="lottery")
    assert bad.status_code == 422
    assert bad.json()["fields"][0]["field"] == "income_basis"
    citizen_id = register(api).json()["id"]
    wrong = professional_referral(api, citizen_id, service="skovlyset-doegn")
    assert wrong.status_code == 422
    assert wrong.json()["fields"] == [
        {"field": "service", "message": "Ydelsen hører ikke til den valgte enhed."}
    ]


def test_the_form_and_the_api_share_one_rate_limit(client, people, settings) -> None:
    settings.SELF_REFERRALS_PER_HOUR = 1
    settings.SELF_REFERRAL_MIN_SECONDS = 0
    assert self_referral(client).status_code == 201
    form = client.get("/henvendelse/").context["form"]
    response = client.post(
        "/henvendelse/",
        {
            "started": form.initial["started"],
            "name": "A",
            "contact": "1",
            "need": "x",
            "consent_to_contact": "on",
        },
    )
    assert response.status_code == 429
    assert Referral.objects.count() == 1
