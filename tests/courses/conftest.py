import datetime as dt

import pytest
import time_machine

from sporskifte.citizens.services import citizen_register
from sporskifte.referrals.services import referral_register, referral_triage

# Monday 1 February 2027, 09:00 in Copenhagen: a plain working day.
MONDAY = dt.datetime(2027, 2, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def on_monday():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def accepted_referral(people, on_monday):
    unit = people.worker.memberships.get().unit
    citizen = citizen_register(actor=people.worker, unit=unit, name="Karl", cpr="0101904321")
    referral = referral_register(
        actor=people.worker,
        unit=unit,
        citizen=citizen,
        source="gp",
        reason="x",
        referrer_name="Dr",
    )
    return referral_triage(actor=people.worker, referral=referral, decision="accept", reason="ok")
