import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sporskifte.citizens.cpr import cpr_masked_from_birth_date
from sporskifte.core.codes import IncomeBasis
from sporskifte.core.subjects import AccessSubject


class Citizen(models.Model):
    """A citizen (borger). The CPR number is only ever stored encrypted; `cpr_digest` finds a
    citizen by exact number. A citizen may exist without CPR (outreach, not yet identified)."""

    class ContactWay(models.TextChoices):
        PHONE = "phone", _("Telefon")
        SMS = "sms", _("SMS")
        EMAIL = "email", _("E-mail")
        LETTER = "letter", _("Brev / Digital Post")
        VISIT = "visit", _("Besøg")

    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.PROTECT, related_name="citizens"
    )
    # The id pages and the API show: random, so it says nothing about when a person was
    # registered or how many are (a registration of a known CPR number answers with it too).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=200)
    cpr_encrypted = models.TextField(blank=True, editable=False)
    # NULL, not "", for "no CPR": the unique constraint must not see two empty numbers as equal.
    cpr_digest = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001
    birth_date = models.DateField(_("fødselsdato"), null=True, blank=True, editable=False)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("adresse"), blank=True)
    preferred_contact = models.CharField(
        _("foretrukken kontaktform"), max_length=10, choices=ContactWay.choices, blank=True
    )
    income_basis = models.CharField(
        _("forsørgelsesgrundlag"), max_length=30, choices=IncomeBasis.choices, blank=True
    )
    aims_for_work_or_education = models.BooleanField(
        _("sigter mod arbejde eller uddannelse"), null=True, blank=True
    )
    expected_to_work = models.BooleanField(_("forventes at kunne arbejde"), null=True, blank=True)
    registered_by_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af enhed"),
    )
    # Set when this record turned out to be a person registered already (identified later with
    # a known CPR number): everything moved there, and this id keeps pointing to it.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("borger")
        verbose_name_plural = _("borgere")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "cpr_digest"],
                condition=Q(cpr_digest__isnull=False),
                name="citizen_cpr_unique_per_municipality",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_cpr(self) -> bool:
        return bool(self.cpr_digest)

    @property
    def cpr_masked(self) -> str:
        return cpr_masked_from_birth_date(self.birth_date) if self.birth_date else ""

    def age_on(self, day: dt.date) -> int | None:
        if self.birth_date is None:
            return None
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def access_log_subject(self) -> AccessSubject:
        return AccessSubject(citizen_id=self.pk)


class CitizenPart(models.Model):
    """Something that belongs to one citizen's record and is logged as the citizen's data."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def access_log_subject(self) -> AccessSubject:
        return AccessSubject(citizen_id=self.citizen_id)


class Relative(CitizenPart):
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="relatives")
    name = models.CharField(_("navn"), max_length=200)
    relation = models.CharField(_("relation"), max_length=100, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    note = models.TextField(_("bemærkning"), blank=True)

    class Meta:
        verbose_name = _("pårørende")
        verbose_name_plural = _("pårørende")
        ordering = ["citizen", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class NetworkActor(CitizenPart):
    class Kind(models.TextChoices):
        GP = "gp", _("Egen læge")
        PSYCHIATRY = "psychiatry", _("Psykiatrien")
        JOBCENTER = "jobcenter", _("Jobcenter")
        HOUSING = "housing", _("Bolig")
        OTHER = "other", _("Andet")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="network_actors")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("navn"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("netværksaktør")
        verbose_name_plural = _("netværksaktører")
        ordering = ["citizen", "kind", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class Consent(CitizenPart):
    """The citizen's consent (or refusal) to share information with one network actor.
    A consent is never edited: withdrawing it sets `withdrawn_on`; a new decision is a new row."""

    class Decision(models.TextChoices):
        GIVEN = "given", _("Givet")
        REFUSED = "refused", _("Afvist")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="consents")
    actor = models.ForeignKey(NetworkActor, on_delete=models.CASCADE, related_name="consents")
    decision = models.CharField(_("samtykke"), max_length=10, choices=Decision.choices)
    decided_on = models.DateField(_("dato"), default=timezone.localdate)
    scope = models.CharField(_("omfang"), max_length=300)
    withdrawn_on = models.DateField(_("trukket tilbage"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        ordering = ["citizen", "-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.actor}"

    @property
    def in_force(self) -> bool:
        return self.decision == self.Decision.GIVEN and self.withdrawn_on is None


class CitizenEvent(CitizenPart):
    """Something that happened to the citizen outside the services, e.g. a re-admission."""

    class Kind(models.TextChoices):
        READMITTED = "readmitted", _("Genindlagt")
        DISCHARGED = "discharged", _("Udskrevet")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("hændelse"), max_length=20, choices=Kind.choices)
    happened_on = models.DateField(_("dato"))
    note = models.TextField(_("bemærkning"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("hændelse")
        verbose_name_plural = _("hændelser")
        ordering = ["citizen", "-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on}"
