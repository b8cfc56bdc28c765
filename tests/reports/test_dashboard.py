"""The leaders' dashboard, its CSV and XLSX exports and the indicators API, through HTTP."""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from sporskifte.organisation.models import Membership
from sporskifte.reports.indicators import Indicator
from tests.factories import MembershipFactory, UserFactory

QUERY = {"unit": "polaris", "start": "2027-01-01", "end": "2027-06-30"}
FILES = ("reports:csv", "reports:xlsx", "reports:trend_chart")


def cell(page: str, code: str, column: str) -> str:
    row = re.search(rf'<tr data-indicator="{code}">(.*?)</tr>', page, re.S)
    assert row, code
    found = re.search(rf"<td data-{column}[^>]*>(.*?)</td>", row.group(1), re.S)
    assert found, column
    return found.group(1)


@pytest.mark.parametrize("who", ["worker", "authority", "acute", "outsider"])
def test_staff_without_a_leader_unit_get_a_page_that_says_so(people, client_for, who) -> None:
    client = client_for(getattr(people, who))
    page = client.get(reverse("reports:dashboard"))
    assert page.status_code == 200
    assert "Du har ingen enheder at se tal for" in page.text
    for name in FILES:
        assert client.get(reverse(name)).status_code == 404


def test_an_administrator_without_a_leader_unit_gets_the_no_units_page(herning, client) -> None:
    admin = UserFactory(username="admin", is_staff=True)
    MembershipFactory(
        user=admin, unit=herning["polaris-center"], role=Membership.Role.ADMINISTRATOR
    )
    client.force_login(admin)
    page = client.get(reverse("reports:dashboard"))
    assert page.status_code == 200
    assert "Du har ingen enheder at se tal for" in page.text


def test_only_leaders_get_the_api(people, api_for) -> None:
    assert api_for(people.worker).get("/api/v1/reports/indicators").status_code == 404
    body = (
        api_for(people.leader)
        .get("/api/v1/reports/indicators?unit=polaris&from=2027-01-01&to=2027-06-30")
        .json()
    )
    assert (body["unit"], body["from"], body["to"]) == ("polaris", "2027-01-01", "2027-06-30")
    codes = {i["code"] for i in body["indicators"]}
    assert all(len(i["definition"]) > 40 for i in body["indicators"])
    assert {"referrals", "end_of_course_questionnaire", "end_of_course_agreeing"} <= codes
    assert (
        api_for(people.leader).get("/api/v1/reports/indicators?unit=skovlyset").status_code == 404
    )


def test_a_period_ending_before_it_starts_is_a_field_error_in_the_api(people, api_for) -> None:
    response = api_for(people.leader).get(
        "/api/v1/reports/indicators?from=2027-06-30&to=2027-01-01"
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "to"


def test_the_dashboard_shows_words_percentages_definitions_and_the_previous_period(
    people, client_for, world
) -> None:
    page = client_for(people.leader).get(reverse("reports:dashboard"), QUERY).text
    shown = re.sub(r'data-part="[^"]*"', "", page)
    assert "channel:" not in shown and "source:" not in shown and "months:" not in shown
    assert "Kanal: Egen henvendelse: <span data-value>&lt;5</span>" in page
    assert "Fra: Egen læge" in page
    assert "Klarer sig uden støtte" in page
    # Six first contacts this half-year, one (20 December) in the half-year before.
    assert cell(page, "referrals", "value") == "6"
    assert cell(page, "referrals", "previous") == "&lt;5"
    assert re.search(r"1\. jul\S* 2026 – 31\. dec\S* 2026", page)
    # Shares are percentages; one built on fewer than five courses is hidden, as in the files.
    assert cell(page, "ended_self_managing", "value") == "skjult"
    assert "Tal fra 1 til 4 vises som »&lt;5«" in page
    # The questionnaire: response rate, mean and share agreeing.
    for code in (
        "end_of_course_response_rate",
        "end_of_course_questionnaire",
        "end_of_course_agreeing",
    ):
        assert f'data-indicator="{code}"' in page
    assert page.count('<details class="details') >= 20
    assert "Af forløb startet i perioden: andelen med mindst ét mål." in page
    assert "docs/indicators.md" not in page


def test_the_dashboard_without_a_query_shows_the_default_period_in_its_fields(
    people, client_for, on_monday
) -> None:
    page = client_for(people.leader).get(reverse("reports:dashboard")).text
    assert 'value="2027-01-01"' in page and 'value="2027-02-01"' in page
    # The export buttons send the form as it is.
    assert f'formaction="{reverse("reports:csv")}"' in page
    assert f'formaction="{reverse("reports:xlsx")}"' in page


def test_the_api_hides_the_small_numbers_the_page_and_files_hide(people, api_for, world) -> None:
    body = (
        api_for(people.leader)
        .get(
            "/api/v1/reports/indicators",
            {"unit": QUERY["unit"], "from": "2027-01-01", "to": QUERY["end"]},
        )
        .json()
    )
    found = {i["code"]: i for i in body["indicators"]}
    waits = found["days_to_first_held_appointment"]  # three referrals behind the median
    assert (waits["value"], waits["suppressed"]) == (None, True)
    referrals = found["referrals"]  # six in all: shown; each channel has fewer than five
    assert referrals["value"] == 6 and referrals["suppressed"]
    assert referrals["breakdown"]["channel:self"] is None
    small = [
        (indicator["code"], key)
        for indicator in body["indicators"]
        for key, value in [("value", indicator["value"]), *indicator["breakdown"].items()]
        if isinstance(value, int) and 0 < value < 5
    ]
    assert small == []


def test_the_csv_follows_the_filters_and_opens_in_danish_excel(people, client_for, world) -> None:
    client = client_for(people.leader)
    response = client.get(reverse("reports:csv"), {**QUERY, "start": "2027-01-01"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="indikatorer-2027-01-01-2027-06-30.csv"' in response["Content-Disposition"]
    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeffenhed;fra;til;gruppe;indikator;kode;del;værdi")
    rows = [line.split(";") for line in raw[1:].splitlines()]
    referrals = next(r for r in rows if r[5] == "referrals" and r[6] == "")
    assert referrals[:3] == [
        "POLARIS Center Herning, afdeling Søndergade",
        "01-01-2027",
        "30-06-2027",
    ]
    assert referrals[7:] == ["6", "antal", "", "<5", ""]
    waits = next(r for r in rows if r[5] == "days_to_first_held_appointment" and r[6] == "")
    assert waits[7] == "skjult"  # three referrals behind the median
    # Another period and unit give another file: the file follows what the form sent.
    other = client.get(reverse("reports:csv"), {"start": "2027-01-01", "end": "2027-03-31"})
    first = other.content.decode("utf-8-sig").splitlines()[1].split(";")
    assert first[:3] == ["Alle mine enheder", "01-01-2027", "31-03-2027"]
    assert "2027-01-01-2027-03-31.csv" in other["Content-Disposition"]


def test_the_xlsx_has_dates_widths_a_frozen_header_and_the_same_numbers(
    people, client_for, world
) -> None:
    import datetime as dt

    client = client_for(people.leader)
    sheet = load_workbook(BytesIO(client.get(reverse("reports:xlsx"), QUERY).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("enhed", "fra", "til", "gruppe", "indikator")
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["E"].width >= 40
    referrals = next(r for r in rows if r[5] == "referrals" and r[6] is None)
    assert isinstance(referrals[1], dt.datetime)  # a date cell, not text
    assert referrals[1].date() == dt.date(2027, 1, 1)
    assert sheet["B2"].number_format == "dd-mm-yyyy"
    assert referrals[7:10] == (6, "antal", None)
    page = client.get(reverse("reports:dashboard"), QUERY).text
    goals = next(r for r in rows if r[5] == "goals_in_own_words" and r[6] is None)
    assert cell(page, "goals_in_own_words", "value") == "skjult" == goals[7]


def test_the_exports_suppress_what_the_page_suppresses() -> None:
    import datetime as dt

    from sporskifte.reports.export import indicator_rows
    from sporskifte.reports.indicators import Period
    from sporskifte.reports.presentation import lines

    with translation.override("da"):
        found = lines(
            [
                Indicator("referrals", "intake", 12, breakdown={"channel:self": 3}),
                Indicator("ended_self_managing", "outcome", 0.5, denominator=4),
                Indicator("who5_mean_change", "outcome", 14.0, denominator=7),
            ],
            [],
        )
    rows = indicator_rows(
        found,
        period=Period(dt.date(2027, 1, 1), dt.date(2027, 6, 30)),
        unit_name='=HYPERLINK("x")',
        groups={"intake": "I", "outcome": "O"},
    )
    assert rows[0][0] == '\'=HYPERLINK("x")'
    assert rows[1][6:8] == ["Kanal: Egen henvendelse", "<5"]
    assert rows[2][7] == "skjult" and rows[2][9] == "<5"
    assert rows[3][7] == 14.0 and rows[3][9] == 7
    assert [line.value.text for line in found] == ["12", "skjult", "14,0"]


INVALID = [
    ({"start": "2027-02-30"}, "start"),
    ({"start": "1800-01-01"}, "start"),
    ({"end": "99999-01-01"}, "end"),
    ({"start": "2027-06-30", "end": "2027-01-01"}, "end"),
    ({"unit": "nowhere"}, "unit"),
    ({"unit": "skovlyset' OR 1=1"}, "unit"),
    ({"start": "abc"}, "start"),
]


@pytest.mark.parametrize(("query", "field"), INVALID)
def test_invalid_filters_are_field_errors_and_bad_requests(
    people, client_for, query, field
) -> None:
    client = client_for(people.leader)
    page = client.get(reverse("reports:dashboard"), query)
    assert page.status_code == 200
    assert page.context["form"].errors[field]
    assert f'id="id_{field}_error"' in page.text
    for name in FILES:
        response = client.get(reverse(name), query)
        assert response.status_code == 400, name
        assert response.content


def test_the_dashboard_runs_the_same_number_of_queries_with_more_rows(
    people, client_for, world, count_queries
) -> None:
    from tests.reports.test_indicators import add_referrals

    client = client_for(people.leader)
    client.get(reverse("reports:dashboard"), QUERY)
    few = count_queries(lambda: client.get(reverse("reports:dashboard"), QUERY))
    add_referrals(world, 5)
    assert count_queries(lambda: client.get(reverse("reports:dashboard"), QUERY)) == few


def test_the_dashboard_in_english_has_no_codes_and_english_words(people, client_for, world) -> None:
    """Needs the English catalogue with this change's strings (`make messages`)."""
    client = client_for(people.leader)
    client.cookies["django_language"] = "en"
    page = re.sub(r'data-part="[^"]*"', "", client.get(reverse("reports:dashboard"), QUERY).text)
    assert "channel:" not in page
    assert "Channel: Self-referral" in page
    assert "Manages without support" in page
    assert "Definition" in page
    assert "hidden" in page and "skjult" not in page
