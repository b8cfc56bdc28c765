"""A worker finds a citizen by name and by a whole CPR number, which never enters the
address, and opens the record."""

from playwright.sync_api import Page, expect

from sporskifte.citizens.services import citizen_register
from tests.browser.test_today import assert_accessible_on_desktop_and_phone
from tests.factories import PASSWORD


def test_a_worker_finds_a_citizen_by_name_and_by_cpr(page: Page, live_server, people) -> None:
    unit = people.worker.memberships.get().unit
    citizen_register(actor=people.worker, unit=unit, name="Karl Demo", cpr="0101904321")
    citizen_register(actor=people.worker, unit=unit, name="Ida Jensen")

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill("worker")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("link", name="Find borger").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find borger")
    assert_accessible_on_desktop_and_phone(page)

    search = page.get_by_label("Navn, CPR-nummer eller kvitteringsnummer")
    search.fill("karl")
    page.get_by_role("button", name="Søg").click()
    results = page.get_by_role("table")
    expect(results.get_by_role("link", name="Karl Demo")).to_be_visible()
    expect(results).not_to_contain_text("Ida Jensen")
    assert_accessible_on_desktop_and_phone(page)

    search.fill("010190")
    page.get_by_role("button", name="Søg").click()
    expect(page.get_by_text("Skriv hele CPR-nummeret")).to_have_count(2)  # summary and field
    assert_accessible_on_desktop_and_phone(page)

    search.fill("010190-4321")
    page.get_by_role("button", name="Søg").click()
    expect(results.get_by_role("cell", name="010190-xxxx")).to_be_visible()
    assert "4321" not in page.url
    results.get_by_role("link", name="Karl Demo").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Karl Demo")
    assert "4321" not in page.url
