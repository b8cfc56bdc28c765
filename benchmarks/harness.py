"""The harness the benchmark scripts in this folder share.

Each script answers one question on its own synthetic data set; this module does the rest:

- `setup()` configures Django before any model is imported: the database in DATABASE_URL, or a
  throw-away SQLite file (removed when the script ends);
- `reset_database()` migrates, empties the database and loads Herning's organisation;
- `signed_in(user)` gives a test client signed in as the user;
- `Page` names a page, the signed-in client that opens it and, if given, a text the answer
  must contain;
- `run(pages, runs=N)` opens each page once to warm up, then N times through Django's test
  client, then once more counting the SQL queries, and prints a Markdown table with the median
  and 95th percentile (nearest rank) in milliseconds and the queries of one request.

Every request must answer 200 (and contain the expected text): otherwise the script stops with
a non-zero exit status before it prints a number for that page, so a broken benchmark cannot
report timings of an error page.

The scripts are run on purpose, never by the test suite (no `test_` names, outside `tests/`).
"""

import atexit
import math
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.test import Client

    from sporskifte.accounts.models import User

ROOT = Path(__file__).resolve().parents[1]
# The backend that checks the password on the sign-in page, so the session names it.
SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def setup() -> None:
    """Configure Django for a benchmark run. Call before importing any model."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("ENVIRONMENT", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sporskifte.settings")
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="sporskifte-bench-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    # The test client serves static files through the finders; there is no collected
    # STATIC_ROOT (the same warning the test suite ignores).
    warnings.filterwarnings("ignore", "No directory at:", UserWarning)

    import django

    django.setup()

    from django.test.utils import setup_test_environment

    setup_test_environment()


def reset_database() -> None:
    """Migrate, empty the database (all of it: PostgreSQL too) and load Herning's organisation."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", "--no-input", verbosity=0)
    call_command("load_organisation", "herning", verbosity=0)


def signed_in(user: "User") -> "Client":
    """A test client signed in as `user` as the sign-in page would sign them in. The backend is
    named: `force_login` without one takes the first listed backend that has `get_user`,
    which need not be the one that signs staff in."""
    from django.test import Client

    client = Client()
    client.force_login(user, backend=SIGN_IN_BACKEND)
    return client


@dataclass(frozen=True)
class Page:
    label: str
    client: "Client"
    url: str
    expect: str = ""  # a text the page must contain, so an empty page cannot pass


@dataclass(frozen=True)
class Result:
    label: str
    median_ms: float
    p95_ms: float
    queries: int


def _get(page: Page) -> float:
    """Open the page once; the milliseconds the answer took. Stops the script unless the page
    answered 200 with the expected text (checked after the clock stopped)."""
    start = time.perf_counter()
    response = page.client.get(page.url)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(
            f"benchmark failed: {page.label}: {page.url} answered {response.status_code}"
        )
    if page.expect and page.expect not in response.content.decode():
        raise SystemExit(
            f"benchmark failed: {page.label}: {page.url} does not contain {page.expect!r}"
        )
    return elapsed


def measure(page: Page, *, runs: int) -> Result:
    """Warm up once, time `runs` requests, then count the queries of one more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _get(page)
    timings = [_get(page) for _ in range(runs)]
    with CaptureQueriesContext(connection) as queries:
        _get(page)
    timings.sort()
    return Result(
        label=page.label,
        median_ms=statistics.median(timings),
        p95_ms=timings[math.ceil(len(timings) * 0.95) - 1],
        queries=len(queries),
    )


def print_environment() -> None:
    from django.db import connection

    print(
        f"\ndatabase: {connection.vendor}; machine: {platform.machine()}, {os.cpu_count()} cores,"
        f" Python {platform.python_version()}"
    )


def run(pages: Sequence[Page], *, runs: int, digits: int = 0) -> list[Result]:
    """Measure each page and print the results as a Markdown table, one row per page as soon
    as it is measured."""
    print_environment()
    print(
        f"\n{runs} requests per page after one warm-up; queries of one request.\n"
        "\n| page | median ms | p95 ms | queries |\n|---|---:|---:|---:|",
        flush=True,
    )
    results = []
    for page in pages:
        result = measure(page, runs=runs)
        print(
            f"| {result.label} | {result.median_ms:.{digits}f} | {result.p95_ms:.{digits}f} |"
            f" {result.queries} |",
            flush=True,
        )
        results.append(result)
    return results
