"""A hand-over in a browser: the worker hands the citizen over from a form that starts from
the plan, the authority grants, the worker is told, the receiving unit starts the granted
course on the granted date, and the worker sees her § 82 b course closed and its later
appointment cancelled."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import Page, expect

from sporskifte.citizens.services import citizen_register
from sporskifte.courses.services import appointment_book, course_start
from sporskifte.organisation.models import Service
from sporskifte.organisation.opening import service_calendar
from sporskifte.plans.services import plan_version_save
from sporskifte.referrals.services import referral_register, referral_triage
from tests.browser.axe_all import accessibility_violations
from tests.factories import PASSWORD


def working_days_after_today(count: int) -> list[dt.date]:
    calendar = service_calendar(Service.objects.get(slug="social-og-sundhedsfremmende-indsats"))
    days, day = [], timezone.localdate()
    while len(days) < count:
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            days.append(day)
    return days


def sign_in(page: Page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def test_a_hand_over_without_surprises(page: Page, live_server, people) -> None:
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
        start_date=timezone.localdate() - dt.timedelta(days=30),
    )
    plan_version_save(
        actor=people.worker,
        course=course,
        sections={"hopes_and_dreams": "At bo i egen lejlighed."},
        agreed_on=timezone.localdate(),
    )
    granted_start, later = working_days_after_today(2)
    nine = dt.time(9, tzinfo=timezone.get_current_timezone())
    appointment_book(
        actor=people.worker,
        course=course,
        start=dt.datetime.combine(later, nine),
        end=dt.datetime.combine(later, nine) + dt.timedelta(hours=1),
    )

    sign_in(page, live_server.url, "worker")
    page.goto(f"{live_server.url}/courses/{course.pk}/")
    page.get_by_role("link", name="Overdrag til bevillingsmyndigheden").click()
    expect(page.get_by_label("Håb, drømme og mål")).to_have_value(
        "Håb og drømme: At bo i egen lejlighed."
    )
    page.get_by_label("Behov").fill("Bostøtte i eget hjem.")
    page.get_by_label("Ressourcer").fill("Søster.")
    page.get_by_label("Hvad er afprøvet i forløbet").fill("Struktur på hverdagen.")
    page.get_by_role("button", name="Send overdragelse").click()
    expect(page.get_by_text("Overdragelsen er sendt til bevillingsmyndigheden.")).to_be_visible()

    sign_in(page, live_server.url, "authority")
    page.get_by_role("link", name="Overdragelser").first.click()
    page.get_by_role("link", name="Karl Demo").first.click()
    expect(page.locator("[data-escalation-links]")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("Bevilget", exact=True).check()
    page.get_by_label("Bevilget ydelse").select_option(label="Skovlyset: Bostøtte")
    page.get_by_label("Startdato").fill(granted_start.isoformat())
    page.get_by_label("Begrundelse").fill("Behov for bostøtte.")
    page.get_by_role("button", name="Gem afgørelse").click()
    expect(page.get_by_text("Afgørelsen er registreret.")).to_be_visible()

    sign_in(page, live_server.url, "worker")
    page.goto(f"{live_server.url}/courses/{course.pk}/")
    expect(page.locator("[data-handover]")).to_contain_text("fortsætter, indtil")
    assert accessibility_violations(page) == []

    sign_in(page, live_server.url, "colleague")
    page.get_by_role("link", name="Visitation").click()
    expect(page.locator("[data-awaiting-course]")).to_be_visible()
    page.get_by_role("link", name="Skovlyset").first.click()
    page.get_by_role("link", name="Start forløb").first.click()
    expect(page.get_by_label("Startdato")).to_have_value(granted_start.isoformat())
    page.get_by_role("button", name="Start forløb").click()
    expect(page.get_by_text("Forløbet er startet.")).to_be_visible()

    sign_in(page, live_server.url, "worker")
    page.goto(f"{live_server.url}/courses/{course.pk}/")
    notice = page.locator("[data-handover]")
    expect(notice).to_contain_text("Den bevilgede ydelse er startet")
    expect(page.locator("[data-appointment]")).to_contain_text("Aflyst")
    assert accessibility_violations(page) == []
    notice.get_by_role("link", name="Se overdragelsen").click()
    expect(page.locator("[data-handover]")).to_contain_text("Aftaler efter den dag er aflyst.")
    assert accessibility_violations(page) == []
