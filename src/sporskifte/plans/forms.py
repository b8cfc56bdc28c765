from django import forms
from django.utils.translation import gettext_lazy as _

from sporskifte.assessments.instruments import FFB, instrument_get
from sporskifte.core.forms_support import style_inputs
from sporskifte.plans.models import PLAN_SECTIONS, Goal


class PlanForm(forms.Form):
    agreed_on = forms.DateField(
        label=_("Aftalt den"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    citizen_took_part = forms.BooleanField(label=_("Borgeren deltog"), required=False, initial=True)
    relatives_present = forms.CharField(label=_("Pårørende der deltog"), required=False)
    staff_present = forms.CharField(label=_("Personale der deltog"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for code, label in PLAN_SECTIONS:
            self.fields[code] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
        self.order_fields([code for code, _label in PLAN_SECTIONS])
        style_inputs(self)


def theme_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(item.code, str(item.text)) for item in instrument_get(FFB).items]


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("Målet med borgerens egne ord"), widget=forms.Textarea(attrs={"rows": 2})
    )
    theme = forms.ChoiceField(label=_("Funktionsevnetema"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["theme"].choices = theme_choices()  # type: ignore[attr-defined]
        style_inputs(self)


class GoalProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices)
    note = forms.CharField(label=_("Bemærkning"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        style_inputs(self)
