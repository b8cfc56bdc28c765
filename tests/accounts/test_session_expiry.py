"""The idle timeout never loses what a worker typed: a note posted after the session ended is
kept through the new sign-in, for the same user only, and the sign-in page says why."""

import datetime as dt
import json
import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from sporskifte.accounts.session import SIGNED_IN_COOKIE
from sporskifte.courses.models import JournalNote
from sporskifte.courses.services import course_start
from tests.factories import PASSWORD

NOTE = "Karl fortalte om ugen. Vi aftalte at øve indkøb sammen på torsdag."


@pytest.fixture
def course(people, accepted_referral):
    return course_start(
        actor=people.worker,
        referral=accepted_referral,
        start_date=dt.date(2027, 2, 1),
        element_codes=["daily_structure"],
    )


def sign_in(client: Client, username: str, next_page: str = "") -> object:
    return client.post(
        reverse("accounts:login"), {"username": username, "password": PASSWORD, "next": next_page}
    )


def expire_sessions() -> None:
    # What the idle timeout does on the server: the session is gone, the browser's cookies stay.
    Session.objects.all().delete()


def kept_form(html: str) -> dict | None:
    match = re.search(r'<script id="pending-form" type="application/json">(.*?)</script>', html)
    return json.loads(match.group(1)) if match else None


def post_note_after_timeout(client: Client, course) -> object:
    page = reverse("courses:detail", args=[course.pk])
    client.get(page)
    expire_sessions()
    return client.post(
        reverse("courses:note_create", args=[course.pk]),
        {"text": NOTE, "element": "daily_structure", "appointment": ""},
        HTTP_REFERER=f"http://testserver{page}",
    )


def test_a_note_posted_after_the_timeout_comes_back_after_signing_in(people, course) -> None:
    client = Client()
    sign_in(client, "worker")
    page = reverse("courses:detail", args=[course.pk])

    response = post_note_after_timeout(client, course)

    # Back to the page with the form, not to the POST-only address (which answered 405).
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={page.replace('/', '%2F')}"
    login_page = client.get(response["Location"])
    assert "fordi du ikke har været aktiv i 30 minutter" in login_page.text
    assert "Det, du skrev, er ikke gemt endnu, men det er ikke tabt" in login_page.text
    assert not JournalNote.objects.exists()

    signed_in = sign_in(client, "worker", next_page=page)
    assert signed_in["Location"] == page
    kept = kept_form(client.get(page).text)
    assert kept == {
        "action": reverse("courses:note_create", args=[course.pk]),
        "fields": {"text": [NOTE], "element": ["daily_structure"], "appointment": [""]},
    }
    # Shown once: the next visit has nothing to put back.
    assert kept_form(client.get(page).text) is None


def test_another_user_signing_in_on_the_same_browser_never_sees_it(people, course) -> None:
    client = Client()
    sign_in(client, "worker")
    post_note_after_timeout(client, course)

    sign_in(client, "leader", next_page=reverse("courses:detail", args=[course.pk]))
    response = client.get(reverse("courses:detail", args=[course.pk]))

    assert NOTE not in response.text
    assert kept_form(response.text) is None
    client.post(reverse("accounts:logout"))
    sign_in(client, "worker")
    assert NOTE not in client.get(reverse("courses:detail", args=[course.pk])).text


def test_a_browser_that_was_never_signed_in_keeps_nothing(people, course) -> None:
    client = Client()
    response = client.post(
        reverse("courses:note_create", args=[course.pk]), {"text": NOTE, "element": ""}
    )
    assert response.status_code == 302
    assert "sporskifte_pending_form" not in client.session
    assert "ikke har været aktiv" not in client.get(response["Location"]).text


def test_signing_out_oneself_is_not_called_a_timeout(people) -> None:
    client = Client()
    sign_in(client, "worker")
    client.get(reverse("accounts:start"))
    assert client.cookies[SIGNED_IN_COOKIE].value

    client.post(reverse("accounts:logout"))

    assert "ikke har været aktiv" not in client.get(reverse("accounts:login")).text


def test_a_forged_signed_in_cookie_keeps_nothing(people, course) -> None:
    client = Client()
    client.cookies[SIGNED_IN_COOKIE] = str(people.worker.pk)
    client.post(reverse("courses:note_create", args=[course.pk]), {"text": NOTE})
    assert "sporskifte_pending_form" not in client.session


def test_staying_signed_in_renews_the_session_and_says_when_it_has_ended(
    people, client_for
) -> None:
    client = client_for(people.worker)
    assert client.post(reverse("accounts:session_keepalive")).status_code == 204
    assert client.get(reverse("accounts:session_keepalive")).status_code == 405
    expire_sessions()
    assert client.post(reverse("accounts:session_keepalive")).status_code == 401


def test_every_signed_in_page_carries_the_idle_warning(people, client_for, settings) -> None:
    settings.SESSION_COOKIE_AGE = 20 * 60
    page = client_for(people.worker).get(reverse("accounts:start")).text
    assert 'data-idle-seconds="1200"' in page
    assert "Du bliver snart logget ud" in page
    assert "session-timeout" not in Client().get(reverse("accounts:login")).text
