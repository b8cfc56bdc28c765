"""The one family of domain errors.

Services raise these; the API maps them once to JSON `{code, message, fields}`
(see `sporskifte.api.errors`) and pages show `message` next to the field named in
`fields`. `code` is stable: clients may branch on it.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "domain_error"
    status = 400
    default_message: str | Promise = _("Handlingen kunne ikke gennemføres.")

    def __init__(
        self,
        message: str | Promise | None = None,
        *,
        fields: dict[str, list[str]] | None = None,
        extra: dict[str, object] | None = None,
    ) -> None:
        self.message = str(message if message is not None else self.default_message)
        self.fields = fields or {}
        self.extra = extra or {}  # machine-readable details for the API body, e.g. an id
        super().__init__(self.message)


class NotFound(DomainError):
    """Raised both for objects that do not exist and for objects outside the user's scope,
    so that a caller cannot tell the two apart."""

    code = "not_found"
    status = 404
    default_message = _("Siden eller objektet findes ikke.")


class InsufficientScope(DomainError):
    """The credential does not allow this kind of action (a read-only API token asked to
    write). Raised before any object is looked up, so the answer is the same for every object
    and tells nothing about what exists."""

    code = "insufficient_scope"
    status = 403
    default_message = _("API-nøglen giver kun adgang til at læse.")


class InvalidInput(DomainError):
    code = "invalid"
    status = 422
    default_message = _("Oplysningerne er ikke gyldige.")


class Conflict(DomainError):
    code = "conflict"
    status = 409
    default_message = _("Oplysningerne findes allerede.")


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429
    default_message = _("Der er sendt for mange henvendelser herfra. Prøv igen om en time.")
