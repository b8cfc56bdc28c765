"""The whole OpenAPI of /api/v1/, generated input for every operation (valid and invalid), called with the token of
every role (and none): no answer is a server error, and every answer has a status code and a
body the OpenAPI documents. Runs in `make test`, so CI runs it on SQLite and on PostgreSQL.

The example count is bounded (SCHEMATHESIS_EXAMPLES, default 15 per operation) so the run
stays within a few minutes on two cores; raise it locally to search harder."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings, strategies
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from sporskifte.accounts.models import ApiToken
from sporskifte.accounts.services import api_token_issue
from sporskifte.courses.services import course_start
from sporskifte.organisation.models import Membership
from sporskifte.wsgi import application
from tests.factories import MembershipFactory, UserFactory

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "15"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture
def tokens(people, herning, accepted_referral) -> dict[str, str]:
    """A token of each role, and a course and referral for the generated ids to find."""
    course_start(
        actor=people.worker,
        referral=accepted_referral,
        start_date=accepted_referral.received_at.date(),
        planned_end=None,
        agrees_to_take_part=True,
        element_codes=[],
        discharged_on=None,
    )
    administrator = UserFactory(username="administrator")
    MembershipFactory(
        user=administrator, unit=herning["polaris"], role=Membership.Role.ADMINISTRATOR
    )
    users = [
        people.worker,
        people.colleague,
        people.leader,
        people.authority,
        people.acute,
        people.outsider,
        administrator,
    ]
    return {
        user.username: api_token_issue(user=user, scope=ApiToken.Scope.READ_WRITE).plain
        for user in users
    }


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Django closes the database connection when a request ends; its test client switches
    that off, schemathesis's WSGI client does not (on PostgreSQL the test's transaction would
    be gone after the first call)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def operations():
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.django_db
def test_no_generated_call_is_a_server_error_or_breaks_the_schema(tokens, settings_) -> None:
    failures = []
    for operation in operations():

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(
            case=strategies.one_of(
                operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
            )
        )
        def call(case) -> None:
            for token in [None, *tokens.values()]:
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                # Each call in a savepoint: on PostgreSQL one failed statement would otherwise
                # fail every call after it, hiding the one that broke.
                with transaction.atomic():
                    case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            call()
        except (Exception, BaseExceptionGroup) as error:  # one run names every operation
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)


@pytest.fixture
def settings_(settings):
    # Generated self-referrals would otherwise meet the rate limit, which is tested elsewhere.
    settings.SELF_REFERRALS_PER_HOUR = 10_000
    return settings
