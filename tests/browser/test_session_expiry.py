"""A worker writes a journal note, is warned before the idle timeout, stays signed in; later
the session ends anyway while she types: "Gem notat" takes her through the sign-in and back to
the note, filled in, and it is saved."""

import datetime as dt

from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import Page, expect

from sporskifte.citizens.services import citizen_register
from sporskifte.courses.models import JournalNote
from sporskifte.courses.services import course_start
from sporskifte.referrals.services import referral_register, referral_triage
from tests.browser.conftest import serious_accessibility_violations
from tests.factories import PASSWORD

NOTE = "Karl fortalte om ugen.\nVi aftalte at øve indkøb sammen på torsdag."


def test_a_note_typed_when_the_session_ends_is_kept_and_saved(
    page: Page, live_server, people
) -> None:
    unit = people.worker.memberships.get().unit
    citizen = citizen_register(actor=people.worker, unit=unit, name="Karl Demo").citizen
    referral = referral_register(
        actor=people.worker, unit=unit, citizen=citizen, source="gp", reason="x", referrer_name="Dr"
    )
    accepted = referral_triage(
        actor=people.worker, referral=referral, decision="accept", reason="ok"
    )
    course = course_start(
        actor=people.worker,
        referral=accepted,
        start_date=timezone.localdate() - dt.timedelta(days=3),
        element_codes=["daily_structure"],
    )
    page.clock.install()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill("worker")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.goto(f"{live_server.url}/courses/{course.pk}/")

    # Two minutes before the 30-minute idle timeout: a warning with a way to stay.
    page.clock.fast_forward("28:30")
    warning = page.get_by_role("dialog", name="Du bliver snart logget ud")
    expect(warning).to_be_visible()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Bliv logget ind").click()
    expect(warning).to_be_hidden()

    page.get_by_label("Notat", exact=True).fill(NOTE)
    Session.objects.all().delete()  # the session ends on the server while she writes
    page.get_by_role("button", name="Gem notat").click()

    expect(page.get_by_text("fordi du ikke har været aktiv i 30 minutter")).to_be_visible()
    expect(page.get_by_text("Det, du skrev, er ikke gemt endnu")).to_be_visible()
    page.get_by_label("Brugernavn").fill("worker")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()

    expect(page.get_by_text("Du blev logget ud, før det blev gemt.")).to_be_visible()
    expect(page.get_by_label("Notat", exact=True)).to_have_value(NOTE)
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Gem notat").click()
    expect(page.get_by_text("Notatet er gemt.")).to_be_visible()
    assert JournalNote.objects.get(course=course).text == NOTE.replace("\n", "\r\n")
