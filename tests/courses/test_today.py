"""A worker's day: what needs her now, first what has passed unrecorded, each one click away."""

import datetime as dt

import pytest
from django.urls import reverse

from sporskifte.audit.models import AccessLog
from sporskifte.citizens.services import citizen_register
from sporskifte.courses.models import Appointment, Course
from sporskifte.courses.services import (
    appointment_book,
    appointment_set_status,
    course_start,
    journal_note_write,
)
from sporskifte.courses.today import PURPOSE_TODAY
from sporskifte.referrals.services import referral_register

TODAY = reverse("courses:today")
CET = dt.timezone(dt.timedelta(hours=1))


@pytest.fixture
def course(people, accepted_referral) -> Course:
    return course_start(
        actor=people.worker,
        referral=accepted_referral,
        start_date=dt.date(2027, 2, 1),
        element_codes=["daily_structure"],
    )


def book(people, course, day: int, hour: int) -> Appointment:
    start = dt.datetime(2027, 2, day, hour, tzinfo=CET)
    return appointment_book(
        actor=people.worker,
        course=course,
        start=start,
        end=start + dt.timedelta(hours=1),
        element_code="daily_structure",
    )


def test_a_past_unrecorded_appointment_comes_first_with_its_action(
    people, client_for, course, on_monday
) -> None:
    past = book(people, course, 1, 10)
    later = book(people, course, 1, 13)
    tomorrow = book(people, course, 2, 10)
    on_monday.move_to(dt.datetime(2027, 2, 1, 11, 30, tzinfo=CET))

    text = client_for(people.worker).get(TODAY).text

    unrecorded = text.index("Aftaler, der mangler registrering")
    rest = text.index("Resten af dagens aftaler")
    assert unrecorded < text.index(f'data-unrecorded="{past.pk}"') < rest
    status_url = reverse("courses:appointment_status", args=[past.pk])
    assert f'action="{status_url}"' in text
    assert f'action="{reverse("courses:appointment_status", args=[later.pk])}"' not in text
    assert text.index("13:00–14:00", rest) > rest
    assert f'data-unrecorded="{tomorrow.pk}"' not in text


def test_recording_it_takes_it_off_and_asks_for_the_note(
    people, client_for, course, on_monday
) -> None:
    past = book(people, course, 1, 10)
    on_monday.move_to(dt.datetime(2027, 2, 1, 11, 30, tzinfo=CET))
    client = client_for(people.worker)

    client.post(reverse("courses:appointment_status", args=[past.pk]), {"status": "held"})
    text = client.get(TODAY).text

    assert f'data-unrecorded="{past.pk}"' not in text
    note_link = reverse("courses:detail", args=[course.pk]) + f"?appointment={past.pk}#note"
    assert note_link in text
    journal_note_write(actor=people.worker, course=course, text="Godt møde", appointment=past)
    assert note_link not in client.get(TODAY).text
    assert "Alle afholdte aftaler har et journalnotat." in client.get(TODAY).text


def test_an_older_unrecorded_appointment_stays_until_it_is_recorded(
    people, client_for, course, on_monday
) -> None:
    past = book(people, course, 1, 10)
    on_monday.move_to(dt.datetime(2027, 2, 3, 9, 0, tzinfo=CET))
    assert f'data-unrecorded="{past.pk}"' in client_for(people.worker).get(TODAY).text
    appointment_set_status(actor=people.worker, appointment=past, status="no_show")
    assert f'data-unrecorded="{past.pk}"' not in client_for(people.worker).get(TODAY).text


def test_deadlines_and_new_referrals_link_to_their_pages(
    people, client_for, course, herning, on_monday
) -> None:
    on_monday.move_to(dt.datetime(2027, 3, 15, 9, 0, tzinfo=CET))  # no plan, no contact
    citizen = citizen_register(actor=people.leader, unit=herning["polaris"], name="Ny").citizen
    referral = referral_register(
        actor=people.leader,
        unit=herning["polaris"],
        citizen=citizen,
        source="gp",
        reason="x",
        referrer_name="Dr",
    )

    text = client_for(people.worker).get(TODAY).text

    assert 'data-warning="no_coping_plan"' in text
    assert 'data-warning="no_contact"' in text
    assert reverse("courses:detail", args=[course.pk]) in text
    assert reverse("referrals:detail", args=[referral.pk]) in text
    elsewhere = client_for(people.colleague).get(TODAY).text
    assert reverse("referrals:detail", args=[referral.pk]) not in elsewhere
    assert "Ingen nye henvendelser venter i dine enheders køer." in elsewhere


def test_an_empty_day_says_so(people, client_for, herning) -> None:
    text = client_for(people.colleague).get(TODAY).text
    for empty in (
        "Alle aftaler, hvis tid er gået, er registreret.",
        "Du har ikke flere aftaler i dag.",
        "Alle afholdte aftaler har et journalnotat.",
        "Ingen af dine forløb har frister eller advarsler lige nu.",
    ):
        assert empty in text


def test_what_the_day_shows_is_logged_as_read(people, client_for, course, on_monday) -> None:
    past = book(people, course, 1, 10)
    on_monday.move_to(dt.datetime(2027, 2, 1, 11, 30, tzinfo=CET))
    client_for(people.worker).get(TODAY)
    row = AccessLog.objects.get(purpose=PURPOSE_TODAY, object_type="courses.appointment")
    assert (row.object_id, row.actor_id, row.citizen_id) == (
        str(past.pk),
        people.worker.pk,
        course.citizen_id,
    )
    assert row.reason == "course"


def test_another_workers_appointments_are_not_on_my_day(
    people, client_for, course, on_monday
) -> None:
    past = book(people, course, 1, 10)
    on_monday.move_to(dt.datetime(2027, 2, 1, 11, 30, tzinfo=CET))
    assert f'data-unrecorded="{past.pk}"' not in client_for(people.leader).get(TODAY).text


@pytest.mark.parametrize("who", ["acute", "authority", "outsider"])
def test_a_role_without_courses_has_no_day(people, client_for, who) -> None:
    assert client_for(getattr(people, who)).get(TODAY).status_code == 404


def test_the_menu_marks_the_day_and_not_the_caseload(people, client_for, herning) -> None:
    text = client_for(people.worker).get(TODAY).text
    assert f'<a href="{TODAY}" class="nav-link" aria-current="page">' in text
    caseload = reverse("courses:caseload")
    assert f'<a href="{caseload}" class="nav-link" aria-current="page">' not in text
