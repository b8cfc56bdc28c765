"""Lists that grow with the citizen's record or the user's work run a constant number of SQL
queries: one row and several rows cost the same."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from sporskifte.citizens.services import consent_record, network_actor_add, relative_add
from sporskifte.courses.services import (
    appointment_book,
    course_start,
    escalation_write,
    journal_note_write,
)
from sporskifte.plans.services import goal_add, goal_progress_record, plan_version_save
from sporskifte.referrals.services import acute_call_log


@pytest.fixture
def course(people, accepted_referral):
    return course_start(
        actor=people.worker, referral=accepted_referral, start_date=dt.date(2027, 2, 1)
    )


def add_rows(people, course, n: int, first: int) -> None:
    citizen = course.citizen
    for i in range(first, first + n):
        relative_add(actor=people.worker, citizen=citizen, name=f"R{i}")
        actor = network_actor_add(actor=people.worker, citizen=citizen, kind="gp", name=f"A{i}")
        consent_record(
            actor=people.worker,
            network_actor=actor,
            decision="given",
            scope="alt",
            decided_on=dt.date(2027, 1, 1),
        )
        start = dt.datetime(2027, 2, 1 + i, 9, tzinfo=dt.timezone(dt.timedelta(hours=1)))
        if start.weekday() < 5:
            appointment_book(
                actor=people.worker, course=course, start=start, end=start + dt.timedelta(hours=1)
            )
        journal_note_write(actor=people.worker, course=course, text=f"busser {i}")
        goal = goal_add(actor=people.worker, course=course, text=f"Mål {i}")
        goal_progress_record(
            actor=people.worker, goal=goal, status="adjusted", noted_on=dt.date(2027, 2, 1)
        )
        plan_version_save(
            actor=people.worker,
            course=course,
            sections={"what_i_do": f"v{i}"},
            agreed_on=dt.date(2027, 2, 1),
        )


PAGES = {
    "citizen": lambda c: reverse("citizens:detail", args=[c.citizen.public_id]),
    "course": lambda c: reverse("courses:detail", args=[c.pk]),
    "plan": lambda c: reverse("plans:plan", args=[c.pk]),
    "progress": lambda c: reverse("plans:progress", args=[c.citizen.public_id]),
    "week": lambda c: reverse("courses:week") + "?week=2027-02-01",
    "journal search": lambda c: reverse("courses:journal_search"),
    "access log": lambda c: reverse("access:access_log"),
}
POSTED = {"journal search": {"q": "busser"}}  # searched in the body, not the address


@pytest.mark.parametrize("page", PAGES)
def test_pages_cost_the_same_with_more_rows(
    page, people, client_for, count_queries, course
) -> None:
    user = people.leader if page == "access log" else people.worker
    client = client_for(user)
    url = PAGES[page](course)

    def fetch() -> None:
        response = client.post(url, POSTED[page]) if page in POSTED else client.get(url)
        assert response.status_code == 200

    add_rows(people, course, 1, first=0)
    fetch()
    few = count_queries(fetch)
    add_rows(people, course, 4, first=1)
    assert count_queries(fetch) == few


def new_course(people, herning, name: str):
    from sporskifte.citizens.services import citizen_register
    from sporskifte.referrals.services import referral_register, referral_triage

    citizen = citizen_register(actor=people.worker, unit=herning["polaris"], name=name).citizen
    referral = referral_register(
        actor=people.worker,
        unit=herning["polaris"],
        citizen=citizen,
        source="gp",
        reason="x",
        referrer_name="d",
    )
    accepted = referral_triage(
        actor=people.worker, referral=referral, decision="accept", reason="ok"
    )
    return course_start(actor=people.worker, referral=accepted, start_date=dt.date(2027, 2, 1))


def test_the_acute_line_and_the_authority_queue_cost_the_same(
    people, client_for, count_queries, herning, on_monday
) -> None:
    acute, authority = client_for(people.acute), client_for(people.authority)
    call_url, queue_url = reverse("referrals:acute_line"), reverse("courses:escalation_queue")

    def more(n: int, first: int) -> None:
        for i in range(first, first + n):
            acute_call_log(
                actor=people.acute,
                received_at=dt.datetime(2027, 1, 31, 22, tzinfo=dt.UTC),
                caller_name=f"X{i}",
                accepts_next_day_offer=True,
            )
            escalation_write(
                actor=people.worker,
                course=new_course(people, herning, f"C{i}"),
                needs="x",
                resources="x",
                hopes_and_goals="x",
                tried="x",
            )

    more(1, first=0)
    acute.get(call_url)
    authority.get(queue_url)
    calls, queue = (
        count_queries(lambda: acute.get(call_url)),
        count_queries(lambda: authority.get(queue_url)),
    )
    more(4, first=1)
    assert len(re.findall(r'href="/acute/calls/\d+/"', acute.get(call_url).text)) == 5
    assert len(re.findall(r'href="/courses/escalations/\d+/"', authority.get(queue_url).text)) == 5
    assert count_queries(lambda: acute.get(call_url)) == calls
    assert count_queries(lambda: authority.get(queue_url)) == queue


def test_my_day_costs_the_same_with_more_rows(
    people, client_for, count_queries, herning, on_monday
) -> None:
    from sporskifte.citizens.services import citizen_register
    from sporskifte.courses.models import Appointment
    from sporskifte.courses.services import appointment_set_status
    from sporskifte.referrals.services import referral_register

    cet = dt.timezone(dt.timedelta(hours=1))
    url = reverse("courses:today")
    clients = []  # a fresh sign-in after each trip in time (the idle timeout)

    def more(n: int, first: int) -> None:
        for i in range(first, first + n):
            on_monday.move_to(dt.datetime(2027, 2, 1, 9, tzinfo=cet))
            course = new_course(people, herning, f"D{i}")
            booked: list[Appointment] = []
            for hour in (10, 11):
                start = dt.datetime(2027, 2, 1 + i, hour, tzinfo=cet)  # Monday to Friday
                booked.append(
                    appointment_book(
                        actor=people.worker,
                        course=course,
                        start=start,
                        end=start + dt.timedelta(hours=1),
                    )
                )
            on_monday.move_to(dt.datetime(2027, 2, 1 + i, 13, tzinfo=cet))
            appointment_set_status(actor=people.worker, appointment=booked[1], status="held")
            citizen = citizen_register(
                actor=people.leader, unit=herning["polaris"], name=f"N{i}"
            ).citizen
            referral_register(
                actor=people.leader,
                unit=herning["polaris"],
                citizen=citizen,
                source="gp",
                reason="x",
                referrer_name="d",
            )
        on_monday.move_to(dt.datetime(2027, 3, 15, 9, tzinfo=cet))

    def fetch() -> None:
        text = clients[-1].get(url).text
        assert "data-unrecorded" in text
        assert "data-warning" in text

    more(1, first=0)
    clients.append(client_for(people.worker))
    fetch()
    few = count_queries(fetch)
    more(4, first=1)
    clients.append(client_for(people.worker))
    fetch()
    assert count_queries(fetch) == few


def test_finding_citizens_costs_the_same_with_more_found(
    people, client_for, count_queries, herning
) -> None:
    from sporskifte.citizens.services import citizen_register

    client, url = client_for(people.worker), reverse("citizens:search")

    def more(n: int, first: int) -> None:
        for i in range(first, first + n):
            citizen_register(actor=people.worker, unit=herning["polaris"], name=f"Søren {i}")

    def fetch() -> int:
        answer = client.post(url, {"query": "søren"})
        assert answer.status_code == 200
        return len(re.findall(r"Søren \d", answer.text))

    more(1, first=0)
    assert fetch() == 1
    few = count_queries(fetch)
    more(4, first=1)
    assert fetch() == 5
    assert count_queries(fetch) == few


def test_finding_citizens_in_the_api_costs_the_same_with_more_found(
    people, api_for, count_queries, herning
) -> None:
    from sporskifte.citizens.services import citizen_register

    client = api_for(people.worker)

    def more(n: int, first: int) -> None:
        for i in range(first, first + n):
            citizen_register(actor=people.worker, unit=herning["polaris"], name=f"Søren {i}")

    def fetch() -> int:
        answer = client.post(
            "/api/v1/citizens/search", {"query": "søren"}, content_type="application/json"
        )
        assert answer.status_code == 200
        return len(answer.json())

    more(1, first=0)
    assert fetch() == 1
    few = count_queries(fetch)
    more(4, first=1)
    assert fetch() == 5
    assert count_queries(fetch) == few
