"""A fixed-window rate limit on the shared cache, for the public forms.

Counts are kept per scope and client under a hashed key (no address is stored in clear)."""

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest


def client_key(request: HttpRequest) -> str:
    # REMOTE_ADDR is the client as the app server sees it; a deployment behind a proxy must
    # set it from the proxy's header there (docs/operations.md), never trust it from clients.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limit_exceeded(*, scope: str, client: str, limit: int, period_seconds: int) -> bool:
    """Count one attempt by `client`; True when this attempt is over `limit` in the window."""
    window = int(time.time() // period_seconds)
    digest = hashlib.sha256(client.encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{window}:{digest}"
    if cache.add(key, 1, timeout=period_seconds):
        return limit < 1
    try:
        return cache.incr(key) > limit
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=period_seconds)
        return limit < 1
