"""Reads of courses, scoped and logged. Staff of the course's unit see it; the granting
authority sees the courses handed to it through their escalations."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import DateTimeField, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from sporskifte.core.access import scoped_get, scoped_list, units_in_scope
from sporskifte.core.types import Actor
from sporskifte.courses.models import Appointment, CalendarFeed, Course, Escalation, JournalNote
from sporskifte.courses.services import COURSE_ROLES, calendar_feed_digest
from sporskifte.courses.warnings import CourseWarning, course_warnings
from sporskifte.organisation.models import Membership

PURPOSE_CASELOAD = "Mine forløb"
PURPOSE_COURSE = "Forløb"
PURPOSE_JOURNAL_SEARCH = "Søgning i journalen"
PURPOSE_ESCALATIONS = "Overdragelser til bevillingsmyndigheden"


def courses_in_scope(user: Actor) -> QuerySet[Course]:
    units = units_in_scope(user, roles=COURSE_ROLES)
    authority_units = units_in_scope(user, roles=[Membership.Role.GRANTING_AUTHORITY])
    return Course.objects.filter(
        Q(unit__in=units) | Q(escalations__authority__in=authority_units)
    ).distinct()


def _with_contact(queryset: QuerySet[Course]) -> QuerySet[Course]:
    now = timezone.now()
    next_appointment = (
        Appointment.objects.filter(
            course=OuterRef("pk"), status=Appointment.Status.PLANNED, start__gte=now
        )
        .order_by("start")
        .values("start")[:1]
    )
    last_held = (
        Appointment.objects.filter(course=OuterRef("pk"), status=Appointment.Status.HELD)
        .values("course")
        .annotate(last=Max("start"))
        .values("last")
    )
    last_note = (
        JournalNote.objects.filter(course=OuterRef("pk"))
        .values("course")
        .annotate(last=Max("written_at"))
        .values("last")
    )
    return queryset.annotate(
        next_appointment=Subquery(next_appointment, output_field=DateTimeField()),
        last_held=Subquery(last_held, output_field=DateTimeField()),
        last_note=Subquery(last_note, output_field=DateTimeField()),
    )


@dataclass(frozen=True)
class CaseloadRow:
    course: Course
    next_appointment: dt.datetime | None
    days_left: int | None
    warnings: list[CourseWarning]


def _last_contact(course: Course) -> dt.date | None:
    moments = [m for m in (course.last_held, course.last_note) if m is not None]  # type: ignore[attr-defined]
    return timezone.localtime(max(moments)).date() if moments else None


def caseload_for_user(*, user: Actor) -> list[CaseloadRow]:
    """The user's open courses (responsible for), with next appointment, days left and warnings."""
    queryset = _with_contact(
        Course.objects.filter(responsible_id=user.pk, ended_on__isnull=True)
        .filter(unit__in=units_in_scope(user, roles=COURSE_ROLES))
        .select_related("citizen", "service", "unit", "coping_plan", "responsible")
        .prefetch_related("elements")
        .order_by("start_date", "pk")
    )
    today = timezone.localdate()
    rows = []
    for course in scoped_list(queryset, user=user, purpose=PURPOSE_CASELOAD):
        plan = getattr(course, "coping_plan", None)
        latest = course.latest_end
        rows.append(
            CaseloadRow(
                course=course,
                next_appointment=course.next_appointment,  # type: ignore[attr-defined]
                days_left=(latest - today).days if latest else None,
                warnings=course_warnings(
                    today=today,
                    start=course.start_date,
                    latest_end=latest,
                    plan_agreed_on=plan.agreed_on if plan else None,
                    last_contact=_last_contact(course),
                ),
            )
        )
    return rows


def course_get_for_user(*, user: Actor, course_id: int) -> Course:
    queryset = (
        _with_contact(courses_in_scope(user))
        .select_related(
            "citizen", "service", "unit", "responsible", "referral", "grant", "coping_plan"
        )
        .prefetch_related(
            "elements",
            "service__elements",
            Prefetch(
                "appointments",
                queryset=Appointment.objects.select_related("worker", "element", "location"),
            ),
            Prefetch(
                "notes",
                queryset=JournalNote.objects.select_related(
                    "author", "element", "edited_by"
                ).prefetch_related("versions__written_by"),
            ),
            Prefetch(
                "escalations",
                queryset=Escalation.objects.select_related("granted_service", "decided_by"),
            ),
        )
    )
    return scoped_get(queryset, user=user, purpose=PURPOSE_COURSE, pk=course_id)


def course_warnings_for(course: Course) -> list[CourseWarning]:
    plan = getattr(course, "coping_plan", None)
    return course_warnings(
        today=timezone.localdate(),
        start=course.start_date,
        latest_end=course.latest_end,
        plan_agreed_on=plan.agreed_on if plan else None,
        last_contact=_last_contact(course),
    )


def appointment_get_for_user(*, user: Actor, appointment_id: int) -> Appointment:
    courses = courses_in_scope(user).values("pk")
    return scoped_get(
        Appointment.objects.filter(course__in=courses).select_related("course"),
        user=user,
        purpose=PURPOSE_COURSE,
        pk=appointment_id,
    )


def journal_note_get_for_user(*, user: Actor, note_id: int) -> JournalNote:
    courses = courses_in_scope(user).values("pk")
    return scoped_get(
        JournalNote.objects.filter(course__in=courses)
        .select_related("course__service", "element")
        .prefetch_related("versions__written_by"),
        user=user,
        purpose=PURPOSE_COURSE,
        pk=note_id,
    )


def journal_search_for_user(*, user: Actor, text: str, limit: int = 50) -> list[JournalNote]:
    """Notes in the user's scope that contain `text` (case-insensitive), newest first."""
    text = text.strip()
    if not text:
        return []
    courses = courses_in_scope(user).values("pk")
    queryset = (
        JournalNote.objects.filter(course__in=courses, text__icontains=text)
        .select_related("course__citizen", "author")
        .order_by("-written_at", "-pk")[:limit]
    )
    return scoped_list(queryset, user=user, purpose=PURPOSE_JOURNAL_SEARCH)


def escalation_queue_for_user(*, user: Actor) -> list[Escalation]:
    units = units_in_scope(user, roles=[Membership.Role.GRANTING_AUTHORITY])
    queryset = (
        Escalation.objects.filter(authority__in=units)
        .select_related("course__citizen", "course__unit", "recommended_service", "written_by")
        .order_by("status", "written_at", "pk")
    )
    return scoped_list(queryset, user=user, purpose=PURPOSE_ESCALATIONS)


def escalation_get_for_user(*, user: Actor, escalation_id: int) -> Escalation:
    authority_units = units_in_scope(user, roles=[Membership.Role.GRANTING_AUTHORITY])
    course_units = units_in_scope(user, roles=COURSE_ROLES)
    queryset = Escalation.objects.filter(
        Q(authority__in=authority_units) | Q(course__unit__in=course_units)
    ).select_related(
        "course__citizen", "course__unit", "course__service", "recommended_service", "written_by"
    )
    return scoped_get(queryset, user=user, purpose=PURPOSE_ESCALATIONS, pk=escalation_id)


def week_for_user(*, user: Actor, monday: dt.date) -> list[Appointment]:
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time.min))
    end = start + dt.timedelta(days=7)
    queryset = (
        Appointment.objects.filter(worker_id=user.pk, start__gte=start, start__lt=end)
        .filter(course__unit__in=units_in_scope(user, roles=COURSE_ROLES))
        .exclude(status=Appointment.Status.CANCELLED)
        .select_related("course__citizen", "element", "location")
        .order_by("start")
    )
    return scoped_list(queryset, user=user, purpose=PURPOSE_CASELOAD)


def feed_appointments(*, secret: str) -> list[Appointment] | None:
    """The appointments of the worker whose secret link this is; None for an unknown link.
    The feed holds no names or CPR, so reading it is not a read of citizen data."""
    feed = CalendarFeed.objects.filter(digest=calendar_feed_digest(secret)).first()
    if feed is None:
        return None
    since = timezone.now() - dt.timedelta(days=30)
    return list(
        Appointment.objects.filter(worker_id=feed.worker_id, start__gte=since)
        .exclude(status=Appointment.Status.CANCELLED)
        .select_related("element", "location", "course__unit")
        .order_by("start")[:1000]
    )
