from django import forms
from django.utils.translation import gettext_lazy as _

from sporskifte.core.dates import plausible_date
from sporskifte.core.forms_support import style_inputs


class FilterForm(forms.Form):
    """The dashboard's filters; the exports and the chart read the same fields, so a file
    always holds what the form shows."""

    unit = forms.ChoiceField(label=_("Enhed eller spor"), required=False)
    start = forms.DateField(
        label=_("Fra"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[plausible_date],
    )
    end = forms.DateField(
        label=_("Til"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[plausible_date],
    )

    def __init__(self, *args: object, units: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].choices = [("", _("Alle mine enheder")), *units]  # type: ignore[attr-defined]
        style_inputs(self)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:  # the exports must never meet a reversed period
            self.add_error("end", _("Slutdatoen skal ligge efter startdatoen."))
        return data

    def errors_as_text(self) -> str:
        """The errors, one a line, for a 400 answer to a file or chart address."""
        return "\n".join(
            f"{self.fields[name].label if name in self.fields else ''}: {message}".lstrip(": ")
            for name, messages in self.errors.items()
            for message in messages
        )
