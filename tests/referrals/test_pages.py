"""Intake through the pages: what staff and citizens see and keep when something is wrong."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.timesince import timesince

from sporskifte.audit.models import AccessLog
from sporskifte.citizens.models import Citizen
from sporskifte.citizens.services import citizen_register
from sporskifte.referrals.models import AcuteCall, Referral
from sporskifte.referrals.services import referral_register, self_referral_submit

SELF_URL = "/henvendelse/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def quick_forms(settings):
    settings.SELF_REFERRAL_MIN_SECONDS = 0


def self_referral_form_data(client) -> dict[str, str]:
    form = client.get(SELF_URL).context["form"]
    return {
        "started": form.initial["started"],
        "name": "Sofie Sørensen",
        "contact": "sofie@example.org",
        "need": "Jeg kan ikke overskue min hverdag.",
        "consent_to_contact": "on",
        "website": "",
    }


def test_a_citizen_refers_herself_and_sees_only_a_receipt(client, herning, quick_forms) -> None:
    response = client.post(SELF_URL, self_referral_form_data(client), follow=True)
    referral = Referral.objects.get()
    assert response.redirect_chain[-1][0] == "/henvendelse/kvittering/"
    assert referral.receipt in response.text
    assert "Sofie" not in response.text
    assert (referral.unit.slug, referral.channel) == ("polaris", "self")
    entry = AccessLog.objects.get(object_id=str(referral.pk), action="create")
    # Nobody's relation, but the receiving unit is named, so its leaders see it arrive.
    assert (entry.actor, entry.reason, entry.unit.slug) == (None, "public", "polaris")


def test_a_form_sent_within_seconds_is_refused_but_keeps_what_was_typed(client, herning) -> None:
    response = client.post(SELF_URL, self_referral_form_data(client))
    assert response.status_code == 422
    assert "Formularen kunne ikke sendes" in response.text
    assert "Jeg kan ikke overskue min hverdag." in response.text
    assert not Referral.objects.exists()


def test_the_trap_field_stops_a_robot(client, herning, quick_forms) -> None:
    data = self_referral_form_data(client) | {"website": "http://spam.example"}
    assert client.post(SELF_URL, data).status_code == 422
    assert not Referral.objects.exists()


def test_missing_consent_is_shown_next_to_the_checkbox(client, herning, quick_forms) -> None:
    data = self_referral_form_data(client)
    del data["consent_to_contact"]
    response = client.post(SELF_URL, data)
    assert response.status_code == 422
    assert "Vi kan kun hjælpe, hvis vi må kontakte dig." in response.text
    assert "Sofie Sørensen" in response.text


def test_the_form_is_rate_limited_per_client(client, herning, quick_forms, settings) -> None:
    settings.SELF_REFERRALS_PER_HOUR = 1
    data = self_referral_form_data(client)
    assert client.post(SELF_URL, data).status_code == 302
    response = client.post(SELF_URL, data)
    assert response.status_code == 429
    assert "Sofie Sørensen" in response.text
    assert Referral.objects.count() == 1


def test_a_saved_self_referral_survives_an_error_after_saving(
    client, herning, quick_forms, monkeypatch
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("the page after saving failed")

    monkeypatch.setattr("sporskifte.referrals.views.redirect", broken)
    client.raise_request_exception = False
    response = client.post(SELF_URL, self_referral_form_data(client))
    assert response.status_code == 500
    assert Referral.objects.get().contact_name == "Sofie Sørensen"


def test_the_queue_is_oldest_first_with_waiting_time_and_constant_queries(
    people, client_for, count_queries
) -> None:
    municipality = people.worker.memberships.get().unit.municipality
    for day in (3, 1, 2):
        with time_machine.travel(dt.datetime(2026, 11, day, 10, tzinfo=dt.UTC)):
            self_referral_submit(
                municipality=municipality,
                name=f"Borger {day}",
                contact="1",
                need="Hjælp",
                consent_to_contact=True,
            )
    client = client_for(people.worker)
    url = reverse("referrals:queue", args=["polaris"])
    text = client.get(url).text
    assert text.index("Borger 1") < text.index("Borger 2") < text.index("Borger 3")
    oldest = Referral.objects.get(contact_name="Borger 1")
    with translation.override("da"):
        waited = timesince(oldest.received_at)
    assert f"<td>{waited}</td>" in text
    few = count_queries(lambda: client.get(url))
    for n in range(5):
        self_referral_submit(
            municipality=municipality, name=f"N{n}", contact="1", need="x", consent_to_contact=True
        )
    assert count_queries(lambda: client.get(url)) == few
    assert client_for(people.colleague).get(url).status_code == 404


def new_referral_data(**extra: str) -> dict[str, str]:
    return {
        "name": "Karl Kristensen",
        "cpr": "010190-4321",
        "phone": "11 22 33 44",
        "income_basis": "foertidspension",
        "aims_for_work_or_education": "false",
        "source": "gp",
        "referrer_name": "Dr. Hansen",
        "referrer_organisation": "Lægehuset",
        "reason": "Trækker sig fra alt.",
        **extra,
    }


def test_a_professional_referral_with_a_new_citizen(people, client_for) -> None:
    client = client_for(people.worker)
    response = client.post(reverse("referrals:create", args=["polaris"]), new_referral_data())
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.citizen.name == "Karl Kristensen"
    assert referral.citizen.cpr_masked == "010190-xxxx"
    assert (referral.source, referral.referrer_name) == ("gp", "Dr. Hansen")


def test_a_referral_form_with_an_error_keeps_every_field(people, client_for) -> None:
    client = client_for(people.worker)
    response = client.post(
        reverse("referrals:create", args=["polaris"]), new_referral_data(reason="")
    )
    assert response.status_code == 422
    for kept in ("Karl Kristensen", "010190-4321", "11 22 33 44", "Dr. Hansen", "Lægehuset"):
        assert kept in response.text
    assert not Citizen.objects.exists()


def test_a_known_cpr_links_the_referral_to_that_person(people, client_for) -> None:
    existing = citizen_register(
        actor=people.worker, unit=people.worker.memberships.get().unit, cpr="0101904321", name="K"
    ).citizen
    response = client_for(people.worker).post(
        reverse("referrals:create", args=["polaris"]), new_referral_data()
    )
    assert response.status_code == 302
    assert Citizen.objects.count() == 1
    assert Referral.objects.get().citizen == existing


def waiting_referral(people) -> Referral:
    unit = people.worker.memberships.get().unit
    citizen = citizen_register(
        actor=people.worker,
        unit=unit,
        name="Karl",
        income_basis="foertidspension",
        aims_for_work_or_education=False,
    ).citizen
    return referral_register(
        actor=people.worker,
        unit=unit,
        citizen=citizen,
        source="gp",
        reason="x",
        referrer_name="Dr. H",
    )


def test_the_triage_page_shows_flags_and_the_recommended_track(people, client_for) -> None:
    referral = waiting_referral(people)
    response = client_for(people.worker).get(reverse("referrals:detail", args=[referral.pk]))
    assert 'data-recommendation="skovlyset"' in response.text
    assert 'data-flag="age_unknown"' in response.text
    assert 'data-flag="participation_unknown"' in response.text


def test_triage_in_the_page_routes_to_the_track_queue(people, client_for) -> None:
    referral = waiting_referral(people)
    client = client_for(people.worker)
    url = reverse("referrals:detail", args=[referral.pk])
    missing = client.post(url, {"decision": "route_to_track", "reason": "Spor 1 passer."})
    assert missing.status_code == 422
    assert "Vælg en ydelse i et af sporene." in missing.text
    assert "Spor 1 passer." in missing.text
    done = client.post(
        url,
        {
            "decision": "route_to_track",
            "reason": "Spor 1 passer.",
            "service": "skovlyset-dagtilbud",
        },
    )
    assert done.status_code == 302
    queue = client_for(people.colleague).get(reverse("referrals:queue", args=["skovlyset"]))
    assert "Karl" in queue.text


@time_machine.travel(dt.datetime(2026, 12, 23, 19, 30, tzinfo=dt.UTC), tick=False)
def test_the_acute_line_reads_out_the_next_day_offer(people, client_for) -> None:
    client = client_for(people.acute)
    response = client.post(
        reverse("referrals:acute_line"),
        {
            "received_at": "2026-12-23T20:30",
            "caller_name": "Ole",
            "caller_contact": "22 22 22 22",
            "accepts_next_day_offer": "true",
        },
        follow=True,
    )
    assert "mandag den 28. december kl. 08:00–09:00" in response.text
    assert AcuteCall.objects.get().referral.unit.slug == "polaris"
    assert client_for(people.worker).get(reverse("referrals:acute_line")).status_code == 404


def test_the_cpr_is_masked_until_shown_and_showing_it_is_logged(people, client_for) -> None:
    citizen = citizen_register(
        actor=people.worker, unit=people.worker.memberships.get().unit, cpr="0101904321", name="K"
    ).citizen
    client = client_for(people.worker)
    page = client.get(reverse("citizens:detail", args=[citizen.public_id]))
    assert "010190-xxxx" in page.text
    assert "0101904321" not in page.text
    shown = client.post(reverse("citizens:cpr_show", args=[citizen.public_id]))
    assert "010190-4321" in shown.text
    assert AccessLog.objects.filter(citizen_id=citizen.pk, purpose="Vis CPR-nummer").count() == 1
    assert (
        client_for(people.colleague)
        .get(reverse("citizens:detail", args=[citizen.public_id]))
        .status_code
        == 404
    )


def test_a_citizen_without_cpr_is_identified_later(people, client_for) -> None:
    citizen = citizen_register(
        actor=people.worker, unit=people.worker.memberships.get().unit, name="Ukendt"
    ).citizen
    client = client_for(people.worker)
    response = client.post(
        reverse("citizens:edit", args=[citizen.public_id]), {"name": "Ida", "cpr": "0101904321"}
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert (citizen.name, citizen.cpr_masked) == ("Ida", "010190-xxxx")


def test_consent_is_recorded_and_withdrawn(people, client_for) -> None:
    citizen = citizen_register(
        actor=people.worker, unit=people.worker.memberships.get().unit, name="K"
    ).citizen
    client = client_for(people.worker)
    client.post(
        reverse("citizens:network_actor_add", args=[citizen.public_id]),
        {"actor-kind": "gp", "actor-name": "Dr. Hansen"},
    )
    actor = citizen.network_actors.get()
    client.post(
        reverse("citizens:consent_add", args=[actor.pk]),
        {"decision": "given", "scope": "Status og mål", "decided_on": "2026-11-01"},
    )
    consent = actor.consents.get()
    assert consent.in_force
    client.post(reverse("citizens:consent_withdraw", args=[consent.pk]))
    consent.refresh_from_db()
    assert not consent.in_force
    page = client.get(reverse("citizens:detail", args=[citizen.public_id])).text
    assert "trukket tilbage" in page
