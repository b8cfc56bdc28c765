import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from sporskifte.core.errors import InvalidInput
from sporskifte.courses import selectors, services
from sporskifte.courses.models import Appointment, Course, Escalation, JournalNote
from sporskifte.organisation.models import Service
from sporskifte.referrals.selectors import referral_get_for_user

router = Router()


class CourseIn(Schema):
    referral_id: int
    start_date: dt.date
    planned_end: dt.date | None = None
    agrees_to_take_part: bool = True
    elements: list[str] = []
    discharged_on: dt.date | None = None


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
    citizen_id: int
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
        citizen_id=course.citizen_id,
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
    referral = referral_get_for_user(user=request.user, referral_id=body.referral_id)
    course = services.course_start(
        actor=request.user,
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
    return course_out(selectors.course_get_for_user(user=request.user, course_id=course_id))


class AppointmentIn(Schema):
    start: dt.datetime
    end: dt.datetime
    element: str | None = None
    location: str | None = None


@router.post(
    "/courses/{course_id}/appointments",
    response={201: AppointmentOut},
    summary="Book an appointment (422 outside_service_hours, worker_double_booked, after_course_end)",
)
def appointment_create(
    request: HttpRequest, course_id: int, body: AppointmentIn
) -> Status[AppointmentOut]:
    course = selectors.course_get_for_user(user=request.user, course_id=course_id)
    appointment = services.appointment_book(
        actor=request.user,
        course=course,
        start=body.start,
        end=body.end,
        element_code=body.element,
        location_slug=body.location,
    )
    return Status(201, appointment_out(appointment))


class NoteIn(Schema):
    text: str
    element: str | None = None


class NoteOut(Schema):
    id: int
    written_at: dt.datetime
    author: str
    element: str | None
    text: str
    versions: int


def note_out(note: JournalNote) -> NoteOut:
    return NoteOut(
        id=note.pk,
        written_at=timezone.localtime(note.written_at),
        author=note.author.username,
        element=note.element.code if note.element else None,
        text=note.text,
        versions=note.versions.count(),
    )


@router.post("/courses/{course_id}/notes", response={201: NoteOut}, summary="Write a journal note")
def note_create(request: HttpRequest, course_id: int, body: NoteIn) -> Status[NoteOut]:
    course = selectors.course_get_for_user(user=request.user, course_id=course_id)
    note = services.journal_note_write(
        actor=request.user, course=course, text=body.text, element_code=body.element
    )
    return Status(201, note_out(note))


class EndIn(Schema):
    reason: Literal[
        "self_managing",
        "handed_to_granting_authority",
        "moved_to_track_service",
        "readmitted",
        "withdrew",
        "no_contact",
        "moved",
        "other",
    ]
    date: dt.date
    note: str = ""


@router.post("/courses/{course_id}/end", response=CourseOut, summary="End a course")
def course_end(request: HttpRequest, course_id: int, body: EndIn) -> CourseOut:
    course = selectors.course_get_for_user(user=request.user, course_id=course_id)
    return course_out(
        services.course_end(
            actor=request.user,
            course=course,
            reason=body.reason,
            ended_on=body.date,
            note=body.note,
        )
    )


class EscalationIn(Schema):
    needs: str
    resources: str
    hopes_and_goals: str
    tried: str
    recommended_service: str | None = None


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


def _service(course_or_municipality_id: int, slug: str | None, field: str) -> Service | None:
    if not slug:
        return None
    service = (
        Service.objects.filter(municipality_id=course_or_municipality_id, slug=slug)
        .select_related("unit")
        .first()
    )
    if service is None:
        raise InvalidInput(fields={field: ["unknown service"]})
    return service


@router.post(
    "/courses/{course_id}/escalations",
    response={201: EscalationOut},
    summary="Hand the citizen to the granting authority",
)
def escalation_create(
    request: HttpRequest, course_id: int, body: EscalationIn
) -> Status[EscalationOut]:
    course = selectors.course_get_for_user(user=request.user, course_id=course_id)
    escalation = services.escalation_write(
        actor=request.user,
        course=course,
        needs=body.needs,
        resources=body.resources,
        hopes_and_goals=body.hopes_and_goals,
        tried=body.tried,
        recommended_service=_service(
            course.municipality_id, body.recommended_service, "recommended_service"
        ),
    )
    return Status(201, escalation_out(escalation))


class DecisionIn(Schema):
    granted: bool
    reason: str
    service: str | None = None
    start_date: dt.date | None = None


@router.post(
    "/escalations/{escalation_id}/decision",
    response=EscalationOut,
    summary="The granting authority's decision",
)
def escalation_decision(
    request: HttpRequest, escalation_id: int, body: DecisionIn
) -> EscalationOut:
    escalation = selectors.escalation_get_for_user(user=request.user, escalation_id=escalation_id)
    decided = services.escalation_decide(
        actor=request.user,
        escalation=escalation,
        granted=body.granted,
        reason=body.reason,
        service=_service(escalation.course.municipality_id, body.service, "service"),
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
        for row in selectors.caseload_for_user(user=request.user)
    ]
