from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    """One read or write of personal data. Append-only: the app has no path that changes or
    deletes a row, the admin is read-only, and database triggers refuse UPDATE (and, on
    PostgreSQL, DELETE). See docs/access-log.md."""

    class Action(models.TextChoices):
        READ = "read", _("Læst")
        CREATE = "create", _("Oprettet")
        UPDATE = "update", _("Ændret")

    at = models.DateTimeField(_("tidspunkt (UTC)"), default=timezone.now, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bruger"),
        help_text=_("Tom for handlinger uden login, fx en borgers egen henvendelse."),
    )
    action = models.CharField(_("handling"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("objekttype"), max_length=100)
    object_id = models.CharField(_("objekt-id"), max_length=64)
    # A plain number, not a foreign key: the log must outlive a deleted citizen record.
    citizen_id = models.BigIntegerField(_("borger-id"), null=True, blank=True)
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enhed"),
        help_text=_("Den enhed hvis tilknytning gav adgangen."),
    )
    purpose = models.CharField(_("formål"), max_length=200)

    class Meta:
        verbose_name = _("adgangslogpost")
        verbose_name_plural = _("adgangslog")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["-at"], name="accesslog_at"),
            models.Index(fields=["citizen_id", "-at"], name="accesslog_citizen_at"),
            models.Index(fields=["actor", "-at"], name="accesslog_actor_at"),
            models.Index(fields=["unit", "-at"], name="accesslog_unit_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"
