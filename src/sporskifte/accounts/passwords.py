"""Password rules beyond Django's own, set in AUTH_PASSWORD_VALIDATORS so that changing one's
own password, the administration's user forms and `changepassword` all keep them.

- A password found in breaches is refused (ASVS 6.2.12): the list ships with the code
  (data/breached-passwords.txt.gz, from SecLists, MIT; see docs/security.md), so the check
  needs no network and sends the password nowhere.
- A password that is or contains a word anyone near the user could guess is refused
  (ASVS 6.2.11): the user's names, the e-mail's local part, the municipality's name and the
  system's own name."""

import gzip
import hashlib
import re
from array import array
from bisect import bisect_left
from functools import cache
from pathlib import Path

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sporskifte.organisation.models import Municipality

BREACHED_LIST = Path(__file__).resolve().parent / "data" / "breached-passwords.txt.gz"
SYSTEM_NAME = "sporskifte"
# Shorter parts of a name (initials, "la", "de") would refuse too many good passwords.
SHORTEST_CONTEXT_WORD = 3


def _digest(password: str) -> int:
    return int.from_bytes(hashlib.blake2b(password.encode(), digest_size=8).digest(), "big")


@cache
def breached_password_digests() -> array:
    """The list as sorted 64-bit digests, read once per process: some 3 MB in memory instead
    of the 40 MB a set of 400,000 strings takes. A chance collision (about 1 in 10^13 per
    check) would only refuse a good password."""
    with gzip.open(BREACHED_LIST, "rt", encoding="utf-8") as lines:
        return array("Q", sorted(_digest(line.rstrip("\n")) for line in lines if line.strip()))


def is_breached(password: str) -> bool:
    """Case-insensitive: the list is in lower case, as "Password1" is as weak as "password1"."""
    digests = breached_password_digests()
    wanted = _digest(password.lower())
    index = bisect_left(digests, wanted)
    return index < len(digests) and digests[index] == wanted


class BreachedPasswordValidator:
    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        if is_breached(password):
            raise ValidationError(
                _(
                    "Adgangskoden findes på en liste over adgangskoder, der er lækket ved "
                    "hackerangreb. Vælg en anden."
                ),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return _("Adgangskoden må ikke være en, der er lækket ved hackerangreb.")


def _words_in(text: str) -> set[str]:
    text = text.lower().strip()
    if not text:
        return set()
    return {text} | {part for part in re.split(r"[\W_]+", text) if part}


def context_words(user: AbstractBaseUser | None) -> set[str]:
    """The words a password may neither be nor contain, in lower case."""
    words = {SYSTEM_NAME}
    for name in Municipality.objects.values_list("name", flat=True):
        words |= _words_in(name)
    if user is not None:
        email = str(getattr(user, "email", "") or "")
        for value in (
            user.get_username() or "",
            str(getattr(user, "first_name", "") or ""),
            str(getattr(user, "last_name", "") or ""),
            email.partition("@")[0],
        ):
            words |= _words_in(value)
    return {word for word in words if len(word) >= SHORTEST_CONTEXT_WORD}


class ContextWordsValidator:
    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        lowered = password.lower()
        if any(word in lowered for word in context_words(user)):
            raise ValidationError(
                _(
                    "Adgangskoden må ikke indeholde dit navn, dit brugernavn, din "
                    "e-mailadresse, kommunens navn eller »Sporskifte«."
                ),
                code="password_context_word",
            )

    def get_help_text(self) -> str:
        return _(
            "Adgangskoden må ikke indeholde dit navn, dit brugernavn, din e-mailadresse, "
            "kommunens navn eller »Sporskifte«."
        )
