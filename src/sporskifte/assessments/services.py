"""Recording an assessment: answers checked against the instrument, scored on the server."""

import datetime as dt
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sporskifte.access.log import log_access
from sporskifte.access.policy import Action
from sporskifte.access.principals import AnyActor, as_principal
from sporskifte.accounts.services import user_of
from sporskifte.assessments.instruments import WHO5, instrument_get, normalise_answers, score
from sporskifte.assessments.models import AssessmentResponse
from sporskifte.audit.models import AccessLog
from sporskifte.core.errors import Conflict, InvalidInput
from sporskifte.courses.models import Course
from sporskifte.courses.selectors import course_access, course_scope

PURPOSE = "Vurdering"


@transaction.atomic
def assessment_record(
    *,
    actor: AnyActor,
    course: Course,
    instrument: str,
    answers: Sequence[object] | Mapping[str, object],
    occasion: str = AssessmentResponse.Occasion.FOLLOW_UP,
    filled_in_by: str = AssessmentResponse.FilledInBy.WORKER_WITH_CITIZEN,
    answered_on: dt.date | None = None,
) -> AssessmentResponse:
    principal = as_principal(actor)
    access = course_access(principal, course, Action.WRITE)
    user = user_of(principal)
    chosen = instrument_get(instrument)
    if occasion not in AssessmentResponse.Occasion.values:
        raise InvalidInput(fields={"occasion": [_("Vælg anledningen.")]})
    if filled_in_by not in AssessmentResponse.FilledInBy.values:
        raise InvalidInput(fields={"filled_in_by": [_("Vælg hvem der har udfyldt skemaet.")]})
    day = answered_on or timezone.localdate()
    if day > timezone.localdate() or day < course.start_date:
        raise InvalidInput(
            fields={"answered_on": [_("Datoen skal ligge i forløbet og ikke i fremtiden.")]}
        )
    if course.ended_on is not None and day > course.ended_on:
        raise Conflict(_("Forløbet er afsluttet."))
    checked = normalise_answers(chosen, answers)
    previous = None
    if chosen.code == WHO5:
        # The change is measured against the latest WHO-5 the principal may read: another
        # unit's answers are not this unit's to compare with (nor to reveal through a flag).
        previous = (
            AssessmentResponse.objects.filter(
                course_scope(principal, Action.READ, via="course__").rows,
                citizen_id=course.citizen_id,
                instrument=WHO5,
                answered_on__lte=day,
            )
            .order_by("-answered_on", "-created_at", "-pk")
            .values_list("score", flat=True)
            .first()
        )
    result = score(chosen, checked, previous=previous)
    response = AssessmentResponse.objects.create(
        course=course,
        citizen_id=course.citizen_id,
        instrument=chosen.code,
        instrument_version=chosen.version,
        occasion=occasion,
        answered_on=day,
        filled_in_by=filled_in_by,
        answers=checked,
        raw_score=result.raw,
        score=result.score,
        flags=list(result.flags),
        recorded_by=user,
    )
    log_access(
        principal, action=AccessLog.Action.CREATE, target=response, access=access, purpose=PURPOSE
    )
    return response
