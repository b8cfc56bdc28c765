"""Checking text before it is saved, so bad input is a message and never a database error:
lengths, choices and dates by the model's own fields, no NUL (PostgreSQL refuses it in text,
SQLite would keep it) and no other control character, on both databases alike. The API's
schemas use the same rules through `Line` and `Text`, so the OpenAPI documents them."""

import re
from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import CharField, Model, TextField
from django.utils.translation import gettext as _
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from sporskifte.core.errors import InvalidInput

# Free text longer than this is no note a person wrote (a TextField without its own limit).
TEXT_MAX_LENGTH = 20_000
# Control characters: C0 and C1 and DEL. Free text may keep tab and line breaks.
LINE_PATTERN = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"
TEXT_PATTERN = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]*$"


def control_character_error(value: str, *, multiline: bool) -> str | None:
    """The message for a text with a character no one types, or None."""
    if re.fullmatch(TEXT_PATTERN if multiline else LINE_PATTERN, value):
        return None
    return _("Teksten indeholder et ugyldigt tegn.")


class _Characters:
    """Refuses control characters in an API schema's string, and says so in its JSON schema."""

    def __init__(self, *, multiline: bool) -> None:
        self.multiline = multiline

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        def check(value: str) -> str:
            message = control_character_error(value, multiline=self.multiline)
            if message:
                raise PydanticCustomError("control_character", message)
            return value

        return core_schema.no_info_after_validator_function(check, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> Any:
        json_schema = handler(schema)
        json_schema["pattern"] = TEXT_PATTERN if self.multiline else LINE_PATTERN
        return json_schema


# One line (a name, a phone number) and free text; give each field its max_length.
Line = Annotated[str, _Characters(multiline=False)]
Text = Annotated[str, _Characters(multiline=True)]


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
        if field.name in skipped or not isinstance(value, str):
            continue
        if isinstance(field, TextField):
            message = control_character_error(value, multiline=True)
            limit = field.max_length or TEXT_MAX_LENGTH
            if len(value) > limit and field.name not in errors:
                errors[field.name] = [_("Teksten må højst være %(limit)s tegn.") % {"limit": limit}]
        elif isinstance(field, CharField):
            message = control_character_error(value, multiline=False)
        else:
            continue
        if message:
            errors.setdefault(field.name, []).append(message)
    if errors:
        renamed = names or {}
        raise InvalidInput(fields={renamed.get(name, name): msgs for name, msgs in errors.items()})
