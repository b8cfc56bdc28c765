"""Single sign-on for staff: the SAML 2.0 service provider's configuration (OIOSAML 3 profile)
and what an assertion says about its user. pysaml2 checks signatures, lifetimes, audience and
InResponseTo; this module only shapes its configuration and reads the attributes it verified."""

import base64
import binascii
import functools
import logging
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

import saml2
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import Http404, HttpRequest
from django.urls import reverse
from saml2 import xmldsig
from saml2.config import SPConfig
from saml2.saml import NAMEID_FORMAT_PERSISTENT

from sporskifte.accounts.authn import NSIS_LEVELS
from sporskifte.core.validation import control_character_error

logger = logging.getLogger(__name__)

XMLSEC_BINARY = "/usr/bin/xmlsec1"
# OIOSAML 3 asks for the professional profile in the AuthnRequest's RequestedAuthnContext.
PROFESSIONAL_PROFILE = "https://data.gov.dk/eid/Professional"
# The OIO Basic Privilege Profile: a PrivilegeList of PrivilegeGroups, each with Privileges.
BPP_PRIVILEGE = "Privilege"
# Longest value of one attribute we read (a privilege list for many roles stays far below).
MAX_ATTRIBUTE_LENGTH = 100_000


def sso_configured() -> bool:
    return bool(
        (settings.SAML_IDP_METADATA_URL or settings.SAML_IDP_METADATA_FILE)
        and settings.SAML_SP_ENTITY_ID
        and settings.SAML_SP_KEY_FILE
        and settings.SAML_SP_CERT_FILE
    )


def sp_config_for_request(request: HttpRequest | None) -> SPConfig:
    """djangosaml2's config loader (SAML_CONFIG_LOADER). 404 while SSO is not configured, so
    the SAML addresses do not exist then."""
    if not sso_configured():
        raise Http404
    base = settings.SAML_SP_BASE_URL.rstrip("/")
    if not base and request is not None:
        base = request.build_absolute_uri("/").rstrip("/")
    try:
        return _sp_config(base, _settings_key())
    except Exception as error:
        # Unreachable or broken IdP metadata, an unreadable key: not cached, so the next
        # request tries again.
        logger.exception("Single sign-on configuration could not be loaded.")
        raise SsoUnavailable from error


class SsoUnavailable(Exception):
    """Single sign-on is configured but cannot be used now (see the log for why)."""


def _settings_key() -> tuple[Any, ...]:
    # The configuration is cached per process (loading remote metadata is slow); a change of
    # any setting (tests, a reload) gives a new one.
    return tuple(
        getattr(settings, name)
        for name in (
            "SAML_IDP_METADATA_URL",
            "SAML_IDP_METADATA_FILE",
            "SAML_SP_ENTITY_ID",
            "SAML_SP_KEY_FILE",
            "SAML_SP_CERT_FILE",
            "SAML_SP_ENCRYPTION_KEY_FILE",
            "SAML_SP_ENCRYPTION_CERT_FILE",
            "SAML_ACCEPTED_TIME_DIFF",
        )
    )


@functools.lru_cache(maxsize=8)
def _sp_config(base: str, key: tuple[Any, ...]) -> SPConfig:
    def url(name: str) -> str:
        return base + reverse(name)

    metadata: dict[str, Any] = (
        {"remote": [{"url": settings.SAML_IDP_METADATA_URL}]}
        if settings.SAML_IDP_METADATA_URL
        else {"local": [settings.SAML_IDP_METADATA_FILE]}
    )
    encryption_key = settings.SAML_SP_ENCRYPTION_KEY_FILE or settings.SAML_SP_KEY_FILE
    encryption_cert = settings.SAML_SP_ENCRYPTION_CERT_FILE or settings.SAML_SP_CERT_FILE
    conf = SPConfig()
    conf.load(
        {
            "entityid": settings.SAML_SP_ENTITY_ID,
            "xmlsec_binary": XMLSEC_BINARY,
            "metadata": metadata,
            "key_file": settings.SAML_SP_KEY_FILE,
            "cert_file": settings.SAML_SP_CERT_FILE,
            "encryption_keypairs": [{"key_file": encryption_key, "cert_file": encryption_cert}],
            "accepted_time_diff": settings.SAML_ACCEPTED_TIME_DIFF,
            "allow_unknown_attributes": True,
            "service": {
                "sp": {
                    "name": "Sporskifte",
                    "endpoints": {
                        "assertion_consumer_service": [
                            (url("accounts:saml_acs"), saml2.BINDING_HTTP_POST)
                        ],
                        "single_logout_service": [
                            (url("accounts:saml_sls"), saml2.BINDING_HTTP_REDIRECT),
                            (url("accounts:saml_sls"), saml2.BINDING_HTTP_POST),
                        ],
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    # OIOSAML 3: signed requests, signed assertions, nothing unsolicited.
                    "authn_requests_signed": True,
                    "logout_requests_signed": True,
                    "logout_responses_signed": True,
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                    "allow_unsolicited": False,
                    "signing_algorithm": xmldsig.SIG_RSA_SHA256,
                    "digest_algorithm": xmldsig.DIGEST_SHA256,
                    "requested_authn_context": {
                        "authn_context_class_ref": [PROFESSIONAL_PROFILE],
                        "comparison": "minimum",
                    },
                }
            },
        }
    )
    return conf


class SamlRefused(Exception):
    """An assertion we cannot sign anyone in with; `reason` goes to the security log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SamlIdentity:
    username: str
    first_name: str
    last_name: str
    email: str
    roles: frozenset[str]
    nsis_level: str | None


def identity_of(session_info: dict[str, Any]) -> SamlIdentity:
    """The user an assertion pysaml2 has verified describes; SamlRefused if it names none."""
    attributes: dict[str, list[str]] = session_info.get("ava") or {}

    def values(name: str) -> list[str]:
        """The attribute's values that are one line of text (XML may carry tabs, line breaks
        and C1 characters as entities; no name, e-mail or role holds one)."""
        found = attributes.get(name, []) if name else []
        texts = [str(v).strip() for v in found if v is not None]
        return [
            text
            for text in texts
            if len(text) <= MAX_ATTRIBUTE_LENGTH
            and control_character_error(text, multiline=False) is None
        ]

    def first(name: str, limit: int) -> str:
        found = values(name)
        return found[0][:limit] if found else ""

    if settings.SAML_ATTRIBUTE_USER_ID:
        username = first(settings.SAML_ATTRIBUTE_USER_ID, 1000)
    else:
        name_id = session_info.get("name_id")
        username = str(getattr(name_id, "text", "") or "").strip()
    if not username or len(username) > 150 or not username.isprintable():
        raise SamlRefused("no usable user id")
    level = first(settings.SAML_ATTRIBUTE_NSIS_LEVEL, 20).lower()
    roles: set[str] = set()
    for value in values(settings.SAML_ATTRIBUTE_ROLES):
        roles.update(privileges_in(value))
    return SamlIdentity(
        username=username,
        first_name=first(settings.SAML_ATTRIBUTE_FIRST_NAME, 150),
        last_name=first(settings.SAML_ATTRIBUTE_LAST_NAME, 150),
        email=_email_or_nothing(first(settings.SAML_ATTRIBUTE_EMAIL, 254)),
        roles=frozenset(role for role in roles if role and len(role) <= 300),
        nsis_level=level if level in NSIS_LEVELS else None,
    )


def _email_or_nothing(value: str) -> str:
    """An address the IdP sends is kept only if it is one; a sign-in does not fail on it."""
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def privileges_in(value: str) -> list[str]:
    """The role names in one roles attribute value: an OIO Basic Privilege Profile list
    (base64 XML, as KOMBIT's Context Handler and OIOSAML 3 send it) or a plain role name
    (as e.g. Entra ID sends app roles or groups)."""
    try:
        decoded = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return [value]
    if not decoded.lstrip().startswith(b"<"):
        return [value]
    try:
        # The value came inside a signed assertion; ElementTree resolves no external entities.
        root = ElementTree.fromstring(decoded)  # noqa: S314
    except ElementTree.ParseError:
        return [value]
    return [
        (element.text or "").strip()
        for element in root.iter()
        if element.tag.rsplit("}", 1)[-1] == BPP_PRIVILEGE
    ]
