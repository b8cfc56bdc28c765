"""One person, one record, and nothing tells an unrelated user that a CPR number is known: a
registration of a known number answers as a new one would, links to the person, gives the
registering unit the relation its registration gives (the shared record, not other units'
courses), and is logged where the leaders of every related unit see it."""

import datetime as dt

import pytest
from django.urls import reverse

from sporskifte.access.models import CitizenRelation
from sporskifte.audit.models import AccessLog
from sporskifte.citizens.models import Citizen, Relative
from sporskifte.citizens.selectors import citizen_get_for_user
from sporskifte.citizens.services import citizen_register, citizen_update, relative_add
from sporskifte.core.errors import NotFound
from sporskifte.courses.services import course_start
from sporskifte.referrals.models import Referral
from tests.factories import MembershipFactory

CPR = "0101904321"


def register(api, **body):
    return api.post(
        "/api/v1/citizens", {"name": "Bo Borger", **body}, content_type="application/json"
    )


@pytest.fixture
def known(people, herning):
    """A POLARIS citizen with a CPR number, a relative and a running course."""
    citizen = citizen_register(
        actor=people.worker, unit=herning["polaris"], name="Karl Kendt", cpr=CPR
    ).citizen
    relative_add(actor=people.worker, citizen=citizen, name="Mor")
    return citizen


def test_a_probe_with_a_known_cpr_answers_like_a_new_registration(people, api_for, known) -> None:
    typed = {"name": "Prøve Person", "contact": "12 34 56 78", "income_basis": "loen"}
    probe = register(api_for(people.colleague), cpr=CPR, **typed)
    fresh = register(api_for(people.colleague), cpr="0202904321", **typed)
    assert probe.status_code == fresh.status_code == 201
    answer, new = probe.json(), fresh.json()
    assert answer.keys() == new.keys()
    # The values are what was typed, not the stored record's ...
    assert {k: v for k, v in answer.items() if k not in ("id", "cpr_masked")} == {
        k: v for k, v in new.items() if k not in ("id", "cpr_masked")
    }
    assert answer["name"] == "Prøve Person" != known.name
    # ... and the id is the person's random public id: nothing in it says it is older.
    assert answer["id"] == str(known.public_id)
    assert "existing" not in probe.content.decode()
    assert CPR not in probe.content.decode()
    assert Citizen.objects.filter(cpr_digest=known.cpr_digest).count() == 1


def test_a_known_cpr_links_to_the_person_and_writes_nothing_into_their_record(
    people, herning, known
) -> None:
    """A mistyped number must not write one person's details into another's record: the
    registration links, and what was typed is the answer."""
    registration = citizen_register(
        actor=people.colleague,
        unit=herning["skovlyset"],
        cpr=CPR,
        name="Andet Navn",
        phone="12 34 56 78",
    )
    assert registration.citizen == known
    assert not registration.already_related
    assert (registration.as_registered.name, registration.as_registered.phone) == (
        "Andet Navn",
        "12 34 56 78",
    )
    known.refresh_from_db()
    assert (known.name, known.phone) == ("Karl Kendt", "")


def test_the_registering_unit_reaches_the_shared_record_and_not_other_courses(
    people, herning, client_for, known, accepted_referral
) -> None:
    course = course_start(
        actor=people.worker, referral=accepted_referral, start_date=dt.date(2027, 2, 1)
    )
    citizen_register(actor=people.colleague, unit=herning["skovlyset"], cpr="0101904321", name="X")
    client = client_for(people.colleague)
    page = client.get(reverse("citizens:detail", args=[known.public_id]))
    assert page.status_code == 200
    assert "Mor" in page.text  # the shared record: relatives
    assert client.get(reverse("courses:detail", args=[course.pk])).status_code == 404
    assert CitizenRelation.objects.filter(
        citizen_id=known.pk, unit=herning["skovlyset"], kind="registration"
    ).exists()


def test_every_cpr_look_up_is_logged_without_the_number(people, herning, known) -> None:
    citizen_register(actor=people.colleague, unit=herning["skovlyset"], cpr=CPR, name="X")
    citizen_register(actor=people.colleague, unit=herning["skovlyset"], cpr="0202904321", name="Y")
    look_ups = AccessLog.objects.filter(action="search", purpose="CPR-opslag ved registrering")
    assert list(look_ups.order_by("pk").values_list("citizen_id", "unit__slug", "criteria")) == [
        (None, "polaris", "CPR-nummer"),  # POLARIS registering the person: a miss
        (known.pk, "skovlyset", "CPR-nummer"),  # the hit
        (None, "skovlyset", "CPR-nummer"),  # the miss
    ]
    assert not AccessLog.objects.filter(criteria__contains="0101").exists()


def test_leaders_of_both_units_see_the_registration(people, herning, client_for, known) -> None:
    skovlyset_leader = MembershipFactory(unit=herning["skovlyset"], role="leader").user
    citizen_register(actor=people.colleague, unit=herning["skovlyset"], cpr=CPR, name="X")
    url = reverse("access:access_log")
    for leader in (people.leader, skovlyset_leader):
        text = client_for(leader).get(url, {"citizen": known.pk}).text
        assert "Registrering af borger, der var kendt i forvejen" in text


def test_a_user_who_already_had_the_person_is_told_so(people, client_for, known) -> None:
    response = client_for(people.worker).post(
        reverse("citizens:create"), {"name": "Karl", "cpr": "010190-4321"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("citizens:detail", args=[known.public_id])
    assert "Borgeren var allerede registreret hos jer." in response.text


def test_an_unrelated_user_is_told_nothing_more_than_for_a_new_person(
    people, client_for, known
) -> None:
    response = client_for(people.colleague).post(
        reverse("citizens:create"), {"name": "Karl", "cpr": "010190-4321"}, follow=True
    )
    assert "Borgeren er registreret." in response.text
    assert "allerede" not in response.text


def test_identifying_a_person_later_with_a_known_cpr_merges_the_two(people, herning, known) -> None:
    unknown = citizen_register(
        actor=people.colleague, unit=herning["skovlyset"], name="Ukendt"
    ).citizen
    relative_add(actor=people.colleague, citizen=unknown, name="Bror")
    kept = citizen_update(actor=people.colleague, citizen=unknown, cpr=CPR)
    assert kept == known
    assert set(Relative.objects.filter(citizen=known).values_list("name", flat=True)) == {
        "Mor",
        "Bror",
    }
    unknown.refresh_from_db()
    assert unknown.merged_into == known
    assert not CitizenRelation.objects.filter(citizen_id=unknown.pk, until__isnull=True).exists()
    assert CitizenRelation.objects.filter(
        citizen_id=known.pk, unit=herning["skovlyset"], until__isnull=True
    ).exists()
    with pytest.raises(NotFound):
        citizen_get_for_user(actor=people.colleague, citizen_id=unknown.pk)


def test_the_acute_line_and_the_administration_cannot_register(people, api_for, herning) -> None:
    admin = MembershipFactory(unit=herning["socialpsykiatrien"], role="administrator").user
    for user in (people.acute, admin, people.outsider):
        assert register(api_for(user), name="X").status_code == 404
    assert not Citizen.objects.exists()
    assert not Referral.objects.exists()
