"""How long a session lives, in one place: the idle timeout (SESSION_COOKIE_AGE, renewed by
every request) and the absolute lifetime counted from the sign-in (ASVS 7.3.2)."""

import datetime as dt

from django.conf import settings
from django.db.models import Q

# The sessions list's "last seen" is written at most this often, to keep writes low.
LAST_SEEN_EVERY_SECONDS = 60


def absolute_lifetime() -> dt.timedelta:
    return dt.timedelta(hours=settings.SESSION_ABSOLUTE_LIFETIME_HOURS)


def lifetime_over(signed_in_at: str | None, now: dt.datetime) -> bool:
    """True once the absolute lifetime has passed since `signed_in_at` (ISO 8601, as kept in
    the session under SESSION_SIGNED_IN_AT). A session without it did not come through a
    sign-in, so it is over too."""
    if not signed_in_at:
        return True
    try:
        started = dt.datetime.fromisoformat(signed_in_at)
    except ValueError:
        return True
    return now - started >= absolute_lifetime()


def still_alive(now: dt.datetime) -> Q:
    """UserSession rows whose session may still be in use: not ended, seen within the idle
    timeout (with the slack of the throttled "last seen") and inside the absolute lifetime."""
    idle = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + LAST_SEEN_EVERY_SECONDS)
    return Q(
        ended_at__isnull=True,
        last_seen_at__gt=now - idle,
        signed_in_at__gt=now - absolute_lifetime(),
    )
