"""The organisation file: its schema, and parsing with errors that name the line.

The schema is documented for administrators in docs/organisation-file.md; keep the two
in step. Parsing never touches the database.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from sporskifte.core.codes import IncomeBasis
from sporskifte.core.validation import Line
from sporskifte.core.validation import Text as MultilineText
from sporskifte.organisation.models import Membership, Service, Unit

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=50)]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:_[a-z0-9]+)*$", max_length=50)]
# Control characters are refused as in every other input (core/validation.py).
Text = Annotated[MultilineText, StringConstraints(strip_whitespace=True)]
Name = Annotated[Line, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The file's code lists are the models' own (one list each, no copies to drift).
LegalBasis = Service.LegalBasis
UnitKind = Unit.Kind
MembershipRole = Membership.Role
IncomeBasisCode = IncomeBasis

FORMAT_VERSION = 1


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Address(Strict):
    street: Name
    postcode: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
    city: Name


class LocationSpec(Strict):
    slug: Slug
    name: Name
    address: Address
    front_desk: bool = True
    description: Text = ""


class ContactSpec(Strict):
    name: Text = ""
    title: Text = ""
    phone: Text = ""
    mobile: Text = ""
    phone_hours: Annotated[Line, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    email: EmailStr | Literal[""] = ""
    secure_email: EmailStr | Literal[""] = ""
    visibility: Literal["public", "internal"] = "public"

    @model_validator(mode="after")
    def has_a_way_to_reach(self) -> "ContactSpec":
        if not (self.phone or self.mobile or self.email or self.secure_email or self.name):
            raise ValueError("a contact needs at least a name, a phone number or an e-mail address")
        return self


class HoursSpec(Strict):
    days: list[Weekday] = Field(min_length=1)
    opens: dt.time
    closes: dt.time

    @model_validator(mode="after")
    def closes_after_opens(self) -> "HoursSpec":
        if self.closes <= self.opens:
            raise ValueError("'closes' must be later than 'opens'")
        return self


class ElementSpec(Strict):
    code: Code
    name: Name


class ServiceSpec(Strict):
    slug: Slug
    name: Name
    legal_basis: LegalBasis
    grant_required: bool
    description: Text = ""
    target_group: Text = ""
    max_duration_months: Annotated[int, Field(gt=0, le=120)] | None = None
    around_the_clock: bool = False
    hours: list[HoursSpec] = []
    preferred_min_age: Annotated[int, Field(ge=0, le=120)] | None = None
    self_referral: bool = False
    professional_referral: bool = True
    outreach: bool = False
    next_day_offer: bool = False
    next_day_slot_minutes: Annotated[int, Field(ge=5, le=480)] = 60
    public: bool = True
    elements: list[ElementSpec] = []

    @model_validator(mode="after")
    def hours_are_consistent(self) -> "ServiceSpec":
        if self.around_the_clock and self.hours:
            raise ValueError("a service that is 'around_the_clock' has no 'hours'")
        if not self.around_the_clock and not self.hours:
            raise ValueError("give 'hours' or set 'around_the_clock: true'")
        repeated = [
            day for day, n in Counter(d for h in self.hours for d in h.days).items() if n > 1
        ]
        if repeated:
            raise ValueError(f"weekday given twice in 'hours': {', '.join(repeated)}")
        codes = Counter(e.code for e in self.elements)
        repeated_codes = [code for code, n in codes.items() if n > 1]
        if repeated_codes:
            raise ValueError(f"element code given twice: {', '.join(repeated_codes)}")
        return self


class ClosingDaySpec(Strict):
    date: dt.date
    reason: Text = ""
    every_year: bool = False


class UnitSpec(Strict):
    slug: Slug
    name: Name
    kind: UnitKind
    label: Text = ""
    target_group: Text = ""
    aim: Text = ""
    description: Text = ""
    public: bool = True
    capacity: Annotated[int, Field(gt=0, le=100000)] | None = None
    locations: list[Slug] = []
    contacts: list[ContactSpec] = []
    services: list[ServiceSpec] = []
    closing_days: list[ClosingDaySpec] = []
    units: list["UnitSpec"] = []


class RoutingConditionSpec(Strict):
    income_basis: Annotated[list[IncomeBasisCode], Field(min_length=1)] | None = None
    aims_for_work_or_education: bool | None = None
    expected_to_work: bool | None = None

    @model_validator(mode="after")
    def has_a_condition(self) -> "RoutingConditionSpec":
        if (
            self.income_basis is None
            and self.aims_for_work_or_education is None
            and self.expected_to_work is None
        ):
            raise ValueError("a rule needs at least one condition in 'when'")
        return self


class RoutingRuleSpec(Strict):
    code: Code
    when: RoutingConditionSpec
    track: Slug
    explanation: Name


class SsoRoleSpec(Strict):
    """A job-function role name as the identity provider sends it, and what it gives."""

    name: Annotated[Line, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    unit: Slug
    role: MembershipRole


class MunicipalitySpec(Strict):
    slug: Slug
    name: Name
    code: Annotated[str, StringConstraints(pattern=r"^\d{3}$")] | Literal[""] = ""
    website: Text = ""


class OrganisationFile(Strict):
    format: Literal[1]
    municipality: MunicipalitySpec
    locations: list[LocationSpec] = []
    units: list[UnitSpec] = Field(min_length=1)
    routing: list[RoutingRuleSpec] = []
    sso_roles: list[SsoRoleSpec] = []

    def all_units(self) -> Iterator[tuple[UnitSpec, UnitSpec | None]]:
        """Every unit with its parent, parents first."""
        stack: list[tuple[UnitSpec, UnitSpec | None]] = [(u, None) for u in reversed(self.units)]
        while stack:
            unit, parent = stack.pop()
            yield unit, parent
            stack.extend((child, unit) for child in reversed(unit.units))

    def units_with_paths(self) -> Iterator[tuple[str, UnitSpec]]:
        """Every unit with its field path in the file (`units[0].units[2]`), parents first."""
        stack = [(f"units[{i}]", unit) for i, unit in reversed(list(enumerate(self.units)))]
        while stack:
            path, unit = stack.pop()
            yield path, unit
            stack.extend(
                (f"{path}.units[{i}]", child) for i, child in reversed(list(enumerate(unit.units)))
            )

    def warnings(self) -> list[str]:
        """What the file may leave out for now, but a citizen in crisis would miss: the public
        page and the plan PDF show each acute line's public number and hours."""
        found = []
        for path, unit in self.units_with_paths():
            if unit.kind != Unit.Kind.ACUTE_LINE:
                continue
            public = [c for c in unit.contacts if c.visibility == "public"]
            if not any(c.phone or c.mobile for c in public):
                found.append(
                    f"field '{path}.contacts': the acute line '{unit.slug}' has no public phone "
                    "number; the public page and the plan PDF say it is not given yet"
                )
            if not any(c.phone_hours for c in public):
                found.append(
                    f"field '{path}.contacts': the acute line '{unit.slug}' has no public "
                    "'phone_hours'; the public page and the plan PDF cannot say when it is open"
                )
        return found

    @model_validator(mode="after")
    def references_resolve(self) -> "OrganisationFile":
        location_slugs = [loc.slug for loc in self.locations]
        unit_slugs = [unit.slug for unit, _ in self.all_units()]
        service_slugs = [svc.slug for unit, _ in self.all_units() for svc in unit.services]
        for kind, slugs in (
            ("location", location_slugs),
            ("unit", unit_slugs),
            ("service", service_slugs),
        ):
            repeated = [slug for slug, n in Counter(slugs).items() if n > 1]
            if repeated:
                raise ValueError(f"{kind} slug used more than once: {', '.join(sorted(repeated))}")
        tracks = {unit.slug for unit, _ in self.all_units() if unit.kind == "track"}
        for rule in self.routing:
            if rule.track not in tracks:
                raise ValueError(
                    f"routing rule '{rule.code}' names '{rule.track}', which is no track"
                )
        repeated_rules = [
            code for code, n in Counter(r.code for r in self.routing).items() if n > 1
        ]
        if repeated_rules:
            raise ValueError(f"routing rule code used more than once: {', '.join(repeated_rules)}")
        known_units = set(unit_slugs)
        for mapping in self.sso_roles:
            if mapping.unit not in known_units:
                raise ValueError(
                    f"single sign-on role '{mapping.name}' names unknown unit '{mapping.unit}'"
                )
        repeated_roles = [
            f"{name} ({unit}, {role})"
            for (name, unit, role), n in Counter(
                (m.name, m.unit, m.role.value) for m in self.sso_roles
            ).items()
            if n > 1
        ]
        if repeated_roles:
            raise ValueError(f"single sign-on role given twice: {', '.join(repeated_roles)}")
        known = set(location_slugs)
        for unit, _ in self.all_units():
            unknown = [slug for slug in unit.locations if slug not in known]
            if unknown:
                raise ValueError(
                    f"unit '{unit.slug}' names unknown location(s): {', '.join(unknown)}"
                )
        return self


class OrganisationFileError(Exception):
    """A file that cannot be loaded; the message names the file, line and field."""


def parse_organisation_file(path: Path) -> OrganisationFile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise OrganisationFileError(f"{path}: cannot read the file ({error})") from None
    return parse_organisation_text(text, source=str(path))


def parse_organisation_text(text: str, *, source: str = "<text>") -> OrganisationFile:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "unknown line"
        problem = getattr(error, "problem", None) or str(error)
        raise OrganisationFileError(f"{source}, {where}: not valid YAML ({problem})") from None
    if not isinstance(data, dict):
        raise OrganisationFileError(
            f"{source}, line 1: the file must be a mapping with 'format', 'municipality' and 'units'"
        )
    try:
        return OrganisationFile.model_validate(data)
    except ValidationError as error:
        messages = []
        for problem in error.errors():
            location = problem["loc"]
            field = _field_path(location)
            line = _line_of(root, location)
            text = problem["msg"].removeprefix("Value error, ")
            messages.append(f"{source}, line {line}, field '{field or '(top)'}': {text}")
        raise OrganisationFileError("\n".join(messages)) from None


def _field_path(location: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in location:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif not parts:
            parts.append(str(part))
        else:
            parts.append(f".{part}")
    return "".join(parts)


def _line_of(node: yaml.Node | None, location: tuple[Any, ...]) -> int:
    """The line of the deepest node on `location` that exists (1-based)."""
    line = node.start_mark.line + 1 if node is not None else 1
    for part in location:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    child = (
                        value
                        if not isinstance(value, yaml.ScalarNode) or value.value != ""
                        else key
                    )
                    break
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            child = node.value[part]
        if child is None:
            break
        node = child
        line = node.start_mark.line + 1
    return line
