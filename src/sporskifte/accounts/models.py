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


class UserSession(models.Model):
    """A signed-in session, so its user can see and end it (ASVS 7.5.2) and an administrator
    can end all of a user's. Only a digest of the session key is kept (the session store is
    keyed by the same digest); the user agent only as browser and operating system."""

    class EndReason(models.TextChoices):
        SIGNED_OUT = "signed_out", _("Logget ud")
        ENDED_BY_USER = "ended_by_user", _("Afsluttet af brugeren")
        ENDED_BY_ADMINISTRATOR = "ended_by_administrator", _("Afsluttet af en administrator")
        PASSWORD_CHANGED = "password_changed", _("Adgangskoden blev skiftet")
        USER_DEACTIVATED = "user_deactivated", _("Brugeren blev deaktiveret")
        LIFETIME = "lifetime", _("Sessionens længste levetid nået")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("bruger"),
    )
    key_digest = models.CharField(max_length=40, unique=True, editable=False)
    signed_in_at = models.DateTimeField(_("logget ind"))
    last_seen_at = models.DateTimeField(_("sidst set"))
    address = models.GenericIPAddressField(_("adresse"), null=True, blank=True)
    browser = models.CharField(_("browser"), max_length=50, blank=True)
    operating_system = models.CharField(_("styresystem"), max_length=50, blank=True)
    ended_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    end_reason = models.CharField(
        _("afsluttet fordi"), max_length=30, choices=EndReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessioner")
        ordering = ["-last_seen_at"]
        indexes = [models.Index(fields=["user", "ended_at"], name="usersession_user_ended")]

    def __str__(self) -> str:
        return f"{self.user} – {self.signed_in_at:%Y-%m-%d %H:%M}"


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
