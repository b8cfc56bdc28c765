"""The password rules: a breached password and the user's own context words are refused, in
the user's own form, the administration and wherever Django validates a password."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from sporskifte.accounts.passwords import (
    BreachedPasswordValidator,
    ContextWordsValidator,
    breached_password_digests,
    is_breached,
)
from tests.factories import MunicipalityFactory, UserFactory


def codes(password: str, user=None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


def test_the_shipped_list_is_large_and_read_once() -> None:
    assert len(breached_password_digests()) > 400_000
    assert breached_password_digests() is breached_password_digests()


@pytest.mark.parametrize(
    "password", ["iloveyou1234", "ILoveYou1234", "Password1234", "QwertyUiop123"]
)
def test_a_breached_password_is_refused_whatever_its_case(password: str) -> None:
    assert is_breached(password)
    with pytest.raises(ValidationError) as refused:
        BreachedPasswordValidator().validate(password)
    assert refused.value.code == "password_breached"


def test_a_password_nobody_has_leaked_passes() -> None:
    assert not is_breached("Lyngen blomstrer på heden ved Hammerum 2027")


@pytest.mark.parametrize(
    "password",
    [
        "mette.skov",  # the user name itself
        "Skovhuset-Mette-99",  # the first name inside
        "Ladegaard sommerhus 1999",  # the last name
        "mskov-arbejde-2027!",  # the e-mail's local part
        "Herning er dejlig 2027",  # the municipality's name
        "MitSporskifte2027!!",  # the system's own name
    ],
)
def test_a_password_holding_a_context_word_is_refused(db, password: str) -> None:
    MunicipalityFactory(slug="herning", name="Herning Kommune")
    user = UserFactory(
        username="mette.skov", first_name="Mette", last_name="Ladegaard", email="mskov@herning.dk"
    )
    with pytest.raises(ValidationError) as refused:
        ContextWordsValidator().validate(password, user)
    assert refused.value.code == "password_context_word"


def test_short_name_parts_do_not_refuse_good_passwords(db) -> None:
    user = UserFactory(username="ib", first_name="Ib", last_name="Ø", email="ib@x.dk")
    ContextWordsValidator().validate("Lyngen blomstrer på heden ved Hammerum 2027", user)


def test_the_rules_are_django_s_password_validators(db) -> None:
    MunicipalityFactory(slug="herning", name="Herning Kommune")
    user = UserFactory(username="mette", first_name="Mette", last_name="Ladegaard")
    assert "password_breached" in codes("iloveyou1234", user)
    assert "password_context_word" in codes("Ladegaard-Lyngen-2027", user)
    assert "password_too_short" in codes("kort", user)
    assert codes("Lyngen blomstrer på heden ved Hammerum 2027", user) == set()
    # No composition rules (ASVS 6.2.5): a long password of digits only passes.
    assert codes("4817 2093 5561 7302", user) == set()
