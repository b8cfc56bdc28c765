import datetime as dt
from typing import Annotated
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from sporskifte.access.policy import Action
from sporskifte.access.principals import principal_of
from sporskifte.core.dates import Day, Moment
from sporskifte.core.validation import TEXT_MAX_LENGTH, Line, Text
from sporskifte.courses import selectors, services
from sporskifte.courses.models import Appointment, Course, Escalation, JournalNote
from sporskifte.referrals.selectors import referral_get_for_user

router = Router()


class CourseIn(Schema):
    referral_id: int
    start_date: Day
    planned_end: Day | None = None
    agrees_to_take_part: bool = True
    elements: list[Annotated[Line, Field(max_length=100)]] = Field([], max_length=50)
    discharged_on: Day | None = None


class AppointmentOut(Schema):
    id: int
    start: dt.datetime
    end: dt.datetime
    element: str | None
    location: str | None
    worker: str
    status: str


class CourseOut(Schema):
    id: int
    citizen_id: UUID
    service: str
    unit: str
    responsible: str
    status: str
    start_date: dt.date
    planned_end: dt.date | None
    latest_end: dt.date | None
    ended_on: dt.date | None
    end_reason: str
    elements: list[str]


def course_out(course: Course) -> CourseOut:
    return CourseOut(
        id=course.pk,
        citizen_id=course.citizen.public_id,
        service=course.service.slug,
        unit=course.unit.slug,
        responsible=course.responsible.username,
        status=course.status,
        start_date=course.start_date,
        planned_end=course.planned_end,
        latest_end=course.latest_end,
        ended_on=course.ended_on,
        end_reason=course.end_reason,
        elements=[element.code for element in course.elements.all()],
    )


def appointment_out(appointment: Appointment) -> AppointmentOut:
    return AppointmentOut(
        id=appointment.pk,
        start=timezone.localtime(appointment.start),
        end=timezone.localtime(appointment.end),
        element=appointment.element.code if appointment.element else None,
        location=appointment.location.slug if appointment.location else None,
        worker=appointment.worker.username,
        status=appointment.status,
    )


@router.post(
    "/courses", response={201: CourseOut}, summary="Start a course from an accepted referral"
)
def course_create(request: HttpRequest, body: CourseIn) -> Status[CourseOut]:
    principal = principal_of(request)
    referral = referral_get_for_user(
        actor=principal, referral_id=body.referral_id, action=Action.WRITE
    )
    course = services.course_start(
        actor=principal,
        referral=referral,
        start_date=body.start_date,
        planned_end=body.planned_end,
        agrees_to_take_part=body.agrees_to_take_part,
        element_codes=body.elements,
        discharged_on=body.discharged_on,
    )
    return Status(201, course_out(course))


@router.get("/courses/{course_id}", response=CourseOut, summary="A course in the caller's scope")
def course_get(request: HttpRequest, course_id: int) -> CourseOut:
    return course_out(
        selectors.course_get_for_user(actor=principal_of(request), course_id=course_id)
    )


class AppointmentIn(Schema):
    start: Moment
    end: Moment
    element: Line | None = Field(None, max_length=100)
    location: Line | None = Field(None, max_length=100)


@router.post(
    "/courses/{course_id}/appointments",
    response={201: AppointmentOut},
    summary="Book an appointment (422 outside_service_hours, worker_double_booked, after_course_end)",
)
def appointment_create(
    request: HttpRequest, course_id: int, body: AppointmentIn
) -> Status[AppointmentOut]:
    principal = principal_of(request)
    course = selectors.course_get_for_user(
        actor=principal, course_id=course_id, action=Action.WRITE
    )
    appointment = services.appointment_book(
        actor=principal,
        course=course,
        start=body.start,
        end=body.end,
        element_code=body.element,
        location_slug=body.location,
    )
    return Status(201, appointment_out(appointment))


class AppointmentStatusIn(Schema):
    status: Appointment.Status


@router.post(
    "/appointments/{appointment_id}/status",
    response=AppointmentOut,
    summary="Record an appointment as held, no-show or cancelled (422 before it has begun)",
)
def appointment_status(
    request: HttpRequest, appointment_id: int, body: AppointmentStatusIn
) -> AppointmentOut:
    principal = principal_of(request)
    appointment = selectors.appointment_get_for_user(
        actor=principal, appointment_id=appointment_id, action=Action.WRITE
    )
    return appointment_out(
        services.appointment_set_status(
            actor=principal, appointment=appointment, status=body.status
        )
    )


class NoteIn(Schema):
    text: Text = Field(max_length=TEXT_MAX_LENGTH)
    element: Line | None = Field(None, max_length=100)
    appointment: int | None = None


class NoteOut(Schema):
    id: int
    written_at: dt.datetime
    author: str
    element: str | None
    appointment: int | None
    text: str
    versions: int


def note_out(note: JournalNote) -> NoteOut:
    return NoteOut(
        id=note.pk,
        written_at=timezone.localtime(note.written_at),
        author=note.author.username,
        element=note.element.code if note.element else None,
        appointment=note.appointment_id,
        text=note.text,
        versions=note.versions.count(),
    )


@router.post("/courses/{course_id}/notes", response={201: NoteOut}, summary="Write a journal note")
def note_create(request: HttpRequest, course_id: int, body: NoteIn) -> Status[NoteOut]:
    principal = principal_of(request)
    course = selectors.course_get_for_user(
        actor=principal, course_id=course_id, action=Action.WRITE
    )
    appointment = None
    if body.appointment is not None:
        appointment = selectors.appointment_get_for_user(
            actor=principal, appointment_id=body.appointment, action=Action.WRITE
        )
    note = services.journal_note_write(
        actor=principal,
        course=course,
        text=body.text,
        element_code=body.element,
        appointment=appointment,
    )
    return Status(201, note_out(note))


class EndIn(Schema):
    reason: Course.EndReason
    date: Day
    note: Text = Field("", max_length=TEXT_MAX_LENGTH)


@router.post("/courses/{course_id}/end", response=CourseOut, summary="End a course")
def course_end(request: HttpRequest, course_id: int, body: EndIn) -> CourseOut:
    principal = principal_of(request)
    course = selectors.course_get_for_user(
        actor=principal, course_id=course_id, action=Action.WRITE
    )
    return course_out(
        services.course_end(
            actor=principal,
            course=course,
            reason=body.reason,
            ended_on=body.date,
            note=body.note,
        )
    )


class EscalationIn(Schema):
    needs: Text = Field(max_length=TEXT_MAX_LENGTH)
    resources: Text = Field(max_length=TEXT_MAX_LENGTH)
    hopes_and_goals: Text = Field(max_length=TEXT_MAX_LENGTH)
    tried: Text = Field(max_length=TEXT_MAX_LENGTH)
    recommended_service: Line | None = Field(None, max_length=100)


class EscalationOut(Schema):
    id: int
    course_id: int
    status: str
    written_at: dt.datetime
    decided_at: dt.datetime | None
    waiting_days: float
    granted_service: str | None
    granted_start: dt.date | None
    decision_reason: str


def escalation_out(escalation: Escalation) -> EscalationOut:
    return EscalationOut(
        id=escalation.pk,
        course_id=escalation.course_id,
        status=escalation.status,
        written_at=timezone.localtime(escalation.written_at),
        decided_at=timezone.localtime(escalation.decided_at) if escalation.decided_at else None,
        waiting_days=round(escalation.waiting_time.total_seconds() / 86400, 2),
        granted_service=escalation.granted_service.slug if escalation.granted_service else None,
        granted_start=escalation.granted_start,
        decision_reason=escalation.decision_reason,
    )


@router.post(
    "/courses/{course_id}/escalations",
    response={201: EscalationOut},
    summary="Hand the citizen to the granting authority",
)
def escalation_create(
    request: HttpRequest, course_id: int, body: EscalationIn
) -> Status[EscalationOut]:
    principal = principal_of(request)
    course = selectors.course_get_for_user(
        actor=principal, course_id=course_id, action=Action.WRITE
    )
    escalation = services.escalation_write(
        actor=principal,
        course=course,
        needs=body.needs,
        resources=body.resources,
        hopes_and_goals=body.hopes_and_goals,
        tried=body.tried,
        recommended_service=services.grantable_service_by_slug(
            municipality_id=course.municipality_id,
            slug=body.recommended_service,
            field="recommended_service",
        ),
    )
    return Status(201, escalation_out(escalation))


class DecisionIn(Schema):
    granted: bool
    reason: Text = Field(max_length=TEXT_MAX_LENGTH)
    service: Line | None = Field(None, max_length=100)
    start_date: Day | None = None


@router.post(
    "/escalations/{escalation_id}/decision",
    response=EscalationOut,
    summary="The granting authority's decision",
)
def escalation_decision(
    request: HttpRequest, escalation_id: int, body: DecisionIn
) -> EscalationOut:
    principal = principal_of(request)
    escalation = selectors.escalation_get_for_user(
        actor=principal, escalation_id=escalation_id, action=Action.DECIDE
    )
    decided = services.escalation_decide(
        actor=principal,
        escalation=escalation,
        granted=body.granted,
        reason=body.reason,
        service=services.grantable_service_by_slug(
            municipality_id=escalation.course.municipality_id, slug=body.service, field="service"
        ),
        start_date=body.start_date,
    )
    return escalation_out(decided)


class CaseloadOut(Schema):
    course: CourseOut
    citizen: str
    next_appointment: dt.datetime | None
    days_left: int | None
    warnings: list[str]


@router.get("/caseload", response=list[CaseloadOut], summary="The caller's open courses")
def caseload(request: HttpRequest) -> list[CaseloadOut]:
    return [
        CaseloadOut(
            course=course_out(row.course),
            citizen=row.course.citizen.name,
            next_appointment=timezone.localtime(row.next_appointment)
            if row.next_appointment
            else None,
            days_left=row.days_left,
            warnings=[warning.code for warning in row.warnings],
        )
        for row in selectors.caseload_for_user(actor=principal_of(request))
    ]
