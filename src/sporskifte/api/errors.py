"""Every API error is JSON `{"code": ..., "message": ..., "fields": [...]}`; mapped here once,
and documented here once for every operation of the OpenAPI."""

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from sporskifte.core.errors import DomainError

logger = logging.getLogger("django.request")


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """The body of every error; a few codes add machine-readable details (e.g. an id)."""

    code: str
    message: str
    fields: list[FieldErrorOut]


# What every operation may answer besides its own success: the status codes the handlers
# below and DomainError's family (core/errors.py) produce.
ERRORS = {
    "400": "The action cannot be done now (`code` says why)",
    "404": "Does not exist, or is outside the caller's scope (never told apart)",
    "409": "Conflicts with what exists",
    "422": "Invalid input (`fields` names each field)",
    "500": "Server error, in the same form",
}
AUTHENTICATED = {
    "401": "Missing, unknown, expired or revoked API token, or its user is deactivated or "
    "locked out",
    "403": "The token's scope does not allow the action (`insufficient_scope`: a read token "
    "asked to write)",
}
RATE_LIMITED = {"429": "Too many submissions from here"}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers to every operation of `schema` (an OpenAPI document)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(error_schema.pop("$defs", {}))
    components["Error"] = error_schema
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            codes = {**ERRORS, **(AUTHENTICATED if operation.get("security") else RATE_LIMITED)}
            # django-ninja keys its own answers by int; one key per status, or JSON has two.
            responses = {str(code): answer for code, answer in operation["responses"].items()}
            for code, description in codes.items():
                responses.setdefault(code, {"description": description, **body})
            operation["responses"] = responses
    return schema


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

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Logged as Django logs a page's 500 (and mails it where that is set up).
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exc,
            extra={"status_code": 500, "request": request},
        )
        body = error_body("server_error", _("Der opstod en fejl. Prøv igen senere."))
        return api.create_response(request, body, status=500)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(
            request, error_body("http_error", str(exc)), status=exc.status_code
        )
