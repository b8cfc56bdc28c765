import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sporskifte.access.principals import AnyActor, PrincipalKind, as_principal
from sporskifte.accounts.models import ApiToken, User
from sporskifte.accounts.saml import SamlIdentity, SamlRefused
from sporskifte.audit.models import SecurityEvent
from sporskifte.audit.services import security_event_record
from sporskifte.core.errors import NotFound
from sporskifte.organisation.models import Membership, SsoRole
from sporskifte.organisation.rules import valid_on

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
    SamlRefused for a deactivated user: the assertion cannot bring them back."""
    user, created = User.objects.select_for_update().get_or_create(username=identity.username)
    if not user.is_active:
        raise SamlRefused("user deactivated")
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
