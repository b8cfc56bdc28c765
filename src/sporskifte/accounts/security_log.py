"""Sign-ins, failed sign-ins, lockouts and sign-outs into the durable security log.

Authentication happens inside Django and django-axes; their signals are the only place every
attempt passes, so the receivers are connected in AccountsConfig.ready()."""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from sporskifte.audit.models import SecurityEvent
from sporskifte.audit.services import security_event_record


def signed_in(
    sender: object, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any
) -> None:
    security_event_record(
        kind=SecurityEvent.Kind.SIGNED_IN,
        request=request,
        user=user,
        username=user.get_username(),
    )


def sign_in_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    security_event_record(
        kind=SecurityEvent.Kind.SIGN_IN_FAILED,
        request=request,
        username=str(credentials.get("username", "")),
    )


def locked_out(
    sender: object, request: HttpRequest | None, username: str | None = None, **kwargs: Any
) -> None:
    security_event_record(
        kind=SecurityEvent.Kind.LOCKED_OUT, request=request, username=username or ""
    )


def signed_out(
    sender: object,
    request: HttpRequest | None,
    user: AbstractBaseUser | None = None,
    **kwargs: Any,
) -> None:
    if user is not None:
        security_event_record(
            kind=SecurityEvent.Kind.SIGNED_OUT,
            request=request,
            user=user,
            username=user.get_username(),
        )
