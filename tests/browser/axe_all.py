"""axe-core's findings of every impact, at the desktop width and at a 390-px phone width."""

from playwright.sync_api import Page

from tests.browser.conftest import AXE

WIDTHS = (1280, 390)


def accessibility_violations(page: Page) -> list[str]:
    """Every axe violation on the current page at both widths, as readable lines."""
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        found += [
            f"{width}px {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    return found
