"""The access log in words: "Mette Madsen læste journalnotat 7 i forløb 116"."""

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sporskifte.access.policy import RELATION_LABELS, Relation
from sporskifte.audit.models import AccessLog

VERBS = {
    AccessLog.Action.READ: gettext_lazy("%(who)s læste %(what)s"),
    AccessLog.Action.CREATE: gettext_lazy("%(who)s oprettede %(what)s"),
    AccessLog.Action.UPDATE: gettext_lazy("%(who)s ændrede %(what)s"),
}


@dataclass(frozen=True)
class LogLine:
    entry: AccessLog
    text: str
    through: str


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
            "criteria": entry.criteria,
        }
    else:
        verb = VERBS.get(entry.action, VERBS[AccessLog.Action.READ])  # type: ignore[call-overload]
        text = str(verb) % {"who": who, "what": _what(entry)}
    label = RELATION_LABELS.get(entry.reason)  # type: ignore[call-overload]
    reason = str(label) if label is not None else _("før relationerne blev logget")
    through = f"{entry.unit.name}: {reason}" if entry.unit is not None else reason
    return LogLine(entry=entry, text=text, through=through)
