"""A synthetic municipality for the demo and benchmarks: reproducible from a seed, no real people.

Citizens get invented names and no CPR number. The mix follows what the seeds describe: most
contacts are professional referrals or self-referrals, some come from the acute line; most
courses end as "manages without support", some are handed to the granting authority; WHO-5
tends to rise and FFB limitations to fall during a course.
"""

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sporskifte.access.models import CitizenRelation
from sporskifte.accounts.models import User
from sporskifte.assessments.instruments import END_OF_COURSE, FFB, WHO5, instrument_get
from sporskifte.assessments.models import AssessmentResponse
from sporskifte.citizens.models import Citizen
from sporskifte.courses.models import Appointment, Course, JournalNote
from sporskifte.courses.services import cap_of
from sporskifte.organisation.models import Membership, Municipality, Service
from sporskifte.organisation.rules import section_82b
from sporskifte.plans.models import CopingPlan, CopingPlanVersion, Goal
from sporskifte.referrals.models import Referral

FIRST = (
    "Anna",
    "Bo",
    "Camilla",
    "Dennis",
    "Emma",
    "Frederik",
    "Gitte",
    "Hans",
    "Ida",
    "Jonas",
    "Karen",
    "Lars",
    "Maja",
    "Niels",
    "Olivia",
    "Peter",
    "Rikke",
    "Søren",
    "Tina",
    "Ulrik",
)
LAST = ("Syntetisk", "Eksempel", "Prøvesen", "Demosen", "Testrup", "Fiktivsen")
CHANNELS = (
    ("self", "citizen", 35),
    ("professional", "gp", 20),
    ("professional", "visitation", 12),
    ("professional", "health", 8),
    ("professional", "police", 5),
    ("acute_line", "acute_line", 20),
)
END_REASONS = (
    ("self_managing", 55),
    ("handed_to_granting_authority", 15),
    ("withdrew", 8),
    ("no_contact", 7),
    ("readmitted", 5),
    ("moved", 3),
    ("other", 7),
)
NOTES = (
    "Samtale om ugens struktur.",
    "Gik en tur og talte om søvn.",
    "Ledsaget til lægen.",
    "Talte om advarselstegn og hvad der hjælper.",
    "Øvede at handle ind.",
    "Kontakt til jobcenter.",
)


@dataclass
class Report:
    citizens: int = 0
    referrals: int = 0
    courses: int = 0
    appointments: int = 0
    notes: int = 0
    assessments: int = 0


def _weighted(rng: random.Random, options: tuple) -> tuple:
    return rng.choices(options, weights=[o[-1] for o in options])[0]


@transaction.atomic
def generate(
    *, citizens: int, seed: int, municipality_slug: str = "herning", notes_per_course: int = 12
) -> Report:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    zone = ZoneInfo(settings.TIME_ZONE)
    municipality = Municipality.objects.get(slug=municipality_slug)
    service = Service.objects.select_related("unit").get(section_82b(), municipality=municipality)
    unit = service.unit
    elements = list(service.elements.all())
    workers = []
    # About 30 open courses per worker, as in a real team (one worker per 200 citizens).
    for n in range(1, max(5, citizens // 200) + 1):
        worker, created = User.objects.get_or_create(
            username=f"syntetisk{n}",
            defaults={"first_name": "Syntetisk", "last_name": f"Medarbejder {n}"},
        )
        if created:
            worker.set_unusable_password()
            worker.save()
            Membership.objects.create(
                user=worker, unit=unit, role=Membership.Role.WORKER, valid_from=dt.date(2020, 1, 1)
            )
        workers.append(worker)
    today = timezone.localdate()
    ffb_themes = instrument_get(FFB).item_codes
    end_items = instrument_get(END_OF_COURSE).item_codes
    report = Report()
    people = Citizen.objects.bulk_create(
        Citizen(
            municipality=municipality,
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            registered_by_unit=unit,
            income_basis=rng.choice(
                ["foertidspension", "kontanthjaelp", "sygedagpenge", "loen", "su", "folkepension"]
            ),
            aims_for_work_or_education=rng.random() < 0.4,
        )
        for _ in range(citizens)
    )
    report.citizens = len(people)
    referrals = []
    for i, person in enumerate(people):
        channel, source, _weight = _weighted(rng, CHANNELS)
        received = dt.datetime.combine(
            today - dt.timedelta(days=rng.randint(10, 540)),
            dt.time(rng.randint(8, 22)),
            tzinfo=zone,
        )
        referrals.append(
            Referral(
                municipality=municipality,
                unit=unit,
                service=service,
                citizen=person,
                channel=channel,
                source=source,
                received_at=received,
                reason="Syntetisk henvendelse.",
                contact_name=person.name,
                receipt=f"S{seed % 1000:03d}{i:07d}",
                status=Referral.Status.ACCEPTED if rng.random() < 0.8 else Referral.Status.DECLINED,
                decided_service=service,
            )
        )
    referrals = Referral.objects.bulk_create(referrals)
    report.referrals = len(referrals)
    # The relations the intake services would have written: the unit registered each person
    # and received their referral (bulk inserts bypass the services, so they are made here).
    CitizenRelation.objects.bulk_create(
        [
            CitizenRelation(
                citizen_id=person.pk,
                unit=unit,
                kind=CitizenRelation.Kind.REGISTRATION,
                source_id=person.pk,
            )
            for person in people
        ]
        + [
            CitizenRelation(
                citizen_id=person.pk,
                unit=unit,
                kind=CitizenRelation.Kind.REFERRAL,
                source_id=referral.pk,
            )
            for person, referral in zip(people, referrals, strict=True)
        ],
        batch_size=2000,
    )
    courses = []
    for referral in referrals:
        if referral.status != Referral.Status.ACCEPTED:
            continue
        start = referral.received_at.date() + dt.timedelta(days=rng.randint(1, 14))
        cap = cap_of(service, start)
        # Most courses end within the cap (the rule's own last day); a few run over it, as a
        # real municipality's data would show.
        last = cap if cap is not None and rng.random() < 0.95 else start + dt.timedelta(days=200)
        ended = start + dt.timedelta(days=rng.randint(20, max(20, (last - start).days)))
        done = ended < today
        courses.append(
            Course(
                municipality=municipality,
                citizen=referral.citizen,
                referral=referral,
                service=service,
                unit=unit,
                responsible=rng.choice(workers),
                start_date=start,
                planned_end=cap,
                latest_end=cap,
                agrees_to_take_part=True,
                ended_on=ended if done else None,
                end_reason=_weighted(rng, END_REASONS)[0] if done else "",
            )
        )
    courses = Course.objects.bulk_create(courses)
    report.courses = len(courses)
    appointments, notes, plans, versions, goals, answers = [], [], [], [], [], []
    for course in courses:
        last_day = min(course.ended_on or today, today)
        day = course.start_date
        count = 0
        while day <= last_day and count < notes_per_course:
            start = dt.datetime.combine(day, dt.time(rng.choice([9, 10, 11, 13, 14])), tzinfo=zone)
            past = day < today
            appointments.append(
                Appointment(
                    course=course,
                    worker=course.responsible,
                    created_by=course.responsible,
                    element=rng.choice(elements) if elements else None,
                    start=start,
                    end=start + dt.timedelta(hours=1),
                    status=("held" if rng.random() < 0.88 else "no_show") if past else "planned",
                )
            )
            if past:
                notes.append(
                    JournalNote(
                        course=course,
                        author=course.responsible,
                        written_at=start + dt.timedelta(hours=1),
                        text=rng.choice(NOTES),
                    )
                )
            day += dt.timedelta(days=rng.randint(5, 10))
            count += 1
        if rng.random() < 0.85:
            plans.append((course, course.start_date + dt.timedelta(days=rng.randint(3, 25))))
        for g in range(rng.randint(0, 3)):
            goals.append(
                Goal(
                    course=course,
                    text=f"Mål {g + 1} med egne ord.",
                    theme=rng.choice(ffb_themes),
                    created_by=course.responsible,
                    status=rng.choice(["active", "achieved", "adjusted"]),
                )
            )
        baseline = rng.randint(4, 14)
        answers.append(_who5(course, course.start_date, baseline, "baseline", rng))
        if course.ended_on:
            answers.append(
                _who5(course, course.ended_on, min(25, baseline + rng.randint(-2, 8)), "end", rng)
            )
            ffb = {t: rng.randint(1, 4) for t in ffb_themes}
            answers.append(_ffb(course, course.start_date, ffb, "baseline"))
            answers.append(
                _ffb(
                    course,
                    course.ended_on,
                    {t: max(0, v - rng.choice([0, 0, 1, 1, 2])) for t, v in ffb.items()},
                    "end",
                )
            )
            answers.append(
                AssessmentResponse(
                    course=course,
                    citizen_id=course.citizen_id,
                    instrument=END_OF_COURSE,
                    instrument_version=instrument_get(END_OF_COURSE).version,
                    occasion="end",
                    answered_on=course.ended_on,
                    filled_in_by="citizen",
                    answers={k: rng.randint(2, 5) for k in end_items},
                    recorded_by=course.responsible,
                )
            )
    Appointment.objects.bulk_create(appointments, batch_size=2000)
    JournalNote.objects.bulk_create(notes, batch_size=2000)
    for course, agreed in plans:
        agreed = min(agreed, today)
        plan = CopingPlan.objects.create(
            course=course, agreed_on=agreed, recorded_by=course.responsible
        )
        versions.append(
            CopingPlanVersion(
                plan=plan,
                number=1,
                agreed_on=agreed,
                written_by=course.responsible,
                goals_in_own_words="At klare hverdagen selv.",
                warning_signs="Sover dårligt.",
            )
        )
    CopingPlanVersion.objects.bulk_create(versions, batch_size=2000)
    Goal.objects.bulk_create(goals, batch_size=2000)
    AssessmentResponse.objects.bulk_create(answers, batch_size=2000)
    report.appointments, report.notes, report.assessments = (
        len(appointments),
        len(notes),
        len(answers),
    )
    return report


def _who5(
    course: Course, day: dt.date, raw: int, occasion: str, rng: random.Random
) -> AssessmentResponse:
    raw = max(0, min(25, raw))
    score = raw * 4
    flags = [
        f for f, hit in (("likely_depression", score <= 28), ("poor_wellbeing", score <= 50)) if hit
    ]
    split = [raw // 5 + (1 if i < raw % 5 else 0) for i in range(5)]
    return AssessmentResponse(
        course=course,
        citizen_id=course.citizen_id,
        instrument=WHO5,
        instrument_version=instrument_get(WHO5).version,
        occasion=occasion,
        answered_on=day,
        filled_in_by="worker_with_citizen",
        answers={str(i + 1): v for i, v in enumerate(split)},
        raw_score=raw,
        score=score,
        flags=flags,
        recorded_by=course.responsible,
    )


def _ffb(course: Course, day: dt.date, values: dict[str, int], occasion: str) -> AssessmentResponse:
    return AssessmentResponse(
        course=course,
        citizen_id=course.citizen_id,
        instrument=FFB,
        instrument_version=instrument_get(FFB).version,
        occasion=occasion,
        answered_on=day,
        filled_in_by="worker_with_citizen",
        answers=values,
        raw_score=sum(values.values()),
        recorded_by=course.responsible,
    )
