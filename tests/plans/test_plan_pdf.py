"""The printed plan always says how to get help at once: 112 and the acute line."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sporskifte.courses.services import course_start
from sporskifte.organisation.models import Contact
from sporskifte.plans.services import plan_version_save


@pytest.fixture
def course(people, accepted_referral):
    course = course_start(
        actor=people.worker, referral=accepted_referral, start_date=dt.date(2027, 2, 1)
    )
    plan_version_save(actor=people.worker, course=course, sections={"hopes_and_dreams": "Ro."})
    return course


def pdf_text(client, course) -> str:
    response = client.get(reverse("plans:pdf", args=[course.pk]))
    pages = PdfReader(BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_the_pdf_gives_the_acute_line_number_and_hours_and_112(
    people, client_for, course, herning
) -> None:
    Contact.objects.filter(unit=herning["akuttelefon"]).update(
        phone="96 28 00 00", phone_hours="alle dage kl. 16-08"
    )
    text = pdf_text(client_for(people.worker), course)
    assert "ring 112" in text
    assert "Socialpsykiatriens akuttelefon: 96 28 00 00, alle dage kl. 16-08." in text


def test_the_pdf_says_so_while_the_number_is_not_given(people, client_for, course) -> None:
    text = pdf_text(client_for(people.worker), course)
    assert "ring 112" in text
    assert "Socialpsykiatriens akuttelefon: nummeret er ikke oplyst endnu." in text
