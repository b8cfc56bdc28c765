from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from sporskifte.accounts.models import User
from sporskifte.demo.demo import DEMO_PASSWORD
from sporskifte.organisation.models import Membership


def test_demo_users_are_refused_outside_demo_mode(db, settings) -> None:
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="only with ENVIRONMENT=demo"):
        call_command("load_demo", stdout=StringIO())
    assert not User.objects.exists()


def test_demo_mode_creates_one_user_per_role_and_twice_is_harmless(db, settings) -> None:
    settings.DEMO_MODE = True
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    roles = dict(
        Membership.objects.exclude(user__username__startswith="syntetisk").values_list(
            "user__username", "role"
        )
    )
    assert roles == {
        "medarbejder": "worker",
        "skovlyset": "worker",
        "skiftesporet": "worker",
        "leder": "leader",
        "myndighed": "granting_authority",
        "akut": "acute_line",
        "admin": "administrator",
    }
    assert Membership.objects.get(user__username="medarbejder").unit.slug == "polaris"
    assert User.objects.get(username="leder").check_password(DEMO_PASSWORD)


def test_the_demo_has_synthetic_referrals_and_a_course_once(db, settings) -> None:
    from sporskifte.referrals.models import Referral

    settings.DEMO_MODE = True
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    queue = Referral.objects.filter(unit__slug="polaris", status="new").order_by("received_at")
    assert queue.count() == 4
    from sporskifte.courses.models import Course

    course = Course.objects.get(responsible__username="medarbejder")
    assert (course.responsible.username, course.citizen.name) == ("medarbejder", "Per Demo")
    assert course.appointments.count() == 1
    assert queue.first().contact_name == "Sofie Demo"
    assert not Referral.objects.exclude(citizen=None).filter(citizen__cpr_digest__isnull=False)


def test_demo_leaders_and_administrators_sign_in_with_the_demo_app(
    db, settings, mfa_required, client
) -> None:
    settings.DEMO_MODE = True
    call_command("load_demo", stdout=StringIO())
    client.post(reverse("accounts:login"), {"username": "admin", "password": DEMO_PASSWORD})
    assert client.get(reverse("accounts:start"))["Location"].startswith(
        reverse("accounts:mfa_verify")
    )
    printed = StringIO()
    call_command("demo_totp", "admin", stdout=printed)
    code = printed.getvalue().strip()
    assert client.post(reverse("accounts:mfa_verify"), {"code": code}).status_code == 302
    assert client.get(reverse("accounts:start")).status_code == 200
    with pytest.raises(CommandError, match="no demo authenticator app"):
        call_command("demo_totp", "medarbejder", stdout=StringIO())
