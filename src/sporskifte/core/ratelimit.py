"""Fixed-window rate limits on the shared cache, for the public forms.

Counts are kept per scope and client under a hashed key (no address is stored in clear). A
place is taken before the guarded work runs and given back when it fails, so only successful
work counts and concurrent requests cannot slip past a full window."""

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest

from sporskifte.core.errors import RateLimited

EVERYONE = "*"  # the client of a ceiling shared by all addresses


def client_key(request: HttpRequest) -> str:
    # REMOTE_ADDR is the client as the app server sees it; a deployment behind a proxy must
    # set it from the proxy's header there (docs/operations.md), never trust it from clients.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@dataclass(frozen=True)
class Window:
    """At most `limit` successes by `client` in `scope` per fixed period."""

    scope: str
    client: str
    limit: int
    period_seconds: int

    def key(self, now: float) -> str:
        window = int(now // self.period_seconds)
        digest = hashlib.sha256(self.client.encode()).hexdigest()[:32]
        return f"ratelimit:{self.scope}:{window}:{digest}"


def _take(window: Window, key: str) -> bool:
    """Count one in the window; False, with nothing counted, when it is full."""
    if cache.add(key, 1, timeout=window.period_seconds):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the key expired between add and incr
            cache.add(key, 1, timeout=window.period_seconds)
            count = 1
    if count > window.limit:
        _give_back(key)
        return False
    return True


def _give_back(key: str) -> None:
    # A ValueError: the window has ended meanwhile, so there is nothing left to give back.
    with suppress(ValueError):
        cache.decr(key)


@contextmanager
def count_if_successful(*windows: Window) -> Iterator[None]:
    """Run the block holding one place in each window: kept when the block succeeds, given
    back when it raises. RateLimited, before the block runs, when a window is full."""
    now = time.time()
    held: list[str] = []
    try:
        for window in windows:
            key = window.key(now)
            if not _take(window, key):
                raise RateLimited()
            held.append(key)
        yield
    except BaseException:
        for key in held:
            _give_back(key)
        raise
