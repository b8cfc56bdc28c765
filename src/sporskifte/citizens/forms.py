from django import forms
from django.utils.translation import gettext_lazy as _

from sporskifte.citizens.cpr import cpr_normalise
from sporskifte.citizens.models import Citizen, Consent, NetworkActor, Relative
from sporskifte.core.codes import IncomeBasis
from sporskifte.core.errors import DomainError
from sporskifte.core.forms_support import YesNoUnknownField, apply_input_rules
from sporskifte.organisation.models import Unit


class CitizenForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    cpr = forms.CharField(
        label=_("CPR-nummer"),
        required=False,
        max_length=11,
        help_text=_(
            "Fødselsdatoen (DDMMÅÅ) og 4 cifre. Kan udelades og tilføjes senere, fx ved opsøgende arbejde."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(
        label=_("Adresse"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    preferred_contact = forms.ChoiceField(
        label=_("Foretrukken kontaktform"),
        required=False,
        choices=[("", "—"), *Citizen.ContactWay.choices],
    )
    income_basis = forms.ChoiceField(
        label=_("Forsørgelsesgrundlag"), required=False, choices=[("", "—"), *IncomeBasis.choices]
    )
    aims_for_work_or_education = YesNoUnknownField(
        label=_("Sigter borgeren mod arbejde eller uddannelse?")
    )
    expected_to_work = YesNoUnknownField(label=_("Forventes borgeren at kunne arbejde?"))

    def __init__(self, *args: object, units: list[Unit] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if units is not None and len(units) > 1:
            self.fields["unit"] = forms.ChoiceField(
                label=_("Registreres af enhed"), choices=[(u.slug, u.name) for u in units]
            )
            self.order_fields(["unit"])
        apply_input_rules(self.fields.values())
        for field in self.fields.values():
            if not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs.setdefault("class", "form-input")

    def clean_cpr(self) -> str:
        raw = self.cleaned_data.get("cpr", "").strip()
        if raw:
            try:
                cpr_normalise(raw)
            except DomainError as error:
                raise forms.ValidationError(error.fields["cpr"]) from None
        return raw


class CitizenSearchForm(forms.Form):
    # The selector checks the query (a whole CPR number, a name or a receipt number); the form
    # only carries it, so the page and the API answer alike.
    query = forms.CharField(
        label=_("Navn, CPR-nummer eller kvitteringsnummer"),
        max_length=200,
        help_text=_(
            "Et CPR-nummer skal skrives helt (10 cifre). Navne findes på en del af navnet."
        ),
        widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "off"}),
    )


class CitizenEditForm(CitizenForm):
    def __init__(self, *args: object, citizen: Citizen, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if citizen.has_cpr:
            del self.fields["cpr"]


class RelativeForm(forms.ModelForm):
    class Meta:
        model = Relative
        fields = ["name", "relation", "phone", "email", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class NetworkActorForm(forms.ModelForm):
    class Meta:
        model = NetworkActor
        fields = ["kind", "name", "organisation", "phone", "email"]


class ConsentForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Samtykke"),
        choices=Consent.Decision.choices,
        widget=forms.RadioSelect(attrs={"class": "form-radio radio-large"}),
    )
    scope = forms.CharField(
        label=_("Omfang"),
        max_length=300,
        help_text=_("Hvilke oplysninger må deles, fx 'status på forløbet og mål'."),
    )
    decided_on = forms.DateField(label=_("Dato"), widget=forms.DateInput(attrs={"type": "date"}))


for form_class in (RelativeForm, NetworkActorForm, ConsentForm):
    apply_input_rules(form_class.base_fields.values())
    for field in form_class.base_fields.values():
        if not isinstance(field.widget, forms.RadioSelect):
            field.widget.attrs.setdefault("class", "form-input")
