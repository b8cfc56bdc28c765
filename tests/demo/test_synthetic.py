"""The synthetic municipality: reproducible from its seed, no CPR, and enough for the reports."""

from io import StringIO

from django.core.management import call_command
from django.db import transaction

from sporskifte.citizens.models import Citizen
from sporskifte.courses.models import Course
from sporskifte.organisation.models import Unit
from sporskifte.reports.indicators import Period, compute_indicators


def generate(seed: int) -> list[tuple[str, str]]:
    call_command("generate_synthetic", "--citizens", "40", "--seed", str(seed), stdout=StringIO())
    return list(Course.objects.order_by("pk").values_list("citizen__name", "end_reason"))


def test_the_same_seed_gives_the_same_municipality(herning) -> None:
    with transaction.atomic():
        first = generate(7)
        transaction.set_rollback(True)
    second = generate(7)
    assert first == second
    assert len(second) > 20
    assert not Citizen.objects.filter(cpr_digest__isnull=False).exists()
    assert Citizen.objects.count() == 40


def test_a_run_is_deterministic(herning) -> None:
    import random

    from sporskifte.demo.synthetic import generate as build

    state = random.getstate()
    build(citizens=15, seed=3)
    names = sorted(Citizen.objects.values_list("name", flat=True))
    assert random.getstate() == state  # the generator keeps its own random source
    assert len(names) == 15


def test_the_reports_run_on_synthetic_data(herning) -> None:
    import datetime as dt

    generate(11)
    indicators = {
        i.code: i
        for i in compute_indicators(
            units=Unit.objects.filter(slug="polaris"),
            period=Period(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
        )
    }
    assert indicators["referrals"].value == 40
    assert indicators["ended_courses"].value > 0
    assert indicators["who5_mean_change"].denominator > 0
