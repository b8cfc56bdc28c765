import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A staff member. Own model from the start so MFA and single sign-on fit later."""

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only a SHA-256 digest is stored: the token is
    random (256 bits), so a slow hash adds nothing, and the plain token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("navn"), max_length=100, blank=True)
    prefix = models.CharField(_("præfiks"), max_length=12, unique=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("sidst brugt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class Passkey(models.Model):
    """A WebAuthn credential (a passkey or a security key) registered as a second factor.
    TOTP and recovery codes live in django-otp's own device tables."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passkeys"
    )
    name = models.CharField(_("navn"), max_length=100)
    # The authenticator's id for the credential, base64url as the browser sends it.
    credential_id = models.CharField(max_length=1400, unique=True)
    public_key = models.BinaryField()
    # Rises with each use on authenticators that count; a fall means a cloned key.
    sign_count = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(_("tilføjet"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("sidst brugt"), null=True, blank=True)

    class Meta:
        verbose_name = _("adgangsnøgle")
        verbose_name_plural = _("adgangsnøgler")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name


class SecondFactorFailures(models.Model):
    """Wrong second-factor codes in a row for one user, and until when the user is locked
    out after too many: the password lockout's rule, applied to the second step."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.count}"
