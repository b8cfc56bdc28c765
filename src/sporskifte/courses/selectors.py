"""Reads of courses, through the access policy and logged.

Staff of the unit holding a course reach it through the COURSE relation; the granting
authority reaches a course handed to it through the ESCALATION relation (read only, while the
escalation waits and after a grant). `course_scope` states both once, for courses and for the
rows that belong to a course (appointments, notes, plans, goals, answers)."""

import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    F,
    IntegerField,
    Max,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.utils import timezone
from django.utils.translation import gettext as _

from sporskifte.access.log import log_reads, log_search
from sporskifte.access.models import CitizenRelation
from sporskifte.access.policy import Access, Action, Relation
from sporskifte.access.principals import AnyActor, Principal, PrincipalKind, as_principal
from sporskifte.access.scoping import annotated_access, scoped_get, scoped_list, with_access
from sporskifte.core.errors import NotFound
from sporskifte.courses.ical import calendar_feed_digest
from sporskifte.courses.models import Appointment, CalendarFeed, Course, Escalation, JournalNote
from sporskifte.courses.rules import days_left
from sporskifte.courses.warnings import CourseWarning, course_warnings
from sporskifte.referrals.models import Referral

M = TypeVar("M", bound=Model)

PURPOSE_CASELOAD = "Mine forløb"
PURPOSE_COURSE = "Forløb"
PURPOSE_JOURNAL_SEARCH = "Søgning i journalen"
PURPOSE_ESCALATIONS = "Overdragelser til bevillingsmyndigheden"


def _handed_over(principal: Principal, action: Action) -> QuerySet[Escalation] | None:
    """Escalations whose granting-authority relation lets the principal do `action`."""
    units = principal.unit_ids(Relation.ESCALATION, action)
    if not units:
        return None
    sources = CitizenRelation.objects.filter(
        kind=CitizenRelation.Kind.ESCALATION, until__isnull=True, unit_id__in=units
    ).values("source_id")
    return Escalation.objects.filter(pk__in=sources)


@dataclass(frozen=True)
class CourseScope:
    """Which rows a principal may reach for an action, and through which relation."""

    rows: Q
    relation: Combinable
    unit: Combinable

    def apply(self, queryset: QuerySet) -> QuerySet:
        return with_access(queryset.filter(self.rows), relation=self.relation, unit=self.unit)


def course_scope(actor: AnyActor, action: Action, *, via: str = "") -> CourseScope:
    """Courses (or, with `via="course__"`, rows of a course) the principal may do `action` on."""
    principal = as_principal(actor)
    if principal.kind == PrincipalKind.SYSTEM:
        # A job reaches every course for what the policy gives the system role (reading).
        allowed = principal.may(Relation.SYSTEM, action)
        return CourseScope(
            rows=Q() if allowed else Q(pk__in=[]),
            relation=Value(str(Relation.SYSTEM)),
            unit=Value(None, output_field=IntegerField()),
        )
    course_pk = f"{via}pk" if not via else f"{via.removesuffix('__')}_id"
    own = Q(**{f"{via}unit_id__in": principal.unit_ids(Relation.COURSE, action)})
    handed_over = _handed_over(principal, action)
    if handed_over is None:
        return CourseScope(rows=own, relation=Value(str(Relation.COURSE)), unit=F(f"{via}unit_id"))
    via_escalation = Q(**{f"{course_pk}__in": handed_over.values("course_id")})
    relation = Case(
        When(own, then=Value(str(Relation.COURSE))),
        default=Value(str(Relation.ESCALATION)),
        output_field=CharField(),
    )
    unit = Case(
        When(own, then=F(f"{via}unit_id")),
        default=Subquery(
            handed_over.filter(course_id=OuterRef(course_pk)).values("authority_id")[:1]
        ),
        output_field=IntegerField(),
    )
    return CourseScope(rows=own | via_escalation, relation=relation, unit=unit)


def course_access(actor: AnyActor, course: Course, action: Action) -> Access:
    """The relation that lets the principal do `action` on the course; NotFound otherwise.
    Services ask this before they write, whatever the caller fetched the course for."""
    principal = as_principal(actor)
    if principal.kind == PrincipalKind.SYSTEM and principal.may(Relation.SYSTEM, action):
        return Access(Relation.SYSTEM)
    if course.unit_id in principal.unit_ids(Relation.COURSE, action):
        return Access(Relation.COURSE, course.unit_id)
    handed_over = _handed_over(principal, action)
    authority = (
        handed_over.filter(course_id=course.pk).values_list("authority_id", flat=True).first()
        if handed_over is not None
        else None
    )
    if authority is None:
        raise NotFound()
    return Access(Relation.ESCALATION, authority)


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


def warnings_for(course: Course) -> list[CourseWarning]:
    """The course's warnings today (from a course fetched with its last contact)."""
    plan = getattr(course, "coping_plan", None)
    return course_warnings(
        today=timezone.localdate(),
        start=course.start_date,
        ended_on=course.ended_on,
        latest_end=course.latest_end,
        plan_agreed_on=plan.agreed_on if plan else None,
        last_contact=_last_contact(course),
    )


def caseload_for_user(*, actor: AnyActor) -> list[CaseloadRow]:
    """The principal's open courses (responsible for), with next appointment, days left and
    warnings. NotFound for a principal who holds no courses by role."""
    principal = as_principal(actor)
    # Reading one's caseload is a read (a read-only API token may); the roles that read
    # courses are the roles that hold them.
    if not principal.may(Relation.COURSE, Action.READ):
        raise NotFound()
    queryset = _with_contact(
        course_scope(principal, Action.READ)
        .apply(Course.objects.filter(responsible_id=principal.user_id, ended_on__isnull=True))
        .select_related("citizen", "service", "unit", "coping_plan", "responsible")
        .prefetch_related("elements")
        .order_by("start_date", "pk")
    )
    today = timezone.localdate()
    return [
        CaseloadRow(
            course=course,
            next_appointment=course.next_appointment,  # type: ignore[attr-defined]
            days_left=days_left(course.latest_end, today=today),
            warnings=warnings_for(course),
        )
        for course in scoped_list(queryset, principal=principal, purpose=PURPOSE_CASELOAD)
    ]


def courses_of_citizen(*, actor: AnyActor, citizen_id: int) -> list[Course]:
    """The citizen's courses the principal may read, newest first, with their plans."""
    principal = as_principal(actor)
    queryset = (
        course_scope(principal, Action.READ)
        .apply(Course.objects.filter(citizen_id=citizen_id))
        .select_related("service", "unit", "coping_plan")
        .order_by("-start_date", "-pk")
    )
    return scoped_list(queryset, principal=principal, purpose=PURPOSE_COURSE)


def course_readable(*, actor: AnyActor, course_id: int) -> bool:
    """May the principal read the course (and so its plan and the citizen's progress)? Pages
    ask this before they link to it; nothing of the course is read, so nothing is logged."""
    scope = course_scope(actor, Action.READ)
    return Course.objects.filter(scope.rows, pk=course_id).exists()


def handover_draft(*, actor: AnyActor, course: Course) -> str:
    """The hand-over's "hopes, dreams and goals" as the plan has them: the newest agreed plan's
    hopes and goals and the course's active goals, each in the citizen's words. The plan is
    read through the course's own relation and logged as a read for the hand-over."""
    principal = as_principal(actor)
    access = course_access(principal, course, Action.WRITE)
    plan = getattr(course, "coping_plan", None)
    version = plan.versions.first() if plan is not None else None
    goals = [goal for goal in course.goals.all() if goal.status == "active"]
    parts = []
    if version is not None and version.hopes_and_dreams.strip():
        parts.append(_("Håb og drømme: %(text)s") % {"text": version.hopes_and_dreams.strip()})
    if version is not None and version.goals_in_own_words.strip():
        parts.append(_("Mål: %(text)s") % {"text": version.goals_in_own_words.strip()})
    if goals:
        parts.append("\n".join(f"- {goal.text}" for goal in goals))
    reads: list[tuple[Model, Access]] = [(goal, access) for goal in goals]
    if version is not None:
        reads.append((version, access))
    log_reads(principal=principal, reads=reads, purpose=PURPOSE_ESCALATIONS)
    return "\n\n".join(parts)


def pending_grant(referral: Referral) -> Escalation | None:
    """The granted escalation a course of the referral's service starts on: the oldest grant of
    that service to the citizen that no course has used yet. The caller has fetched the referral
    through its scope (the grant is the reason the referral exists), so this asks no policy."""
    if referral.citizen_id is None or referral.decided_service_id is None:
        return None
    return (
        Escalation.objects.filter(
            course__citizen_id=referral.citizen_id,
            status=Escalation.Status.GRANTED,
            granted_service_id=referral.decided_service_id,
            granted_course__isnull=True,
        )
        .order_by("decided_at")
        .first()
    )


def course_get_for_user(*, actor: AnyActor, course_id: int, action: Action = Action.READ) -> Course:
    principal = as_principal(actor)
    queryset = (
        _with_contact(course_scope(principal, action).apply(Course.objects.all()))
        .select_related(
            "citizen", "service", "unit", "responsible", "referral", "grant", "coping_plan"
        )
        .prefetch_related(
            "elements",
            "service__elements",
            "unit__locations",
            Prefetch(
                "appointments",
                queryset=Appointment.objects.select_related("worker", "element", "location"),
            ),
            Prefetch(
                "notes",
                queryset=JournalNote.objects.select_related(
                    "author", "element", "edited_by", "appointment"
                ).prefetch_related("versions__written_by"),
            ),
            Prefetch(
                "escalations",
                queryset=Escalation.objects.select_related("granted_service", "decided_by"),
            ),
        )
    )
    return scoped_get(queryset, principal=principal, purpose=PURPOSE_COURSE, pk=course_id)


def _part_get(queryset: QuerySet[M], actor: AnyActor, action: Action, pk: int) -> M:
    principal = as_principal(actor)
    scoped = course_scope(principal, action, via="course__").apply(queryset)
    return scoped_get(scoped, principal=principal, purpose=PURPOSE_COURSE, pk=pk)


def appointment_get_for_user(
    *, actor: AnyActor, appointment_id: int, action: Action = Action.READ
) -> Appointment:
    return _part_get(Appointment.objects.select_related("course"), actor, action, appointment_id)


def journal_note_get_for_user(
    *, actor: AnyActor, note_id: int, action: Action = Action.READ
) -> JournalNote:
    return _part_get(
        JournalNote.objects.select_related(
            "course__service", "course__citizen", "element"
        ).prefetch_related("versions__written_by"),
        actor,
        action,
        note_id,
    )


def journal_search_for_user(*, actor: AnyActor, text: str, limit: int = 50) -> list[JournalNote]:
    """Notes the principal may read that contain `text` (case-insensitive), newest first.
    The search is logged with its words, once per unit whose relation it searched through."""
    principal = as_principal(actor)
    if not (
        principal.may(Relation.COURSE, Action.READ)
        or principal.may(Relation.ESCALATION, Action.READ)
    ):
        raise NotFound()
    text = text.strip()
    if not text:
        return []
    for relation in (Relation.COURSE, Relation.ESCALATION):
        units = principal.grant_unit_ids(relation, Action.READ)
        if units:
            log_search(
                principal,
                relation=relation,
                unit_ids=units,
                object_type=JournalNote._meta.label_lower,
                purpose=PURPOSE_JOURNAL_SEARCH,
                criteria=text,
            )
    queryset = (
        course_scope(principal, Action.READ, via="course__")
        .apply(JournalNote.objects.filter(text__icontains=text))
        .select_related("course__citizen", "author")
        .order_by("-written_at", "-pk")[:limit]
    )
    return scoped_list(queryset, principal=principal, purpose=PURPOSE_JOURNAL_SEARCH)


def _escalations_in_scope(principal: Principal, action: Action) -> QuerySet[Escalation]:
    own = Q(course__unit_id__in=principal.unit_ids(Relation.COURSE, action))
    handed_over = _handed_over(principal, action)
    if handed_over is None:
        return with_access(
            Escalation.objects.filter(own),
            relation=Value(str(Relation.COURSE)),
            unit="course__unit_id",
        )
    to_me = Q(pk__in=handed_over.values("pk"))
    return with_access(
        Escalation.objects.filter(own | to_me),
        relation=Case(
            When(to_me, then=Value(str(Relation.ESCALATION))),
            default=Value(str(Relation.COURSE)),
            output_field=CharField(),
        ),
        unit=Case(
            When(to_me, then=F("authority_id")),
            default=F("course__unit_id"),
            output_field=IntegerField(),
        ),
    )


def escalation_queue_for_user(*, actor: AnyActor) -> list[Escalation]:
    """The escalations handed to the principal's granting authority: waiting ones first, then
    granted ones it follows up on (a refusal ends the relation)."""
    principal = as_principal(actor)
    if not principal.may(Relation.ESCALATION, Action.DECIDE):
        raise NotFound()
    handed_over = _handed_over(principal, Action.READ)
    if handed_over is None:
        return []
    queryset = with_access(handed_over, relation=Relation.ESCALATION, unit="authority_id")
    queryset = queryset.select_related(
        "course__citizen", "course__unit", "recommended_service", "written_by"
    ).order_by("status", "written_at", "pk")
    return scoped_list(queryset, principal=principal, purpose=PURPOSE_ESCALATIONS)


def escalation_get_for_user(
    *, actor: AnyActor, escalation_id: int, action: Action = Action.READ
) -> Escalation:
    principal = as_principal(actor)
    queryset = _escalations_in_scope(principal, action).select_related(
        "course__citizen", "course__unit", "course__service", "recommended_service", "written_by"
    )
    return scoped_get(queryset, principal=principal, purpose=PURPOSE_ESCALATIONS, pk=escalation_id)


def escalation_access(actor: AnyActor, escalation: Escalation, action: Action) -> Access:
    """The relation that lets the principal do `action` on the escalation; NotFound otherwise."""
    principal = as_principal(actor)
    found = _escalations_in_scope(principal, action).filter(pk=escalation.pk).first()
    if found is None:
        raise NotFound()
    return annotated_access(found)


def week_for_user(*, actor: AnyActor, monday: dt.date) -> list[Appointment]:
    principal = as_principal(actor)
    if not principal.may(Relation.COURSE, Action.WRITE):
        raise NotFound()
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time.min))
    end = start + dt.timedelta(days=7)
    queryset = (
        course_scope(principal, Action.READ, via="course__")
        .apply(
            Appointment.objects.filter(
                worker_id=principal.user_id, start__gte=start, start__lt=end
            ).exclude(status=Appointment.Status.CANCELLED)
        )
        .select_related("course__citizen", "element", "location")
        .order_by("start")
    )
    return scoped_list(queryset, principal=principal, purpose=PURPOSE_CASELOAD)


def calendar_feed_for_user(*, actor: AnyActor) -> CalendarFeed | None:
    """The principal's calendar link, if any; NotFound for a principal who holds no courses."""
    principal = as_principal(actor)
    if not principal.may(Relation.COURSE, Action.WRITE):
        raise NotFound()
    return CalendarFeed.objects.filter(worker_id=principal.user_id).first()


def feed_appointments(*, secret: str) -> list[Appointment] | None:
    """The appointments of the worker whose secret link this is; None for an unknown link.
    The feed holds no names or CPR, so reading it is not a read of citizen data."""
    feed = (
        CalendarFeed.objects.select_related("worker")
        .filter(digest=calendar_feed_digest(secret))
        .first()
    )
    if feed is None or not as_principal(feed.worker).may(Relation.COURSE, Action.WRITE):
        return None  # an unknown link, or a worker who no longer holds courses
    since = timezone.now() - dt.timedelta(days=30)
    return list(
        Appointment.objects.filter(worker_id=feed.worker_id, start__gte=since)
        .exclude(status=Appointment.Status.CANCELLED)
        .select_related("element", "location", "course__unit")
        .order_by("start")[:1000]
    )
