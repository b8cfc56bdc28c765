from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sporskifte.access.policy import Action, Relation
from sporskifte.access.principals import PrincipalKind, may_administer, principal_of


def navigation(request: HttpRequest) -> dict[str, object]:
    """The main menu for signed-in staff: the pages the policy lets this principal use."""
    principal = principal_of(request)
    if principal.kind != PrincipalKind.STAFF:
        return {"main_menu": []}
    entries = [
        (_("Forside"), reverse("accounts:start"), True),
        (
            _("Mine forløb"),
            reverse("courses:caseload"),
            principal.may(Relation.COURSE, Action.WRITE),
        ),
        (
            _("Visitation"),
            reverse("referrals:intake"),
            principal.may(Relation.REFERRAL, Action.WRITE),
        ),
        (
            _("Overdragelser"),
            reverse("courses:escalation_queue"),
            principal.may(Relation.ESCALATION, Action.DECIDE),
        ),
        (
            _("Akuttelefon"),
            reverse("referrals:acute_line"),
            principal.may(Relation.ACUTE_CALL, Action.WRITE),
        ),
        (_("Mine enheder"), reverse("accounts:unit_list"), True),
        (
            _("Resultater"),
            reverse("reports:dashboard"),
            principal.may(Relation.UNIT, Action.OVERSEE),
        ),
        (
            _("Adgangslog"),
            reverse("access:access_log"),
            principal.may(Relation.UNIT, Action.OVERSEE),
        ),
        (_("Administration"), reverse("admin:index"), may_administer(principal)),
    ]
    start = reverse("accounts:start")
    path = request.path
    return {
        "main_menu": [
            {
                "label": label,
                "url": url,
                "current": path == url or (url != start and path.startswith(url)),
            }
            for label, url, allowed in entries
            if allowed
        ]
    }
