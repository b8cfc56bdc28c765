"""Benchmark on a large synthetic municipality: 10,000 citizens and about 500,000 journal notes.

Run on purpose (it takes minutes), not in the test suite:

    uv run python bench/large_municipality.py                       # SQLite, temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sporskifte_bench \
        uv run python bench/large_municipality.py                   # PostgreSQL (reset!)

It builds Herning's organisation, `generate_synthetic --citizens 10000 --seed 1`, tops the
journal up to 500,000 notes, and measures the leaders' dashboard, a worker's caseload, a course
page and a citizen page through Django's test client: median and 95th percentile of 20 requests
after one warm-up, and the number of SQL queries. Results go to stdout as a Markdown table.
"""

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("ENVIRONMENT", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sporskifte.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

CITIZENS = int(os.environ.get("BENCH_CITIZENS", "10000"))
NOTES = int(os.environ.get("BENCH_NOTES", "500000"))
RUNS = 20


def build() -> None:
    from sporskifte.accounts.models import User
    from sporskifte.courses.models import Course, JournalNote
    from sporskifte.organisation.models import Membership, Unit

    call_command("migrate", verbosity=0)
    call_command("flush", "--no-input", verbosity=0)
    call_command("load_organisation", "herning", verbosity=0)
    started = time.perf_counter()
    call_command(
        "generate_synthetic", "--citizens", str(CITIZENS), "--seed", "1", "--notes-per-course", "25"
    )
    courses = list(Course.objects.values_list("pk", "responsible_id"))
    missing = NOTES - JournalNote.objects.count()
    now = timezone.now()
    batch = []
    for i in range(max(missing, 0)):
        course_id, author_id = courses[i % len(courses)]
        batch.append(
            JournalNote(
                course_id=course_id,
                author_id=author_id,
                text="Opfølgende notat om hverdagen.",
                written_at=now - dt.timedelta(hours=i % 9000),
            )
        )
        if len(batch) == 5000:
            JournalNote.objects.bulk_create(batch)
            batch = []
    JournalNote.objects.bulk_create(batch)
    leader = User.objects.create_user("bench-leader")
    Membership.objects.create(
        user=leader,
        unit=Unit.objects.get(slug="socialpsykiatrien"),
        role="leader",
        valid_from=dt.date(2020, 1, 1),
    )
    print(
        f"built in {time.perf_counter() - started:.0f} s: {JournalNote.objects.count():,} notes, {Course.objects.count():,} courses"
    )


def measure(client: Client, url: str) -> tuple[float, float, int]:
    client.get(url)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return statistics.median(timings), timings[int(RUNS * 0.95) - 1], len(queries)


def main() -> None:
    setup_test_environment()
    build()
    from sporskifte.accounts.models import User
    from sporskifte.courses.models import Course

    worker = User.objects.get(username="syntetisk1")
    leader = User.objects.get(username="bench-leader")
    course = (
        Course.objects.filter(responsible=worker, ended_on__isnull=True).first()
        or Course.objects.filter(responsible=worker).first()
    )
    as_worker, as_leader = Client(), Client()
    as_worker.force_login(worker)
    as_leader.force_login(leader)
    open_courses = Course.objects.filter(responsible=worker, ended_on__isnull=True).count()
    print(
        f"\ndatabase: {connection.vendor}; machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print("\n| page | median ms | p95 ms | queries |\n|---|---:|---:|---:|")
    for label, client, url in (
        ("leaders' dashboard (all units, all time)", as_leader, "/reports/?start=2020-01-01"),
        (f"caseload ({open_courses} open courses)", as_worker, "/courses/"),
        ("course page", as_worker, f"/courses/{course.pk}/"),
        ("citizen page", as_worker, f"/citizens/{course.citizen_id}/"),
    ):
        median, p95, count = measure(client, url)
        print(f"| {label} | {median:.0f} | {p95:.0f} | {count} |")


if __name__ == "__main__":
    main()
