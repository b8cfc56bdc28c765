"""The administration: the access policy decides who opens it, and it holds nothing about
citizens."""

from django.contrib.admin.sites import site

from sporskifte.audit.models import AccessLog
from sporskifte.citizens.services import citizen_register
from tests.factories import MembershipFactory, UserFactory


def test_an_administrator_without_superuser_rights_administers_the_organisation(
    herning, client_for
) -> None:
    admin = MembershipFactory(unit=herning["socialpsykiatrien"], role="administrator").user
    client = client_for(admin)
    index = client.get("/admin/")
    assert index.status_code == 200
    assert "/admin/organisation/unit/" in index.text
    assert "/admin/accounts/user/" in index.text
    assert client.get("/admin/organisation/membership/add/").status_code == 200
    assert client.get("/admin/audit/securityevent/").status_code == 200
    assert client.get("/admin/audit/securityevent/add/").status_code == 403


def test_staff_status_alone_opens_nothing(people, client_for) -> None:
    people.worker.is_staff = True
    people.worker.save()
    response = client_for(people.worker).get("/admin/")
    assert response.status_code == 302
    assert "Administration" not in client_for(people.worker).get("/start/").text


def test_nothing_about_citizens_is_in_the_administration(db) -> None:
    labels = {model._meta.app_label for model in site._registry}
    assert labels.isdisjoint({"citizens", "referrals", "courses", "plans", "assessments", "access"})
    assert AccessLog not in site._registry


def test_a_superuser_opens_the_administration_and_no_citizen(people, client_for, herning) -> None:
    karl = citizen_register(actor=people.worker, unit=herning["polaris"], name="Karl").citizen
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = client_for(root)
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/citizens/{karl.pk}/").status_code == 404
