import pytest

from bot.names import GUIDE
from bot.nlu.ranking import agreed_intent, average, blend

RANKING = [
    {"name": "guide_5_1_1", "confidence": 0.5},
    {"name": "guide_5_1_3", "confidence": 0.3},
    {"name": "greet", "confidence": 0.2},
]


def test_classifier_alone_keeps_its_order() -> None:
    result = blend(RANKING, {"5.1.3": 1.0}, retrieval_weight=0.0)
    assert result.intent == GUIDE
    assert [s for s, _ in result.sections[:2]] == ["5.1.1", "5.1.3"]
    assert result.confidence == pytest.approx(0.5)


def test_retrieval_can_reorder_sections_within_the_guide_mass() -> None:
    result = blend(RANKING, {"5.1.3": 1.0}, retrieval_weight=0.5)
    assert result.sections[0][0] == "5.1.3"
    assert sum(conf for _, conf in result.sections) == pytest.approx(0.8)


def test_special_intent_wins_when_the_classifier_says_so() -> None:
    ranking = [{"name": "greet", "confidence": 0.9}, {"name": "guide_5_3", "confidence": 0.1}]
    result = blend(ranking, {"5.3": 1.0}, retrieval_weight=0.5)
    assert result.intent == "greet"
    assert result.intents[0] == ("greet", 0.9)


def test_retrieval_alone_cannot_pull_a_message_into_the_guide() -> None:
    result = blend([{"name": "out_of_scope", "confidence": 1.0}], {"5.3": 1.0}, 0.5)
    assert result.intent == "out_of_scope"
    assert result.sections == []


def test_average_weighs_each_classifier_and_fills_missing_intents_with_zero() -> None:
    diet = [{"name": "guide_5_3", "confidence": 0.6}, {"name": "guide_5_2_1", "confidence": 0.4}]
    logreg = [{"name": "guide_5_2_1", "confidence": 1.0}]
    mean = average([diet, logreg], [3.0, 1.0])
    assert [e["name"] for e in mean] == ["guide_5_2_1", "guide_5_3"]
    assert mean[0]["confidence"] == pytest.approx(0.75 * 0.4 + 0.25 * 1.0)
    assert mean[1]["confidence"] == pytest.approx(0.75 * 0.6)


def test_danger_lift_brings_its_section_into_the_top_three() -> None:
    ranking = [
        {"name": "guide_5_12_1", "confidence": 0.4},
        {"name": "guide_2_8", "confidence": 0.3},
        {"name": "guide_5_6_4", "confidence": 0.2},
        {"name": "guide_2_5", "confidence": 0.1},
    ]
    assert "2.5" not in [s for s, _ in blend(ranking, {}, 0.0).sections[:3]]
    lifted = blend(ranking, {}, 0.0, prior={"2.5": 0.25})
    assert [s for s, _ in lifted.sections[:2]] == ["5.12.1", "2.5"]
    assert lifted.confidence == pytest.approx(0.4)


def test_danger_lift_does_not_overturn_a_confident_special_intent() -> None:
    ranking = [
        {"name": "out_of_scope", "confidence": 0.9},
        {"name": "guide_5_3", "confidence": 0.1},
    ]
    result = blend(ranking, {}, 0.0, prior={"2.5": 0.2})
    assert result.intent == "out_of_scope"
    assert result.sections == [("2.5", pytest.approx(0.2)), ("5.3", pytest.approx(0.1))]


def ranked(name: str, confidence: float) -> list[dict[str, object]]:
    return [{"name": name, "confidence": confidence}, {"name": "guide_5_1_1", "confidence": 0.01}]


@pytest.mark.parametrize(
    ("rankings", "intent"),
    [
        ([ranked("thanks", 0.9), ranked("thanks", 0.6)], "thanks"),
        ([ranked("thanks", 0.9), ranked("goodbye", 0.6)], None),  # they disagree
        ([ranked("thanks", 0.9), ranked("thanks", 0.4)], None),  # one is not sure
        ([ranked("thanks", 0.9), []], None),  # one saw nothing to classify
        ([], None),
    ],
)
def test_agreed_intent_needs_every_ranking_sure_of_the_same_intent(
    rankings: list[list[dict[str, object]]], intent: str | None
) -> None:
    assert agreed_intent(rankings, 0.5) == intent
