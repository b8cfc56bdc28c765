"""The API's interactive documentation renders under the app's own Content-Security-Policy."""

from playwright.sync_api import Browser, expect


def test_the_api_docs_render_from_local_files_under_the_real_csp(
    browser: Browser, live_server, transactional_db
) -> None:
    context = browser.new_context()  # no bypass_csp: the page must work as users get it
    page = context.new_page()
    outside_requests: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(live_server.url)
            else outside_requests.append(request.url)
        ),
    )
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Sporskifte API")
    expect(page.get_by_text("/api/v1/organisation/units").first).to_be_visible()
    assert outside_requests == []
    context.close()
