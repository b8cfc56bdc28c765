"""The hand-computed fixture shared by the report tests (values worked out in comments)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from sporskifte.assessments.models import AssessmentResponse
from sporskifte.citizens.models import Citizen, CitizenEvent, Consent, NetworkActor
from sporskifte.courses.models import Appointment, Course, Escalation
from sporskifte.courses.services import cap_of
from sporskifte.organisation.models import Service, Unit
from sporskifte.plans.models import CopingPlan, CopingPlanVersion, Goal
from sporskifte.referrals.models import Referral

CPH = ZoneInfo("Europe/Copenhagen")


def at(month: int, day: int, hour: int = 10, year: int = 2027) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=CPH)


@pytest.fixture
def world(people, herning):
    polaris = herning["polaris"]
    Unit.objects.filter(pk=polaris.pk).update(capacity=40)
    service = Service.objects.get(slug="social-og-sundhedsfremmende-indsats")
    municipality = polaris.municipality
    n = iter(range(1000))

    def citizen(name: str) -> Citizen:
        return Citizen.objects.create(
            municipality=municipality, name=name, registered_by_unit=polaris
        )

    def referral(channel: str, source: str, received: dt.datetime, **extra) -> Referral:
        return Referral.objects.create(
            municipality=municipality,
            unit=polaris,
            service=service,
            channel=channel,
            source=source,
            received_at=received,
            reason="x",
            receipt=f"R{next(n):07d}",
            **extra,
        )

    for day in (5, 10):
        referral("self", "citizen", at(1, day))
    referral("self", "citizen", at(2, 1))
    referral("self", "citizen", at(12, 20, year=2026))  # before the period
    gp = referral("professional", "gp", at(1, 3))
    referral("professional", "police", at(3, 1))
    acute = referral(
        "acute_line",
        "acute_line",
        at(2, 1, 22),
        next_day_start=at(2, 2, 9),
        next_day_end=at(2, 2, 10),
    )
    referral("professional", "internal", at(3, 2))  # a forward, not a first contact
    self_jan10 = Referral.objects.get(received_at=at(1, 10))

    def course(
        ref: Referral, who: Citizen, start: dt.date, ended: dt.date | None = None, reason: str = ""
    ) -> Course:
        return Course.objects.create(
            municipality=municipality,
            citizen=who,
            referral=ref,
            service=service,
            unit=polaris,
            responsible=people.worker,
            start_date=start,
            planned_end=cap_of(service, start),
            latest_end=cap_of(service, start),
            ended_on=ended,
            end_reason=reason,
            agrees_to_take_part=True,
        )

    def held(c: Course, start: dt.datetime) -> None:
        Appointment.objects.create(
            course=c,
            worker=people.worker,
            created_by=people.worker,
            start=start,
            end=start + dt.timedelta(hours=1),
            status="held",
        )

    def plan(c: Course, agreed: dt.date) -> None:
        p = CopingPlan.objects.create(course=c, agreed_on=agreed, recorded_by=people.worker)
        CopingPlanVersion.objects.create(
            plan=p, number=1, agreed_on=agreed, written_by=people.worker, what_i_do="x"
        )

    def measure(
        c: Course, instrument: str, day: dt.date, answers: dict, score: int | None = None
    ) -> None:
        AssessmentResponse.objects.create(
            course=c,
            citizen=c.citizen,
            instrument=instrument,
            instrument_version="1",
            occasion="follow_up",
            answered_on=day,
            filled_in_by="citizen",
            answers=answers,
            score=score,
            recorded_by=people.worker,
        )

    # C1: gp referral 3 Jan 10:00, held 6 Jan 10:00 (3 days), 5 Jan – 30 Apr (115 days),
    # self-managing; plan on day 5; a goal; WHO-5 32 -> 56 (+24); FFB a 3->2, b 2->2 (better);
    # readmitted 15 June (within 6 months); end-of-course 4/3/5; one actor with consent in force.
    one = citizen("C1")
    c1 = course(gp, one, dt.date(2027, 1, 5), dt.date(2027, 4, 30), "self_managing")
    held(c1, at(1, 6))
    plan(c1, dt.date(2027, 1, 10))
    Goal.objects.create(course=c1, text="Gå ture", created_by=people.worker)
    measure(c1, "who5", dt.date(2027, 1, 5), {}, 32)
    measure(c1, "who5", dt.date(2027, 4, 28), {}, 56)
    measure(c1, "ffb", dt.date(2027, 1, 5), {"a": 3, "b": 2})
    measure(c1, "ffb", dt.date(2027, 4, 28), {"a": 2, "b": 2})
    measure(c1, "end_of_course", dt.date(2027, 4, 29), {"actor": 4, "manage": 3, "community": 5})
    CitizenEvent.objects.create(
        citizen=one, kind="readmitted", happened_on=dt.date(2027, 6, 15), recorded_by=people.worker
    )
    doctor = NetworkActor.objects.create(citizen=one, kind="gp", name="Dr")
    Consent.objects.create(citizen=one, actor=doctor, decision="given", scope="alt")
    job = NetworkActor.objects.create(citizen=one, kind="jobcenter", name="Job")
    Consent.objects.create(
        citizen=one, actor=job, decision="given", scope="alt", withdrawn_on=dt.date(2027, 2, 1)
    )

    # C2: acute call 1 Feb 22:00, offer 2 Feb 09-10 held (11 hours = 0.46 days), 2 Feb – 15 Mar
    # (41 days), handed to the granting authority (decided after 10 days); plan on day 27;
    # WHO-5 40 -> 44 (+4); FFB a 2->1, b 2->3 (not higher).
    two = citizen("C2")
    c2 = course(
        acute, two, dt.date(2027, 2, 2), dt.date(2027, 3, 15), "handed_to_granting_authority"
    )
    held(c2, at(2, 2, 9))
    plan(c2, dt.date(2027, 3, 1))
    measure(c2, "who5", dt.date(2027, 2, 2), {}, 40)
    measure(c2, "who5", dt.date(2027, 3, 14), {}, 44)
    measure(c2, "ffb", dt.date(2027, 2, 2), {"a": 2, "b": 2})
    measure(c2, "ffb", dt.date(2027, 3, 14), {"a": 1, "b": 3})
    Escalation.objects.create(
        course=c2,
        authority=herning["myndighed"],
        written_by=people.worker,
        written_at=at(3, 1),
        needs="x",
        resources="x",
        hopes_and_goals="x",
        tried="x",
        status="refused",
        decided_at=at(3, 11),
        decided_by=people.authority,
    )

    # C3: self-referral 10 Jan, held 20 Jan (10 days), started 12 Jan, still open; a goal.
    three = citizen("C3")
    c3 = course(self_jan10, three, dt.date(2027, 1, 12))
    held(c3, at(1, 20))
    Goal.objects.create(course=c3, text="Sove bedre", created_by=people.worker)
    return Unit.objects.filter(path__startswith=polaris.path)
