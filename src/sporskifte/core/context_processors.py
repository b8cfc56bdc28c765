from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def navigation(request: HttpRequest) -> dict[str, object]:
    """The main menu for signed-in staff; each entry is shown only if the user may use it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"main_menu": []}
    entries = [
        (_("Forside"), reverse("core:start"), True),
        (_("Mine forløb"), reverse("courses:caseload"), user.has_perm("courses.work_with_courses")),
        (_("Visitation"), reverse("referrals:intake"), user.has_perm("referrals.triage")),
        (
            _("Overdragelser"),
            reverse("courses:escalation_queue"),
            user.has_perm("courses.decide_escalation"),
        ),
        (
            _("Akuttelefon"),
            reverse("referrals:acute_line"),
            user.has_perm("referrals.log_acute_call"),
        ),
        (_("Mine enheder"), reverse("organisation:unit_list"), True),
        (_("Resultater"), reverse("reports:dashboard"), user.has_perm("reports.view_indicators")),
        (_("Adgangslog"), reverse("audit:access_log"), user.has_perm("audit.browse_access_log")),
        (_("Administration"), reverse("admin:index"), user.is_staff),
    ]
    path = request.path
    menu = []
    for label, url, allowed in entries:
        if allowed:
            current = path == url or (
                url != "/" and path.startswith(url) and url != reverse("core:start")
            )
            menu.append({"label": label, "url": url, "current": current})
    return {"main_menu": menu}
