from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sporskifte.audit.models import SecurityEvent
from sporskifte.audit.services import security_event_record


class RefusedAccessMiddleware:
    """Keep every 404 that a signed-in user (or API token) got from a page or endpoint that
    exists: "not found" and "not yours" answer alike, so both are kept for spot checks.

    Runs after the view returned, outside its transaction, so the row survives the rollback
    of the use case that refused."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            response.status_code == 404
            and request.resolver_match is not None
            and user is not None
            and user.is_authenticated
        ):
            security_event_record(
                kind=SecurityEvent.Kind.ACCESS_REFUSED,
                request=request,
                user=user,
                username=user.get_username(),
            )
        return response
