"""Track routing: which track (spor) a citizen's situation points to, from the municipality's
rules in its organisation file. The rule, in one place:

- a rule fires when every condition it states holds (an unstated condition matches anything;
  an unknown fact about the citizen matches no stated condition);
- no rule fires, or rules that fire point to different tracks: `manual`, with the reason;
- otherwise the first rule that fired gives the track and its explanation.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

MANUAL = "manual"


@dataclass(frozen=True)
class CitizenFacts:
    income_basis: str | None
    aims_for_work_or_education: bool | None
    expected_to_work: bool | None = None


@dataclass(frozen=True)
class Rule:
    code: str
    track: str
    explanation: str
    income_bases: tuple[str, ...] = ()
    aims_for_work_or_education: bool | None = None
    expected_to_work: bool | None = None

    def fires_for(self, facts: CitizenFacts) -> bool:
        if self.income_bases and facts.income_basis not in self.income_bases:
            return False
        if (
            self.aims_for_work_or_education is not None
            and facts.aims_for_work_or_education != self.aims_for_work_or_education
        ):
            return False
        return self.expected_to_work is None or facts.expected_to_work == self.expected_to_work


@dataclass(frozen=True)
class Recommendation:
    track: str
    rule: str | None
    explanation: str

    @property
    def is_manual(self) -> bool:
        return self.track == MANUAL


def recommend_track(rules: Iterable[Rule], facts: CitizenFacts) -> Recommendation:
    fired = [rule for rule in rules if rule.fires_for(facts)]
    if not fired:
        return Recommendation(
            MANUAL,
            None,
            _("Ingen regel passer på borgerens situation, så sporet skal vælges manuelt."),
        )
    tracks = list(dict.fromkeys(rule.track for rule in fired))
    if len(tracks) > 1:
        codes = ", ".join(rule.code for rule in fired)
        return Recommendation(
            MANUAL,
            codes,
            _("Reglerne %(rules)s peger på forskellige spor, så sporet skal vælges manuelt.")
            % {"rules": codes},
        )
    return Recommendation(fired[0].track, fired[0].code, fired[0].explanation)
