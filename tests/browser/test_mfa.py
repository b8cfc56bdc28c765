"""An administrator must set up a second factor before anything else: with an authenticator
app (the test computes the app's codes from the secret the page shows) and, for a leader, with
a passkey held by Chromium's virtual authenticator. Both run under the app's real CSP."""

from base64 import b32decode
from collections.abc import Iterator

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Browser, Page, expect

from sporskifte.organisation.models import Membership
from tests.factories import PASSWORD, MembershipFactory, UserFactory


@pytest.fixture
def strict_page(browser: Browser, transactional_db: None) -> Iterator[Page]:
    """A page under the Content-Security-Policy the app sends (the shared `page` bypasses it
    to inject axe-core); a violation the browser reports fails the test."""
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert violations == []


def sign_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def next_code(secret: str) -> str:
    """The app's code for the next 30 seconds: the server accepts one step either side and
    never a step it has already seen (the enrolment used the current one)."""
    return f"{TOTP(b32decode(secret), drift=1).token():06d}"


def test_an_administrator_sets_up_an_authenticator_app_and_signs_in_with_it(
    strict_page: Page, live_server, herning, mfa_required
) -> None:
    page = strict_page
    admin = UserFactory(username="admin")
    MembershipFactory(
        user=admin, unit=herning["polaris-center"], role=Membership.Role.ADMINISTRATOR
    )

    sign_in(page, live_server.url, "admin")
    expect(page.get_by_role("heading", level=1)).to_have_text("Totrinsbekræftelse")
    expect(page.get_by_text("Din rolle kræver totrinsbekræftelse")).to_be_visible()
    page.goto(f"{live_server.url}/start/")  # nothing else opens yet
    expect(page.get_by_role("heading", level=1)).to_have_text("Totrinsbekræftelse")

    page.get_by_role("link", name="Tilføj godkendelsesapp").click()
    qr = page.get_by_role("img", name="QR-kode til godkendelsesappen")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.naturalWidth") > 0  # the data: SVG passed the CSP
    secret = page.locator("[data-totp-secret]").inner_text().replace(" ", "")
    page.get_by_label("Kode fra appen").fill(f"{TOTP(b32decode(secret)).token():06d}")
    page.get_by_role("button", name="Bekræft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gendannelseskoder")
    expect(page.locator("[data-recovery-codes] li")).to_have_count(10)

    page.get_by_role("button", name="Log af").click()
    sign_in(page, live_server.url, "admin")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekræft at det er dig")
    page.get_by_label("Kode").fill("000000")
    page.get_by_role("button", name="Bekræft").click()
    expect(page.get_by_role("alert")).to_contain_text("Koden er forkert")
    page.get_by_label("Kode").fill(next_code(secret))
    page.get_by_role("button", name="Bekræft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goddag")


def test_a_leader_registers_a_passkey_and_signs_in_with_it(
    strict_page: Page, live_server, people, mfa_required
) -> None:
    page = strict_page
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )

    sign_in(page, live_server.url, "leader")
    expect(page.get_by_role("heading", level=1)).to_have_text("Totrinsbekræftelse")
    page.get_by_role("link", name="Tilføj adgangsnøgle").click()
    page.get_by_label("Navn på adgangsnøglen").fill("Testnøgle")
    page.get_by_role("button", name="Tilføj", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gendannelseskoder")
    page.get_by_role("link", name="Tilbage til totrinsbekræftelse").click()
    expect(page.locator("[data-factors]")).to_contain_text("Adgangsnøgle: Testnøgle")

    page.get_by_role("button", name="Log af").click()
    sign_in(page, live_server.url, "leader")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekræft at det er dig")
    page.get_by_role("button", name="Brug adgangsnøgle").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goddag")
    page.goto(f"{live_server.url}/account/mfa/")
    expect(page.locator("[data-factors]")).not_to_contain_text("Ikke brugt endnu")
