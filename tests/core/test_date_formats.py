"""Dates read the same way on every page: Danish "24. nov. 2026", English "24 Nov 2026"."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

SRC = Path(__file__).resolve().parents[2] / "src" / "sporskifte"

# A literal format may say only what no named format says: a weekday, a time, a week number,
# or a machine-readable date.
LITERALS_ALLOWED = {"l", "D", "H:i", "H:i:s", "W", "Y-m-d", "c"}


def render(source: str, language: str, **context: object) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "date", "date_and_time", "month_day"),
    [
        ("da", "24. nov. 2026", "1. marts 2027 14:30", "mandag 1. marts"),
        ("en", "24 Nov 2026", "1 Mar 2027, 14:30", "Monday 1 March"),
    ],
)
def test_dates_read_in_the_languages_own_style(
    language: str, date: str, date_and_time: str, month_day: str
) -> None:
    day, moment = dt.date(2026, 11, 24), dt.datetime(2027, 3, 1, 14, 30)  # noqa: DTZ001
    assert render("{{ day|date }}", language, day=day) == date
    assert render('{{ moment|date:"DATETIME_FORMAT" }}', language, moment=moment) == date_and_time
    assert (
        render(
            '{{ moment|date:"l" }} {{ moment|date:"MONTH_DAY_FORMAT" }}', language, moment=moment
        )
        == month_day
    )


def test_templates_name_their_date_formats() -> None:
    literal = re.compile(r"""\|date:["']([^"']+)["']""")
    spelled_out = set()
    for template in SRC.glob("**/templates/**/*.html"):
        name = str(template.relative_to(SRC))
        for found in literal.findall(template.read_text()):
            if not found.endswith("FORMAT") and found not in LITERALS_ALLOWED:
                spelled_out.add(name)
    assert spelled_out == set()
