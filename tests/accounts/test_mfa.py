"""The second factor: who must have one, the second step of signing in, the lockout, the
recovery codes, and the MFA page. These tests turn the shipped rule on (`mfa_required`)."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sporskifte.accounts.authn import SESSION_METHOD, SESSION_MFA_VERIFIED_AT, SESSION_NSIS_LEVEL
from sporskifte.accounts.mfa import SecondFactorStep, second_factor_step
from sporskifte.accounts.models import Passkey, UserSession
from sporskifte.accounts.services import second_factor_remove, totp_enrol
from sporskifte.accounts.session_store import session_key_digest
from sporskifte.audit.models import SecurityEvent
from sporskifte.core.errors import NotFound
from sporskifte.organisation.models import Membership
from tests.factories import PASSWORD, MembershipFactory, UserFactory

KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test secret
START = dt.datetime(2027, 2, 1, 8, 0, tzinfo=dt.UTC)


def code_at(key: str, moment: dt.datetime) -> str:
    totp = TOTP(bytes.fromhex(key))
    totp.time = moment.timestamp()
    return f"{totp.token():06d}"


def sign_in(client: Client, username: str) -> str:
    """Sign in with the password; return where the user ends up."""
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": PASSWORD}, follow=True
    )
    return (
        response.redirect_chain[-1][0] if response.redirect_chain else response.request["PATH_INFO"]
    )


def events(kind: str) -> int:
    return SecurityEvent.objects.filter(kind=kind).count()


@pytest.fixture
def admin(herning):
    user = UserFactory(username="admin")
    MembershipFactory(user=user, unit=herning["polaris-center"], role=Membership.Role.ADMINISTRATOR)
    return user


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def leader_with_app(people, clock):
    """The leader with an authenticator app (enrolled a minute ago) and recovery codes."""
    codes = totp_enrol(user=people.leader, key=KEY, code=code_at(KEY, START), request=None)
    clock.shift(60)
    return codes


# The rule: role × enrolled × NSIS level.


@pytest.mark.parametrize("required_by_role", [True, False])
@pytest.mark.parametrize("nsis_level", [None, "low", "substantial", "high"])
@pytest.mark.parametrize("enrolled", [True, False])
def test_the_rule_asks_whoever_has_a_factor_and_makes_required_roles_enrol(
    required_by_role: bool, enrolled: bool, nsis_level: str | None
) -> None:
    step = second_factor_step(
        required_by_role=required_by_role, enrolled=enrolled, nsis_level=nsis_level, verified=False
    )
    if nsis_level in ("substantial", "high"):
        assert step == SecondFactorStep.NONE  # the assertion already carried a second factor
    elif enrolled:
        assert step == SecondFactorStep.VERIFY
    elif required_by_role:
        assert step == SecondFactorStep.ENROL
    else:
        assert step == SecondFactorStep.NONE


@pytest.mark.parametrize("required_by_role", [True, False])
@pytest.mark.parametrize("enrolled", [True, False])
def test_a_verified_session_owes_nothing(required_by_role: bool, enrolled: bool) -> None:
    step = second_factor_step(
        required_by_role=required_by_role, enrolled=enrolled, nsis_level=None, verified=True
    )
    assert step == SecondFactorStep.NONE


def test_administrators_and_leaders_are_the_shipped_roles(mfa_required) -> None:
    assert set(mfa_required) == {Membership.Role.ADMINISTRATOR, Membership.Role.LEADER}


# An administrator without a second factor.


def test_an_administrator_without_a_factor_reaches_only_the_set_up(
    mfa_required, admin, people, client, api_for
) -> None:
    assert sign_in(client, "admin") == reverse("accounts:mfa")
    page = client.get(reverse("accounts:mfa"))
    assert "Din rolle kræver totrinsbekræftelse" in page.content.decode()
    assert client.get(reverse("accounts:mfa_totp_add")).status_code == 200
    assert client.get(reverse("accounts:mfa_passkey_add")).status_code == 200
    for name, kwargs in [
        ("accounts:start", {}),
        ("accounts:unit_list", {}),
        ("accounts:unit_detail", {"slug": "polaris"}),
        ("accounts:mfa_recovery", {}),
        ("access:access_log", {}),
        ("admin:index", {}),
        ("organisation:public_contact", {}),
    ]:
        response = client.get(reverse(name, kwargs=kwargs))
        assert (response.status_code, response["Location"]) == (302, reverse("accounts:mfa")), name
    assert client.post(reverse("citizens:create"), {"name": "X"})["Location"] == reverse(
        "accounts:mfa"
    )
    # The API answers its tokens (their own rules), not this session's second factor.
    assert api_for(admin).get("/api/v1/organisation/units").status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 200


def test_a_worker_without_a_factor_is_not_asked(mfa_required, people, client) -> None:
    assert sign_in(client, "worker") == reverse("courses:today")


def test_an_assertion_at_nsis_substantial_is_not_asked_again(mfa_required, admin) -> None:
    client = Client()
    client.force_login(admin)
    session = client.session
    session[SESSION_METHOD] = "saml"
    session[SESSION_NSIS_LEVEL] = "low"
    session.save()
    assert client.get(reverse("accounts:start"))["Location"] == reverse("accounts:mfa")
    session[SESSION_NSIS_LEVEL] = "substantial"
    session.save()
    assert client.get(reverse("accounts:start")).status_code == 200


# Signing in with an authenticator app.


def test_with_an_app_enrolled_sign_in_needs_the_code(
    mfa_required, people, leader_with_app, clock, client
) -> None:
    landed = sign_in(client, "leader")
    assert landed.startswith(reverse("accounts:mfa_verify"))
    assert client.session[SESSION_METHOD] == "password"
    assert client.get(reverse("accounts:start")).status_code == 302

    wrong = client.post(reverse("accounts:mfa_verify"), {"code": "000000"})
    assert "Koden er forkert" in wrong.content.decode()
    assert events(SecurityEvent.Kind.MFA_FAILED) == 1

    right = client.post(
        reverse("accounts:mfa_verify"),
        {"code": code_at(KEY, timezone.now()), "next": "/units/"},
    )
    assert right["Location"] == "/units/"
    assert client.session[SESSION_MFA_VERIFIED_AT]
    assert client.get(reverse("accounts:start")).status_code == 200
    assert TOTPDevice.objects.get(user=people.leader).last_used_at == timezone.now()


def test_the_verified_session_stays_in_the_users_list_of_sessions(
    mfa_required, people, leader_with_app, clock, client
) -> None:
    """Verifying gives the session a new key; its record must follow, or "Dine sessioner"
    would not show the session the user is in (nor let another browser end it)."""
    sign_in(client, "leader")
    client.post(reverse("accounts:mfa_verify"), {"code": code_at(KEY, timezone.now())})
    live = UserSession.objects.filter(user=people.leader, ended_at__isnull=True)
    assert [record.key_digest for record in live] == [
        session_key_digest(client.session.session_key)
    ]
    page = client.get(reverse("accounts:sessions")).content.decode()
    assert "Denne session" in page


def test_a_code_is_accepted_once(mfa_required, people, leader_with_app, client) -> None:
    code = code_at(KEY, timezone.now())
    sign_in(client, "leader")
    assert client.post(reverse("accounts:mfa_verify"), {"code": code}).status_code == 302
    again = Client()
    sign_in(again, "leader")
    assert again.post(reverse("accounts:mfa_verify"), {"code": code}).status_code == 200


def test_an_enrolled_worker_is_asked_too(mfa_required, people, clock, client) -> None:
    totp_enrol(user=people.worker, key=KEY, code=code_at(KEY, START), request=None)
    clock.shift(60)
    assert sign_in(client, "worker").startswith(reverse("accounts:mfa_verify"))


def test_wrong_codes_lock_the_user_out_for_the_cool_off(
    mfa_required, people, leader_with_app, clock, client, settings
) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    sign_in(client, "leader")
    for _attempt in range(2):
        assert client.post(reverse("accounts:mfa_verify"), {"code": "000000"}).status_code == 200
    locked = client.post(reverse("accounts:mfa_verify"), {"code": "000000"})
    assert locked.status_code == 429
    assert "Kontoen er midlertidigt spærret" in locked.content.decode()
    assert events(SecurityEvent.Kind.MFA_FAILED) == 3
    assert events(SecurityEvent.Kind.LOCKED_OUT) == 1
    assert client.get(reverse("accounts:start"))["Location"].startswith(reverse("accounts:login"))

    # Even the right code is refused until the cool-off has passed.
    again = Client()
    sign_in(again, "leader")
    refused = again.post(reverse("accounts:mfa_verify"), {"code": code_at(KEY, timezone.now())})
    assert refused.status_code == 429
    clock.shift(settings.AXES_COOLOFF_TIME * 3600 + 60)
    later = Client()
    sign_in(later, "leader")
    accepted = later.post(reverse("accounts:mfa_verify"), {"code": code_at(KEY, timezone.now())})
    assert accepted.status_code == 302


# Recovery codes.


def test_a_recovery_code_works_once(mfa_required, people, leader_with_app, client) -> None:
    assert len(leader_with_app) == 10
    code = leader_with_app[0]
    sign_in(client, "leader")
    response = client.post(reverse("accounts:mfa_verify"), {"code": code.upper()}, follow=True)
    assert "Du har 9 tilbage" in response.content.decode()
    assert events(SecurityEvent.Kind.RECOVERY_CODE_USED) == 1
    again = Client()
    sign_in(again, "leader")
    assert again.post(reverse("accounts:mfa_verify"), {"code": code}).status_code == 200
    assert events(SecurityEvent.Kind.MFA_FAILED) == 1


def test_recovery_codes_are_kept_only_as_digests(people, leader_with_app) -> None:
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {code.replace("-", "") for code in leader_with_app}


def test_renewed_recovery_codes_replace_the_old_ones(
    mfa_required, people, leader_with_app, client
) -> None:
    client.force_login(people.leader)
    session = client.session
    session[SESSION_MFA_VERIFIED_AT] = timezone.now().isoformat()
    session.save()
    url = reverse("accounts:mfa_recovery")
    assert "Adgangskoden er forkert" in client.post(url, {"password": "nope"}).content.decode()
    shown = client.post(url, {"password": PASSWORD}, follow=True).content.decode()
    assert "vises kun denne ene gang" in shown
    assert "vises kun denne ene gang" not in client.get(url).content.decode()
    sign_in(fresh := Client(), "leader")
    assert (
        fresh.post(reverse("accounts:mfa_verify"), {"code": leader_with_app[1]}).status_code == 200
    )


# Enrolment and removal through the pages.


def test_an_administrator_enrols_an_app_and_sees_the_recovery_codes_once(
    mfa_required, admin, client
) -> None:
    sign_in(client, "admin")
    page = client.get(reverse("accounts:mfa_totp_add")).content.decode()
    assert "data:image/svg+xml" in page  # the QR code, within the CSP's img-src
    key = client.session["mfa_pending_totp_key"]
    assert client.post(reverse("accounts:mfa_totp_add"), {"code": "123"}).status_code == 200
    response = client.post(
        reverse("accounts:mfa_totp_add"), {"code": code_at(key, timezone.now())}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:mfa_recovery")
    assert response.content.decode().count("<li><code>") == 10
    assert events(SecurityEvent.Kind.MFA_ENROLLED) == 1
    # Enrolling proved the factor: the rest of the site opens in this session.
    assert client.get(reverse("accounts:start")).status_code == 200
    overview = client.get(reverse("accounts:mfa")).content.decode()
    assert "Godkendelsesapp" in overview and "Ikke brugt endnu" in overview


def test_removing_a_factor_needs_the_password(mfa_required, people, leader_with_app) -> None:
    client = Client()
    client.force_login(people.leader)
    session = client.session
    session[SESSION_MFA_VERIFIED_AT] = timezone.now().isoformat()
    session.save()
    device = TOTPDevice.objects.get(user=people.leader)
    url = reverse("accounts:mfa_remove", kwargs={"kind": "totp", "factor_id": device.pk})
    assert "Adgangskoden er forkert" in client.post(url, {"password": "x"}).content.decode()
    assert client.post(url, {"password": PASSWORD})["Location"] == reverse("accounts:mfa")
    assert not TOTPDevice.objects.filter(user=people.leader).exists()
    assert not StaticToken.objects.filter(device__user=people.leader).exists()
    assert events(SecurityEvent.Kind.MFA_REMOVED) == 1


def test_another_users_factor_cannot_be_removed(people, leader_with_app, client_for) -> None:
    device = TOTPDevice.objects.get(user=people.leader)
    url = reverse("accounts:mfa_remove", kwargs={"kind": "totp", "factor_id": device.pk})
    client = client_for(people.worker)
    assert client.get(url).status_code == 404
    assert client.post(url, {"password": PASSWORD}).status_code == 404
    assert TOTPDevice.objects.filter(user=people.leader).exists()


def test_the_service_removes_only_the_users_own_factor(people, leader_with_app) -> None:
    """The rule lives in the service, not only in the page that calls it."""
    device = TOTPDevice.objects.get(user=people.leader)
    with pytest.raises(NotFound):
        second_factor_remove(
            user=people.worker, kind="totp", factor_id=device.pk, password=PASSWORD, request=None
        )
    assert TOTPDevice.objects.filter(user=people.leader).exists()


def test_a_passkey_answer_with_an_escaped_nul_is_a_wrong_answer_not_an_error(
    mfa_required, people, clock, client
) -> None:
    Passkey.objects.create(
        user=people.leader, name="Nøgle", credential_id="abc", public_key=b"x", sign_count=0
    )
    sign_in(client, "leader")
    answer = client.post(
        reverse("accounts:mfa_verify"), {"passkey_response": '{"id": "\\u0000", "type": "x"}'}
    )
    assert answer.status_code == 200
    assert SESSION_MFA_VERIFIED_AT not in client.session


def test_the_mfa_page_reads_the_same_queries_however_many_factors(
    people, client_for, count_queries
) -> None:
    client = client_for(people.worker)
    totp_enrol(user=people.worker, key=KEY, code=code_at(KEY, timezone.now()), request=None)
    session = client.session
    session[SESSION_MFA_VERIFIED_AT] = timezone.now().isoformat()
    session.save()

    def add_passkey(n: int) -> None:
        Passkey.objects.create(
            user=people.worker, name=f"Nøgle {n}", credential_id=f"id{n}", public_key=b"k"
        )

    add_passkey(0)
    one = count_queries(lambda: client.get(reverse("accounts:mfa")))
    for n in range(1, 20):
        add_passkey(n)
    assert count_queries(lambda: client.get(reverse("accounts:mfa"))) == one
