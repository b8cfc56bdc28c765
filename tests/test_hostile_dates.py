"""Dates at the ends of the calendar are a message, never a crash (found by a hostile walk)."""

import pytest
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
