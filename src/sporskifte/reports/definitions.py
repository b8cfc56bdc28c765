"""What each indicator means, in words a leader reads on the dashboard: its name, its exact
definition (shown under the number, so there is no second copy to drift) and the words for the
parts of its breakdown. Danish msgids, translated like the rest of the UI."""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sporskifte.assessments.instruments import (
    END_OF_COURSE,
    instrument_get,
    who5_relevant_change,
)
from sporskifte.courses.models import Course
from sporskifte.courses.warnings import plan_due_days
from sporskifte.referrals.models import Referral

GROUPS = {
    "intake": _("Henvendelser"),
    "flow": _("Forløb"),
    "process": _("Proceskriterier"),
    "outcome": _("Resultatkriterier"),
    "citizen": _("Borgerens perspektiv"),
}


class Kind(StrEnum):
    """How a number is measured, which decides how it is shown and compared."""

    COUNT = "count"  # a number of people or things
    SHARE = "share"  # a fraction 0–1, shown as a percentage
    DAYS = "days"
    POINTS = "points"  # a change on the WHO-5 scale 0–100
    SCALE = "scale"  # a mean answer on the 1–5 agreement scale


UNITS = {
    Kind.COUNT: _("antal"),
    Kind.SHARE: "%",
    Kind.DAYS: _("dage"),
    Kind.POINTS: _("point"),
    Kind.SCALE: _("gennemsnit 1–5"),
}


@dataclass(frozen=True)
class Definition:
    name: str | Promise
    kind: Kind
    definition: str | Promise
    parts: Kind = Kind.COUNT  # how the breakdown's numbers are measured


_days = lazy(plan_due_days, int)()
_points = lazy(who5_relevant_change, int)()

DEFINITIONS: dict[str, Definition] = {
    "referrals": Definition(
        _("Henvendelser (første kontakt)"),
        Kind.COUNT,
        _(
            "Henvendelser modtaget i perioden på de valgte enheder, uden interne videresendelser "
            "(visitation til et spor, en bevilling). Fordelt på kanal og på hvem der henvendte "
            "sig."
        ),
    ),
    "days_to_first_held_appointment": Definition(
        _("Dage fra henvendelse til første afholdte aftale (median)"),
        Kind.DAYS,
        _(
            "For henvendelser modtaget i perioden, der førte til et forløb med mindst én "
            "afholdt aftale: dage fra henvendelsen kom ind til starten af den første afholdte "
            "aftale. Værdien er medianen; 90-procentsfraktilen viser, hvor længe de 10 procent, der ventede "
            "længst, mindst ventede. Grundlaget er antallet af sådanne henvendelser."
        ),
        parts=Kind.DAYS,
    ),
    "next_day_offers_held": Definition(
        _("Andel af næste dags tilbud, der blev afholdt den dag"),
        Kind.SHARE,
        _(
            "Af opkald til akuttelefonen i perioden, hvor borgeren fik et tilbud om en samtale "
            "næste dag: andelen, hvor en afholdt aftale i forløbet startede inden for det "
            "tilbudte tidsrum."
        ),
    ),
    "active_courses_at_end": Definition(
        _("Aktive forløb ved periodens slutning"),
        Kind.COUNT,
        _(
            "Forløb startet senest periodens sidste dag og ikke afsluttet da. Kapaciteten er "
            "summen af de valgte enheders kapacitet fra organisationsfilen (tom, når ingen "
            "enhed har oplyst en)."
        ),
    ),
    "ended_courses": Definition(
        _("Afsluttede forløb efter længde"),
        Kind.COUNT,
        _(
            "Forløb afsluttet i perioden, fordelt på længde i kalendermåneder efter samme regel "
            "som den maksimale varighed (et forløb fra 31. august til 3. marts varede mere end "
            "6 måneder)."
        ),
    ),
    "preventive_ended_within_6_months": Definition(
        _("Andel § 82 b-forløb afsluttet inden for den maksimale varighed"),
        Kind.SHARE,
        _(
            "Af forløb afsluttet i perioden i en ydelse efter § 82 b med en maksimal varighed: "
            "andelen, der sluttede senest på den sidste tilladte dag."
        ),
    ),
    "end_reasons": Definition(
        _("Afslutningsårsager"),
        Kind.COUNT,
        _("Forløb afsluttet i perioden, fordelt på afslutningsårsag."),
    ),
    "coping_plan_within_14_days": Definition(
        format_lazy(_("Andel med aftalt mestringsstrategiplan inden for {days} dage"), days=_days),
        Kind.SHARE,
        format_lazy(
            _(
                "Af forløb startet i perioden: andelen, hvis første aftalte version af "
                "mestringsstrategiplanen er dateret senest {days} dage efter forløbets start."
            ),
            days=_days,
        ),
    ),
    "goals_in_own_words": Definition(
        _("Andel med mål med borgerens egne ord"),
        Kind.SHARE,
        _("Af forløb startet i perioden: andelen med mindst ét mål."),
    ),
    "network_actors_with_consent": Definition(
        _("Netværksaktører inddraget med samtykke"),
        Kind.COUNT,
        _(
            "Forskellige netværksaktører hos borgerne i forløb startet i perioden, med et "
            "samtykke der er givet og ikke trukket tilbage."
        ),
    ),
    "who5_mean_change": Definition(
        _("Gennemsnitlig ændring i WHO-5"),
        Kind.POINTS,
        _(
            "Af forløb afsluttet i perioden med mindst to WHO-5-besvarelser: gennemsnittet af "
            "(seneste minus første) score på skalaen 0–100."
        ),
    ),
    "who5_relevant_improvement": Definition(
        format_lazy(_("Andel med relevant fremgang i WHO-5 (≥ {points})"), points=_points),
        Kind.SHARE,
        format_lazy(
            _(
                "Samme forløb: andelen, hvis score steg mindst {points} point. Desuden andelen "
                "med en ændring på mindst {points} point i en af retningerne."
            ),
            points=_points,
        ),
        parts=Kind.SHARE,
    ),
    "functional_level_higher": Definition(
        _("Andel med højere funktionsniveau ved afslutning"),
        Kind.SHARE,
        _(
            "Af forløb afsluttet i perioden med mindst to FFB-vurderinger: andelen, hvor mindst "
            "ét tema er bedre (lavere) og intet er værre, når den første og den seneste "
            "sammenlignes."
        ),
    ),
    "ended_self_managing": Definition(
        _("Andel afsluttet som 'klarer sig uden støtte'"),
        Kind.SHARE,
        _(
            "Af forløb afsluttet i perioden: andelen med afslutningsårsagen "
            "»Klarer sig uden støtte«."
        ),
    ),
    "handed_to_granting_authority": Definition(
        _("Andel overdraget til bevillingsmyndigheden"),
        Kind.SHARE,
        _(
            "Af forløb afsluttet i perioden: andelen med afslutningsårsagen "
            "»Overdraget til bevillingsmyndigheden«."
        ),
    ),
    "readmitted_within_6_months": Definition(
        _("Andel genindlagt inden for 6 måneder efter afslutning"),
        Kind.SHARE,
        _(
            "Af forløb afsluttet i perioden: andelen, hvis borger har en genindlæggelse "
            "registreret inden for 183 dage efter slutdatoen."
        ),
    ),
    "days_to_grant_decision": Definition(
        _("Dage fra overdragelse til afgørelse (gennemsnit)"),
        Kind.DAYS,
        _(
            "Overdragelser til bevillingsmyndigheden afgjort i perioden (forløb på de valgte "
            "enheder): gennemsnitligt antal dage fra overdragelsen blev skrevet til afgørelsen."
        ),
    ),
    "end_of_course_response_rate": Definition(
        _("Afslutningsskema: svarprocent"),
        Kind.SHARE,
        _("Af forløb afsluttet i perioden: andelen, hvor borgeren har udfyldt afslutningsskemaet."),
    ),
    "end_of_course_questionnaire": Definition(
        _("Afslutningsskema: gennemsnitligt svar (1–5)"),
        Kind.SCALE,
        _(
            "Afslutningsskemaer fra forløb afsluttet i perioden: gennemsnittet af alle svar på "
            "skalaen 1 (helt uenig) til 5 (helt enig), og gennemsnittet pr. udsagn. Grundlaget "
            "er antallet af udfyldte skemaer."
        ),
        parts=Kind.SCALE,
    ),
    "end_of_course_agreeing": Definition(
        _("Afslutningsskema: andel svar »enig« eller »helt enig«"),
        Kind.SHARE,
        _(
            "Samme skemaer: andelen af alle svar, der er 4 (enig) eller 5 (helt enig), og "
            "andelen pr. udsagn. Grundlaget er antallet af udfyldte skemaer."
        ),
        parts=Kind.SHARE,
    ),
}
NAMES = {code: definition.name for code, definition in DEFINITIONS.items()}

_FIXED_PARTS: dict[str, str | Promise] = {
    "p90": _("90-procentsfraktil"),
    "capacity": _("kapacitet"),
    "months:0-1": _("op til 1 måned"),
    "months:1-3": _("1–3 måneder"),
    "months:3-6": _("3–6 måneder"),
    "months:6+": _("over 6 måneder"),
    "relevant_either_way": _("ændring i en af retningerne"),
}


def part_label(key: str) -> str:
    """The words for a breakdown key (`channel:self` → "Egen henvendelse"); an end reason or a
    questionnaire item by its own label. An unknown key is shown as it is rather than hidden."""
    if key in _FIXED_PARTS:
        return str(_FIXED_PARTS[key])
    prefix, _colon, value = key.partition(":")
    if prefix == "channel" and value in Referral.Channel.values:
        return gettext("Kanal: %(label)s") % {"label": Referral.Channel(value).label}
    if prefix == "source" and value in Referral.Source.values:
        return gettext("Fra: %(label)s") % {"label": Referral.Source(value).label}
    if key in Course.EndReason.values:
        return str(Course.EndReason(key).label)
    questionnaire = instrument_get(END_OF_COURSE)
    if key in questionnaire.item_codes:
        return str(questionnaire.item(key).text)
    return key
