import time

from django import forms
from django.utils.translation import gettext_lazy as _

from sporskifte.citizens.forms import CitizenForm
from sporskifte.core.forms_support import YesNoUnknownField, style_inputs
from sporskifte.organisation.models import Service
from sporskifte.referrals.models import Referral
from sporskifte.referrals.services import Decision, self_referral_start


class SelfReferralForm(forms.Form):
    """The public form. Two quiet guards against automated submissions, checked by the
    service (the API's too): a field people never see (`website`) and a signed start time,
    so a form sent within seconds is refused."""

    service = forms.ChoiceField(
        label=_("Hvad vil du henvende dig om?"), widget=forms.RadioSelect, required=True
    )
    name = forms.CharField(label=_("Dit navn"), max_length=200)
    contact = forms.CharField(
        label=_("Hvordan kan vi kontakte dig?"),
        max_length=300,
        help_text=_("Telefonnummer eller e-mailadresse."),
    )
    need = forms.CharField(
        label=_("Hvad har du brug for hjælp til?"),
        help_text=_("Skriv med dine egne ord. Du behøver ikke skrive om diagnoser."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )
    consent_to_contact = forms.BooleanField(
        label=_("Jeg vil gerne kontaktes af socialpsykiatrien om min henvendelse."),
        required=True,
        error_messages={"required": _("Vi kan kun hjælpe, hvis vi må kontakte dig.")},
    )
    website = forms.CharField(
        label=_("Lad dette felt være tomt"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, services: list[Service], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if len(services) > 1:
            self.fields["service"].choices = [(s.slug, s.name) for s in services]  # type: ignore[attr-defined]
        else:
            del self.fields["service"]
        if not self.is_bound:
            self.initial["started"] = self_referral_start()
        style_inputs(self)

    def start_over_earlier(self) -> None:
        """After a refusal as too quick, a person who was simply quick can press the button
        again: nothing typed is lost."""
        data = self.data.copy()  # type: ignore[attr-defined]
        data["started"] = self_referral_start(at=time.time() - 3600)
        self.data = data


SOURCE_CHOICES = [
    (value, label)
    for value, label in Referral.Source.choices
    if value in Referral.sources_staff_may_register()
]


class ReferralFields(forms.Form):
    source = forms.ChoiceField(label=_("Henvisningen kommer fra"), choices=SOURCE_CHOICES)
    referrer_name = forms.CharField(label=_("Henviserens navn"), max_length=200)
    referrer_organisation = forms.CharField(
        label=_("Henviserens organisation"), max_length=200, required=False
    )
    reason = forms.CharField(
        label=_("Årsag til henvisningen"),
        help_text=_("Med henviserens eller borgerens egne ord."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    outreach = forms.BooleanField(
        label=_("Opsøgende: borgeren kan ikke selv opsøge hjælp"), required=False
    )
    signs_of_lasting_need = forms.BooleanField(label=_("Tegn på varigt behov"), required=False)
    agrees_to_take_part = YesNoUnknownField(label=_("Vil borgeren deltage aktivt?"))


class ReferralForNewCitizenForm(ReferralFields, CitizenForm):
    """A professional's referral of a citizen who is not registered yet."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, units=None, **kwargs)
        style_inputs(self)


class ReferralForKnownCitizenForm(ReferralFields):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        style_inputs(self)


DECISION_CHOICES = [
    (Decision.ACCEPT, _("Optag i enhedens tilbud")),
    (Decision.ROUTE_TO_TRACK, _("Send videre til et spor")),
    (Decision.TO_GRANTING_AUTHORITY, _("Send til bevillingsmyndigheden")),
    (Decision.DECLINE, _("Afvis")),
]


class TriageForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Afgørelse"), choices=DECISION_CHOICES, widget=forms.RadioSelect
    )
    service = forms.ChoiceField(
        label=_("Ydelse"),
        required=False,
        help_text=_("Ved optagelse: enhedens ydelse. Ved videresendelse: ydelsen i sporet."),
    )
    reason = forms.CharField(
        label=_("Begrundelse"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    signs_of_lasting_need = forms.BooleanField(label=_("Tegn på varigt behov"), required=False)
    agrees_to_take_part = YesNoUnknownField(label=_("Vil borgeren deltage aktivt?"))

    def __init__(self, *args: object, services: list[Service], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["service"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (s.slug, f"{s.unit.name}: {s.name}") for s in services
        ]
        style_inputs(self)


class AcuteCallForm(forms.Form):
    received_at = forms.DateTimeField(
        label=_("Opkaldet kom"),
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    caller_name = forms.CharField(label=_("Borgerens navn"), max_length=200)
    caller_contact = forms.CharField(
        label=_("Telefon eller anden kontakt"), max_length=300, required=False
    )
    summary = forms.CharField(
        label=_("Kort om opkaldet"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    accepts_next_day_offer = forms.TypedChoiceField(
        label=_("Tager borgeren imod næste dags tilbud?"),
        choices=[("true", _("Ja, book en tid")), ("false", _("Nej"))],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        style_inputs(self)
