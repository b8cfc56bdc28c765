"""Finding a citizen: by a part of the name, a whole CPR number or a receipt number, only
among the citizens the searcher's units are related to, posted and logged with its criteria."""

import pytest
from django.urls import reverse

from sporskifte.audit.models import AccessLog
from sporskifte.citizens.selectors import PURPOSE_SEARCH
from sporskifte.citizens.services import citizen_register
from sporskifte.referrals.models import Referral
from sporskifte.referrals.services import referral_register

URL = reverse("citizens:search")
API = "/api/v1/citizens/search"
CPR = "0101904321"


@pytest.fixture
def karl(people, herning):
    return citizen_register(
        actor=people.worker, unit=herning["polaris"], name="Karl Hansen", cpr=CPR
    ).citizen


def found(response) -> bool:
    return "Karl Hansen" in response.text


@pytest.mark.parametrize("query", ["karl", "HANS", "010190-4321", "0101904321", "0101 904321"])
def test_a_worker_finds_her_citizen_by_name_or_whole_cpr(people, client_for, karl, query) -> None:
    response = client_for(people.worker).post(URL, {"query": query})
    assert response.status_code == 200
    assert found(response)
    assert reverse("citizens:detail", args=[karl.public_id]) in response.text
    assert "010190-xxxx" in response.text


@pytest.mark.parametrize("query", ["010190", "4321", "01019043", "01019043210"])
def test_a_part_of_a_cpr_number_is_refused_not_matched(people, client_for, karl, query) -> None:
    response = client_for(people.worker).post(URL, {"query": query})
    assert response.status_code == 422
    assert "Skriv hele CPR-nummeret" in response.text
    assert not found(response)


def test_a_receipt_number_finds_the_referrals_citizen(people, client_for, karl, herning) -> None:
    referral = referral_register(
        actor=people.worker,
        unit=herning["polaris"],
        citizen=karl,
        source="gp",
        reason="x",
        referrer_name="Dr",
    )
    response = client_for(people.worker).post(URL, {"query": referral.receipt.lower()})
    assert found(response)


def test_a_receipt_number_of_digits_only_is_found_too(people, client_for, karl, herning) -> None:
    referral = referral_register(
        actor=people.worker,
        unit=herning["polaris"],
        citizen=karl,
        source="gp",
        reason="x",
        referrer_name="Dr",
    )
    Referral.objects.filter(pk=referral.pk).update(receipt="23456789")
    assert found(client_for(people.worker).post(URL, {"query": "23456789"}))
    row = AccessLog.objects.get(action="search", purpose=PURPOSE_SEARCH)
    assert row.criteria == "Kvitteringsnummer"


def test_another_units_referral_is_not_confirmed_by_its_receipt(
    people, client_for, karl, herning
) -> None:
    """Karl is the worker's citizen, but the referral is Skovlyset's: its receipt number
    must not tell her that it is Karl's."""
    referral = referral_register(
        actor=people.worker,
        unit=herning["polaris"],
        citizen=karl,
        source="gp",
        reason="x",
        referrer_name="Dr",
    )
    Referral.objects.filter(pk=referral.pk).update(unit=herning["skovlyset"])
    assert found(client_for(people.worker).post(URL, {"query": "Karl"}))
    assert not found(client_for(people.worker).post(URL, {"query": referral.receipt}))


def test_a_citizen_of_another_unit_is_not_found(people, client_for, karl) -> None:
    for query in ("Karl", CPR):
        response = client_for(people.colleague).post(URL, {"query": query})
        assert response.status_code == 200
        assert not found(response)
        assert "Ingen borgere, du har adgang til, matcher søgningen." in response.text


def test_roles_that_reach_no_citizen_get_404(people, client_for, karl) -> None:
    for who in (people.acute, people.outsider):
        assert client_for(who).get(URL).status_code == 404
        assert client_for(who).post(URL, {"query": "Karl"}).status_code == 404


@pytest.mark.parametrize("query", ["", "   ", "a\x00b", "x" * 201])
def test_bad_input_is_a_field_error(people, client_for, karl, query) -> None:
    response = client_for(people.worker).post(URL, {"query": query})
    assert response.status_code == 422
    assert "form-error-message" in response.text


def test_the_search_is_logged_with_its_criteria_and_a_cpr_never_with_its_digits(
    people, client_for, karl
) -> None:
    client = client_for(people.worker)
    client.post(URL, {"query": "Karl"})
    client.post(URL, {"query": "010190-4321"})
    searches = AccessLog.objects.filter(action="search", purpose=PURPOSE_SEARCH)
    assert [row.criteria for row in searches.order_by("pk")] == ["Karl", "CPR-nummer"]
    assert {row.unit.slug for row in searches} == {"polaris"}
    reads = AccessLog.objects.filter(action="read", purpose=PURPOSE_SEARCH)
    assert reads.count() == 2
    assert {row.citizen_id for row in reads} == {karl.pk}
    assert not any("4321" in (row.criteria + row.object_id) for row in AccessLog.objects.all())


def test_the_form_posts_so_the_query_never_is_in_the_address(people, client_for, karl) -> None:
    page = client_for(people.worker).get(URL, {"query": CPR})
    assert 'method="post"' in page.text
    assert not found(page)
    assert not AccessLog.objects.filter(action="search", purpose=PURPOSE_SEARCH).exists()


def test_the_api_answers_as_the_page(people, client_for, api_for, karl) -> None:
    answer = api_for(people.worker).post(
        API, {"query": "010190-4321"}, content_type="application/json"
    )
    assert answer.status_code == 200
    assert answer.json() == [
        {"id": str(karl.public_id), "name": "Karl Hansen", "cpr_masked": "010190-xxxx"}
    ]
    refused = api_for(people.worker).post(API, {"query": "010190"}, content_type="application/json")
    assert refused.status_code == 422
    assert [f["field"] for f in refused.json()["fields"]] == ["query"]
    outside = api_for(people.colleague).post(
        API, {"query": "Karl"}, content_type="application/json"
    )
    assert outside.json() == []
    assert (
        api_for(people.acute)
        .post(API, {"query": "Karl"}, content_type="application/json")
        .status_code
        == 404
    )


def test_the_granting_authority_finds_a_citizen_handed_to_it_only(people, client_for, karl) -> None:
    assert not found(client_for(people.authority).post(URL, {"query": "Karl"}))


def test_many_citizens_get_the_access_each_would_get_alone(people, karl, herning) -> None:
    from sporskifte.access.policy import Action
    from sporskifte.access.selectors import citizen_access, citizen_accesses
    from sporskifte.core.errors import NotFound

    ida = citizen_register(actor=people.colleague, unit=herning["skovlyset"], name="Ida").citizen
    ids = [karl.pk, ida.pk]
    for user in (people.worker, people.leader, people.colleague):
        many = citizen_accesses(user, citizen_ids=ids, action=Action.READ)
        for pk in ids:
            try:
                alone = citizen_access(user, citizen_id=pk, action=Action.READ)
            except NotFound:
                alone = None
            assert many.get(pk) == alone
