from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sporskifte.access import selectors
from sporskifte.access.describe import describe
from sporskifte.access.forms import AccessLogFilterForm
from sporskifte.access.principals import principal_of
from sporskifte.audit.selectors import AccessLogFilter
from sporskifte.core.views_support import not_found_on_domain_error

PAGE_SIZE = 50


@login_required
@not_found_on_domain_error
def access_log(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request)
    form = AccessLogFilterForm(
        request.GET or None, actors=selectors.access_log_actor_choices(actor=principal)
    )
    filters = form.to_filter() if form.is_bound and form.is_valid() else AccessLogFilter()
    entries = selectors.access_log_for_overseer(actor=principal, filters=filters)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "access/access_log.html",
        {
            "form": form,
            "page": page,
            "lines": [describe(entry) for entry in page.object_list],
            "query": query.urlencode(),
        },
    )
