"""The indicators as a leader sees them, on the page and in the files alike: every number once
rounded, formatted and, where few citizens are behind it, suppressed here, so the screen and the
exports cannot disagree. No database access."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sporskifte.reports.definitions import DEFINITIONS, GROUPS, UNITS, Kind, part_label
from sporskifte.reports.indicators import Indicator

SUPPRESS_BELOW = 5
# Parts that describe the organisation, not citizens: never suppressed.
NOT_ABOUT_CITIZENS = {"capacity"}
SUPPRESSION_RULE = gettext_lazy(
    "Tal fra 1 til 4 vises som »<5«, og en andel, et gennemsnit eller en median, der bygger på "
    "1 til 4 borgere eller forløb, vises som »skjult«, så ingen enkeltperson kan genkendes. "
    "Det gælder både her og i CSV- og Excel-filerne."
)
DECIMALS = {Kind.COUNT: 0, Kind.SHARE: 1, Kind.DAYS: 1, Kind.POINTS: 1, Kind.SCALE: 1}


@dataclass(frozen=True)
class Shown:
    """One number as shown: `number` is what a file holds (a share in per cent, rounded as on
    the page), None when empty or suppressed; `text` is what the page shows."""

    number: int | float | None
    text: str


EMPTY = Shown(None, "–")


def _small(count: int | None) -> bool:
    return count is not None and 0 < count < SUPPRESS_BELOW


def show(value: float | None, kind: Kind, *, base: int | None = None) -> Shown:
    """`value` as measured by `kind` (a share as a fraction); `base` is the number of citizens
    or courses behind a share or mean. A count of 1–4 is "<5"; anything built on 1–4 is hidden."""
    if value is None:
        return EMPTY
    if kind == Kind.COUNT:
        if _small(int(value)):
            return Shown(None, f"<{SUPPRESS_BELOW}")
        return Shown(int(value), number_format(int(value), 0))
    if _small(base):
        return Shown(None, _("skjult"))
    number = round(value * 100 if kind == Kind.SHARE else value, DECIMALS[kind])
    text = number_format(number, DECIMALS[kind])
    return Shown(number, f"{text} %" if kind == Kind.SHARE else text)


def _plain(count: float | None) -> Shown:
    return EMPTY if count is None else Shown(int(count), number_format(int(count), 0))


def change(now: Shown, before: Shown, kind: Kind) -> Shown:
    """The difference from the previous period; for a share in percentage points."""
    if now.number is None or before.number is None:
        return EMPTY
    difference = round(now.number - before.number, DECIMALS[kind])
    sign = "+" if difference > 0 else ("−" if difference < 0 else "±")
    text = f"{sign}{number_format(abs(difference), DECIMALS[kind])}"
    if kind == Kind.SHARE:
        text = _("%(change)s procentpoint") % {"change": text}
    return Shown(difference, text)


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    value: Shown


@dataclass(frozen=True)
class Line:
    code: str
    group: str
    name: str
    definition: str | Promise
    unit: str
    value: Shown
    base: Shown
    previous: Shown
    change: Shown
    parts: list[Part]


def _value(indicator: Indicator, kind: Kind) -> Shown:
    return show(indicator.value, kind, base=indicator.denominator)


def lines(indicators: Sequence[Indicator], previous: Sequence[Indicator]) -> list[Line]:
    """The indicators of a period, each with its value in the previous period of equal length."""
    before = {i.code: i for i in previous}
    found = []
    for indicator in indicators:
        definition = DEFINITIONS[indicator.code]
        value = _value(indicator, definition.kind)
        earlier = (
            _value(before[indicator.code], definition.kind) if indicator.code in before else EMPTY
        )
        parts = [
            Part(
                key,
                part_label(key),
                _plain(part)
                if key in NOT_ABOUT_CITIZENS
                else show(part, definition.parts, base=indicator.denominator),
            )
            for key, part in indicator.breakdown.items()
        ]
        found.append(
            Line(
                code=indicator.code,
                group=indicator.group,
                name=str(definition.name),
                definition=definition.definition,
                unit=str(UNITS[definition.kind]),
                value=value,
                base=show(indicator.denominator, Kind.COUNT),
                previous=earlier,
                change=change(value, earlier, definition.kind),
                parts=parts,
            )
        )
    return found


def grouped(found: Sequence[Line]) -> list[tuple[str, list[Line]]]:
    return [
        (str(label), [line for line in found if line.group == code])
        for code, label in GROUPS.items()
    ]
