from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sporskifte.core.views_support import not_found_on_domain_error
from sporskifte.organisation import selectors


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    units = list(selectors.my_unit_list(user=request.user).select_related("parent"))
    return render(request, "organisation/unit_list.html", {"units": units})


@login_required
@not_found_on_domain_error
def unit_detail(request: HttpRequest, slug: str) -> HttpResponse:
    unit = selectors.unit_get_for_user(user=request.user, slug=slug)
    return render(request, "organisation/unit_detail.html", {"unit": unit})
