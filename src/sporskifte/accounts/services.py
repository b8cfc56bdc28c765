import datetime as dt
import json
import secrets
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.contrib.auth import get_user_model
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

from sporskifte.access.principals import AnyActor, PrincipalKind, as_principal
from sporskifte.accounts import selectors
from sporskifte.accounts.mfa import (
    is_totp_code,
    lockout_period,
    normalised_code,
    recovery_code_digest,
)
from sporskifte.accounts.models import ApiToken, Passkey, SecondFactorFailures, User
from sporskifte.audit.models import SecurityEvent
from sporskifte.audit.services import security_event_record
from sporskifte.core.errors import InvalidInput, NotFound

TOKEN_PREFIX = "sk_"  # noqa: S105 - a public marker, not a secret


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plain: str


@transaction.atomic
def api_token_issue(*, user: User, name: str = "") -> IssuedToken:
    """Create a token for `user`; the plain token exists only in the return value."""
    prefix = secrets.token_hex(4)
    plain = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, digest=ApiToken.digest_of(plain)
    )
    return IssuedToken(token=token, plain=plain)


@transaction.atomic
def api_token_revoke(*, prefix: str) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(prefix=prefix).first()
    if token is None:
        raise NotFound(_("Der findes ingen API-nøgle med det præfiks."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(*, plain: str) -> User | None:
    """The active user behind a valid, unrevoked token, or None."""
    if not plain.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(plain), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Touch at most once a minute so that a busy client does not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


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
    Passkey.objects.create(
        user=user,
        name=name,
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
    )
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
        credential_id = str(json.loads(response)["id"])
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
