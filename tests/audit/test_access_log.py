"""The logs themselves: append-only down to the database, every row with a unit or a reason,
never a CPR number, and a durable security log of sign-ins and refused accesses."""

import datetime as dt

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from sporskifte.access.log import log_access, log_search
from sporskifte.access.policy import Access, Relation
from sporskifte.access.principals import Principal, as_principal
from sporskifte.audit.models import AccessLog, SecurityEvent
from sporskifte.audit.services import loggable_text
from sporskifte.core.subjects import AccessSubject
from tests.factories import AccessLogFactory, UserFactory


def test_a_use_is_logged_with_who_what_whose_when_why_and_through_which_relation(
    people, herning
) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC), tick=False):
        log_access(
            as_principal(people.worker),
            action=AccessLog.Action.UPDATE,
            target=herning["polaris"],
            access=Access(Relation.COURSE, herning["polaris"].pk),
            subject=AccessSubject(citizen_id=42, course_id=7),
            purpose="Journalnotat",
        )
    entry = AccessLog.objects.get()
    assert (entry.actor, entry.action, entry.citizen_id, entry.course_id, entry.purpose) == (
        people.worker,
        "update",
        42,
        7,
        "Journalnotat",
    )
    assert (entry.unit, entry.reason) == (herning["polaris"], "course")
    assert entry.object_type == "organisation.unit"
    assert entry.at == dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)


def test_a_public_form_is_logged_without_an_actor_and_with_its_reason(herning) -> None:
    log_access(
        Principal.anonymous(),
        action="create",
        target=herning["polaris"],
        access=Access(Relation.PUBLIC),
        purpose="Egen henvendelse",
    )
    entry = AccessLog.objects.get()
    assert (entry.actor, entry.unit, entry.reason) == (None, None, "public")


def test_an_object_without_a_subject_must_name_one(people) -> None:
    with pytest.raises(TypeError, match="access_log_subject"):
        log_access(
            as_principal(people.worker),
            action="read",
            target=people.worker,
            access=Access(Relation.UNIT, 1),
            purpose="x",
        )


def test_the_database_refuses_a_row_with_neither_unit_nor_reason(db) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLogFactory(unit=None, reason="course")
    AccessLogFactory(unit=None, reason="system")  # a job names no unit, but says so


def test_a_search_never_logs_a_cpr_number(people, herning) -> None:
    log_search(
        as_principal(people.worker),
        relation=Relation.COURSE,
        unit_ids=[herning["polaris"].pk],
        object_type="courses.journalnote",
        purpose="Søgning",
        criteria="Karl 010190-4321 og 0101904321\x07",
    )
    entry = AccessLog.objects.get()
    assert entry.criteria == "Karl [CPR] og [CPR]"
    assert (entry.action, entry.unit, entry.reason) == ("search", herning["polaris"], "course")


def test_the_database_refuses_to_change_an_entry(db) -> None:
    entry = AccessLogFactory()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=entry.pk).update(purpose="tampered")
    entry.refresh_from_db()
    assert entry.purpose == "Test"


@pytest.mark.parametrize(
    ("table", "make"),
    [
        ("audit_accesslog", lambda: AccessLogFactory()),
        (
            "audit_securityevent",
            lambda: SecurityEvent.objects.create(kind="sign_in_failed", username="x"),
        ),
    ],
)
def test_the_database_guards_both_logs_as_the_docs_say(db, table: str, make) -> None:
    """docs/access-log.md: both databases refuse UPDATE; PostgreSQL also refuses DELETE.
    SQLite keeps DELETE (Django's test flush needs it) but carries the UPDATE trigger."""
    row = make()
    model = type(row)
    with pytest.raises(DatabaseError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            model.objects.filter(pk=row.pk).delete()
        assert model.objects.filter(pk=row.pk).exists()
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
            )
            triggers = {name for (name,) in cursor.fetchall()}
        assert triggers == {f"{table}_no_update"}


def test_the_administration_shows_the_security_log_read_only_and_not_the_access_log(
    db,
) -> None:
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    assert AccessLog not in site._registry  # about citizens: leaders browse it, not admins
    admin = site._registry[SecurityEvent]
    event = SecurityEvent.objects.create(kind="sign_in_failed", username="x")
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request, event)
    assert not admin.has_delete_permission(request, event)


def test_failed_and_successful_sign_ins_are_kept_with_name_and_address(people, client) -> None:
    login = reverse("accounts:login")
    client.post(login, {"username": "worker", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    client.post(
        login,
        {"username": "worker", "password": "correct horse battery staple"},
        REMOTE_ADDR="10.1.2.3",
    )
    client.post(reverse("accounts:logout"), REMOTE_ADDR="10.1.2.3")
    events = list(
        SecurityEvent.objects.order_by("at", "pk").values_list("kind", "username", "address")
    )
    assert events == [
        ("sign_in_failed", "worker", "10.1.2.3"),
        ("signed_in", "worker", "10.1.2.3"),
        ("signed_out", "worker", "10.1.2.3"),
    ]
    assert "wrong" not in str(list(SecurityEvent.objects.values()))  # never the password


def test_a_lockout_is_kept(people, client, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(3):
        client.post(
            reverse("accounts:login"),
            {"username": "worker", "password": "wrong"},
            REMOTE_ADDR="10.1.2.4",
        )
    kinds = list(SecurityEvent.objects.values_list("kind", flat=True))
    assert "locked_out" in kinds


def test_a_refused_access_is_kept_with_the_path_and_not_the_query(people, client_for) -> None:
    client_for(people.colleague).get(
        reverse("courses:detail", args=[999999]) + "?q=secret", REMOTE_ADDR="10.9.9.9"
    )
    event = SecurityEvent.objects.get(kind="access_refused")
    assert (event.user, event.method, event.path, event.address) == (
        people.colleague,
        "GET",
        "/courses/999999/",
        "10.9.9.9",
    )


def test_a_missing_page_is_no_refused_access(people, client_for) -> None:
    client_for(people.worker).get("/no-such-page/")
    assert not SecurityEvent.objects.filter(kind="access_refused").exists()


@pytest.mark.parametrize(
    "typed",
    [
        "0101904321",
        "010190-4321",
        "010190 4321",
        "01 01 90 43 21",
        "0101 904321",
        "01.01.90-4321",
        "01-01-90-4321",
        "010190/4321",
        "010190–4321",
        "01019043210",
        "０１０１９０４３２１",
        "cpr:0101904321",
    ],
)
def test_no_way_of_typing_a_cpr_number_reaches_the_log(typed: str) -> None:
    logged = loggable_text(f"Karl {typed} søvn")
    assert logged == "Karl [CPR] søvn" or logged == "Karl cpr:[CPR] søvn"
    assert not any(char.isdigit() for char in logged)


def test_invisible_formatting_cannot_disguise_a_logged_line() -> None:
    assert loggable_text("abc\u202edcba\u200b x\x00y") == "abc dcba x y"
    assert loggable_text("uge 12 og 2027") == "uge 12 og 2027"  # ordinary numbers stay
