"""Benchmark: the pages a worker opens most, on a synthetic data set of realistic size.

Run on purpose, not in the test suite:

    uv run --frozen python benchmarks/intake_and_caseload.py       # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sporskifte_bench \
        uv run --frozen python benchmarks/intake_and_caseload.py   # PostgreSQL (emptied first!)

Data: Herning's organisation; one POLARIS worker with 35 open courses (the upper end of a
caseload), each with 30 appointments and 40 journal notes; 60 referrals waiting in POLARIS's
queue; 3,000 other citizens with courses, notes and referrals in the other units, so scoping has
to filter. The rows are bulk-inserted, bypassing the services, so the script also writes what
the services would have: each citizen's registration relation to its unit
(access.CitizenRelation) and each course's `latest_end`. Prints the median and 95th percentile
over 30 requests after one warm-up, and the number of queries (benchmarks/harness.py).
"""

import datetime as dt
from typing import TYPE_CHECKING

import harness

if TYPE_CHECKING:
    from sporskifte.accounts.models import User

RUNS = 30


def build() -> "User":
    from django.utils import timezone

    from sporskifte.access.models import CitizenRelation
    from sporskifte.accounts.models import User
    from sporskifte.citizens.models import Citizen
    from sporskifte.courses.models import Appointment, Course, JournalNote
    from sporskifte.courses.services import cap_of
    from sporskifte.organisation.models import Membership, Service, Unit
    from sporskifte.referrals.models import Referral

    harness.reset_database()
    units = {unit.slug: unit for unit in Unit.objects.all()}
    polaris, skovlyset = units["polaris"], units["skovlyset"]
    preventive = Service.objects.get(slug="social-og-sundhedsfremmende-indsats")
    day_service = Service.objects.get(slug="skovlyset-dagtilbud")
    worker = User.objects.create_user("bench")
    other = User.objects.create_user("other")
    Membership.objects.create(
        user=worker, unit=polaris, role=Membership.Role.WORKER, valid_from=dt.date(2020, 1, 1)
    )
    Membership.objects.create(
        user=other, unit=skovlyset, role=Membership.Role.WORKER, valid_from=dt.date(2020, 1, 1)
    )
    municipality = polaris.municipality
    today = timezone.localdate()
    now = timezone.now()

    def citizens(n: int, prefix: str, unit: Unit) -> list[Citizen]:
        people = Citizen.objects.bulk_create(
            Citizen(municipality=municipality, name=f"{prefix} {i}", registered_by_unit=unit)
            for i in range(n)
        )
        # What citizen_register writes: the registering unit's relation to the citizen.
        CitizenRelation.objects.bulk_create(
            (
                CitizenRelation(
                    citizen_id=person.pk,
                    unit=unit,
                    kind=CitizenRelation.Kind.REGISTRATION,
                    source_id=person.pk,
                )
                for person in people
            ),
            batch_size=2000,
        )
        return people

    def courses(people: list[Citizen], unit: Unit, service: Service, owner: User) -> list[Course]:
        made = []
        for i, person in enumerate(people):
            start = today - dt.timedelta(days=20 + i % 100)
            cap = cap_of(service, start)
            planned = today + dt.timedelta(days=60)
            made.append(
                Course(
                    municipality=municipality,
                    citizen=person,
                    service=service,
                    unit=unit,
                    responsible=owner,
                    start_date=start,
                    planned_end=min(planned, cap) if cap is not None else planned,
                    latest_end=cap,
                    agrees_to_take_part=True,
                )
            )
        return Course.objects.bulk_create(made)

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
    # The referrals name no citizen yet (a self-referral before triage), so they give no
    # relation to a citizen.
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


def main() -> None:
    harness.setup()
    worker = build()

    from django.test import Client

    from sporskifte.accounts.services import api_token_issue
    from sporskifte.courses.models import Course

    client = harness.signed_in(worker)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_issue(user=worker).plain}")
    course = Course.objects.filter(responsible=worker).select_related("citizen").first()
    if course is None:
        raise SystemExit("benchmark failed: the worker has no course")
    harness.run(
        [
            harness.Page("caseload (35 courses)", client, "/courses/", expect="Egen "),
            harness.Page("intake queue (60 waiting)", client, "/intake/polaris/", expect="BPO0000"),
            harness.Page(
                "course page (30 appts, 40 notes)",
                client,
                f"/courses/{course.pk}/",
                expect=course.citizen.name,
            ),
            harness.Page(
                "journal search", client, "/courses/journal/?q=hverdagen", expect="om hverdagen."
            ),
            harness.Page("API caseload", api, "/api/v1/caseload", expect=course.citizen.name),
        ],
        runs=RUNS,
        digits=1,
    )


if __name__ == "__main__":
    main()
