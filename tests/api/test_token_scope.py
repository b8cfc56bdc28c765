"""A read token reads what its user may read and writes nothing: every API operation of the
access matrix, for every role, with a token of the "read" scope."""

import pytest
from django.core.cache import cache

from sporskifte.accounts.models import ApiToken
from sporskifte.accounts.services import api_token_issue
from tests.access import test_matrix as matrix
from tests.access.test_matrix import ROWS, SIGNED_IN, Row, _api_answer, _expected

# The matrix's fixtures: its world and a user for each role.
world = matrix.world
users = matrix.users

# A POST only because its criteria belong in a body, not in an address. (The routing
# recommendation is not here: it changes nothing, but it is a tool of triage, and the policy
# lets only those who may triage, a write, use it.)
READS_BY_POST = {"/api/v1/citizens/search"}
API_ROWS = [row for row in ROWS if row.api is not None and not row.public]


def _is_read(row: Row) -> bool:
    assert row.api is not None
    return row.api.method == "GET" or row.api.path in READS_BY_POST


@pytest.mark.parametrize("row", API_ROWS, ids=[row.what for row in API_ROWS])
def test_a_read_token_reads_as_its_user_and_is_refused_every_write(
    row: Row, world, users, settings
) -> None:
    settings.SELF_REFERRALS_PER_HOUR = 1000
    cache.clear()
    tokens = {
        role: api_token_issue(user=user, scope=ApiToken.Scope.READ).plain
        for role, user in users.items()
        if user is not None
    }
    wrong = []
    for role in sorted(SIGNED_IN):
        answer = _api_answer(row, role, world, users, tokens)
        expected = _expected(row, role, surface="api") if _is_read(row) else 403
        if answer != expected:
            wrong.append(f"{role}: {answer}, expected {expected}")
    assert not wrong, "\n".join(wrong)
