"""A § 82 b course for Karl at POLARIS, and booking in it."""

import datetime as dt

import pytest

from sporskifte.courses.models import Appointment, Course
from sporskifte.courses.services import appointment_book, course_start


@pytest.fixture
def course(people, accepted_referral) -> Course:
    return course_start(
        actor=people.worker,
        referral=accepted_referral,
        start_date=dt.date(2027, 2, 1),
        element_codes=["daily_structure"],
    )


def book(people, course, day: int, hour: int) -> Appointment:
    start = dt.datetime(2027, 2, day, hour, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    return appointment_book(
        actor=people.worker,
        course=course,
        start=start,
        end=start + dt.timedelta(hours=1),
        element_code="daily_structure",
    )
