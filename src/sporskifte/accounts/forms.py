from typing import Any

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
        style_inputs(self)


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


class SecondFactorForm(forms.Form):
    """The second step of signing in: a code, or (by the page's script) a passkey's answer."""

    code = forms.CharField(
        label=_("Kode"),
        help_text=_(
            "Den 6-cifrede kode fra din godkendelsesapp, eller en af dine gendannelseskoder."
        ),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )
    passkey_response = forms.CharField(
        label=_("Adgangsnøgle"), max_length=20_000, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_inputs(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("code") and not cleaned.get("passkey_response"):
            self.add_error("code", _("Skriv koden."))
        return cleaned


class TotpAddForm(forms.Form):
    code = forms.CharField(
        label=_("Kode fra appen"),
        help_text=_("Skriv den 6-cifrede kode, appen viser nu."),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_inputs(self)


class PasskeyAddForm(forms.Form):
    name = forms.CharField(
        label=_("Navn på adgangsnøglen"),
        help_text=_("Så du kan kende den igen, fx ”YubiKey” eller ”Arbejds-pc”."),
        max_length=100,
    )
    passkey_response = forms.CharField(
        label=_("Adgangsnøgle"), max_length=20_000, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_inputs(self)


class PasswordCheckForm(forms.Form):
    """The password again, before a factor is removed or the recovery codes renewed."""

    password = forms.CharField(
        label=_("Din adgangskode"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_inputs(self)
