"""The leaders' dashboard, its CSV export and the indicators API."""

import datetime as dt

from django.urls import reverse

from sporskifte.reports.export import indicators_csv
from sporskifte.reports.indicators import Indicator, Period


def test_only_leaders_see_the_dashboard_and_the_api(people, client_for, api_for) -> None:
    assert client_for(people.worker).get(reverse("reports:dashboard")).status_code == 404
    assert api_for(people.worker).get("/api/v1/reports/indicators").status_code == 404
    page = client_for(people.leader).get(reverse("reports:dashboard"))
    assert page.status_code == 200
    assert 'data-indicator="who5_mean_change"' in page.text
    body = (
        api_for(people.leader)
        .get("/api/v1/reports/indicators?unit=polaris&from=2027-01-01&to=2027-06-30")
        .json()
    )
    assert (body["unit"], body["from"], body["to"]) == ("polaris", "2027-01-01", "2027-06-30")
    codes = {i["code"] for i in body["indicators"]}
    assert {
        "referrals",
        "coping_plan_within_14_days",
        "functional_level_higher",
        "end_of_course_questionnaire",
    } <= codes
    assert (
        api_for(people.leader).get("/api/v1/reports/indicators?unit=skovlyset").status_code == 404
    )


def test_a_period_ending_before_it_starts_is_a_field_error(people, api_for) -> None:
    response = api_for(people.leader).get(
        "/api/v1/reports/indicators?from=2027-06-30&to=2027-01-01"
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "to"


def test_the_csv_suppresses_small_counts_and_neutralises_formulas() -> None:
    period = Period(dt.date(2027, 1, 1), dt.date(2027, 6, 30))
    rows = indicators_csv(
        [
            Indicator(
                "referrals", "intake", 12, breakdown={"channel:self": 3, "channel:professional": 9}
            ),
            Indicator("ended_self_managing", "outcome", 0.5, denominator=4),
            Indicator("who5_mean_change", "outcome", 14.0, denominator=7),
        ],
        period=period,
        unit_name='=HYPERLINK("x")',
    ).splitlines()
    assert rows[1].startswith("\"'=HYPERLINK")
    assert ";channel:self;<5;" in rows[2]
    assert ";channel:professional;9;" in rows[3]
    assert rows[4].endswith(";<5;<5")
    assert rows[5].endswith(";14.0;7")


def test_the_csv_download_has_the_same_numbers(people, client_for) -> None:
    response = client_for(people.leader).get(
        reverse("reports:csv") + "?unit=polaris&start=2027-01-01&end=2027-06-30"
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("enhed;fra;til;indikator")
    assert "coping_plan_within_14_days" in text


def test_the_dashboard_shows_the_monthly_trend_and_exports_xlsx(people, client_for, world) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    client = client_for(people.leader)
    query = "?unit=polaris&start=2027-01-01&end=2027-06-30"
    page = client.get(reverse("reports:dashboard") + query).text
    assert page.count("<tr><td>") >= 6  # one row per month of the period
    assert "<td>januar 2027</td><td>3</td><td>2</td><td>0</td><td>0</td>" in page
    assert "<td>april 2027</td><td>0</td><td>0</td><td>1</td><td>1</td>" in page
    chart = client.get(reverse("reports:trend_chart") + query)
    assert chart["Content-Type"] == "image/svg+xml"
    workbook = load_workbook(BytesIO(client.get(reverse("reports:xlsx") + query).content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("enhed", "fra", "til", "indikator")
    referrals = next(r for r in rows if r[4] == "referrals" and r[5] is None)
    assert referrals[6] == 6
