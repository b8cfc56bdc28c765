from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from sporskifte.audit.selectors import AccessLogFilter
from sporskifte.core.dates import plausible_date
from sporskifte.core.forms_support import style_inputs


class AccessLogFilterForm(forms.Form):
    actor: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Medarbejder"), empty_label=_("Alle")
    )
    citizen = forms.IntegerField(required=False, min_value=1, max_value=2**62, label=_("Borger-id"))
    date_from = forms.DateField(
        required=False,
        label=_("Fra dato"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[plausible_date],
    )
    date_to = forms.DateField(
        required=False,
        label=_("Til dato"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[plausible_date],
    )

    def __init__(
        self, data: QueryDict | None = None, *, actors: QuerySet[AbstractBaseUser]
    ) -> None:
        super().__init__(data)
        self.fields["actor"].queryset = actors  # type: ignore[attr-defined]
        style_inputs(self)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("Til-datoen skal ligge efter fra-datoen."))
        return data

    def to_filter(self) -> AccessLogFilter:
        data = self.cleaned_data
        actor = data.get("actor")
        return AccessLogFilter(
            actor_id=actor.pk if actor else None,
            citizen_id=data.get("citizen"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
