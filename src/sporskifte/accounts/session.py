"""Nothing typed is lost when a session ends: a form posted after the idle timeout is kept for
the same user through the new sign-in and put back into the page it came from.

The session store is the keeper: Django keeps an anonymous session's data through `login()`,
so what was typed lives server-side, in the same place as the session itself, and never in
the browser's storage (a shared computer in a municipality would keep it there). A signed
cookie remembers who was signed in, so the text is given back to that user only, and the
sign-in page can say why the user was signed out."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

SIGNED_IN_COOKIE = "sporskifte_signed_in"
SIGNED_IN_SALT = "sporskifte.accounts.session.signed-in"
PENDING_FORM_KEY = "sporskifte_pending_form"
# A kept form waits this long for its user to come back; after that it is dropped unread.
PENDING_FORM_HOURS = 12
NOT_KEPT = {"csrfmiddlewaretoken"}
# Why a browser that was signed in meets the sign-in page, when it is not the idle timeout:
# kept in its new, anonymous session (see session_activity.SessionLifetimeMiddleware).
SIGNED_OUT_REASON_KEY = "sporskifte_signed_out_reason"
SIGNED_OUT_BY_LIFETIME = "lifetime"


@dataclass(frozen=True)
class PendingForm:
    """What a user had typed into the form posting to `action` on `page` when the session ended."""

    action: str
    page: str
    fields: dict[str, list[str]]
    kept_at: dt.datetime

    def as_json(self) -> dict[str, Any]:
        return {"action": self.action, "fields": self.fields}


def last_signed_in_user_id(request: HttpRequest) -> int | None:
    """The user this browser was signed in as, from a signed cookie (None if none or forged)."""
    value = request.get_signed_cookie(SIGNED_IN_COOKIE, default=None, salt=SIGNED_IN_SALT)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def signed_out_by_timeout(request: HttpRequest) -> bool:
    """True when this anonymous browser was signed in and did not sign out itself."""
    return not request.user.is_authenticated and last_signed_in_user_id(request) is not None


def signed_out_by_lifetime(request: HttpRequest) -> bool:
    return request.session.get(SIGNED_OUT_REASON_KEY) == SIGNED_OUT_BY_LIFETIME


def has_pending_form(request: HttpRequest) -> bool:
    return PENDING_FORM_KEY in request.session


def _page_of(request: HttpRequest) -> str:
    """The page the form was on: the same-site referrer's path, else the start page."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _keep(request: HttpRequest) -> str:
    """Keep the posted fields for the user who was signed in; return the page to come back to."""
    page = _page_of(request)
    owner = last_signed_in_user_id(request)
    if owner is None:
        return page
    request.session[PENDING_FORM_KEY] = {
        "owner": owner,
        "action": request.path,
        "page": page,
        "fields": {
            name: request.POST.getlist(name) for name in request.POST if name not in NOT_KEPT
        },
        "kept_at": timezone.now().isoformat(),
    }
    return page


def take_pending_form(request: HttpRequest) -> PendingForm | None:
    """The form kept for this signed-in user on this page, removed from the session.

    A form kept for someone else, or kept too long ago, is dropped without being shown."""
    kept = request.session.get(PENDING_FORM_KEY)
    if not kept or not request.user.is_authenticated:
        return None
    kept_at = dt.datetime.fromisoformat(kept["kept_at"])
    stale = timezone.now() - kept_at > dt.timedelta(hours=PENDING_FORM_HOURS)
    if kept["owner"] != request.user.pk or stale:
        del request.session[PENDING_FORM_KEY]
        return None
    if request.get_full_path() != kept["page"]:
        return None
    del request.session[PENDING_FORM_KEY]
    return PendingForm(
        action=kept["action"], page=kept["page"], fields=kept["fields"], kept_at=kept_at
    )


class KeepFormThroughSignInMiddleware:
    """A POST that arrives after the session ended is redirected to sign-in (login_required);
    keep its fields, and send the user back to the page with the form, not to the POST-only
    address (which answered 405). Also keeps the signed cookie that says who was signed in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "GET" and has_pending_form(request):
            request.pending_form = take_pending_form(request)  # type: ignore[attr-defined]
        response = self.get_response(request)
        user = request.user
        if user.is_authenticated:
            if last_signed_in_user_id(request) != user.pk:
                response.set_signed_cookie(
                    SIGNED_IN_COOKIE,
                    str(user.pk),
                    salt=SIGNED_IN_SALT,
                    httponly=True,
                    secure=settings.SESSION_COOKIE_SECURE,
                    samesite="Lax",
                )
            return response
        if request.method == "POST" and self._sends_to_sign_in(response):
            page = _keep(request)
            query = urlencode({REDIRECT_FIELD_NAME: page})
            response["Location"] = f"{resolve_url(settings.LOGIN_URL)}?{query}"
        return response

    @staticmethod
    def _sends_to_sign_in(response: HttpResponse) -> bool:
        location = response.get("Location", "") if response.status_code == 302 else ""
        return urlsplit(location).path == resolve_url(settings.LOGIN_URL)


def forget_signed_in(response: HttpResponse) -> None:
    """An explicit sign-out: the sign-in page then has no timeout to explain."""
    response.delete_cookie(SIGNED_IN_COOKIE, samesite="Lax")


def session_context(request: HttpRequest) -> dict[str, object]:
    """For every page: how long the session lasts idle (the warning before it ends) and any
    form kept through the sign-in that belongs on this page."""
    return {
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "pending_form": getattr(request, "pending_form", None),
    }
