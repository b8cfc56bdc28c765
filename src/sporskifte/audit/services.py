"""The only writers of the access log and the security log.

The access log is written through `sporskifte.access.logging`, which knows the principal and
the relation that gave access; call that, inside the transaction of the change you log."""

import ipaddress
import re
import unicodedata
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from sporskifte.audit.models import AccessLog, SecurityEvent
from sporskifte.core.ratelimit import client_key

# Ten or more digits in a row, whatever single separators people type between them (spaces,
# dots, dashes, slashes): anything that could be a CPR number, or hold one, is masked before
# it reaches a log.
CPR_LIKE = re.compile(r"(?<!\d)(?:\d[\s./\-\u2010-\u2015]?){9,}\d(?!\d)")
CRITERIA_MAX = AccessLog._meta.get_field("criteria").max_length or 300


def loggable_text(text: str, *, limit: int = CRITERIA_MAX) -> str:
    """`text` fit for a log: digits in any script read as digits, CPR-like numbers masked,
    control and invisible formatting characters (such as a right-to-left override, which
    could disguise a line) dropped, cut to size."""
    text = unicodedata.normalize("NFKC", text)
    visible = "".join(" " if unicodedata.category(char) in ("Cc", "Cf") else char for char in text)
    cleaned = " ".join(CPR_LIKE.sub("[CPR]", visible).split())
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
    detail: str = "",
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
        detail=loggable_text(detail, limit=100),
    )


def _ip_or_none(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
