from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sporskifte.access.policy import Action
from sporskifte.access.principals import principal_of
from sporskifte.access.scoping import access_of
from sporskifte.assessments import charts
from sporskifte.core.errors import DomainError, NotFound
from sporskifte.core.forms_support import show_domain_error
from sporskifte.core.views_support import not_found_on_domain_error
from sporskifte.plans import selectors, services
from sporskifte.plans.forms import GoalForm, GoalProgressForm, PlanForm
from sporskifte.plans.pdf import plan_pdf
from sporskifte.plans.services import SECTION_CODES


def _page(
    request: HttpRequest, view: selectors.PlanView, status: int = 200, **forms: object
) -> HttpResponse:
    current = view.current
    initial = {code: getattr(current, code) for code in SECTION_CODES} if current else {}
    initial |= {"agreed_on": timezone.localdate(), "citizen_took_part": True}
    context = {
        "view": view,
        "may_write": principal_of(request).permits(access_of(view.course), Action.WRITE),
        "plan_form": forms.get("plan_form") or PlanForm(initial=initial),
        "goal_form": forms.get("goal_form") or GoalForm(),
        "progress_form": GoalProgressForm(),
    }
    return render(request, "plans/plan.html", context, status=status)


@login_required
@not_found_on_domain_error
def plan(request: HttpRequest, course_id: int) -> HttpResponse:
    principal = principal_of(request)
    action = Action.WRITE if request.method == "POST" else Action.READ
    view = selectors.plan_for_user(actor=principal, course_id=course_id, action=action)
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.plan_version_save(
                    actor=principal,
                    course=view.course,
                    sections={code: data[code] for code in SECTION_CODES},
                    agreed_on=data["agreed_on"],
                    citizen_took_part=data["citizen_took_part"],
                    relatives_present=data["relatives_present"],
                    staff_present=data["staff_present"],
                )
            except DomainError as error:
                show_domain_error(form, error)
            else:
                messages.success(request, _("Planen er gemt som en ny aftalt version."))
                return redirect("plans:plan", course_id)
        return _page(request, view, status=422, plan_form=form)
    return _page(request, view)


@login_required
@not_found_on_domain_error
def plan_as_pdf(request: HttpRequest, course_id: int) -> HttpResponse:
    view = selectors.plan_for_user(actor=principal_of(request), course_id=course_id)
    if view.current is None:
        raise NotFound()
    response = HttpResponse(plan_pdf(view), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="mestringsstrategiplan.pdf"'
    return response


@login_required
@require_POST
@not_found_on_domain_error
def goal_create(request: HttpRequest, course_id: int) -> HttpResponse:
    principal = principal_of(request)
    view = selectors.plan_for_user(actor=principal, course_id=course_id, action=Action.WRITE)
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            services.goal_add(actor=principal, course=view.course, **form.cleaned_data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Målet er tilføjet."))
            return redirect("plans:plan", course_id)
    return _page(request, view, status=422, goal_form=form)


@login_required
@require_POST
@not_found_on_domain_error
def goal_progress(request: HttpRequest, goal_id: int) -> HttpResponse:
    principal = principal_of(request)
    goal = selectors.goal_get_for_user(actor=principal, goal_id=goal_id, action=Action.WRITE)
    form = GoalProgressForm(request.POST)
    if form.is_valid():
        try:
            services.goal_progress_record(actor=principal, goal=goal, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Status på målet er gemt."))
    else:
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
    return redirect("plans:plan", goal.course_id)


@login_required
@not_found_on_domain_error
def progress(request: HttpRequest, citizen_id: UUID) -> HttpResponse:
    view = selectors.progress_for_user(actor=principal_of(request), citizen_id=citizen_id)
    return render(request, "plans/progress.html", {"progress": view})


@login_required
@not_found_on_domain_error
def who5_chart(request: HttpRequest, citizen_id: UUID) -> HttpResponse:
    view = selectors.progress_for_user(actor=principal_of(request), citizen_id=citizen_id)
    return _svg(charts.who5_svg(view.who5))


@login_required
@not_found_on_domain_error
def ffb_chart(request: HttpRequest, citizen_id: UUID) -> HttpResponse:
    view = selectors.progress_for_user(actor=principal_of(request), citizen_id=citizen_id)
    return _svg(
        charts.ffb_svg(
            [row.name for row in view.themes],
            [row.baseline for row in view.themes],
            [row.latest for row in view.themes],
        )
    )


def _svg(content: str) -> HttpResponse:
    response = HttpResponse(content, content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response
