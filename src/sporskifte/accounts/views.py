from base64 import b32encode
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from sporskifte.access.principals import principal_of
from sporskifte.accounts import selectors, services
from sporskifte.accounts.authn import SESSION_METHOD
from sporskifte.accounts.forms import (
    ApiTokenForm,
    OwnPasswordChangeForm,
    PasskeyAddForm,
    PasswordCheckForm,
    SecondFactorForm,
    SignInForm,
    TotpAddForm,
)
from sporskifte.accounts.mfa import (
    SecondFactorStep,
    relying_party,
    step_for_request,
)
from sporskifte.accounts.models import User
from sporskifte.accounts.session import (
    forget_signed_in,
    has_pending_form,
    signed_out_by_lifetime,
    signed_out_by_timeout,
)
from sporskifte.accounts.session_store import session_key_digest
from sporskifte.core.errors import DomainError, InvalidInput
from sporskifte.core.forms_support import show_domain_error
from sporskifte.core.views_support import not_found_on_domain_error


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["signed_out_by_timeout"] = signed_out_by_timeout(self.request)
        context["form_kept"] = has_pending_form(self.request)
        context["idle_minutes"] = max(1, settings.SESSION_COOKIE_AGE // 60)
        context["signed_out_by_lifetime"] = signed_out_by_lifetime(self.request)
        context["lifetime_hours"] = settings.SESSION_ABSOLUTE_LIFETIME_HOURS
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        self.request.session[SESSION_METHOD] = "password"
        return response

    def get_default_redirect_url(self) -> str:
        # Where the user's work starts; a `next` address (a page the user asked for) wins.
        return reverse(selectors.landing_for_user(actor=principal_of(self.request)))


class SignOutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        forget_signed_in(response)
        return response


@never_cache
@require_POST
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """The "stay signed in" button and typing in a long form: any request renews the idle
    timeout (SESSION_SAVE_EVERY_REQUEST); 401 tells the page the session has already ended."""
    return HttpResponse(status=204 if request.user.is_authenticated else 401)


@login_required
def start(request: HttpRequest) -> HttpResponse:
    memberships = list(selectors.membership_list_for_user(actor=principal_of(request)))
    return render(request, "accounts/start.html", {"memberships": memberships})


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    units = list(selectors.my_unit_list(actor=principal_of(request)))
    return render(request, "accounts/unit_list.html", {"units": units})


@login_required
@not_found_on_domain_error
def unit_detail(request: HttpRequest, slug: str) -> HttpResponse:
    unit = selectors.unit_get_for_user(actor=principal_of(request), slug=slug)
    return render(request, "accounts/unit_detail.html", {"unit": unit})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    memberships = list(selectors.membership_history_for_user(actor=principal_of(request)))
    return render(request, "accounts/account.html", {"memberships": memberships})


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = OwnPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_password_change(
            user=services.user_of(principal_of(request)),
            password=form.cleaned_data["new_password1"],
            request=request,
        )
        messages.success(
            request, _("Din adgangskode er skiftet. Du er logget ud alle andre steder.")
        )
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = list(selectors.user_session_list_for_user(actor=principal_of(request)))
    current = session_key_digest(request.session.session_key or "")
    return render(
        request,
        "accounts/session_list.html",
        {
            "sessions": sessions,
            "current_digest": current,
            "lifetime_hours": settings.SESSION_ABSOLUTE_LIFETIME_HOURS,
        },
    )


@login_required
@require_POST
@not_found_on_domain_error
def session_end(request: HttpRequest, session_id: int) -> HttpResponse:
    services.user_session_end(actor=principal_of(request), session_id=session_id, request=request)
    messages.success(request, _("Sessionen er afsluttet. Den browser er nu logget ud."))
    return redirect("accounts:sessions")


# never_cache: the answer to a new token holds the plain token, which must not stay in a cache.
@never_cache
@login_required
@not_found_on_domain_error
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens; a POST issues one and shows it this once."""
    principal = principal_of(request)
    form = ApiTokenForm(request.POST or None)
    issued = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                issued = services.api_token_issue(
                    user=services.user_of(principal),
                    request=request,
                    **form.cleaned_data,
                )
            except DomainError as error:
                show_domain_error(form, error)
            else:
                form = ApiTokenForm()
        if issued is None:
            status = 422
    tokens = list(selectors.api_token_list_for_user(actor=principal))
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "issued": issued, "tokens": tokens},
        status=status,
    )


@require_POST
@login_required
@not_found_on_domain_error
def token_revoke(request: HttpRequest, prefix: str) -> HttpResponse:
    token = services.api_token_revoke(
        prefix=prefix, owner=services.user_of(principal_of(request)), request=request
    )
    messages.success(
        request, _("API-nøglen %(prefix)s er tilbagekaldt.") % {"prefix": token.prefix}
    )
    return redirect("accounts:tokens")


PENDING_TOTP_KEY = "mfa_pending_totp_key"


PASSKEY_CHALLENGE = "mfa_passkey_challenge"


NEW_RECOVERY_CODES = "mfa_new_recovery_codes"


def _me(request: HttpRequest) -> User:
    """The signed-in staff member (the pages below require sign-in)."""
    return services.user_of(principal_of(request))


def _landing(request: HttpRequest) -> str:
    """The page asked for before the second step, if it is ours, else where work starts."""
    wanted = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse(selectors.landing_for_user(actor=principal_of(request)))


def _enrolled(request: HttpRequest, recovery_codes: list[str]) -> HttpResponse:
    """A factor was added, which the user proved just now: the session counts as verified;
    the first factor's recovery codes are shown next, once."""
    services.second_factor_verified(request=request)
    messages.success(request, _("Totrinsbekræftelsen er tilføjet."))
    if recovery_codes:
        request.session[NEW_RECOVERY_CODES] = recovery_codes
        return redirect("accounts:mfa_recovery")
    return redirect("accounts:mfa")


@login_required
def mfa_overview(request: HttpRequest) -> HttpResponse:
    overview = selectors.second_factor_overview(user=_me(request))
    return render(
        request,
        "accounts/mfa.html",
        {"overview": overview, "must_enrol": step_for_request(request) == SecondFactorStep.ENROL},
    )


@login_required
def mfa_totp_add(request: HttpRequest) -> HttpResponse:
    key = request.session.get(PENDING_TOTP_KEY) or services.totp_key_new()
    request.session[PENDING_TOTP_KEY] = key
    form = TotpAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_enrol(
                user=_me(request), key=key, code=form.cleaned_data["code"], request=request
            )
        except InvalidInput as error:
            show_domain_error(form, error)
        else:
            del request.session[PENDING_TOTP_KEY]
            return _enrolled(request, codes)
    # An unsaved device only to build the standard otpauth:// address for the QR code.
    address = TOTPDevice(user=_me(request), key=key).config_url
    secret = b32encode(bytes.fromhex(key)).decode()
    return render(
        request,
        "accounts/mfa_totp_add.html",
        {
            "form": form,
            "qr": segno.make(address, error="m").svg_data_uri(scale=5, border=2),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


@login_required
def mfa_passkey_add(request: HttpRequest) -> HttpResponse:
    rp_id, origin = relying_party(request)
    form = PasskeyAddForm(request.POST or None)
    challenge = request.session.pop(PASSKEY_CHALLENGE, "")
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.passkey_enrol(
                user=_me(request),
                name=form.cleaned_data["name"],
                response=form.cleaned_data["passkey_response"],
                challenge=challenge,
                rp_id=rp_id,
                origin=origin,
                request=request,
            )
        except InvalidInput as error:
            show_domain_error(form, error)
        else:
            return _enrolled(request, codes)
    started = services.passkey_registration_start(user=_me(request), rp_id=rp_id)
    request.session[PASSKEY_CHALLENGE] = started.challenge
    return render(
        request,
        "accounts/mfa_passkey_add.html",
        {"form": form, "passkey_options": started.options_json},
    )


@login_required
def mfa_recovery(request: HttpRequest) -> HttpResponse:
    form = PasswordCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.recovery_codes_renew(
                user=_me(request), password=form.cleaned_data["password"]
            )
        except InvalidInput as error:
            show_domain_error(form, error)
        else:
            request.session[NEW_RECOVERY_CODES] = codes
            return redirect("accounts:mfa_recovery")
    overview = selectors.second_factor_overview(user=_me(request))
    if not overview.factors:
        return redirect("accounts:mfa")
    return render(
        request,
        "accounts/mfa_recovery.html",
        {
            "form": form,
            "overview": overview,
            "new_codes": request.session.pop(NEW_RECOVERY_CODES, None),
        },
    )


@login_required
@not_found_on_domain_error
def mfa_remove(request: HttpRequest, kind: str, factor_id: int) -> HttpResponse:
    overview = selectors.second_factor_overview(user=_me(request))
    factor = next((f for f in overview.factors if (f.kind, f.id) == (kind, factor_id)), None)
    if factor is None:
        raise Http404
    form = PasswordCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.second_factor_remove(
                user=_me(request),
                kind=kind,
                factor_id=factor_id,
                password=form.cleaned_data["password"],
                request=request,
            )
        except InvalidInput as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Den anden faktor er fjernet."))
            return redirect("accounts:mfa")
    return render(request, "accounts/mfa_remove.html", {"form": form, "factor": factor})


@login_required
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in."""
    if step_for_request(request) != SecondFactorStep.VERIFY:
        return HttpResponseRedirect(_landing(request))
    rp_id, origin = relying_party(request)
    form = SecondFactorForm(request.POST or None)
    challenge = request.session.pop(PASSKEY_CHALLENGE, "")
    if request.method == "POST" and form.is_valid():
        result = services.second_factor_verify(
            user=_me(request),
            request=request,
            code=form.cleaned_data["code"],
            passkey_response=form.cleaned_data["passkey_response"],
            challenge=challenge,
            rp_id=rp_id,
            origin=origin,
        )
        if result.verified:
            services.second_factor_verified(request=request)
            if result.outcome == services.Verification.RECOVERY_CODE_USED:
                left = selectors.second_factor_overview(user=_me(request)).recovery_codes_left
                messages.warning(
                    request,
                    _(
                        "Du har brugt en gendannelseskode; den virker ikke igen. "
                        "Du har %(left)d tilbage."
                    )
                    % {"left": left},
                )
            return HttpResponseRedirect(_landing(request))
        if result.outcome == services.Verification.LOCKED_OUT:
            logout(request)
            return render(
                request,
                "accounts/mfa_locked.html",
                {"locked_until": result.locked_until},
                status=429,
            )
        form.add_error(
            "code",
            _(
                "Koden er forkert eller allerede brugt. Efter flere forkerte forsøg "
                "spærres kontoen midlertidigt."
            ),
        )
    started = services.passkey_authentication_start(user=_me(request), rp_id=rp_id)
    if started is not None:
        request.session[PASSKEY_CHALLENGE] = started.challenge
    return render(
        request,
        "accounts/mfa_verify.html",
        {
            "form": form,
            "passkey_options": started.options_json if started else None,
            "next": request.POST.get(REDIRECT_FIELD_NAME)
            or request.GET.get(REDIRECT_FIELD_NAME, ""),
        },
    )
