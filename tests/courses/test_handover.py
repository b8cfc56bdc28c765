"""A hand-over without surprises: the form starts from the plan, the worker is told of the
grant, the receiving unit sees the granted citizen wait, the start date is carried into "Start
forløb", and when the granted service starts the § 82 b course ends and its later appointments
are cancelled."""

import datetime as dt

from django.urls import reverse

from sporskifte.audit.models import AccessLog
from sporskifte.courses.models import Escalation
from sporskifte.plans.services import goal_add, plan_version_save
from tests.courses.conftest import book
from tests.html_ids import id_problems


def _hand_over(client, course) -> Escalation:
    client.post(
        reverse("courses:escalate", args=[course.pk]),
        {
            "needs": "Bostøtte.",
            "resources": "Netværk.",
            "hopes_and_goals": "Bo selv.",
            "tried": "Struktur.",
        },
    )
    return Escalation.objects.get()


def _grant(client_for, people, escalation: Escalation) -> None:
    response = client_for(people.authority).post(
        reverse("courses:escalation_detail", args=[escalation.pk]),
        {
            "granted": "true",
            "service": escalation_service_id(),
            "start_date": "2027-02-15",
            "reason": "Behov for bostøtte.",
        },
    )
    assert response.status_code == 302


def escalation_service_id() -> int:
    from sporskifte.organisation.models import Service

    return Service.objects.get(slug="skovlyset-bostoette").pk


def test_the_hand_over_form_starts_from_the_plans_hopes_and_goals(
    people, client_for, course
) -> None:
    plan_version_save(
        actor=people.worker,
        course=course,
        sections={"hopes_and_dreams": "At bo i egen lejlighed.", "goals_in_own_words": "Sove."},
        agreed_on=dt.date(2027, 2, 1),
    )
    goal_add(actor=people.worker, course=course, text="Handle ind selv")
    page = client_for(people.worker).get(reverse("courses:escalate", args=[course.pk])).text
    assert "Håb og drømme: At bo i egen lejlighed." in page
    assert "Mål: Sove." in page and "- Handle ind selv" in page
    assert "data-prefilled" in page
    assert id_problems(page) == []
    read = AccessLog.objects.filter(
        object_type="plans.copingplanversion", purpose="Overdragelser til bevillingsmyndigheden"
    )
    assert read.exists()


def test_the_grant_is_told_carried_into_the_start_and_closes_the_82b_course(
    people, client_for, course, on_monday
) -> None:
    before, on_the_day, after = (
        book(people, course, 2, 9),
        book(people, course, 15, 9),
        book(people, course, 16, 9),
    )
    worker = client_for(people.worker)
    escalation = _hand_over(worker, course)
    _grant(client_for, people, escalation)
    course_url = reverse("courses:detail", args=[course.pk])
    told = worker.get(course_url).text
    assert "Bevilget: Bostøtte" in told and "fra 15. feb. 2027." in told
    assert "Dette forløb fortsætter, indtil den bevilgede ydelse starter." in told

    receiving = client_for(people.colleague)
    overview = receiving.get(reverse("referrals:intake")).text
    assert 'data-awaiting-course="1"' in overview
    referral = escalation.course.citizen.referrals.get(unit__slug="skovlyset")
    start_url = reverse("courses:start", args=[referral.pk])
    assert start_url in receiving.get(reverse("referrals:queue", args=["skovlyset"])).text
    start_page = receiving.get(start_url).text
    assert 'value="2027-02-15"' in start_page and "data-grant" in start_page
    started = receiving.post(start_url, {"start_date": "2027-02-15"})
    assert started.status_code == 302

    for appointment in (before, on_the_day, after):
        appointment.refresh_from_db()
    assert (before.status, on_the_day.status, after.status) == ("planned", "planned", "cancelled")
    cancelled = AccessLog.objects.get(
        object_type="courses.appointment", object_id=str(after.pk), action="update"
    )
    assert (cancelled.reason, cancelled.unit.slug) == ("escalation", "myndighed")
    told = worker.get(course_url).text
    assert "Den bevilgede ydelse er startet, og dette forløb er afsluttet 15. feb. 2027." in told
    escalation_page = worker.get(reverse("courses:escalation_detail", args=[escalation.pk])).text
    assert "Aftaler efter den dag er aflyst." in escalation_page
    assert "data-awaiting-course" not in receiving.get(reverse("referrals:intake")).text
