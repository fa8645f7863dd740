"""Rasa component: turns per-section intents into one `guide` intent plus a section ranking.

It averages the rankings of the classifiers before it (kept by `RankingCollector`, plus the
current `intent_ranking` of the last one), then blends that with BM25 over the knowledge base.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.guide import default_guide
from bot.names import CLASSIFIER_RANKING, CLASSIFIER_RANKINGS, EMERGENCY, GUIDE_RANKING
from bot.nlu.component import UntrainedComponent
from bot.nlu.ranking import average, blend
from bot.nlu.retrieval import SectionIndex
from bot.safety import danger_sections, section_prior


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class GuideRanker(UntrainedComponent, IntentClassifier):
    """Blends the classifier with BM25 over the knowledge base; dialogue sees intent `guide`."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Classifier weights (by source), retrieval share, and the retrieval temperature.

        `source` names the classifier right before this component; `classifier_weights` maps
        it and each `RankingCollector` source to a weight (unlisted sources weigh 1).
        `emergency_weight` is added to the sections answering the danger that `DangerDetector`
        (earlier in the pipeline) found in the message.
        """
        return {
            "source": "classifier",
            "classifier_weights": {},
            "retrieval_weight": 0.3,
            "emergency_weight": 0.0,
            "temperature": 0.15,
            "ranking_length": 10,
        }

    def __init__(self, config: dict[str, Any]) -> None:
        """Build the retrieval index once, when the model is loaded."""
        super().__init__(config)
        self._index = SectionIndex(default_guide())
        self._danger_sections = danger_sections()

    def process(self, messages: list[Message]) -> list[Message]:
        """Replace the section intent with `guide` and attach the blended section ranking."""
        for message in messages:
            last = message.get(INTENT_RANKING_KEY) or []
            if not last:
                continue
            rankings = {**(message.get(CLASSIFIER_RANKINGS) or {}), self._config["source"]: last}
            message.set(CLASSIFIER_RANKINGS, rankings)
            weights = self._config["classifier_weights"]
            ranking = average(
                list(rankings.values()), [float(weights.get(name, 1.0)) for name in rankings]
            )
            message.set(CLASSIFIER_RANKING, ranking)
            text = message.get(TEXT) or ""
            retrieval = self._index.distribution(text, self._config["temperature"])
            # DangerDetector, earlier in the pipeline, set the kind of danger.
            prior = section_prior(
                message.get(EMERGENCY), self._config["emergency_weight"], self._danger_sections
            )
            result = blend(ranking, retrieval, self._config["retrieval_weight"], prior)
            message.set(INTENT, {"name": result.intent, "confidence": result.confidence}, True)
            message.set(
                INTENT_RANKING_KEY,
                [{"name": name, "confidence": conf} for name, conf in result.intents],
                True,
            )
            sections = result.sections[: self._config["ranking_length"]]
            message.set(
                GUIDE_RANKING,
                [{"section": sid, "confidence": round(conf, 4)} for sid, conf in sections],
                True,
            )
        return messages
