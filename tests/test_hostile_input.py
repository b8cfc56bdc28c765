"""Hostile input in the pages and API this change touched is a message next to the field or a
422 naming it, never a crash, on both databases (found by a hostile walk)."""

import pytest
from django.core.cache import cache
from django.urls import reverse


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_ends_of_the_calendar_crash_nothing(people, client_for, api_for, day: str) -> None:
    leader = client_for(people.leader)
    log = leader.get(reverse("access:access_log"), {"date_from": day, "date_to": day})
    assert log.status_code == 200
    assert log.context["form"].errors
    for name in ("reports:dashboard", "reports:csv", "reports:xlsx", "reports:trend_chart"):
        assert leader.get(reverse(name), {"start": day, "end": day}).status_code == 200, name
    api = api_for(people.leader).get("/api/v1/reports/indicators", {"from": day})
    assert api.status_code == 422
    assert api.json()["fields"][0]["field"] == "from"
    week = client_for(people.worker).get(reverse("courses:week"), {"week": day})
    assert week.status_code == 200


def test_an_appointment_at_the_end_of_the_calendar_is_refused(
    people, api_for, accepted_referral
) -> None:
    api = api_for(people.worker)
    course = api.post(
        "/api/v1/courses",
        {"referral_id": accepted_referral.pk, "start_date": "2027-02-01"},
        content_type="application/json",
    ).json()
    response = api.post(
        f"/api/v1/courses/{course['id']}/appointments",
        {"start": "9999-12-31T22:00:00Z", "end": "9999-12-31T23:00:00Z"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "after_course_end"


def post(api, url, body):
    return api.post(url, body, content_type="application/json")


def fields_of(response) -> set[str]:
    assert response.status_code == 422, response.content
    return {field["field"] for field in response.json()["fields"]}


def test_too_long_text_is_refused_before_the_database(
    people, api_for, accepted_referral, settings
) -> None:
    settings.SELF_REFERRALS_PER_HOUR = 100
    cache.clear()
    worker = api_for(people.worker)
    referral = post(
        worker,
        "/api/v1/referrals",
        {
            "citizen_id": str(accepted_referral.citizen.public_id),
            "unit": "polaris",
            "source": "gp",
            "reason": "x",
            "referrer_name": "D" * 201,
        },
    )
    assert fields_of(referral) == {"referrer_name"}
    call = post(
        api_for(people.acute),
        "/api/v1/acute-line/calls",
        {
            "received_at": "2027-01-31T22:00:00+01:00",
            "caller_name": "O" * 201,
            "accepts_next_day_offer": False,
        },
    )
    assert fields_of(call) == {"caller_name"}
    public = post(
        api_for(people.outsider),
        "/api/v1/public/self-referrals",
        {"name": "N" * 201, "contact": "1" * 301, "need": "x", "consent_to_contact": True},
    )
    assert fields_of(public) == {"name", "contact"}


def test_a_nul_character_is_refused_in_text(people, api_for, accepted_referral) -> None:
    worker = api_for(people.worker)
    citizen = post(worker, "/api/v1/citizens", {"name": "Karl\x00"})
    assert fields_of(citizen) == {"name"}
    course = post(
        worker,
        "/api/v1/courses",
        {"referral_id": accepted_referral.pk, "start_date": "2027-02-01"},
    ).json()
    note = post(worker, f"/api/v1/courses/{course['id']}/notes", {"text": "sov\x00godt"})
    assert fields_of(note) == {"text"}
