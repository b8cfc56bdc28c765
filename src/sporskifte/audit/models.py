from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Reasons for access that involve no unit (the citizen themself, a system job, the public form,
# administration) and rows written before the relation was logged. Every other row names the
# unit whose relation gave access; the database refuses a row with neither.
REASONS_WITHOUT_UNIT = ("self", "system", "public", "organisation", "legacy")


class AccessLog(models.Model):
    """One use of personal data: a read, a write or a search. Append-only: the app has no path
    that changes or deletes a row and database triggers refuse UPDATE (and, on PostgreSQL,
    DELETE). See docs/access-log.md."""

    class Action(models.TextChoices):
        READ = "read", _("Læst")
        CREATE = "create", _("Oprettet")
        UPDATE = "update", _("Ændret")
        SEARCH = "search", _("Søgt")

    at = models.DateTimeField(_("tidspunkt (UTC)"), default=timezone.now, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bruger"),
        help_text=_("Tom for handlinger uden en medarbejder, fx en borgers egen henvendelse."),
    )
    action = models.CharField(_("handling"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("objekttype"), max_length=100)
    object_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    # Plain numbers, not foreign keys: the log must outlive a deleted record.
    citizen_id = models.BigIntegerField(_("borger-id"), null=True, blank=True)
    course_id = models.BigIntegerField(_("forløb-id"), null=True, blank=True)
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enhed"),
        help_text=_("Den enhed hvis relation til borgeren gav adgangen."),
    )
    # The kind of relation that gave access (sporskifte.access.policy.Relation).
    reason = models.CharField(_("grund"), max_length=20)
    purpose = models.CharField(_("formål"), max_length=200)
    # What a search looked for; never a CPR number (a CPR look-up says only that it was one).
    criteria = models.CharField(_("søgekriterier"), max_length=300, blank=True)

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
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(reason__in=REASONS_WITHOUT_UNIT),
                name="accesslog_unit_or_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class SecurityEvent(models.Model):
    """Sign-ins (successful and failed), lockouts, sign-outs and refused accesses, kept
    durably (the lockout counter forgets failures after a success; this table does not).
    Append-only like the access log. Holds no citizen data: a refused access keeps the path,
    which carries ids only."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", _("Logget ind")
        SIGN_IN_FAILED = "sign_in_failed", _("Forkert brugernavn eller adgangskode")
        LOCKED_OUT = "locked_out", _("Spærret efter for mange forsøg")
        SIGNED_OUT = "signed_out", _("Logget ud")
        ACCESS_REFUSED = "access_refused", _("Adgang afvist eller findes ikke (404)")
        ROLE_CHANGED = "role_changed", _("Rolle givet, ændret eller fjernet")
        SSO_REFUSED = "sso_refused", _("Single sign-on afvist")
        MFA_ENROLLED = "mfa_enrolled", _("Anden faktor tilføjet")
        MFA_REMOVED = "mfa_removed", _("Anden faktor fjernet")
        MFA_FAILED = "mfa_failed", _("Forkert kode til anden faktor")
        RECOVERY_CODE_USED = "recovery_code_used", _("Gendannelseskode brugt")
        PASSWORD_CHANGED = "password_changed", _("Adgangskode skiftet")
        SESSION_ENDED = "session_ended", _("Session afsluttet")
        USER_DEACTIVATED = "user_deactivated", _("Bruger deaktiveret")
        TOKEN_ISSUED = "token_issued", _("API-nøgle udstedt")
        TOKEN_REVOKED = "token_revoked", _("API-nøgle tilbagekaldt")

    at = models.DateTimeField(_("tidspunkt (UTC)"), default=timezone.now, editable=False)
    kind = models.CharField(_("hændelse"), max_length=30, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bruger"),
    )
    # The user name tried at a sign-in; for a role change, whose role changed.
    username = models.CharField(_("brugernavn"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("adresse"), null=True, blank=True)
    method = models.CharField(_("metode"), max_length=10, blank=True)
    path = models.CharField(_("sti"), max_length=300, blank=True)
    # Why, in a few fixed English words (a refused single sign-on: "expired", "bad signature");
    # never personal data.
    detail = models.CharField(_("detalje"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("sikkerhedshændelse")
        verbose_name_plural = _("sikkerhedslog")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["-at"], name="securityevent_at"),
            models.Index(fields=["username", "-at"], name="securityevent_username_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.username}"
