from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from sporskifte.accounts.models import ApiToken
from sporskifte.core.forms_support import style_inputs


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Brugernavn eller adgangskode er forkert. Efter flere forkerte forsøg spærres kontoen midlertidigt."
        ),
        "inactive": _("Kontoen er ikke aktiv."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        style_inputs(self)


class OwnPasswordChangeForm(PasswordChangeForm):
    """The current password, then the new one twice; the new one is checked against every
    validator in AUTH_PASSWORD_VALIDATORS (the breached list and the context words too)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["old_password"].label = _("Nuværende adgangskode")
        self.fields["new_password1"].label = _("Ny adgangskode")
        self.fields["new_password1"].help_text = _(
            "Mindst 12 tegn. Ikke en adgangskode, der er lækket ved hackerangreb, og hverken "
            "dit navn, dit brugernavn, din e-mailadresse, kommunens navn eller »Sporskifte«."
        )
        self.fields["new_password2"].label = _("Gentag den nye adgangskode")


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Navn"),
        max_length=100,
        help_text=_("Hvad nøglen bruges til, fx navnet på det system, der kalder API'et."),
    )
    scope = forms.ChoiceField(
        label=_("Adgang"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect(attrs={"class": "form-radio radio-large"}),
    )
    days = forms.IntegerField(label=_("Gyldig i antal dage"), min_value=1)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        days = self.fields["days"]
        days.initial = settings.API_TOKEN_DEFAULT_DAYS
        days.max_value = settings.API_TOKEN_MAX_DAYS  # type: ignore[attr-defined]
        days.validators.append(MaxValueValidator(settings.API_TOKEN_MAX_DAYS))
        days.widget.attrs["max"] = settings.API_TOKEN_MAX_DAYS
        days.help_text = _("Højst %(max)d dage.") % {"max": settings.API_TOKEN_MAX_DAYS}
        style_inputs(self)
