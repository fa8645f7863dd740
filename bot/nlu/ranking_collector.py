"""Rasa component: keeps the preceding classifier's ranking before the next one overwrites it."""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.names import CLASSIFIER_RANKINGS
from bot.nlu.component import UntrainedComponent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RankingCollector(UntrainedComponent):
    """Stores the current `intent_ranking` under `classifier_rankings[source]`.

    Rasa's intent classifiers each replace `intent_ranking`; placing this component after one of
    them lets the `GuideRanker` combine several classifiers.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`source` names the classifier whose ranking is kept."""
        return {"source": "classifier"}

    def process(self, messages: list[Message]) -> list[Message]:
        """Copy the ranking aside (not part of the output)."""
        for message in messages:
            ranking = message.get(INTENT_RANKING_KEY)
            if ranking:
                collected = dict(message.get(CLASSIFIER_RANKINGS) or {})
                collected[self._config["source"]] = list(ranking)
                message.set(CLASSIFIER_RANKINGS, collected)
        return messages
