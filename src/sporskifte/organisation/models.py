"""A municipality's social-psychiatry organisation, loaded from an organisation file.

Everything Herning-specific is data in `data/herning.yaml`; nothing here names a unit.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sporskifte.core.subjects import AccessSubject


class Municipality(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("navn"), max_length=200)
    code = models.CharField(_("kommunekode"), max_length=3, blank=True)
    website = models.URLField(_("hjemmeside"), blank=True)

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """An address where services happen; a location need not be a unit citizens contact."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="locations"
    )
    slug = models.SlugField()
    name = models.CharField(_("navn"), max_length=200)
    street = models.CharField(_("adresse"), max_length=200)
    postcode = models.CharField(_("postnummer"), max_length=4)
    city = models.CharField(_("by"), max_length=100)
    has_front_desk = models.BooleanField(_("daglig betjening"), default=True)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        verbose_name = _("lokation")
        verbose_name_plural = _("lokationer")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="location_slug_unique_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.street}"


class Unit(models.Model):
    """A node in the organisation tree (centre → track → department).

    `path` is the chain of slugs from the root ("/herning/socialpsykiatrien/skovlyset/"),
    kept by the organisation services, so that "this unit and everything below it"
    is one indexed prefix match.
    """

    class Kind(models.TextChoices):
        CENTRE = "centre", _("Center")
        TRACK = "track", _("Spor")
        DEPARTMENT = "department", _("Afdeling")
        ACUTE_LINE = "acute_line", _("Akuttelefon")
        GRANTING_AUTHORITY = "granting_authority", _("Bevillingsmyndighed")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    slug = models.SlugField()
    path = models.CharField(max_length=500, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=200)
    label = models.CharField(_("kort betegnelse"), max_length=100, blank=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    target_group = models.TextField(_("målgruppe"), blank=True)
    aim = models.TextField(_("formål"), blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    is_public = models.BooleanField(_("vises på kontaktsiden"), default=True)
    capacity = models.PositiveIntegerField(_("kapacitet (samtidige forløb)"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    locations = models.ManyToManyField(Location, blank=True, related_name="units")

    class Meta:
        verbose_name = _("enhed")
        verbose_name_plural = _("enheder")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="unit_slug_unique_per_municipality"
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="unit_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def access_log_subject(self) -> AccessSubject:
        # A unit's internal page lists staff and their direct lines: personal data of staff.
        return AccessSubject(citizen_id=None)


class Contact(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Offentlig")
        INTERNAL = "internal", _("Intern")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    mobile = models.CharField(_("mobil"), max_length=30, blank=True)
    # Free text, because a line's hours may run past midnight ("alle dage kl. 16-08").
    phone_hours = models.CharField(_("telefontid"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    secure_email = models.EmailField(_("sikker e-mail"), blank=True)
    visibility = models.CharField(
        _("synlighed"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontakter")
        ordering = ["unit", "position"]

    def __str__(self) -> str:
        return " ".join(part for part in (self.title, self.name) if part) or self.phone


class Service(models.Model):
    """A service (tilbud/ydelse) with its legal basis, delivered by one unit."""

    class LegalBasis(models.TextChoices):
        SEL_82B = "sel_82b", _("Serviceloven § 82 b")
        SEL_85 = "sel_85", _("Serviceloven § 85")
        SEL_104 = "sel_104", _("Serviceloven § 104")
        SEL_107 = "sel_107", _("Serviceloven § 107")
        SEL_108 = "sel_108", _("Serviceloven § 108")
        OTHER = "other", _("Andet")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="services"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="services")
    slug = models.SlugField()
    name = models.CharField(_("navn"), max_length=200)
    legal_basis = models.CharField(_("lovgrundlag"), max_length=20, choices=LegalBasis.choices)
    description = models.TextField(_("beskrivelse"), blank=True)
    target_group = models.TextField(_("målgruppe"), blank=True)
    grant_required = models.BooleanField(
        _("kræver bevilling før start"),
        help_text=_("Forløbet kan først starte, når bevillingsmyndigheden har truffet afgørelse."),
    )
    max_duration_months = models.PositiveSmallIntegerField(
        _("maksimal varighed (måneder)"), null=True, blank=True
    )
    around_the_clock = models.BooleanField(_("døgndækket"), default=False)
    preferred_min_age = models.PositiveSmallIntegerField(
        _("anbefalet minimumsalder"),
        null=True,
        blank=True,
        help_text=_("En vejledende alder: yngre borgere markeres, men afvises ikke."),
    )
    accepts_self_referral = models.BooleanField(_("borgeren kan selv henvende sig"), default=False)
    accepts_professional_referral = models.BooleanField(_("fagfolk kan henvise"), default=True)
    does_outreach = models.BooleanField(_("opsøgende"), default=False)
    part_of_next_day_offer = models.BooleanField(_("del af næste dags tilbud"), default=False)
    next_day_slot_minutes = models.PositiveSmallIntegerField(
        _("længde af en tid i næste dags tilbud (minutter)"), default=60
    )
    is_public = models.BooleanField(_("vises på kontaktsiden"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("ydelse")
        verbose_name_plural = _("ydelser")
        ordering = ["unit__path", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="service_slug_unique_per_municipality"
            ),
            models.CheckConstraint(
                condition=Q(max_duration_months__isnull=True) | Q(max_duration_months__gt=0),
                name="service_max_duration_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


WEEKDAY_CHOICES = [
    (0, _("mandag")),
    (1, _("tirsdag")),
    (2, _("onsdag")),
    (3, _("torsdag")),
    (4, _("fredag")),
    (5, _("lørdag")),
    (6, _("søndag")),
]


class DeliveryHours(models.Model):
    """When a service is delivered on one weekday (0 = Monday). A day with no row is closed."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("ugedag"), choices=WEEKDAY_CHOICES)
    opens = models.TimeField(_("åbner"))
    closes = models.TimeField(_("lukker"))

    class Meta:
        verbose_name = _("leveringstid")
        verbose_name_plural = _("leveringstider")
        ordering = ["service", "weekday"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "weekday"], name="delivery_hours_one_row_per_weekday"
            ),
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")), name="delivery_hours_closes_after_opens"
            ),
            models.CheckConstraint(
                condition=Q(weekday__lte=6), name="delivery_hours_weekday_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class ServiceElement(models.Model):
    """One element a course of the service may hold (e.g. `bridge_building`)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="elements")
    code = models.SlugField(max_length=50)
    name = models.CharField(_("navn"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indsatselement")
        verbose_name_plural = _("indsatselementer")
        ordering = ["service", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "code"], name="service_element_code_unique_per_service"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ClosingDay(models.Model):
    """A day a unit is closed beyond the public holidays; `recurs_annually` ignores the year."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="closing_days")
    date = models.DateField(_("dato"))
    recurs_annually = models.BooleanField(_("hvert år"), default=False)
    reason = models.CharField(_("årsag"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("lukkedag")
        verbose_name_plural = _("lukkedage")
        ordering = ["unit", "date"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "date"], name="closing_day_unique_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.reason}".strip()


class Membership(models.Model):
    """A staff member's role at a unit for a period; the relation that gives access."""

    class Role(models.TextChoices):
        WORKER = "worker", _("Medarbejder")
        LEADER = "leader", _("Leder")
        GRANTING_AUTHORITY = "granting_authority", _("Bevillingsmyndighed")
        ACUTE_LINE = "acute_line", _("Akuttelefon")
        ADMINISTRATOR = "administrator", _("Administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("rolle"), max_length=30, choices=Role.choices)
    title = models.CharField(_("stillingsbetegnelse"), max_length=200, blank=True)
    phone = models.CharField(_("direkte telefon"), max_length=30, blank=True)
    valid_from = models.DateField(_("gyldig fra"), default=timezone.localdate)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    class Source(models.TextChoices):
        MANUAL = "manual", _("Givet i administrationen")
        SSO = "sso", _("Fra single sign-on")

    # Single sign-on ends only the memberships it made itself; manual ones are left alone.
    source = models.CharField(
        _("kilde"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )

    class Meta:
        verbose_name = _("tilknytning")
        verbose_name_plural = _("tilknytninger")
        ordering = ["unit__path", "user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="membership_valid_to_after_valid_from",
            ),
        ]
        indexes = [models.Index(fields=["user", "valid_from"], name="membership_user_from")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.unit}"


class SsoRole(models.Model):
    """A job-function role a single sign-on assertion may carry (e.g. from KOMBIT's role
    catalogue), and the membership it gives: one unit, one role. From the organisation file."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="sso_roles"
    )
    name = models.CharField(_("rollenavn i single sign-on"), max_length=300)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("rolle"), max_length=30, choices=Membership.Role.choices)

    class Meta:
        verbose_name = _("rolle fra single sign-on")
        verbose_name_plural = _("roller fra single sign-on")
        ordering = ["municipality", "name", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name", "unit", "role"],
                name="sso_role_unique_per_municipality",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.get_role_display()}, {self.unit}"


class RoutingRule(models.Model):
    """One track-routing rule from the organisation file. A condition left empty matches anything;
    see sporskifte.referrals.routing for how rules are combined."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="routing_rules"
    )
    code = models.SlugField(max_length=50)
    position = models.PositiveSmallIntegerField(default=0)
    income_bases = models.JSONField(_("forsørgelsesgrundlag"), default=list, blank=True)
    aims_for_work_or_education = models.BooleanField(
        _("sigter mod arbejde eller uddannelse"), null=True, blank=True
    )
    expected_to_work = models.BooleanField(_("forventes at kunne arbejde"), null=True, blank=True)
    track = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    explanation = models.CharField(_("forklaring"), max_length=300)

    class Meta:
        verbose_name = _("visitationsregel")
        verbose_name_plural = _("visitationsregler")
        ordering = ["municipality", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="routing_rule_code_unique_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.code
