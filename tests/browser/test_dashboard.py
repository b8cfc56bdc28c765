"""A leader opens the dashboard, filters by track and downloads the CSV."""

from playwright.sync_api import Page, expect

from sporskifte.organisation.models import Membership, Unit
from tests.browser.conftest import serious_accessibility_violations
from tests.factories import PASSWORD, MembershipFactory


def test_a_leader_filters_by_track_and_downloads_the_csv(page: Page, live_server, people) -> None:
    MembershipFactory(
        user=people.leader,
        unit=Unit.objects.get(slug="socialpsykiatrien"),
        role=Membership.Role.LEADER,
    )
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill("leader")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("link", name="Resultater").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Resultater")
    page.get_by_label("Enhed eller spor").select_option("skovlyset")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.get_by_text("Skovlyset,")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("button", name="Hent som CSV").click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    assert content.startswith("enhed;fra;til;gruppe;indikator")
    assert ";Skovlyset;" in content or "Skovlyset;" in content
