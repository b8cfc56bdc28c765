"""Eligibility for a service, shown at triage as flags, never as blocks (§ 82 b: "fortrinsvis"
26 or older; a lasting need belongs with the granting authority; the citizen must take part)."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from sporskifte.referrals.models import Referral


@dataclass(frozen=True)
class Flag:
    code: str
    message: str


def eligibility_flags(referral: Referral, *, on: dt.date | None = None) -> list[Flag]:
    day = on or timezone.localdate()
    flags = []
    service = referral.service
    citizen = referral.citizen
    if service is not None and service.preferred_min_age:
        age = citizen.age_on(day) if citizen is not None else None
        if age is None:
            flags.append(Flag("age_unknown", _("Alderen kendes ikke (intet CPR-nummer endnu).")))
        elif age < service.preferred_min_age:
            flags.append(
                Flag(
                    "under_preferred_age",
                    _(
                        "Borgeren er %(age)s år; tilbuddet er fortrinsvis for borgere fra %(min)s år."
                    )
                    % {"age": age, "min": service.preferred_min_age},
                )
            )
    if referral.signs_of_lasting_need:
        flags.append(
            Flag(
                "lasting_need",
                _("Der er tegn på et varigt behov: overvej at inddrage bevillingsmyndigheden."),
            )
        )
    if referral.agrees_to_take_part is None:
        flags.append(
            Flag(
                "participation_unknown", _("Det er ikke afklaret, om borgeren vil deltage aktivt.")
            )
        )
    elif not referral.agrees_to_take_part:
        flags.append(
            Flag("no_participation", _("Borgeren ønsker ikke at deltage aktivt i indsatsen."))
        )
    return flags
