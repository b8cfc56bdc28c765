"""The access log: append-only, written by the helpers, browsable by leaders."""

import datetime as dt

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from sporskifte.audit.models import AccessLog
from sporskifte.audit.services import access_log_record
from sporskifte.core.access import AccessSubject
from tests.factories import AccessLogFactory, UserFactory

URL = reverse("audit:access_log")


def test_a_service_records_who_what_which_citizen_when_and_why(people, herning) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC), tick=False):
        entry = access_log_record(
            actor=people.worker,
            action=AccessLog.Action.UPDATE,
            target=herning["polaris"],
            subject=AccessSubject(citizen_id=42, unit_id=herning["polaris"].pk),
            purpose="Journalnotat",
        )
    entry.refresh_from_db()
    assert (entry.actor, entry.action, entry.citizen_id, entry.purpose) == (
        people.worker,
        "update",
        42,
        "Journalnotat",
    )
    assert entry.object_type == "organisation.unit"
    assert entry.at == dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)


def test_an_anonymous_action_is_logged_without_an_actor(herning) -> None:
    from django.contrib.auth.models import AnonymousUser

    entry = access_log_record(
        actor=AnonymousUser(),
        action="create",
        target=herning["polaris"],
        purpose="Egen henvendelse",
    )
    assert entry.actor is None


def test_an_object_without_a_subject_must_name_one(people) -> None:
    with pytest.raises(TypeError, match="access_log_subject"):
        access_log_record(actor=people.worker, action="read", target=people.worker, purpose="x")


def test_the_database_refuses_to_change_an_entry(db) -> None:
    entry = AccessLogFactory()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=entry.pk).update(purpose="tampered")
    entry.refresh_from_db()
    assert entry.purpose == "Test"


def test_the_database_guards_entries_as_the_docs_say(db) -> None:
    """docs/access-log.md: PostgreSQL refuses DELETE; SQLite keeps DELETE (Django's test flush
    needs it) but carries the trigger that refuses UPDATE."""
    entry = AccessLogFactory()
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            AccessLog.objects.filter(pk=entry.pk).delete()
        assert AccessLog.objects.filter(pk=entry.pk).exists()
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_accesslog'"
            )
            triggers = {row[0] for row in cursor.fetchall()}
        assert triggers == {"audit_accesslog_no_update"}


def test_the_admin_can_neither_add_change_nor_delete(people) -> None:
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    admin = site._registry[AccessLog]
    entry = AccessLogFactory()
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request, entry)
    assert not admin.has_delete_permission(request, entry)


def test_a_leader_sees_entries_of_own_unit_only(people, herning, client_for) -> None:
    AccessLogFactory(
        actor=people.worker, unit=herning["polaris"], citizen_id=7, purpose="Polaris-læsning"
    )
    AccessLogFactory(
        actor=people.colleague, unit=herning["skovlyset"], citizen_id=8, purpose="Skovlyset-læsning"
    )
    response = client_for(people.leader).get(URL)
    assert response.status_code == 200
    assert "Polaris-læsning" in response.text
    assert "Skovlyset-læsning" not in response.text


def test_a_leader_filters_by_user_citizen_and_date(people, herning, client_for) -> None:
    polaris = herning["polaris"]
    AccessLogFactory(
        actor=people.worker,
        unit=polaris,
        citizen_id=1,
        purpose="A",
        at=dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC),
    )
    AccessLogFactory(
        actor=people.leader,
        unit=polaris,
        citizen_id=1,
        purpose="B",
        at=dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC),
    )
    AccessLogFactory(
        actor=people.worker,
        unit=polaris,
        citizen_id=2,
        purpose="C",
        at=dt.datetime(2026, 11, 4, 10, tzinfo=dt.UTC),
    )
    client = client_for(people.leader)

    def purposes(**params: object) -> list[str]:
        response = client.get(URL, params)
        return [entry.purpose for entry in response.context["page"].object_list]

    assert purposes() == ["C", "B", "A"]
    assert purposes(actor=people.worker.pk) == ["C", "A"]
    assert purposes(citizen=1) == ["B", "A"]
    assert purposes(date_from="2026-11-03", date_to="2026-11-03") == ["B"]


def test_date_filters_are_whole_days_in_copenhagen(people, herning, client_for) -> None:
    # 23:30 UTC on 2 November is 00:30 on 3 November in Copenhagen.
    AccessLogFactory(
        unit=herning["polaris"], purpose="late", at=dt.datetime(2026, 11, 2, 23, 30, tzinfo=dt.UTC)
    )
    response = client_for(people.leader).get(
        URL, {"date_from": "2026-11-03", "date_to": "2026-11-03"}
    )
    assert [e.purpose for e in response.context["page"].object_list] == ["late"]
    assert "03.11.2026 00:30" in response.text


def test_a_reversed_date_range_is_explained_next_to_the_field(people, client_for) -> None:
    response = client_for(people.leader).get(
        URL, {"date_from": "2026-11-03", "date_to": "2026-11-01"}
    )
    assert response.context["form"].errors["date_to"] == ["Til-datoen skal ligge efter fra-datoen."]
    assert 'href="#id_date_to"' in response.text


@pytest.mark.parametrize("who", ["worker", "colleague", "authority", "outsider"])
def test_staff_who_are_not_leaders_get_404(people, client_for, who: str) -> None:
    assert client_for(getattr(people, who)).get(URL).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_log_page_runs_the_same_number_of_queries_for_1_and_50_entries(
    people, herning, client_for, count_queries
) -> None:
    client = client_for(people.leader)
    AccessLogFactory(actor=people.worker, unit=herning["polaris"])
    one = count_queries(lambda: client.get(URL))
    AccessLogFactory.create_batch(49, unit=herning["polaris"])
    fifty = count_queries(lambda: client.get(URL))
    assert one == fifty


def test_times_are_shown_in_copenhagen_time(people, herning, client_for) -> None:
    AccessLogFactory(unit=herning["polaris"], at=dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC))
    assert "01.07.2026 14:00" in client_for(people.leader).get(URL).text
