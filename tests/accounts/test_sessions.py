"""Sessions: the user changes her password (other sessions end), sees and ends her sessions,
an administrator ends them or deactivates the user, and every session ends at its absolute
lifetime, keeping a posted form through the new sign-in."""

import datetime as dt
import json
import re

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sporskifte.accounts.models import UserSession
from sporskifte.accounts.session_store import session_key_digest
from sporskifte.audit.models import SecurityEvent
from sporskifte.courses.models import JournalNote
from sporskifte.courses.services import course_start
from tests.factories import PASSWORD, MembershipFactory

NEW_PASSWORD = "Lyngen blomstrer på heden ved Hammerum 2027"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Safari/537.36"
)


@pytest.fixture
def worker(people):
    people.worker.first_name, people.worker.last_name = "Mette", "Ladegaard"
    people.worker.save()
    return people.worker


def signed_in(username: str, user_agent: str = FIREFOX, address: str = "192.0.2.10") -> Client:
    client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "signed in"
    return client


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("accounts:account")).status_code == 200


def events(kind: str) -> int:
    return SecurityEvent.objects.filter(kind=kind).count()


def test_a_sign_in_is_recorded_without_its_session_key(worker) -> None:
    client = signed_in("worker")
    key = client.cookies["sessionid"].value
    record = UserSession.objects.get(user=worker)
    assert (record.browser, record.operating_system, record.address) == (
        "Firefox",
        "Linux",
        "192.0.2.10",
    )
    assert record.key_digest == session_key_digest(key) != key
    # Neither the sessions list nor the session store holds the key a cookie could replay.
    assert not Session.objects.filter(session_key=key).exists()
    assert client.session["authn_signed_in_at"]


def test_a_wrong_current_password_is_a_field_error(worker) -> None:
    client = signed_in("worker")
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "forkert", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert 'id="id_old_password_error"' in response.text
    worker.refresh_from_db()
    assert worker.check_password(PASSWORD)


def test_a_breached_new_password_is_refused_on_the_form(worker) -> None:
    client = signed_in("worker")
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "iloveyou1234",
            "new_password2": "iloveyou1234",
        },
    )
    assert 'id="id_new_password2_error"' in response.text
    assert "lækket" in response.text


def test_changing_the_password_keeps_this_session_and_ends_the_others(worker) -> None:
    here, elsewhere = signed_in("worker"), signed_in("worker", CHROME, "192.0.2.20")

    response = here.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)
    worker.refresh_from_db()
    assert worker.check_password(NEW_PASSWORD)
    assert events(SecurityEvent.Kind.PASSWORD_CHANGED) == 1
    assert events(SecurityEvent.Kind.SESSION_ENDED) == 1
    ended = UserSession.objects.get(address="192.0.2.20")
    assert ended.end_reason == UserSession.EndReason.PASSWORD_CHANGED
    # This session goes on under its new key, still on the list.
    assert (
        UserSession.objects.get(
            key_digest=session_key_digest(here.cookies["sessionid"].value)
        ).ended_at
        is None
    )


def test_the_sessions_page_lists_only_mine_and_ends_another_browser(worker, people) -> None:
    here, elsewhere = signed_in("worker"), signed_in("worker", CHROME, "192.0.2.20")
    signed_in("leader", CHROME, "192.0.2.99")

    page = here.get(reverse("accounts:sessions")).text
    assert "Firefox på Linux" in page and "Chrome på Windows" in page
    assert "192.0.2.99" not in page
    assert page.count("Denne session") == 1

    other = UserSession.objects.get(user=worker, address="192.0.2.20")
    response = here.post(reverse("accounts:session_end", args=[other.pk]))

    assert response.status_code == 302
    assert not is_signed_in(elsewhere)
    assert is_signed_in(here)
    assert "192.0.2.20" not in here.get(reverse("accounts:sessions")).text
    assert events(SecurityEvent.Kind.SESSION_ENDED) == 1


def test_one_button_ends_every_other_session_and_keeps_this_one(worker, people) -> None:
    here, phone, laptop = signed_in("worker"), signed_in("worker"), signed_in("worker")
    colleague = signed_in(people.colleague.username)

    page = here.get(reverse("accounts:sessions")).content.decode()
    assert "Afslut alle andre sessioner" in page
    answer = here.post(reverse("accounts:sessions_end_others"), follow=True)

    assert "2 andre sessioner er afsluttet" in answer.content.decode()
    assert is_signed_in(here)
    assert not is_signed_in(phone) and not is_signed_in(laptop)
    assert is_signed_in(colleague)
    assert events(SecurityEvent.Kind.SESSION_ENDED) == 2
    alone = here.get(reverse("accounts:sessions")).content.decode()
    assert "Afslut alle andre sessioner" not in alone
    # The second-factor page offers the same, and the answer goes back there.
    from_mfa = here.post(reverse("accounts:sessions_end_others"), {"back": "mfa"})
    assert from_mfa["Location"] == reverse("accounts:mfa")


def test_nobody_ends_someone_else_s_session_or_her_own_current_one(worker, people) -> None:
    here, leaders = signed_in("worker"), signed_in("leader", CHROME)
    own = UserSession.objects.get(user=worker)
    theirs = UserSession.objects.get(user=people.leader)
    assert here.post(reverse("accounts:session_end", args=[theirs.pk])).status_code == 404
    assert here.post(reverse("accounts:session_end", args=[own.pk])).status_code == 404
    assert is_signed_in(leaders) and is_signed_in(here)


def test_the_sessions_list_runs_the_same_queries_for_1_and_20_sessions(
    worker, count_queries
) -> None:
    here = signed_in("worker")
    url = reverse("accounts:sessions")
    here.get(url)
    one = count_queries(lambda: here.get(url))
    for _ in range(19):
        signed_in("worker", CHROME)
    many = count_queries(lambda: here.get(url))
    assert here.get(url).text.count("Chrome på Windows") == 19
    assert one == many


@pytest.fixture
def administrator(herning):
    return MembershipFactory(unit=herning["socialpsykiatrien"], role="administrator").user


def test_an_administrator_deactivates_a_user_and_her_sessions_end_at_once(
    worker, administrator, client_for
) -> None:
    browser = signed_in("worker")
    admin = client_for(administrator)

    response = admin.post(
        "/admin/accounts/user/", {"action": "deactivate", "_selected_action": [worker.pk]}
    )

    assert response.status_code == 302
    worker.refresh_from_db()
    assert not worker.is_active
    assert not is_signed_in(browser)
    assert events(SecurityEvent.Kind.USER_DEACTIVATED) == 1
    assert events(SecurityEvent.Kind.SESSION_ENDED) == 1
    # ... and cannot sign in again.
    again = Client().post(reverse("accounts:login"), {"username": "worker", "password": PASSWORD})
    assert again.status_code == 200


def test_an_administrator_ends_all_of_a_user_s_sessions(worker, administrator, client_for):
    browsers = [signed_in("worker"), signed_in("worker", CHROME)]
    client_for(administrator).post(
        "/admin/accounts/user/", {"action": "end_sessions", "_selected_action": [worker.pk]}
    )
    assert not any(is_signed_in(browser) for browser in browsers)
    assert events(SecurityEvent.Kind.SESSION_ENDED) == 2
    worker.refresh_from_db()
    assert worker.is_active


def test_an_administrator_cannot_deactivate_herself(administrator, client_for) -> None:
    admin = client_for(administrator)
    response = admin.post(
        "/admin/accounts/user/",
        {"action": "deactivate", "_selected_action": [administrator.pk]},
        follow=True,
    )
    assert (
        "Du kan ikke afslutte dine egne sessioner eller deaktivere dig selv her." in response.text
    )
    administrator.refresh_from_db()
    assert administrator.is_active


def test_a_membership_cannot_end_before_it_starts(administrator, worker, herning, client_for):
    membership = worker.memberships.get()
    response = client_for(administrator).post(
        f"/admin/organisation/membership/{membership.pk}/change/",
        {
            "user": str(worker.pk),
            "unit": str(membership.unit_id),
            "role": membership.role,
            "title": "",
            "phone": "",
            "valid_from": "2026-03-01",
            "valid_to": "2026-02-01",
        },
    )
    assert response.status_code == 200
    assert "Slutdatoen kan ikke ligge før startdatoen." in response.text


def test_an_ended_membership_gives_no_access(worker, client_for) -> None:
    unit = worker.memberships.get().unit
    client = client_for(worker)
    assert client.get(reverse("accounts:unit_detail", args=[unit.slug])).status_code == 200
    worker.memberships.update(
        valid_from=dt.date(2020, 1, 1), valid_to=timezone.localdate() - dt.timedelta(days=1)
    )
    assert client.get(reverse("accounts:unit_detail", args=[unit.slug])).status_code == 404


# The absolute lifetime.

SIGN_IN = dt.datetime(2027, 2, 1, 7, 0, tzinfo=dt.UTC)


def test_a_session_ends_at_its_absolute_lifetime_however_active(worker, settings) -> None:
    settings.SESSION_ABSOLUTE_LIFETIME_HOURS = 10
    with time_machine.travel(SIGN_IN, tick=False) as clock:
        client = signed_in("worker")
        # Active every 20 minutes: the idle timeout never ends it.
        for _ in range(29):
            clock.shift(dt.timedelta(minutes=20))
            assert is_signed_in(client)
        clock.shift(dt.timedelta(minutes=20))  # 10 hours after signing in
        response = client.get(reverse("accounts:account"))
        assert response.status_code == 302
        login = client.get(response["Location"]).text
    assert "fordi du har været logget ind i 10 timer" in login
    assert events(SecurityEvent.Kind.SESSION_ENDED) == 1
    record = UserSession.objects.get(user=worker)
    assert record.end_reason == UserSession.EndReason.LIFETIME
    # "Last seen" was written along the way, not on every request.
    assert record.last_seen_at == SIGN_IN + dt.timedelta(hours=9, minutes=40)


def test_a_form_posted_after_the_lifetime_is_kept_through_the_sign_in(
    worker, accepted_referral, on_monday, settings
) -> None:
    settings.SESSION_ABSOLUTE_LIFETIME_HOURS = 10
    course = course_start(
        actor=worker,
        referral=accepted_referral,
        start_date=dt.date(2027, 2, 1),
        element_codes=["daily_structure"],
    )
    page = reverse("courses:detail", args=[course.pk])
    note = "Karl øvede indkøb i dag."
    client = signed_in("worker")
    for _ in range(30):  # a long day at the page, never idle for 30 minutes
        client.get(page)
        on_monday.shift(dt.timedelta(minutes=20))
    response = client.post(
        reverse("courses:note_create", args=[course.pk]),
        {"text": note, "element": "daily_structure", "appointment": ""},
        HTTP_REFERER=f"http://testserver{page}",
    )
    assert response.status_code == 302
    login = client.get(response["Location"]).text
    assert "fordi du har været logget ind i 10 timer" in login
    assert "Det, du skrev, er ikke gemt endnu" in login
    client.post(
        reverse("accounts:login"), {"username": "worker", "password": PASSWORD, "next": page}
    )
    kept = re.search(
        r'<script id="pending-form" type="application/json">(.*?)</script>', client.get(page).text
    )
    assert kept is not None
    assert json.loads(kept.group(1))["fields"]["text"] == [note]
    assert not JournalNote.objects.exists()
