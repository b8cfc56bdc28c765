"""The account's token page: a staff member lists, issues and revokes their own API tokens."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from sporskifte.accounts.models import ApiToken
from sporskifte.accounts.services import api_token_issue, api_token_revoke
from sporskifte.audit.models import SecurityEvent

TOKENS = reverse("accounts:tokens")
NOW = dt.datetime(2027, 2, 1, 9, 0, tzinfo=dt.UTC)


def revoke_url(prefix: str) -> str:
    return reverse("accounts:token_revoke", args=[prefix])


def test_issuing_shows_the_token_once_and_lists_it(people, client_for) -> None:
    client = client_for(people.worker)
    response = client.post(TOKENS, {"name": "Kalender", "scope": "read_write", "days": "30"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    plain = re.search(r'value="(sk_[^"]+)"', response.text)
    assert plain is not None
    assert "vises kun denne ene gang" in response.text
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.scope) == (people.worker, "Kalender", "read_write")
    assert token.digest == ApiToken.digest_of(plain.group(1))
    again = client.get(TOKENS)
    assert plain.group(1) not in again.text
    assert "Kalender" in again.text and token.prefix in again.text
    assert "Læse og skrive" in again.text and "Aldrig" in again.text


def test_issuing_reaches_the_security_log_with_the_address(people, client_for) -> None:
    client_for(people.worker).post(TOKENS, {"name": "X", "scope": "read", "days": "1"})
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.TOKEN_ISSUED)
    assert (event.user_id, event.address) == (people.worker.pk, "127.0.0.1")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "X", "scope": "read", "days": "366"}, "days"),
        ({"name": "X", "scope": "read", "days": "0"}, "days"),
        ({"name": "X", "scope": "admin", "days": "1"}, "scope"),
        ({"name": "", "scope": "read", "days": "1"}, "name"),
        ({"name": "x" * 101, "scope": "read", "days": "1"}, "name"),
        ({"name": "a\x00b", "scope": "read", "days": "1"}, "name"),
    ],
)
def test_a_bad_request_is_shown_next_to_the_field(people, client_for, data, field) -> None:
    response = client_for(people.worker).post(TOKENS, data)
    assert response.status_code == 422
    assert f'id="id_{field}_error"' in response.text
    assert not ApiToken.objects.exists()


def test_the_page_shows_expiry_and_status(people, client_for) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        api_token_issue(user=people.worker, scope="read", name="Gammel", days=1)
        revoked = api_token_issue(user=people.worker, scope="read", name="Væk").token
        api_token_revoke(prefix=revoked.prefix)
        api_token_issue(user=people.worker, scope="read", name="Ny", days=90)
        traveller.move_to(NOW + dt.timedelta(days=2))
        page = client_for(people.worker).get(TOKENS).text
    statuses = re.findall(r'data-token-status="(\w+)"', page)
    assert statuses == ["active", "revoked", "expired"]
    assert "2. maj 2027 11:00" in page  # expiry in Copenhagen time (summer time)
    assert page.count('data-confirm="revoke"') == 1  # only the active one can be revoked


def test_revoking_asks_first_then_ends_the_token(people, client_for, client) -> None:
    issued = api_token_issue(user=people.worker, scope="read")
    page = client_for(people.worker)
    listing = page.get(TOKENS).text
    assert '<details class="details" data-confirm="revoke">' in listing
    response = page.post(revoke_url(issued.token.prefix), follow=True)
    assert "er tilbagekaldt" in response.text
    assert (
        client.get(
            "/api/v1/organisation/units", headers={"Authorization": f"Bearer {issued.plain}"}
        ).status_code
        == 401
    )
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.TOKEN_REVOKED, user_id=people.worker.pk
    ).exists()


def test_nobody_revokes_another_users_token(people, client_for) -> None:
    token = api_token_issue(user=people.worker, scope="read").token
    assert client_for(people.leader).post(revoke_url(token.prefix)).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_page_lists_only_ones_own_tokens(people, client_for) -> None:
    api_token_issue(user=people.leader, scope="read", name="Lederens")
    assert "Lederens" not in client_for(people.worker).get(TOKENS).text


def test_the_list_runs_the_same_queries_for_one_token_and_for_fifty(
    people, client_for, count_queries
) -> None:
    client = client_for(people.worker)
    api_token_issue(user=people.worker, scope="read")
    client.get(TOKENS)  # warm up: the session and the language
    one = count_queries(lambda: client.get(TOKENS))
    for _ in range(49):
        api_token_issue(user=people.worker, scope="read")
    fifty = count_queries(lambda: client.get(TOKENS))
    assert one == fifty
