"""What a session knows about how its user signed in. Written once at sign-in (password or
SAML) and when a second factor is verified; read by the MFA requirement and the session
lifetime. One set of keys, so the sign-in ways and the checks cannot drift apart."""

# When the user signed in, ISO 8601 in UTC: the absolute session lifetime counts from here.
SESSION_SIGNED_IN_AT = "authn_signed_in_at"
# How: "password" or "saml".
SESSION_METHOD = "authn_method"
# The NSIS assurance level a SAML assertion carried: "low", "substantial" or "high".
SESSION_NSIS_LEVEL = "authn_nsis_level"
# When a second factor was verified in this session, ISO 8601 in UTC.
SESSION_MFA_VERIFIED_AT = "authn_mfa_verified_at"

NSIS_LEVELS = ("low", "substantial", "high")


def nsis_at_least_substantial(level: str | None) -> bool:
    """NSIS "betydelig" or "høj" already includes a second factor (NSIS 2.0, 2.2.3)."""
    return level in ("substantial", "high")
