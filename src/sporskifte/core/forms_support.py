from django import forms
from django.utils.translation import gettext_lazy as _

from sporskifte.core.errors import DomainError


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


def style_inputs(form: forms.BaseForm) -> None:
    """Give text-like inputs DKFDS's `form-input` class; radios and checkboxes are drawn by
    their own templates."""
    plain = (
        forms.RadioSelect,
        forms.CheckboxInput,
        forms.CheckboxSelectMultiple,
        forms.HiddenInput,
    )
    for field in form.fields.values():
        if not isinstance(field.widget, plain):
            field.widget.attrs.setdefault("class", "form-input")
