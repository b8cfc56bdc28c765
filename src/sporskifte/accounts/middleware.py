from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from sporskifte.accounts.mfa import SecondFactorStep, step_for_request

# Reachable whatever is owed: leaving (also by single logout), the idle timer, the language,
# the health check.
ALWAYS_OPEN = frozenset(
    {
        "accounts:logout",
        "accounts:session_keepalive",
        "accounts:saml_sls",
        "set_language",
        "healthz",
    }
)
OPEN_WHILE = {
    SecondFactorStep.VERIFY: ALWAYS_OPEN | {"accounts:mfa_verify"},
    SecondFactorStep.ENROL: ALWAYS_OPEN
    | {"accounts:mfa", "accounts:mfa_totp_add", "accounts:mfa_passkey_add"},
}
# The API authenticates each request by its own token, not by this session.
OWN_AUTHENTICATION = ("api-v1",)


class SecondFactorMiddleware:
    """The one place the second factor is enforced: a signed-in user who owes one (see
    accounts/mfa.py) reaches only the pages that settle it; every other page redirects there."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is None or match.namespace in OWN_AUTHENTICATION:
            return None
        step = step_for_request(request)
        if step == SecondFactorStep.NONE or match.view_name in OPEN_WHILE[step]:
            return None
        if step == SecondFactorStep.ENROL:
            return HttpResponseRedirect(reverse("accounts:mfa"))
        # After the code, on to the page that was asked for (a GET can be asked again).
        wanted = request.get_full_path() if request.method == "GET" else ""
        query = f"?{urlencode({REDIRECT_FIELD_NAME: wanted})}" if wanted else ""
        return HttpResponseRedirect(reverse("accounts:mfa_verify") + query)
