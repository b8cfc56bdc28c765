from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sporskifte.access.principals import principal_of
from sporskifte.accounts import selectors
from sporskifte.accounts.forms import SignInForm
from sporskifte.core.views_support import not_found_on_domain_error


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


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
