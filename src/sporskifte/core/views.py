from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sporskifte.organisation import selectors as organisation


@require_GET
def public_contact(request: HttpRequest) -> HttpResponse:
    """Who each track is for, what the services offer and how to get in touch. No login."""
    municipality = organisation.municipality_for_public()
    context: dict[str, object] = {"municipality": municipality}
    if municipality is not None:
        context["units"] = list(organisation.public_unit_list(municipality=municipality))
        context["locations_without_desk"] = [
            loc
            for loc in organisation.public_location_list(municipality=municipality)
            if not loc.has_front_desk
        ]
    return render(request, "core/public_contact.html", context)


@login_required
def start(request: HttpRequest) -> HttpResponse:
    memberships = list(organisation.membership_list_for_user(user=request.user))
    return render(request, "core/start.html", {"memberships": memberships})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
