"""GET /api/v1/organisation/units and /services, /api/v1/openapi.json and error bodies."""

import pytest

from sporskifte.accounts.models import ApiToken
from sporskifte.accounts.services import api_token_issue
from sporskifte.organisation.models import Membership
from tests.factories import MembershipFactory, ServiceFactory, UnitFactory


@pytest.fixture
def api_client(client, people):
    token = api_token_issue(user=people.worker, scope=ApiToken.Scope.READ).plain
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def test_units_are_listed_with_slugs_kinds_and_parents(api_client) -> None:
    units = {unit["slug"]: unit for unit in api_client.get("/api/v1/organisation/units").json()}
    assert {"skovlyset", "skiftesporet", "polaris", "akuttelefon", "myndighed"} <= set(units)
    assert units["skovlyset"] == {
        "slug": "skovlyset",
        "name": "Skovlyset",
        "kind": "track",
        "parent": "socialpsykiatrien",
        "municipality": "herning",
        "public": True,
    }


def test_services_show_legal_basis_cap_and_hours(api_client) -> None:
    services = {s["slug"]: s for s in api_client.get("/api/v1/organisation/services").json()}
    preventive = services["social-og-sundhedsfremmende-indsats"]
    assert preventive["legal_basis"] == "sel_82b"
    assert preventive["legal_basis_label"] == "Serviceloven § 82 b"
    assert preventive["max_duration_months"] == 6
    assert preventive["grant_required"] is False
    assert preventive["hours"][0] == {"weekday": "mon", "opens": "08:00:00", "closes": "16:00:00"}
    assert [h["weekday"] for h in preventive["hours"]] == ["mon", "tue", "wed", "thu", "fri"]
    assert len(preventive["elements"]) == 9
    assert services["skovlyset-doegn"]["around_the_clock"] is True
    assert services["skovlyset-bostoette"]["legal_basis"] == "sel_85"


def test_a_user_only_sees_the_organisation_of_own_municipality(client, herning) -> None:
    foreign_unit = UnitFactory(slug="elsewhere")
    stranger = MembershipFactory(unit=foreign_unit, role=Membership.Role.WORKER).user
    client.defaults["HTTP_AUTHORIZATION"] = (
        f"Bearer {api_token_issue(user=stranger, scope=ApiToken.Scope.READ).plain}"
    )
    assert [u["slug"] for u in client.get("/api/v1/organisation/units").json()] == ["elsewhere"]


def test_the_outsider_sees_no_units(client, people) -> None:
    client.defaults["HTTP_AUTHORIZATION"] = (
        f"Bearer {api_token_issue(user=people.outsider, scope=ApiToken.Scope.READ).plain}"
    )
    assert client.get("/api/v1/organisation/units").json() == []


@pytest.mark.parametrize("path", ["/api/v1/organisation/units", "/api/v1/organisation/services"])
def test_lists_run_the_same_number_of_queries_for_1_and_50_rows(
    client, db, count_queries, path: str
) -> None:
    unit = UnitFactory()
    ServiceFactory(unit=unit)
    user = MembershipFactory(unit=unit).user
    client.defaults["HTTP_AUTHORIZATION"] = (
        f"Bearer {api_token_issue(user=user, scope=ApiToken.Scope.READ).plain}"
    )
    client.get(path)  # the first use of a token records when it was used
    one = count_queries(lambda: client.get(path))
    for _ in range(49):
        ServiceFactory(unit=UnitFactory(municipality=unit.municipality, parent=unit))
    response = client.get(path)
    assert len(response.json()) == 50
    assert count_queries(lambda: client.get(path)) == one


def test_the_openapi_document_is_public_and_lists_the_endpoints(client, db) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/organisation/units" in paths
    assert "/api/v1/organisation/services" in paths


def test_an_unknown_api_path_answers_json_404(api_client) -> None:
    response = api_client.get("/api/v1/organisation/nothing-here")
    assert response.status_code == 404
