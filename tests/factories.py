"""factory_boy factories for every app; tests build their own data, never a shared database."""

import datetime as dt
from functools import cache

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from sporskifte.accounts.models import User
from sporskifte.audit.models import AccessLog
from sporskifte.organisation.models import (
    Contact,
    DeliveryHours,
    Membership,
    Municipality,
    Service,
    Unit,
)

PASSWORD = "correct horse battery staple"


@cache
def password_hash() -> str:
    """One Argon2 hash for every test user: hashing per user would dominate the suite's time."""
    return make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    password = factory.LazyFunction(password_hash)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"kommune-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.title())


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    municipality = factory.SubFactory(MunicipalityFactory)
    parent = None
    slug = factory.Sequence(lambda n: f"enhed-{n}")
    name = factory.LazyAttribute(lambda o: f"Enhed {o.slug}")
    kind = Unit.Kind.DEPARTMENT
    path = factory.LazyAttribute(
        lambda o: f"{o.parent.path if o.parent else f'/{o.municipality.slug}/'}{o.slug}/"
    )


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    unit = factory.SubFactory(UnitFactory)
    name = factory.Faker("name", locale="da_DK")
    phone = "11 22 33 44"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Membership.Role.WORKER
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    valid_to = None


class AccessLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessLog

    actor = factory.SubFactory(UserFactory)
    action = AccessLog.Action.READ
    object_type = "citizens.citizen"
    object_id = factory.Sequence(str)
    citizen_id = factory.Sequence(lambda n: n + 1)
    reason = "legacy"
    purpose = "Test"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    municipality = factory.SelfAttribute("unit.municipality")
    slug = factory.Sequence(lambda n: f"ydelse-{n}")
    name = factory.LazyAttribute(lambda o: f"Ydelse {o.slug}")
    legal_basis = Service.LegalBasis.SEL_85
    grant_required = True

    @factory.post_generation
    def weekday_hours(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            DeliveryHours.objects.bulk_create(
                DeliveryHours(service=self, weekday=day, opens=dt.time(8), closes=dt.time(16))
                for day in range(5)
            )
