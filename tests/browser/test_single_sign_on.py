"""A staff member signs in through the organisation's single sign-on: our sign-in page, the
local SAML IdP (a real pysaml2 IdP on 127.0.0.1), the signed answer POSTed back, and the start
page with the memberships the assertion's job-function roles map to; then single logout."""

import urllib.request

from playwright.sync_api import Page, expect

from sporskifte.accounts.models import User
from tests.browser.conftest import serious_accessibility_violations
from tests.saml_support import local_idp, sp_settings

__all__ = ["local_idp"]


def test_a_staff_member_signs_in_through_the_idp_and_out_again(
    page: Page, live_server, herning, settings, local_idp
) -> None:
    # The IdP is on 127.0.0.1; the same host keeps the browser's cookies same-site.
    base = live_server.url.replace("localhost", "127.0.0.1")
    sp_settings(settings, local_idp, entity_id="http://127.0.0.1/saml/browser-sp")
    with urllib.request.urlopen(f"{base}/saml/metadata/") as metadata:  # noqa: S310
        local_idp.idp.trust_sp(metadata.read().decode())

    page.goto(f"{base}/login/")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("link", name="Log ind med organisationens single sign-on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lokal IdP (kun demo og test)")
    page.get_by_role("button", name="Signe Sørensen (sso-medarbejder)").click()
    page.get_by_role("button", name="Fortsæt til Sporskifte").click()

    # A worker's day starts at "Min dag", as after a password sign-in.
    expect(page).to_have_url(f"{base}/courses/today/")
    page.get_by_role("link", name="Forside", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Goddag, Signe")
    expect(page.get_by_role("main")).to_contain_text("POLARIS")
    user = User.objects.get(username="sso-medarbejder")
    assert [(m.unit.slug, m.role) for m in user.memberships.all()] == [("polaris", "worker")]

    page.get_by_role("button", name="Log af").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Du er logget af")
    page.goto(f"{base}/start/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")


def test_a_staff_member_without_a_role_sees_whom_to_contact(
    page: Page, live_server, herning, settings, local_idp
) -> None:
    base = live_server.url.replace("localhost", "127.0.0.1")
    sp_settings(settings, local_idp, entity_id="http://127.0.0.1/saml/browser-sp")
    settings.SAML_NO_ACCESS_CONTACT = "IT-support på 96 28 28 28"
    with urllib.request.urlopen(f"{base}/saml/metadata/") as metadata:  # noqa: S310
        local_idp.idp.trust_sp(metadata.read().decode())

    page.goto(f"{base}/saml/login/")
    page.get_by_role("button", name="Ulla Udenrolle (sso-uden-rolle)").click()
    page.get_by_role("button", name="Fortsæt til Sporskifte").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ingen adgang")
    expect(page.get_by_role("main")).to_contain_text("Kontakt IT-support på 96 28 28 28")
    assert serious_accessibility_violations(page) == []
