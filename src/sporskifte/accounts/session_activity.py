"""What happens to a signed-in session between sign-in and sign-out: it is recorded at
sign-in (for the user's sessions page), its "last seen" follows the user, and it ends at
the absolute lifetime whatever the user does.

The sign-in and sign-out receivers are connected in AccountsConfig.ready(): every way of
signing in (the password form, SAML, a test's force_login) passes `user_logged_in`."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from sporskifte.accounts import services
from sporskifte.accounts.authn import SESSION_SIGNED_IN_AT
from sporskifte.accounts.models import User
from sporskifte.accounts.session import SIGNED_OUT_BY_LIFETIME, SIGNED_OUT_REASON_KEY
from sporskifte.accounts.session_rules import LAST_SEEN_EVERY_SECONDS, lifetime_over

# When "last seen" was last written for this session (epoch seconds), so most requests
# write nothing beyond the session they save anyway.
SESSION_LAST_SEEN_AT = "sporskifte_last_seen_at"


def signed_in(
    sender: object, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any
) -> None:
    if request is None or not hasattr(request, "session") or not isinstance(user, User):
        return
    now = timezone.now()
    request.session[SESSION_SIGNED_IN_AT] = now.isoformat()
    request.session[SESSION_LAST_SEEN_AT] = now.timestamp()
    request.session.pop(SIGNED_OUT_REASON_KEY, None)
    services.user_session_start(user=user, request=request, at=now)


def signed_out(sender: object, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and getattr(request, "session", None) is not None:
        key = request.session.session_key
        if key:
            services.user_session_signed_out(session_key=key)


class SessionLifetimeMiddleware:
    """After AuthenticationMiddleware: a request past the absolute lifetime is signed out
    before any view runs, so login_required sends it to the sign-in page; a form it posted is
    kept through the new sign-in (KeepFormThroughSignInMiddleware, which runs after this),
    and the sign-in page says why (SIGNED_OUT_REASON_KEY in the new, anonymous session)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and isinstance(user, User):
            now = timezone.now()
            if lifetime_over(request.session.get(SESSION_SIGNED_IN_AT), now):
                services.user_session_lifetime_end(user=user, request=request)
                request.session.flush()
                request.user = AnonymousUser()
                request.session[SIGNED_OUT_REASON_KEY] = SIGNED_OUT_BY_LIFETIME
            elif (
                now.timestamp() - request.session.get(SESSION_LAST_SEEN_AT, 0)
                >= LAST_SEEN_EVERY_SECONDS
            ):
                request.session[SESSION_LAST_SEEN_AT] = now.timestamp()
                if request.session.session_key:
                    services.user_session_seen(session_key=request.session.session_key, at=now)
        return self.get_response(request)
