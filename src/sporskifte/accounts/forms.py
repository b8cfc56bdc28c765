from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

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
