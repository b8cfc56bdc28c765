"""Settings, read from the environment (and a local `.env` outside tests).

ENVIRONMENT is one of production (the default, so a forgotten variable fails safe),
demo, development or test. Production refuses to start without a real SECRET_KEY
and ALLOWED_HOSTS.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent

ENVIRONMENTS = ("production", "demo", "development", "test")
INSECURE_SECRET_KEYS = {"", "change-me", "changeme", "secret", "insecure", "django-insecure"}

env = environ.Env()
if env.str("ENVIRONMENT", default="") != "test":
    # Tests never read a developer's .env: their settings must not depend on a local file.
    environ.Env.read_env(env.str("ENV_FILE", default=str(PROJECT_DIR / ".env")))

ENVIRONMENT = env.str("ENVIRONMENT", default="production")
if ENVIRONMENT not in ENVIRONMENTS:
    raise ImproperlyConfigured(f"ENVIRONMENT must be one of {', '.join(ENVIRONMENTS)}.")
IS_PRODUCTION = ENVIRONMENT == "production"
DEMO_MODE = ENVIRONMENT in ("demo", "development")

DEBUG = env.bool("DEBUG", default=ENVIRONMENT == "development")
if IS_PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

if ENVIRONMENT == "test":
    SECRET_KEY = env.str(
        "SECRET_KEY", default="test-only-secret-key-not-for-any-real-use-0123456789"
    )
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if (
        SECRET_KEY.lower() in INSECURE_SECRET_KEYS
        or SECRET_KEY.startswith("django-insecure")
        or len(SECRET_KEY) < 50
    ):
        raise ImproperlyConfigured(
            "SECRET_KEY is missing, a known default or shorter than 50 characters. "
            "Set a long random SECRET_KEY in the environment."
        )

if IS_PRODUCTION:
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "sporskifte.accounts.admin_config.SporskifteAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "djangosaml2",
    "ninja",  # serves the API docs page from its own static files, not a CDN
    "sporskifte.core",
    "sporskifte.accounts",
    "sporskifte.organisation",
    "sporskifte.audit",
    "sporskifte.access",
    "sporskifte.citizens",
    "sporskifte.referrals",
    "sporskifte.courses",
    "sporskifte.plans",
    "sporskifte.assessments",
    "sporskifte.reports",
    "sporskifte.api",
    "sporskifte.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sporskifte.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sporskifte.accounts.session_activity.SessionLifetimeMiddleware",
    "sporskifte.audit.middleware.RefusedAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sporskifte.accounts.session.KeepFormThroughSignInMiddleware",
    "djangosaml2.middleware.SamlSessionMiddleware",
    # After authentication: a signed-in user who owes a second factor reaches nothing else.
    "sporskifte.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sporskifte.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sporskifte.urls"
WSGI_APPLICATION = "sporskifte.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sporskifte.access.context_processors.navigation",
                "sporskifte.accounts.session.session_context",
                "sporskifte.organisation.context_processors.accessibility_statement",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{PROJECT_DIR / 'sporskifte.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Last: it signs nobody in; it answers the administration's permissions by the policy.
    "sporskifte.accounts.backends.PolicyPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Length and lists, no composition rules (ASVS 6.2.5): a long password of digits only is fine.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # A breached password (a list shipped with the code) and the user's own context words.
    {"NAME": "sporskifte.accounts.passwords.BreachedPasswordValidator"},
    {"NAME": "sporskifte.accounts.passwords.ContextWordsValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:start"

# Lock an account (per username and client address) after repeated failed sign-ins.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

# API tokens: the lifetime a token gets when none is asked for, and the longest allowed.
API_TOKEN_DEFAULT_DAYS = env.int("API_TOKEN_DEFAULT_DAYS", default=90)
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)
if not 1 <= API_TOKEN_DEFAULT_DAYS <= API_TOKEN_MAX_DAYS:
    raise ImproperlyConfigured("API_TOKEN_DEFAULT_DAYS must be between 1 and API_TOKEN_MAX_DAYS.")
# Second factor (docs/security.md, "Totrinsbekræftelse (MFA)"): these membership roles must
# have one; a failed code counts towards the same limit and cool-off as a wrong password.
MFA_REQUIRED_ROLES = env.list("MFA_REQUIRED_ROLES", default=["administrator", "leader"])
# The passkeys' relying party: this site's domain (empty: the host the request came to).
WEBAUTHN_RP_ID = env.str("WEBAUTHN_RP_ID", default="")
WEBAUTHN_RP_NAME = env.str("WEBAUTHN_RP_NAME", default="Sporskifte")
OTP_TOTP_ISSUER = WEBAUTHN_RP_NAME
# One lockout for every factor (ours, counted per user); django-otp's own growing delay
# after each failure would make a correct code fail for reasons the user cannot see.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# Nobody, a superuser included, reads a user's TOTP secret back from the administration.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Idle timeout: every request renews the session, so it ends after this many idle seconds.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
# Absolute lifetime: a session ends this many hours after the sign-in, however active.
SESSION_ABSOLUTE_LIFETIME_HOURS = env.int("SESSION_ABSOLUTE_LIFETIME_HOURS", default=10)
# Database sessions keyed by a digest of the key, so one can be ended from the sessions page.
SESSION_ENGINE = "sporskifte.accounts.session_store"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Copenhagen")
USE_I18N = True
USE_TZ = True
# Dates in Danish style ("24. nov. 2026"); see core/formats.
FORMAT_MODULE_PATH = ["sporskifte.core.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=PROJECT_DIR / "staticfiles")
NODE_MODULES = PROJECT_DIR / "node_modules"
STATICFILES_DIRS = [
    ("dkfds", NODE_MODULES / "dkfds" / "dist"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
    BASE_DIR / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if ENVIRONMENT == "test"
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Which municipality the public pages show when more than one is loaded.
PUBLIC_MUNICIPALITY = env.str("PUBLIC_MUNICIPALITY", default="")
# The footer's "Tilgængelighedserklæring" (the web accessibility act): this site's statement
# on was.digst.dk; empty means the public municipality's own short address, <website>/was.
ACCESSIBILITY_STATEMENT_URL = env.str("ACCESSIBILITY_STATEMENT_URL", default="")

# CPR numbers are stored encrypted (Fernet; the first key encrypts, every key decrypts, so keys
# can be rotated) and found again by a keyed HMAC-SHA256 digest. Production must set both;
# elsewhere they are derived from SECRET_KEY so the demo and tests need no setup.
CPR_ENCRYPTION_KEYS = env.list("CPR_ENCRYPTION_KEYS", default=[])
CPR_LOOKUP_KEY = env.str("CPR_LOOKUP_KEY", default="")
if IS_PRODUCTION and (not CPR_ENCRYPTION_KEYS or len(CPR_LOOKUP_KEY) < 32):
    raise ImproperlyConfigured(
        "Set CPR_ENCRYPTION_KEYS (Fernet keys, comma-separated) and CPR_LOOKUP_KEY "
        "(at least 32 random characters) in production."
    )

# The cache holds the self-referral rate limits; use a shared cache (e.g. a database or Redis
# CACHE_URL) when several app processes serve the public form (docs/operations.md). Only saved
# referrals count: per client address, and all addresses together against a flood.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://sporskifte")}
SELF_REFERRALS_PER_HOUR = env.int("SELF_REFERRALS_PER_HOUR", default=5)
SELF_REFERRALS_PER_HOUR_ALL = env.int("SELF_REFERRALS_PER_HOUR_ALL", default=60)
SELF_REFERRAL_MIN_SECONDS = env.int("SELF_REFERRAL_MIN_SECONDS", default=3)

# Caseload warnings: weeks before a course's cap, days after start without an agreed coping
# plan, days without contact (a held appointment or a journal note).
COURSE_CAP_WARNING_DAYS = env.int("COURSE_CAP_WARNING_DAYS", default=28)
COURSE_PLAN_DUE_DAYS = env.int("COURSE_PLAN_DUE_DAYS", default=14)
COURSE_NO_CONTACT_DAYS = env.int("COURSE_NO_CONTACT_DAYS", default=21)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if IS_PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Single sign-on for staff (SAML 2.0, the OIOSAML 3 profile), e.g. through KOMBIT's Context
# Handler. Off unless the IdP's metadata and the SP's entity id, key and certificate are all
# given; docs/operations.md, "Single sign-on (SAML)".
SAML_IDP_METADATA_URL = env.str("SAML_IDP_METADATA_URL", default="")
SAML_IDP_METADATA_FILE = env.str("SAML_IDP_METADATA_FILE", default="")
SAML_SP_ENTITY_ID = env.str("SAML_SP_ENTITY_ID", default="")
# This site's public address (https://sporskifte.example.dk): the endpoints in the metadata.
SAML_SP_BASE_URL = env.str("SAML_SP_BASE_URL", default="")
SAML_SP_KEY_FILE = env.str("SAML_SP_KEY_FILE", default="")
SAML_SP_CERT_FILE = env.str("SAML_SP_CERT_FILE", default="")
# Optional: a separate key pair the IdP encrypts assertions to (the signing pair otherwise).
SAML_SP_ENCRYPTION_KEY_FILE = env.str("SAML_SP_ENCRYPTION_KEY_FILE", default="")
SAML_SP_ENCRYPTION_CERT_FILE = env.str("SAML_SP_ENCRYPTION_CERT_FILE", default="")
# Attribute names in the assertion (OIOSAML 3 defaults); an empty user-id name uses NameID.
SAML_ATTRIBUTE_USER_ID = env.str(
    "SAML_ATTRIBUTE_USER_ID",
    default="https://data.gov.dk/model/core/eid/professional/uuid/persistent",
)
SAML_ATTRIBUTE_ROLES = env.str(
    "SAML_ATTRIBUTE_ROLES", default="https://data.gov.dk/model/core/eid/privilegesIntermediate"
)
SAML_ATTRIBUTE_NSIS_LEVEL = env.str(
    "SAML_ATTRIBUTE_NSIS_LEVEL", default="https://data.gov.dk/concept/core/nsis/loa"
)
SAML_ATTRIBUTE_FIRST_NAME = env.str(
    "SAML_ATTRIBUTE_FIRST_NAME", default="https://data.gov.dk/model/core/eid/firstName"
)
SAML_ATTRIBUTE_LAST_NAME = env.str(
    "SAML_ATTRIBUTE_LAST_NAME", default="https://data.gov.dk/model/core/eid/lastName"
)
SAML_ATTRIBUTE_EMAIL = env.str(
    "SAML_ATTRIBUTE_EMAIL", default="https://data.gov.dk/model/core/eid/email"
)
# Whose job-function roles the assertion's role names are looked up in (a municipality slug).
SAML_MUNICIPALITY = env.str("SAML_MUNICIPALITY", default="herning")
# Whom a signed-in user without a mapped role is told to contact (the "no access" page).
SAML_NO_ACCESS_CONTACT = env.str("SAML_NO_ACCESS_CONTACT", default="")
# Clock skew allowed between this server and the IdP, in seconds.
SAML_ACCEPTED_TIME_DIFF = env.int("SAML_ACCEPTED_TIME_DIFF", default=60)
SAML_CONFIG_LOADER = "sporskifte.accounts.saml.sp_config_for_request"
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_SESSION_COOKIE_NAME = "sporskifte_saml"
# The IdP POSTs back from another site: the small SAML session (outstanding request ids)
# needs SameSite=None, which browsers accept only on a Secure cookie, so Lax over plain HTTP.
SAML_SESSION_COOKIE_SAMESITE = "None" if IS_PRODUCTION else "Lax"
SAML_CSP_HANDLER = ""

NINJA_PAGINATION_PER_PAGE = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Noisy at INFO; their progress messages carry nothing an operator needs.
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "matplotlib": {"level": "WARNING"},
        "xmlschema": {"level": "WARNING"},
    },
}
