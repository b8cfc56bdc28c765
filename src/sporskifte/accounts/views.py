from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sporskifte.access.principals import principal_of
from sporskifte.accounts import selectors, services
from sporskifte.accounts.forms import ApiTokenForm, OwnPasswordChangeForm, SignInForm
from sporskifte.accounts.session import (
    forget_signed_in,
    has_pending_form,
    signed_out_by_lifetime,
    signed_out_by_timeout,
)
from sporskifte.accounts.session_store import session_key_digest
from sporskifte.core.errors import DomainError
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
