"""The assessment instruments, read from the YAML files in `data/` (one per instrument, each
with a version and its source), and their scoring. docs/instruments.md describes them."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sporskifte.core.errors import InvalidInput

DATA = Path(__file__).resolve().parent / "data"
WHO5 = "who5"
FFB = "ffb"
END_OF_COURSE = "end_of_course"
WHO5_POOR_WELLBEING = 50
WHO5_LIKELY_DEPRESSION = 28
WHO5_RELEVANT_CHANGE = 10


@dataclass(frozen=True)
class Text:
    da: str
    en: str

    def __str__(self) -> str:
        return self.en if (get_language() or "da").startswith("en") else self.da


@dataclass(frozen=True)
class Item:
    code: str
    text: Text


@dataclass(frozen=True)
class ScaleStep:
    value: int
    text: Text


@dataclass(frozen=True)
class Instrument:
    code: str
    version: str
    name: Text
    instructions: Text
    stem: Text | None
    items: tuple[Item, ...]
    scale: tuple[ScaleStep, ...]

    @property
    def values(self) -> set[int]:
        return {step.value for step in self.scale}

    @property
    def item_codes(self) -> list[str]:
        return [item.code for item in self.items]

    def item(self, code: str) -> Item:
        return next(item for item in self.items if item.code == code)


def _text(data: Mapping[str, str]) -> Text:
    return Text(da=data["da"], en=data["en"])


@cache
def instruments() -> dict[str, Instrument]:
    found = {}
    for path in sorted(DATA.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        instrument = Instrument(
            code=data["code"],
            version=str(data["version"]),
            name=_text(data["name"]),
            instructions=_text(data["instructions"]),
            stem=_text(data["stem"]) if "stem" in data else None,
            items=tuple(Item(i["code"], _text(i)) for i in data["items"]),
            scale=tuple(ScaleStep(int(s["value"]), _text(s)) for s in data["scale"]),
        )
        found[instrument.code] = instrument
    return found


def instrument_get(code: str) -> Instrument:
    try:
        return instruments()[code]
    except KeyError:
        raise InvalidInput(
            fields={
                "instrument": [
                    _("Ukendt skema: vælg %(codes)s.") % {"codes": ", ".join(instruments())}
                ]
            }
        ) from None


def normalise_answers(
    instrument: Instrument, answers: Sequence[object] | Mapping[str, object]
) -> dict[str, int]:
    """Answers keyed by item code, each checked; a missing, extra or out-of-range answer is
    refused with a message that names the item."""
    if isinstance(answers, Mapping):
        given = dict(answers)
    else:
        if len(answers) != len(instrument.items):
            raise InvalidInput(
                _("Skemaet har %(n)s spørgsmål; der er %(m)s svar.")
                % {"n": len(instrument.items), "m": len(answers)},
                fields={
                    "answers": [_("Svar på alle %(n)s spørgsmål.") % {"n": len(instrument.items)}]
                },
            )
        given = {item.code: value for item, value in zip(instrument.items, answers, strict=True)}
    errors: dict[str, list[str]] = {}
    unknown = set(given) - {item.code for item in instrument.items}
    for code in sorted(unknown):
        errors[f"answers.{code}"] = [_("Ukendt spørgsmål.")]
    values = sorted(instrument.values)
    result = {}
    for number, item in enumerate(instrument.items, start=1):
        value = given.get(item.code)
        if value is None or value == "":
            errors[f"answers.{item.code}"] = [
                _("Spørgsmål %(number)s (%(item)s) mangler et svar.")
                % {"number": number, "item": item.text}
            ]
            continue
        number_value = _whole_number(value)
        if number_value is None or number_value not in instrument.values:
            errors[f"answers.{item.code}"] = [
                _("Spørgsmål %(number)s (%(item)s): svaret skal være %(low)s–%(high)s.")
                % {"number": number, "item": item.text, "low": values[0], "high": values[-1]}
            ]
            continue
        result[item.code] = number_value
    if errors:
        first = next(iter(errors.values()))[0]
        raise InvalidInput(first, fields=errors)
    return result


def _whole_number(value: object) -> int | None:
    """An answer as a whole number; 3.9 or True is no answer on the scale (int() would say 3)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def who5_relevant_change() -> int:
    """The points of WHO-5 change that are clinically relevant: every use asks here."""
    return WHO5_RELEVANT_CHANGE


def is_relevant_who5_change(change: int) -> bool:
    """A change of `who5_relevant_change()` points, either way."""
    return abs(change) >= who5_relevant_change()


@dataclass(frozen=True)
class Score:
    raw: int | None
    score: int | None
    flags: tuple[str, ...]


def score(instrument: Instrument, answers: Mapping[str, int], previous: int | None = None) -> Score:
    """WHO-5: raw 0–25, ×4 = 0–100; flags at ≤ 50 and ≤ 28 and for a change of ≥ 10 points
    since `previous`. Other instruments keep their answers per item; raw is the sum."""
    raw = sum(answers.values())
    if instrument.code != WHO5:
        return Score(raw=raw, score=None, flags=())
    percent = raw * 4
    flags = []
    if percent <= WHO5_LIKELY_DEPRESSION:
        flags.append("likely_depression")
    if percent <= WHO5_POOR_WELLBEING:
        flags.append("poor_wellbeing")
    if previous is not None and is_relevant_who5_change(percent - previous):
        flags.append("relevant_change")
    return Score(raw=raw, score=percent, flags=tuple(flags))
