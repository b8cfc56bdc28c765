"""Exports of the indicators (CSV and XLSX): the same numbers as the page, safe to open in a
spreadsheet. Small counts are suppressed so that few citizens cannot be singled out."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from sporskifte.reports.definitions import NAMES
from sporskifte.reports.indicators import Indicator, Period

SUPPRESS_BELOW = 5
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER = ["enhed", "fra", "til", "indikator", "kode", "del", "værdi", "grundlag (antal)"]


def _cell(value: object) -> str | int | float:
    """Text that a spreadsheet could take for a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _count(value: object) -> object:
    """Counts of 1–4 are shown as '<5'."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < SUPPRESS_BELOW:
        return f"<{SUPPRESS_BELOW}"
    return value


def indicator_rows(
    indicators: list[Indicator], *, period: Period, unit_name: str
) -> list[list[str | int | float]]:
    rows: list[list[str | int | float]] = [list(HEADER)]
    for indicator in indicators:
        small = indicator.denominator is not None and 0 < indicator.denominator < SUPPRESS_BELOW
        value = f"<{SUPPRESS_BELOW}" if small else _count(indicator.value)
        base = [
            unit_name,
            period.start.isoformat(),
            period.end.isoformat(),
            str(NAMES[indicator.code]),
            indicator.code,
        ]
        rows.append([_cell(v) for v in [*base, "", value, _count(indicator.denominator)]])
        for key, part in indicator.breakdown.items():
            shown = f"<{SUPPRESS_BELOW}" if small else _count(part)
            rows.append([_cell(v) for v in [*base, key, shown, ""]])
    return rows


def indicators_csv(indicators: list[Indicator], *, period: Period, unit_name: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(
        indicator_rows(indicators, period=period, unit_name=unit_name)
    )
    return buffer.getvalue()


def indicators_xlsx(indicators: list[Indicator], *, period: Period, unit_name: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Indikatorer"
    for row in indicator_rows(indicators, period=period, unit_name=unit_name):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
