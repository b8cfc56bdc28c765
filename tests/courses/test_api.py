"""A § 82 b course through the API, from start to hand-over and the granted track service."""

import datetime as dt

import pytest

from sporskifte.audit.models import AccessLog
from sporskifte.courses.models import Course, JournalNote


def post(api, url, body):
    return api.post(url, body, content_type="application/json")


@pytest.fixture
def course_id(people, api_for, accepted_referral):
    response = post(
        api_for(people.worker),
        "/api/v1/courses",
        {
            "referral_id": accepted_referral.pk,
            "start_date": "2027-02-01",
            "elements": ["daily_structure"],
        },
    )
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def test_a_course_starts_with_the_cap_as_planned_end(people, api_for, course_id) -> None:
    body = api_for(people.worker).get(f"/api/v1/courses/{course_id}").json()
    assert body["latest_end"] == "2027-08-01"
    assert body["planned_end"] == "2027-08-01"
    assert body["status"] == "active"
    assert body["elements"] == ["daily_structure"]


def test_a_planned_end_beyond_six_months_is_refused(people, api_for, accepted_referral) -> None:
    response = post(
        api_for(people.worker),
        "/api/v1/courses",
        {
            "referral_id": accepted_referral.pk,
            "start_date": "2027-02-01",
            "planned_end": "2027-08-02",
        },
    )
    assert response.status_code == 422
    assert response.json()["code"] == "beyond_max_duration"
    assert "01.08.2027" in response.json()["message"]
    assert not Course.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        ("2027-02-01T17:00:00+01:00", "2027-02-01T18:00:00+01:00", "outside_service_hours"),
        ("2027-02-06T10:00:00+01:00", "2027-02-06T11:00:00+01:00", "outside_service_hours"),
        ("2027-03-29T10:00:00+02:00", "2027-03-29T11:00:00+02:00", "outside_service_hours"),
        ("2027-08-02T10:00:00+02:00", "2027-08-02T11:00:00+02:00", "after_course_end"),
    ],
)
def test_appointments_outside_hours_or_the_course_are_refused(
    people, api_for, course_id, start, end, code
) -> None:
    response = post(
        api_for(people.worker),
        f"/api/v1/courses/{course_id}/appointments",
        {"start": start, "end": end, "element": "daily_structure"},
    )
    assert response.status_code == 422
    assert response.json()["code"] == code


def test_a_worker_cannot_be_double_booked(people, api_for, course_id) -> None:
    api = api_for(people.worker)
    url = f"/api/v1/courses/{course_id}/appointments"
    first = post(
        api, url, {"start": "2027-02-02T10:00:00+01:00", "end": "2027-02-02T11:00:00+01:00"}
    )
    assert first.status_code == 201
    clash = post(
        api, url, {"start": "2027-02-02T10:30:00+01:00", "end": "2027-02-02T11:30:00+01:00"}
    )
    assert clash.json()["code"] == "worker_double_booked"
    after = post(
        api, url, {"start": "2027-02-02T11:00:00+01:00", "end": "2027-02-02T12:00:00+01:00"}
    )
    assert after.status_code == 201


def test_notes_and_the_end_of_a_course(people, api_for, course_id) -> None:
    api = api_for(people.worker)
    note = post(
        api,
        f"/api/v1/courses/{course_id}/notes",
        {"text": "Første samtale.", "element": "daily_structure"},
    )
    assert note.status_code == 201
    assert note.json()["element"] == "daily_structure"
    ended = post(
        api, f"/api/v1/courses/{course_id}/end", {"reason": "self_managing", "date": "2027-02-01"}
    )
    assert ended.json()["status"] == "ended"
    assert ended.json()["end_reason"] == "self_managing"
    again = post(api, f"/api/v1/courses/{course_id}/end", {"reason": "other", "date": "2027-02-01"})
    assert again.status_code == 409
    assert JournalNote.objects.count() == 1


def test_hand_over_decision_and_the_granted_course(people, api_for, course_id, on_monday) -> None:
    worker, authority = api_for(people.worker), api_for(people.authority)
    escalation = post(
        worker,
        f"/api/v1/courses/{course_id}/escalations",
        {
            "needs": "Varig støtte i eget hjem.",
            "resources": "Gode relationer til søster.",
            "hopes_and_goals": "Bo selv.",
            "tried": "Struktur på hverdagen i 3 måneder.",
            "recommended_service": "skovlyset-bostoette",
        },
    )
    assert escalation.status_code == 201, escalation.json()
    escalation_id = escalation.json()["id"]
    assert (
        post(
            worker,
            f"/api/v1/escalations/{escalation_id}/decision",
            {"granted": True, "reason": "x"},
        ).status_code
        == 404
    )
    assert authority.get(f"/api/v1/courses/{course_id}").status_code == 200
    on_monday.shift(dt.timedelta(days=3))
    decision = post(
        authority,
        f"/api/v1/escalations/{escalation_id}/decision",
        {
            "granted": True,
            "reason": "Behov for bostøtte.",
            "service": "skovlyset-bostoette",
            "start_date": "2027-02-15",
        },
    )
    assert decision.status_code == 200, decision.json()
    assert decision.json()["status"] == "granted"
    assert decision.json()["waiting_days"] == 3.0
    assert authority.get(f"/api/v1/courses/{course_id}").status_code == 200  # it follows up

    track = api_for(people.colleague)
    [granted_referral] = track.get("/api/v1/referrals?unit=skovlyset&status=accepted").json()
    on_monday.shift(dt.timedelta(days=14))
    started = post(
        track,
        "/api/v1/courses",
        {"referral_id": granted_referral["id"], "start_date": "2027-02-15"},
    )
    assert started.status_code == 201, started.json()
    assert started.json()["latest_end"] is None
    preventive = Course.objects.get(pk=course_id)
    assert (preventive.ended_on, preventive.end_reason) == (
        dt.date(2027, 2, 15),
        "handed_to_granting_authority",
    )
    # The citizen is handed on: the authority's reading of the § 82 b course ends, and the
    # course's end is logged through the grant that caused it.
    assert authority.get(f"/api/v1/courses/{course_id}").status_code == 404
    end = AccessLog.objects.filter(object_type="courses.course", object_id=str(course_id)).latest(
        "pk"
    )
    assert (end.action, end.reason, end.unit.slug) == ("update", "escalation", "myndighed")


def test_a_grant_requiring_service_cannot_start_without_a_grant(
    people, api_for, herning, on_monday
) -> None:
    from sporskifte.citizens.services import citizen_register
    from sporskifte.referrals.services import referral_register, referral_triage

    unit = herning["skovlyset"]
    citizen = citizen_register(actor=people.colleague, unit=unit, name="Eva").citizen
    referral = referral_register(
        actor=people.colleague,
        unit=unit,
        citizen=citizen,
        source="other",
        reason="x",
        referrer_name="y",
    )
    referral_triage(
        actor=people.colleague,
        referral=referral,
        decision="accept",
        reason="ok",
        service_slug="skovlyset-bostoette",
    )
    response = post(
        api_for(people.colleague),
        "/api/v1/courses",
        {"referral_id": referral.pk, "start_date": "2027-02-01"},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "grant_required"


def test_caseload_lists_open_courses_with_warnings(people, api_for, course_id, on_monday) -> None:
    on_monday.shift(dt.timedelta(days=22))
    [row] = api_for(people.worker).get("/api/v1/caseload").json()
    assert row["course"]["id"] == course_id
    assert row["citizen"] == "Karl"
    assert set(row["warnings"]) == {"no_coping_plan", "no_contact"}
    assert api_for(people.colleague).get("/api/v1/caseload").json() == []
    assert api_for(people.colleague).get(f"/api/v1/courses/{course_id}").status_code == 404


def test_the_api_caseload_runs_a_constant_number_of_queries(
    people, api_for, course_id, count_queries, herning
) -> None:
    from sporskifte.citizens.services import citizen_register
    from sporskifte.courses.services import course_start
    from sporskifte.referrals.services import referral_register, referral_triage

    api = api_for(people.worker)
    api.get("/api/v1/caseload")
    few = count_queries(lambda: api.get("/api/v1/caseload"))
    for n in range(3):
        citizen = citizen_register(
            actor=people.worker, unit=herning["polaris"], name=f"C{n}"
        ).citizen
        referral = referral_register(
            actor=people.worker,
            unit=herning["polaris"],
            citizen=citizen,
            source="gp",
            reason="x",
            referrer_name="d",
        )
        accepted = referral_triage(
            actor=people.worker, referral=referral, decision="accept", reason="ok"
        )
        course_start(
            actor=people.worker,
            referral=accepted,
            start_date=dt.date(2027, 2, 1),
            element_codes=["lifestyle"],
        )
    assert len(api.get("/api/v1/caseload").json()) == 4
    assert count_queries(lambda: api.get("/api/v1/caseload")) == few


def test_an_appointment_place_must_be_one_of_the_units(people, api_for, course_id) -> None:
    response = post(
        api_for(people.worker),
        f"/api/v1/courses/{course_id}/appointments",
        {
            "start": "2027-02-02T10:00:00+01:00",
            "end": "2027-02-02T11:00:00+01:00",
            "location": "skovvaenget-2a",
        },
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "location"
