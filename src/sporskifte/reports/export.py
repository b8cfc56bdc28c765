"""CSV export of the indicators: the same numbers as the page, safe to open in a spreadsheet."""

import csv
import io

from sporskifte.reports.definitions import NAMES
from sporskifte.reports.indicators import Indicator, Period

SUPPRESS_BELOW = 5
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """Text that a spreadsheet could take for a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _count(value: object) -> object:
    """Counts of 1–4 are shown as '<5' so that small groups cannot be singled out."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < SUPPRESS_BELOW:
        return f"<{SUPPRESS_BELOW}"
    return value


def indicators_csv(indicators: list[Indicator], *, period: Period, unit_name: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        ["enhed", "fra", "til", "indikator", "kode", "del", "værdi", "grundlag (antal)"]
    )
    for indicator in indicators:
        small = indicator.denominator is not None and 0 < indicator.denominator < SUPPRESS_BELOW
        value = "<5" if small else _count(indicator.value)
        base = [
            unit_name,
            period.start.isoformat(),
            period.end.isoformat(),
            str(NAMES[indicator.code]),
            indicator.code,
        ]
        writer.writerow([_cell(v) for v in [*base, "", value, _count(indicator.denominator)]])
        for key, part in indicator.breakdown.items():
            shown = "<5" if small else _count(part)
            writer.writerow([_cell(v) for v in [*base, key, shown, ""]])
    return buffer.getvalue()
