from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CitizenRelation(models.Model):
    """A reason a unit has to a citizen: it registered the citizen, received a referral of the
    citizen, or is the granting authority a course was handed to.

    The services that create those things write the relation in the same transaction; the
    policy (access.policy) says what a member of the unit may do through it. `citizen_id` is a
    plain number like the access log's, so this app sits below the citizens app."""

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Registrering")
        REFERRAL = "referral", _("Henvendelse")
        ESCALATION = "escalation", _("Overdragelse til bevillingsmyndigheden")

    citizen_id = models.BigIntegerField(_("borger-id"))
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhed")
    )
    kind = models.CharField(_("grund"), max_length=20, choices=Kind.choices)
    # The id of what gave the reason: the citizen (registration), referral or escalation.
    source_id = models.BigIntegerField()
    since = models.DateTimeField(_("fra"), default=timezone.now)
    until = models.DateTimeField(_("til"), null=True, blank=True)

    class Meta:
        verbose_name = _("relation til borger")
        verbose_name_plural = _("relationer til borgere")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_id", "unit"], name="citizen_relation_one_per_source"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="citizen_relation_until_after_since",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "citizen_id"], name="citizen_relation_unit"),
            models.Index(fields=["citizen_id", "unit"], name="citizen_relation_citizen"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.unit_id} → {self.citizen_id}"
