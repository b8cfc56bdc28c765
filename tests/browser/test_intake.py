"""The intake journey in a browser: a citizen refers herself from the public page; a worker
finds the referral in the queue and triages it."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import serious_accessibility_violations
from tests.factories import PASSWORD


def test_a_self_referral_is_triaged_by_a_worker(page: Page, live_server, people, settings) -> None:
    settings.SELF_REFERRAL_MIN_SECONDS = 0
    page.goto(live_server.url)
    page.get_by_role("link", name="Skriv til os her").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Henvend dig selv")
    page.get_by_label("Dit navn").fill("Sofie Sørensen")
    page.get_by_label("Hvordan kan vi kontakte dig?").fill("sofie@example.org")
    page.get_by_label("Hvad har du brug for hjælp til?").fill("Jeg kan ikke overskue min hverdag.")
    page.get_by_role("button", name="Send henvendelse").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Vi kan kun hjælpe, hvis vi må kontakte dig.")
    expect(page.get_by_label("Dit navn")).to_have_value("Sofie Sørensen")
    assert serious_accessibility_violations(page) == []
    page.get_by_label("Jeg vil gerne kontaktes").check()
    page.get_by_role("button", name="Send henvendelse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tak for din henvendelse")
    receipt = page.locator("[data-receipt]").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{8}", receipt)
    assert serious_accessibility_violations(page) == []

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill("worker")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("link", name="Visitation").click()
    page.get_by_role("link", name="POLARIS Center Herning, afdeling Søndergade").click()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("link", name="Sofie Sørensen").click()
    expect(page.locator("[data-flag=age_unknown]")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    page.get_by_label("Optag i enhedens tilbud").check()
    page.get_by_label("Begrundelse").fill("Passer til § 82 b; første samtale aftales.")
    page.get_by_label("Ja").check()
    page.get_by_role("button", name="Gem afgørelse").click()
    expect(page.get_by_text("Henvendelsen er visiteret.")).to_be_visible()
    expect(page.get_by_role("link", name="Start forløb")).to_be_visible()
