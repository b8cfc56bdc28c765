"""Registering a citizen on its own page; staff of two units choose which unit registers."""

from django.urls import reverse

from sporskifte.audit.models import AccessLog
from sporskifte.citizens.models import Citizen
from sporskifte.organisation.models import Membership
from tests.factories import MembershipFactory
from tests.html_ids import id_problems

URL = "/citizens/new/"


def test_a_worker_registers_a_citizen_and_lands_on_the_record(people, client_for) -> None:
    response = client_for(people.worker).post(
        URL, {"name": "Ida", "cpr": "0101904321", "income_basis": "su"}, follow=True
    )
    citizen = Citizen.objects.get()
    assert response.redirect_chain[-1][0] == reverse("citizens:detail", args=[citizen.public_id])
    assert "010190-xxxx" in response.text
    assert citizen.registered_by_unit.slug == "polaris"


def test_staff_of_two_units_must_choose_and_keep_their_input(people, client_for, herning) -> None:
    MembershipFactory(user=people.worker, unit=herning["skovlyset"], role=Membership.Role.WORKER)
    client = client_for(people.worker)
    page = client.get(URL)
    assert 'name="unit"' in page.text
    response = client.post(URL, {"name": "Ida", "cpr": "3102901234"})
    assert response.status_code == 422
    assert "Skriv et gyldigt CPR-nummer" in response.text
    assert "Dette felt er påkrævet." in response.text  # the unit, in the same round
    assert 'value="Ida"' in response.text
    assert not Citizen.objects.exists()
    client.post(URL, {"name": "Ida", "unit": "skovlyset"})
    assert Citizen.objects.get().registered_by_unit.slug == "skovlyset"


def test_roles_without_intake_cannot_register(people, client_for) -> None:
    assert client_for(people.acute).get(URL).status_code == 404
    assert client_for(people.outsider).get(URL).status_code == 404


def _course(people, referral):
    import datetime as dt

    from sporskifte.courses.services import course_start

    return course_start(actor=people.worker, referral=referral, start_date=dt.date(2027, 2, 1))


def test_the_citizen_page_lists_the_courses_with_plan_and_progress(
    people, client_for, accepted_referral
) -> None:
    course = _course(people, accepted_referral)
    citizen = course.citizen
    page = client_for(people.worker).get(reverse("citizens:detail", args=[citizen.public_id])).text
    assert f'href="{reverse("courses:detail", args=[course.pk])}"' in page
    assert f'href="{reverse("plans:plan", args=[course.pk])}"' in page
    assert f'href="{reverse("plans:progress", args=[citizen.public_id])}"' in page
    assert '<span aria-current="page">Karl</span>' in page  # the breadcrumb
    assert id_problems(page) == []
    read = AccessLog.objects.filter(object_type="courses.course", object_id=str(course.pk))
    assert read.filter(action="read", purpose="Forløb").exists()


def test_the_citizen_page_lists_only_courses_the_reader_may_read(
    people, client_for, herning, accepted_referral
) -> None:
    course = _course(people, accepted_referral)
    # A colleague at another unit who registers the same citizen sees the record, not the course.
    from sporskifte.citizens.services import citizen_register

    citizen_register(
        actor=people.colleague, unit=herning["skovlyset"], name="Karl", cpr="0101904321"
    )
    page = (
        client_for(people.colleague)
        .get(reverse("citizens:detail", args=[course.citizen.public_id]))
        .text
    )
    assert reverse("courses:detail", args=[course.pk]) not in page
    assert "Ingen forløb, du har adgang til." in page


def test_the_citizen_page_runs_the_same_queries_for_one_course_or_several(
    people, client_for, count_queries, accepted_referral, herning
) -> None:
    from sporskifte.referrals.services import referral_register, referral_triage

    course = _course(people, accepted_referral)
    client = client_for(people.worker)
    url = reverse("citizens:detail", args=[course.citizen.public_id])
    client.get(url)
    one = count_queries(lambda: client.get(url))
    for _ in range(3):
        referral = referral_register(
            actor=people.worker,
            unit=herning["polaris"],
            citizen=course.citizen,
            source="gp",
            reason="x",
            referrer_name="d",
        )
        accepted = referral_triage(
            actor=people.worker, referral=referral, decision="accept", reason="ok"
        )
        _course(people, accepted)
    assert count_queries(lambda: client.get(url)) == one
    assert client.get(url).text.count("data-course=") == 4
