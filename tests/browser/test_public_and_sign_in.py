"""The first journeys: a citizen reads the public page; a worker signs in and out."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import serious_accessibility_violations
from tests.factories import PASSWORD


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
