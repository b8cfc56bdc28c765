import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sporskifte.access.policy import READING, Action


class User(AbstractUser):
    """A staff member. Own model from the start so MFA and single sign-on fit later."""

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only a SHA-256 digest is stored: the token is
    random (256 bits), so a slow hash adds nothing, and the plain token is shown once.
    It works until it expires or is revoked, and only while its user may sign in."""

    class Scope(models.TextChoices):
        READ = "read", _("Kun læse")
        READ_WRITE = "read_write", _("Læse og skrive")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktiv")
        EXPIRED = "expired", _("Udløbet")
        REVOKED = "revoked", _("Tilbagekaldt")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("navn"), max_length=100, blank=True)
    prefix = models.CharField(_("præfiks"), max_length=12, unique=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(_("adgang"), max_length=10, choices=Scope.choices)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    expires_at = models.DateTimeField(_("udløber"))
    last_used_at = models.DateTimeField(_("sidst brugt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def actions(self) -> frozenset[Action] | None:
        """What the scope caps the principal to (None: whatever the user's roles allow)."""
        return READING if self.scope == self.Scope.READ else None

    @property
    def status(self) -> "ApiToken.Status":
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.ACTIVE

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
