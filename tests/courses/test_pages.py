"""A worker's course in the pages; the granting authority's decision; calendar and search."""

import datetime as dt
import re

from django.test import Client
from django.urls import reverse

from sporskifte.audit.models import AccessLog
from sporskifte.courses.models import Appointment, Course, Escalation, JournalNote
from sporskifte.courses.services import course_start, journal_note_write
from tests.courses.conftest import book


def test_starting_beyond_the_cap_shows_the_last_day_and_keeps_the_input(
    people, client_for, accepted_referral
) -> None:
    response = client_for(people.worker).post(
        reverse("courses:start", args=[accepted_referral.pk]),
        {
            "start_date": "2027-02-01",
            "planned_end": "2027-09-01",
            "agrees_to_take_part": "on",
            "elements": ["daily_structure", "lifestyle"],
        },
    )
    assert response.status_code == 422
    assert "sidste dag er 01.08.2027." in response.text
    assert 'value="2027-09-01"' in response.text
    assert 'value="lifestyle" checked' in response.text
    assert not Course.objects.exists()


def test_a_booking_outside_opening_hours_is_refused_in_the_page(people, client_for, course) -> None:
    response = client_for(people.worker).post(
        reverse("courses:appointment_create", args=[course.pk]),
        {
            "appointment-day": "2027-02-06",
            "appointment-starts": "10:00",
            "appointment-ends": "11:00",
            "appointment-element": "daily_structure",
        },
    )
    assert response.status_code == 422
    assert "Tilbuddet har ikke åbent på det tidspunkt" in response.text
    assert 'value="2027-02-06"' in response.text
    assert not Appointment.objects.exists()


def test_a_held_appointment_asks_for_the_note_which_is_linked(
    people, client_for, course, on_monday
) -> None:
    appointment = book(people, course, 1, 9)
    on_monday.shift(dt.timedelta(hours=2))
    client = client_for(people.worker)
    response = client.post(
        reverse("courses:appointment_status", args=[appointment.pk]), {"status": "held"}
    )
    assert response.url.endswith(f"?appointment={appointment.pk}")
    page = client.get(response.url)
    assert "Skriv journalnotatet nu." in page.text
    client.post(
        reverse("courses:note_create", args=[course.pk]),
        {
            "note-text": "Vi lavede en ugeplan.",
            "note-element": "daily_structure",
            "note-appointment": appointment.pk,
        },
    )
    assert JournalNote.objects.get().appointment == appointment


def test_an_appointment_cannot_be_held_before_it_starts(people, client_for, course) -> None:
    appointment = book(people, course, 3, 9)
    client_for(people.worker).post(
        reverse("courses:appointment_status", args=[appointment.pk]), {"status": "held"}
    )
    appointment.refresh_from_db()
    assert appointment.status == "planned"


def test_editing_a_note_keeps_the_earlier_text_with_who_and_when(
    people, client_for, course, on_monday
) -> None:
    note = journal_note_write(actor=people.worker, course=course, text="Første udgave.")
    on_monday.shift(dt.timedelta(hours=1))
    client = client_for(people.leader)
    client.post(reverse("courses:note_edit", args=[note.pk]), {"note-text": "Rettet udgave."})
    note.refresh_from_db()
    assert (note.text, note.edited_by) == ("Rettet udgave.", people.leader)
    [version] = note.versions.all()
    assert (version.text, version.written_by) == ("Første udgave.", people.worker)
    page = client.get(reverse("courses:detail", args=[course.pk])).text
    assert "Første udgave." in page and "Rettet udgave." in page


def test_the_caseload_runs_a_constant_number_of_queries(
    people, client_for, count_queries, course, herning
) -> None:
    from sporskifte.citizens.services import citizen_register
    from sporskifte.referrals.services import referral_register, referral_triage

    client = client_for(people.worker)
    url = reverse("courses:caseload")
    client.get(url)
    few = count_queries(lambda: client.get(url))
    for n in range(4):
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
        started = course_start(
            actor=people.worker, referral=accepted, start_date=dt.date(2027, 2, 1)
        )
        book(people, started, 2, 8 + n)
    assert count_queries(lambda: client.get(url)) == few
    assert len(re.findall(r'href="/courses/\d+/"', client.get(url).text)) == 5


def test_escalation_and_decision_in_the_pages(people, client_for, course) -> None:
    worker = client_for(people.worker)
    worker.post(
        reverse("courses:escalate", args=[course.pk]),
        {
            "needs": "Bostøtte.",
            "resources": "Netværk.",
            "hopes_and_goals": "Bo selv.",
            "tried": "Struktur.",
        },
    )
    escalation = Escalation.objects.get()
    url = reverse("courses:escalation_detail", args=[escalation.pk])
    worker.post(url, {"granted": "false", "reason": "Nej."})
    escalation.refresh_from_db()
    assert escalation.status == "waiting"
    authority = client_for(people.authority)
    assert "Karl" in authority.get(reverse("courses:escalation_queue")).text
    missing = authority.post(url, {"granted": "true", "reason": "Ja."})
    assert missing.status_code == 422
    assert "Vælg den bevilgede ydelse." in missing.text
    authority.post(url, {"granted": "false", "reason": "Tilbuddet dækker behovet."})
    escalation.refresh_from_db()
    assert (escalation.status, escalation.decided_by) == ("refused", people.authority)
    assert client_for(people.colleague).get(url).status_code == 404


def test_the_calendar_feed_has_no_names_and_can_be_revoked(people, client_for, course) -> None:
    book(people, course, 2, 10)
    client = client_for(people.worker)
    page = client.post(reverse("courses:calendar_link"), {"action": "issue"})
    url = page.context["feed_url"]
    feed = client.get(url)
    body = feed.content.decode()
    assert feed["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and "DTSTART:20270202T090000Z" in body
    assert "Karl" not in body and "010190" not in body
    client.post(reverse("courses:calendar_link"), {"action": "revoke"})
    assert client.get(url).status_code == 404


def test_the_calendar_feed_stops_when_the_workers_membership_ends(
    people, client_for, course
) -> None:
    client = client_for(people.worker)
    url = client.post(reverse("courses:calendar_link"), {"action": "issue"}).context["feed_url"]
    assert client.get(url).status_code == 200
    people.worker.memberships.update(valid_to=dt.date(2027, 1, 31))
    assert Client().get(url).status_code == 404


def test_journal_search_stays_within_scope(people, client_for, course) -> None:
    journal_note_write(actor=people.worker, course=course, text="Taler om angst for busser.")
    url, words = reverse("courses:journal_search"), {"q": "busser"}
    assert "angst for busser" in client_for(people.worker).post(url, words).text
    assert "angst for busser" not in client_for(people.colleague).post(url, words).text
    assert "angst for busser" not in client_for(people.worker).get(url, words).text


def test_a_journal_search_is_logged_with_its_words_and_never_a_cpr(
    people, client_for, course, herning
) -> None:
    note = journal_note_write(actor=people.worker, course=course, text="Taler om busser.")
    client_for(people.worker).post(reverse("courses:journal_search"), {"q": "busser 010190-4321"})
    client_for(people.worker).post(reverse("courses:journal_search"), {"q": "busser"})
    searches = AccessLog.objects.filter(
        action="search", object_type="courses.journalnote"
    ).order_by("pk")
    assert [(s.criteria, s.unit, s.reason) for s in searches] == [
        ("busser [CPR]", herning["polaris"], "course"),
        ("busser", herning["polaris"], "course"),
    ]
    found = AccessLog.objects.get(action="read", object_type="courses.journalnote")
    assert (found.object_id, found.course_id, found.unit) == (
        str(note.pk),
        course.pk,
        herning["polaris"],
    )


def test_the_week_calendar_shows_the_days_appointments(people, client_for, course) -> None:
    book(people, course, 2, 10)
    text = client_for(people.worker).get(reverse("courses:week") + "?week=2027-02-03").text
    assert "Uge 5" in text
    assert "10:00–11:00 · Karl" in text


def test_there_is_no_admin_path_around_the_rules(people, client_for, course) -> None:
    from tests.factories import UserFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    client = client_for(admin)
    assert client.get("/admin/courses/appointment/add/").status_code == 404
    assert client.get("/admin/courses/course/").status_code == 404


def test_an_extension_past_the_cap_is_refused_with_the_last_day(people, client_for, course) -> None:
    client = client_for(people.worker)
    url = reverse("courses:planned_end", args=[course.pk])
    refused = client.post(url, {"planned_end-planned_end": "2027-08-02"})
    assert refused.status_code == 422
    assert "sidste dag er 01.08.2027" in refused.text
    course.refresh_from_db()
    assert course.planned_end == dt.date(2027, 8, 1)
    assert client.post(url, {"planned_end-planned_end": "2027-06-30"}).status_code == 302
    course.refresh_from_db()
    assert course.planned_end == dt.date(2027, 6, 30)


def test_an_accepted_referral_waits_under_the_queue_until_its_course_starts(
    people, client_for, accepted_referral
) -> None:
    client = client_for(people.worker)
    queue_url = reverse("referrals:queue", args=["polaris"])
    start_url = reverse("courses:start", args=[accepted_referral.pk])
    page = client.get(queue_url).text
    assert "Optaget – forløbet er ikke startet" in page
    assert reverse("referrals:detail", args=[accepted_referral.pk]) in page
    assert start_url in client.get(reverse("referrals:detail", args=[accepted_referral.pk])).text
    client.post(start_url, {"start_date": "2027-02-01", "agrees_to_take_part": "on"})
    assert "Optaget – forløbet er ikke startet" not in client.get(queue_url).text
