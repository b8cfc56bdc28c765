"""Hostile input is a message next to the field or a 4xx naming it, never a crash, on both
databases: named cases first, then a walk over every form page and API operation."""

import json
import time

import pytest
from django import forms
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from sporskifte.accounts.models import ApiToken
from sporskifte.accounts.services import api_token_issue
from sporskifte.api.api import api
from sporskifte.referrals.services import self_referral_start
from tests.access import test_matrix as matrix
from tests.conftest import MONDAY


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_ends_of_the_calendar_crash_nothing(people, client_for, api_for, day: str) -> None:
    leader = client_for(people.leader)
    log = leader.get(reverse("access:access_log"), {"date_from": day, "date_to": day})
    assert log.status_code == 200
    assert log.context["form"].errors
    assert leader.get(reverse("reports:dashboard"), {"start": day, "end": day}).status_code == 200
    for name in ("reports:csv", "reports:xlsx", "reports:trend_chart"):  # files: a bad request
        assert leader.get(reverse(name), {"start": day, "end": day}).status_code == 400, name
    api = api_for(people.leader).get("/api/v1/reports/indicators", {"from": day})
    assert api.status_code == 422
    assert api.json()["fields"][0]["field"] == "from"
    week = client_for(people.worker).get(reverse("courses:week"), {"week": day})
    assert week.status_code == 200


def test_an_appointment_at_the_end_of_the_calendar_is_refused(
    people, api_for, accepted_referral
) -> None:
    api = api_for(people.worker)
    course = api.post(
        "/api/v1/courses",
        {"referral_id": accepted_referral.pk, "start_date": "2027-02-01"},
        content_type="application/json",
    ).json()
    response = api.post(
        f"/api/v1/courses/{course['id']}/appointments",
        {"start": "9999-12-31T22:00:00Z", "end": "9999-12-31T23:00:00Z"},
        content_type="application/json",
    )
    assert fields_of(response) == {"start", "end"}


def post(api, url, body):
    return api.post(url, body, content_type="application/json")


def fields_of(response) -> set[str]:
    assert response.status_code == 422, response.content
    return {field["field"] for field in response.json()["fields"]}


def test_too_long_text_is_refused_before_the_database(
    people, api_for, accepted_referral, settings
) -> None:
    settings.SELF_REFERRALS_PER_HOUR = 100
    cache.clear()
    worker = api_for(people.worker)
    referral = post(
        worker,
        "/api/v1/referrals",
        {
            "citizen_id": str(accepted_referral.citizen.public_id),
            "unit": "polaris",
            "source": "gp",
            "reason": "x",
            "referrer_name": "D" * 201,
        },
    )
    assert fields_of(referral) == {"referrer_name"}
    call = post(
        api_for(people.acute),
        "/api/v1/acute-line/calls",
        {
            "received_at": "2027-01-31T22:00:00+01:00",
            "caller_name": "O" * 201,
            "accepts_next_day_offer": False,
        },
    )
    assert fields_of(call) == {"caller_name"}
    public = post(
        api_for(people.outsider),
        "/api/v1/public/self-referrals",
        {"name": "N" * 201, "contact": "1" * 301, "need": "x", "consent_to_contact": True},
    )
    assert fields_of(public) == {"name", "contact"}


def test_a_nul_character_is_refused_in_text(people, api_for, accepted_referral) -> None:
    worker = api_for(people.worker)
    citizen = post(worker, "/api/v1/citizens", {"name": "Karl\x00"})
    assert fields_of(citizen) == {"name"}
    course = post(
        worker,
        "/api/v1/courses",
        {"referral_id": accepted_referral.pk, "start_date": "2027-02-01"},
    ).json()
    note = post(worker, f"/api/v1/courses/{course['id']}/notes", {"text": "sov\x00godt"})
    assert fields_of(note) == {"text"}


# The hostile walk: every form page and every API operation of the access matrix, called by a
# role allowed to, with each field in turn set to a value no one should send. No answer may
# be a server error; each call runs in a savepoint that is rolled back.
HUGE = "x" * 100_001
PAGE_VALUES = [
    HUGE,
    "a\x00b",
    "a\x1bb\x07",
    "0001-01-01",
    "9999-12-31T23:59",
    "3.9",
    "99999999999999999999",
]
API_VALUES = [HUGE, "a\x00b", "a\x1bb", "0001-01-01T00:00:00+14:00", "9999-12-31", 3.9, 1e308, None]
# The access matrix's world (Karl with a course, a plan, a handed-over escalation ...) and
# its users of every role.
world = matrix.world
users = matrix.users
ID_VALUES = ["abc", "99999999999999999999", "-1", "1.5"]
# What pages read from the query string besides their forms.
QUERY_PARAMETERS = {"citizen", "instrument", "page", "week"}


def _actor_of(row) -> str:
    return next(role for role in matrix.ROLES if role in row.allowed or row.public)


def _once(rows, key):
    """One row per endpoint, of those some role may use."""
    seen, chosen = set(), []
    for row in rows:
        if (row.allowed or row.public) and key(row) not in seen:
            seen.add(key(row))
            chosen.append(row)
    return chosen


def _form_fields(response) -> set[str]:
    """The names (with prefix) of every field of every form the page rendered."""
    names: set[str] = set()
    contexts = response.context or []
    for context in [contexts] if isinstance(contexts, dict) else contexts:
        values = context.values() if isinstance(context, dict) else context.flatten().values()
        for value in values:
            if isinstance(value, forms.BaseForm):
                names |= {value.add_prefix(name) for name in value.fields}
    return names


@pytest.mark.parametrize(
    "row",
    _once(
        [r for r in matrix.ROWS if r.page and not r.page.name.startswith(("reports:", "admin:"))],
        key=lambda row: (row.page.name, row.page.method),
    ),
    ids=lambda row: row.what,
)
def test_no_form_page_crashes_on_hostile_input(row, world, users, settings) -> None:
    settings.SELF_REFERRALS_PER_HOUR = 100_000
    role = _actor_of(row)
    client = Client()
    if users[role] is not None:
        client.force_login(users[role])
    url = reverse(row.page.name, kwargs=row.page.kwargs(world))
    send = client.get if row.page.method == "GET" else client.post

    def answer(data: dict) -> HttpResponse:
        cache.clear()
        matrix._prepare(role, world, users)
        return send(url, data)

    base = row.page.data(world)
    fields = set(base) | _form_fields(matrix._in_savepoint(lambda: answer(base)))
    if row.page.method == "GET":
        fields |= QUERY_PARAMETERS
    crashed = []
    for name in sorted(fields):
        for value in PAGE_VALUES:
            status = matrix._in_savepoint(
                lambda data={**base, name: value}: answer(data).status_code
            )
            if status >= 500:
                crashed.append(f"{name}={value[:20]!r}: {status}")
    assert not crashed, crashed


def _body_properties(method: str, path: str) -> set[str]:
    operation = api.get_openapi_schema()["paths"][path][method.lower()]
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return set()
    schema = content["schema"]
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = api.get_openapi_schema()["components"]["schemas"][name]
    return set(schema.get("properties", {}))


@pytest.mark.parametrize(
    "row",
    _once(
        [r for r in matrix.ROWS if r.api and "/reports/" not in r.api.path],
        key=lambda row: (row.api.method, row.api.path),
    ),
    ids=lambda row: row.what,
)
def test_no_api_operation_crashes_on_hostile_input(row, world, users, settings) -> None:
    settings.SELF_REFERRALS_PER_HOUR = 100_000
    role = _actor_of(row)
    client = Client()
    if users[role] is not None:
        client.defaults["HTTP_AUTHORIZATION"] = (
            f"Bearer {api_token_issue(user=users[role], scope=ApiToken.Scope.READ_WRITE).plain}"
        )
    params = row.api.params(world)

    def answer(path: str, body: dict) -> int:
        cache.clear()
        matrix._prepare(role, world, users)
        if row.api.method == "GET":
            return client.get(path, body).status_code
        call = getattr(client, row.api.method.lower())
        return call(path, json.dumps(body), content_type="application/json").status_code

    path = row.api.path.format(**params)
    base = row.api.body(world)
    crashed = []
    for name in sorted(set(base) | _body_properties(row.api.method, row.api.path)):
        for value in API_VALUES:
            if row.api.method == "GET" and isinstance(value, list | dict | type(None)):
                continue
            status = matrix._in_savepoint(lambda data={**base, name: value}: answer(path, data))
            if status >= 500:
                crashed.append(f"{name}={str(value)[:20]!r}: {status}")
    for name in params:
        for value in ID_VALUES:
            hostile = row.api.path.format(**{**params, name: value})
            status = matrix._in_savepoint(lambda hostile=hostile: answer(hostile, base))
            if status >= 500:
                crashed.append(f"{name} in path={value!r}: {status}")
    assert not crashed, crashed


def test_the_public_api_refuses_a_huge_need_and_control_characters(people, client) -> None:
    cache.clear()
    body = {
        "name": "Ann",
        "contact": "12345678",
        "consent_to_contact": True,
        "started": self_referral_start(at=time.time() - 60),
    }
    huge = post(client, "/api/v1/public/self-referrals", {**body, "need": "x" * 1_000_000})
    assert fields_of(huge) == {"need"}
    nul = post(client, "/api/v1/public/self-referrals", {**body, "name": "A\x00", "need": "x"})
    assert fields_of(nul) == {"name"}
    bell = post(client, "/api/v1/public/self-referrals", {**body, "contact": "1\x07", "need": "x"})
    assert fields_of(bell) == {"contact"}
    lines = post(client, "/api/v1/public/self-referrals", {**body, "need": "Hjælp\r\n\tnu"})
    assert lines.status_code == 201, lines.content


def test_a_control_character_in_a_form_is_a_message_next_to_the_field(people, client_for) -> None:
    response = client_for(people.worker).post(reverse("citizens:create"), {"name": "Karl\x1b[31m"})
    assert response.status_code == 422
    assert "name" in response.context["form"].errors


def test_the_service_refuses_text_beyond_the_limit_and_control_characters(
    people, accepted_referral
) -> None:
    from sporskifte.core.errors import InvalidInput
    from sporskifte.courses.services import course_start, journal_note_write

    course = course_start(actor=people.worker, referral=accepted_referral, start_date=MONDAY.date())
    with pytest.raises(InvalidInput) as too_long:
        journal_note_write(actor=people.worker, course=course, text="x" * 20_001)
    assert set(too_long.value.fields) == {"text"}
    with pytest.raises(InvalidInput) as control:
        journal_note_write(actor=people.worker, course=course, text="sov\x1bgodt")
    assert set(control.value.fields) == {"text"}


@pytest.mark.parametrize("answer", [3.9, True, "3.5"])
def test_a_who5_answer_must_be_a_whole_number(people, api_for, accepted_referral, answer) -> None:
    worker = api_for(people.worker)
    course = post(
        worker, "/api/v1/courses", {"referral_id": accepted_referral.pk, "start_date": "2027-02-01"}
    ).json()
    response = post(
        worker,
        f"/api/v1/courses/{course['id']}/assessments",
        {"instrument": "who5", "answers": [answer, 3, 3, 3, 3]},
    )
    assert response.status_code == 422
    whole = post(
        worker,
        f"/api/v1/courses/{course['id']}/assessments",
        {"instrument": "who5", "answers": [4, 3, 3, 3, 3]},
    )
    assert whole.json()["answers"]["1"] == 4


def test_the_service_never_rounds_an_answer(people, accepted_referral) -> None:
    from sporskifte.assessments.services import assessment_record
    from sporskifte.core.errors import InvalidInput
    from sporskifte.courses.services import course_start

    course = course_start(actor=people.worker, referral=accepted_referral, start_date=MONDAY.date())
    with pytest.raises(InvalidInput) as error:
        assessment_record(
            actor=people.worker, course=course, instrument="who5", answers=[3.9, 3, 3, 3, 3]
        )
    assert list(error.value.fields) == ["answers.1"]


def test_an_unknown_income_basis_is_refused(people, api_for) -> None:
    response = post(api_for(people.worker), "/api/v1/routing/recommend", {"income_basis": "lotto"})
    assert fields_of(response) == {"income_basis"}


def test_an_unexpected_error_in_the_api_answers_the_json_error_format(
    people, api_for, monkeypatch
) -> None:
    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("sporskifte.accounts.api.selectors.unit_list_for_user", broken)
    response = api_for(people.worker).get("/api/v1/organisation/units")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert set(response.json()) == {"code", "message", "fields"}


def test_the_openapi_documents_limits_and_error_answers(client) -> None:
    def refuse_repeated_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), f"a key twice in the OpenAPI: {keys}"
        return dict(pairs)

    # Swagger UI refuses a document with a key twice (e.g. 429 as int and as "429").
    document = json.loads(
        client.get("/api/v1/openapi.json").content, object_pairs_hook=refuse_repeated_keys
    )
    need = document["components"]["schemas"]["SelfReferralIn"]["properties"]["need"]
    assert need["maxLength"] == 4000
    assert "pattern" in need
    public = document["paths"]["/api/v1/public/self-referrals"]["post"]["responses"]
    assert {"201", "404", "422", "429", "500"} <= set(public)
    units = document["paths"]["/api/v1/organisation/units"]["get"]["responses"]
    assert {"200", "401", "404", "500"} <= set(units)
