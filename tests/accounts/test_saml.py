"""Single sign-on through a real SAML IdP (the local pysaml2 IdP on 127.0.0.1): the signed
request goes out, the IdP's signed answer comes back to the ACS, and anything wrong in it is
refused and kept in the security log."""

import base64
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from saml2.sigver import SignatureError
from saml2.sigver import security_context as security_context_of

from sporskifte.accounts.authn import SESSION_METHOD, SESSION_NSIS_LEVEL
from sporskifte.accounts.models import User
from sporskifte.accounts.saml import identity_of
from sporskifte.audit.models import SecurityEvent
from sporskifte.organisation.models import Membership
from tests.factories import MembershipFactory, UserFactory
from tests.saml_support import RunningIdp, sp_settings


def security_context(running: RunningIdp) -> Any:
    return security_context_of(running.idp.config)


@pytest.fixture
def sso(settings: Any, local_idp: RunningIdp, herning: Any) -> RunningIdp:
    sp_settings(settings, local_idp)
    metadata = Client().get(reverse("accounts:saml_metadata"))
    local_idp.idp.trust_sp(metadata.content.decode())
    return local_idp


def start_sign_in(client: Client, idp: RunningIdp) -> Any:
    """Our sign-in redirects to the IdP with a signed request; the IdP reads and verifies it."""
    answer = client.get(reverse("accounts:saml_login"))
    assert answer.status_code == 302
    location = urlparse(answer["Location"])
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert "Signature" in query and "SigAlg" in query
    return idp.idp.parse_request(query)


def post_response(client: Client, xml: str) -> Any:
    return client.post(
        reverse("accounts:saml_acs"),
        {"SAMLResponse": base64.b64encode(xml.encode()).decode(), "RelayState": ""},
    )


def refusals() -> list[str]:
    return list(
        SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SSO_REFUSED).values_list(
            "detail", flat=True
        )
    )


def test_a_staff_member_signs_in_with_the_memberships_their_roles_map_to(sso, herning):
    client = Client()
    request = start_sign_in(client, sso)
    xml, _ = sso.idp.response_xml(request, "sso-spor")

    answer = post_response(client, xml)

    assert answer.status_code == 302
    user = User.objects.get(username="sso-spor")
    assert (user.first_name, user.last_name) == ("Sif", "Sporsen")
    assert not user.has_usable_password()
    memberships = {(m.unit.slug, m.role) for m in user.memberships.all()}
    assert memberships == {("skovlyset", "worker"), ("skiftesporet", "worker")}
    assert client.session[SESSION_METHOD] == "saml"
    assert client.session[SESSION_NSIS_LEVEL] == "substantial"
    kinds = list(SecurityEvent.objects.filter(username="sso-spor").values_list("kind", flat=True))
    assert kinds.count(SecurityEvent.Kind.ROLE_CHANGED) == 2
    assert SecurityEvent.Kind.SIGNED_IN in kinds
    assert client.get(answer["Location"]).status_code == 200


def sso_user(username: str, **fields: Any) -> User:
    """A user who signs in through the IdP only (no password of ours)."""
    user = UserFactory(username=username, **fields)
    user.set_unusable_password()
    user.save()
    return user


def test_a_role_no_longer_asserted_ends_and_a_manual_membership_stays(sso, herning):
    user = sso_user("sso-medarbejder")
    manual = MembershipFactory(user=user, unit=herning["akuttelefon"], role="acute_line")
    stale = Membership.objects.create(
        user=user, unit=herning["myndighed"], role="granting_authority", source="sso"
    )
    client = Client()
    xml, _ = sso.idp.response_xml(start_sign_in(client, sso), "sso-medarbejder")

    post_response(client, xml)

    stale.refresh_from_db()
    manual.refresh_from_db()
    assert stale.valid_to is not None
    assert manual.valid_to is None
    active = Membership.objects.filter(user=user, valid_to__isnull=True)
    assert {(m.unit.slug, m.role) for m in active} == {
        ("akuttelefon", "acute_line"),
        ("polaris", "worker"),
    }


def test_a_user_without_a_mapped_role_lands_on_the_no_access_page(sso):
    client = Client()
    xml, _ = sso.idp.response_xml(start_sign_in(client, sso), "sso-uden-rolle")

    answer = post_response(client, xml)

    assert answer["Location"] == reverse("accounts:no_access")
    page = client.get(answer["Location"])
    assert page.status_code == 200
    assert "Ingen adgang" in page.content.decode()


def test_a_tampered_response_is_refused(sso):
    client = Client()
    xml, _ = sso.idp.response_xml(start_sign_in(client, sso), "sso-medarbejder")
    tampered = xml.replace("Signe", "Mallory")
    assert tampered != xml

    answer = post_response(client, tampered)

    assert answer.status_code == 403
    assert not User.objects.filter(username="sso-medarbejder").exists()
    assert refusals() == ["bad signature"]


def test_an_expired_response_is_refused(sso):
    client = Client()
    request = start_sign_in(client, sso)
    with time_machine.travel(-3600):  # the IdP answered an hour ago: 5 minutes' lifetime
        xml, _ = sso.idp.response_xml(request, "sso-medarbejder")

    answer = post_response(client, xml)

    assert answer.status_code == 403
    assert "_auth_user_id" not in client.session
    assert refusals() == ["expired"]


def test_a_response_for_another_audience_is_refused(sso, settings):
    client = Client()
    request = start_sign_in(client, sso)
    xml, _ = sso.idp.response_xml(request, "sso-medarbejder")
    # The same response reaching a service provider it was not issued for.
    settings.SAML_SP_ENTITY_ID = "http://testserver/saml/another-sp"

    answer = post_response(client, xml)

    assert answer.status_code == 403
    assert "_auth_user_id" not in client.session
    assert refusals() == ["wrong audience"]


def test_a_replayed_response_is_refused(sso):
    client = Client()
    xml, _ = sso.idp.response_xml(start_sign_in(client, sso), "sso-medarbejder")
    assert post_response(client, xml).status_code == 302
    client.post(reverse("accounts:logout"))

    again = post_response(client, xml)
    elsewhere = post_response(Client(), xml)

    assert again.status_code == 403
    assert elsewhere.status_code == 403
    assert refusals() == ["unsolicited or replayed", "unsolicited or replayed"]


def test_the_metadata_is_signed_and_names_the_acs(sso):
    answer = Client().get(reverse("accounts:saml_metadata"))

    body = answer.content.decode()
    assert answer.status_code == 200
    # xmlsec1 checks the signature against our certificate (a wrong one raises).
    assert security_context(sso).verify_signature(
        body, str(sso.sp_cert), node_name="urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor"
    )
    with pytest.raises(SignatureError):
        security_context(sso).verify_signature(
            body.replace('WantAssertionsSigned="true"', 'WantAssertionsSigned="false"'),
            str(sso.sp_cert),
            node_name="urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor",
        )
    assert 'AuthnRequestsSigned="true"' in body
    assert 'WantAssertionsSigned="true"' in body
    assert f'Location="http://testserver{reverse("accounts:saml_acs")}"' in body


def test_single_logout_ends_the_session_at_both_ends(sso):
    client = Client()
    xml, _ = sso.idp.response_xml(start_sign_in(client, sso), "sso-leder")
    post_response(client, xml)
    assert client.session[SESSION_NSIS_LEVEL] == "high"

    answer = client.post(reverse("accounts:logout"))

    assert answer.status_code == 302
    assert answer["Location"].startswith(sso.idp.base_url + "/slo/redirect")
    assert "_auth_user_id" not in client.session
    back = Client().get(answer["Location"].replace(sso.idp.base_url, ""))  # not our server
    assert back.status_code == 404


def test_without_configuration_the_saml_addresses_do_not_exist(db):
    assert Client().get(reverse("accounts:saml_metadata")).status_code == 404
    assert Client().get(reverse("accounts:saml_login")).status_code == 404
    assert (
        "organisationens single sign-on"
        not in Client().get(reverse("accounts:login")).content.decode()
    )


def test_a_deactivated_user_is_not_brought_back_by_an_assertion(sso):
    UserFactory(username="sso-leder", is_active=False)
    client = Client()
    xml, _ = sso.idp.response_xml(start_sign_in(client, sso), "sso-leder")

    answer = post_response(client, xml)

    assert answer.status_code == 403
    assert "_auth_user_id" not in client.session
    refused = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SSO_REFUSED)
    assert (refused.username, refused.detail) == ("sso-leder", "user deactivated")


def test_an_assertion_cannot_take_over_a_local_account_with_the_same_user_name(sso):
    local = UserFactory(username="sso-leder")
    client = Client()
    xml, _ = sso.idp.response_xml(start_sign_in(client, sso), "sso-leder")

    answer = post_response(client, xml)

    assert answer.status_code == 403
    assert "_auth_user_id" not in client.session
    assert not local.memberships.exists()
    refused = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SSO_REFUSED)
    assert (refused.username, refused.detail) == ("sso-leder", "local account")


def test_an_unsigned_assertion_is_refused(sso):
    client = Client()
    xml, _ = sso.idp.response_xml(start_sign_in(client, sso), "sso-medarbejder", sign=False)

    answer = post_response(client, xml)

    assert answer.status_code == 403
    assert not User.objects.filter(username="sso-medarbejder").exists()
    assert refusals() == ["bad signature"]


def test_an_encrypted_assertion_is_read_with_our_key(sso):
    client = Client()
    request = start_sign_in(client, sso)
    xml, _ = sso.idp.response_xml(request, "sso-medarbejder", encrypt=True)
    assert "EncryptedAssertion" in xml and "Signe" not in xml

    answer = post_response(client, xml)

    assert answer.status_code == 302
    assert User.objects.get(username="sso-medarbejder").first_name == "Signe"


def test_an_unreachable_idp_gives_a_clear_page_not_an_error(db, settings, local_idp):
    sp_settings(settings, local_idp)
    settings.SAML_IDP_METADATA_FILE = ""
    settings.SAML_IDP_METADATA_URL = "http://127.0.0.1:9/metadata"  # nothing listens there

    answer = Client().get(reverse("accounts:saml_login"))

    assert answer.status_code == 503
    assert "Single sign-on er ikke tilgængeligt" in answer.content.decode()


@pytest.mark.parametrize("field", ["SAMLResponse", "SAMLRequest"])
def test_garbage_at_the_saml_addresses_is_refused_without_an_error(sso, field):
    client = Client()
    xml, _ = sso.idp.response_xml(start_sign_in(client, sso), "sso-leder")
    post_response(client, xml)
    garbage = {field: base64.b64encode(b"<not-saml>\x00</not-saml>").decode()}

    assert client.post(reverse("accounts:saml_acs"), garbage).status_code in (400, 403)
    assert client.get(reverse("accounts:saml_sls"), garbage).status_code in (200, 400, 403)


def test_attribute_values_with_control_characters_or_a_bad_address_are_left_out(settings):
    """XML carries tabs, line breaks and C1 characters as entities; none belongs in a name."""
    identity = identity_of(
        {
            "name_id": None,
            "ava": {
                settings.SAML_ATTRIBUTE_USER_ID: ["sso-spor"],
                settings.SAML_ATTRIBUTE_FIRST_NAME: ["Sif\u0085", "Sif"],
                settings.SAML_ATTRIBUTE_LAST_NAME: ["Spor\nsen"],
                settings.SAML_ATTRIBUTE_EMAIL: ["ikke en adresse"],
            },
        }
    )
    assert (identity.first_name, identity.last_name, identity.email) == ("Sif", "", "")
