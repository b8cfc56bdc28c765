import calendar
import logging
import time
from base64 import b32encode
from typing import Any

import saml2
import segno
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice
from djangosaml2 import utils as saml_utils
from djangosaml2 import views as saml_views
from djangosaml2.cache import IdentityCache, StateCache
from djangosaml2.overrides import Saml2Client
from saml2.client_base import LogoutError
from saml2.metadata import create_metadata_string
from saml2.response import SignatureError, StatusError, UnsolicitedResponse
from saml2.s_utils import UnsupportedBinding
from saml2.time_util import str_to_time
from saml2.validate import ResponseLifetimeExceed, ToEarly

from sporskifte.access.principals import principal_of
from sporskifte.accounts import selectors, services
from sporskifte.accounts.authn import SESSION_METHOD, SESSION_NSIS_LEVEL
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
from sporskifte.accounts.saml import (
    SamlRefused,
    SsoUnavailable,
    identity_of,
    sp_config_for_request,
    sso_configured,
)
from sporskifte.accounts.session import (
    forget_signed_in,
    has_pending_form,
    signed_out_by_lifetime,
    signed_out_by_timeout,
)
from sporskifte.accounts.session_store import session_key_digest
from sporskifte.audit.models import SecurityEvent
from sporskifte.audit.services import security_event_record
from sporskifte.core.errors import DomainError, InvalidInput
from sporskifte.core.forms_support import show_domain_error
from sporskifte.core.views_support import not_found_on_domain_error

logger = logging.getLogger(__name__)
SSO_SESSION_BACKEND = "django.contrib.auth.backends.ModelBackend"
SP_METADATA_VALID_HOURS = 24 * 7


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
        context["sso_configured"] = sso_configured()
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
        if (
            request.user.is_authenticated
            and request.session.get(SESSION_METHOD) == "saml"
            and sso_configured()
        ):
            response = saml_sign_out(request)
            forget_signed_in(response)
            return response
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
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    ended = services.user_sessions_end_others(actor=principal_of(request), request=request)
    messages.success(
        request,
        ngettext(
            "%(count)d anden session er afsluttet. Du er kun logget ind her.",
            "%(count)d andre sessioner er afsluttet. Du er kun logget ind her.",
            ended,
        )
        % {"count": ended},
    )
    # Offered on the sessions page and on the second-factor page; back to where it was asked.
    return redirect("accounts:mfa" if request.POST.get("back") == "mfa" else "accounts:sessions")


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


# Single sign-on (SAML). djangosaml2's views do the protocol; these subclasses decide what a
# verified assertion means here, and keep every refusal in the security log.

SAML_REFUSAL_REASONS: tuple[tuple[type[BaseException], str], ...] = (
    (SignatureError, "bad signature"),
    (ResponseLifetimeExceed, "expired"),
    (ToEarly, "not yet valid"),
    (UnsolicitedResponse, "unsolicited or replayed"),
    (StatusError, "refused by the identity provider"),
)


def _refusal_reason(exception: BaseException | None) -> str:
    if isinstance(exception, SamlRefused):
        return exception.reason
    for kind, reason in SAML_REFUSAL_REASONS:
        if isinstance(exception, kind):
            return reason
    text = str(exception or "").lower()
    if "audience" in text or "not for me" in text:
        return "wrong audience"
    return f"invalid response ({type(exception).__name__})"


class SsoConfiguredMixin:
    """The SAML addresses exist only while single sign-on is configured."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not sso_configured():
            raise Http404
        try:
            sp_config_for_request(request)  # loaded once per process, then cached
        except SsoUnavailable:
            return render(request, "accounts/sso_unavailable.html", status=503)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class SamlSignInView(SsoConfiguredMixin, saml_views.LoginView):
    """Sends the browser to the IdP with a signed AuthnRequest."""


# The IdP's POST carries no CSRF token: the signed response and its InResponseTo, tied to
# this browser's outstanding request, are what protect it.
@method_decorator([csrf_exempt, never_cache], name="dispatch")
class SamlAssertionConsumerView(SsoConfiguredMixin, saml_views.AssertionConsumerServiceView):
    """Where the IdP POSTs its response. pysaml2 refuses a bad signature, an expired or
    not-yet-valid assertion, another audience and a response to no request of this browser's
    (a replay: the request id is used up at the first sign-in); an assertion id seen before is
    refused here too, so a response cannot be replayed from another browser's session."""

    def custom_validation(self, response: Any) -> None:
        assertion = response.assertion
        if assertion is None:
            # pysaml2 hands back a response whose issue time is too old with no assertion.
            self.refusal = SamlRefused(
                "expired" if not response.issue_instant_ok() else "no assertion"
            )
            raise self.refusal
        # Remembered for the assertion's own lifetime (its conditions), at least a minute.
        not_after = assertion.conditions.not_on_or_after if assertion.conditions else None
        lifetime = 3600
        if not_after:
            lifetime = max(60, int(calendar.timegm(str_to_time(not_after)) - time.time()) + 60)
        if not cache.add(f"saml-assertion:{assertion.id}", True, timeout=lifetime):
            self.refusal = SamlRefused("replayed")
            raise self.refusal

    def handle_acs_failure(
        self,
        request: HttpRequest,
        exception: BaseException | None = None,
        status: int = 403,
        **kwargs: Any,
    ) -> HttpResponse:
        refusal = getattr(self, "refusal", None)
        reason = refusal.reason if refusal is not None else _refusal_reason(exception)
        # The user name only once the assertion itself was verified; nothing else from it.
        security_event_record(
            kind=SecurityEvent.Kind.SSO_REFUSED,
            request=request,
            username=getattr(self, "refused_username", ""),
            detail=reason,
        )
        return render(request, "accounts/sso_refused.html", status=403)

    def authenticate_user(
        self,
        request: HttpRequest,
        session_info: dict[str, Any],
        attribute_mapping: Any,
        create_unknown_user: Any,
        assertion_info: Any,
    ) -> Any:
        try:
            identity = identity_of(session_info)
            self.refused_username = identity.username
            outcome = services.user_sso_sign_in(identity=identity, request=request)
        except SamlRefused as refusal:
            self.refusal = refusal
            raise PermissionDenied(refusal.reason) from None
        # An explicit backend: axes' comes first in AUTHENTICATION_BACKENDS and signs no one in.
        auth.login(request, outcome.user, backend=SSO_SESSION_BACKEND)
        request.session[SESSION_METHOD] = "saml"
        if identity.nsis_level:
            request.session[SESSION_NSIS_LEVEL] = identity.nsis_level
        saml_session = request.saml_session  # type: ignore[attr-defined]  # SamlSessionMiddleware
        saml_views._set_subject_id(saml_session, session_info["name_id"])
        self.has_access = outcome.has_access
        return outcome.user

    def custom_redirect(self, user: Any, relay_state: str, session_info: Any) -> str | None:
        if not self.has_access:
            return reverse("accounts:no_access")
        if relay_state == saml_utils.get_fallback_login_redirect_url():
            return reverse(selectors.landing_for_user(actor=principal_of(self.request)))
        return None


class SamlMetadataView(SsoConfiguredMixin, saml_views.SPConfigMixin, View):
    """This service provider's metadata, signed with its key, at a stable address."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        conf = self.get_sp_config(request)
        metadata = create_metadata_string(
            None, config=conf, valid=SP_METADATA_VALID_HOURS, sign=True
        )
        return HttpResponse(metadata, content_type="application/samlmetadata+xml")


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class SamlLogoutServiceView(SsoConfiguredMixin, saml_views.LogoutView):
    """Single logout: the IdP's answer to our logout request, or its own request when the
    user signs out elsewhere."""

    logout_error_template = "accounts/logged_out.html"

    def do_logout_service(
        self, request: HttpRequest, data: Any, binding: str, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        if "SAMLResponse" in data:
            state, client = self.get_state_client(request)
            try:
                client.parse_logout_request_response(data["SAMLResponse"], binding)
            except Exception:
                logger.warning("Single logout: the IdP's answer could not be read.")
            state.sync()
            auth.logout(request)
            return render(request, "accounts/logged_out.html")
        try:
            return super().do_logout_service(request, data, binding, *args, **kwargs)
        except Exception:
            # A logout request we cannot read or verify ends nothing.
            logger.warning("Single logout: a logout request could not be read.")
            return HttpResponseBadRequest()


def saml_sign_out(request: HttpRequest) -> HttpResponse:
    """Single logout started here: our session ends and the browser goes to the IdP, which
    ends the user's other sessions and sends them back to SamlLogoutServiceView."""
    saml_session = request.saml_session  # type: ignore[attr-defined]  # SamlSessionMiddleware
    subject_id = saml_views._get_subject_id(saml_session)
    try:
        conf = sp_config_for_request(request)
    except SsoUnavailable:
        # Our session still ends; the IdP's cannot be ended from here now.
        auth.logout(request)
        return render(request, "accounts/logged_out.html")
    state = StateCache(saml_session)
    client = Saml2Client(conf, state_cache=state, identity_cache=IdentityCache(saml_session))
    try:
        result = client.global_logout(subject_id) if subject_id is not None else None
    except (LogoutError, UnsupportedBinding):
        result = None
    auth.logout(request)
    state.sync()
    for logout_info in (result or {}).values():
        if isinstance(logout_info, tuple) and logout_info[0] == saml2.BINDING_HTTP_REDIRECT:
            return HttpResponseRedirect(saml_utils.get_location(logout_info[1]))
    return render(request, "accounts/logged_out.html")


@login_required
def no_access(request: HttpRequest) -> HttpResponse:
    """Signed in through single sign-on, but no job-function role gives a membership here."""
    return render(request, "accounts/no_access.html", {"contact": settings.SAML_NO_ACCESS_CONTACT})
