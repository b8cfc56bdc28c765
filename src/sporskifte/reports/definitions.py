"""Display names of the indicators (Danish msgids); the exact definitions are in
docs/indicators.md under the same codes."""

from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sporskifte.assessments.instruments import who5_relevant_change
from sporskifte.courses.warnings import plan_due_days

GROUPS = {
    "intake": _("Henvendelser"),
    "flow": _("Forløb"),
    "process": _("Proceskriterier"),
    "outcome": _("Resultatkriterier"),
    "citizen": _("Borgerens perspektiv"),
}

NAMES = {
    "referrals": _("Henvendelser (første kontakt)"),
    "days_to_first_held_appointment": _("Dage fra henvendelse til første afholdte aftale (median)"),
    "next_day_offers_held": _("Andel af næste dags tilbud, der blev afholdt den dag"),
    "active_courses_at_end": _("Aktive forløb ved periodens slutning"),
    "ended_courses": _("Afsluttede forløb efter længde"),
    "preventive_ended_within_6_months": _(
        "Andel § 82 b-forløb afsluttet inden for den maksimale varighed"
    ),
    "end_reasons": _("Afslutningsårsager"),
    "coping_plan_within_14_days": format_lazy(
        _("Andel med aftalt mestringsstrategiplan inden for {days} dage"),
        days=lazy(plan_due_days, int)(),
    ),
    "goals_in_own_words": _("Andel med mål med borgerens egne ord"),
    "network_actors_with_consent": _("Netværksaktører inddraget med samtykke"),
    "who5_mean_change": _("Gennemsnitlig ændring i WHO-5"),
    "who5_relevant_improvement": format_lazy(
        _("Andel med relevant fremgang i WHO-5 (≥ {points})"),
        points=lazy(who5_relevant_change, int)(),
    ),
    "functional_level_higher": _("Andel med højere funktionsniveau ved afslutning"),
    "ended_self_managing": _("Andel afsluttet som 'klarer sig uden støtte'"),
    "handed_to_granting_authority": _("Andel overdraget til bevillingsmyndigheden"),
    "readmitted_within_6_months": _("Andel genindlagt inden for 6 måneder efter afslutning"),
    "days_to_grant_decision": _("Dage fra overdragelse til afgørelse (gennemsnit)"),
    "end_of_course_questionnaire": _("Afslutningsskema: gennemsnit pr. udsagn (1–5)"),
}
SHARES = {
    "next_day_offers_held",
    "preventive_ended_within_6_months",
    "coping_plan_within_14_days",
    "goals_in_own_words",
    "who5_relevant_improvement",
    "functional_level_higher",
    "ended_self_managing",
    "handed_to_granting_authority",
    "readmitted_within_6_months",
}
