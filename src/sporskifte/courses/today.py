"""A worker's day: what needs her today, each item read through the policy and logged.

It lives in `courses` (not `accounts`, where sign-in is) because it reads appointments, notes,
courses and referrals, and `courses` is the lowest app that can import all of them."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from sporskifte.access.policy import Action, Relation
from sporskifte.access.principals import AnyActor, Principal, as_principal
from sporskifte.access.scoping import scoped, scoped_list
from sporskifte.core.errors import NotFound
from sporskifte.courses.models import Appointment, Course, JournalNote
from sporskifte.courses.rules import days_left
from sporskifte.courses.selectors import _with_contact, course_scope, warnings_for
from sporskifte.courses.warnings import CourseWarning
from sporskifte.organisation.models import Unit
from sporskifte.organisation.rules import receiving_referrals
from sporskifte.referrals.models import Referral
from sporskifte.referrals.selectors import referrals_in_scope

PURPOSE_TODAY = "Min dag"
LIMIT = 100  # per list: a day's work, not an archive


@dataclass(frozen=True)
class Deadline:
    course: Course
    days_left: int | None
    warnings: list[CourseWarning]


@dataclass(frozen=True)
class Today:
    unrecorded: list[
        Appointment
    ]  # started, still "planned": to record as held, no-show or cancelled
    later_today: list[Appointment]  # the rest of today's appointments, by time
    without_note: list[Appointment]  # held, no journal note written for them yet
    deadlines: list[Deadline]  # own courses with a warning (cap near, no plan, no contact)
    new_referrals: list[Referral]  # waiting for triage in the principal's units
    may_triage: bool


def today_for_user(*, actor: AnyActor) -> Today:
    """The principal's day; NotFound for a principal who holds no courses by role.

    Appointments are the principal's own, in courses still open that the principal may write
    in (the only ones that can be recorded or noted); deadlines are the courses the principal
    is responsible for. Each list is one query, whatever its length."""
    principal = as_principal(actor)
    if not principal.may(Relation.COURSE, Action.WRITE):
        raise NotFound()
    now = timezone.now()
    day_start = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    day_end = day_start + dt.timedelta(days=1)

    unrecorded = Q(status=Appointment.Status.PLANNED, start__lte=now)
    todays = Q(start__gte=day_start, start__lt=day_end)
    without_note = Q(status=Appointment.Status.HELD, has_note=False)
    appointments = scoped_list(
        course_scope(principal, Action.WRITE, via="course__")
        .apply(
            Appointment.objects.filter(worker_id=principal.user_id, course__ended_on__isnull=True)
        )
        .annotate(has_note=Exists(JournalNote.objects.filter(appointment_id=OuterRef("pk"))))
        .filter(unrecorded | todays | without_note)
        .select_related("course__citizen", "element", "location")
        .order_by("start", "pk")[: LIMIT * 3],
        principal=principal,
        purpose=PURPOSE_TODAY,
    )
    planned, held = Appointment.Status.PLANNED, Appointment.Status.HELD
    first = [a for a in appointments if a.status == planned and a.start <= now]
    noted = [a for a in appointments if a.status == held and not a.has_note]
    later = [a for a in appointments if a not in first and day_start <= a.start < day_end]

    return Today(
        unrecorded=first[:LIMIT],
        later_today=later[:LIMIT],
        without_note=noted[:LIMIT],
        deadlines=_deadlines(principal),
        new_referrals=_new_referrals(principal),
        may_triage=principal.may(Relation.REFERRAL, Action.WRITE),
    )


def _deadlines(principal: Principal) -> list[Deadline]:
    courses = list(
        _with_contact(
            course_scope(principal, Action.WRITE)
            .apply(Course.objects.filter(responsible_id=principal.user_id, ended_on__isnull=True))
            .select_related("citizen", "service", "coping_plan")
            .order_by(F("latest_end").asc(nulls_last=True), "start_date", "pk")
        )
    )
    today = timezone.localdate()
    warned = [(course, warnings_for(course)) for course in courses]
    shown = [(course, warnings) for course, warnings in warned if warnings][:LIMIT]
    # Only the courses shown are logged as read: the others were looked at by the rule alone.
    scoped([course for course, _ in shown], principal=principal, purpose=PURPOSE_TODAY)
    return [
        Deadline(course=course, days_left=days_left(course.latest_end, today=today), warnings=w)
        for course, w in shown
    ]


def _new_referrals(principal: Principal) -> list[Referral]:
    if not principal.may(Relation.REFERRAL, Action.WRITE):
        return []
    queryset = (
        referrals_in_scope(principal, Action.WRITE)
        .filter(status=Referral.Status.NEW, unit__in=Unit.objects.filter(receiving_referrals()))
        .select_related("citizen", "unit")
        .order_by("received_at", "pk")[:LIMIT]
    )
    return scoped_list(queryset, principal=principal, purpose=PURPOSE_TODAY)
