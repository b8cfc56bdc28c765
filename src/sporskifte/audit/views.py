from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sporskifte.audit import selectors
from sporskifte.audit.forms import AccessLogFilterForm
from sporskifte.audit.selectors import AccessLogFilter
from sporskifte.core.views_support import permission_or_404

PAGE_SIZE = 50


@login_required
@permission_or_404("audit.browse_access_log")
def access_log(request: HttpRequest) -> HttpResponse:
    form = AccessLogFilterForm(
        request.GET or None, actors=selectors.access_log_actor_choices(user=request.user)
    )
    filters = form.to_filter() if form.is_bound and form.is_valid() else AccessLogFilter()
    entries = selectors.access_log_list_for_user(user=request.user, filters=filters)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/access_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
