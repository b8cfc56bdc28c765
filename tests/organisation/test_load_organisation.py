"""Loading an organisation file into the database (manage.py load_organisation)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from sporskifte.organisation.models import (
    ClosingDay,
    Contact,
    DeliveryHours,
    Location,
    Membership,
    Municipality,
    Service,
    ServiceElement,
    SsoRole,
    Unit,
)
from sporskifte.organisation.orgfile import parse_organisation_file
from sporskifte.organisation.services import organisation_load
from tests.conftest import ORG_DATA
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

MODELS = (Municipality, Location, Unit, Contact, Service, DeliveryHours, ServiceElement, ClosingDay)


def snapshot() -> dict[str, list[dict]]:
    return {
        model.__name__: [model_to_dict(obj) for obj in model.objects.order_by("pk")]
        for model in MODELS
    }


def load(path: Path | str) -> str:
    out = StringIO()
    call_command("load_organisation", str(path), stdout=out, stderr=out)
    return out.getvalue()


def test_herning_has_the_two_tracks_polaris_and_the_granting_authority(herning) -> None:
    assert herning["skovlyset"].label == "Spor 1"
    assert herning["skiftesporet"].label == "Spor 2"
    assert herning["skovlyset"].kind == Unit.Kind.TRACK
    assert herning["polaris"].name == "POLARIS Center Herning, afdeling Søndergade"
    assert herning["akuttelefon"].kind == Unit.Kind.ACUTE_LINE
    assert herning["myndighed"].kind == Unit.Kind.GRANTING_AUTHORITY
    assert herning["skovlyset"].path == "/herning/socialpsykiatrien/skovlyset/"


@pytest.mark.parametrize("track", ["skovlyset", "skiftesporet"])
def test_each_track_has_residential_housing_support_and_day_services(herning, track: str) -> None:
    services = {s.legal_basis: s for s in Service.objects.filter(unit=herning[track])}
    assert services["sel_85"].name == "Bostøtte"
    assert services["sel_104"].name == "Dagtilbud"
    assert services["sel_107"].around_the_clock
    assert all(s.grant_required for s in services.values())


def test_the_82b_service_is_time_limited_weekday_daytime_and_needs_no_grant(herning) -> None:
    service = Service.objects.get(legal_basis="sel_82b")
    assert service.unit == herning["polaris"]
    assert service.max_duration_months == 6
    assert not service.grant_required
    assert service.preferred_min_age == 26
    assert (
        service.accepts_self_referral and service.does_outreach and service.part_of_next_day_offer
    )
    assert sorted(h.weekday for h in service.hours.all()) == [0, 1, 2, 3, 4]
    assert {str(h.opens) for h in service.hours.all()} == {"08:00:00"}
    assert list(service.elements.values_list("code", flat=True)) == [
        "lifestyle",
        "accompaniment",
        "psychiatric_conversation",
        "health_conversation",
        "social_counselling",
        "functional_training",
        "daily_structure",
        "bridge_building",
        "leisure_network",
    ]


def test_soendergade_16_is_a_location_without_front_desk(herning) -> None:
    location = Location.objects.get(slug="soendergade-16")
    assert location.street == "Søndergade 16"
    assert not location.has_front_desk


def test_contacts_are_those_of_the_source_pages(herning) -> None:
    assert herning["skovlyset"].contacts.get().phone == "96 28 53 01"
    assert herning["skiftesporet"].contacts.get().name == "Esper Sørensen"
    assert herning["polaris"].contacts.get().mobile == "40 71 43 16"


def test_loading_the_same_file_twice_changes_nothing(herning) -> None:
    before = snapshot()
    output = load(ORG_DATA / "herning.yaml")
    assert "0 created, 0 updated, 0 deleted" in output
    assert snapshot() == before


def test_a_shipped_file_loads_by_name_and_a_first_load_reports_only_creations(db) -> None:
    output = load("fjordby")
    assert "Fjordby Kommune:" in output
    assert " 0 updated, 0 deleted, 0 unchanged" in output
    assert Unit.objects.filter(municipality__slug="fjordby").exists()


def test_a_rule_broken_in_the_file_is_named_without_pydantic_noise(db, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        (ORG_DATA / "fjordby.yaml").read_text().replace('closes: "13:00"', 'closes: "07:00"')
    )
    with pytest.raises(CommandError) as caught:
        load(broken)
    assert str(caught.value).endswith("'closes' must be later than 'opens'")
    assert not Municipality.objects.exists()


def test_a_malformed_file_changes_nothing_and_names_the_line(herning, tmp_path: Path) -> None:
    before = snapshot()
    broken = tmp_path / "broken.yaml"
    text = (
        (ORG_DATA / "herning.yaml")
        .read_text()
        .replace("label: Spor 2\n", "label: Spor 2\n        colour: red\n")
    )
    broken.write_text(text)
    with pytest.raises(CommandError) as caught:
        load(broken)
    assert "Nothing was loaded" in str(caught.value)
    line = text.splitlines().index("        colour: red") + 1
    assert f"line {line}, field 'units[0].units[1].colour'" in str(caught.value)
    assert snapshot() == before


def test_a_changed_file_updates_in_place_and_keeps_memberships(herning, tmp_path: Path) -> None:
    membership = MembershipFactory(unit=herning["skovlyset"])
    changed = tmp_path / "herning.yaml"
    changed.write_text(
        (ORG_DATA / "herning.yaml").read_text().replace('"96 28 53 01"', '"96 28 53 99"')
    )
    load(changed)
    unit = Unit.objects.get(slug="skovlyset")
    assert unit.pk == herning["skovlyset"].pk
    assert unit.contacts.get().phone == "96 28 53 99"
    assert Membership.objects.get(pk=membership.pk).unit == unit


def test_a_unit_missing_from_the_file_is_kept_and_reported(herning, tmp_path: Path) -> None:
    text = (ORG_DATA / "herning.yaml").read_text()
    start = text.index("      - slug: akuttelefon")
    end = text.index("      - slug: myndighed")
    smaller = tmp_path / "herning.yaml"
    without_line = text[:start] + text[end:]
    # Its single sign-on role goes with it (a role must name a unit in the file).
    without_role = "\n".join(
        line for line in without_line.splitlines() if "unit: akuttelefon" not in line
    )
    smaller.write_text(without_role + "\n")
    output = load(smaller)
    assert "unit 'akuttelefon' is in the database but not in the file; left unchanged" in output
    assert Unit.objects.filter(slug="akuttelefon").exists()


def test_a_unit_moved_in_the_tree_takes_its_subtree_along(db, tmp_path: Path) -> None:
    header = "format: 1\nmunicipality: {slug: testby, name: Testby}\nunits:\n"
    subtree = "[{slug: b, name: B, kind: track, units: [{slug: c, name: C, kind: department}]}]"
    first = tmp_path / "first.yaml"
    first.write_text(
        f"{header}  - {{slug: a, name: A, kind: centre, units: {subtree}}}\n  - {{slug: d, name: D, kind: centre}}\n"
    )
    load(first)
    second = tmp_path / "second.yaml"
    second.write_text(
        f"{header}  - {{slug: a, name: A, kind: centre}}\n  - {{slug: d, name: D, kind: centre, units: {subtree}}}\n"
    )
    load(second)
    assert Unit.objects.get(slug="c").path == "/testby/d/b/c/"
    assert Unit.objects.get(slug="b").parent.slug == "d"


def test_a_second_municipality_loads_beside_herning_with_nothing_shared(herning) -> None:
    load("fjordby.yaml")
    fjordby = Municipality.objects.get(slug="fjordby")
    assert set(fjordby.units.values_list("slug", flat=True)) == {"psykiatri", "havnen", "myndighed"}
    service = Service.objects.get(municipality=fjordby)
    assert service.hours.get(weekday=4).closes.strftime("%H:%M") == "13:00"
    # Both municipalities have a unit called "myndighed"; each keeps its own.
    assert Unit.objects.filter(slug="myndighed").count() == 2


def test_loading_herning_warns_that_the_acute_line_number_is_to_be_filled_in(db) -> None:
    output = load("herning")
    assert "warning: " in output and "has no public phone number" in output
    assert "Herning Kommune: " in output  # and it loaded


def test_the_acute_line_hours_are_loaded_with_its_contact(db, tmp_path: Path) -> None:
    text = (ORG_DATA / "herning.yaml").read_text(encoding="utf-8")
    filled = tmp_path / "filled.yaml"
    filled.write_text(
        text.replace('phone: ""        # to be filled in', 'phone: "96 28 00 00"').replace(
            'phone_hours: ""  # to be filled in, e.g. "Alle dage kl. 16-08"',
            'phone_hours: "Alle dage kl. 16-08"',
        ),
        encoding="utf-8",
    )
    assert "warning" not in load(filled)
    contact = Contact.objects.get(unit__slug="akuttelefon")
    assert (contact.phone, contact.phone_hours) == ("96 28 00 00", "Alle dage kl. 16-08")


def test_the_single_sign_on_roles_load_and_follow_the_file(herning, tmp_path: Path) -> None:
    roles = {(r.name.rsplit("/", 2)[-2], r.unit.slug, r.role) for r in SsoRole.objects.all()}
    assert ("polaris-leder", "polaris", "leader") in roles
    text = (ORG_DATA / "herning.yaml").read_text(encoding="utf-8")
    edited = tmp_path / "herning.yaml"
    edited.write_text(
        text.replace(
            'polaris-leder/1", unit: polaris, role: leader',
            'polaris-leder/1", unit: polaris, role: worker',
        ),
        encoding="utf-8",
    )
    organisation_load(document=parse_organisation_file(edited))
    leader = SsoRole.objects.get(name="http://herning.dk/roles/jobrole/polaris-leder/1")
    assert leader.role == "worker"
