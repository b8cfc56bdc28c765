"""CPR numbers: validation, encryption at rest, keyed look-up digest and masking.

Validation follows python-stdnum (ten digits, a real birth date, the century from the 7th
digit); modulus-11 is deliberately not checked, because numbers issued since 2007 may fail
it. No message raised here contains the number.
"""

import base64
import hashlib
import hmac
from datetime import date
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.translation import gettext as _
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError as StdnumError

from sporskifte.core.errors import InvalidInput


def cpr_normalise(raw: str) -> str:
    """The ten digits of a valid CPR number; InvalidInput on the field `cpr` otherwise."""
    try:
        return stdnum_cpr.validate(raw)
    except StdnumError:
        raise InvalidInput(
            fields={
                "cpr": [
                    _(
                        "Skriv et gyldigt CPR-nummer: fødselsdatoen (DDMMÅÅ) og 4 cifre, med en rigtig dato."
                    )
                ]
            }
        ) from None


def cpr_birth_date(cpr: str) -> date:
    return stdnum_cpr.get_birth_date(cpr)


def cpr_masked_from_birth_date(birth_date: date) -> str:
    return f"{birth_date:%d%m%y}-xxxx"


def cpr_encrypt(cpr: str) -> str:
    return _fernet().encrypt(cpr.encode()).decode()


def cpr_decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise RuntimeError("A CPR number cannot be decrypted with the configured keys.") from None


def cpr_digest(cpr: str) -> str:
    """A keyed digest for exact look-up: equal numbers give equal digests; without the key
    the digest cannot be reversed by trying all ~3.6 million numbers of a birth date."""
    return hmac.new(_lookup_key(), cpr.encode(), hashlib.sha256).hexdigest()


@cache
def _fernet() -> MultiFernet:
    keys = settings.CPR_ENCRYPTION_KEYS or [_derived("cpr-encryption")]
    return MultiFernet([Fernet(key) for key in keys])


@cache
def _lookup_key() -> bytes:
    return (settings.CPR_LOOKUP_KEY or _derived("cpr-lookup")).encode()


def _derived(purpose: str) -> str:
    """A key derived from SECRET_KEY, for demo and tests only (production refuses to start
    without its own keys)."""
    digest = hashlib.sha256(f"{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()
