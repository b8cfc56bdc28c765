"""The second factor: who owes one in this session (one rule, read by the middleware and the
pages), the session's record of a verified factor, and the passkeys' relying party.

A verified second factor lasts exactly as long as the session (idle timeout and absolute
lifetime): there is no "remember this device", so a new session always asks again."""

import datetime as dt
from enum import StrEnum

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from sporskifte.accounts import selectors
from sporskifte.accounts.authn import (
    SESSION_MFA_VERIFIED_AT,
    SESSION_NSIS_LEVEL,
    nsis_at_least_substantial,
)

RECOVERY_CODE_SALT = "sporskifte.accounts.mfa.recovery-code"


class SecondFactorStep(StrEnum):
    NONE = "none"  # nothing owed: verified, not needed, or vouched for by the SAML assertion
    VERIFY = "verify"  # a factor is enrolled and not yet verified in this session
    ENROL = "enrol"  # the user's role requires a factor and none is enrolled


def second_factor_step(
    *, required_by_role: bool, enrolled: bool, nsis_level: str | None, verified: bool
) -> SecondFactorStep:
    """The rule. An NSIS "betydelig" or "høj" assertion already included a second factor, so
    it is not asked for again; an enrolled factor is always asked for, whatever the role."""
    if verified or nsis_at_least_substantial(nsis_level):
        return SecondFactorStep.NONE
    if enrolled:
        return SecondFactorStep.VERIFY
    if required_by_role:
        return SecondFactorStep.ENROL
    return SecondFactorStep.NONE


def step_for_request(request: HttpRequest) -> SecondFactorStep:
    """The step the signed-in user of `request` owes; no query once the session is settled.
    Kept on the request, so the middleware and a page share one answer."""
    known = getattr(request, "_second_factor_step", None)
    if known is not None:
        return known
    session = request.session
    verified = bool(session.get(SESSION_MFA_VERIFIED_AT))
    nsis_level = session.get(SESSION_NSIS_LEVEL)
    user_id = request.user.pk
    if verified or nsis_at_least_substantial(nsis_level) or user_id is None:
        step = SecondFactorStep.NONE
    else:
        facts = selectors.second_factor_facts(
            user_id=user_id, required_roles=settings.MFA_REQUIRED_ROLES
        )
        step = second_factor_step(
            required_by_role=facts.required_by_role,
            enrolled=facts.enrolled,
            nsis_level=nsis_level,
            verified=False,
        )
    request._second_factor_step = step  # type: ignore[attr-defined]
    return step


def lockout_period() -> dt.timedelta:
    return dt.timedelta(hours=settings.AXES_COOLOFF_TIME)


def normalised_code(code: str) -> str:
    """What the user typed, without the spaces and hyphens an app or a print-out shows."""
    return "".join(code.split()).replace("-", "").lower()


def is_totp_code(code: str) -> bool:
    return len(code) == 6 and code.isascii() and code.isdigit()


def recovery_code_digest(code: str) -> str:
    """Recovery codes are kept as a keyed digest (django-otp's token column holds 16
    characters): a copy of the database alone does not give them away."""
    return salted_hmac(RECOVERY_CODE_SALT, normalised_code(code)).hexdigest()[:16]


def relying_party(request: HttpRequest) -> tuple[str, str]:
    """The passkeys' relying-party id and the origin the browser must report."""
    host = request.get_host()
    origin = f"{request.scheme}://{host}"
    return settings.WEBAUTHN_RP_ID or host.rsplit(":", 1)[0], origin
