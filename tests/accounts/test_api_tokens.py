"""API tokens: issued once by a command, stored hashed, revocable."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sporskifte.accounts.models import ApiToken

UNITS = "/api/v1/organisation/units"


def issue(username: str) -> str:
    out, err = StringIO(), StringIO()
    call_command("issue_api_token", username, stdout=out, stderr=err)
    return out.getvalue().strip()


def test_the_command_prints_a_token_that_authenticates(people, client) -> None:
    token = issue("worker")
    response = client.get(UNITS, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_only_a_digest_of_the_token_is_stored(people) -> None:
    token = issue("worker")
    stored = ApiToken.objects.get()
    assert token not in (stored.digest, stored.prefix, stored.name)
    assert stored.digest == ApiToken.digest_of(token)


def test_a_revoked_token_is_refused(people, client) -> None:
    token = issue("worker")
    prefix = ApiToken.objects.get().prefix
    call_command("revoke_api_token", prefix, stdout=StringIO())
    response = client.get(UNITS, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_token_of_a_deactivated_user_is_refused(people, client) -> None:
    token = issue("worker")
    people.worker.is_active = False
    people.worker.save()
    assert client.get(UNITS, headers={"Authorization": f"Bearer {token}"}).status_code == 401


@pytest.mark.parametrize(
    "header", [None, "Bearer nonsense", "Bearer sk_abcd1234_forged", "Basic dXNlcjpwYXNz"]
)
def test_requests_without_a_valid_token_get_401_json(db, client, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = client.get(UNITS, headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert response.json()["message"]


def test_issuing_for_an_unknown_user_fails_clearly(db) -> None:
    with pytest.raises(CommandError, match="Brugeren findes ikke"):
        issue("nobody")


def test_revoking_an_unknown_prefix_fails_clearly(db) -> None:
    with pytest.raises(CommandError):
        call_command("revoke_api_token", "ffffffff", stdout=StringIO())
