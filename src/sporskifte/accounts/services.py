import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sporskifte.access.principals import AnyActor, PrincipalKind, as_principal
from sporskifte.accounts.models import ApiToken, User
from sporskifte.core.errors import NotFound

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
