"""Every page every role can reach, checked by axe-core at desktop width (1280 px) and on a
phone (390 px): 0 violations of any impact.

The pages come from the access matrix (`tests/access/test_matrix.py`): every GET row a role
is allowed, answered with a page, in the matrix's world (Karl's running course handed over to
the granting authority, a waiting and an accepted referral, a call to the acute line). A new
page therefore joins the walk as soon as it has its row there. A few states no URL reaches
(a form with errors, the receipt after a self-referral, the 404 page) are walked as well."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page

from tests.access import test_matrix as matrix
from tests.browser.conftest import AXE
from tests.saml_support import local_idp, sp_settings

# The matrix's fixtures: the world and a user for each role; the local IdP, so the sign-in
# page is walked with its single sign-on button.
world = matrix.world
users = matrix.users
__all__ = ["local_idp"]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# The roles of the demo, each once, plus a staff member whose membership has ended. The
# authority after a grant comes last: deciding the hand-over changes the world for the rest.
ROLES_WALKED = (
    matrix.ANONYMOUS,
    matrix.WORKER,
    matrix.LEADER,
    matrix.AUTHORITY,
    matrix.ACUTE,
    matrix.ADMIN,
    matrix.ENDED,
    matrix.AUTHORITY_GRANTED,
)

# Answers that are not pages: files, images, JSON, the calendar feed.
NOT_PAGES = frozenset(
    {
        "healthz",
        "accounts:saml_metadata",
        "accounts:saml_login",
        "calendar_feed",
        "api-v1:api-root",
        "api-v1:openapi-json",
        "plans:who5_chart",
        "plans:ffb_chart",
        "plans:pdf",
        "reports:csv",
        "reports:xlsx",
        "reports:trend_chart",
    }
)
# Pages drawn by a third party, not by our templates: Django's administration and the
# API's Swagger UI. Their accessibility is their projects' to fix.
THIRD_PARTY = frozenset({"admin:index", "api-v1:openapi-view"})

# Violations in templates this change did not own, as (page, rule id). The integrator empties
# this list once the pages' own changes are merged; nothing new may be added to it.
KNOWN_VIOLATIONS: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class Stop:
    """One page of the walk: a name for the report and the path to open."""

    name: str
    path: str
    status: int = 200


# Pages that differ for everyone alike (the public pages, the 404 page) are walked signed out
# and signed in once, not for every role; after the grant only what the decision changes.
PUBLIC_WALKED_BY = frozenset({matrix.ANONYMOUS, matrix.WORKER})
AFTER_GRANT = frozenset({"courses:escalation_queue", "courses:escalation_detail"})


def _stops(role: str, world: matrix.World) -> list[Stop]:
    stops = []
    for row in matrix.ROWS:
        page = row.page
        if page is None or page.method != "GET" or page.name in NOT_PAGES | THIRD_PARTY:
            continue
        if matrix._expected(row, role, surface="page") != 200:
            continue
        if row.public and role not in PUBLIC_WALKED_BY:
            continue
        if role == matrix.AUTHORITY_GRANTED and page.name not in AFTER_GRANT:
            continue
        stops.append(Stop(page.name, reverse(page.name, kwargs=page.kwargs(world))))
    if role in PUBLIC_WALKED_BY:
        stops.append(Stop("404", "/der-er-ingen-side-her/", status=404))
    return sorted(set(stops), key=lambda stop: stop.path)


# Two animation frames first: the page's own resize handling (scrolling tables) runs in the
# frame after a resize, before anyone could see the new width.
AXE_RUN = """async () => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return (await axe.run(document, {resultTypes: ["violations"]})).violations;
}"""


def _violations(page: Page) -> list[dict[str, Any]]:
    return page.evaluate(AXE_RUN)


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


def _context_for(
    browser: Browser, opened: list[BrowserContext], live_server_url: str, user: Any
) -> BrowserContext:
    # axe-core comes in as an init script, so the pages run under their real CSP.
    context = browser.new_context(locale="da-DK", viewport=DESKTOP)
    opened.append(context)
    context.add_init_script(path=str(AXE))
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server_url}]
        )
    return context


# What every page's head promises: a favicon, and htmx exactly where an element uses it.
HEAD_FACTS = """() => ({
  favicon: !!document.querySelector("link[rel=icon]"),
  htmxLoaded: !!document.querySelector("script[src*='htmx']"),
  htmxUsed: [...document.querySelectorAll("*")].some((element) =>
    [...element.attributes].some((a) => /^(data-)?hx-/.test(a.name))),
})"""


class Walk:
    """Checks pages at both widths and keeps every violation not on the known list."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self.pages = 0

    def check(self, page: Page, role: str, name: str) -> None:
        self.pages += 1
        head = page.evaluate(HEAD_FACTS)
        if head["htmxLoaded"] != head["htmxUsed"]:
            self.found.append(
                f"{role} | {name} | htmx loaded {head['htmxLoaded']}, used {head['htmxUsed']}"
            )
        if not head["favicon"]:
            self.found.append(f"{role} | {name} | no favicon")
        # The width the page opened at first, then the other one: one resize per page.
        widths = [DESKTOP, PHONE] if page.viewport_size == DESKTOP else [PHONE, DESKTOP]
        for index, viewport in enumerate(widths):
            if index:
                page.set_viewport_size(viewport)
            label = f"{viewport['width']}px"
            for violation in _violations(page):
                if (name, violation["id"]) in KNOWN_VIOLATIONS:
                    continue
                targets = [node["target"] for node in violation["nodes"]][:3]
                self.found.append(
                    f"{role} | {name} | {label} | {violation['id']} ({violation['impact']})"
                    f" | {targets}"
                )


def test_every_page_of_every_role_has_no_accessibility_violations(
    browser: Browser, contexts, live_server, world, users, settings, local_idp
) -> None:
    settings.SELF_REFERRAL_MIN_SECONDS = 0  # time stands still in the matrix's world
    sp_settings(settings, local_idp)
    walk = Walk()
    fonts: list[str] = []
    for role in ROLES_WALKED:
        matrix._prepare(role, world, users)
        context = _context_for(browser, contexts, live_server.url, users[role])
        context.on("request", lambda r: fonts.append(r.url) if r.resource_type == "font" else None)
        page = context.new_page()
        for stop in _stops(role, world):
            response = page.goto(f"{live_server.url}{stop.path}")
            assert response is not None and response.status == stop.status, (role, stop)
            walk.check(page, role, stop.name)
        if role == matrix.ANONYMOUS:
            _walk_the_citizens_forms(page, live_server.url, walk)
        if role == matrix.WORKER:
            page.goto(f"{live_server.url}{reverse('citizens:create')}")
            page.get_by_role("button", name="Gem").click()
            page.get_by_role("alert").wait_for()
            walk.check(page, role, "citizens:create with errors")
    assert walk.found == [], "\n".join(walk.found)
    assert walk.pages > 60  # the walk did not silently skip the roles' pages
    # Browsers take the first source they can use: WOFF2 must be it, never EOT or WOFF.
    assert fonts and all(url.endswith(".woff2") for url in fonts), fonts


def _walk_the_citizens_forms(page: Page, base: str, walk: Walk) -> None:
    anonymous = matrix.ANONYMOUS
    page.goto(f"{base}{reverse('accounts:login')}")
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("alert").wait_for()
    walk.check(page, anonymous, "accounts:login with errors")

    page.goto(f"{base}{reverse('referrals:self_referral')}")
    page.get_by_role("button", name="Send henvendelse").click()
    page.get_by_role("alert").wait_for()
    walk.check(page, anonymous, "referrals:self_referral with errors")
    if page.locator("input[name=service]").count():
        page.locator("input[name=service]").first.check()
    page.locator("#id_name").fill("Sofie")
    page.locator("#id_contact").fill("20 00 00 00")
    page.locator("#id_need").fill("At komme ud af huset.")
    page.locator("#id_consent_to_contact").check()
    page.get_by_role("button", name="Send henvendelse").click()
    page.wait_for_url(f"**{reverse('referrals:self_referral_receipt')}")
    walk.check(page, anonymous, "referrals:self_referral_receipt")
