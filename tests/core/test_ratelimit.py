"""The rate limit's rule: a place is kept only when the guarded work succeeds."""

import pytest
from django.core.cache import cache

from sporskifte.core.errors import RateLimited
from sporskifte.core.ratelimit import EVERYONE, Window, count_if_successful


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def window(client: str = "192.0.2.1", limit: int = 2) -> Window:
    return Window("test", client, limit, 3600)


def succeed(*windows: Window) -> bool:
    try:
        with count_if_successful(*windows):
            return True
    except RateLimited:
        return False


def test_successes_count_until_the_window_is_full() -> None:
    assert [succeed(window()) for _ in range(3)] == [True, True, False]


def test_work_that_fails_gives_its_place_back() -> None:
    for _ in range(5):
        with pytest.raises(ValueError, match="typo"), count_if_successful(window()):
            raise ValueError("the user's typo")
    assert [succeed(window()) for _ in range(3)] == [True, True, False]


def test_a_full_window_refuses_before_the_work_runs() -> None:
    assert succeed(window(limit=0)) is False
    ran = []
    with pytest.raises(RateLimited), count_if_successful(window(limit=0)):
        ran.append(True)
    assert ran == []


def test_a_refusal_by_the_ceiling_gives_back_the_address_place() -> None:
    ceiling = window(EVERYONE, limit=1)
    assert succeed(window("192.0.2.1"), ceiling)
    assert not succeed(window("192.0.2.2"), ceiling)
    ceiling_raised = window(EVERYONE, limit=5)
    # The refused address had its place given back: two more fit under its limit of two.
    assert succeed(window("192.0.2.2"), ceiling_raised)
    assert succeed(window("192.0.2.2"), ceiling_raised)
    assert not succeed(window("192.0.2.2"), ceiling_raised)


def test_no_address_is_kept_in_clear() -> None:
    key = window("192.0.2.1").key(0)
    assert "192.0.2.1" not in key
    assert key.startswith("ratelimit:test:0:")
