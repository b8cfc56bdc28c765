"""Track routing: Herning's rules from its organisation file, and the rule of combination."""

import pytest

from sporskifte.referrals.routing import MANUAL, CitizenFacts, Rule, recommend_track
from sporskifte.referrals.selectors import routing_recommendation


@pytest.mark.parametrize(
    ("income_basis", "aims", "track", "rule"),
    [
        ("foertidspension", False, "skovlyset", "skovlyset_pension"),
        ("folkepension", False, "skovlyset", "skovlyset_pension"),
        ("ressourceforloebsydelse", False, "skovlyset", "skovlyset_pension"),
        ("kontanthjaelp", True, "skiftesporet", "skiftesporet_selvforsoergelse"),
        ("su", True, "skiftesporet", "skiftesporet_selvforsoergelse"),
        ("ressourceforloebsydelse", True, "skiftesporet", "skiftesporet_selvforsoergelse"),
        ("kontanthjaelp", False, MANUAL, None),
        ("foertidspension", None, MANUAL, None),
        ("", None, MANUAL, None),
    ],
)
def test_herning_routing_table(herning, income_basis, aims, track, rule) -> None:
    municipality_id = herning["skovlyset"].municipality_id
    result = routing_recommendation(
        municipality_id=municipality_id,
        facts=CitizenFacts(income_basis=income_basis, aims_for_work_or_education=aims),
    )
    assert (result.track, result.rule) == (track, rule)
    assert result.explanation.endswith(".")


def test_rules_pointing_to_different_tracks_give_manual_naming_both() -> None:
    rules = [
        Rule("by_income", "a", "A.", income_bases=("loen",)),
        Rule("by_aim", "b", "B.", aims_for_work_or_education=True),
    ]
    result = recommend_track(rules, CitizenFacts("loen", True))
    assert result.track == MANUAL
    assert result.rule == "by_income, by_aim"
    assert "by_income, by_aim" in result.explanation


def test_rules_agreeing_on_a_track_are_no_conflict() -> None:
    rules = [
        Rule("first", "a", "First.", income_bases=("loen",)),
        Rule("second", "a", "Second.", aims_for_work_or_education=True),
    ]
    assert recommend_track(rules, CitizenFacts("loen", True)).rule == "first"


def test_expected_to_work_is_a_condition_too() -> None:
    rules = [Rule("works", "a", "A.", expected_to_work=True)]
    assert recommend_track(rules, CitizenFacts("loen", None, True)).track == "a"
    assert recommend_track(rules, CitizenFacts("loen", None, None)).track == MANUAL


def test_a_municipality_without_rules_always_gets_manual(db) -> None:
    result = routing_recommendation(municipality_id=0, facts=CitizenFacts("foertidspension", False))
    assert result.track == MANUAL
    assert result.rule is None
