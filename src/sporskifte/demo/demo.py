"""Demo users, one per role. Only for ENVIRONMENT=demo or development; never in production."""

import datetime as dt
from base64 import b32decode
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sporskifte.accounts.models import User
from sporskifte.citizens.services import citizen_register
from sporskifte.core.errors import DomainError
from sporskifte.courses.services import appointment_book, course_start, journal_note_write
from sporskifte.organisation.models import Membership, Municipality, Unit
from sporskifte.organisation.opening import service_calendar
from sporskifte.referrals.models import Referral
from sporskifte.referrals.services import referral_register, referral_triage, self_referral_submit

DEMO_PASSWORD = "sporskifte-demo"  # noqa: S105 - documented in README, refused outside demo mode
# The demo's authenticator app, for the users whose role requires a second factor: add this
# secret to an app, or print the current code with `manage.py demo_totp <username>` (README).
DEMO_TOTP_SECRET = "ONYG64TTNNUWM5DFFVSGK3LPFV2G65DQ"  # noqa: S105 - base32 of "sporskifte-demo-totp"
DEMO_TOTP_DEVICE = "Demo-app"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    unit_slug: str
    role: str
    title: str
    is_staff: bool = False


DEMO_USERS = (
    DemoUser(
        "medarbejder",
        "Mette",
        "Madsen",
        "polaris",
        Membership.Role.WORKER,
        "Social- og sundhedsassistent",
    ),
    DemoUser("skovlyset", "Søren", "Skov", "skovlyset", Membership.Role.WORKER, "Pædagog"),
    DemoUser(
        "skiftesporet", "Sara", "Spor", "skiftesporet", Membership.Role.WORKER, "Socialrådgiver"
    ),
    DemoUser("leder", "Lene", "Leth", "polaris", Membership.Role.LEADER, "Afdelingsleder"),
    DemoUser(
        "myndighed",
        "Mads",
        "Myndig",
        "myndighed",
        Membership.Role.GRANTING_AUTHORITY,
        "Myndighedsrådgiver",
    ),
    DemoUser("akut", "Anne", "Akut", "akuttelefon", Membership.Role.ACUTE_LINE, "Vagthavende"),
    DemoUser(
        "admin",
        "Adam",
        "Admin",
        "socialpsykiatrien",
        Membership.Role.ADMINISTRATOR,
        "Systemadministrator",
        True,
    ),
)


class DemoModeRequired(DomainError):
    code = "demo_mode_required"


@transaction.atomic
def demo_users_ensure(*, municipality_slug: str = "herning") -> list[User]:
    """Create (or reset) the demo users and their memberships; running it twice is harmless."""
    if not settings.DEMO_MODE:
        raise DemoModeRequired("Demo users are created only with ENVIRONMENT=demo or development.")
    municipality = Municipality.objects.get(slug=municipality_slug)
    users = []
    for demo in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=demo.username)
        user.first_name, user.last_name = demo.first_name, demo.last_name
        user.email = f"{demo.username}@demo.invalid"
        # The demo administrator is no superuser: its role alone opens the administration.
        user.is_staff, user.is_superuser = demo.is_staff, False
        user.is_active = True
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.save()
        unit = Unit.objects.get(municipality=municipality, slug=demo.unit_slug)
        Membership.objects.update_or_create(
            user=user,
            unit=unit,
            role=demo.role,
            defaults={"title": demo.title, "valid_to": None},
            create_defaults={
                "title": demo.title,
                "valid_from": timezone.localdate().replace(day=1),
            },
        )
        if demo.role in settings.MFA_REQUIRED_ROLES:
            TOTPDevice.objects.update_or_create(
                user=user,
                name=DEMO_TOTP_DEVICE,
                defaults={"key": b32decode(DEMO_TOTP_SECRET).hex(), "confirmed": True},
            )
        users.append(user)
    return users


def demo_totp_code(*, username: str) -> str:
    """The demo app's code for a demo user, now (valid for the rest of its 30 seconds)."""
    if not settings.DEMO_MODE:
        raise DemoModeRequired("Demo codes exist only with ENVIRONMENT=demo or development.")
    device = TOTPDevice.objects.filter(user__username=username, name=DEMO_TOTP_DEVICE).first()
    if device is None:
        raise DomainError(f"{username} has no demo authenticator app.")
    return (
        f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():0{device.digits}d}"
    )


@dataclass(frozen=True)
class DemoReferral:
    name: str
    contact: str
    need: str
    days_ago: int
    income_basis: str = ""
    aims_for_work_or_education: bool | None = None


# Synthetic people. They have no CPR numbers on purpose: any real-looking number may belong to
# a real person. Add one through "Ret oplysninger" to try identification and masking.
DEMO_SELF_REFERRALS = (
    DemoReferral("Sofie Demo", "sofie@demo.invalid", "Jeg kan ikke overskue min hverdag.", 6),
    DemoReferral("Jonas Demo", "20 00 00 01", "Jeg er lige kommet hjem fra indlæggelse.", 3),
    DemoReferral("Maja Demo", "20 00 00 02", "Jeg vil gerne have hjælp til at komme ud.", 1),
)
DEMO_PROFESSIONAL_REFERRALS = (
    DemoReferral(
        "Per Demo",
        "20 00 00 03",
        "Egen læge: isolation og tiltagende angst; ønsker hjælp til struktur.",
        4,
        income_basis="foertidspension",
        aims_for_work_or_education=False,
    ),
    DemoReferral(
        "Lise Demo",
        "20 00 00 04",
        "Jobcenter: vil gerne i uddannelse, men mangler overskud.",
        2,
        income_basis="uddannelseshjaelp",
        aims_for_work_or_education=True,
    ),
)


@transaction.atomic
def demo_intake_ensure(*, municipality_slug: str = "herning") -> int:
    """Referrals in POLARIS's queue to try triage on; only when the demo has none yet."""
    if not settings.DEMO_MODE:
        raise DemoModeRequired("Demo data is created only with ENVIRONMENT=demo or development.")
    municipality = Municipality.objects.get(slug=municipality_slug)
    if Referral.objects.filter(municipality=municipality).exists():
        return 0
    worker = User.objects.get(username="medarbejder")
    polaris = Unit.objects.get(municipality=municipality, slug="polaris")
    now = timezone.now()
    for demo in DEMO_SELF_REFERRALS:
        referral = self_referral_submit(
            municipality=municipality,
            name=demo.name,
            contact=demo.contact,
            need=demo.need,
            consent_to_contact=True,
        )
        Referral.objects.filter(pk=referral.pk).update(
            received_at=now - dt.timedelta(days=demo.days_ago)
        )
    referrals = []
    for demo in DEMO_PROFESSIONAL_REFERRALS:
        citizen = citizen_register(
            actor=worker,
            unit=polaris,
            name=demo.name,
            phone=demo.contact,
            income_basis=demo.income_basis,
            aims_for_work_or_education=demo.aims_for_work_or_education,
        ).citizen
        referral = referral_register(
            actor=worker,
            unit=polaris,
            citizen=citizen,
            source="gp" if demo.income_basis == "foertidspension" else "other",
            reason=demo.need,
            referrer_name="Demo Henviser",
            received_at=now - dt.timedelta(days=demo.days_ago),
        )
        referrals.append(referral)
    _demo_course(worker, referrals[0])
    return len(DEMO_SELF_REFERRALS) + len(DEMO_PROFESSIONAL_REFERRALS)


def _demo_course(worker: User, referral: Referral) -> None:
    """One running § 82 b course on medarbejder's caseload, with a note and a coming appointment."""
    accepted = referral_triage(
        actor=worker, referral=referral, decision="accept", reason="Passer til § 82 b."
    )
    course = course_start(
        actor=worker,
        referral=accepted,
        start_date=timezone.localdate() - dt.timedelta(days=16),
        element_codes=["daily_structure", "leisure_network"],
    )
    journal_note_write(
        actor=worker,
        course=course,
        text="Første samtale. Per vil gerne have faste ugedage og komme ud at gå.",
        element_code="daily_structure",
    )
    calendar = service_calendar(course.service)
    day = timezone.localdate() + dt.timedelta(days=1)
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    start = dt.datetime.combine(day, dt.time(10), tzinfo=timezone.get_current_timezone())
    appointment_book(
        actor=worker,
        course=course,
        start=start,
        end=start + dt.timedelta(hours=1),
        element_code="leisure_network",
    )
