"""A principal's memberships in force today, and the units they reach, read once."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from sporskifte.access.policy import Action, Relation
from sporskifte.access.principals import Principal, PrincipalKind, as_principal
from sporskifte.audit.models import AccessLog
from sporskifte.citizens.selectors import citizen_get_for_user
from sporskifte.core.errors import NotFound
from sporskifte.courses.selectors import course_get_for_user
from sporskifte.courses.services import course_start, journal_note_write
from sporskifte.organisation.models import Membership
from tests.factories import MembershipFactory, UnitFactory


def test_a_membership_counts_only_while_it_is_valid(herning) -> None:
    today = timezone.localdate()
    ended = MembershipFactory(
        unit=herning["polaris"],
        valid_from=today - dt.timedelta(days=90),
        valid_to=today - dt.timedelta(days=1),
    )
    future = MembershipFactory(unit=herning["polaris"], valid_from=today + dt.timedelta(days=1))
    last_day = MembershipFactory(
        unit=herning["polaris"], valid_from=today - dt.timedelta(days=9), valid_to=today
    )
    read_units = (Relation.UNIT, Action.READ)
    assert as_principal(ended.user).unit_ids(*read_units) == frozenset()
    assert as_principal(future.user).unit_ids(*read_units) == frozenset()
    assert as_principal(last_day.user).unit_ids(*read_units) == {herning["polaris"].pk}


def test_a_membership_reaches_the_units_below_it(herning) -> None:
    centre = MembershipFactory(unit=herning["socialpsykiatrien"], role=Membership.Role.WORKER)
    reached = as_principal(centre.user).unit_ids(Relation.COURSE, Action.WRITE)
    assert {herning["skovlyset"].pk, herning["skiftesporet"].pk} <= reached
    assert herning["polaris"].pk not in reached  # POLARIS hangs under another centre


def test_the_role_decides_what_a_relation_allows(people, herning) -> None:
    polaris = {herning["polaris"].pk}
    assert as_principal(people.worker).unit_ids(Relation.UNIT, Action.OVERSEE) == frozenset()
    assert as_principal(people.leader).unit_ids(Relation.UNIT, Action.OVERSEE) == polaris
    assert as_principal(people.acute).unit_ids(Relation.CITIZEN, Action.READ) == frozenset()


def test_an_administrator_administers_and_reaches_no_citizen(herning) -> None:
    admin = MembershipFactory(
        unit=herning["socialpsykiatrien"], role=Membership.Role.ADMINISTRATOR
    ).user
    principal = as_principal(admin)
    assert principal.may(Relation.ORGANISATION, Action.ADMINISTER)
    for relation in (Relation.CITIZEN, Relation.REFERRAL, Relation.COURSE, Relation.ESCALATION):
        for action in Action:
            assert principal.unit_ids(relation, action) == frozenset(), (relation, action)


def test_a_superuser_without_a_membership_reaches_no_citizen(db) -> None:
    superuser = MembershipFactory.build().user
    superuser.is_superuser = superuser.is_staff = True
    superuser.save()
    principal = as_principal(superuser)
    assert not any(principal.may(relation, action) for relation in Relation for action in Action)


def test_scope_never_crosses_municipalities(herning) -> None:
    other = UnitFactory(slug="polaris")  # same slug, another municipality
    user = MembershipFactory(unit=other).user
    assert as_principal(user).unit_ids(Relation.UNIT, Action.READ) == {other.pk}


def test_memberships_are_read_once_per_principal(people, django_assert_num_queries) -> None:
    principal = as_principal(people.leader)
    with django_assert_num_queries(2):  # the memberships, then the units below them
        for relation in Relation:
            for action in Action:
                principal.unit_ids(relation, action)
                principal.may(relation, action)


def test_principals_without_a_membership(db) -> None:
    anonymous = as_principal(AnonymousUser())
    assert anonymous.kind == PrincipalKind.ANONYMOUS
    assert anonymous.may(Relation.PUBLIC, Action.WRITE)
    assert not anonymous.may(Relation.CITIZEN, Action.READ)
    citizen = Principal.citizen(42)
    assert citizen.may(Relation.SELF, Action.READ)
    assert not citizen.may(Relation.SELF, Action.WRITE)
    job = Principal.system("reminders")
    assert job.may(Relation.SYSTEM, Action.READ)
    assert not job.may(Relation.SYSTEM, Action.WRITE)


def test_a_job_reads_through_the_policy_logged_as_system_and_writes_nothing(
    people, accepted_referral
) -> None:
    course = course_start(
        actor=people.worker, referral=accepted_referral, start_date=dt.date(2027, 2, 1)
    )
    job = Principal.system("reminders")
    read = course_get_for_user(actor=job, course_id=course.pk)
    assert read == course
    entry = AccessLog.objects.filter(object_type="courses.course").latest("pk")
    assert (entry.actor, entry.unit, entry.reason) == (None, None, "system")
    assert citizen_get_for_user(actor=job, citizen_id=course.citizen_id) == course.citizen
    with pytest.raises(NotFound):
        course_get_for_user(actor=job, course_id=course.pk, action=Action.WRITE)
    with pytest.raises(NotFound):
        journal_note_write(actor=job, course=course, text="Et job skriver ikke")
