from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from sporskifte.access.policy import Action
from sporskifte.access.principals import principal_of
from sporskifte.assessments.api import AssessmentOut, assessment_out
from sporskifte.assessments.instruments import FFB, instrument_get
from sporskifte.core.dates import Day
from sporskifte.core.errors import NotFound
from sporskifte.core.validation import TEXT_MAX_LENGTH, Line, Text
from sporskifte.courses.selectors import course_get_for_user
from sporskifte.plans import selectors, services
from sporskifte.plans.models import CopingPlanVersion, Goal

router = Router()


class PlanIn(Schema):
    hopes_and_dreams: Text = Field("", max_length=TEXT_MAX_LENGTH)
    goals_in_own_words: Text = Field("", max_length=TEXT_MAX_LENGTH)
    what_matters: Text = Field("", max_length=TEXT_MAX_LENGTH)
    warning_signs: Text = Field("", max_length=TEXT_MAX_LENGTH)
    triggers: Text = Field("", max_length=TEXT_MAX_LENGTH)
    what_i_do: Text = Field("", max_length=TEXT_MAX_LENGTH)
    what_others_do: Text = Field("", max_length=TEXT_MAX_LENGTH)
    crisis_contacts: Text = Field("", max_length=TEXT_MAX_LENGTH)
    agreements: Text = Field("", max_length=TEXT_MAX_LENGTH)
    agreed_on: Day | None = None
    citizen_took_part: bool = True
    relatives_present: Line = Field("", max_length=300)
    staff_present: Line = Field("", max_length=300)


class PlanOut(PlanIn):
    version: int
    current: bool
    written_by: str


def plan_out(version: CopingPlanVersion, *, current: bool) -> PlanOut:
    return PlanOut(
        version=version.number,
        current=current,
        written_by=version.written_by.username,
        agreed_on=version.agreed_on,
        citizen_took_part=version.citizen_took_part,
        relatives_present=version.relatives_present,
        staff_present=version.staff_present,
        **{code: text for code, _label, text in version.sections()},
    )


@router.get("/courses/{course_id}/plan", response=PlanOut, summary="The current agreed plan")
def plan_get(request: HttpRequest, course_id: int) -> PlanOut:
    view = selectors.plan_for_user(actor=principal_of(request), course_id=course_id)
    if view.current is None:
        raise NotFound()
    return plan_out(view.current, current=True)


@router.put(
    "/courses/{course_id}/plan",
    response={201: PlanOut},
    summary="Agree a new version of the plan (earlier versions are kept)",
)
def plan_put(request: HttpRequest, course_id: int, body: PlanIn) -> Status[PlanOut]:
    principal = principal_of(request)
    view = selectors.plan_for_user(actor=principal, course_id=course_id, action=Action.WRITE)
    data = body.dict()
    version = services.plan_version_save(
        actor=principal,
        course=view.course,
        sections={code: data[code] for code in services.SECTION_CODES},
        agreed_on=body.agreed_on,
        citizen_took_part=body.citizen_took_part,
        relatives_present=body.relatives_present,
        staff_present=body.staff_present,
    )
    return Status(201, plan_out(version, current=True))


class GoalIn(Schema):
    text: Text = Field(max_length=TEXT_MAX_LENGTH)
    theme: str = Field("", json_schema_extra={"enum": ["", *instrument_get(FFB).item_codes]})


class GoalOut(Schema):
    id: int
    text: str
    theme: str
    status: str


def goal_out(goal: Goal) -> GoalOut:
    return GoalOut(id=goal.pk, text=goal.text, theme=goal.theme, status=goal.status)


@router.post("/courses/{course_id}/goals", response={201: GoalOut}, summary="Add a goal")
def goal_create(request: HttpRequest, course_id: int, body: GoalIn) -> Status[GoalOut]:
    principal = principal_of(request)
    course = course_get_for_user(actor=principal, course_id=course_id, action=Action.WRITE)
    goal = services.goal_add(actor=principal, course=course, text=body.text, theme=body.theme)
    return Status(201, goal_out(goal))


class ThemeOut(Schema):
    theme: str
    name: str
    baseline: int | None
    latest: int | None
    change: int | None


class ProgressOut(Schema):
    citizen_id: UUID
    who5: list[AssessmentOut]
    who5_change: int | None
    functional_ability: list[ThemeOut]
    goals: list[GoalOut]


@router.get("/citizens/{citizen_id}/progress", response=ProgressOut, summary="Measured progress")
def progress(request: HttpRequest, citizen_id: UUID) -> ProgressOut:
    view = selectors.progress_for_user(actor=principal_of(request), citizen_id=citizen_id)
    return ProgressOut(
        citizen_id=view.citizen.public_id,
        who5=[assessment_out(r) for r in view.who5],
        who5_change=view.who5_change,
        functional_ability=[
            ThemeOut(
                theme=row.code,
                name=row.name,
                baseline=row.baseline,
                latest=row.latest,
                change=row.change,
            )
            for row in view.themes
        ],
        goals=[goal_out(goal) for goal in view.goals],
    )
