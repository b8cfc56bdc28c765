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
            _("Min dag"),
            reverse("courses:today"),
            principal.may(Relation.COURSE, Action.WRITE),
        ),
        (
            _("Find borger"),
            reverse("citizens:search"),
            principal.may(Relation.CITIZEN, Action.READ)
            or principal.may(Relation.ESCALATION, Action.READ),
        ),
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
    allowed_entries = [(label, url) for label, url, allowed in entries if allowed]
    current = _current_section(request.path, [url for _label, url in allowed_entries])
    return {
        "main_menu": [
            {"label": label, "url": url, "current": url == current}
            for label, url in allowed_entries
        ]
    }


def _current_section(path: str, urls: list[str]) -> str | None:
    """The one menu entry the page belongs to: the longest entry address the path starts with
    ("/courses/today/" is "Min dag", not also "Mine forløb"). A citizen's record, plan and
    progress belong to the worker's courses."""
    start = reverse("accounts:start")
    matches = [url for url in urls if path == url or (url != start and path.startswith(url))]
    if matches:
        return max(matches, key=len)
    caseload = reverse("courses:caseload")
    if caseload in urls and path.startswith(("/citizens/", "/plans/", "/assessments/")):
        return caseload
    return None
