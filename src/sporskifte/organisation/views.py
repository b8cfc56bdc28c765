from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sporskifte.organisation import selectors


@require_GET
def public_contact(request: HttpRequest) -> HttpResponse:
    """How to get help now (112, the acute line), who each track is for, what the services
    offer and how to get in touch. No login."""
    municipality = selectors.municipality_for_public()
    context: dict[str, object] = {"municipality": municipality, "acute_lines": []}
    if municipality is not None:
        units = list(selectors.public_unit_list(municipality=municipality))
        context["units"] = units
        context["acute_lines"] = selectors.acute_line_list(municipality_id=municipality.pk)
        context["takes_self_referrals"] = any(
            service.accepts_self_referral for unit in units for service in unit.services.all()
        )
        context["locations_without_desk"] = [
            loc
            for loc in selectors.public_location_list(municipality=municipality)
            if not loc.has_front_desk
        ]
    return render(request, "organisation/public_contact.html", context)
