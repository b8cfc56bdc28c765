"""The access matrix: every role of the test people against every endpoint, page and API,
reads and writes, from one table of expected answers.

The table is checked against the URL resolver and the OpenAPI document, so a new endpoint
without a row fails `test_every_endpoint_has_a_row`. A row names the roles that are allowed
and the answer they get; every other signed-in role must get 404 (the same answer as for
something that does not exist), an anonymous visitor the sign-in page (pages) or 401 (API).
A page and its API twin share one row, so they cannot disagree.

Each request runs in a savepoint that is rolled back, so every role meets the same world."""

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sporskifte.accounts.models import ApiToken
from sporskifte.accounts.services import api_token_issue
from sporskifte.api.api import api
from sporskifte.assessments.services import assessment_record
from sporskifte.citizens.services import (
    citizen_register,
    consent_record,
    network_actor_add,
    relative_add,
)
from sporskifte.courses.models import Escalation
from sporskifte.courses.services import (
    appointment_book,
    calendar_feed_secret_issue,
    course_start,
    escalation_decide,
    escalation_write,
    journal_note_write,
)
from sporskifte.organisation.models import Membership, Service
from sporskifte.plans.services import goal_add, plan_version_save
from sporskifte.referrals.services import (
    acute_call_log,
    referral_register,
    referral_triage,
    self_referral_start,
)
from tests.factories import MembershipFactory, UserFactory
from tests.saml_support import local_idp, sp_settings

__all__ = ["local_idp"]  # the fixture, for the rows of single sign-on

WORKER, COLLEAGUE, LEADER = "worker", "colleague", "leader"
AUTHORITY, AUTHORITY_AFTER = "authority before decision", "authority after refusal"
AUTHORITY_GRANTED = "authority after grant"
ACUTE, ADMIN, ENDED, ANONYMOUS = "acute line", "administrator", "membership ended", "anonymous"
ROLES = (
    WORKER,
    COLLEAGUE,
    LEADER,
    AUTHORITY,
    AUTHORITY_AFTER,
    AUTHORITY_GRANTED,
    ACUTE,
    ADMIN,
    ENDED,
    ANONYMOUS,
)
SIGNED_IN = frozenset(ROLES) - {ANONYMOUS}
EVERYONE = frozenset(ROLES)
CASE = frozenset({WORKER, LEADER})  # staff of the unit holding Karl's case
# ... and the authority it was handed to, reading, until a refusal (or the granted service
# starting) ends that.
CASE_AND_AUTHORITY = CASE | {AUTHORITY, AUTHORITY_GRANTED}
AUTHORITIES = frozenset({AUTHORITY, AUTHORITY_AFTER, AUTHORITY_GRANTED})
INTAKE = frozenset({WORKER, LEADER, COLLEAGUE}) | AUTHORITIES
COURSE_STAFF = frozenset({WORKER, LEADER, COLLEAGUE})


@dataclass
class World:
    citizen: str  # the public id pages and the API name a citizen by
    course: int
    waiting_referral: int
    accepted_referral: int
    appointment: int
    note: int
    goal: int
    network_actor: int
    consent: int
    escalation: int
    call: int
    feed_secret: str
    worker_token: str  # the prefix of one of the worker's API tokens


@dataclass(frozen=True)
class Page:
    name: str
    method: str = "GET"
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    data: Callable[[World], dict[str, Any]] = lambda w: {}


@dataclass(frozen=True)
class Api:
    method: str
    path: str  # as in the OpenAPI document
    body: Callable[[World], dict[str, Any]] = lambda w: {}
    params: Callable[[World], dict[str, Any]] = lambda w: {}


@dataclass(frozen=True)
class Row:
    """Who may use an endpoint, and what they get: `page_ok` / `api_ok` are the answers of an
    allowed role. `public` rows answer everyone alike, anonymous included (but for the
    answers in `refused`)."""

    what: str
    allowed: frozenset[str]
    page: Page | None = None
    api: Api | None = None
    page_ok: int = 200
    api_ok: int = 200
    public: bool = False
    refused: dict[str, int] = field(default_factory=dict)  # an answer other than 404
    api_refused: dict[str, int] = field(default_factory=dict)  # ... where the API's differs


def citizen(w: World) -> dict[str, Any]:
    return {"citizen_id": w.citizen}


def course(w: World) -> dict[str, Any]:
    return {"course_id": w.course}


ROWS = [
    # Public pages and documents: the same answer for everyone.
    Row("public contact page", EVERYONE, Page("organisation:public_contact"), public=True),
    Row(
        "sign-in page (the signed-in go on to their start page)",
        EVERYONE,
        Page("accounts:login"),
        public=True,
        refused=dict.fromkeys(SIGNED_IN, 302),
    ),
    Row("sign out", EVERYONE, Page("accounts:logout", "POST"), public=True),
    # Single sign-on (configured here with the local test IdP): the SAML endpoints answer the
    # signed-out, since the browser arrives from the IdP without our session.
    Row(
        "single sign-on: go to the IdP (the signed-in go on to their start page)",
        EVERYONE,
        Page("accounts:saml_login"),
        page_ok=302,
        public=True,
    ),
    Row(
        "single sign-on: the IdP's answer (400 without a SAMLResponse)",
        EVERYONE,
        Page("accounts:saml_acs", "POST"),
        page_ok=400,
        public=True,
    ),
    Row("single sign-on: our SP metadata", EVERYONE, Page("accounts:saml_metadata"), public=True),
    Row(
        "single sign-on: single logout (400 without a SAML message)",
        EVERYONE,
        Page("accounts:saml_sls"),
        page_ok=400,
        public=True,
    ),
    Row("single sign-on: no role gives access here", SIGNED_IN, Page("accounts:no_access")),
    Row(
        "stay signed in (the page's idle warning; 401 says the session has ended)",
        EVERYONE,
        Page("accounts:session_keepalive", "POST"),
        page_ok=204,
        public=True,
        refused={ANONYMOUS: 401},
    ),
    Row(
        "switch language",
        EVERYONE,
        Page("set_language", "POST", data=lambda w: {"language": "en"}),
        page_ok=302,
        public=True,
    ),
    Row("health check", EVERYONE, Page("healthz"), public=True),
    Row("self-referral form", EVERYONE, Page("referrals:self_referral"), public=True),
    Row(
        "self-referral sent from the form",
        EVERYONE,
        Page(
            "referrals:self_referral",
            "POST",
            data=lambda w: {
                "name": "N",
                "contact": "1",
                "need": "x",
                "consent_to_contact": "on",
                "started": self_referral_start(at=time.time() - 60),
            },
        ),
        page_ok=302,
        public=True,
    ),
    Row(
        "self-referral receipt (none sent: back to the form)",
        EVERYONE,
        Page("referrals:self_referral_receipt"),
        page_ok=302,
        public=True,
    ),
    Row(
        "self-referral started",
        EVERYONE,
        api=Api("GET", "/api/v1/public/self-referrals/start"),
        public=True,
    ),
    Row(
        "self-referral sent",
        EVERYONE,
        api=Api(
            "POST",
            "/api/v1/public/self-referrals",
            lambda w: {
                "name": "N",
                "contact": "1",
                "need": "x",
                "consent_to_contact": True,
                "started": self_referral_start(at=time.time() - 60),
            },
        ),
        api_ok=201,
        public=True,
    ),
    Row(
        "calendar feed (a secret link, no names)",
        EVERYONE,
        Page("calendar_feed", kwargs=lambda w: {"secret": w.feed_secret}),
        public=True,
    ),
    Row("API root (nothing there)", EVERYONE, Page("api-v1:api-root"), page_ok=404, public=True),
    Row("API document", EVERYONE, Page("api-v1:openapi-json"), public=True),
    Row("API docs page", EVERYONE, Page("api-v1:openapi-view"), public=True),
    # The staff member's own pages and the organisation's public facts.
    Row("start page", SIGNED_IN, Page("accounts:start")),
    Row("my units", SIGNED_IN, Page("accounts:unit_list")),
    Row("my account", SIGNED_IN, Page("accounts:account")),
    Row("change my password", SIGNED_IN, Page("accounts:password_change")),
    Row(
        "change my password with a wrong current password (the form again)",
        SIGNED_IN,
        Page(
            "accounts:password_change",
            "POST",
            data=lambda w: {
                "old_password": "forkert",
                "new_password1": "x",
                "new_password2": "x",
            },
        ),
    ),
    Row("my sessions", SIGNED_IN, Page("accounts:sessions")),
    Row(
        "end a session (only one's own other sessions; this id is nobody's)",
        frozenset(),
        Page("accounts:session_end", "POST", kwargs=lambda w: {"session_id": 999999}),
    ),
    Row(
        "end all my other sessions",
        SIGNED_IN,
        Page("accounts:sessions_end_others", "POST"),
        page_ok=302,
    ),
    Row("my API tokens", SIGNED_IN, Page("accounts:tokens")),
    Row(
        "issue myself an API token (shown once on the page)",
        SIGNED_IN,
        Page(
            "accounts:tokens",
            "POST",
            data=lambda w: {"name": "Integration", "scope": "read", "days": "30"},
        ),
    ),
    Row(
        "revoke an API token (only one's own)",
        frozenset({WORKER}),
        Page("accounts:token_revoke", "POST", kwargs=lambda w: {"prefix": w.worker_token}),
        page_ok=302,
    ),
    Row(
        "a unit's staff and internal contacts (the administrator administers its staff)",
        CASE | {ADMIN},
        Page("accounts:unit_detail", kwargs=lambda w: {"slug": "polaris"}),
    ),
    # Second factor (one's own; the rule that forces it is tests/accounts/test_mfa.py's).
    Row("my second factors", SIGNED_IN, Page("accounts:mfa")),
    Row("add an authenticator app", SIGNED_IN, Page("accounts:mfa_totp_add")),
    Row(
        "add an authenticator app, a wrong code",
        SIGNED_IN,
        Page("accounts:mfa_totp_add", "POST", data=lambda w: {"code": "000000"}),
    ),
    Row("add a passkey", SIGNED_IN, Page("accounts:mfa_passkey_add")),
    Row(
        "second step of signing in (nothing owed here: on to the start)",
        SIGNED_IN,
        Page("accounts:mfa_verify"),
        page_ok=302,
    ),
    Row(
        "recovery codes (none without a factor: back to the MFA page)",
        SIGNED_IN,
        Page("accounts:mfa_recovery"),
        page_ok=302,
    ),
    Row(
        "remove a second factor (one's own only; this one is nobody's)",
        frozenset(),
        Page("accounts:mfa_remove", kwargs=lambda w: {"kind": "totp", "factor_id": 999999}),
    ),
    Row("units of the municipality", SIGNED_IN, api=Api("GET", "/api/v1/organisation/units")),
    Row("services of the municipality", SIGNED_IN, api=Api("GET", "/api/v1/organisation/services")),
    Row(
        "administration",
        frozenset({ADMIN}),
        Page("admin:index"),
        refused=dict.fromkeys(SIGNED_IN - {ADMIN}, 302),
    ),
    # The citizen's shared record.
    Row(
        "register a citizen",
        INTAKE,
        Page("citizens:create"),
        Api("POST", "/api/v1/citizens", lambda w: {"name": "Ny Borger"}),
        api_ok=201,
    ),
    Row(
        "register a citizen in the page",
        INTAKE,
        Page("citizens:create", "POST", data=lambda w: {"name": "Ny Borger"}),
        page_ok=302,
    ),
    # Anyone related to citizens may search; what each finds is the search's own test.
    Row("find a citizen, the form", INTAKE, Page("citizens:search")),
    Row(
        "find a citizen",
        INTAKE,
        Page("citizens:search", "POST", data=lambda w: {"query": "Karl"}),
        Api("POST", "/api/v1/citizens/search", lambda w: {"query": "Karl"}),
    ),
    Row(
        "read a citizen",
        CASE_AND_AUTHORITY,
        Page("citizens:detail", kwargs=citizen),
        Api("GET", "/api/v1/citizens/{citizen_id}", params=citizen),
    ),
    Row("edit form", CASE, Page("citizens:edit", kwargs=citizen)),
    Row(
        "edit a citizen",
        CASE,
        Page("citizens:edit", "POST", citizen, lambda w: {"name": "Karl K"}),
        page_ok=302,
    ),
    Row("reveal the CPR number", CASE_AND_AUTHORITY, Page("citizens:cpr_show", "POST", citizen)),
    Row(
        "add a relative",
        CASE,
        Page("citizens:relative_add", "POST", citizen, lambda w: {"relative-name": "Mor"}),
        page_ok=302,
    ),
    Row(
        "add a network actor",
        CASE,
        Page(
            "citizens:network_actor_add",
            "POST",
            citizen,
            lambda w: {"actor-kind": "gp", "actor-name": "Dr"},
        ),
        page_ok=302,
    ),
    Row(
        "consent form",
        CASE,
        Page("citizens:consent_add", kwargs=lambda w: {"actor_id": w.network_actor}),
    ),
    Row(
        "record a consent",
        CASE,
        Page(
            "citizens:consent_add",
            "POST",
            lambda w: {"actor_id": w.network_actor},
            lambda w: {"decision": "given", "scope": "alt", "decided_on": "2027-01-31"},
        ),
        page_ok=302,
    ),
    Row(
        "withdraw a consent",
        CASE,
        Page("citizens:consent_withdraw", "POST", lambda w: {"consent_id": w.consent}),
        page_ok=302,
    ),
    Row(
        "progress",
        CASE_AND_AUTHORITY,
        Page("plans:progress", kwargs=citizen),
        Api("GET", "/api/v1/citizens/{citizen_id}/progress", params=citizen),
    ),
    Row("WHO-5 chart", CASE_AND_AUTHORITY, Page("plans:who5_chart", kwargs=citizen)),
    Row("FFB chart", CASE_AND_AUTHORITY, Page("plans:ffb_chart", kwargs=citizen)),
    # Intake.
    Row("intake overview", INTAKE, Page("referrals:intake")),
    Row(
        "referrals of my units",
        INTAKE,
        api=Api("GET", "/api/v1/referrals"),
    ),
    Row(
        "POLARIS's intake queue",
        CASE,
        Page("referrals:queue", kwargs=lambda w: {"slug": "polaris"}),
    ),
    Row(
        "new referral form",
        CASE,
        Page("referrals:create", kwargs=lambda w: {"slug": "polaris"}),
    ),
    Row(
        "register a referral",
        CASE,
        Page(
            "referrals:create",
            "POST",
            lambda w: {"slug": "polaris"},
            lambda w: {
                "name": "Ny",
                "source": "gp",
                "referrer_name": "Dr",
                "reason": "x",
            },
        ),
        Api(
            "POST",
            "/api/v1/referrals",
            lambda w: {
                "citizen_id": w.citizen,
                "unit": "polaris",
                "source": "gp",
                "reason": "x",
                "referrer_name": "Dr",
            },
        ),
        page_ok=302,
        api_ok=201,
    ),
    Row(
        "register a referral at one's own unit for a citizen one may only read",
        frozenset(),
        api=Api(
            "POST",
            "/api/v1/referrals",
            lambda w: {
                "citizen_id": w.citizen,
                "unit": "myndighed",
                "source": "gp",
                "reason": "x",
                "referrer_name": "Dr",
            },
        ),
        api_ok=201,
    ),
    Row(
        "read a referral",
        CASE,
        Page("referrals:detail", kwargs=lambda w: {"referral_id": w.waiting_referral}),
    ),
    Row(
        "triage a referral",
        CASE,
        Page(
            "referrals:detail",
            "POST",
            lambda w: {"referral_id": w.waiting_referral},
            lambda w: {"decision": "decline", "reason": "ok"},
        ),
        Api(
            "POST",
            "/api/v1/referrals/{referral_id}/triage",
            lambda w: {"decision": "decline", "reason": "ok"},
            lambda w: {"referral_id": w.waiting_referral},
        ),
        page_ok=302,
    ),
    Row(
        "routing recommendation",
        INTAKE,
        api=Api("POST", "/api/v1/routing/recommend", lambda w: {"income_basis": "loen"}),
    ),
    Row("acute line", frozenset({ACUTE}), Page("referrals:acute_line")),
    Row(
        "log an acute call",
        frozenset({ACUTE}),
        Page(
            "referrals:acute_line",
            "POST",
            data=lambda w: {
                "received_at": "2027-01-31T22:00",
                "caller_name": "Ole",
                "accepts_next_day_offer": "false",
            },
        ),
        Api(
            "POST",
            "/api/v1/acute-line/calls",
            lambda w: {
                "received_at": "2027-01-31T22:00:00+01:00",
                "caller_name": "Ole",
                "accepts_next_day_offer": False,
            },
        ),
        page_ok=302,
        api_ok=201,
    ),
    Row(
        "read an acute call",
        frozenset({ACUTE}),
        Page("referrals:acute_call", kwargs=lambda w: {"call_id": w.call}),
    ),
    # Courses.
    Row("caseload", COURSE_STAFF, Page("courses:caseload"), Api("GET", "/api/v1/caseload")),
    Row("my day", COURSE_STAFF, Page("courses:today")),
    Row("week calendar", COURSE_STAFF, Page("courses:week")),
    Row("calendar link", COURSE_STAFF, Page("courses:calendar_link")),
    Row(
        "new calendar link",
        COURSE_STAFF,
        Page("courses:calendar_link", "POST"),
    ),
    Row(
        "revoke the calendar link",
        COURSE_STAFF,
        Page("courses:calendar_link", "POST", data=lambda w: {"action": "revoke"}),
        page_ok=302,
    ),
    Row(
        "journal search",
        COURSE_STAFF | AUTHORITIES,
        Page("courses:journal_search", "POST", data=lambda w: {"q": "Karl"}),
    ),
    Row(
        "course start form",
        CASE,
        Page("courses:start", kwargs=lambda w: {"referral_id": w.accepted_referral}),
    ),
    Row(
        "start a course",
        CASE,
        Page(
            "courses:start",
            "POST",
            lambda w: {"referral_id": w.accepted_referral},
            lambda w: {"start_date": "2027-02-01", "agrees_to_take_part": "on"},
        ),
        Api(
            "POST",
            "/api/v1/courses",
            lambda w: {"referral_id": w.accepted_referral, "start_date": "2027-02-01"},
        ),
        page_ok=302,
        api_ok=201,
    ),
    Row(
        "read a course",
        CASE_AND_AUTHORITY,
        Page("courses:detail", kwargs=course),
        Api("GET", "/api/v1/courses/{course_id}", params=course),
    ),
    Row(
        "book an appointment",
        CASE,
        Page(
            "courses:appointment_create",
            "POST",
            course,
            lambda w: {
                "appointment-day": "2027-02-02",
                "appointment-starts": "10:00",
                "appointment-ends": "11:00",
            },
        ),
        Api(
            "POST",
            "/api/v1/courses/{course_id}/appointments",
            lambda w: {"start": "2027-02-02T10:00:00+01:00", "end": "2027-02-02T11:00:00+01:00"},
            course,
        ),
        page_ok=302,
        api_ok=201,
    ),
    Row(
        "write a journal note",
        CASE,
        Page("courses:note_create", "POST", course, lambda w: {"note-text": "Notat"}),
        Api("POST", "/api/v1/courses/{course_id}/notes", lambda w: {"text": "Notat"}, course),
        page_ok=302,
        api_ok=201,
    ),
    Row(
        "end a course",
        CASE,
        Page(
            "courses:end",
            "POST",
            course,
            lambda w: {"end-reason": "self_managing", "end-ended_on": "2027-02-01"},
        ),
        Api(
            "POST",
            "/api/v1/courses/{course_id}/end",
            lambda w: {"reason": "self_managing", "date": "2027-02-01"},
            course,
        ),
        page_ok=302,
    ),
    Row(
        "change the planned end",
        CASE,
        Page(
            "courses:planned_end",
            "POST",
            course,
            lambda w: {"planned_end-planned_end": "2027-05-01"},
        ),
        page_ok=302,
    ),
    Row(
        "record a readmission",
        CASE,
        Page(
            "courses:readmission",
            "POST",
            course,
            lambda w: {"readmission-happened_on": "2027-01-31"},
        ),
        page_ok=302,
    ),
    Row("hand-over form", CASE, Page("courses:escalate", kwargs=course)),
    Row(
        "hand over (one is already waiting: refused by the rule, after the policy let it in)",
        CASE,
        Page(
            "courses:escalate",
            "POST",
            course,
            lambda w: {"needs": "x", "resources": "x", "hopes_and_goals": "x", "tried": "x"},
        ),
        Api(
            "POST",
            "/api/v1/courses/{course_id}/escalations",
            lambda w: {"needs": "x", "resources": "x", "hopes_and_goals": "x", "tried": "x"},
            course,
        ),
        page_ok=422,
        api_ok=409,
    ),
    Row(
        "change an appointment's status",
        CASE,
        Page(
            "courses:appointment_status",
            "POST",
            lambda w: {"appointment_id": w.appointment},
            lambda w: {"status": "cancelled"},
        ),
        Api(
            "POST",
            "/api/v1/appointments/{appointment_id}/status",
            lambda w: {"status": "cancelled"},
            lambda w: {"appointment_id": w.appointment},
        ),
        page_ok=302,
    ),
    Row("note edit form", CASE, Page("courses:note_edit", kwargs=lambda w: {"note_id": w.note})),
    Row(
        "edit a note",
        CASE,
        Page(
            "courses:note_edit",
            "POST",
            lambda w: {"note_id": w.note},
            lambda w: {"note-text": "Ny"},
        ),
        page_ok=302,
    ),
    Row("hand-overs to decide", AUTHORITIES, Page("courses:escalation_queue")),
    Row(
        "read a hand-over",
        CASE_AND_AUTHORITY,
        Page("courses:escalation_detail", kwargs=lambda w: {"escalation_id": w.escalation}),
    ),
    Row(
        "decide a hand-over (once decided: the policy lets the authority in, the rule refuses)",
        frozenset({AUTHORITY, AUTHORITY_GRANTED}),
        Page(
            "courses:escalation_detail",
            "POST",
            lambda w: {"escalation_id": w.escalation},
            lambda w: {"granted": "false", "reason": "nej"},
        ),
        Api(
            "POST",
            "/api/v1/escalations/{escalation_id}/decision",
            lambda w: {"granted": False, "reason": "nej"},
            lambda w: {"escalation_id": w.escalation},
        ),
        page_ok=302,
        refused={AUTHORITY_GRANTED: 422},
        api_refused={AUTHORITY_GRANTED: 409},
    ),
    # Plan, goals and assessments.
    Row(
        "read the plan",
        CASE_AND_AUTHORITY,
        Page("plans:plan", kwargs=course),
        Api("GET", "/api/v1/courses/{course_id}/plan", params=course),
    ),
    Row("the plan as PDF", CASE_AND_AUTHORITY, Page("plans:pdf", kwargs=course)),
    Row(
        "agree a plan version",
        CASE,
        Page(
            "plans:plan",
            "POST",
            course,
            lambda w: {"agreed_on": "2027-02-01", "what_i_do": "Går en tur"},
        ),
        Api("PUT", "/api/v1/courses/{course_id}/plan", lambda w: {"what_i_do": "Går"}, course),
        page_ok=302,
        api_ok=201,
    ),
    Row(
        "add a goal",
        CASE,
        Page("plans:goal_create", "POST", course, lambda w: {"text": "At sove"}),
        Api("POST", "/api/v1/courses/{course_id}/goals", lambda w: {"text": "At sove"}, course),
        page_ok=302,
        api_ok=201,
    ),
    Row(
        "record goal progress",
        CASE,
        Page(
            "plans:goal_progress",
            "POST",
            lambda w: {"goal_id": w.goal},
            lambda w: {"status": "achieved", "noted_on": "2027-02-01"},
        ),
        page_ok=302,
    ),
    Row("questionnaire form", CASE, Page("assessments:record", kwargs=course)),
    Row(
        "record a questionnaire",
        CASE,
        Page(
            "assessments:record",
            "POST",
            course,
            lambda w: {
                "occasion": "follow_up",
                "filled_in_by": "citizen",
                "answered_on": "2027-02-01",
                **{f"item_{n}": "3" for n in range(1, 6)},
            },
        ),
        Api(
            "POST",
            "/api/v1/courses/{course_id}/assessments",
            lambda w: {"instrument": "who5", "answers": [3, 3, 3, 3, 3]},
            course,
        ),
        page_ok=302,
        api_ok=201,
    ),
    # Oversight.
    Row(
        "indicators (staff who lead no unit get a page that says so)",
        frozenset({LEADER}),
        Page("reports:dashboard"),
        Api("GET", "/api/v1/reports/indicators"),
        refused=dict.fromkeys(SIGNED_IN - {LEADER}, 200),
        api_refused=dict.fromkeys(SIGNED_IN - {LEADER}, 404),
    ),
    Row("indicators as CSV", frozenset({LEADER}), Page("reports:csv")),
    Row("indicators as XLSX", frozenset({LEADER}), Page("reports:xlsx")),
    Row("trend chart", frozenset({LEADER}), Page("reports:trend_chart")),
    Row("access log", frozenset({LEADER}), Page("access:access_log")),
]


@pytest.fixture
def world(people, herning, on_monday) -> World:
    """Karl, a POLARIS citizen with a running course, handed over to the granting authority;
    a waiting referral and an accepted one at POLARIS; a call to the acute line."""
    polaris = herning["polaris"]
    karl = _citizen_with_a_relative(people, polaris)
    accepted = referral_triage(
        actor=people.worker,
        referral=referral_register(
            actor=people.worker,
            unit=polaris,
            citizen=karl,
            source="gp",
            reason="x",
            referrer_name="Dr",
        ),
        decision="accept",
        reason="ok",
    )
    karls_course = course_start(
        actor=people.worker, referral=accepted, start_date=dt.date(2027, 2, 1)
    )
    start = dt.datetime(2027, 2, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    appointment = appointment_book(
        actor=people.worker, course=karls_course, start=start, end=start + dt.timedelta(hours=1)
    )
    note = journal_note_write(actor=people.worker, course=karls_course, text="Karl sov godt")
    plan_version_save(
        actor=people.worker,
        course=karls_course,
        sections={"what_i_do": "Går ture"},
        agreed_on=dt.date(2027, 2, 1),
    )
    goal = goal_add(actor=people.worker, course=karls_course, text="At sove")
    assessment_record(
        actor=people.worker, course=karls_course, instrument="who5", answers=[3, 3, 3, 3, 3]
    )
    actor = network_actor_add(actor=people.worker, citizen=karl, kind="gp", name="Dr")
    consent = consent_record(
        actor=people.worker,
        network_actor=actor,
        decision="given",
        scope="alt",
        decided_on=dt.date(2027, 1, 1),
    )
    escalation = escalation_write(
        actor=people.worker,
        course=karls_course,
        needs="x",
        resources="x",
        hopes_and_goals="x",
        tried="x",
    )
    waiting = referral_register(
        actor=people.worker, unit=polaris, citizen=karl, source="gp", reason="y", referrer_name="D"
    )
    second = _citizen_with_a_relative(people, polaris, name="Anna", cpr="")
    waiting_course = referral_triage(
        actor=people.worker,
        referral=referral_register(
            actor=people.worker,
            unit=polaris,
            citizen=second,
            source="gp",
            reason="z",
            referrer_name="D",
        ),
        decision="accept",
        reason="ok",
    )
    call = acute_call_log(
        actor=people.acute,
        received_at=dt.datetime(2027, 1, 31, 21, tzinfo=dt.UTC),
        caller_name="Ole",
        accepts_next_day_offer=False,
    )
    return World(
        citizen=str(karl.public_id),
        course=karls_course.pk,
        waiting_referral=waiting.pk,
        accepted_referral=waiting_course.pk,
        appointment=appointment.pk,
        note=note.pk,
        goal=goal.pk,
        network_actor=actor.pk,
        consent=consent.pk,
        escalation=escalation.pk,
        call=call.pk,
        feed_secret=calendar_feed_secret_issue(actor=people.worker),
        worker_token=api_token_issue(
            user=people.worker, scope=ApiToken.Scope.READ, name="Kalender"
        ).token.prefix,
    )


def _citizen_with_a_relative(people, unit, name: str = "Karl", cpr: str = "0101904321"):
    registered = citizen_register(actor=people.worker, unit=unit, name=name, cpr=cpr)
    relative_add(actor=people.worker, citizen=registered.citizen, name="Mor")
    return registered.citizen


@pytest.fixture
def users(people, herning) -> dict[str, Any]:
    today = dt.date(2027, 2, 1)
    admin = UserFactory(username="admin", is_staff=True)
    MembershipFactory(
        user=admin, unit=herning["polaris-center"], role=Membership.Role.ADMINISTRATOR
    )
    ended = UserFactory(username="former")
    MembershipFactory(
        user=ended,
        unit=herning["polaris"],
        role=Membership.Role.WORKER,
        valid_from=today - dt.timedelta(days=300),
        valid_to=today - dt.timedelta(days=1),
    )
    return {
        WORKER: people.worker,
        COLLEAGUE: people.colleague,
        LEADER: people.leader,
        AUTHORITY: people.authority,
        AUTHORITY_AFTER: people.authority,
        AUTHORITY_GRANTED: people.authority,
        ACUTE: people.acute,
        ADMIN: admin,
        ENDED: ended,
        ANONYMOUS: None,
    }


T = TypeVar("T")


class _Rollback(Exception):
    pass


def _in_savepoint(call: Callable[[], T]) -> T:
    """What `call` returns, with everything it wrote undone."""
    found: list[T] = []
    try:
        with transaction.atomic():
            found.append(call())
            raise _Rollback
    except _Rollback:
        pass
    return found[0]


def _prepare(role: str, world: World, users: dict[str, Any]) -> None:
    if role in (AUTHORITY_AFTER, AUTHORITY_GRANTED):
        granted = role == AUTHORITY_GRANTED
        escalation_decide(
            actor=users[AUTHORITY],
            escalation=Escalation.objects.get(pk=world.escalation),
            granted=granted,
            reason="Afgjort",
            service=Service.objects.get(slug="skovlyset-bostoette") if granted else None,
            start_date=dt.date(2027, 3, 1) if granted else None,
        )


def _page_answer(row: Row, role: str, world: World, users: dict[str, Any]) -> int:
    assert row.page is not None
    client = Client()
    if users[role] is not None:
        client.force_login(users[role])
    url = reverse(row.page.name, kwargs=row.page.kwargs(world))

    def call() -> int:
        _prepare(role, world, users)
        data = row.page.data(world)
        if row.page.method == "GET":
            return client.get(url, data).status_code
        return client.post(url, data).status_code

    return _in_savepoint(call)


def _api_answer(row: Row, role: str, world: World, users: dict[str, Any], tokens: dict) -> int:
    assert row.api is not None
    client = Client()
    if users[role] is not None:
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {tokens[role]}"
    path = row.api.path.format(**row.api.params(world))

    def call() -> int:
        _prepare(role, world, users)
        body = row.api.body(world)
        method = getattr(client, row.api.method.lower())
        if row.api.method == "GET":
            return method(path, body).status_code
        return method(path, body, content_type="application/json").status_code

    return _in_savepoint(call)


def _expected(row: Row, role: str, *, surface: str) -> int:
    ok = row.page_ok if surface == "page" else row.api_ok
    other = row.api_refused if surface == "api" and role in row.api_refused else row.refused
    if row.public or role in row.allowed:
        return other.get(role, ok)
    if role == ANONYMOUS:
        return 302 if surface == "page" else 401
    return other.get(role, 404)


@pytest.mark.parametrize("row", ROWS, ids=[row.what for row in ROWS])
def test_every_role_gets_the_expected_answer(row: Row, world, users, settings, local_idp) -> None:
    settings.SELF_REFERRALS_PER_HOUR = 1000
    sp_settings(settings, local_idp)
    cache.clear()
    tokens = {
        role: api_token_issue(user=user, scope=ApiToken.Scope.READ_WRITE).plain
        for role, user in users.items()
        if user is not None
    }
    wrong = []
    for role in ROLES:
        for surface, answer in (
            ("page", _page_answer(row, role, world, users) if row.page else None),
            ("api", _api_answer(row, role, world, users, tokens) if row.api else None),
        ):
            if answer is None:
                continue
            expected = _expected(row, role, surface=surface)
            if answer != expected:
                wrong.append(f"{role} {surface}: {answer}, expected {expected}")
    assert not wrong, "\n".join(wrong)


def _url_names(patterns: list, namespace: str = "") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            names |= _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_endpoint_has_a_row() -> None:
    """A new page or API operation without a row in ROWS fails here."""
    api_documents = {"api-v1:api-root", "api-v1:openapi-json", "api-v1:openapi-view"}
    pages = {
        name
        for name in _url_names(get_resolver().url_patterns)
        # The admin's own pages sit behind admin:index; API operations are matched by path.
        if not name.startswith(("admin:", "api-v1:")) or name in api_documents
    } | {"admin:index"}
    covered_pages = {row.page.name for row in ROWS if row.page}
    assert pages - covered_pages == set(), "pages without a row in the access matrix"
    operations = {
        (method.upper(), path)
        for path, methods in api.get_openapi_schema()["paths"].items()
        for method in methods
    }
    covered_operations = {(row.api.method, row.api.path) for row in ROWS if row.api}
    assert operations - covered_operations == set(), "API operations without a row"
    assert covered_operations <= operations, "rows for API operations that no longer exist"
