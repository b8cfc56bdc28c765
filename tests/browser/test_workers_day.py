"""A worker's day in a browser: open the caseload, see the warnings, book an appointment,
mark it held, write the journal note the system asks for: the form is in view, for that
appointment, with its element filled in, and the saved note shows its appointment."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import Page, expect

from sporskifte.citizens.services import citizen_register
from sporskifte.courses.services import course_start
from sporskifte.organisation.models import Service
from sporskifte.organisation.opening import service_calendar
from sporskifte.referrals.services import referral_register, referral_triage
from tests.browser.axe_all import accessibility_violations
from tests.browser.conftest import serious_accessibility_violations
from tests.factories import PASSWORD


def last_working_day_before_today() -> dt.date:
    service = Service.objects.get(slug="social-og-sundhedsfremmende-indsats")
    calendar = service_calendar(service)
    day = timezone.localdate() - dt.timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def test_a_workers_day(page: Page, live_server, people) -> None:
    unit = people.worker.memberships.get().unit
    citizen = citizen_register(actor=people.worker, unit=unit, name="Karl Demo").citizen
    referral = referral_register(
        actor=people.worker,
        unit=unit,
        citizen=citizen,
        source="gp",
        reason="x",
        referrer_name="Dr",
    )
    accepted = referral_triage(
        actor=people.worker, referral=referral, decision="accept", reason="ok"
    )
    course_start(
        actor=people.worker,
        referral=accepted,
        start_date=timezone.localdate() - dt.timedelta(days=30),
        element_codes=["daily_structure"],
    )
    day = last_working_day_before_today()

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill("worker")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("link", name="Mine forløb").click()
    expect(page.locator("[data-warning=no_contact]")).to_be_visible()
    expect(page.locator("[data-warning=no_coping_plan]")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    page.get_by_role("link", name="Karl Demo").click()
    page.get_by_text("Book aftale").click()
    page.get_by_label("Dato", exact=True).fill(day.isoformat())
    page.get_by_label("Fra", exact=True).fill("09:00")
    page.get_by_label("Til", exact=True).fill("10:00")
    page.get_by_label("Element").first.select_option("daily_structure")
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_text("Aftalen er booket.")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    page.get_by_role("button", name="Afholdt").click()
    expect(page.get_by_text("Skriv journalnotatet nu.")).to_be_visible()
    # The note form is in view and has the cursor, for the appointment just held.
    note = page.get_by_label("Notat", exact=True)
    expect(note).to_be_focused()
    expect(note).to_be_in_viewport()
    expect(page.locator("#note-form-heading")).to_contain_text("Notat til aftalen")
    expect(page.locator("#id_note-element")).to_have_value("daily_structure")
    assert accessibility_violations(page) == []
    note.fill("Vi lavede en ugeplan sammen.")
    page.get_by_role("button", name="Gem notat").click()
    saved = page.locator("[data-note]", has_text="Vi lavede en ugeplan sammen.")
    expect(saved).to_be_visible()
    expect(saved.locator("[data-note-appointment]")).to_contain_text("Til aftalen")
    expect(saved).to_contain_text("Hjælp til at strukturere hverdagen")

    page.get_by_role("link", name="Karl Demo").first.click()
    expect(page.locator("[data-citizen-courses]")).to_be_visible()
    assert accessibility_violations(page) == []

    page.get_by_role("link", name="Mine forløb").click()
    expect(page.locator("[data-warning=no_contact]")).to_have_count(0)
    expect(page.locator("[data-warning=no_coping_plan]")).to_be_visible()
