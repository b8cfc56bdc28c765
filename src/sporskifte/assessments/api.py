import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import StrictInt

from sporskifte.access.policy import Action
from sporskifte.access.principals import principal_of
from sporskifte.assessments.instruments import instruments
from sporskifte.assessments.models import AssessmentResponse
from sporskifte.assessments.services import assessment_record
from sporskifte.core.dates import Day
from sporskifte.courses.selectors import course_get_for_user

router = Router()


class AssessmentIn(Schema):
    instrument: str = Field(json_schema_extra={"enum": list(instruments())})
    # Whole numbers on the instrument's scale (null: not answered), in order or by item code.
    answers: (
        Annotated[list[StrictInt | None], Field(max_length=50)]
        | Annotated[
            dict[Annotated[str, Field(max_length=40)], StrictInt | None], Field(max_length=50)
        ]
    )
    occasion: AssessmentResponse.Occasion = AssessmentResponse.Occasion.FOLLOW_UP
    filled_in_by: AssessmentResponse.FilledInBy = AssessmentResponse.FilledInBy.WORKER_WITH_CITIZEN
    answered_on: Day | None = None


class AssessmentOut(Schema):
    id: int
    instrument: str
    instrument_version: str
    occasion: str
    answered_on: dt.date
    filled_in_by: str
    answers: dict[str, int]
    raw_score: int | None
    score: int | None
    flags: list[str]


def assessment_out(response: AssessmentResponse) -> AssessmentOut:
    return AssessmentOut(
        id=response.pk,
        instrument=response.instrument,
        instrument_version=response.instrument_version,
        occasion=response.occasion,
        answered_on=response.answered_on,
        filled_in_by=response.filled_in_by,
        answers=response.answers,
        raw_score=response.raw_score,
        score=response.score,
        flags=response.flags,
    )


@router.post(
    "/courses/{course_id}/assessments",
    response={201: AssessmentOut},
    summary="Record a WHO-5, FFB or end-of-course answer set; scored on the server",
)
def assessment_create(
    request: HttpRequest, course_id: int, body: AssessmentIn
) -> Status[AssessmentOut]:
    principal = principal_of(request)
    course = course_get_for_user(actor=principal, course_id=course_id, action=Action.WRITE)
    response = assessment_record(
        actor=principal,
        course=course,
        instrument=body.instrument,
        answers=body.answers,
        occasion=body.occasion,
        filled_in_by=body.filled_in_by,
        answered_on=body.answered_on,
    )
    return Status(201, assessment_out(response))
