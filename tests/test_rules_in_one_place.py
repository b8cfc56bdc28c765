"""Rules that several places use live in one place. Each test looks at every place that shows
or applies a rule and fails if one of them stops agreeing with the others."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from sporskifte.access.policy import Action, Relation
from sporskifte.access.principals import as_principal
from sporskifte.assessments import instruments
from sporskifte.assessments.services import assessment_record
from sporskifte.citizens.services import citizen_register
from sporskifte.core.errors import DomainError, InvalidInput
from sporskifte.courses.models import Course, Escalation
from sporskifte.courses.services import (
    appointment_book,
    cap_of,
    course_start,
    escalation_write,
    grantable_services,
)
from sporskifte.courses.warnings import course_warnings
from sporskifte.demo.synthetic import generate
from sporskifte.organisation.models import Service, Unit
from sporskifte.organisation.rules import is_section_82b, section_82b, unit_and_below
from sporskifte.plans.selectors import progress_for_user
from sporskifte.plans.services import plan_version_save
from sporskifte.referrals.forms import SOURCE_CHOICES, TriageForm
from sporskifte.referrals.models import Referral
from sporskifte.referrals.services import (
    referral_register,
    referral_triage,
    triage_service_choices,
)
from sporskifte.reports.definitions import NAMES
from sporskifte.reports.indicators import Period, compute_indicators
from sporskifte.reports.selectors import report_units_for_user
from tests.factories import MembershipFactory


@pytest.fixture
def course(people, accepted_referral) -> Course:
    return course_start(
        actor=people.worker, referral=accepted_referral, start_date=dt.date(2027, 2, 1)
    )


def indicator(code: str, *, period_end: dt.date = dt.date(2027, 12, 31)):
    found = compute_indicators(
        units=Unit.objects.filter(slug="polaris"),
        period=Period(dt.date(2027, 1, 1), period_end),
    )
    return next(i for i in found if i.code == code)


@pytest.mark.parametrize(("threshold", "relevant"), [(12, True), (13, False)])
def test_the_who5_relevant_change_is_one_threshold(
    people, course, monkeypatch, threshold: int, relevant: bool
) -> None:
    """A rise from 40 to 52 (12 points): the score's flag, the progress page, the leaders'
    indicator and its name follow one threshold."""
    monkeypatch.setattr(instruments, "WHO5_RELEVANT_CHANGE", threshold)
    assessment_record(actor=people.worker, course=course, instrument="who5", answers=[2] * 5)
    second = assessment_record(
        actor=people.worker, course=course, instrument="who5", answers=[3, 3, 3, 3, 1]
    )
    assert second.score == 52
    assert ("relevant_change" in second.flags) is relevant
    progress = progress_for_user(actor=people.worker, citizen_id=course.citizen_id)
    assert progress.who5_change == 12
    assert progress.who5_change_is_relevant is relevant
    Course.objects.filter(pk=course.pk).update(ended_on=dt.date(2027, 2, 1))
    improved = indicator("who5_relevant_improvement")
    assert (improved.value, improved.denominator) == (1.0 if relevant else 0.0, 1)
    assert f"≥ {threshold}" in str(NAMES["who5_relevant_improvement"])


@pytest.mark.parametrize("due_days", [14, 20])
def test_the_plan_due_days_warn_and_count_alike(people, course, settings, due_days: int) -> None:
    """No plan 16 days after start: a warning on the caseload exactly when the indicator
    counts the course as late."""
    settings.COURSE_PLAN_DUE_DAYS = due_days
    start = course.start_date
    warned = course_warnings(
        today=start + dt.timedelta(days=16),
        start=start,
        ended_on=None,
        latest_end=course.latest_end,
        plan_agreed_on=None,
        last_contact=start,
    )
    late = "no_coping_plan" in {warning.code for warning in warned}
    with time_machine.travel(dt.datetime(2027, 2, 17, 9, tzinfo=dt.UTC)):
        plan_version_save(
            actor=people.worker,
            course=course,
            sections={"what_i_do": "x"},
            agreed_on=start + dt.timedelta(days=16),
        )
    in_time = indicator("coping_plan_within_14_days")
    assert late is (due_days < 16)
    assert in_time.value == (0.0 if late else 1.0)
    assert f"inden for {due_days} dage" in str(NAMES["coping_plan_within_14_days"])


def test_the_cap_is_the_same_rule_at_start_in_the_data_and_in_the_reports(
    people, herning, accepted_referral
) -> None:
    service = Service.objects.get(section_82b(), municipality__slug="herning")
    start = dt.date(2026, 8, 31)
    assert cap_of(service, start) == dt.date(2027, 2, 28)
    started = course_start(actor=people.worker, referral=accepted_referral, start_date=start)
    assert started.latest_end == started.planned_end == dt.date(2027, 2, 28)
    generate(citizens=40, seed=3)
    synthetic = Course.objects.exclude(pk=started.pk)
    assert synthetic.exists()
    assert all(c.latest_end == cap_of(service, c.start_date) for c in synthetic)
    assert all(c.planned_end <= c.latest_end for c in synthetic)


def test_the_preventive_service_is_known_by_its_legal_basis_everywhere(
    people, herning, accepted_referral
) -> None:
    """Without a duration cap the § 82 b service is still § 82 b: the citizen must take part."""
    service = Service.objects.get(section_82b(), municipality__slug="herning")
    assert is_section_82b(service)
    Service.objects.filter(pk=service.pk).update(max_duration_months=None)
    with pytest.raises(InvalidInput) as refused:
        course_start(
            actor=people.worker,
            referral=accepted_referral,
            start_date=dt.date(2027, 2, 1),
            agrees_to_take_part=False,
        )
    assert "agrees_to_take_part" in refused.value.fields


def test_staff_register_referrals_from_the_same_sources_in_page_api_and_service(
    people, api_for, accepted_referral
) -> None:
    allowed = set(Referral.sources_staff_may_register())
    assert {value for value, _label in SOURCE_CHOICES} == allowed
    schema = api_for(people.worker).get("/api/v1/openapi.json").json()
    assert set(schema["components"]["schemas"]["ReferralIn"]["properties"]["source"]["enum"]) == (
        allowed
    )
    api = api_for(people.worker)
    for source in Referral.Source.values:
        response = api.post(
            "/api/v1/referrals",
            {
                "citizen_id": str(accepted_referral.citizen.public_id),
                "unit": "polaris",
                "source": source,
                "reason": "x",
                "referrer_name": "Dr",
            },
            content_type="application/json",
        )
        assert response.status_code == (201 if source in allowed else 422), source


def test_the_granting_authority_grants_only_what_needs_a_grant(
    people, api_for, client_for, course
) -> None:
    escalation = escalation_write(
        actor=people.worker, course=course, needs="x", resources="x", hopes_and_goals="x", tried="x"
    )
    offered = grantable_services(municipality_id=course.municipality_id)
    assert offered and all(service.grant_required for service in offered)
    page = client_for(people.authority).get(
        reverse("courses:escalation_detail", args=[escalation.pk])
    )
    choices = page.context["form"].fields["service"].queryset
    assert list(choices) == offered
    response = api_for(people.authority).post(
        f"/api/v1/escalations/{escalation.pk}/decision",
        {
            "granted": True,
            "reason": "x",
            "service": course.service.slug,
            "start_date": "2027-03-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert Escalation.objects.get(pk=escalation.pk).status == "waiting"


def test_triage_offers_exactly_the_services_it_accepts(people, herning) -> None:
    def waiting() -> Referral:
        karl = citizen_register(actor=people.worker, unit=herning["polaris"], name="K").citizen
        return referral_register(
            actor=people.worker,
            unit=herning["polaris"],
            citizen=karl,
            source="gp",
            reason="x",
            referrer_name="Dr",
        )

    referral = waiting()
    offered = triage_service_choices(referral)
    form = TriageForm(services=offered)
    assert {value for value, _label in form.fields["service"].choices if value} == {
        service.slug for service in offered
    }
    for service in Service.objects.filter(municipality__slug="herning"):
        decision = "accept" if service.unit_id == referral.unit_id else "route_to_track"
        try:
            referral_triage(
                actor=people.worker,
                referral=waiting(),
                decision=decision,
                reason="x",
                service_slug=service.slug,
            )
        except DomainError:
            accepted = False
        else:
            accepted = True
        assert accepted is (service in offered), service.slug


def test_an_appointment_is_held_only_once_it_has_started(people, client_for, course) -> None:
    start = dt.datetime(2027, 2, 1, 9, 20, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    appointment = appointment_book(
        actor=people.worker, course=course, start=start, end=start + dt.timedelta(hours=1)
    )
    client = client_for(people.worker)
    page = reverse("courses:detail", args=[course.pk])
    held = 'name="status" value="held"'
    assert held not in client.get(page).text  # 09:00, the appointment is at 09:20
    client.post(reverse("courses:appointment_status", args=[appointment.pk]), {"status": "held"})
    appointment.refresh_from_db()
    assert appointment.status == "planned"
    with time_machine.travel(dt.datetime(2027, 2, 1, 8, 25, tzinfo=dt.UTC)):  # 09:25 local
        assert held in client.get(page).text
        client.post(
            reverse("courses:appointment_status", args=[appointment.pk]), {"status": "held"}
        )
    appointment.refresh_from_db()
    assert appointment.status == "held"


def test_an_ended_course_has_no_warnings(people, client_for, course) -> None:
    with time_machine.travel(dt.datetime(2027, 7, 20, 9, tzinfo=dt.UTC)):
        client = client_for(people.worker)
        page = reverse("courses:detail", args=[course.pk])
        assert "data-warning" in client.get(page).text  # near the cap, no plan, no contact
        Course.objects.filter(pk=course.pk).update(
            ended_on=dt.date(2027, 7, 20), end_reason="self_managing"
        )
        assert "data-warning" not in client.get(page).text


def test_days_left_are_the_same_on_the_caseload_the_course_page_and_the_api(
    people, client_for, api_for, course
) -> None:
    with time_machine.travel(dt.datetime(2027, 5, 3, 9, tzinfo=dt.UTC)):
        expected = (course.latest_end - dt.date(2027, 5, 3)).days
        [row] = api_for(people.worker).get("/api/v1/caseload").json()
        assert row["days_left"] == expected
        caseload = client_for(people.worker).get(reverse("courses:caseload")).text
        assert f"<td>{expected}</td>" in caseload
        detail = client_for(people.worker).get(reverse("courses:detail", args=[course.pk])).text
        assert re.search(rf"\b{expected} dage tilbage", detail)


def test_this_unit_and_those_below_are_one_rule(herning) -> None:
    centre_leader = MembershipFactory(unit=herning["socialpsykiatrien"], role="leader").user
    reached = as_principal(centre_leader).unit_ids(Relation.UNIT, Action.OVERSEE)
    below = set(
        Unit.objects.filter(unit_and_below(herning["socialpsykiatrien"])).values_list(
            "pk", flat=True
        )
    )
    assert reached == below
    assert set(report_units_for_user(actor=centre_leader).values_list("pk", flat=True)) == below
