"""Demo users, one per role. Only for ENVIRONMENT=demo or development; never in production."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sporskifte.accounts.models import User
from sporskifte.core.errors import DomainError
from sporskifte.organisation.models import Membership, Municipality, Unit

DEMO_PASSWORD = "sporskifte-demo"  # noqa: S105 - documented in README, refused outside demo mode


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
        user.is_staff = user.is_superuser = demo.is_staff
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
        users.append(user)
    return users
