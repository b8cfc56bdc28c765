"""How the indicators are shown, on the page and in the files alike: words for codes,
percentages, the comparison with the previous period and the small-number suppression."""

import datetime as dt

import pytest
from django.utils import translation

from sporskifte.reports.definitions import DEFINITIONS, Kind, part_label
from sporskifte.reports.indicators import Indicator, Period
from sporskifte.reports.presentation import change, lines, show


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


def test_breakdown_codes_are_words() -> None:
    assert part_label("channel:self") == "Kanal: Egen henvendelse"
    assert part_label("source:gp") == "Fra: Egen læge"
    assert part_label("self_managing") == "Klarer sig uden støtte"
    assert part_label("months:1-3") == "1–3 måneder"
    assert part_label("p90") == "90-procentsfraktil"
    assert part_label("manage") == "Jeg kan håndtere det, der var svært, uden støtte."


def test_every_indicator_has_a_name_a_definition_and_a_measure() -> None:
    for definition in DEFINITIONS.values():
        assert str(definition.name) and len(str(definition.definition)) > 40
        assert "docs/" not in str(definition.definition)


def test_shares_are_percentages_with_one_decimal() -> None:
    assert show(0.3333, Kind.SHARE, base=6).text == "33,3 %"
    assert show(0.3333, Kind.SHARE, base=6).number == 33.3
    assert show(1.0, Kind.SHARE, base=10).text == "100,0 %"
    assert show(None, Kind.SHARE, base=0).text == "–"


def test_counts_of_one_to_four_and_anything_built_on_them_are_suppressed() -> None:
    assert show(0, Kind.COUNT).text == "0"
    assert show(3, Kind.COUNT).text == "<5"
    assert show(3, Kind.COUNT).number is None
    assert show(5, Kind.COUNT).text == "5"
    assert show(0.5, Kind.SHARE, base=4).text == "skjult"
    assert show(0.5, Kind.SHARE, base=4).number is None
    assert show(4.2, Kind.SCALE, base=5).text == "4,2"


def test_the_change_from_the_previous_period() -> None:
    now, before = show(0.6, Kind.SHARE, base=10), show(0.475, Kind.SHARE, base=20)
    assert change(now, before, Kind.SHARE).text == "+12,5 procentpoint"
    assert change(show(7, Kind.COUNT), show(9, Kind.COUNT), Kind.COUNT).text == "−2"
    assert change(show(7, Kind.COUNT), show(7, Kind.COUNT), Kind.COUNT).text == "±0"
    # Nothing to compare with a suppressed or empty number.
    assert change(now, show(0.5, Kind.SHARE, base=2), Kind.SHARE).text == "–"
    assert change(now, show(None, Kind.SHARE), Kind.SHARE).text == "–"


def test_a_line_carries_its_previous_value_and_suppressed_parts() -> None:
    now = [
        Indicator(
            "referrals", "intake", 12, breakdown={"channel:self": 3, "channel:acute_line": 9}
        ),
        Indicator("ended_self_managing", "outcome", 0.5, denominator=4),
        Indicator("active_courses_at_end", "flow", 8, breakdown={"capacity": 3}),
    ]
    before = [
        Indicator("referrals", "intake", 10),
        Indicator("ended_self_managing", "outcome", 0.2, denominator=10),
    ]
    found = {line.code: line for line in lines(now, before)}
    referrals = found["referrals"]
    assert (referrals.value.text, referrals.previous.text, referrals.change.text) == (
        "12",
        "10",
        "+2",
    )
    assert [(p.label, p.value.text) for p in referrals.parts] == [
        ("Kanal: Egen henvendelse", "<5"),
        ("Kanal: Akuttelefonen", "9"),
    ]
    assert found["ended_self_managing"].value.text == "skjult"
    assert found["ended_self_managing"].previous.text == "20,0 %"
    assert found["ended_self_managing"].change.text == "–"
    # A unit's capacity is about the organisation, not about citizens: never suppressed.
    assert found["active_courses_at_end"].parts[0].value.text == "3"


def test_english_mode_has_english_numbers() -> None:
    with translation.override("en"):
        assert show(0.3333, Kind.SHARE, base=6).text == "33.3 %"


def test_the_previous_period_has_the_same_length_and_ends_the_day_before() -> None:
    half_year = Period(dt.date(2027, 1, 1), dt.date(2027, 6, 30))
    assert half_year.previous() == Period(dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    february = Period(dt.date(2027, 2, 1), dt.date(2027, 2, 28))
    assert february.previous() == Period(dt.date(2027, 1, 1), dt.date(2027, 1, 31))
    ten_days = Period(dt.date(2027, 3, 5), dt.date(2027, 3, 14))
    assert ten_days.previous() == Period(dt.date(2027, 2, 23), dt.date(2027, 3, 4))


def test_the_documentation_names_every_indicator() -> None:
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "indicators.md").read_text()
    assert [code for code in DEFINITIONS if f"| `{code}` |" not in docs] == []
