"""A worker signs in and lands on her day: the appointment whose time has passed unrecorded
comes first, and one click records it and opens the note it asks for."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import Page, expect

from sporskifte.citizens.services import citizen_register
from sporskifte.courses.services import appointment_book, course_start
from sporskifte.organisation.models import Service
from sporskifte.organisation.opening import service_calendar
from sporskifte.referrals.services import referral_register, referral_triage
from tests.browser.conftest import AXE
from tests.factories import PASSWORD


def accessibility_violations(page: Page) -> list[str]:
    """Every axe-core finding on the current page, whatever its impact."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def assert_accessible_on_desktop_and_phone(page: Page) -> None:
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        assert accessibility_violations(page) == [], f"at {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def last_working_day_before_today() -> dt.date:
    calendar = service_calendar(Service.objects.get(slug="social-og-sundhedsfremmende-indsats"))
    day = timezone.localdate() - dt.timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def test_a_worker_lands_on_her_day_and_records_what_has_passed(
    page: Page, live_server, people
) -> None:
    unit = people.worker.memberships.get().unit
    citizen = citizen_register(actor=people.worker, unit=unit, name="Karl Demo").citizen
    referral = referral_register(
        actor=people.worker, unit=unit, citizen=citizen, source="gp", reason="x", referrer_name="D"
    )
    accepted = referral_triage(
        actor=people.worker, referral=referral, decision="accept", reason="ok"
    )
    course = course_start(
        actor=people.worker,
        referral=accepted,
        start_date=timezone.localdate() - dt.timedelta(days=30),
        element_codes=["daily_structure"],
    )
    start = timezone.make_aware(dt.datetime.combine(last_working_day_before_today(), dt.time(9)))
    appointment_book(
        actor=people.worker,
        course=course,
        start=start,
        end=start + dt.timedelta(hours=1),
        element_code="daily_structure",
    )

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill("worker")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Min dag")
    first_section = page.locator("main section").first
    expect(first_section.get_by_role("heading")).to_have_text("Aftaler, der mangler registrering")
    expect(first_section).to_contain_text("Karl Demo")
    expect(page.get_by_role("heading", name="Frister og advarsler")).to_be_visible()
    assert_accessible_on_desktop_and_phone(page)

    first_section.get_by_role("button", name="Afholdt").click()
    expect(page.get_by_text("Skriv journalnotatet nu.")).to_be_visible()
    page.get_by_label("Notat", exact=True).fill("Vi lavede en ugeplan sammen.")
    page.get_by_role("button", name="Gem notat").click()
    expect(page.get_by_text("Vi lavede en ugeplan sammen.")).to_be_visible()

    page.get_by_role("link", name="Min dag").first.click()
    expect(page.get_by_text("Alle aftaler, hvis tid er gået, er registreret.")).to_be_visible()
    expect(page.get_by_text("Alle afholdte aftaler har et journalnotat.")).to_be_visible()
