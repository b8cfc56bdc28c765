"""Checking a model instance before it is saved, so bad input is a message and never a
database error: lengths, choices and dates by the model's own fields, and no NUL character
(PostgreSQL refuses it in text, SQLite would keep it), on both databases alike."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db.models import CharField, Model, TextField
from django.utils.translation import gettext as _

from sporskifte.core.errors import InvalidInput


def validate_model(
    obj: Model, *, exclude: Iterable[str] = (), names: Mapping[str, str] | None = None
) -> None:
    """InvalidInput naming every field that is wrong (by `names`, when the caller's input calls
    a field otherwise). Relations are the services' to check (each would cost a query)."""
    skipped = {*exclude, *(field.name for field in obj._meta.fields if field.is_relation)}
    errors: dict[str, list[str]] = {}
    try:
        obj.full_clean(exclude=list(skipped), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors = {name: [str(m) for m in messages] for name, messages in error.message_dict.items()}
    for field in obj._meta.fields:
        value = getattr(obj, field.attname, None)
        if isinstance(field, CharField | TextField) and isinstance(value, str) and "\x00" in value:
            errors.setdefault(field.name, []).append(_("Teksten indeholder et ugyldigt tegn."))
    if errors:
        renamed = names or {}
        raise InvalidInput(fields={renamed.get(name, name): msgs for name, msgs in errors.items()})
