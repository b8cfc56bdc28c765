"""The administration: the access policy decides who opens it, and it holds nothing about
citizens."""

import pytest
from django.contrib.admin.sites import site

from sporskifte.audit.models import AccessLog, SecurityEvent
from sporskifte.citizens.services import citizen_register
from sporskifte.organisation.models import Membership
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


def _membership_form(unit, user) -> dict[str, str]:
    return {
        "user": str(user.pk),
        "unit": str(unit.pk),
        "role": "leader",
        "valid_from": "2026-01-01",
        "title": "",
        "phone": "",
        "valid_to": "",
    }


@pytest.mark.parametrize("superuser", [False, True])
def test_nobody_gives_themself_a_role(herning, client_for, superuser: bool) -> None:
    """A role is a relation to citizens: an administrator (or a superuser) who could give
    themself one would read citizen data."""
    admin = MembershipFactory(unit=herning["socialpsykiatrien"], role="administrator").user
    admin.is_superuser = superuser
    admin.save()
    client = client_for(admin)
    response = client.post(
        "/admin/organisation/membership/add/", _membership_form(herning["polaris"], admin)
    )
    assert response.status_code == 200  # the form again, with the error
    assert "Du kan ikke give eller ændre dine egne tilknytninger." in response.text
    assert not Membership.objects.filter(user=admin, role="leader").exists()
    own = Membership.objects.get(user=admin)
    changed = client.post(
        f"/admin/organisation/membership/{own.pk}/change/",
        {**_membership_form(herning["socialpsykiatrien"], admin), "role": "leader"},
    )
    assert changed.status_code == 403  # one's own role can be looked at, not changed
    own.refresh_from_db()
    assert own.role == "administrator"


def test_roles_given_to_others_are_kept_in_the_security_log(people, herning, client_for) -> None:
    admin = MembershipFactory(unit=herning["socialpsykiatrien"], role="administrator").user
    response = client_for(admin).post(
        "/admin/organisation/membership/add/",
        _membership_form(herning["polaris"], people.colleague),
    )
    assert response.status_code == 302
    event = SecurityEvent.objects.get(kind="role_changed")
    assert (event.user, event.username) == (admin, people.colleague.username)


def test_only_a_superuser_sees_superuser_status(herning, client_for, people) -> None:
    admin = MembershipFactory(unit=herning["socialpsykiatrien"], role="administrator").user
    page = client_for(admin).get(f"/admin/accounts/user/{people.worker.pk}/change/")
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.text
