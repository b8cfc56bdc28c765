"""Staff sign-in: Argon2, lockout after repeated failures, idle timeout, sign-out."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from sporskifte.organisation.models import Membership
from tests.factories import PASSWORD, MembershipFactory

LOGIN = reverse("accounts:login")
START = reverse("accounts:start")


def sign_in(client, username: str, password: str = PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_a_worker_signs_in_and_lands_on_her_day(people, client) -> None:
    response = sign_in(client, "worker")
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:today")
    assert "Min dag" in client.get(response["Location"]).text
    page = client.get(START)
    assert "POLARIS Center Herning, afdeling Søndergade" in page.text
    assert "Medarbejder" in page.text


@pytest.mark.parametrize(
    ("username", "landing"),
    [
        ("leader", START),
        ("authority", START),
        ("outsider", START),
        ("acute", reverse("referrals:acute_line")),
    ],
)
def test_other_roles_land_where_their_work_starts(people, client, username, landing) -> None:
    response = sign_in(client, username)
    assert response["Location"] == landing
    assert client.get(landing).status_code == 200


def test_a_leader_who_also_is_a_worker_lands_on_the_day(people, client, herning) -> None:
    MembershipFactory(user=people.leader, unit=herning["skovlyset"], role=Membership.Role.WORKER)
    assert sign_in(client, "leader")["Location"] == reverse("courses:today")


def test_a_page_asked_for_before_sign_in_wins_over_the_landing(people, client) -> None:
    week = reverse("courses:week")
    response = client.post(f"{LOGIN}?next={week}", {"username": "worker", "password": PASSWORD})
    assert response["Location"] == week


def test_a_wrong_password_shows_an_error_next_to_the_form(people, client) -> None:
    response = sign_in(client, "worker", "wrong password")
    assert response.status_code == 200
    assert "Brugernavn eller adgangskode er forkert" in response.text
    assert "data-error-summary" in response.text
    assert "_auth_user_id" not in client.session


def test_passwords_are_stored_with_argon2(people) -> None:
    people.worker.set_password("a new long password")
    assert people.worker.password.startswith("argon2")


def test_the_account_locks_after_repeated_failures_even_with_the_right_password(
    people, client
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "worker", "wrong password")
    response = sign_in(client, "worker")
    assert response.status_code == 429
    assert "midlertidigt spærret" in response.text
    assert "_auth_user_id" not in client.session


def test_a_lockout_of_one_user_does_not_lock_another(people, client) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "worker", "wrong password")
    assert sign_in(client, "leader").status_code == 302


def test_signing_out_ends_the_session(people, client) -> None:
    sign_in(client, "worker")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 200
    assert "Du er logget af" in response.text
    assert client.get(START).status_code == 302


def test_an_idle_session_ends_after_the_timeout(people, client) -> None:
    start = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
    idle = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(start, tick=False) as traveller:
        sign_in(client, "worker")
        traveller.move_to(start + idle - dt.timedelta(minutes=1))
        assert client.get(START).status_code == 200  # activity renews the session
        traveller.move_to(start + 2 * idle - dt.timedelta(minutes=2))
        assert client.get(START).status_code == 200
        traveller.move_to(start + 3 * idle)
        response = client.get(START)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_the_idle_timeout_is_thirty_minutes_by_default() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


@pytest.mark.parametrize("url", [START, reverse("accounts:unit_list")])
def test_staff_pages_need_sign_in(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_signed_in_page_is_never_cached(people, client_for) -> None:
    assert client_for(people.worker).get(START)["Cache-Control"] == "no-store"
