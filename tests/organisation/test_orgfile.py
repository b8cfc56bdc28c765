"""Parsing the organisation file: what an administrator sees when the file is wrong."""

from pathlib import Path

import pytest

from sporskifte.organisation.orgfile import (
    OrganisationFileError,
    parse_organisation_file,
    parse_organisation_text,
)
from tests.conftest import ORG_DATA

MINIMAL = """\
format: 1
municipality:
  slug: testby
  name: Testby Kommune
units:
  - slug: centret
    name: Centret
    kind: centre
    services:
      - slug: bostoette
        name: Bostøtte
        legal_basis: sel_85
        grant_required: true
        hours:
          - {days: [mon, tue], opens: "08:00", closes: "16:00"}
"""


def error_for(text: str) -> str:
    with pytest.raises(OrganisationFileError) as caught:
        parse_organisation_text(text, source="test.yaml")
    return str(caught.value)


@pytest.mark.parametrize("name", ["herning.yaml", "fjordby.yaml"])
def test_the_shipped_files_are_valid(name: str) -> None:
    document = parse_organisation_file(ORG_DATA / name)
    assert document.units


def test_it_names_the_line_of_a_yaml_syntax_error() -> None:
    message = error_for(MINIMAL.replace("  name: Centret", "  name: [Centret"))
    assert message.startswith("test.yaml, line ")
    assert "not valid YAML" in message


def test_it_names_the_line_and_field_of_an_unknown_key() -> None:
    message = error_for(
        MINIMAL.replace("    kind: centre\n", "    kind: centre\n    colour: blue\n")
    )
    assert "line 9" in message
    assert "units[0].colour" in message


def test_it_names_the_line_of_a_wrong_value() -> None:
    message = error_for(MINIMAL.replace("legal_basis: sel_85", "legal_basis: sel_999"))
    assert "line 12" in message
    assert "units[0].services[0].legal_basis" in message


def test_it_names_a_missing_field_at_its_parent() -> None:
    message = error_for(MINIMAL.replace("        grant_required: true\n", ""))
    assert "units[0].services[0].grant_required" in message
    assert "Field required" in message


def test_it_refuses_hours_that_close_before_they_open() -> None:
    message = error_for(MINIMAL.replace('closes: "16:00"', 'closes: "07:00"'))
    assert "'closes' must be later than 'opens'" in message


def test_it_refuses_a_service_without_hours_that_is_not_around_the_clock() -> None:
    text = MINIMAL.split("        hours:")[0]
    assert "give 'hours' or set 'around_the_clock: true'" in error_for(text)


def test_it_refuses_the_same_unit_slug_twice() -> None:
    text = MINIMAL + "  - slug: centret\n    name: Igen\n    kind: centre\n"
    assert "unit slug used more than once: centret" in error_for(text)


def test_it_refuses_a_reference_to_an_unknown_location() -> None:
    text = MINIMAL.replace("    kind: centre\n", "    kind: centre\n    locations: [nowhere]\n")
    assert "unknown location(s): nowhere" in error_for(text)


def test_it_refuses_a_file_that_is_not_a_mapping() -> None:
    assert "line 1" in error_for("- just\n- a list\n")


def test_it_reports_an_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(OrganisationFileError, match="cannot read the file"):
        parse_organisation_file(tmp_path / "missing.yaml")


def test_herning_loads_but_warns_that_the_acute_line_number_is_to_be_filled_in() -> None:
    document = parse_organisation_file(ORG_DATA / "herning.yaml")
    warnings = document.warnings()
    assert len(warnings) == 2
    assert "acute line 'akuttelefon' has no public phone number" in warnings[0]
    assert "acute line 'akuttelefon' has no public 'phone_hours'" in warnings[1]
    assert warnings[0].startswith("field 'units[0].units[2].contacts'")


def test_an_acute_line_with_a_public_number_and_hours_gives_no_warning() -> None:
    text = (ORG_DATA / "herning.yaml").read_text(encoding="utf-8")
    filled = text.replace('phone: ""        # to be filled in', 'phone: "96 28 00 00"').replace(
        'phone_hours: ""  # to be filled in, e.g. "Alle dage kl. 16-08"',
        'phone_hours: "Alle dage kl. 16-08"',
    )
    assert parse_organisation_text(filled).warnings() == []


def test_an_internal_number_does_not_count_for_the_acute_line() -> None:
    text = (ORG_DATA / "herning.yaml").read_text(encoding="utf-8")
    internal = text.replace(
        'phone: ""        # to be filled in',
        'phone: "96 28 00 00"\n            visibility: internal',
    )
    assert any("no public phone number" in w for w in parse_organisation_text(internal).warnings())


SSO_ROLES = (
    MINIMAL
    + """\
sso_roles:
  - {name: "http://testby.dk/roles/jobrole/bostoette/1", unit: centret, role: worker}
"""
)


def test_a_single_sign_on_role_names_a_unit_and_a_role() -> None:
    document = parse_organisation_text(SSO_ROLES)
    assert [(m.name, m.unit, m.role) for m in document.sso_roles] == [
        ("http://testby.dk/roles/jobrole/bostoette/1", "centret", "worker")
    ]


def test_it_refuses_a_single_sign_on_role_for_an_unknown_unit() -> None:
    message = error_for(SSO_ROLES.replace("unit: centret", "unit: kaelderen"))
    assert "single sign-on role 'http://testby.dk/roles/jobrole/bostoette/1'" in message
    assert "unknown unit 'kaelderen'" in message


def test_it_refuses_an_unknown_role_and_names_its_line() -> None:
    message = error_for(SSO_ROLES.replace("role: worker", "role: king"))
    assert "line 17" in message
    assert "sso_roles[0].role" in message


def test_it_refuses_the_same_single_sign_on_role_twice() -> None:
    line = '  - {name: "http://testby.dk/roles/jobrole/bostoette/1", unit: centret, role: worker}\n'
    message = error_for(SSO_ROLES + line)
    assert "single sign-on role given twice" in message


@pytest.mark.parametrize("character", ["\\u0007", "\\u0085"])  # C0 and C1
def test_it_refuses_a_role_name_with_control_characters(character: str) -> None:
    message = error_for(SSO_ROLES.replace("bostoette/1", f"bostoette/1{character}"))
    assert "sso_roles[0].name" in message


def test_it_refuses_a_unit_name_with_a_control_character() -> None:
    message = error_for(SSO_ROLES.replace("name: Centret", 'name: "Cent\\u0000ret"'))
    assert ".name" in message
