from collections.abc import Callable, Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from sporskifte.core.dates import plausible_date
from sporskifte.core.errors import DomainError
from sporskifte.core.validation import TEXT_MAX_LENGTH, control_character_error


def show_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Put a service's error next to the fields it names (or at the top), keeping the input."""
    placed = False
    for name, messages in error.fields.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)


class YesNoUnknownField(forms.TypedChoiceField):
    """Yes / no / not known, as True / False / None; shown as radio buttons."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            choices=[("", _("Ved ikke")), ("true", _("Ja")), ("false", _("Nej"))],
            coerce=lambda value: value == "true",
            empty_value=None,
            required=False,
            widget=forms.RadioSelect(attrs={"class": "form-radio radio-large"}),
            **kwargs,  # type: ignore[arg-type]
        )


def _characters(*, multiline: bool) -> Callable[[str], None]:
    def check(value: str) -> None:
        message = control_character_error(value, multiline=multiline)
        if message:
            raise ValidationError(message, code="control_character")

    return check


def apply_input_rules(fields: Iterable[forms.Field]) -> None:
    """The rules every form's input keeps, so none is a crash further on: a date in the range
    of core/dates.py, text no longer than the database takes and without control characters
    (line breaks and tabs only in a text area)."""
    for field in fields:
        if getattr(field, "input_rules_applied", False):
            continue  # a form built from two forms applies them twice
        field.input_rules_applied = True  # type: ignore[attr-defined]
        if isinstance(field, forms.DateField | forms.DateTimeField):
            if plausible_date not in field.validators:
                field.validators.append(plausible_date)
        elif isinstance(field, forms.CharField) and not isinstance(field, forms.EmailField):
            if field.max_length is None:
                field.max_length = TEXT_MAX_LENGTH
                field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
                field.widget.attrs.update(field.widget_attrs(field.widget))
            multiline = isinstance(field.widget, forms.Textarea)
            field.validators.append(_characters(multiline=multiline))


def style_inputs(form: forms.BaseForm) -> None:
    """Give selects DKFDS's `form-select` class and text-like inputs `form-input`; radios and
    checkboxes are drawn by their own templates. (Every form calls this, so it applies the
    input rules too.)"""
    apply_input_rules(form.fields.values())
    plain = (
        forms.RadioSelect,
        forms.CheckboxInput,
        forms.CheckboxSelectMultiple,
        forms.HiddenInput,
    )
    for field in form.fields.values():
        if isinstance(field.widget, plain):
            continue
        is_select = isinstance(field.widget, forms.Select)
        field.widget.attrs.setdefault("class", "form-select" if is_select else "form-input")
