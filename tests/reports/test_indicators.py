"""Every indicator on a small hand-computed fixture (values worked out by hand in comments),
and on an empty period."""

import datetime as dt
from zoneinfo import ZoneInfo

from sporskifte.citizens.models import Citizen
from sporskifte.courses.models import Course
from sporskifte.courses.services import cap_of
from sporskifte.organisation.models import Service, Unit
from sporskifte.organisation.rules import is_section_82b, section_82b
from sporskifte.referrals.models import Referral
from sporskifte.reports.indicators import Period, compute_indicators

CPH = ZoneInfo("Europe/Copenhagen")
PERIOD = Period(dt.date(2027, 1, 1), dt.date(2027, 6, 30))


def at(month: int, day: int, hour: int = 10, year: int = 2027) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=CPH)


def values(units, period=PERIOD) -> dict:
    return {i.code: i for i in compute_indicators(units=units, period=period)}


def test_every_indicator_on_the_hand_computed_fixture(world, count_queries) -> None:
    result = values(world)
    assert result["referrals"].value == 6
    assert result["referrals"].breakdown["channel:self"] == 3
    assert result["referrals"].breakdown["channel:professional"] == 2
    assert result["referrals"].breakdown["channel:acute_line"] == 1
    assert result["referrals"].breakdown["source:gp"] == 1
    assert "source:internal" not in result["referrals"].breakdown
    # waits 0.46, 3 and 10 days: median 3; p90 = 3 + 0.8 * (10 - 3) = 8.6
    assert (
        result["days_to_first_held_appointment"].value,
        result["days_to_first_held_appointment"].denominator,
    ) == (3.0, 3)
    assert result["days_to_first_held_appointment"].breakdown["p90"] == 8.6
    assert (result["next_day_offers_held"].value, result["next_day_offers_held"].denominator) == (
        1.0,
        1,
    )
    assert result["active_courses_at_end"].value == 1
    assert result["active_courses_at_end"].breakdown == {"capacity": 40}
    assert result["ended_courses"].value == 2
    assert result["ended_courses"].breakdown == {
        "months:0-1": 0,
        "months:1-3": 1,
        "months:3-6": 1,
        "months:6+": 0,
    }
    assert result["preventive_ended_within_6_months"].value == 1.0
    assert result["end_reasons"].breakdown["self_managing"] == 1
    assert result["end_reasons"].breakdown["handed_to_granting_authority"] == 1
    assert (
        result["coping_plan_within_14_days"].value,
        result["coping_plan_within_14_days"].denominator,
    ) == (0.3333, 3)
    assert result["goals_in_own_words"].value == 0.6667
    assert result["network_actors_with_consent"].value == 1
    assert (result["who5_mean_change"].value, result["who5_mean_change"].denominator) == (14.0, 2)
    assert result["who5_relevant_improvement"].value == 0.5
    assert (
        result["functional_level_higher"].value,
        result["functional_level_higher"].denominator,
    ) == (0.5, 2)
    assert result["ended_self_managing"].value == 0.5
    assert result["handed_to_granting_authority"].value == 0.5
    assert result["readmitted_within_6_months"].value == 0.5
    assert (
        result["days_to_grant_decision"].value,
        result["days_to_grant_decision"].denominator,
    ) == (10.0, 1)
    # One questionnaire (C1: 4, 3, 5) of two ended courses: mean 4, two of three answers agree.
    assert result["end_of_course_response_rate"].value == 0.5
    assert result["end_of_course_response_rate"].denominator == 2
    assert result["end_of_course_questionnaire"].value == 4.0
    assert result["end_of_course_questionnaire"].denominator == 1
    assert result["end_of_course_questionnaire"].breakdown == {
        "actor": 4.0,
        "manage": 3.0,
        "community": 5.0,
    }
    assert result["end_of_course_agreeing"].value == 0.6667
    assert result["end_of_course_agreeing"].breakdown == {
        "actor": 1.0,
        "manage": 0.0,
        "community": 1.0,
    }


def test_an_empty_period_and_an_empty_unit_give_zeros_and_no_shares(world, herning) -> None:
    for units, period, capacity in (
        (world, Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)), 40),
        (Unit.objects.filter(slug="skovlyset"), PERIOD, None),
    ):
        result = values(units, period)
        assert result["referrals"].value == 0
        assert result["days_to_first_held_appointment"].value is None
        assert result["coping_plan_within_14_days"].value is None
        assert result["who5_mean_change"].value is None
        assert result["ended_self_managing"].denominator == 0
        assert result["active_courses_at_end"].breakdown == {"capacity": capacity}


def test_the_indicators_run_a_constant_number_of_queries(world, count_queries, people) -> None:
    few = count_queries(lambda: values(world))
    Course.objects.filter(pk__in=Course.objects.values("pk")[:1]).update(end_reason="self_managing")
    add_referrals(world, 5)
    assert count_queries(lambda: values(world)) == few


def add_referrals(world, n: int) -> None:
    for i in range(n):
        Referral.objects.create(
            municipality=world.first().municipality,
            unit=world.get(slug="polaris"),
            channel="self",
            source="citizen",
            received_at=at(4, 1 + i),
            reason="x",
            receipt=f"Q{i}",
        )


def test_the_cap_in_the_reports_is_the_courses_own_rule(people, herning) -> None:
    """31 August + 6 months is 28 February (courses.rules): a course ended on 3 March ran over
    the cap, although it lasted 184 days; one ended on 28 February did not."""
    service = Service.objects.get(slug="social-og-sundhedsfremmende-indsats")
    start = dt.date(2026, 8, 31)
    assert cap_of(service, start) == dt.date(2027, 2, 28)
    for n, ended in enumerate((dt.date(2027, 3, 3), dt.date(2027, 2, 28))):
        Course.objects.create(
            municipality=service.municipality,
            citizen=Citizen.objects.create(municipality=service.municipality, name=f"C{n}"),
            service=service,
            unit=herning["polaris"],
            responsible=people.worker,
            start_date=start,
            planned_end=cap_of(service, start),
            latest_end=cap_of(service, start),
            ended_on=ended,
            end_reason="self_managing",
        )
    result = values(
        Unit.objects.filter(slug="polaris"), Period(dt.date(2027, 2, 1), dt.date(2027, 3, 31))
    )
    within = result["preventive_ended_within_6_months"]
    assert (within.value, within.denominator) == (0.5, 2)
    assert result["ended_courses"].breakdown["months:6+"] == 1
    assert result["ended_courses"].breakdown["months:3-6"] == 1


def test_the_preventive_service_is_known_by_its_legal_basis(people, herning) -> None:
    """A § 82 b service is counted as preventive by its legal basis, whatever its cap says."""
    Service.objects.filter(slug="social-og-sundhedsfremmende-indsats").update(max_duration_months=4)
    preventive = list(Service.objects.filter(section_82b()))
    assert [s.slug for s in preventive] == ["social-og-sundhedsfremmende-indsats"]
    assert all(is_section_82b(s) for s in preventive)
    assert not any(is_section_82b(s) for s in Service.objects.exclude(section_82b()))
