from django import forms
from django.utils.translation import gettext_lazy as _

from sporskifte.assessments.instruments import Instrument
from sporskifte.assessments.models import AssessmentResponse
from sporskifte.core.forms_support import apply_input_rules


class AssessmentForm(forms.Form):
    """One radio group per item; items are not required here because the service checks the
    answers and names the missing item (one rule, the same for the API)."""

    occasion = forms.ChoiceField(
        label=_("Anledning"), choices=AssessmentResponse.Occasion.choices, widget=forms.RadioSelect
    )
    filled_in_by = forms.ChoiceField(
        label=_("Udfyldt af"),
        choices=AssessmentResponse.FilledInBy.choices,
        initial=AssessmentResponse.FilledInBy.WORKER_WITH_CITIZEN,
        widget=forms.RadioSelect,
    )
    answered_on = forms.DateField(
        label=_("Dato"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-input"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: object, instrument: Instrument, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.instrument = instrument
        apply_input_rules(self.fields.values())
        for number, item in enumerate(instrument.items, start=1):
            label = (
                f"{number}. {instrument.stem} {item.text}"
                if instrument.stem
                else f"{number}. {item.text}"
            )
            self.fields[f"item_{item.code}"] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[
                    (str(step.value), f"{step.value} – {step.text}") for step in instrument.scale
                ],
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict[str, object]:
        return {
            item.code: self.cleaned_data.get(f"item_{item.code}") or None
            for item in self.instrument.items
        }
