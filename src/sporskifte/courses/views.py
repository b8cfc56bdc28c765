import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sporskifte.access.policy import Action
from sporskifte.access.principals import principal_of
from sporskifte.access.scoping import access_of
from sporskifte.core.dates import is_plausible
from sporskifte.core.errors import DomainError
from sporskifte.core.forms_support import show_domain_error
from sporskifte.core.views_support import not_found_on_domain_error
from sporskifte.courses import selectors, services
from sporskifte.courses.forms import (
    APPOINTMENT_ACTIONS,
    APPOINTMENT_CONFIRM,
    APPOINTMENT_DONE,
    AppointmentForm,
    CourseStartForm,
    DecisionForm,
    EndForm,
    EscalationForm,
    NoteForm,
    PlannedEndForm,
    ReadmissionForm,
)
from sporskifte.courses.ical import appointments_to_ical
from sporskifte.courses.models import Appointment, Course
from sporskifte.courses.rules import days_left
from sporskifte.courses.today import today_for_user
from sporskifte.referrals.selectors import referral_get_for_user


@login_required
@not_found_on_domain_error
def caseload(request: HttpRequest) -> HttpResponse:
    rows = selectors.caseload_for_user(actor=principal_of(request))
    return render(request, "courses/caseload.html", {"rows": rows})


@login_required
@not_found_on_domain_error
def my_day(request: HttpRequest) -> HttpResponse:
    day = today_for_user(actor=principal_of(request))
    return render(
        request,
        "courses/today.html",
        {"day": day, "actions": APPOINTMENT_ACTIONS, "now": timezone.now()},
    )


@login_required
@not_found_on_domain_error
def course_start(request: HttpRequest, referral_id: int) -> HttpResponse:
    principal = principal_of(request)
    referral = referral_get_for_user(actor=principal, referral_id=referral_id, action=Action.WRITE)
    if referral.decided_service is None:
        # The same answer the API gives (409): the referral is yours, but not accepted.
        messages.error(request, _("Et forløb kan kun starte fra en optaget henvendelse."))
        return redirect("referrals:detail", referral.pk)
    grant = selectors.pending_grant(referral)
    form = CourseStartForm(
        request.POST or None,
        service=referral.decided_service,
        initial={
            "start_date": (grant and grant.granted_start) or timezone.localdate(),
            "agrees_to_take_part": True,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            course = services.course_start(
                actor=principal,
                referral=referral,
                start_date=data["start_date"],
                planned_end=data["planned_end"],
                agrees_to_take_part=data["agrees_to_take_part"],
                element_codes=data["elements"],
                discharged_on=data["discharged_on"],
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Forløbet er startet."))
            return redirect("courses:detail", course.pk)
    return render(
        request,
        "courses/course_start.html",
        {"form": form, "referral": referral, "grant": grant},
        status=422 if form.errors else 200,
    )


def _appointment_of(course: Course, value: object) -> Appointment | None:
    """The course's appointment a note is for, named by the address or the form (a bad or
    foreign id is simply no appointment)."""
    try:
        pk = int(str(value))
    except ValueError:
        return None
    return next((a for a in course.appointments.all() if a.pk == pk), None)


def _note_form(course: Course, appointment: Appointment | None) -> NoteForm:
    """A fresh note form; after "Afholdt" it is for that appointment, with its element."""
    if appointment is None:
        return NoteForm(service=course.service)
    form = NoteForm(
        service=course.service,
        initial={
            "appointment": appointment.pk,
            "element": appointment.element.code if appointment.element else "",
        },
    )
    form.fields["text"].widget.attrs["autofocus"] = True
    return form


def _detail(request: HttpRequest, course: Course, status: int = 200, **forms: Any) -> HttpResponse:
    service = course.service
    today = timezone.localdate()
    note_form = forms.get("note_form")
    if note_form is None:
        note_appointment = _appointment_of(course, request.GET.get("appointment", ""))
        note_form = _note_form(course, note_appointment)
    else:
        note_appointment = _appointment_of(course, note_form["appointment"].value())
    context = {
        "course": course,
        "may_write": principal_of(request).permits(access_of(course), Action.WRITE),
        "warnings": selectors.warnings_for(course),
        "days_left": days_left(course.latest_end, today=today),
        "appointment_form": forms.get("appointment_form")
        or AppointmentForm(service=service, initial={"day": today}),
        "note_form": note_form,
        "note_appointment": note_appointment,
        "end_form": forms.get("end_form") or EndForm(initial={"ended_on": today}),
        "readmission_form": forms.get("readmission_form") or ReadmissionForm(),
        "planned_end_form": forms.get("planned_end_form")
        or PlannedEndForm(initial={"planned_end": course.planned_end}),
        "actions": APPOINTMENT_ACTIONS,
        "confirm": APPOINTMENT_CONFIRM,
    }
    return render(request, "courses/course_detail.html", context, status=status)


@login_required
@not_found_on_domain_error
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    course = selectors.course_get_for_user(actor=principal_of(request), course_id=course_id)
    return _detail(request, course)


def _course_post(request: HttpRequest, course_id: int) -> Course:
    return selectors.course_get_for_user(
        actor=principal_of(request), course_id=course_id, action=Action.WRITE
    )


@login_required
@require_POST
@not_found_on_domain_error
def appointment_create(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _course_post(request, course_id)
    form = AppointmentForm(request.POST, service=course.service)
    if form.is_valid():
        start, end = form.moments()
        try:
            services.appointment_book(
                actor=principal_of(request),
                course=course,
                start=start,
                end=end,
                element_code=form.cleaned_data["element"] or None,
                location_slug=form.cleaned_data["location"] or None,
            )
        except DomainError as error:
            form.add_error("day" if "start" in error.fields else None, error.message)
        else:
            messages.success(request, _("Aftalen er booket."))
            return redirect("courses:detail", course.pk)
    return _detail(request, course, status=422, appointment_form=form)


@login_required
@require_POST
@not_found_on_domain_error
def appointment_status(request: HttpRequest, appointment_id: int) -> HttpResponse:
    principal = principal_of(request)
    appointment = selectors.appointment_get_for_user(
        actor=principal, appointment_id=appointment_id, action=Action.WRITE
    )
    url = reverse("courses:detail", args=[appointment.course_id])
    try:
        services.appointment_set_status(
            actor=principal, appointment=appointment, status=request.POST.get("status", "")
        )
    except DomainError as error:
        messages.error(
            request, " ".join(m for ms in error.fields.values() for m in ms) or error.message
        )
        return redirect(f"{url}#appointment-{appointment.pk}")
    if appointment.status == Appointment.Status.HELD:
        messages.success(request, _("Aftalen er afholdt. Skriv journalnotatet nu."))
        # No #fragment: browsers ignore autofocus on a page opened at a fragment, and the
        # note field's autofocus both scrolls the form into view and puts the cursor in it.
        return redirect(f"{url}?appointment={appointment.pk}")
    messages.success(request, APPOINTMENT_DONE[Appointment.Status(appointment.status)])
    return redirect(f"{url}#appointment-{appointment.pk}")


@login_required
@require_POST
@not_found_on_domain_error
def note_create(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _course_post(request, course_id)
    form = NoteForm(request.POST, service=course.service)
    if form.is_valid():
        appointment = None
        if form.cleaned_data["appointment"]:
            appointment = selectors.appointment_get_for_user(
                actor=principal_of(request),
                appointment_id=form.cleaned_data["appointment"],
                action=Action.WRITE,
            )
        try:
            services.journal_note_write(
                actor=principal_of(request),
                course=course,
                text=form.cleaned_data["text"],
                element_code=form.cleaned_data["element"] or None,
                appointment=appointment,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Notatet er gemt."))
            return redirect("courses:detail", course.pk)
    return _detail(request, course, status=422, note_form=form)


@login_required
@not_found_on_domain_error
def note_edit(request: HttpRequest, note_id: int) -> HttpResponse:
    principal = principal_of(request)
    note = selectors.journal_note_get_for_user(
        actor=principal, note_id=note_id, action=Action.WRITE
    )
    form = NoteForm(
        request.POST or None,
        service=note.course.service,
        initial={"text": note.text, "element": note.element.code if note.element else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.journal_note_edit(
                actor=principal,
                note=note,
                text=form.cleaned_data["text"],
                element_code=form.cleaned_data["element"] or None,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Notatet er rettet; den tidligere tekst er gemt."))
            return redirect("courses:detail", note.course_id)
    return render(
        request,
        "courses/note_edit.html",
        {"form": form, "note": note},
        status=422 if form.errors else 200,
    )


def _submit(
    request: HttpRequest,
    course: Course,
    form: forms.Form,
    form_key: str,
    write: Callable[[dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    """The course page's small forms: on success back to the course, otherwise the course page
    again with this form's errors next to its fields and the input kept."""
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, success)
            return redirect("courses:detail", course.pk)
    return _detail(request, course, status=422, **{form_key: form})


@login_required
@require_POST
@not_found_on_domain_error
def course_end(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _course_post(request, course_id)
    return _submit(
        request,
        course,
        EndForm(request.POST),
        "end_form",
        lambda data: services.course_end(
            actor=principal_of(request),
            course=course,
            reason=data["reason"],
            ended_on=data["ended_on"],
            note=data["note"],
        ),
        _("Forløbet er afsluttet."),
    )


@login_required
@require_POST
@not_found_on_domain_error
def planned_end(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _course_post(request, course_id)
    return _submit(
        request,
        course,
        PlannedEndForm(request.POST),
        "planned_end_form",
        lambda data: services.course_change_planned_end(
            actor=principal_of(request), course=course, planned_end=data["planned_end"]
        ),
        _("Den planlagte slutdato er ændret."),
    )


@login_required
@require_POST
@not_found_on_domain_error
def readmission(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _course_post(request, course_id)
    return _submit(
        request,
        course,
        ReadmissionForm(request.POST),
        "readmission_form",
        lambda data: services.readmission_record(
            actor=principal_of(request), course=course, **data
        ),
        _("Genindlæggelsen er registreret på borgeren."),
    )


@login_required
@not_found_on_domain_error
def escalation_create(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _course_post(request, course_id)
    initial: dict[str, object] = {}
    if request.method != "POST":
        initial["hopes_and_goals"] = selectors.handover_draft(
            actor=principal_of(request), course=course
        )
    form = EscalationForm(
        request.POST or None,
        services=services.grantable_services(municipality_id=course.municipality_id),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.escalation_write(
                actor=principal_of(request), course=course, **form.cleaned_data
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Overdragelsen er sendt til bevillingsmyndigheden."))
            return redirect("courses:detail", course.pk)
    return render(
        request,
        "courses/escalation_form.html",
        {"form": form, "course": course},
        status=422 if form.errors else 200,
    )


@login_required
@not_found_on_domain_error
def escalation_queue(request: HttpRequest) -> HttpResponse:
    escalations = selectors.escalation_queue_for_user(actor=principal_of(request))
    return render(request, "courses/escalation_queue.html", {"escalations": escalations})


@login_required
@not_found_on_domain_error
def escalation_detail(request: HttpRequest, escalation_id: int) -> HttpResponse:
    principal = principal_of(request)
    action = Action.DECIDE if request.method == "POST" else Action.READ
    escalation = selectors.escalation_get_for_user(
        actor=principal, escalation_id=escalation_id, action=action
    )
    may_decide = principal.permits(access_of(escalation), Action.DECIDE)
    form = DecisionForm(
        request.POST or None,
        services=services.grantable_services(municipality_id=escalation.course.municipality_id),
        initial={"service": escalation.recommended_service_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.escalation_decide(actor=principal, escalation=escalation, **form.cleaned_data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Afgørelsen er registreret."))
            return redirect("courses:escalation_queue")
    return render(
        request,
        "courses/escalation_detail.html",
        {
            "escalation": escalation,
            "form": form,
            "may_decide": may_decide,
            "may_read_course": selectors.course_readable(
                actor=principal, course_id=escalation.course_id
            ),
        },
        status=422 if form.errors else 200,
    )


@login_required
@not_found_on_domain_error
def journal_search(request: HttpRequest) -> HttpResponse:
    # The words are sent in the body, never in the address: a search may hold a name or a
    # CPR number, and addresses end up in proxy logs and the browser's history.
    query = request.POST.get("q", "")[:200] if request.method == "POST" else ""
    query = query.replace("\x00", "")  # PostgreSQL cannot compare text with a NUL in it
    notes = selectors.journal_search_for_user(actor=principal_of(request), text=query)
    return render(request, "courses/journal_search.html", {"query": query, "notes": notes})


@login_required
@not_found_on_domain_error
def week(request: HttpRequest) -> HttpResponse:
    try:
        day = dt.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    if not is_plausible(day):
        day = timezone.localdate()
    monday = day - dt.timedelta(days=day.weekday())
    appointments = selectors.week_for_user(actor=principal_of(request), monday=monday)
    days = [
        {
            "date": monday + dt.timedelta(days=offset),
            "appointments": [
                a
                for a in appointments
                if timezone.localtime(a.start).date() == monday + dt.timedelta(days=offset)
            ],
        }
        for offset in range(7)
    ]
    return render(
        request,
        "courses/week.html",
        {
            "days": days,
            "monday": monday,
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
        },
    )


@login_required
@not_found_on_domain_error
def calendar_link(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    feed = selectors.calendar_feed_for_user(actor=principal)
    secret = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(actor=principal)
            messages.success(request, _("Linket er slettet og virker ikke længere."))
            return redirect("courses:calendar_link")
        secret = services.calendar_feed_secret_issue(actor=principal)
    url = request.build_absolute_uri(reverse("calendar_feed", args=[secret])) if secret else None
    return render(
        request,
        "courses/calendar_link.html",
        {"feed_url": url, "has_feed": feed is not None or secret is not None},
    )


def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    appointments = selectors.feed_appointments(secret=secret)
    if appointments is None:
        raise Http404()
    response = HttpResponse(
        appointments_to_ical(appointments, host=request.get_host()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "no-store"
    return response
