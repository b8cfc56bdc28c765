"""The access log in words: "Mette Madsen læste journalnotat 7 i forløb 116"."""

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from sporskifte.access.policy import RELATION_LABELS, Relation
from sporskifte.audit.models import AccessLog

VERBS = {
    AccessLog.Action.READ: gettext_lazy("%(who)s læste %(what)s"),
    AccessLog.Action.CREATE: gettext_lazy("%(who)s oprettede %(what)s"),
    AccessLog.Action.UPDATE: gettext_lazy("%(who)s ændrede %(what)s"),
}

# A row keeps the Danish words its writer gave as purpose (rows never change), and they are
# translated when shown. Every purpose a service or selector writes is listed here, so that
# the catalogue has it; tests/access/test_access_log_page.py fails when one is missing.
PURPOSES = frozenset(
    {
        gettext_noop("Akuttelefonens opkaldsliste"),
        gettext_noop("Borgeren blev identificeret med et CPR-nummer, der var kendt i forvejen"),
        gettext_noop("CPR-opslag ved registrering"),
        gettext_noop("Enhedens interne kontaktoplysninger og medarbejderliste"),
        gettext_noop("Forløb"),
        gettext_noop("Journalføring"),
        gettext_noop("Mestringsstrategiplan og mål"),
        gettext_noop("Mestringsstrategiplan"),
        gettext_noop("Min dag"),
        gettext_noop("Mine forløb"),
        gettext_noop("Modtagelse af henvendelse"),
        gettext_noop("Opdatering af borgerens oplysninger"),
        gettext_noop("Opkald til akuttelefonen"),
        gettext_noop("Opslag på borger"),
        gettext_noop("Overdragelse til bevillingsmyndigheden"),
        gettext_noop("Overdragelser til bevillingsmyndigheden"),
        gettext_noop("Pårørende, netværk og samtykke"),
        gettext_noop("Registrering af borger"),
        gettext_noop("Registrering af borger, der var kendt i forvejen"),
        gettext_noop("Søgning efter borger"),
        gettext_noop("Søgning i journalen"),
        gettext_noop("Udvikling over tid"),
        gettext_noop("Vis CPR-nummer"),
        gettext_noop("Visitation af henvendelse"),
        gettext_noop("Visitationskø"),
        gettext_noop("Vurdering"),
    }
)
# Search criteria are the user's own words, but for the fixed words of a CPR look-up.
FIXED_CRITERIA = frozenset({gettext_noop("CPR-nummer"), gettext_noop("Kvitteringsnummer")})


@dataclass(frozen=True)
class LogLine:
    entry: AccessLog
    text: str
    through: str
    purpose: str


def _translated(words: str, known: frozenset[str]) -> str:
    return _(words) if words in known else words


def _who(entry: AccessLog) -> str:
    if entry.actor is not None:
        return entry.actor.get_full_name() or entry.actor.get_username()
    return {
        Relation.PUBLIC: _("En borger via den offentlige formular"),
        Relation.SELF: _("Borgeren selv"),
        Relation.SYSTEM: _("Sporskifte (automatisk job)"),
    }.get(entry.reason, _("Ukendt"))  # type: ignore[call-overload]


def _noun(entry: AccessLog, *, plural: bool = False) -> str:
    app_label, _dot, model_name = entry.object_type.partition(".")
    try:
        meta = apps.get_model(app_label, model_name)._meta
    except LookupError:
        return entry.object_type
    return str(meta.verbose_name_plural if plural else meta.verbose_name)


def _what(entry: AccessLog) -> str:
    text = f"{_noun(entry)} {entry.object_id}".strip()
    if entry.course_id is not None and not entry.object_type.endswith(".course"):
        text = _("%(thing)s i forløb %(course)s") % {"thing": text, "course": entry.course_id}
    return text


def describe(entry: AccessLog) -> LogLine:
    who = _who(entry)
    if entry.action == AccessLog.Action.SEARCH:
        text = _("%(who)s søgte i %(things)s efter »%(criteria)s«") % {
            "who": who,
            "things": _noun(entry, plural=True),
            "criteria": _translated(entry.criteria, FIXED_CRITERIA),
        }
    else:
        verb = VERBS.get(entry.action, VERBS[AccessLog.Action.READ])  # type: ignore[call-overload]
        text = str(verb) % {"who": who, "what": _what(entry)}
    label = RELATION_LABELS.get(entry.reason)  # type: ignore[call-overload]
    reason = str(label) if label is not None else _("før relationerne blev logget")
    through = f"{entry.unit.name}: {reason}" if entry.unit is not None else reason
    return LogLine(
        entry=entry, text=text, through=through, purpose=_translated(entry.purpose, PURPOSES)
    )
