"""Benchmark: the pages a worker opens most, on a synthetic data set of realistic size.

Run on purpose, not in the test suite:

    uv run python benchmarks/intake_and_caseload.py            # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sporskifte_bench \
        uv run python benchmarks/intake_and_caseload.py        # PostgreSQL (database is reset)

Data: Herning's organisation; one POLARIS worker with 35 open courses (the upper end of a
caseload), each with 30 appointments and 40 journal notes; 60 referrals waiting in POLARIS's
queue; 3,000 other citizens with courses, notes and referrals in the other units, so scoping has
to filter. Prints the median and 95th percentile over 30 requests, and the number of queries.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
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

RUNS = 30


def build() -> object:
    from sporskifte.accounts.models import User
    from sporskifte.citizens.models import Citizen
    from sporskifte.courses.models import Appointment, Course, JournalNote
    from sporskifte.organisation.models import Membership, Service, Unit
    from sporskifte.referrals.models import Referral

    call_command("migrate", verbosity=0)
    call_command("flush", "--no-input", verbosity=0)
    call_command("load_organisation", "herning", verbosity=0)
    units = {unit.slug: unit for unit in Unit.objects.all()}
    polaris, skovlyset = units["polaris"], units["skovlyset"]
    preventive = Service.objects.get(slug="social-og-sundhedsfremmende-indsats")
    day_service = Service.objects.get(slug="skovlyset-dagtilbud")
    worker = User.objects.create_user("bench")
    other = User.objects.create_user("other")
    Membership.objects.create(
        user=worker, unit=polaris, role="worker", valid_from=dt.date(2020, 1, 1)
    )
    Membership.objects.create(
        user=other, unit=skovlyset, role="worker", valid_from=dt.date(2020, 1, 1)
    )
    municipality = polaris.municipality
    today = timezone.localdate()
    now = timezone.now()

    def citizens(n: int, prefix: str, unit: Unit) -> list[Citizen]:
        return Citizen.objects.bulk_create(
            Citizen(municipality=municipality, name=f"{prefix} {i}", registered_by_unit=unit)
            for i in range(n)
        )

    def courses(people: list[Citizen], unit: Unit, service: Service, owner: User) -> list[Course]:
        return Course.objects.bulk_create(
            Course(
                municipality=municipality,
                citizen=c,
                service=service,
                unit=unit,
                responsible=owner,
                start_date=today - dt.timedelta(days=20 + i % 100),
                planned_end=today + dt.timedelta(days=60),
                agrees_to_take_part=True,
            )
            for i, c in enumerate(people)
        )

    def fill(course_list: list[Course], owner: User, appointments: int, notes: int) -> None:
        Appointment.objects.bulk_create(
            Appointment(
                course=course,
                worker=owner,
                created_by=owner,
                start=now - dt.timedelta(days=k, hours=i % 7),
                end=now - dt.timedelta(days=k, hours=i % 7) + dt.timedelta(minutes=45),
                status="held" if k else "planned",
            )
            for i, course in enumerate(course_list)
            for k in range(appointments)
        )
        JournalNote.objects.bulk_create(
            JournalNote(
                course=course,
                author=owner,
                text=f"Notat {k} om hverdagen.",
                written_at=now - dt.timedelta(days=k),
            )
            for course in course_list
            for k in range(notes)
        )

    fill(courses(citizens(35, "Egen", polaris), polaris, preventive, worker), worker, 30, 40)
    fill(courses(citizens(3000, "Anden", skovlyset), skovlyset, day_service, other), other, 5, 5)
    Referral.objects.bulk_create(
        Referral(
            municipality=municipality,
            unit=unit,
            service=service,
            channel="self",
            source="citizen",
            reason="Hjælp",
            contact_name=f"Henvendelse {i}",
            receipt=f"B{unit.slug[:2].upper()}{i:06d}",
            received_at=now - dt.timedelta(hours=i),
        )
        for unit, service, count in ((polaris, preventive, 60), (skovlyset, day_service, 3000))
        for i in range(count)
    )
    return worker


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
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(queries)


def main() -> None:
    setup_test_environment()
    worker = build()
    client = Client()
    client.force_login(worker)
    from sporskifte.courses.models import Course

    course = Course.objects.filter(responsible=worker).first()
    print(f"database: {connection.vendor}")
    print(f"{'page':<40} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, url in (
        ("caseload (35 courses)", "/courses/"),
        ("intake queue (60 waiting)", "/intake/polaris/"),
        ("course page (30 appts, 40 notes)", f"/courses/{course.pk}/"),
        ("journal search", "/courses/journal/?q=hverdagen"),
        ("API caseload", None),
    ):
        if url is None:
            from sporskifte.accounts.services import api_token_issue

            api = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_issue(user=worker).plain}")
            median, p95, count = measure(api, "/api/v1/caseload")
        else:
            median, p95, count = measure(client, url)
        print(f"{label:<40} {median:>10.1f} {p95:>8.1f} {count:>8}")


if __name__ == "__main__":
    main()
