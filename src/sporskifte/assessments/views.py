from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sporskifte.assessments import charts
from sporskifte.assessments.forms import AssessmentForm
from sporskifte.assessments.instruments import instrument_get, instruments
from sporskifte.assessments.services import assessment_record
from sporskifte.core.errors import DomainError, InvalidInput
from sporskifte.core.views_support import not_found_on_domain_error, permission_or_404
from sporskifte.courses.selectors import course_get_for_user
from sporskifte.plans.selectors import progress_for_user


@login_required
@permission_or_404("courses.work_with_courses")
@not_found_on_domain_error
def record(request: HttpRequest, course_id: int) -> HttpResponse:
    course = course_get_for_user(user=request.user, course_id=course_id)
    try:
        instrument = instrument_get(request.GET.get("instrument", "who5"))
    except InvalidInput:
        raise Http404() from None
    form = AssessmentForm(
        request.POST or None,
        instrument=instrument,
        initial={"answered_on": timezone.localdate(), "occasion": "follow_up"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            response = assessment_record(
                actor=request.user,
                course=course,
                instrument=instrument.code,
                answers=form.answers(),
                occasion=form.cleaned_data["occasion"],
                filled_in_by=form.cleaned_data["filled_in_by"],
                answered_on=form.cleaned_data["answered_on"],
            )
        except DomainError as error:
            for name, texts in error.fields.items():
                field = (
                    "item_" + name.removeprefix("answers.") if name.startswith("answers.") else name
                )
                for text in texts:
                    form.add_error(field if field in form.fields else None, text)
        else:
            if response.score is not None:
                messages.success(
                    request, _("Skemaet er gemt. Score: %(score)s.") % {"score": response.score}
                )
            else:
                messages.success(request, _("Skemaet er gemt."))
            return redirect("assessments:progress", course.citizen_id)
    return render(
        request,
        "assessments/record.html",
        {
            "form": form,
            "course": course,
            "instrument": instrument,
            "instruments": instruments().values(),
        },
        status=422 if form.errors else 200,
    )


@login_required
@not_found_on_domain_error
def progress(request: HttpRequest, citizen_id: int) -> HttpResponse:
    view = progress_for_user(user=request.user, citizen_id=citizen_id)
    return render(request, "assessments/progress.html", {"progress": view})


@login_required
@not_found_on_domain_error
def who5_chart(request: HttpRequest, citizen_id: int) -> HttpResponse:
    view = progress_for_user(user=request.user, citizen_id=citizen_id)
    return _svg(charts.who5_svg(view.who5))


@login_required
@not_found_on_domain_error
def ffb_chart(request: HttpRequest, citizen_id: int) -> HttpResponse:
    view = progress_for_user(user=request.user, citizen_id=citizen_id)
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
