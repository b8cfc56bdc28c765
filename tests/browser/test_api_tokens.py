"""A worker issues an API token in the browser, a client calls the API with it over real
HTTP, the worker revokes it, and the next call is refused."""

import json
import urllib.error
import urllib.request

from playwright.sync_api import Page, expect

from tests.browser.test_today import assert_accessible_on_desktop_and_phone
from tests.factories import PASSWORD


def call_api(url: str, token: str) -> tuple[int, dict]:
    """GET `url` (the test's own live server) with the token, as an integration would."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_a_worker_issues_uses_and_revokes_a_token(page: Page, live_server, people) -> None:
    units = f"{live_server.url}/api/v1/organisation/units"
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill("worker")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.goto(f"{live_server.url}/account/tokens/")
    expect(page.get_by_role("heading", level=1)).to_have_text("API-nøgler")
    expect(page.get_by_text("Du har ingen API-nøgler.")).to_be_visible()
    assert_accessible_on_desktop_and_phone(page)

    page.get_by_label("Navn").fill("Kalenderintegration")
    page.get_by_label("Kun læse").check()
    page.get_by_label("Gyldig i antal dage").fill("30")
    page.get_by_role("button", name="Opret nøgle").click()
    shown = page.get_by_label("Din nye API-nøgle")
    expect(shown).to_be_visible()
    expect(page.get_by_text("den vises kun denne ene gang")).to_be_visible()
    token = shown.input_value()
    assert token.startswith("sk_")
    row = page.locator("tr", has_text="Kalenderintegration")
    expect(row).to_contain_text("Kun læse")
    expect(row).to_contain_text("Aldrig")
    expect(row).to_contain_text("Aktiv")
    assert_accessible_on_desktop_and_phone(page)

    status, body = call_api(units, token)
    assert status == 200
    assert any(unit["name"] == "Skovlyset" for unit in body)

    page.goto(f"{live_server.url}/account/tokens/")  # the token is not shown again ...
    expect(page.get_by_label("Din nye API-nøgle")).to_have_count(0)
    expect(row).not_to_contain_text("Aldrig")  # ... but its last use is
    row.get_by_text("Tilbagekald…").click()
    row.get_by_role("button", name="Tilbagekald nøglen").click()
    expect(page.get_by_text("er tilbagekaldt")).to_be_visible()
    expect(page.locator("tr", has_text="Kalenderintegration")).to_contain_text("Tilbagekaldt")
    assert_accessible_on_desktop_and_phone(page)

    status, body = call_api(units, token)
    assert status == 401
    assert body["code"] == "unauthenticated"
