"""API tokens: issued in the UI or by a command, stored hashed, with an expiry and a scope,
refused once expired or revoked and while the user is deactivated or locked out."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from sporskifte.access.policy import READING, Action, Relation
from sporskifte.access.principals import Principal, may_administer
from sporskifte.accounts.models import ApiToken
from sporskifte.accounts.services import api_token_issue, api_token_revoke
from sporskifte.audit.models import SecurityEvent
from sporskifte.core.errors import InsufficientScope, InvalidInput, NotFound
from tests.factories import PASSWORD

UNITS = "/api/v1/organisation/units"
CITIZENS = "/api/v1/citizens"
NOW = dt.datetime(2027, 2, 1, 9, 0, tzinfo=dt.UTC)


def issue(username: str, *args: str) -> str:
    out, err = StringIO(), StringIO()
    call_command("issue_api_token", username, *args, stdout=out, stderr=err)
    return out.getvalue().strip()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# The lifetime: a default, a maximum, nothing longer.


def test_a_token_expires_after_the_default_days(people) -> None:
    with time_machine.travel(NOW, tick=False):
        token = api_token_issue(user=people.worker, scope=ApiToken.Scope.READ).token
    assert token.expires_at == NOW + dt.timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)


def test_a_token_may_last_the_maximum_but_not_a_day_longer(people) -> None:
    longest = settings.API_TOKEN_MAX_DAYS
    assert api_token_issue(user=people.worker, scope="read", days=longest).token.pk
    for days in (longest + 1, 0, -1):
        with pytest.raises(InvalidInput) as refused:
            api_token_issue(user=people.worker, scope="read", days=days)
        assert "days" in refused.value.fields
    assert ApiToken.objects.count() == 1


def test_the_maximum_is_a_setting(people, settings) -> None:
    settings.API_TOKEN_MAX_DAYS = 30
    with pytest.raises(InvalidInput):
        api_token_issue(user=people.worker, scope="read", days=31)


def test_an_unknown_scope_is_refused(people) -> None:
    with pytest.raises(InvalidInput) as refused:
        api_token_issue(user=people.worker, scope="admin")
    assert "scope" in refused.value.fields


# The scope rule, where access is decided: the principal a token makes.


def test_a_read_principal_may_read_but_asking_it_to_write_is_refused(people) -> None:
    reader = Principal.staff(people.worker, actions=READING)
    assert reader.may(Relation.COURSE, Action.READ)
    assert reader.unit_ids(Relation.CITIZEN, Action.REVEAL_CPR)
    for action in (Action.WRITE, Action.DECIDE):
        with pytest.raises(InsufficientScope):
            reader.may(Relation.COURSE, action)
        with pytest.raises(InsufficientScope):
            reader.unit_ids(Relation.COURSE, action)


def test_a_read_principal_cannot_administer(people) -> None:
    with pytest.raises(InsufficientScope):
        may_administer(Principal.staff(people.worker, actions=READING))


def test_a_read_write_token_is_capped_by_nothing_but_the_roles(people) -> None:
    token = api_token_issue(user=people.worker, scope=ApiToken.Scope.READ_WRITE).token
    assert token.actions is None
    assert ApiToken(scope=ApiToken.Scope.READ).actions == READING


# Over HTTP.


def test_a_read_token_reads_but_cannot_write(people, client) -> None:
    reader = api_token_issue(user=people.worker, scope=ApiToken.Scope.READ).plain
    writer = api_token_issue(user=people.worker, scope=ApiToken.Scope.READ_WRITE).plain
    refused = client.post(
        CITIZENS, {"name": "Ny Borger"}, content_type="application/json", headers=bearer(reader)
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "insufficient_scope"
    assert refused.json()["message"]
    created = client.post(
        CITIZENS, {"name": "Ny Borger"}, content_type="application/json", headers=bearer(writer)
    )
    assert created.status_code == 201
    read = client.get(f"{CITIZENS}/{created.json()['id']}", headers=bearer(reader))
    assert read.status_code == 200
    assert read.json()["name"] == "Ny Borger"


def test_a_token_works_until_it_expires(people, client) -> None:
    with time_machine.travel(NOW, tick=False) as traveller:
        token = api_token_issue(user=people.worker, scope="read", days=1).plain
        traveller.move_to(NOW + dt.timedelta(days=1, seconds=-1))
        assert client.get(UNITS, headers=bearer(token)).status_code == 200
        traveller.move_to(NOW + dt.timedelta(days=1))
        response = client.get(UNITS, headers=bearer(token))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_the_command_prints_a_token_that_authenticates(people, client) -> None:
    token = issue("worker")
    response = client.get(UNITS, headers=bearer(token))
    assert response.status_code == 200


def test_the_command_sets_scope_and_days(people) -> None:
    with time_machine.travel(NOW, tick=False):
        issue("worker", "--scope", "read_write", "--days", "7", "--name", "Integration")
    token = ApiToken.objects.get()
    assert (token.scope, token.name) == (ApiToken.Scope.READ_WRITE, "Integration")
    assert token.expires_at == NOW + dt.timedelta(days=7)


def test_the_command_issues_read_tokens_unless_told(people) -> None:
    issue("worker")
    assert ApiToken.objects.get().scope == ApiToken.Scope.READ


def test_the_command_refuses_too_many_days(people) -> None:
    with pytest.raises(CommandError, match="1 til 365 dage"):
        issue("worker", "--days", "366")
    assert not ApiToken.objects.exists()


def test_the_command_refuses_a_name_with_a_control_character(people) -> None:
    """The service checks the name, so the command is held to what the page is."""
    with pytest.raises(CommandError, match="ugyldigt tegn"):
        issue("worker", "--name", "CRM\x85")
    assert not ApiToken.objects.exists()


def test_only_a_digest_of_the_token_is_stored(people) -> None:
    token = issue("worker")
    stored = ApiToken.objects.get()
    assert token not in (stored.digest, stored.prefix, stored.name)
    assert stored.digest == ApiToken.digest_of(token)


def test_a_revoked_token_is_refused(people, client) -> None:
    token = issue("worker")
    prefix = ApiToken.objects.get().prefix
    call_command("revoke_api_token", prefix, stdout=StringIO())
    response = client.get(UNITS, headers=bearer(token))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_issuing_and_revoking_by_command_reach_the_security_log(people) -> None:
    issue("worker")
    call_command("revoke_api_token", ApiToken.objects.get().prefix, stdout=StringIO())
    kinds = list(
        SecurityEvent.objects.filter(user_id=people.worker.pk)
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert kinds == [SecurityEvent.Kind.TOKEN_ISSUED, SecurityEvent.Kind.TOKEN_REVOKED]


def test_a_token_of_a_deactivated_user_is_refused(people, client) -> None:
    token = issue("worker")
    people.worker.is_active = False
    people.worker.save()
    assert client.get(UNITS, headers=bearer(token)).status_code == 401


def test_a_token_is_refused_while_its_user_is_locked_out_and_works_after_the_cool_off(
    people, client
) -> None:
    token = issue("worker")
    cool_off = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    with time_machine.travel(NOW, tick=False) as traveller:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(
                reverse("accounts:login"), {"username": "worker", "password": "wrong password"}
            )
        assert (
            client.post(
                reverse("accounts:login"), {"username": "worker", "password": PASSWORD}
            ).status_code
            == 429
        )  # the sign-in form is locked ...
        locked = client.get(UNITS, headers=bearer(token))
        assert locked.status_code == 401  # ... and so is the token
        assert locked.json()["code"] == "unauthenticated"
        traveller.move_to(NOW + cool_off + dt.timedelta(seconds=1))
        assert client.get(UNITS, headers=bearer(token)).status_code == 200


def test_a_lockout_of_another_user_leaves_the_token_alone(people, client) -> None:
    token = issue("worker")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "leader", "password": "wrong"})
    assert client.get(UNITS, headers=bearer(token)).status_code == 200


def test_the_last_use_is_recorded_at_most_once_a_minute(people, client) -> None:
    token = issue("worker")
    with time_machine.travel(NOW, tick=False) as traveller:
        client.get(UNITS, headers=bearer(token))
        assert ApiToken.objects.get().last_used_at == NOW
        traveller.move_to(NOW + dt.timedelta(seconds=30))
        client.get(UNITS, headers=bearer(token))
        assert ApiToken.objects.get().last_used_at == NOW
        traveller.move_to(NOW + dt.timedelta(minutes=2))
        client.get(UNITS, headers=bearer(token))
        assert ApiToken.objects.get().last_used_at == NOW + dt.timedelta(minutes=2)


@pytest.mark.parametrize(
    "header", [None, "Bearer nonsense", "Bearer sk_abcd1234_forged", "Basic dXNlcjpwYXNz"]
)
def test_requests_without_a_valid_token_get_401_json(db, client, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = client.get(UNITS, headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert response.json()["message"]


def test_the_api_document_names_401_and_403_for_every_operation_with_a_token(client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if operation.get("security"):
                assert {"401", "403"} <= set(operation["responses"]), (method, path)


def test_issuing_for_an_unknown_user_fails_clearly(db) -> None:
    with pytest.raises(CommandError, match="Brugeren findes ikke"):
        issue("nobody")


def test_revoking_an_unknown_prefix_fails_clearly(db) -> None:
    with pytest.raises(CommandError):
        call_command("revoke_api_token", "ffffffff", stdout=StringIO())


def test_an_owner_revokes_only_their_own_tokens(people) -> None:
    token = api_token_issue(user=people.worker, scope="read").token
    with pytest.raises(NotFound):
        api_token_revoke(prefix=token.prefix, owner=people.leader)
    token.refresh_from_db()
    assert token.revoked_at is None
