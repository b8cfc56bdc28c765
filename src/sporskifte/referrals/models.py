from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sporskifte.core.subjects import AccessSubject


class Referral(models.Model):
    """A first contact (henvendelse/henvisning) to a unit, from any channel, until triage.

    A self-referral or an acute-line call is saved before anyone knows who the citizen is:
    `contact_name`/`contact_details` hold what was given, and `citizen` is linked at triage."""

    class Channel(models.TextChoices):
        SELF = "self", _("Egen henvendelse")
        PROFESSIONAL = "professional", _("Henvisning fra fagperson")
        ACUTE_LINE = "acute_line", _("Akuttelefonen")

    class Source(models.TextChoices):
        CITIZEN = "citizen", _("Borgeren selv")
        VISITATION = "visitation", _("Visitationen")
        POLICE = "police", _("Politiet")
        HEALTH = "health", _("Sundhedsvæsenet")
        GP = "gp", _("Egen læge")
        ACUTE_LINE = "acute_line", _("Akuttelefonen")
        INTERNAL = "internal", _("Videresendt internt")
        OTHER = "other", _("Andet")

    class Status(models.TextChoices):
        NEW = "new", _("Afventer visitation")
        ACCEPTED = "accepted", _("Optaget")
        ROUTED = "routed", _("Sendt videre til et spor")
        TO_GRANTING_AUTHORITY = "to_granting_authority", _("Sendt til bevillingsmyndigheden")
        DECLINED = "declined", _("Afvist")

    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("modtagende enhed"),
    )
    service = models.ForeignKey(
        "organisation.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("ydelse"),
    )
    citizen = models.ForeignKey(
        "citizens.Citizen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("borger"),
    )
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices)
    source = models.CharField(_("kilde"), max_length=20, choices=Source.choices)
    received_at = models.DateTimeField(_("modtaget"), default=timezone.now)
    reason = models.TextField(_("årsag"))
    contact_name = models.CharField(_("navn"), max_length=200, blank=True)
    contact_details = models.CharField(_("kontaktoplysninger"), max_length=300, blank=True)
    consent_to_contact = models.BooleanField(_("samtykke til kontakt"), null=True, blank=True)
    referrer_name = models.CharField(_("henviserens navn"), max_length=200, blank=True)
    referrer_organisation = models.CharField(
        _("henviserens organisation"), max_length=200, blank=True
    )
    outreach = models.BooleanField(
        _("opsøgende"),
        default=False,
        help_text=_("Borgeren kan ikke selv opsøge hjælp; enheden tager kontakt."),
    )
    signs_of_lasting_need = models.BooleanField(_("tegn på varigt behov"), default=False)
    agrees_to_take_part = models.BooleanField(
        _("borgeren vil deltage aktivt"), null=True, blank=True
    )
    receipt = models.CharField(_("kvitteringsnummer"), max_length=20, unique=True)
    forwarded_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="forwards"
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.NEW
    )
    decision_reason = models.TextField(_("begrundelse"), blank=True)
    decided_at = models.DateTimeField(_("visiteret"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_service = models.ForeignKey(
        "organisation.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ydelse efter visitation"),
    )
    next_day_start = models.DateTimeField(_("næste dags tilbud, start"), null=True, blank=True)
    next_day_end = models.DateTimeField(_("næste dags tilbud, slut"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("henvendelse")
        verbose_name_plural = _("henvendelser")
        ordering = ["received_at", "pk"]
        indexes = [
            models.Index(fields=["unit", "status", "received_at"], name="referral_queue"),
        ]
        constraints = [
            # One next-day slot, one citizen: the database refuses a double booking.
            models.UniqueConstraint(
                fields=["service", "next_day_start"],
                condition=Q(next_day_start__isnull=False),
                name="referral_next_day_slot_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.receipt

    @classmethod
    def sources_staff_may_register(cls) -> tuple[str, ...]:
        """Who a referral registered by staff can come from. A citizen's own contact comes
        through the public form, a call through the acute line's log, and internal forwards
        through triage: none of those is typed in by hand."""
        return tuple(
            value
            for value in cls.Source.values
            if value not in (cls.Source.CITIZEN, cls.Source.ACUTE_LINE, cls.Source.INTERNAL)
        )

    @property
    def display_name(self) -> str:
        return self.citizen.name if self.citizen_id and self.citizen else self.contact_name

    def access_log_subject(self) -> AccessSubject:
        return AccessSubject(citizen_id=self.citizen_id)


class AcuteCall(models.Model):
    """A call to the acute phone line, logged at any hour by the line's staff."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("opkaldet kom"))
    caller_name = models.CharField(_("borgerens navn"), max_length=200)
    caller_contact = models.CharField(_("telefon eller anden kontakt"), max_length=300, blank=True)
    summary = models.TextField(_("kort om opkaldet"), blank=True)
    accepts_next_day_offer = models.BooleanField(_("tager imod næste dags tilbud"))
    referral = models.OneToOneField(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="acute_call"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("opkald til akuttelefonen")
        verbose_name_plural = _("opkald til akuttelefonen")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M}"

    def access_log_subject(self) -> AccessSubject:
        citizen_id = self.referral.citizen_id if self.referral_id and self.referral else None
        return AccessSubject(citizen_id=citizen_id)
