"""Exports of the indicators (CSV and XLSX): the same lines as the page (presentation.py), so
the same rounding and the same suppression; safe to open in a spreadsheet.

CSV is written for Danish Excel, which most leaders use: `;` between fields, decimal comma,
UTF-8 with a byte-order mark (docs/indicators.md)."""

import csv
import datetime as dt
import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sporskifte.reports.indicators import Period
from sporskifte.reports.presentation import Line, Shown

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | dt.date | None


def header() -> list[str]:
    return [
        _("enhed"),
        _("fra"),
        _("til"),
        _("gruppe"),
        _("indikator"),
        _("kode"),
        _("del"),
        _("værdi"),
        _("måleenhed"),
        _("grundlag (antal)"),
        _("forrige periode"),
        _("ændring"),
    ]


def _text(value: object) -> str:
    """Text that a spreadsheet could take for a formula gets a leading apostrophe."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _number(shown: Shown) -> int | float | str | None:
    """The number a file holds; a suppressed number keeps its words ("<5", "skjult")."""
    if shown.number is not None:
        return shown.number
    return None if shown.text in ("", "–") else shown.text


def indicator_rows(
    lines: Sequence[Line], *, period: Period, unit_name: str, groups: dict[str, str]
) -> list[list[Cell]]:
    """One row per indicator and one per part of its breakdown; dates as dates, numbers as
    numbers (None for empty)."""
    rows: list[list[Cell]] = []
    for line in lines:
        base: list[Cell] = [
            _text(unit_name),
            period.start,
            period.end,
            groups[line.group],
            line.name,
            line.code,
        ]
        rows.append(
            [
                *base,
                None,
                _number(line.value),
                line.unit,
                _number(line.base),
                _number(line.previous),
                _number(line.change),
            ]
        )
        for part in line.parts:
            rows.append([*base, _text(part.label), _number(part.value), "", None, None, None])
    return rows


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, int | float):
        return str(value).replace(".", ",")
    return value


def indicators_csv(rows: list[list[Cell]]) -> str:
    """Starts with a byte-order mark so that Excel reads UTF-8 (æ, ø, å)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header())
    writer.writerows([[_csv_cell(v) for v in row] for row in rows])
    return buffer.getvalue()


DATE_COLUMNS = (2, 3)  # fra, til (1-based)
WIDTHS = {1: 28, 2: 12, 3: 12, 4: 20, 5: 60, 6: 30, 7: 40, 8: 10, 9: 14, 10: 16, 11: 16, 12: 20}


def indicators_xlsx(rows: list[list[Cell]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = _("Indikatorer")
    sheet.append(header())
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in DATE_COLUMNS:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = "dd-mm-yyyy"
    for column, width in WIDTHS.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
