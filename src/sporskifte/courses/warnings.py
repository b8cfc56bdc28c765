"""Warnings before deadlines on a worker's caseload; the thresholds are settings."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from sporskifte.courses.rules import days_left


@dataclass(frozen=True)
class CourseWarning:
    code: str
    message: str


def plan_due_days() -> int:
    """Days after start by which a coping plan should be agreed (COURSE_PLAN_DUE_DAYS): the
    caseload warns by it and the leaders' indicator counts by it."""
    return settings.COURSE_PLAN_DUE_DAYS


def course_warnings(
    *,
    today: dt.date,
    start: dt.date,
    ended_on: dt.date | None,
    latest_end: dt.date | None,
    plan_agreed_on: dt.date | None,
    last_contact: dt.date | None,
) -> list[CourseWarning]:
    if start > today or ended_on is not None:
        return []  # nothing to warn about before a course starts or once it has ended
    warnings = []
    left = days_left(latest_end, today=today)
    if latest_end is not None and left is not None and left <= settings.COURSE_CAP_WARNING_DAYS:
        warnings.append(
            CourseWarning(
                "cap_near",
                _("Forløbet skal slutte senest %(date)s (%(days)s dage).")
                % {"date": f"{latest_end:%d.%m.%Y}", "days": max(left, 0)},
            )
        )
    if plan_agreed_on is None and (today - start).days >= plan_due_days():
        warnings.append(
            CourseWarning(
                "no_coping_plan",
                _("Der er ingen aftalt mestringsstrategiplan %(days)s dage efter start.")
                % {"days": (today - start).days},
            )
        )
    since = last_contact or start
    if (today - since).days >= settings.COURSE_NO_CONTACT_DAYS:
        warnings.append(
            CourseWarning(
                "no_contact",
                _("Ingen kontakt i %(days)s dage.") % {"days": (today - since).days},
            )
        )
    return warnings
