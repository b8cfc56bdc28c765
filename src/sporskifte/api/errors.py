"""Every API error is JSON `{"code": ..., "message": ..., "fields": [...]}`; mapped here once."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from sporskifte.core.errors import DomainError


def error_body(
    code: str, message: str, fields: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    return {"code": code, "message": message, "fields": fields or []}


def _field_name(location: tuple | list) -> str:
    """The field a validation error is about, as the client sent it: django-ninja's location
    starts with the source ("query", "path", "body") and, for a body, the parameter's name."""
    parts = list(location)
    skip = 2 if parts[:1] == ["body"] and len(parts) > 2 else 1
    return ".".join(str(part) for part in parts[skip:] or parts)


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        fields = [
            {"field": name, "message": msg} for name, msgs in exc.fields.items() for msg in msgs
        ]
        body = {**error_body(exc.code, exc.message, fields), **exc.extra}
        return api.create_response(request, body, status=exc.status)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields = [
            {"field": _field_name(error.get("loc", ())), "message": str(error.get("msg", ""))}
            for error in exc.errors
        ]
        body = error_body("invalid", _("Oplysningerne er ikke gyldige."), fields)
        return api.create_response(request, body, status=422)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body = error_body(
            "unauthenticated", _("Angiv en gyldig API-nøgle: Authorization: Bearer TOKEN.")
        )
        return api.create_response(request, body, status=401)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, error_body("not_found", _("Findes ikke.")), status=404)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(
            request, error_body("http_error", str(exc)), status=exc.status_code
        )
