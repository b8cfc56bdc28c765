"""Benchmark on a large synthetic municipality: 10,000 citizens and about 500,000 journal notes.

Run on purpose (it takes minutes), not in the test suite:

    uv run --frozen python benchmarks/large_municipality.py          # SQLite, temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sporskifte_bench \
        uv run --frozen python benchmarks/large_municipality.py      # PostgreSQL (emptied first!)

BENCH_CITIZENS (default 10000) and BENCH_NOTES (default 500000) make the data set smaller for a
quick check: `BENCH_CITIZENS=300 BENCH_NOTES=5000 uv run --frozen python ...`.

It builds Herning's organisation, `generate_synthetic --citizens 10000 --seed 1` (which writes
the access relations itself), tops the journal up to 500,000 notes, and measures the leaders'
dashboard, a worker's caseload, a course page and a citizen page through Django's test client:
median and 95th percentile of 20 requests after one warm-up, and the number of SQL queries
(benchmarks/harness.py). Results go to stdout as a Markdown table.
"""

import datetime as dt
import os
import time

import harness

CITIZENS = int(os.environ.get("BENCH_CITIZENS", "10000"))
NOTES = int(os.environ.get("BENCH_NOTES", "500000"))
RUNS = 20


def build() -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from sporskifte.accounts.models import User
    from sporskifte.courses.models import Course, JournalNote
    from sporskifte.organisation.models import Membership, Unit

    harness.reset_database()
    started = time.perf_counter()
    call_command(
        "generate_synthetic", "--citizens", str(CITIZENS), "--seed", "1", "--notes-per-course", "25"
    )
    # Notes belong to a course, which the generator has already related to its citizen: the
    # top-up needs no access rows of its own.
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
        role=Membership.Role.LEADER,
        valid_from=dt.date(2020, 1, 1),
    )
    print(
        f"built in {time.perf_counter() - started:.0f} s: {JournalNote.objects.count():,} notes,"
        f" {Course.objects.count():,} courses"
    )


def main() -> None:
    harness.setup()
    build()

    from sporskifte.accounts.models import User
    from sporskifte.courses.models import Course

    worker = User.objects.get(username="syntetisk1")
    leader = User.objects.get(username="bench-leader")
    open_courses = Course.objects.filter(responsible=worker, ended_on__isnull=True)
    first_open = open_courses.select_related("citizen").first()
    course = (
        first_open or Course.objects.filter(responsible=worker).select_related("citizen").first()
    )
    if course is None:
        raise SystemExit(f"benchmark failed: {worker} has no course; raise BENCH_CITIZENS")
    as_worker, as_leader = harness.signed_in(worker), harness.signed_in(leader)
    harness.run(
        [
            harness.Page(
                "leaders' dashboard (all units, all time)", as_leader, "/reports/?start=2020-01-01"
            ),
            harness.Page(
                f"caseload ({open_courses.count()} open courses)",
                as_worker,
                "/courses/",
                expect=first_open.citizen.name if first_open else "",
            ),
            harness.Page(
                "course page", as_worker, f"/courses/{course.pk}/", expect=course.citizen.name
            ),
            harness.Page(
                "citizen page",
                as_worker,
                f"/citizens/{course.citizen_id}/",
                expect=course.citizen.name,
            ),
        ],
        runs=RUNS,
    )


if __name__ == "__main__":
    main()
