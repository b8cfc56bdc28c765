"""The coping plan's versions, goals, assessments through the API, the PDF and the progress view."""

import datetime as dt

import pytest
from django.urls import reverse

from sporskifte.assessments.services import assessment_record
from sporskifte.courses.models import Course
from sporskifte.courses.services import course_start
from sporskifte.organisation.models import Service
from tests.html_ids import id_problems

SECTIONS = {"hopes_and_dreams": "At bo for mig selv.", "goals_in_own_words": "Gå en tur hver dag."}


@pytest.fixture
def course(people, accepted_referral):
    return course_start(
        actor=people.worker, referral=accepted_referral, start_date=dt.date(2027, 2, 1)
    )


def put(api, url, body):
    return api.put(url, body, content_type="application/json")


def post(api, url, body):
    return api.post(url, body, content_type="application/json")


def test_each_agreed_plan_is_a_version_and_the_newest_is_current(people, api_for, course) -> None:
    api = api_for(people.worker)
    url = f"/api/v1/courses/{course.pk}/plan"
    assert api.get(url).status_code == 404
    first = put(api, url, {**SECTIONS, "relatives_present": "Søster"})
    assert first.status_code == 201
    assert first.json()["version"] == 1
    second = put(api, url, {**SECTIONS, "warning_signs": "Jeg sover dårligt."})
    assert second.json()["version"] == 2
    current = api.get(url).json()
    assert (current["version"], current["current"], current["warning_signs"]) == (
        2,
        True,
        "Jeg sover dårligt.",
    )
    assert course.coping_plan.versions.get(number=1).relatives_present == "Søster"
    assert course.coping_plan.versions.get(number=1).warning_signs == ""


def test_an_empty_plan_is_refused(people, api_for, course) -> None:
    response = put(api_for(people.worker), f"/api/v1/courses/{course.pk}/plan", {})
    assert response.status_code == 422


def test_assessments_are_scored_and_progress_shows_the_change(
    people, api_for, course, on_monday
) -> None:
    api = api_for(people.worker)
    url = f"/api/v1/courses/{course.pk}/assessments"
    baseline = post(
        api, url, {"instrument": "who5", "answers": [1, 2, 1, 2, 1], "occasion": "baseline"}
    )
    assert baseline.status_code == 201, baseline.json()
    assert (baseline.json()["raw_score"], baseline.json()["score"]) == (7, 28)
    assert set(baseline.json()["flags"]) == {"poor_wellbeing", "likely_depression"}
    on_monday.shift(dt.timedelta(days=30))
    follow = post(api, url, {"instrument": "who5", "answers": [3, 3, 3, 2, 3]})
    assert follow.json()["score"] == 56
    assert follow.json()["flags"] == ["relevant_change"]
    ffb = {
        "egenomsorg": 2,
        "praktiske_opgaver": 3,
        "mobilitet": 0,
        "kommunikation": 1,
        "samfundsliv": 3,
        "relationer": 3,
        "sundhed": 2,
    }
    post(
        api,
        url,
        {"instrument": "ffb", "answers": ffb, "occasion": "baseline", "answered_on": "2027-02-01"},
    )
    post(api, url, {"instrument": "ffb", "answers": ffb | {"relationer": 1}})
    post(
        api,
        f"/api/v1/courses/{course.pk}/goals",
        {"text": "Se min søster hver uge.", "theme": "relationer"},
    )
    progress = api.get(f"/api/v1/citizens/{course.citizen.public_id}/progress").json()
    assert [r["score"] for r in progress["who5"]] == [28, 56]
    assert progress["who5_change"] == 28
    relations = next(t for t in progress["functional_ability"] if t["theme"] == "relationer")
    assert (relations["baseline"], relations["latest"], relations["change"]) == (3, 1, -2)
    assert progress["goals"][0]["theme"] == "relationer"
    assert (
        api_for(people.colleague)
        .get(f"/api/v1/citizens/{course.citizen.public_id}/progress")
        .status_code
        == 404
    )


def test_a_bad_answer_set_names_the_item_and_saves_nothing(people, api_for, course) -> None:
    response = post(
        api_for(people.worker),
        f"/api/v1/courses/{course.pk}/assessments",
        {"instrument": "who5", "answers": [1, 2, 7, 2, 1]},
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "answers.3"
    assert "Spørgsmål 3" in response.json()["message"]
    assert not course.assessments.exists()


def test_the_plan_pdf_holds_the_plan_and_no_cpr(people, client_for, course) -> None:
    from sporskifte.plans.services import plan_version_save

    plan_version_save(actor=people.worker, course=course, sections=SECTIONS)
    response = client_for(people.worker).get(reverse("plans:pdf", args=[course.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Gå en tur hver dag." in text
    assert "Min mestringsstrategiplan" in text
    assert "010190" not in text
    assert (
        client_for(people.colleague).get(reverse("plans:pdf", args=[course.pk])).status_code == 404
    )


def test_the_assessment_page_keeps_answers_and_names_the_missing_item(
    people, client_for, course
) -> None:
    url = reverse("assessments:record", args=[course.pk]) + "?instrument=who5"
    response = client_for(people.worker).post(
        url,
        {
            "occasion": "baseline",
            "filled_in_by": "citizen",
            "answered_on": "2027-02-01",
            "item_1": "3",
            "item_2": "4",
            "item_4": "2",
            "item_5": "1",
        },
    )
    assert response.status_code == 422
    assert "Spørgsmål 3 (… har jeg følt mig aktiv og energisk) mangler et svar." in response.text
    assert 'value="4" checked' in response.text
    assert not course.assessments.exists()


def test_the_progress_page_has_charts_and_tables(
    people, client_for, api_for, course, on_monday
) -> None:
    api = api_for(people.worker)
    url = f"/api/v1/courses/{course.pk}/assessments"
    post(api, url, {"instrument": "who5", "answers": [1, 1, 1, 1, 1], "occasion": "baseline"})
    on_monday.shift(dt.timedelta(days=14))
    post(api, url, {"instrument": "who5", "answers": [3, 3, 3, 3, 3]})
    client = client_for(people.worker)
    page = client.get(reverse("plans:progress", args=[course.citizen.public_id]))
    assert 'data-who5-change="40"' in page.text
    assert "<caption>" in page.text
    chart = client.get(reverse("plans:who5_chart", args=[course.citizen.public_id]))
    assert chart["Content-Type"] == "image/svg+xml"
    svg = chart.content.decode()
    assert "Trivsel over tid" in svg
    # each score is written at its point, besides the axis tick with the same number
    assert svg.count(">20</text>") == 2
    assert svg.count(">60</text>") == 2


def test_the_plan_page_marks_the_current_version_and_keeps_earlier_ones(
    people, client_for, course
) -> None:
    client = client_for(people.worker)
    url = reverse("plans:plan", args=[course.pk])
    empty = client.post(url, {"agreed_on": "2027-02-01", "citizen_took_part": "on"})
    assert empty.status_code == 422
    assert "Skriv mindst ét afsnit af planen." in empty.text
    for text in ("Første udgave af målet.", "Anden udgave af målet."):
        client.post(
            url, {"agreed_on": "2027-02-01", "citizen_took_part": "on", "goals_in_own_words": text}
        )
    page = client.get(url).text
    assert 'data-current-version="2"' in page
    assert page.index("Anden udgave af målet.") < page.index("Tidligere versioner")
    assert page.index("Tidligere versioner") < page.index("Første udgave af målet.")
    assert client_for(people.colleague).get(url).status_code == 404


def test_the_who5_change_is_measured_against_answers_the_unit_may_read(
    people, herning, course
) -> None:
    """Another unit's WHO-5 of the same citizen is not compared with, nor revealed by a flag."""
    assessment_record(actor=people.worker, course=course, instrument="who5", answers=[1] * 5)
    service = Service.objects.get(slug="skovlyset-dagtilbud")
    theirs = Course.objects.create(
        municipality=course.municipality,
        citizen=course.citizen,
        service=service,
        unit=service.unit,
        responsible=people.colleague,
        start_date=course.start_date,
    )
    answer = assessment_record(
        actor=people.colleague, course=theirs, instrument="who5", answers=[4] * 5
    )
    assert answer.score == 80
    assert "relevant_change" not in answer.flags  # POLARIS's 20 is not Skovlyset's to compare
    again = assessment_record(
        actor=people.worker, course=course, instrument="who5", answers=[4] * 5
    )
    assert "relevant_change" in again.flags  # POLARIS's own earlier 20: a relevant change


def test_the_plan_and_progress_pages_say_where_they_are(people, client_for, course) -> None:
    client = client_for(people.worker)
    citizen_url = reverse("citizens:detail", args=[course.citizen.public_id])
    for url, here in (
        (reverse("plans:plan", args=[course.pk]), "Mestringsstrategiplan"),
        (reverse("plans:progress", args=[course.citizen.public_id]), "Udvikling"),
    ):
        page = client.get(url).text
        crumbs = page[
            page.index('aria-label="Brødkrumme"') : page.index("</nav>", page.index("Brødkrumme"))
        ]
        assert f'href="{citizen_url}"' in crumbs
        assert f'aria-current="page">{here}</li>' in crumbs
        # The plan and progress belong to the worker's courses in the menu.
        assert page.count('aria-current="page"><span>Mine forløb</span>') == 2  # desktop, mobile
        assert id_problems(page) == []
