"""The only writers of the access log and the security log.

The access log is written through `sporskifte.access.logging`, which knows the principal and
the relation that gave access; call that, inside the transaction of the change you log."""

import ipaddress
import re
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from sporskifte.audit.models import AccessLog, SecurityEvent
from sporskifte.core.ratelimit import client_key

# Ten digits, with or without the dash, not part of a longer number: anything that could be a
# CPR number is masked before it reaches a log.
CPR_LIKE = re.compile(r"(?<!\d)\d{6}[-\s]?\d{4}(?!\d)")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
CRITERIA_MAX = AccessLog._meta.get_field("criteria").max_length or 300


def loggable_text(text: str, *, limit: int = CRITERIA_MAX) -> str:
    """`text` fit for a log: CPR-like numbers masked, control characters dropped, cut to size."""
    cleaned = CONTROL.sub(" ", CPR_LIKE.sub("[CPR]", text)).strip()
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def access_log_write(entries: Iterable[AccessLog]) -> list[AccessLog]:
    """Insert the entries in one statement (a list page logs in constant queries)."""
    rows = list(entries)
    for row in rows:
        row.criteria = loggable_text(row.criteria)
    return AccessLog.objects.bulk_create(rows) if rows else []


def security_event_record(
    *,
    kind: str,
    request: HttpRequest | None,
    user: AbstractBaseUser | None = None,
    username: str = "",
) -> SecurityEvent:
    """Keep a sign-in event or a refused access with who, from where and what was asked for
    (the path only: a query string may hold search words)."""
    return SecurityEvent.objects.create(
        kind=kind,
        user_id=user.pk if user is not None else None,
        username=loggable_text(username, limit=150),
        address=_ip_or_none(client_key(request)) if request is not None else None,
        method=(request.method or "")[:10] if request is not None else "",
        path=loggable_text(request.path, limit=300) if request is not None else "",
    )


def _ip_or_none(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
