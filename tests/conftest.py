"""The base fixture of people every app's tests use (healthchecks' alice/bob/charlie):

- `worker`: a worker at POLARIS (the citizen's unit in later tests),
- `colleague`: a worker at another unit (Skovlyset),
- `leader`: the leader of POLARIS,
- `authority`: a granting-authority adviser,
- `acute`: staff of the acute phone line,
- `outsider`: a signed-in staff member with no membership at all.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sporskifte import settings as project_settings
from sporskifte.accounts.models import User
from sporskifte.organisation.models import Membership, Unit
from sporskifte.organisation.orgfile import parse_organisation_file
from sporskifte.organisation.services import organisation_load
from tests.factories import MembershipFactory, UserFactory

ORG_DATA = Path(__file__).resolve().parent.parent / "src" / "sporskifte" / "organisation" / "data"


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """Rate-limit counters live in the cache; one test's self-referrals must not use up the
    next test's (the live server of the browser tests shares this process's cache)."""
    cache.clear()


@pytest.fixture(autouse=True)
def no_role_requires_a_second_factor(settings) -> None:
    """Tests written before the second factor sign leaders and administrators in with a
    password or force_login and expect their pages; they run as if no role required MFA.
    The second factor's own tests turn the rule back on with `mfa_required`."""
    settings.MFA_REQUIRED_ROLES = []


@pytest.fixture
def mfa_required(settings) -> list[str]:
    """The shipped rule: the roles the project's settings require a second factor of."""
    settings.MFA_REQUIRED_ROLES = list(project_settings.MFA_REQUIRED_ROLES)
    return settings.MFA_REQUIRED_ROLES


@pytest.fixture
def herning(db: None) -> dict[str, Unit]:
    organisation_load(document=parse_organisation_file(ORG_DATA / "herning.yaml"))
    return {unit.slug: unit for unit in Unit.objects.filter(municipality__slug="herning")}


@dataclass
class People:
    worker: User
    colleague: User
    leader: User
    authority: User
    acute: User
    outsider: User


@pytest.fixture
def people(herning: dict[str, Unit]) -> People:
    def member(username: str, unit: str, role: str) -> User:
        user = UserFactory(username=username)
        MembershipFactory(user=user, unit=herning[unit], role=role)
        return user

    return People(
        worker=member("worker", "polaris", Membership.Role.WORKER),
        colleague=member("colleague", "skovlyset", Membership.Role.WORKER),
        leader=member("leader", "polaris", Membership.Role.LEADER),
        authority=member("authority", "myndighed", Membership.Role.GRANTING_AUTHORITY),
        acute=member("acute", "akuttelefon", Membership.Role.ACUTE_LINE),
        outsider=UserFactory(username="outsider"),
    )


@pytest.fixture
def client_for():
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def api_for():
    """A test client that calls the API with a fresh bearer token of `user`."""
    from sporskifte.accounts.models import ApiToken
    from sporskifte.accounts.services import api_token_issue

    def make(user: User) -> Client:
        client = Client()
        client.defaults["HTTP_AUTHORIZATION"] = (
            f"Bearer {api_token_issue(user=user, scope=ApiToken.Scope.READ_WRITE).plain}"
        )
        return client

    return make


@pytest.fixture
def count_queries(db: None):
    """Run `call` and return how many SQL queries it made."""
    from django.db import connection

    def run(call) -> int:
        with CaptureQueriesContext(connection) as context:
            call()
        return len(context.captured_queries)

    return run


# Monday 1 February 2027, 09:00 in Copenhagen: a plain working day.
MONDAY = dt.datetime(2027, 2, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def on_monday():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def accepted_referral(people, on_monday):
    """A referral to POLARIS for citizen Karl, accepted into the § 82 b service."""
    from sporskifte.citizens.services import citizen_register
    from sporskifte.referrals.services import referral_register, referral_triage

    unit = people.worker.memberships.get().unit
    citizen = citizen_register(
        actor=people.worker, unit=unit, name="Karl", cpr="0101904321"
    ).citizen
    referral = referral_register(
        actor=people.worker,
        unit=unit,
        citizen=citizen,
        source="gp",
        reason="x",
        referrer_name="Dr",
    )
    return referral_triage(actor=people.worker, referral=referral, decision="accept", reason="ok")
