"""Rasa component: turns per-section intents into one `guide` intent plus a section ranking."""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.guide import default_guide
from bot.names import CLASSIFIER_RANKING, GUIDE_RANKING
from bot.nlu.component import UntrainedComponent
from bot.nlu.ranking import blend
from bot.nlu.retrieval import SectionIndex


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class GuideRanker(UntrainedComponent, IntentClassifier):
    """Blends the classifier with BM25 over the knowledge base; dialogue sees intent `guide`."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Retrieval share within the guide's probability mass, and its softmax temperature."""
        return {"retrieval_weight": 0.3, "temperature": 0.15, "ranking_length": 10}

    def __init__(self, config: dict[str, Any]) -> None:
        """Build the retrieval index once, when the model is loaded."""
        super().__init__(config)
        self._index = SectionIndex(default_guide())

    def process(self, messages: list[Message]) -> list[Message]:
        """Replace the section intent with `guide` and attach the blended section ranking."""
        for message in messages:
            ranking = message.get(INTENT_RANKING_KEY) or []
            if not ranking:
                continue
            message.set(CLASSIFIER_RANKING, ranking)
            text = message.get(TEXT) or ""
            retrieval = self._index.distribution(text, self._config["temperature"])
            result = blend(ranking, retrieval, self._config["retrieval_weight"])
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
