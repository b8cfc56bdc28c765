"""The coping-strategy plan and the citizen's goals. Each write is one transaction and logged."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sporskifte.access.log import log_access
from sporskifte.access.policy import Action
from sporskifte.access.principals import AnyActor, as_principal
from sporskifte.accounts.services import user_of
from sporskifte.assessments.instruments import FFB, instrument_get
from sporskifte.audit.models import AccessLog
from sporskifte.core.errors import Conflict, InvalidInput
from sporskifte.core.validation import validate_model
from sporskifte.courses.models import Course
from sporskifte.courses.selectors import course_access
from sporskifte.plans.models import PLAN_SECTIONS, CopingPlan, CopingPlanVersion, Goal, GoalProgress

PURPOSE = "Mestringsstrategiplan og mål"
SECTION_CODES = tuple(code for code, _label in PLAN_SECTIONS)


@transaction.atomic
def plan_version_save(
    *,
    actor: AnyActor,
    course: Course,
    sections: dict[str, str],
    agreed_on: dt.date | None = None,
    citizen_took_part: bool = True,
    relatives_present: str = "",
    staff_present: str = "",
) -> CopingPlanVersion:
    """Record a new agreed version of the plan; earlier versions are kept unchanged."""
    principal = as_principal(actor)
    access = course_access(principal, course, Action.WRITE)
    user = user_of(principal)
    if course.ended_on is not None:
        raise Conflict(_("Forløbet er afsluttet."))
    unknown = set(sections) - set(SECTION_CODES)
    if unknown:
        raise InvalidInput(fields={name: [_("Ukendt afsnit.")] for name in sorted(unknown)})
    texts = {code: (sections.get(code) or "").strip() for code in SECTION_CODES}
    if not any(texts.values()):
        raise InvalidInput(fields={"goals_in_own_words": [_("Skriv mindst ét afsnit af planen.")]})
    day = agreed_on or timezone.localdate()
    if day < course.start_date or day > timezone.localdate():
        raise InvalidInput(
            fields={"agreed_on": [_("Datoen skal ligge i forløbet og ikke i fremtiden.")]}
        )
    plan, _created = CopingPlan.objects.select_for_update().get_or_create(
        course=course, defaults={"recorded_by": user}
    )
    number = (plan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = CopingPlanVersion(
        plan=plan,
        number=number,
        agreed_on=day,
        citizen_took_part=citizen_took_part,
        relatives_present=relatives_present.strip(),
        staff_present=staff_present.strip(),
        written_by=user,
        **texts,
    )
    validate_model(version)
    version.save()
    plan.agreed_on = day
    plan.save(update_fields=["agreed_on"])
    log_access(
        principal, action=AccessLog.Action.CREATE, target=version, access=access, purpose=PURPOSE
    )
    return version


def _check_theme(theme: str) -> str:
    theme = theme.strip()
    if theme and theme not in instrument_get(FFB).item_codes:
        raise InvalidInput(fields={"theme": [_("Ukendt funktionsevnetema.")]})
    return theme


@transaction.atomic
def goal_add(*, actor: AnyActor, course: Course, text: str, theme: str = "") -> Goal:
    principal = as_principal(actor)
    access = course_access(principal, course, Action.WRITE)
    user = user_of(principal)
    if course.ended_on is not None:
        raise Conflict(_("Forløbet er afsluttet."))
    if not text.strip():
        raise InvalidInput(fields={"text": [_("Skriv målet med borgerens egne ord.")]})
    goal = Goal(course=course, text=text.strip(), theme=_check_theme(theme), created_by=user)
    validate_model(goal)
    goal.save()
    log_access(
        principal, action=AccessLog.Action.CREATE, target=goal, access=access, purpose=PURPOSE
    )
    return goal


@transaction.atomic
def goal_progress_record(
    *, actor: AnyActor, goal: Goal, status: str, note: str = "", noted_on: dt.date | None = None
) -> GoalProgress:
    principal = as_principal(actor)
    access = course_access(principal, goal.course, Action.WRITE)
    user = user_of(principal)
    if status not in Goal.Status.values:
        raise InvalidInput(fields={"status": [_("Vælg en status.")]})
    day = noted_on or timezone.localdate()
    if day > timezone.localdate():
        raise InvalidInput(fields={"noted_on": [_("Datoen kan ikke ligge i fremtiden.")]})
    progress = GoalProgress(
        goal=goal, status=status, note=note.strip(), noted_on=day, written_by=user
    )
    validate_model(progress)
    progress.save()
    goal.status = status
    goal.save(update_fields=["status"])
    log_access(
        principal, action=AccessLog.Action.UPDATE, target=goal, access=access, purpose=PURPOSE
    )
    return progress
