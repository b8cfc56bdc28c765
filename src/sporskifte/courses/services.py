"""Courses: start, appointments, journal, end, escalation and grant decisions. Each function is
one transaction with its access-log entries; pages and API call these same functions."""

import datetime as dt
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from sporskifte.access.log import log_access
from sporskifte.access.models import CitizenRelation
from sporskifte.access.policy import Access, Action, Relation
from sporskifte.access.principals import AnyActor, Principal, as_principal
from sporskifte.access.services import citizen_relation_add, citizen_relation_end
from sporskifte.accounts.models import User
from sporskifte.accounts.services import user_of
from sporskifte.audit.models import AccessLog
from sporskifte.citizens.models import CitizenEvent
from sporskifte.core.dates import is_plausible
from sporskifte.core.errors import Conflict, InvalidInput, NotFound
from sporskifte.core.validation import validate_model
from sporskifte.courses.ical import calendar_feed_digest
from sporskifte.courses.models import (
    Appointment,
    CalendarFeed,
    Course,
    Escalation,
    JournalNote,
    JournalNoteVersion,
)
from sporskifte.courses.rules import latest_end
from sporskifte.courses.selectors import course_access, escalation_access, pending_grant
from sporskifte.organisation.models import Service, ServiceElement, Unit
from sporskifte.organisation.opening import service_calendar
from sporskifte.organisation.rules import is_section_82b
from sporskifte.referrals.models import Referral
from sporskifte.referrals.services import create_with_receipt, referral_access, referral_relate

PURPOSE_COURSE = "Forløb"
PURPOSE_JOURNAL = "Journalføring"
PURPOSE_ESCALATION = "Overdragelse til bevillingsmyndigheden"


class CourseRuleBroken(InvalidInput):
    """A rule of the service that the request would break; `code` says which."""


class BeyondMaxDuration(CourseRuleBroken):
    code = "beyond_max_duration"


class GrantRequired(CourseRuleBroken):
    code = "grant_required"


class OutsideServiceHours(CourseRuleBroken):
    code = "outside_service_hours"


class WorkerDoubleBooked(CourseRuleBroken):
    code = "worker_double_booked"


class AfterCourseEnd(CourseRuleBroken):
    code = "after_course_end"


def _log(
    principal: Principal,
    action: str,
    target: Model,
    access: Access,
    purpose: str = PURPOSE_COURSE,
) -> None:
    log_access(principal, action=action, target=target, access=access, purpose=purpose)


def cap_of(service: Service, start: dt.date) -> dt.date | None:
    """The last day a course of `service` starting on `start` may last (None: no cap)."""
    months = service.max_duration_months
    return latest_end(start, months) if months else None


def _check_planned_end(service: Service, start: dt.date, planned_end: dt.date | None) -> None:
    if planned_end is not None and planned_end < start:
        raise InvalidInput(fields={"planned_end": [_("Slutdatoen skal ligge efter startdatoen.")]})
    if planned_end is not None:
        cap = cap_of(service, start)
        if cap is not None and planned_end > cap:
            message = _("%(service)s varer højst %(months)s måneder: sidste dag er %(date)s.") % {
                "service": service.name,
                "months": service.max_duration_months,
                "date": f"{cap:%d.%m.%Y}",
            }
            raise BeyondMaxDuration(message, fields={"planned_end": [message]})


def _works_at(unit: Unit, user: User) -> bool:
    """May `user` work with courses at `unit` (as contact person, at an appointment)?"""
    return unit.pk in as_principal(user).unit_ids(Relation.COURSE, Action.WRITE)


@transaction.atomic
def course_start(
    *,
    actor: AnyActor,
    referral: Referral,
    start_date: dt.date,
    planned_end: dt.date | None = None,
    responsible: User | None = None,
    agrees_to_take_part: bool = True,
    element_codes: Iterable[str] = (),
    discharged_on: dt.date | None = None,
) -> Course:
    """Start a course from an accepted referral. A service that needs a grant starts only with
    a granted escalation for that citizen and service; a capped service never passes its cap."""
    principal = as_principal(actor)
    referral_access(principal, referral, Action.WRITE)
    user = user_of(principal)
    if referral.status != Referral.Status.ACCEPTED or referral.decided_service is None:
        raise Conflict(_("Et forløb kan kun starte fra en optaget henvendelse."))
    if Course.objects.filter(referral=referral).exists():
        raise Conflict(_("Henvendelsen har allerede et forløb."))
    if referral.citizen is None:
        raise Conflict(_("Henvendelsen har ingen borger."))
    service = referral.decided_service
    grant = None
    if service.grant_required:
        grant = pending_grant(referral)
        if grant is None:
            raise GrantRequired(
                _("%(service)s kræver en bevilling, før forløbet kan starte.")
                % {"service": service.name}
            )
    cap = cap_of(service, start_date)
    if planned_end is None:
        planned_end = cap
    _check_planned_end(service, start_date, planned_end)
    if is_section_82b(service) and not agrees_to_take_part:
        raise InvalidInput(
            fields={"agrees_to_take_part": [_("Borgeren skal deltage aktivt i indsatsen.")]}
        )
    responsible = responsible or user
    if not _works_at(service.unit, responsible):
        raise InvalidInput(fields={"responsible": [_("Vælg en medarbejder i enheden.")]})
    course = Course.objects.create(
        municipality_id=referral.municipality_id,
        citizen=referral.citizen,
        referral=referral,
        service=service,
        unit=service.unit,
        responsible=responsible,
        start_date=start_date,
        planned_end=planned_end,
        latest_end=cap,
        agrees_to_take_part=agrees_to_take_part,
        discharged_on=discharged_on,
        grant=grant,
    )
    _set_elements(course, element_codes)
    access = Access(Relation.COURSE, course.unit_id)
    _log(principal, AccessLog.Action.CREATE, course, access)
    if grant is not None:
        _carry_out_grant(principal, grant, start_date)
    return course


def _carry_out_grant(principal: Principal, grant: Escalation, start: dt.date) -> None:
    """The § 82 b course runs until the granted service starts, then ends as handed over; the
    granting authority's reading of it ends too (the citizen has been handed on). The end is
    the grant's doing, so it is logged through the authority's relation."""
    preventive = grant.course
    if preventive.ended_on is None:
        preventive.ended_on = max(start, preventive.start_date)
        preventive.end_reason = Course.EndReason.HANDED_TO_GRANTING_AUTHORITY
        preventive.save(update_fields=["ended_on", "end_reason"])
        by_grant = Access(Relation.ESCALATION, grant.authority_id)
        _log(principal, AccessLog.Action.UPDATE, preventive, by_grant)
        # Appointments after the last day would otherwise stay in the worker's calendar and the
        # citizen's expectations; the course page says they were cancelled and why.
        after_end = Appointment.objects.filter(
            course=preventive,
            status=Appointment.Status.PLANNED,
            start__gte=_start_of_day(preventive.ended_on + dt.timedelta(days=1)),
        )
        for appointment in after_end:
            appointment.status = Appointment.Status.CANCELLED
            appointment.save(update_fields=["status"])
            _log(principal, AccessLog.Action.UPDATE, appointment, by_grant)
    citizen_relation_end(kind=CitizenRelation.Kind.ESCALATION, source_id=grant.pk)


def _start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _set_elements(course: Course, codes: Iterable[str]) -> None:
    codes = list(dict.fromkeys(codes))
    elements = list(ServiceElement.objects.filter(service=course.service, code__in=codes))
    unknown = set(codes) - {element.code for element in elements}
    if unknown:
        raise InvalidInput(fields={"elements": [_("Ukendt element for ydelsen.")]})
    course.elements.set(elements)


@transaction.atomic
def course_change_planned_end(*, actor: AnyActor, course: Course, planned_end: dt.date) -> Course:
    principal = as_principal(actor)
    access = course_access(principal, course, Action.WRITE)
    _check_open(course)
    _check_planned_end(course.service, course.start_date, planned_end)
    course.planned_end = planned_end
    course.save(update_fields=["planned_end"])
    _log(principal, AccessLog.Action.UPDATE, course, access)
    return course


def _check_open(course: Course) -> None:
    if course.ended_on is not None:
        raise Conflict(_("Forløbet er afsluttet."))


@transaction.atomic
def course_end(
    *, actor: AnyActor, course: Course, reason: str, ended_on: dt.date, note: str = ""
) -> Course:
    principal = as_principal(actor)
    access = course_access(principal, course, Action.WRITE)
    _check_open(course)
    if reason not in Course.EndReason.values:
        raise InvalidInput(fields={"reason": [_("Vælg en afslutningsårsag.")]})
    if ended_on < course.start_date:
        raise InvalidInput(fields={"ended_on": [_("Forløbet kan ikke slutte før det starter.")]})
    if ended_on > timezone.localdate():
        raise InvalidInput(fields={"ended_on": [_("Datoen kan ikke ligge i fremtiden.")]})
    course.ended_on = ended_on
    course.end_reason = reason
    course.end_note = note.strip()
    validate_model(course, names={"end_note": "note"})
    course.save(update_fields=["ended_on", "end_reason", "end_note"])
    _log(principal, AccessLog.Action.UPDATE, course, access)
    return course


@transaction.atomic
def appointment_book(
    *,
    actor: AnyActor,
    course: Course,
    start: dt.datetime,
    end: dt.datetime,
    element_code: str | None = None,
    worker: User | None = None,
    location_slug: str | None = None,
) -> Appointment:
    """Book an appointment inside the service's opening hours, within the course, for a worker
    who is free then."""
    principal = as_principal(actor)
    access = course_access(principal, course, Action.WRITE)
    user = user_of(principal)
    _check_open(course)
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise InvalidInput(fields={"start": [_("Angiv tidspunktet med tidszone.")]})
    if not (is_plausible(start) and is_plausible(end)):
        raise AfterCourseEnd(
            _("Aftalen ligger uden for forløbets periode."),
            fields={"start": [_("Aftalen ligger uden for forløbets periode.")]},
        )
    if end <= start:
        raise InvalidInput(fields={"end": [_("Sluttidspunktet skal ligge efter starten.")]})
    last_day = course.planned_end or course.latest_end
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    if local_start.date() < course.start_date or (last_day and local_end.date() > last_day):
        raise AfterCourseEnd(
            _("Aftalen ligger uden for forløbets periode."),
            fields={"start": [_("Aftalen ligger uden for forløbets periode.")]},
        )
    service = (
        Service.objects.select_related("unit")
        .prefetch_related("hours", "unit__closing_days")
        .get(pk=course.service_id)
    )
    if not service_calendar(service).is_open(start, end):
        raise OutsideServiceHours(
            _(
                "Tilbuddet har ikke åbent på det tidspunkt (hverdage i åbningstiden, ikke helligdage eller lukkedage)."
            ),
            fields={"start": [_("Vælg et tidspunkt i tilbuddets åbningstid.")]},
        )
    location = None
    if location_slug:
        location = course.unit.locations.filter(slug=location_slug).first()
        if location is None:
            raise InvalidInput(fields={"location": [_("Vælg et af enhedens steder.")]})
    element = None
    if element_code:
        element = ServiceElement.objects.filter(service=service, code=element_code).first()
        if element is None:
            raise InvalidInput(fields={"element": [_("Ukendt element for ydelsen.")]})
    worker = worker or user
    if not _works_at(service.unit, worker):
        raise InvalidInput(fields={"worker": [_("Vælg en medarbejder i enheden.")]})
    # Serialise bookings per worker: the row lock makes the overlap check and insert atomic.
    User.objects.select_for_update().filter(pk=worker.pk).exists()
    clash = Appointment.objects.filter(
        worker=worker,
        status__in=[Appointment.Status.PLANNED, Appointment.Status.HELD],
        start__lt=end,
        end__gt=start,
    ).exists()
    if clash:
        raise WorkerDoubleBooked(
            _("Medarbejderen har allerede en aftale i det tidsrum."),
            fields={"start": [_("Medarbejderen har allerede en aftale i det tidsrum.")]},
        )
    appointment = Appointment.objects.create(
        course=course,
        worker=worker,
        element=element,
        location=location,
        start=start,
        end=end,
        created_by=user,
    )
    _log(principal, AccessLog.Action.CREATE, appointment, access)
    return appointment


@transaction.atomic
def appointment_set_status(
    *, actor: AnyActor, appointment: Appointment, status: str
) -> Appointment:
    principal = as_principal(actor)
    access = course_access(principal, appointment.course, Action.WRITE)
    if status not in Appointment.Status.values:
        raise InvalidInput(fields={"status": [_("Ukendt status.")]})
    if status == Appointment.Status.HELD and not appointment.has_started:
        raise InvalidInput(
            fields={"status": [_("En aftale kan først være afholdt, når den er begyndt.")]}
        )
    if status == Appointment.Status.NO_SHOW and not appointment.has_started:
        raise InvalidInput(
            fields={
                "status": [
                    _(
                        "Borgeren kan først være udeblevet, når aftalen er begyndt. Aflys den i stedet."
                    )
                ]
            }
        )
    appointment.status = status
    appointment.save(update_fields=["status"])
    _log(principal, AccessLog.Action.UPDATE, appointment, access)
    return appointment


@transaction.atomic
def journal_note_write(
    *,
    actor: AnyActor,
    course: Course,
    text: str,
    element_code: str | None = None,
    appointment: Appointment | None = None,
) -> JournalNote:
    principal = as_principal(actor)
    access = course_access(principal, course, Action.WRITE)
    user = user_of(principal)
    if appointment is not None and appointment.course_id != course.pk:
        raise NotFound()
    if not text.strip():
        raise InvalidInput(fields={"text": [_("Skriv notatet.")]})
    element = _element(course, element_code)
    note = JournalNote(
        course=course, author=user, text=text.strip(), element=element, appointment=appointment
    )
    validate_model(note)
    note.save()
    _log(principal, AccessLog.Action.CREATE, note, access, PURPOSE_JOURNAL)
    return note


def _element(course: Course, code: str | None) -> ServiceElement | None:
    if not code:
        return None
    element = ServiceElement.objects.filter(service_id=course.service_id, code=code).first()
    if element is None:
        raise InvalidInput(fields={"element": [_("Ukendt element for ydelsen.")]})
    return element


@transaction.atomic
def journal_note_edit(
    *, actor: AnyActor, note: JournalNote, text: str, element_code: str | None = None
) -> JournalNote:
    """Change a note's text; the earlier text is kept as a version with who and when."""
    principal = as_principal(actor)
    access = course_access(principal, note.course, Action.WRITE)
    user = user_of(principal)
    if not text.strip():
        raise InvalidInput(fields={"text": [_("Skriv notatet.")]})
    note = JournalNote.objects.select_for_update().get(pk=note.pk)
    JournalNoteVersion.objects.create(
        note=note,
        text=note.text,
        element_id=note.element_id,
        written_by_id=note.edited_by_id or note.author_id,
        written_at=note.edited_at or note.written_at,
    )
    note.text = text.strip()
    validate_model(note)
    note.element = _element(note.course, element_code)
    note.edited_at = timezone.now()
    note.edited_by = user
    note.save(update_fields=["text", "element", "edited_at", "edited_by"])
    _log(principal, AccessLog.Action.UPDATE, note, access, PURPOSE_JOURNAL)
    return note


@transaction.atomic
def readmission_record(
    *, actor: AnyActor, course: Course, happened_on: dt.date, note: str = ""
) -> CitizenEvent:
    principal = as_principal(actor)
    access = course_access(principal, course, Action.WRITE)
    user = user_of(principal)
    if happened_on > timezone.localdate():
        raise InvalidInput(fields={"happened_on": [_("Datoen kan ikke ligge i fremtiden.")]})
    event = CitizenEvent.objects.create(
        citizen_id=course.citizen_id,
        kind=CitizenEvent.Kind.READMITTED,
        happened_on=happened_on,
        note=note.strip(),
        recorded_by=user,
    )
    _log(principal, AccessLog.Action.CREATE, event, access)
    return event


@transaction.atomic
def escalation_write(
    *,
    actor: AnyActor,
    course: Course,
    needs: str,
    resources: str,
    hopes_and_goals: str,
    tried: str,
    recommended_service: Service | None = None,
) -> Escalation:
    principal = as_principal(actor)
    access = course_access(principal, course, Action.WRITE)
    user = user_of(principal)
    _check_open(course)
    missing = {
        name: [_("Skal udfyldes.")]
        for name, value in {
            "needs": needs,
            "resources": resources,
            "hopes_and_goals": hopes_and_goals,
            "tried": tried,
        }.items()
        if not value.strip()
    }
    if missing:
        raise InvalidInput(fields=missing)
    if course.escalations.filter(status=Escalation.Status.WAITING).exists():
        raise Conflict(_("Der er allerede en overdragelse, som venter på afgørelse."))
    authority = (
        Unit.objects.filter(
            municipality_id=course.municipality_id, kind=Unit.Kind.GRANTING_AUTHORITY
        )
        .order_by("path")
        .first()
    )
    if authority is None:
        raise Conflict(_("Kommunen har ingen bevillingsmyndighed i organisationen."))
    escalation = Escalation(
        course=course,
        authority=authority,
        written_by=user,
        needs=needs.strip(),
        resources=resources.strip(),
        hopes_and_goals=hopes_and_goals.strip(),
        tried=tried.strip(),
        recommended_service=recommended_service,
    )
    validate_model(escalation)
    escalation.save()
    # The authority reads the course it is handed, until a refusal ends the relation.
    citizen_relation_add(
        citizen_id=course.citizen_id,
        unit_id=authority.pk,
        kind=CitizenRelation.Kind.ESCALATION,
        source_id=escalation.pk,
    )
    _log(principal, AccessLog.Action.CREATE, escalation, access, PURPOSE_ESCALATION)
    return escalation


@transaction.atomic
def escalation_decide(
    *,
    actor: AnyActor,
    escalation: Escalation,
    granted: bool,
    reason: str,
    service: Service | None = None,
    start_date: dt.date | None = None,
) -> Escalation:
    """Record the granting authority's decision. A grant puts the citizen in the granted
    service's intake queue as an accepted referral, from which the unit starts the course;
    a refusal ends the authority's relation to the citizen."""
    principal = as_principal(actor)
    access = escalation_access(principal, escalation, Action.DECIDE)
    user = user_of(principal)
    escalation = (
        Escalation.objects.select_for_update()
        .select_related("course__citizen")
        .get(pk=escalation.pk)
    )
    if escalation.status != Escalation.Status.WAITING:
        raise Conflict(_("Der er allerede truffet afgørelse."))
    if not reason.strip():
        raise InvalidInput(fields={"reason": [_("Skal udfyldes.")]})
    if granted:
        if service not in grantable_services(municipality_id=escalation.course.municipality_id):
            raise InvalidInput(fields={"service": [_("Vælg den bevilgede ydelse.")]})
        if start_date is None:
            raise InvalidInput(fields={"start_date": [_("Angiv startdatoen.")]})
    escalation.status = Escalation.Status.GRANTED if granted else Escalation.Status.REFUSED
    escalation.decided_at = timezone.now()
    escalation.decided_by = user
    escalation.decision_reason = reason.strip()
    escalation.granted_service = service if granted else None
    escalation.granted_start = start_date if granted else None
    validate_model(escalation, names={"decision_reason": "reason", "granted_start": "start_date"})
    escalation.save()
    _log(principal, AccessLog.Action.UPDATE, escalation, access, PURPOSE_ESCALATION)
    if not granted:
        citizen_relation_end(kind=CitizenRelation.Kind.ESCALATION, source_id=escalation.pk)
    elif service is not None:
        course = escalation.course
        referral = create_with_receipt(
            Referral(
                municipality_id=course.municipality_id,
                unit=service.unit,
                service=service,
                citizen=course.citizen,
                channel=Referral.Channel.PROFESSIONAL,
                source=Referral.Source.INTERNAL,
                reason=_("Bevilget af bevillingsmyndigheden: %(reason)s")
                % {"reason": reason.strip()},
                contact_name=course.citizen.name,
                referrer_name=user.get_full_name() or user.username,
                referrer_organisation=escalation.authority.name,
                status=Referral.Status.ACCEPTED,
                decided_service=service,
                decided_at=timezone.now(),
                decided_by=user,
                decision_reason=reason.strip(),
                created_by=user,
            )
        )
        referral_relate(referral)
        _log(principal, AccessLog.Action.CREATE, referral, access, PURPOSE_ESCALATION)
    return escalation


def grantable_services(*, municipality_id: int) -> list[Service]:
    """The services the granting authority grants: those that need a grant to start. The page
    offers these and the decision refuses any other."""
    return list(
        Service.objects.filter(municipality_id=municipality_id, grant_required=True)
        .select_related("unit")
        .order_by("unit__path", "position")
    )


def grantable_service_by_slug(
    *, municipality_id: int, slug: str | None, field: str
) -> Service | None:
    """A grantable service named by its slug (None for none named)."""
    if not slug:
        return None
    for service in grantable_services(municipality_id=municipality_id):
        if service.slug == slug:
            return service
    raise InvalidInput(fields={field: [_("Vælg en ydelse, der kræver bevilling.")]})


def calendar_feed_secret_issue(*, actor: AnyActor) -> str:
    """A new secret link for the worker's calendar; the old link stops working."""
    user = user_of(actor)
    if not as_principal(actor).may(Relation.COURSE, Action.WRITE):
        raise NotFound()
    secret = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        worker=user, defaults={"digest": calendar_feed_digest(secret), "created_at": timezone.now()}
    )
    return secret


def calendar_feed_revoke(*, actor: AnyActor) -> None:
    CalendarFeed.objects.filter(worker=user_of(actor)).delete()
