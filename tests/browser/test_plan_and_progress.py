"""A worker writes the coping plan with a citizen, records a baseline and a follow-up WHO-5,
and sees the change on the progress page."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import Page, expect

from sporskifte.citizens.services import citizen_register
from sporskifte.courses.services import course_start
from sporskifte.referrals.services import referral_register, referral_triage
from tests.browser.conftest import serious_accessibility_violations
from tests.factories import PASSWORD


def answer_who5(page: Page, values: list[int], occasion: str, day: dt.date) -> None:
    page.get_by_label(occasion).check()
    page.get_by_label("Dato", exact=True).fill(day.isoformat())
    for number, value in enumerate(values, start=1):
        page.locator(f"input[name=item_{number}][value='{value}']").check()
    page.get_by_role("button", name="Gem skema").click()


def test_plan_baseline_and_follow_up(page: Page, live_server, people) -> None:
    unit = people.worker.memberships.get().unit
    citizen = citizen_register(actor=people.worker, unit=unit, name="Ida Demo").citizen
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
    start = timezone.localdate() - dt.timedelta(days=30)
    course = course_start(actor=people.worker, referral=accepted, start_date=start)

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill("worker")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.goto(f"{live_server.url}/courses/{course.pk}/")
    page.get_by_role("link", name="Plan og mål").click()
    page.get_by_label("Mine håb og drømme").fill("At have en hverdag, der hænger sammen.")
    page.get_by_label("Mine mål med mine egne ord").fill("Stå op før kl. 9 på hverdage.")
    page.get_by_label("Mine tidlige advarselstegn").fill("Jeg holder op med at åbne posten.")
    page.get_by_label("Pårørende der deltog").fill("Søster")
    page.get_by_role("button", name="Gem som aftalt version").click()
    expect(page.locator("[data-current-version='1']")).to_contain_text(
        "Stå op før kl. 9 på hverdage."
    )
    assert serious_accessibility_violations(page) == []

    page.get_by_role("link", name="Til forløbet").click()
    page.get_by_role("link", name="Udfyld skema").click()
    answer_who5(page, [1, 1, 2, 1, 1], "Ved start", start)
    expect(page.get_by_text("Skemaet er gemt. Score: 24.")).to_be_visible()
    page.goto(f"{live_server.url}/assessments/courses/{course.pk}/?instrument=who5")
    assert serious_accessibility_violations(page) == []
    answer_who5(page, [3, 3, 3, 3, 3], "Opfølgning", timezone.localdate())
    expect(page.locator("[data-who5-change='36']")).to_contain_text("en klinisk relevant ændring")
    chart = page.get_by_role("img", name="Graf over WHO-5 over tid")
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.naturalWidth") > 0
    assert serious_accessibility_violations(page) == []
