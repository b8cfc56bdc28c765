import datetime as dt
import ipaddress
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sporskifte.access.principals import (
    AnyActor,
    Principal,
    PrincipalKind,
    as_principal,
    may_administer,
)
from sporskifte.accounts.devices import device_of
from sporskifte.accounts.models import ApiToken, User, UserSession
from sporskifte.accounts.session_rules import still_alive
from sporskifte.accounts.session_store import session_key_digest
from sporskifte.audit.models import SecurityEvent
from sporskifte.audit.services import security_event_record
from sporskifte.core.errors import InvalidInput, NotFound
from sporskifte.core.ratelimit import client_key

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
    try:
        token.full_clean()
    except ValidationError as error:
        raise InvalidInput(fields=error.message_dict) from None
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


@transaction.atomic
def user_password_change(*, user: User, password: str, request: HttpRequest) -> None:
    """Set the user's own new password (already checked against the validators and the current
    password by the form). This session goes on under a new key; every other ends."""
    old_key = request.session.session_key
    user.set_password(password)
    user.save(update_fields=["password"])
    update_session_auth_hash(request, user)  # cycles the session key
    new_digest = session_key_digest(request.session.session_key or "")
    if old_key:
        UserSession.objects.filter(key_digest=session_key_digest(old_key)).update(
            key_digest=new_digest
        )
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
