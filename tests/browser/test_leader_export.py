"""A leader changes the period on the dashboard and downloads the CSV and the Excel file: the
numbers in both files are the numbers on the screen, and a file follows the form as it is,
shown or not. The dashboard and the access log pass axe at desktop and phone widths."""

import csv
import io
import re

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.conftest import AXE
from tests.factories import PASSWORD, AccessLogFactory
from tests.reports.conftest import world  # noqa: F401  (the hand-computed fixture)
from tests.reports.test_indicators import add_referrals

WIDTHS = (1280, 390)


def accessibility_violations(page: Page) -> list[str]:
    """Every axe-core finding, whatever its impact."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def as_on_screen(value: object) -> str:
    """A file's cell as the page writes it: decimal comma, a share without its % sign."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def screen_numbers(page: Page) -> dict[tuple[str, str], str]:
    found = {}
    for row in page.locator("tr[data-indicator]").all():
        code = row.get_attribute("data-indicator") or ""
        found[(code, "")] = row.locator("td[data-value]").inner_text()
        for part in row.locator("li[data-part]").all():
            found[(code, part.get_attribute("data-part") or "")] = part.locator(
                "[data-value]"
            ).inner_text()
    return {key: text.removesuffix(" %").replace("–", "") for key, text in found.items()}


def file_numbers(rows: list[list[object]]) -> dict[tuple[str, str], object]:
    """(code, "") → the indicator's value, and (code, "parts") → its parts' values in order."""
    found: dict[tuple[str, str], object] = {}
    for row in rows:
        code = str(row[5])
        if row[6] in (None, ""):
            found[(code, "")] = as_on_screen(row[7])
            found[(code, "parts")] = []
        else:
            found[(code, "parts")].append(as_on_screen(row[7]))  # type: ignore[attr-defined]
    return found


def sign_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def test_the_files_hold_the_numbers_on_the_screen(page: Page, live_server, people, world) -> None:  # noqa: F811
    add_referrals(world, 5)  # eleven first contacts: enough to show some numbers unsuppressed
    AccessLogFactory(actor=people.worker, unit=world.get(slug="polaris"), purpose="Journalføring")
    sign_in(page, live_server.url, "leader")
    page.get_by_role("link", name="Resultater").click()

    page.get_by_role("textbox", name="Fra").fill("2027-01-01")
    page.get_by_role("textbox", name="Til").fill("2027-06-30")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.locator("[data-period]")).to_contain_text(re.compile(r"1\. jan\S* 2027"))
    expect(page.locator('tr[data-indicator="referrals"] td[data-value]')).to_have_text("11")
    expect(page.get_by_text("Kanal: Egen henvendelse")).to_be_visible()
    shown = screen_numbers(page)

    with page.expect_download() as csv_download:
        page.get_by_role("button", name="Hent som CSV").click()
    text = csv_download.value.path().read_text(encoding="utf-8-sig")
    csv_rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert csv_rows[1][1:3] == ["01-01-2027", "30-06-2027"]
    with page.expect_download() as xlsx_download:
        page.get_by_role("button", name="Hent som Excel").click()
    sheet = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes())).worksheets[0]
    xlsx_rows = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]

    screen_parts = {}
    for (code, key), value in shown.items():
        if key:
            screen_parts.setdefault(code, []).append(value)
    for rows in (csv_rows[1:], xlsx_rows):
        found = file_numbers(rows)
        for (code, key), value in shown.items():
            if not key:
                assert found[(code, "")] == value, (code, found[(code, "")], value)
        for code, parts in screen_parts.items():
            assert found[(code, "parts")] == parts, code

    # The period changed but not shown: the file follows the fields, not the page.
    page.get_by_role("textbox", name="Til").fill("2027-03-31")
    with page.expect_download() as changed:
        page.get_by_role("button", name="Hent som CSV").click()
    changed_rows = list(
        csv.reader(io.StringIO(changed.value.path().read_text(encoding="utf-8-sig")), delimiter=";")
    )
    assert changed_rows[1][1:3] == ["01-01-2027", "31-03-2027"]

    for path in ("/reports/?start=2027-01-01&end=2027-06-30", "/access-log/"):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}{path}")
            assert accessibility_violations(page) == [], (path, width)

    # A worker who leads no unit and finds the address is told why there is nothing to see.
    page.context.clear_cookies()
    sign_in(page, live_server.url, "worker")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/reports/")
        expect(page.get_by_text("Du har ingen enheder at se tal for")).to_be_visible()
        assert accessibility_violations(page) == [], ("no units", width)
