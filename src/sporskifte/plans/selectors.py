"""Reads of plans, goals and progress, through the course or citizen scope (and logged)."""

from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Prefetch

from sporskifte.access.policy import Action
from sporskifte.access.principals import AnyActor, as_principal
from sporskifte.access.scoping import scoped_get, scoped_list
from sporskifte.assessments.instruments import FFB, WHO5, instrument_get, is_relevant_who5_change
from sporskifte.assessments.models import AssessmentResponse
from sporskifte.citizens.models import Citizen
from sporskifte.citizens.selectors import citizen_get_for_user
from sporskifte.courses.models import Course
from sporskifte.courses.selectors import course_scope
from sporskifte.organisation.models import Contact, Unit
from sporskifte.plans.models import CopingPlanVersion, Goal, GoalProgress

PURPOSE_PLAN = "Mestringsstrategiplan"
PURPOSE_PROGRESS = "Udvikling over tid"


@dataclass
class PlanView:
    course: Course
    current: CopingPlanVersion | None
    earlier: list[CopingPlanVersion]
    goals: list[Goal]
    acute_contacts: list[Contact]


def _acute_contacts(municipality_id: int) -> list[Contact]:
    return list(
        Contact.objects.filter(
            unit__municipality_id=municipality_id,
            unit__kind=Unit.Kind.ACUTE_LINE,
            visibility=Contact.Visibility.PUBLIC,
        ).select_related("unit")
    )


def plan_for_user(*, actor: AnyActor, course_id: int, action: Action = Action.READ) -> PlanView:
    principal = as_principal(actor)
    queryset = (
        course_scope(principal, action)
        .apply(Course.objects.all())
        .select_related("citizen", "service", "unit")
    )
    course = scoped_get(queryset, principal=principal, purpose=PURPOSE_PLAN, pk=course_id)
    versions = list(
        CopingPlanVersion.objects.filter(plan__course=course)
        .select_related("written_by", "plan__course")
        .order_by("-number")
    )
    goals = list(
        Goal.objects.filter(course=course).prefetch_related(
            Prefetch("progress", queryset=GoalProgress.objects.select_related("written_by"))
        )
    )
    return PlanView(
        course=course,
        current=versions[0] if versions else None,
        earlier=versions[1:],
        goals=goals,
        acute_contacts=_acute_contacts(course.municipality_id),
    )


def goal_get_for_user(*, actor: AnyActor, goal_id: int, action: Action = Action.READ) -> Goal:
    principal = as_principal(actor)
    return scoped_get(
        course_scope(principal, action, via="course__")
        .apply(Goal.objects.all())
        .select_related("course"),
        principal=principal,
        purpose=PURPOSE_PLAN,
        pk=goal_id,
    )


@dataclass
class ThemeRow:
    code: str
    name: str
    baseline: int | None
    latest: int | None

    @property
    def change(self) -> int | None:
        if self.baseline is None or self.latest is None:
            return None
        return self.latest - self.baseline


@dataclass
class Progress:
    citizen: Citizen
    who5: list[AssessmentResponse] = field(default_factory=list)
    themes: list[ThemeRow] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    end_of_course: list[AssessmentResponse] = field(default_factory=list)

    @property
    def who5_change(self) -> int | None:
        scores = [r.score for r in self.who5 if r.score is not None]
        return scores[-1] - scores[0] if len(scores) >= 2 else None

    @property
    def who5_change_is_relevant(self) -> bool:
        change = self.who5_change
        return change is not None and is_relevant_who5_change(change)


def progress_for_user(*, actor: AnyActor, citizen_id: int | UUID) -> Progress:
    """WHO-5 over time, each FFB theme at baseline vs latest, goals and end-of-course answers,
    from the courses the principal may read."""
    principal = as_principal(actor)
    citizen = citizen_get_for_user(actor=principal, citizen_id=citizen_id, purpose=PURPOSE_PROGRESS)
    in_scope = course_scope(principal, Action.READ, via="course__")
    responses = scoped_list(
        in_scope.apply(AssessmentResponse.objects.filter(citizen=citizen))
        .select_related("course")
        .order_by("answered_on", "created_at", "pk"),
        principal=principal,
        purpose=PURPOSE_PROGRESS,
    )
    ffb = [r for r in responses if r.instrument == FFB]
    themes = [
        ThemeRow(
            code=item.code,
            name=str(item.text),
            baseline=ffb[0].answers.get(item.code) if ffb else None,
            latest=ffb[-1].answers.get(item.code) if len(ffb) > 1 else None,
        )
        for item in instrument_get(FFB).items
    ]
    goals = scoped_list(
        in_scope.apply(Goal.objects.filter(course__citizen=citizen))
        .select_related("course")
        .prefetch_related("progress")
        .order_by("created_at"),
        principal=principal,
        purpose=PURPOSE_PROGRESS,
    )
    return Progress(
        citizen=citizen,
        who5=[r for r in responses if r.instrument == WHO5],
        themes=themes,
        goals=goals,
        end_of_course=[r for r in responses if r.instrument == "end_of_course"],
    )
