"""A worker signed in on two computers opens Min konto, changes her password (the other
computer is signed out), signs in there again, and ends that session from her sessions page."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import serious_accessibility_violations
from tests.factories import PASSWORD

NEW_PASSWORD = "Lyngen blomstrer på heden ved Hammerum 2027"


def sign_in(page: Page, url: str, password: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("Brugernavn").fill("worker")
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("button", name="Log af").first).to_be_attached()


def test_change_password_and_end_the_other_session(
    page: Page, browser: Browser, live_server, people
) -> None:
    people.worker.first_name, people.worker.last_name = "Mette", "Ladegaard"
    people.worker.save()
    other_context = browser.new_context(locale="da-DK")
    other = other_context.new_page()
    try:
        sign_in(page, live_server.url, PASSWORD)
        sign_in(other, live_server.url, PASSWORD)

        page.get_by_role("link", name="Min konto").first.click()
        expect(page.get_by_role("heading", name="Min konto")).to_be_visible()
        page.get_by_role("link", name="Skift adgangskode").click()
        page.get_by_label("Nuværende adgangskode").fill(PASSWORD)
        page.get_by_label("Ny adgangskode", exact=True).fill(NEW_PASSWORD)
        page.get_by_label("Gentag den nye adgangskode").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Skift adgangskode").click()
        expect(page.get_by_text("Din adgangskode er skiftet")).to_be_visible()

        other.goto(f"{live_server.url}/account/")
        expect(other.get_by_role("heading", name="Log ind")).to_be_visible()
        sign_in(other, live_server.url, NEW_PASSWORD)

        page.get_by_role("link", name="Dine sessioner").click()
        expect(page.get_by_text("Denne session")).to_be_visible()
        assert serious_accessibility_violations(page) == []
        # One session besides this one: its own button, and "end all others".
        end_that_one = page.get_by_role("button", name=re.compile(r"^Afslut sessionen fra"))
        expect(page.get_by_role("button", name="Afslut alle andre sessioner")).to_be_visible()
        end_that_one.click()
        expect(page.get_by_text("Sessionen er afsluttet")).to_be_visible()
        expect(end_that_one).to_have_count(0)
        expect(page.get_by_role("button", name="Afslut alle andre sessioner")).to_have_count(0)

        other.goto(f"{live_server.url}/account/")
        expect(other.get_by_role("heading", name="Log ind")).to_be_visible()
    finally:
        other_context.close()
