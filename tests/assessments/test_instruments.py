"""The instruments as data and their scoring (WHO-5, FFB, end of course)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sporskifte.assessments.instruments import instrument_get, instruments, normalise_answers, score
from sporskifte.core.errors import InvalidInput

WHO5 = instrument_get("who5")


def test_the_instruments_carry_versions_and_the_who5_wording() -> None:
    assert set(instruments()) == {"who5", "ffb", "end_of_course"}
    assert WHO5.version == "1998"
    assert str(WHO5.items[0].text) == "… har jeg været glad og i godt humør"
    assert [s.value for s in WHO5.scale] == [5, 4, 3, 2, 1, 0]
    assert [s.value for s in instrument_get("ffb").scale] == [0, 1, 2, 3, 4]
    assert len(instrument_get("end_of_course").items) == 3


@given(answers=st.lists(st.integers(min_value=0, max_value=5), min_size=5, max_size=5))
def test_who5_scores_raw_times_four_with_its_flags(answers: list[int]) -> None:
    result = score(WHO5, normalise_answers(WHO5, answers))
    assert result.raw == sum(answers)
    assert result.score == sum(answers) * 4
    assert ("poor_wellbeing" in result.flags) == (result.score <= 50)
    assert ("likely_depression" in result.flags) == (result.score <= 28)


@given(
    before=st.integers(min_value=0, max_value=25).map(lambda raw: raw * 4),
    answers=st.lists(st.integers(min_value=0, max_value=5), min_size=5, max_size=5),
)
def test_a_change_of_ten_points_or_more_is_marked(before: int, answers: list[int]) -> None:
    result = score(WHO5, normalise_answers(WHO5, answers), previous=before)
    assert ("relevant_change" in result.flags) == (abs(sum(answers) * 4 - before) >= 10)


@given(
    answers=st.lists(st.integers(min_value=-3, max_value=9), min_size=5, max_size=5).filter(
        lambda a: any(v < 0 or v > 5 for v in a)
    )
)
def test_an_out_of_range_answer_is_refused_naming_the_item(answers: list[int]) -> None:
    bad = next(i for i, v in enumerate(answers, start=1) if v < 0 or v > 5)
    with pytest.raises(InvalidInput) as caught:
        normalise_answers(WHO5, answers)
    assert caught.value.message.startswith(f"Spørgsmål {bad} (")
    assert f"answers.{bad}" in caught.value.fields


@pytest.mark.parametrize(
    "answers",
    [
        [3, 3, 3, 3],
        [3, 3, 3, 3, 3, 3],
        {"1": 3, "2": 3, "3": 3, "4": 3},
        [3, None, 3, 3, 3],
        [3, True, 3, 3, 3],
    ],
)
def test_an_incomplete_or_odd_answer_set_is_refused(answers) -> None:
    with pytest.raises(InvalidInput):
        normalise_answers(WHO5, answers)


def test_ffb_takes_answers_per_theme_code() -> None:
    ffb = instrument_get("ffb")
    answers = {item.code: 2 for item in ffb.items}
    assert normalise_answers(ffb, answers) == answers
    with pytest.raises(InvalidInput) as caught:
        normalise_answers(ffb, answers | {"mobilitet": 5})
    assert "Mobilitet" in caught.value.message
