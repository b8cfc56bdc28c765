"""Recording what happened to an appointment: held leads to the note, cancelling and a no-show
ask first and say what was done, and a no-show needs the appointment to have begun."""

import datetime as dt

import pytest
from django.urls import reverse

from sporskifte.core.errors import InvalidInput
from sporskifte.courses.models import Appointment, JournalNote
from sporskifte.courses.services import appointment_set_status
from tests.courses.conftest import book
from tests.html_ids import id_problems


def _status(client, appointment: Appointment, status: str):
    return client.post(
        reverse("courses:appointment_status", args=[appointment.pk]), {"status": status}
    )


def test_cancel_and_no_show_are_asked_once_more_before_they_are_done(
    people, client_for, course, on_monday
) -> None:
    book(people, course, 1, 9)
    on_monday.shift(dt.timedelta(hours=2))
    page = client_for(people.worker).get(reverse("courses:detail", args=[course.pk])).text
    # The first click opens a question; only its second button changes the appointment.
    assert 'data-confirm="cancelled"' in page and "Ja, aflys aftalen" in page
    assert 'data-confirm="no_show"' in page and "Ja, borgeren er udeblevet" in page


def test_cancelling_says_so_and_the_appointment_is_cancelled(
    people, client_for, course, on_monday
) -> None:
    appointment = book(people, course, 2, 9)
    client = client_for(people.worker)
    response = _status(client, appointment, "cancelled")
    assert response.url.endswith(f"#appointment-{appointment.pk}")
    assert "Aftalen er aflyst." in client.get(response.url).text
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"


def test_a_no_show_is_refused_before_the_appointment_begins(
    people, client_for, course, on_monday
) -> None:
    appointment = book(people, course, 2, 9)
    client = client_for(people.worker)
    page = client.get(reverse("courses:detail", args=[course.pk])).text
    assert 'data-confirm="no_show"' not in page
    response = _status(client, appointment, "no_show")
    assert (
        "Borgeren kan først være udeblevet, når aftalen er begyndt."
        in client.get(response.url).text
    )
    appointment.refresh_from_db()
    assert appointment.status == "planned"
    with pytest.raises(InvalidInput):
        appointment_set_status(actor=people.worker, appointment=appointment, status="no_show")


def test_a_no_show_after_the_start_is_recorded_and_said(
    people, client_for, course, on_monday
) -> None:
    appointment = book(people, course, 1, 9)
    on_monday.shift(dt.timedelta(hours=2))
    client = client_for(people.worker)
    response = _status(client, appointment, "no_show")
    assert "Aftalen er registreret som udeblevet." in client.get(response.url).text
    appointment.refresh_from_db()
    assert appointment.status == "no_show"


def test_the_api_refuses_a_no_show_before_the_start(people, api_for, course, on_monday) -> None:
    appointment = book(people, course, 2, 9)
    response = api_for(people.worker).post(
        f"/api/v1/appointments/{appointment.pk}/status",
        {"status": "no_show"},
        content_type="application/json",
    )
    assert response.status_code == 422
    [field] = response.json()["fields"]
    assert field["field"] == "status" and "udeblevet" in str(field)


def test_after_held_the_note_form_is_for_that_appointment_with_its_element(
    people, client_for, course, on_monday
) -> None:
    appointment = book(people, course, 1, 9)
    on_monday.shift(dt.timedelta(hours=2))
    client = client_for(people.worker)
    response = _status(client, appointment, "held")
    assert response.url.endswith(f"?appointment={appointment.pk}")
    page = client.get(response.url).text
    assert "Notat til aftalen 1. feb. 2027 09:00" in page
    assert '<option value="daily_structure" selected>' in page
    assert f'name="note-appointment" value="{appointment.pk}"' in page
    assert "autofocus" in page
    saved = client.post(
        reverse("courses:note_create", args=[course.pk]),
        {
            "note-text": "Vi lavede en ugeplan.",
            "note-element": "daily_structure",
            "note-appointment": appointment.pk,
        },
    )
    note = JournalNote.objects.get()
    assert note.appointment == appointment
    page = client.get(saved.url).text
    assert f'data-note-appointment="{appointment.pk}"' in page
    assert "Til aftalen 1. feb. 2027 09:00" in page


def test_a_note_form_with_errors_still_says_its_appointment(
    people, client_for, course, on_monday
) -> None:
    appointment = book(people, course, 1, 9)
    response = client_for(people.worker).post(
        reverse("courses:note_create", args=[course.pk]),
        {"note-text": "", "note-appointment": appointment.pk},
    )
    assert response.status_code == 422
    assert "Notat til aftalen 1. feb. 2027 09:00" in response.text
    assert id_problems(response.text) == []


def test_the_course_page_has_unique_ids_and_every_description_exists(
    people, client_for, course, on_monday
) -> None:
    book(people, course, 1, 9)
    client = client_for(people.worker)
    page = client.get(reverse("courses:detail", args=[course.pk])).text
    assert id_problems(page) == []
    # With every form's errors shown at once the hints and errors are still found.
    failed = client.post(
        reverse("courses:planned_end", args=[course.pk]), {"planned_end-planned_end": "x"}
    )
    assert failed.status_code == 422
    assert 'aria-describedby="id_planned_end-planned_end_error"' in failed.text
    assert id_problems(failed.text) == []


def test_a_note_names_its_appointment_in_the_api_and_a_wild_id_is_no_crash(
    people, api_for, client_for, course, on_monday
) -> None:
    appointment = book(people, course, 1, 9)
    response = api_for(people.worker).post(
        f"/api/v1/courses/{course.pk}/notes",
        {"text": "Godt møde.", "appointment": appointment.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["appointment"] == appointment.pk
    client = client_for(people.worker)
    page = client.get(
        reverse("courses:detail", args=[course.pk]) + "?appointment=99999999999999999999999"
    )
    assert page.status_code == 200 and "Nyt notat" in page.text
    wild = client.post(
        reverse("courses:note_create", args=[course.pk]),
        {"note-text": "x", "note-appointment": "99999999999999999999999"},
    )
    assert wild.status_code == 422
