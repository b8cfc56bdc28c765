from django.contrib.auth.forms import AuthenticationForm
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
