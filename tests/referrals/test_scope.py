"""Who finds a referral again: the receiving unit's staff, the acute line its own calls, the
granting authority what is handed to it; everybody else 404. Every read is in the log."""

import datetime as dt

import pytest
import time_machine

from sporskifte.audit.models import AccessLog
from sporskifte.citizens.services import citizen_register
from sporskifte.core.errors import NotFound
from sporskifte.organisation.models import Membership
from sporskifte.referrals import selectors
from sporskifte.referrals.eligibility import eligibility_flags
from sporskifte.referrals.services import acute_call_log, referral_register, referral_triage
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def referral(people):
    unit = people.worker.memberships.get().unit
    citizen = citizen_register(
        actor=people.worker, unit=unit, name="Karl", cpr="0101054321"
    ).citizen
    return referral_register(
        actor=people.worker,
        unit=unit,
        citizen=citizen,
        source="police",
        reason="x",
        referrer_name="Betjent",
    )


def test_the_unit_and_its_leader_see_it_others_get_not_found(people, referral) -> None:
    for user in (people.worker, people.leader):
        assert selectors.referral_get_for_user(actor=user, referral_id=referral.pk) == referral
    for user in (people.colleague, people.authority, people.acute, people.outsider):
        with pytest.raises(NotFound):
            selectors.referral_get_for_user(actor=user, referral_id=referral.pk)


def test_a_membership_that_has_ended_gives_no_access(people, referral, herning) -> None:
    former = UserFactory()
    MembershipFactory(
        user=former,
        unit=herning["polaris"],
        role=Membership.Role.WORKER,
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2021, 1, 1),
    )
    with pytest.raises(NotFound):
        selectors.referral_get_for_user(actor=former, referral_id=referral.pk)


def test_every_read_of_the_queue_is_logged_with_the_unit(people, referral) -> None:
    before = AccessLog.objects.filter(action="read").count()
    selectors.intake_queue(actor=people.worker, unit=referral.unit)
    entry = AccessLog.objects.filter(action="read").latest("id")
    assert AccessLog.objects.filter(action="read").count() == before + 1
    assert (entry.citizen_id, entry.unit_id, entry.actor) == (
        referral.citizen_id,
        referral.unit_id,
        people.worker,
    )


def test_the_granting_authority_sees_what_is_handed_to_it(people, referral) -> None:
    referral_triage(
        actor=people.worker,
        referral=referral,
        decision="to_granting_authority",
        reason="Varigt behov.",
    )
    [handed] = selectors.referral_list_for_user(actor=people.authority, status="new")
    assert handed.forwarded_from_id == referral.pk
    assert handed.citizen_id == referral.citizen_id


@time_machine.travel(dt.datetime(2027, 1, 15, 21, 0, tzinfo=dt.UTC), tick=False)
def test_the_acute_line_sees_its_own_calls_only(people, herning) -> None:
    call = acute_call_log(
        actor=people.acute,
        received_at=dt.datetime(2027, 1, 15, 21, 0, tzinfo=dt.UTC),
        caller_name="Ole",
        accepts_next_day_offer=True,
    )
    assert selectors.acute_calls_for_user(actor=people.acute) == [call]
    with pytest.raises(NotFound):
        selectors.acute_calls_for_user(actor=people.worker)
    with pytest.raises(NotFound):
        selectors.acute_call_get_for_user(actor=people.worker, call_id=call.pk)
    with pytest.raises(NotFound):
        acute_call_log(
            actor=people.worker,
            received_at=dt.datetime(2027, 1, 15, 21, tzinfo=dt.UTC),
            caller_name="x",
            accepts_next_day_offer=False,
        )


@time_machine.travel(dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC))
def test_an_under_26_citizen_is_flagged_not_blocked(people, referral) -> None:
    flags = {flag.code for flag in eligibility_flags(referral)}
    assert "under_preferred_age" in flags  # born 2005: 21 years old
    triaged = referral_triage(
        actor=people.worker, referral=referral, decision="accept", reason="Profiterer af tilbuddet."
    )
    assert triaged.status == "accepted"


def test_the_api_list_runs_a_constant_number_of_queries(
    people, api_for, count_queries, referral
) -> None:
    api = api_for(people.worker)
    api.get("/api/v1/referrals")  # the token's first use records when it was last used
    few = count_queries(lambda: api.get("/api/v1/referrals"))
    unit = referral.unit
    for n in range(4):
        citizen = citizen_register(actor=people.worker, unit=unit, name=f"C{n}").citizen
        referral_register(
            actor=people.worker,
            unit=unit,
            citizen=citizen,
            source="gp",
            reason="x",
            referrer_name="Dr",
        )
    assert count_queries(lambda: api.get("/api/v1/referrals")) == few
