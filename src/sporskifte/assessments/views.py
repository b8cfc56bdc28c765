from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sporskifte.access.policy import Action
from sporskifte.access.principals import principal_of
from sporskifte.assessments.forms import AssessmentForm
from sporskifte.assessments.instruments import instrument_get, instruments
from sporskifte.assessments.services import assessment_record
from sporskifte.core.errors import DomainError, InvalidInput
from sporskifte.core.views_support import not_found_on_domain_error
from sporskifte.courses.selectors import course_get_for_user


@login_required
@not_found_on_domain_error
def record(request: HttpRequest, course_id: int) -> HttpResponse:
    principal = principal_of(request)
    course = course_get_for_user(actor=principal, course_id=course_id, action=Action.WRITE)
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
                actor=principal,
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
            return redirect("plans:progress", course.citizen.public_id)
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
