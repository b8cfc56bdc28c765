import datetime as dt
import secrets
from dataclasses import dataclass

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sporskifte.access.principals import AnyActor, Principal, PrincipalKind, as_principal
from sporskifte.accounts.models import ApiToken, User
from sporskifte.audit.models import SecurityEvent
from sporskifte.audit.services import security_event_record
from sporskifte.core.errors import InvalidInput, NotFound

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
