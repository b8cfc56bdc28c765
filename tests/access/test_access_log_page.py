"""The leader's access log: every row through the leader's units and every row about their
units' citizens, whoever the actor, in words, filtered, in constant queries."""

import datetime as dt

import pytest
from django.urls import reverse

from sporskifte.access.models import CitizenRelation
from tests.factories import AccessLogFactory

URL = reverse("access:access_log")


def test_a_leader_sees_entries_through_own_unit_only(people, herning, client_for) -> None:
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
    assert "3. nov. 2026 00:30" in response.text


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
    assert "1. juli 2026 14:00" in client_for(people.leader).get(URL).text


def test_a_leader_sees_every_row_about_the_units_citizens_whoever_the_actor(
    people, herning, client_for
) -> None:
    CitizenRelation.objects.create(
        citizen_id=7, unit=herning["polaris"], kind="referral", source_id=1
    )
    AccessLogFactory(
        actor=people.authority,
        unit=herning["myndighed"],
        reason="escalation",
        citizen_id=7,
        purpose="Myndighedens læsning",
    )
    AccessLogFactory(actor=None, unit=None, reason="system", citizen_id=7, purpose="Job")
    AccessLogFactory(
        actor=people.authority,
        unit=herning["myndighed"],
        reason="escalation",
        citizen_id=8,
        purpose="En anden borger",
    )
    text = client_for(people.leader).get(URL).text
    assert "Myndighedens læsning" in text
    assert "Sporskifte (automatisk job)" in text
    assert "En anden borger" not in text


def test_rows_read_as_sentences(people, herning, client_for) -> None:
    people.worker.first_name, people.worker.last_name = "Mette", "Madsen"
    people.worker.save()
    AccessLogFactory(
        actor=people.worker,
        action="create",
        object_type="courses.journalnote",
        object_id="7",
        course_id=116,
        unit=herning["polaris"],
        reason="course",
    )
    AccessLogFactory(
        actor=people.worker,
        action="search",
        object_type="courses.journalnote",
        object_id="",
        citizen_id=None,
        criteria="søvn",
        unit=herning["polaris"],
        reason="course",
    )
    text = client_for(people.leader).get(URL).text
    assert "Mette Madsen oprettede journalnotat 7 i forløb 116" in text
    assert "Mette Madsen søgte i journalnotater efter »søvn«" in text
    assert "POLARIS Center Herning, afdeling Søndergade: forløb i enheden" in text
    assert "courses.journalnote" not in text


def test_rows_from_before_relations_were_logged_say_so(people, herning, client_for) -> None:
    AccessLogFactory(actor=people.worker, unit=herning["polaris"], reason="legacy")
    assert "før relationerne blev logget" in client_for(people.leader).get(URL).text


def test_a_citizen_id_that_is_not_a_number_is_explained(people, client_for) -> None:
    response = client_for(people.leader).get(URL, {"citizen": "abc"})
    assert response.status_code == 200
    assert response.context["form"].errors["citizen"]


def test_a_unit_sees_a_citizens_rows_only_from_the_day_its_relation_began(
    people, herning, client_for
) -> None:
    began = dt.datetime(2026, 11, 10, tzinfo=dt.UTC)
    CitizenRelation.objects.create(
        citizen_id=7, unit=herning["polaris"], kind="registration", source_id=7, since=began
    )
    for day, purpose in ((9, "Før"), (11, "Efter")):
        AccessLogFactory(
            actor=people.colleague,
            unit=herning["skovlyset"],
            reason="course",
            citizen_id=7,
            purpose=purpose,
            at=dt.datetime(2026, 11, day, tzinfo=dt.UTC),
        )
    purposes = [e.purpose for e in client_for(people.leader).get(URL).context["page"].object_list]
    assert purposes == ["Efter"]


def _written_purposes() -> set[str]:
    """Every PURPOSE… constant (and the CPR look-up's criteria) in the apps' services and
    selectors: the words the log can hold."""
    import importlib
    import pkgutil

    import sporskifte

    found = set()
    for module in pkgutil.walk_packages(sporskifte.__path__, "sporskifte."):
        if module.name.rsplit(".", 1)[-1] not in ("services", "selectors"):
            continue
        loaded = importlib.import_module(module.name)
        found |= {
            value
            for name, value in vars(loaded).items()
            if name.startswith("PURPOSE") and isinstance(value, str)
        }
    return found


def test_every_purpose_the_code_writes_can_be_translated() -> None:
    from sporskifte.access.describe import PURPOSES

    written = _written_purposes()
    assert len(written) > 15
    assert written - PURPOSES == set(), "add the new purpose to access/describe.PURPOSES"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date_from": "2026-02-30"}, "date_from"),
        ({"date_from": "1800-01-01"}, "date_from"),
        ({"date_to": "99999-12-31"}, "date_to"),
        ({"actor": "abc"}, "actor"),
        ({"actor": "99999999999999999999"}, "actor"),
        ({"citizen": "99999999999999999999"}, "citizen"),
    ],
)
def test_impossible_filters_are_field_errors(people, client_for, query, field) -> None:
    response = client_for(people.leader).get(URL, query)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'id="id_{field}_error"' in response.text


def test_in_english_the_rows_and_purposes_are_english(people, herning, client_for) -> None:
    """Needs the English catalogue with this change's strings (`make messages`)."""
    people.worker.first_name, people.worker.last_name = "Mette", "Madsen"
    people.worker.save()
    AccessLogFactory(
        actor=people.worker,
        action="create",
        object_type="courses.journalnote",
        object_id="7",
        course_id=116,
        unit=herning["polaris"],
        reason="course",
        purpose="Journalføring",
    )
    AccessLogFactory(
        actor=people.worker,
        action="search",
        object_type="citizens.citizen",
        object_id="",
        criteria="CPR-nummer",
        unit=herning["polaris"],
        reason="unit",
        purpose="CPR-opslag ved registrering",
    )
    client = client_for(people.leader)
    client.cookies["django_language"] = "en"
    text = client.get(URL).text
    assert "Mette Madsen created journal note 7 in course 116" in text
    assert ">Journal writing</td>" in text
    assert "CPR number" in text and "CPR look-up at registration" in text
    for danish in ("Journalføring", "oprettede", "forløb i enheden", "CPR-opslag"):
        assert danish not in text
