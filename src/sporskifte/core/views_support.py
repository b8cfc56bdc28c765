import functools
from collections.abc import Callable
from typing import ParamSpec

from django.http import Http404, HttpResponse

from sporskifte.core.errors import NotFound

P = ParamSpec("P")


def not_found_on_domain_error(view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """Turn a selector's NotFound into the site's ordinary 404 page."""

    @functools.wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        try:
            return view(*args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from None

    return wrapper
