from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import lazy

from sporskifte.organisation.selectors import municipality_for_public

# Where every statement is listed, for a site with neither setting nor municipality website.
STATEMENTS_LIST = "https://www.was.digst.dk/"


def _statement_url() -> str:
    if settings.ACCESSIBILITY_STATEMENT_URL:
        return settings.ACCESSIBILITY_STATEMENT_URL
    municipality = municipality_for_public()
    if municipality is not None and municipality.website:
        # Every public body keeps its statement at the short address <website>/was.
        return f"{municipality.website.rstrip('/')}/was"
    return STATEMENTS_LIST


def accessibility_statement(request: HttpRequest) -> dict[str, object]:
    """The footer's link to the accessibility statement (asked only when a page shows it)."""
    return {"accessibility_statement_url": lazy(_statement_url, str)()}
