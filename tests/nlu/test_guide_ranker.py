"""The ranking collector and the ranker, run as Rasa runs them (no trained model needed)."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.names import CLASSIFIER_RANKING, CLASSIFIER_RANKINGS, EMERGENCY, GUIDE, GUIDE_RANKING
from bot.nlu.guide_ranker import GuideRanker
from bot.nlu.ranking_collector import RankingCollector


def message(ranking: list[dict]) -> Message:
    return Message(
        data={
            "text": "护照丢了",
            "intent_ranking": ranking,
            "intent": ranking[0] if ranking else {},
        }
    )


def test_collector_keeps_a_ranking_that_the_next_classifier_replaces() -> None:
    first = [{"name": "guide_5_3", "confidence": 0.9}]
    msg = message(first)
    RankingCollector({**RankingCollector.get_default_config(), "source": "diet"}).process([msg])
    msg.set("intent_ranking", [{"name": "guide_5_1_1", "confidence": 0.8}], True)
    assert msg.get(CLASSIFIER_RANKINGS) == {"diet": first}
    assert msg.as_dict(only_output_properties=True).get(CLASSIFIER_RANKINGS) is None


def test_ranker_averages_the_collected_and_the_current_classifier() -> None:
    msg = message([{"name": "guide_5_3", "confidence": 1.0}])
    RankingCollector({"source": "diet"}).process([msg])
    msg.set("intent_ranking", [{"name": "guide_5_1_1", "confidence": 1.0}], True)
    config = {
        **GuideRanker.get_default_config(),
        "source": "logreg",
        "classifier_weights": {"diet": 1.0, "logreg": 3.0},
        "retrieval_weight": 0.0,
    }
    GuideRanker(config).process([msg])
    assert msg.get("intent")["name"] == GUIDE
    assert msg.get(GUIDE_RANKING)[0] == {"section": "5.1.1", "confidence": 0.75}
    assert set(msg.get(CLASSIFIER_RANKINGS)) == {"diet", "logreg"}
    combined = {e["name"]: e["confidence"] for e in msg.get(CLASSIFIER_RANKING)}
    assert combined == pytest.approx({"guide_5_1_1": 0.75, "guide_5_3": 0.25})


def test_ranker_leaves_a_message_without_classifier_output_alone() -> None:
    msg = Message(data={"text": "hello"})
    GuideRanker(GuideRanker.get_default_config()).process([msg])
    assert msg.get(GUIDE_RANKING) is None


def test_ranker_lifts_the_section_answering_a_named_danger() -> None:
    ranking = [
        {"name": "guide_5_12_1", "confidence": 0.5},
        {"name": "guide_2_8", "confidence": 0.3},
        {"name": "guide_5_6_4", "confidence": 0.2},
    ]
    config = {**GuideRanker.get_default_config(), "retrieval_weight": 0.0}
    data = {"text": "有人拿刀在门外", "intent_ranking": ranking, EMERGENCY: "attack"}
    plain = Message(data=dict(data))
    GuideRanker(config).process([plain])
    assert "2.5" not in [e["section"] for e in plain.get(GUIDE_RANKING)]
    lifted = Message(data=dict(data))
    GuideRanker({**config, "emergency_weight": 0.35}).process([lifted])
    assert [e["section"] for e in lifted.get(GUIDE_RANKING)[:2]] == ["5.12.1", "2.5"]
    calm = Message(data={**data, EMERGENCY: None})
    GuideRanker({**config, "emergency_weight": 0.35}).process([calm])
    assert "2.5" not in [e["section"] for e in calm.get(GUIDE_RANKING)]
