import datetime as dt
import ipaddress
import json
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from sporskifte.access.principals import (
    AnyActor,
    Principal,
    PrincipalKind,
    as_principal,
    may_administer,
)
from sporskifte.accounts import selectors
from sporskifte.accounts.authn import SESSION_MFA_VERIFIED_AT
from sporskifte.accounts.devices import device_of
from sporskifte.accounts.mfa import (
    SecondFactorStep,
    is_totp_code,
    lockout_period,
    normalised_code,
    recovery_code_digest,
)
from sporskifte.accounts.models import ApiToken, Passkey, SecondFactorFailures, User, UserSession
from sporskifte.accounts.saml import SamlIdentity, SamlRefused
from sporskifte.accounts.session_rules import still_alive
from sporskifte.accounts.session_store import session_key_digest
from sporskifte.audit.models import SecurityEvent
from sporskifte.audit.services import security_event_record
from sporskifte.core.errors import InvalidInput, NotFound
from sporskifte.core.ratelimit import client_key
from sporskifte.core.validation import validate_model
from sporskifte.organisation.models import Membership, SsoRole
from sporskifte.organisation.rules import valid_on

TOKEN_PREFIX = "sk_"  # noqa: S105 - a public marker, not a secret


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plain: str


@transaction.atomic
def api_token_issue(
    *,
    user: User,
    scope: str,
    name: str = "",
    days: int | None = None,
    request: HttpRequest | None = None,
) -> IssuedToken:
    """Create a token for `user` that expires after `days` (API_TOKEN_DEFAULT_DAYS when not
    given, at most API_TOKEN_MAX_DAYS); the plain token exists only in the return value."""
    if days is None:
        days = settings.API_TOKEN_DEFAULT_DAYS
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise InvalidInput(
            fields={
                "days": [
                    _("En API-nøgle kan gælde fra 1 til %(max)d dage.")
                    % {"max": settings.API_TOKEN_MAX_DAYS}
                ]
            }
        )
    prefix = secrets.token_hex(4)
    plain = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user=user,
        name=name,
        scope=scope,
        prefix=prefix,
        digest=ApiToken.digest_of(plain),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    validate_model(token)
    token.save()
    security_event_record(
        kind=SecurityEvent.Kind.TOKEN_ISSUED,
        request=request,
        user=user,
        username=user.get_username(),
    )
    return IssuedToken(token=token, plain=plain)


@transaction.atomic
def api_token_revoke(
    *, prefix: str, owner: User | None = None, request: HttpRequest | None = None
) -> ApiToken:
    """Revoke the token with `prefix`; with `owner`, only one of that user's tokens (any
    other is NotFound, as one that does not exist). Revoking twice changes nothing."""
    tokens = ApiToken.objects.select_for_update().select_related("user")
    if owner is not None:
        tokens = tokens.filter(user=owner)
    token = tokens.filter(prefix=prefix).first()
    if token is None:
        raise NotFound(_("Der findes ingen API-nøgle med det præfiks."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        security_event_record(
            kind=SecurityEvent.Kind.TOKEN_REVOKED,
            request=request,
            user=token.user,
            username=token.user.get_username(),
        )
    return token


def api_token_authenticate(*, plain: str, request: HttpRequest) -> Principal | None:
    """The principal behind a valid token: neither expired nor revoked, of an active user
    whom django-axes does not lock out (the same rule as the sign-in form, for this client's
    address). It carries the token's scope. None otherwise."""
    if not plain.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            digest=ApiToken.digest_of(plain),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .first()
    )
    if token is None:
        return None
    if AxesProxyHandler.is_locked(request, credentials={"username": token.user.get_username()}):
        return None
    # Touch at most once a minute so that a busy client does not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return Principal.staff(token.user, actions=token.actions)


def user_get_by_username(*, username: str) -> User:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise NotFound(_("Brugeren findes ikke."))
    return user


def user_of(actor: AnyActor) -> User:
    """The staff member behind a use case that records one (an author, a contact person);
    NotFound for any other principal, so a refused caller learns nothing."""
    principal = as_principal(actor)
    if principal.kind != PrincipalKind.STAFF or not isinstance(principal.user, User):
        raise NotFound()
    return principal.user


# Sessions and passwords. The session store is keyed by the same digest as UserSession
# (accounts/session_store.py), so ending a session deletes it there: the browser's next
# request finds no session and is signed out, whichever app process serves it.

USER_AGENT_READ = 500  # enough of the header to recognise a browser and a system


def _address_of(request: HttpRequest) -> str | None:
    try:
        return str(ipaddress.ip_address(client_key(request)))
    except ValueError:
        return None


@transaction.atomic
def user_session_start(*, user: User, request: HttpRequest, at: dt.datetime) -> UserSession:
    """Record the session `request` has just been signed in with."""
    if request.session.session_key is None:
        request.session.save()  # a sign-in that flushed another user's session has no key yet
    device = device_of(request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_READ])
    record, _created = UserSession.objects.update_or_create(
        key_digest=session_key_digest(request.session.session_key or ""),
        defaults={
            "user": user,
            "signed_in_at": at,
            "last_seen_at": at,
            "address": _address_of(request),
            "browser": device.browser,
            "operating_system": device.operating_system,
            "ended_at": None,
            "end_reason": "",
        },
    )
    return record


def user_session_seen(*, session_key: str, at: dt.datetime) -> None:
    UserSession.objects.filter(key_digest=session_key_digest(session_key)).update(last_seen_at=at)


def user_session_signed_out(*, session_key: str) -> None:
    """The user signed out (logged as SIGNED_OUT; the sign-out deletes the session itself)."""
    UserSession.objects.filter(
        key_digest=session_key_digest(session_key), ended_at__isnull=True
    ).update(ended_at=timezone.now(), end_reason=UserSession.EndReason.SIGNED_OUT)


def _sessions_end(
    sessions: Iterable[UserSession],
    *,
    reason: str,
    by: User | None,
    request: HttpRequest | None,
) -> int:
    """Delete each session from the store, mark it ended and log it (SESSION_ENDED, by whom,
    whose). The caller holds the transaction."""
    sessions = list(sessions)
    if not sessions:
        return 0
    Session.objects.filter(session_key__in=[s.key_digest for s in sessions]).delete()
    UserSession.objects.filter(pk__in=[s.pk for s in sessions]).update(
        ended_at=timezone.now(), end_reason=reason
    )
    for session in sessions:
        security_event_record(
            kind=SecurityEvent.Kind.SESSION_ENDED,
            request=request,
            user=by,
            username=session.user.get_username(),
        )
    return len(sessions)


@transaction.atomic
def user_session_end(*, actor: AnyActor, session_id: int, request: HttpRequest) -> UserSession:
    """The user ends one of her other sessions (the current one ends with "Log af").
    Somebody else's session, an ended one and the current one are all NotFound."""
    user = user_of(actor)
    current = request.session.session_key
    session = (
        UserSession.objects.select_for_update()
        .select_related("user")
        .filter(still_alive(timezone.now()), pk=session_id, user=user)
        .exclude(key_digest=session_key_digest(current) if current else "")
        .first()
    )
    if session is None:
        raise NotFound()
    _sessions_end([session], reason=UserSession.EndReason.ENDED_BY_USER, by=user, request=request)
    return session


@transaction.atomic
def user_sessions_end_others(*, actor: AnyActor, request: HttpRequest) -> int:
    """The user ends every session but this one, e.g. after losing a phone or a key with a
    second factor on it (ASVS 7.4.3). Returns how many ended."""
    user = user_of(actor)
    current = request.session.session_key
    others = (
        UserSession.objects.select_for_update()
        .select_related("user")
        .filter(still_alive(timezone.now()), user=user)
        .exclude(key_digest=session_key_digest(current) if current else "")
    )
    return _sessions_end(
        others, reason=UserSession.EndReason.ENDED_BY_USER, by=user, request=request
    )


def _administered_user(actor: AnyActor, user: User) -> User:
    """The acting administrator; nobody ends her own sessions or deactivates herself here
    (as with roles: it would lock the last administrator out)."""
    principal = as_principal(actor)
    if not may_administer(principal) or not isinstance(principal.user, User):
        raise NotFound()
    if principal.user.pk == user.pk:
        raise InvalidInput(
            _("Du kan ikke afslutte dine egne sessioner eller deaktivere dig selv her.")
        )
    return principal.user


@transaction.atomic
def user_sessions_end_all(*, actor: AnyActor, user: User, request: HttpRequest | None) -> int:
    """An administrator ends every session of `user`; returns how many there were."""
    by = _administered_user(actor, user)
    sessions = UserSession.objects.select_related("user").filter(
        still_alive(timezone.now()), user=user
    )
    return _sessions_end(
        sessions, reason=UserSession.EndReason.ENDED_BY_ADMINISTRATOR, by=by, request=request
    )


@transaction.atomic
def user_deactivate(*, actor: AnyActor, user: User, request: HttpRequest | None) -> User:
    """The user can no longer sign in, and every session of hers ends now (API tokens of an
    inactive user are refused where they are checked)."""
    by = _administered_user(actor, user)
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    sessions = UserSession.objects.select_related("user").filter(
        still_alive(timezone.now()), user=user
    )
    _sessions_end(sessions, reason=UserSession.EndReason.USER_DEACTIVATED, by=by, request=request)
    security_event_record(
        kind=SecurityEvent.Kind.USER_DEACTIVATED,
        request=request,
        user=by,
        username=user.get_username(),
    )
    return user


@transaction.atomic
def user_session_lifetime_end(*, user: User, request: HttpRequest) -> None:
    """The session of `request` has reached its absolute lifetime: end it (the caller then
    signs the request out)."""
    key = request.session.session_key
    sessions = (
        UserSession.objects.select_related("user").filter(
            key_digest=session_key_digest(key), ended_at__isnull=True
        )
        if key
        else UserSession.objects.none()
    )
    if not _sessions_end(sessions, reason=UserSession.EndReason.LIFETIME, by=user, request=request):
        security_event_record(
            kind=SecurityEvent.Kind.SESSION_ENDED,
            request=request,
            user=user,
            username=user.get_username(),
        )


def _session_record_follows(*, old_key: str | None, request: HttpRequest) -> None:
    """After the session key was cycled its record follows, or the user's list of sessions
    would lose this one (and could not end it)."""
    if old_key:
        UserSession.objects.filter(key_digest=session_key_digest(old_key)).update(
            key_digest=session_key_digest(request.session.session_key or "")
        )


def second_factor_verified(*, request: HttpRequest) -> None:
    """The user proved a second factor: a new session key (the pre-verification one may have
    leaked) that remembers it until the session ends."""
    old_key = request.session.session_key
    request.session.cycle_key()
    _session_record_follows(old_key=old_key, request=request)
    request.session[SESSION_MFA_VERIFIED_AT] = timezone.now().isoformat()
    request._second_factor_step = SecondFactorStep.NONE  # type: ignore[attr-defined]


@transaction.atomic
def user_password_change(*, user: User, password: str, request: HttpRequest) -> None:
    """Set the user's own new password (already checked against the validators and the current
    password by the form). This session goes on under a new key; every other ends."""
    old_key = request.session.session_key
    user.set_password(password)
    user.save(update_fields=["password"])
    update_session_auth_hash(request, user)  # cycles the session key
    _session_record_follows(old_key=old_key, request=request)
    new_digest = session_key_digest(request.session.session_key or "")
    others = (
        UserSession.objects.select_related("user")
        .filter(still_alive(timezone.now()), user=user)
        .exclude(key_digest=new_digest)
    )
    _sessions_end(others, reason=UserSession.EndReason.PASSWORD_CHANGED, by=user, request=request)
    security_event_record(
        kind=SecurityEvent.Kind.PASSWORD_CHANGED,
        request=request,
        user=user,
        username=user.get_username(),
    )


# Second factors. Each use case records its security event in the same transaction.

RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread on paper
TOTP_DEVICE_NAME = "Godkendelsesapp"


def totp_key_new() -> str:
    """A fresh TOTP secret (160 bits, hex as django-otp keeps it) for the set-up page."""
    return secrets.token_hex(20)


def _totp_matches(*, key: str, code: str) -> int | None:
    """The time step `code` belongs to (the current one or one either side), or None."""
    totp = TOTP(bytes.fromhex(key))
    return totp.t() if is_totp_code(code) and totp.verify(int(code), tolerance=1) else None


def _recovery_codes_replace(*, user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="Gendannelseskoder", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _i in range(10))
        for _n in range(RECOVERY_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=recovery_code_digest(code)) for code in codes
    )
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def _first_factor_extras(*, user: User) -> list[str]:
    """Recovery codes come with the first factor; later factors keep the codes there are."""
    if StaticToken.objects.filter(device__user=user).exists():
        return []
    return _recovery_codes_replace(user=user)


@transaction.atomic
def totp_enrol(*, user: User, key: str, code: str, request: HttpRequest | None) -> list[str]:
    """Confirm an authenticator app by a code it shows for `key`. Returns the recovery codes
    issued with the user's first factor (empty if there were some already)."""
    step = _totp_matches(key=key, code=normalised_code(code))
    if step is None:
        raise InvalidInput(
            _("Koden passer ikke. Tjek uret på telefonen, og prøv med den næste kode."),
            fields={"code": [_("Koden passer ikke.")]},
        )
    TOTPDevice.objects.create(
        user=user, name=TOTP_DEVICE_NAME, key=key, confirmed=True, last_t=step
    )
    security_event_record(
        kind=SecurityEvent.Kind.MFA_ENROLLED, request=request, user=user, username=user.username
    )
    return _first_factor_extras(user=user)


@dataclass(frozen=True)
class PasskeyChallenge:
    options_json: str  # for the page's script, as navigator.credentials expects it
    challenge: str  # base64url, kept in the session until the answer comes


def passkey_registration_start(*, user: User, rp_id: str) -> PasskeyChallenge:
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=settings.WEBAUTHN_RP_NAME,
        user_id=str(user.pk).encode(),
        user_name=user.username,
        user_display_name=str(user),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(credential_id))
            for credential_id in selectors.passkey_ids_for_user(user=user)
        ],
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.DISCOURAGED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    return PasskeyChallenge(options_to_json(options), bytes_to_base64url(options.challenge))


# A passkey credential id as the browser sends it (base64url); the column holds 1400.
CREDENTIAL_ID = re.compile(r"[A-Za-z0-9_-]{1,1400}")


@transaction.atomic
def passkey_enrol(
    *,
    user: User,
    name: str,
    response: str,
    challenge: str,
    rp_id: str,
    origin: str,
    request: HttpRequest | None,
) -> list[str]:
    """Register the passkey the browser created for `challenge`; returns recovery codes as
    totp_enrol does."""
    try:
        verified = verify_registration_response(
            credential=response,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except (InvalidRegistrationResponse, ValueError, KeyError, TypeError) as error:
        raise InvalidInput(_("Adgangsnøglen kunne ikke registreres. Prøv igen.")) from error
    passkey = Passkey(
        user=user,
        name=name,
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
    )
    validate_model(passkey, exclude=["credential_id"])
    # An authenticator may claim a credential id of any length; the column holds 1400.
    if not CREDENTIAL_ID.fullmatch(passkey.credential_id):
        raise InvalidInput(_("Adgangsnøglen kunne ikke registreres. Prøv igen."))
    passkey.save()
    security_event_record(
        kind=SecurityEvent.Kind.MFA_ENROLLED, request=request, user=user, username=user.username
    )
    return _first_factor_extras(user=user)


def passkey_authentication_start(*, user: User, rp_id: str) -> PasskeyChallenge | None:
    """A challenge for the user's passkeys, or None when the user has none."""
    ids = selectors.passkey_ids_for_user(user=user)
    if not ids:
        return None
    options = generate_authentication_options(
        rp_id=rp_id,
        allow_credentials=[PublicKeyCredentialDescriptor(id=base64url_to_bytes(i)) for i in ids],
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    return PasskeyChallenge(options_to_json(options), bytes_to_base64url(options.challenge))


@transaction.atomic
def recovery_codes_renew(*, user: User, password: str) -> list[str]:
    """New recovery codes for the signed-in user, who confirms with the password; the old
    codes stop working."""
    if not user.check_password(password):
        raise InvalidInput(fields={"password": [_("Adgangskoden er forkert.")]})
    return _recovery_codes_replace(user=user)


@transaction.atomic
def second_factor_remove(
    *, user: User, kind: str, factor_id: int, password: str, request: HttpRequest | None
) -> None:
    """Remove one of the user's own factors (NotFound for anyone else's). With the last one
    go the recovery codes, which alone are no second factor."""
    model = {"totp": TOTPDevice, "passkey": Passkey}.get(kind)
    factor = model.objects.filter(user=user, pk=factor_id).first() if model else None
    if factor is None:
        raise NotFound()
    if not user.check_password(password):
        raise InvalidInput(fields={"password": [_("Adgangskoden er forkert.")]})
    factor.delete()
    if not selectors.second_factor_facts(user_id=user.pk, required_roles=()).enrolled:
        StaticDevice.objects.filter(user=user).delete()
    security_event_record(
        kind=SecurityEvent.Kind.MFA_REMOVED, request=request, user=user, username=user.username
    )


class Verification(StrEnum):
    VERIFIED = "verified"
    RECOVERY_CODE_USED = "recovery_code_used"
    WRONG = "wrong"
    LOCKED_OUT = "locked_out"


@dataclass(frozen=True)
class VerificationResult:
    outcome: Verification
    locked_until: dt.datetime | None = None

    @property
    def verified(self) -> bool:
        return self.outcome in (Verification.VERIFIED, Verification.RECOVERY_CODE_USED)


def _passkey_matches(*, user: User, response: str, challenge: str, rp_id: str, origin: str) -> bool:
    try:
        credential_id = json.loads(response)["id"]
        # Only a base64url id can be ours; anything else (a NUL escaped in the JSON) is not
        # looked up at all.
        if not isinstance(credential_id, str) or not CREDENTIAL_ID.fullmatch(credential_id):
            return False
        passkey = (
            Passkey.objects.select_for_update()
            .filter(user=user, credential_id=credential_id)
            .first()
        )
        if passkey is None:
            return False
        verified = verify_authentication_response(
            credential=response,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
        )
    except (InvalidAuthenticationResponse, ValueError, KeyError, TypeError):
        return False
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = timezone.now()
    passkey.save(update_fields=["sign_count", "last_used_at"])
    return True


def _totp_device_matching(*, user: User, code: str) -> TOTPDevice | None:
    for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
        if device.verify_token(code):  # refuses a code already used (its time step)
            return device
    return None


def _recovery_code_used(*, user: User, code: str) -> bool:
    """Spend one recovery code: found and deleted in one step, so it works once."""
    deleted, _kinds = StaticToken.objects.filter(
        device__user=user, device__confirmed=True, token=recovery_code_digest(code)
    ).delete()
    return deleted > 0


def second_factor_verify(
    *,
    user: User,
    request: HttpRequest | None,
    code: str = "",
    passkey_response: str = "",
    challenge: str = "",
    rp_id: str = "",
    origin: str = "",
) -> VerificationResult:
    """Check a code (authenticator app or recovery code) or a passkey's answer. Wrong answers
    count towards the password lockout's limit (AXES_FAILURE_LIMIT); reaching it locks the user
    out of the second step for the cool-off (AXES_COOLOFF_TIME). A locked-out user's answer is
    not even checked."""
    with transaction.atomic():
        failures, _created = SecondFactorFailures.objects.select_for_update().get_or_create(
            user=user
        )
        now = timezone.now()
        if failures.locked_until is not None and failures.locked_until > now:
            return VerificationResult(Verification.LOCKED_OUT, failures.locked_until)
        outcome = Verification.WRONG
        code = normalised_code(code)
        if passkey_response:
            if _passkey_matches(
                user=user,
                response=passkey_response,
                challenge=challenge,
                rp_id=rp_id,
                origin=origin,
            ):
                outcome = Verification.VERIFIED
        elif is_totp_code(code):
            if _totp_device_matching(user=user, code=code) is not None:
                outcome = Verification.VERIFIED
        elif code and _recovery_code_used(user=user, code=code):
            outcome = Verification.RECOVERY_CODE_USED
        if outcome != Verification.WRONG:
            failures.count, failures.locked_until = 0, None
            failures.save(update_fields=["count", "locked_until"])
            if outcome == Verification.RECOVERY_CODE_USED:
                security_event_record(
                    kind=SecurityEvent.Kind.RECOVERY_CODE_USED,
                    request=request,
                    user=user,
                    username=user.username,
                )
            return VerificationResult(outcome)
        security_event_record(
            kind=SecurityEvent.Kind.MFA_FAILED, request=request, user=user, username=user.username
        )
        failures.count += 1
        if failures.count < settings.AXES_FAILURE_LIMIT:
            failures.save(update_fields=["count"])
            return VerificationResult(Verification.WRONG)
        failures.count, failures.locked_until = 0, now + lockout_period()
        failures.save(update_fields=["count", "locked_until"])
        security_event_record(
            kind=SecurityEvent.Kind.LOCKED_OUT, request=request, user=user, username=user.username
        )
        return VerificationResult(Verification.LOCKED_OUT, failures.locked_until)


@dataclass(frozen=True)
class SsoSignIn:
    user: User
    roles_changed: bool
    has_access: bool


@transaction.atomic
def user_sso_sign_in(*, identity: SamlIdentity, request: HttpRequest | None) -> SsoSignIn:
    """Create or update the user an SSO assertion names and make their SSO memberships match
    its job-function roles (through the organisation file's `sso_roles`). Memberships made in
    the administration are left alone. Every role given or ended goes to the security log.
    SamlRefused for a deactivated user (the assertion cannot bring them back) and for a user
    with a password of ours (a local account is not an IdP's to sign in as)."""
    user, created = User.objects.select_for_update().get_or_create(username=identity.username)
    if not user.is_active:
        raise SamlRefused("user deactivated")
    if not created and user.has_usable_password():
        # A local account is never taken over by an assertion that happens to carry its user
        # name (ASVS 6.8.1); an administrator who moves a user to SSO turns her password off.
        raise SamlRefused("local account")
    names = {
        "first_name": identity.first_name or user.first_name,
        "last_name": identity.last_name or user.last_name,
        "email": identity.email or user.email,
    }
    changed = [name for name, value in names.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, names[name])
    if created:
        # Signs in through the IdP only; no password of ours to guess.
        user.set_unusable_password()
        user.save()
    elif changed:
        user.save(update_fields=changed)

    today = timezone.localdate()
    wanted = set(
        SsoRole.objects.filter(
            municipality__slug=settings.SAML_MUNICIPALITY, name__in=identity.roles
        ).values_list("unit_id", "role")
    )
    current = list(
        Membership.objects.filter(valid_on(today), user=user, source=Membership.Source.SSO)
    )
    held = {(m.unit_id, m.role) for m in current}
    yesterday = today - dt.timedelta(days=1)
    ended = [m for m in current if (m.unit_id, m.role) not in wanted]
    for membership in ended:
        # Ended yesterday, so not in force today; one made today was never in force.
        membership.valid_to = yesterday
        membership.valid_from = min(membership.valid_from, yesterday)
        membership.save(update_fields=["valid_from", "valid_to"])
    added = [
        Membership(user=user, unit_id=unit_id, role=role, source=Membership.Source.SSO)
        for unit_id, role in sorted(wanted - held)
    ]
    for membership in added:
        membership.full_clean()
        membership.save()
    for _membership in [*ended, *added]:
        security_event_record(
            kind=SecurityEvent.Kind.ROLE_CHANGED,
            request=request,
            user=None,
            username=user.get_username(),
        )
    has_access = Membership.objects.filter(valid_on(today), user=user).exists()
    return SsoSignIn(user=user, roles_changed=bool(ended or added), has_access=has_access)
