"""The first journeys: a citizen in crisis finds help on the public page and refers herself;
a worker signs in and out."""

import re

from playwright.sync_api import Page, expect

from sporskifte.organisation.models import Contact
from tests.browser.conftest import AXE, serious_accessibility_violations
from tests.factories import PASSWORD

PHONE = {"width": 390, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


def all_accessibility_violations(page: Page) -> list[str]:
    """axe-core's findings of any impact (the public journey must have none), at the current
    width and at a phone's."""
    found = []
    size = page.viewport_size
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        found += [
            f"{viewport['width']}px {v['id']} ({v['impact']}): {v['help']} — "
            f"{[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]
    if size:
        page.set_viewport_size(size)
    return found


def test_a_citizen_in_crisis_finds_the_numbers_and_refers_herself(
    page: Page, live_server, herning, settings
) -> None:
    settings.SELF_REFERRAL_MIN_SECONDS = 0
    settings.SELF_REFERRALS_PER_HOUR = 1
    Contact.objects.filter(unit=herning["akuttelefon"]).update(
        phone="96 28 00 00", phone_hours="alle dage kl. 16-08"
    )
    page.goto(live_server.url)
    help_now = page.locator("[data-help-now]")
    expect(help_now.get_by_role("link", name="112")).to_have_attribute("href", "tel:112")
    expect(help_now.get_by_role("link", name="96 28 00 00")).to_be_visible()
    expect(help_now).to_contain_text("alle dage kl. 16-08")
    statement = page.get_by_role("contentinfo").get_by_role("link", name="Tilgængelighedserklæring")
    expect(statement).to_have_attribute("href", "https://www.herning.dk/was")
    assert all_accessibility_violations(page) == []

    page.get_by_role("link", name="Henvend dig selv").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Henvend dig selv")
    expect(page.locator("[data-help-now]").get_by_role("link", name="112")).to_be_visible()
    assert all_accessibility_violations(page) == []
    page.get_by_label("Dit navn").fill("Sofie Sørensen")
    page.get_by_label("Hvordan kan vi kontakte dig?").fill("sofie@example.org")
    page.get_by_label("Hvad har du brug for hjælp til?").fill("Jeg kan ikke overskue min hverdag.")
    page.get_by_role("button", name="Send henvendelse").click()
    expect(page.get_by_role("alert")).to_contain_text("Vi kan kun hjælpe")
    assert all_accessibility_violations(page) == []
    page.get_by_label("Jeg vil gerne kontaktes").check()
    page.get_by_role("button", name="Send henvendelse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tak for din henvendelse")
    assert re.fullmatch(r"[A-Z2-9]{8}", page.locator("[data-receipt]").inner_text())
    expect(page.locator("[data-help-now]").get_by_role("link", name="112")).to_be_visible()
    assert all_accessibility_violations(page) == []

    # A second referral from the same address within the hour: refused, with the numbers.
    page.goto(f"{live_server.url}/henvendelse/")
    page.get_by_label("Dit navn").fill("Sofie Sørensen")
    page.get_by_label("Hvordan kan vi kontakte dig?").fill("sofie@example.org")
    page.get_by_label("Hvad har du brug for hjælp til?").fill("Det er blevet værre.")
    page.get_by_label("Jeg vil gerne kontaktes").check()
    page.get_by_role("button", name="Send henvendelse").click()
    refused = page.locator("[data-refused]")
    expect(refused.get_by_role("link", name="40 71 43 16")).to_have_attribute(
        "href", "tel:40714316"
    )
    expect(refused.get_by_role("link", name="96 28 00 00")).to_be_visible()
    expect(refused.get_by_role("link", name="112")).to_be_visible()
    expect(page.get_by_label("Hvad har du brug for hjælp til?")).to_have_value(
        "Det er blevet værre."
    )
    assert all_accessibility_violations(page) == []


def test_the_public_page_lists_both_tracks_and_the_82b_service(
    page: Page, live_server, herning
) -> None:
    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Socialpsykiatrien i Herning Kommune")
    expect(page.get_by_role("heading", name="Spor 1: Skovlyset")).to_be_visible()
    expect(page.get_by_role("heading", name="Spor 2: Skiftesporet")).to_be_visible()
    expect(page.get_by_role("heading", name="Social- og sundhedsfremmende indsats")).to_be_visible()
    assert serious_accessibility_violations(page) == []


def test_a_worker_signs_in_sees_the_start_page_and_signs_out(
    page: Page, live_server, people
) -> None:
    page.goto(live_server.url)
    page.get_by_role("link", name="Log ind for medarbejdere").click()
    assert serious_accessibility_violations(page) == []
    page.get_by_label("Brugernavn").fill("worker")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Min dag")  # where she lands
    page.get_by_role("link", name="Forside", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goddag")
    expect(
        page.get_by_role("link", name="POLARIS Center Herning, afdeling Søndergade")
    ).to_be_visible()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Log af").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Du er logget af")
    page.goto(f"{live_server.url}/start/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")


def test_a_wrong_password_shows_an_error(page: Page, live_server, people) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill("worker")
    page.get_by_label("Adgangskode").fill("not the password")
    page.get_by_role("button", name="Log ind").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Brugernavn eller adgangskode er forkert")
    expect(summary).to_be_focused()
    assert serious_accessibility_violations(page) == []


def test_the_accessibility_check_reports_a_serious_violation(page: Page) -> None:
    page.set_content(
        '<html lang="da"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>'
    )
    assert any(line.startswith("image-alt") for line in serious_accessibility_violations(page))


def test_on_a_phone_the_menu_opens_a_drawer_with_navigation_and_sign_out(
    page: Page, live_server, people
) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill("leader")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("link", name="Adgangslog")).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    drawer = page.get_by_role("dialog", name="Menu")
    expect(drawer.get_by_role("link", name="Adgangslog")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    drawer.get_by_role("button", name="Luk").click()
    expect(drawer).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    drawer.get_by_role("button", name="Log af").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Du er logget af")
