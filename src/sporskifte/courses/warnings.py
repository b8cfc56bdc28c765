"""Warnings before deadlines on a worker's caseload; the thresholds are settings."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class CourseWarning:
    code: str
    message: str


def course_warnings(
    *,
    today: dt.date,
    start: dt.date,
    latest_end: dt.date | None,
    plan_agreed_on: dt.date | None,
    last_contact: dt.date | None,
) -> list[CourseWarning]:
    if start > today:
        return []
    warnings = []
    if latest_end is not None:
        days_left = (latest_end - today).days
        if days_left <= settings.COURSE_CAP_WARNING_DAYS:
            warnings.append(
                CourseWarning(
                    "cap_near",
                    _("Forløbet skal slutte senest %(date)s (%(days)s dage).")
                    % {"date": f"{latest_end:%d.%m.%Y}", "days": max(days_left, 0)},
                )
            )
    if plan_agreed_on is None and (today - start).days >= settings.COURSE_PLAN_DUE_DAYS:
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
