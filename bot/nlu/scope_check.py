"""Rasa component: the out-of-scope check (bot.scope) after the ranker, before the fallback.

It stores `out_of_scope_probability` on every message (kept out of the output, read by
`make eval`) and turns the ranker's `guide` intent into `out_of_scope` when the check is sure the
guide does not answer the message and it signals no danger. Trained with the model from the NLU
training data: every guide intent's examples against the out-of-scope ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import bot.scope
from bot.names import EMERGENCY, GUIDE_INTENT_PREFIX, OUT_OF_SCOPE, SCOPE_PROBABILITY
from bot.nlu.component import read_stored
from bot.nlu.text_classifier import featurising_files, file_digest
from bot.scope import THRESHOLD, ScopeClassifier, overrules

CLASSIFIER_FILE = "scope_classifier.pkl"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class ScopeCheck(GraphComponent):
    """Guide question or not, asked directly; overrules the ranker's guide answer when sure."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`threshold`: the out-of-scope probability from which a guide answer is overruled."""
        return {"threshold": THRESHOLD}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        classifier: ScopeClassifier | None = None,
    ) -> None:
        """A component around `classifier` (None until trained or loaded)."""
        self._threshold = float(config["threshold"])
        self._model_storage = model_storage
        self._resource = resource
        self._classifier = classifier

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ScopeCheck:
        """An untrained component (the training graph trains it)."""
        return cls(config, model_storage, resource)

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str:
        """Retrain when the featurising code or dictionaries change, not only the NLU data."""
        return file_digest([*featurising_files(), Path(bot.scope.__file__), Path(__file__)])

    def train(self, training_data: TrainingData) -> Resource:
        """Train on the guide intents' examples against the out-of-scope ones, and store it."""
        in_scope: list[str] = []
        out_of_scope: list[str] = []
        for example in training_data.intent_examples:
            intent = str(example.get(INTENT))
            if intent.startswith(GUIDE_INTENT_PREFIX):
                in_scope.append(str(example.get(TEXT)))
            elif intent == OUT_OF_SCOPE:
                out_of_scope.append(str(example.get(TEXT)))
        if not in_scope or not out_of_scope:
            raise ValueError("the scope check needs guide and out_of_scope training examples")
        self._classifier = ScopeClassifier(in_scope, out_of_scope)
        with self._model_storage.write_to(self._resource) as directory:
            self._classifier.save(directory / CLASSIFIER_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> ScopeCheck:
        """The classifier stored by `train` (missing or unreadable: no check, with a warning)."""
        classifier = read_stored(
            model_storage,
            resource,
            lambda directory: ScopeClassifier.load(directory / CLASSIFIER_FILE),
            "scope classifier",
            "answering without the scope check",
        )
        return cls(config, model_storage, resource, classifier)

    def process(self, messages: list[Message]) -> list[Message]:
        """Score every message; turn a guide answer the check is sure about into out_of_scope."""
        if self._classifier is None:
            return messages  # only created, never trained: the ranker's answer stands
        for message in messages:
            text = message.get(TEXT) or ""
            if not text.strip():
                continue
            probability = self._classifier.probability(text)
            message.set(SCOPE_PROBABILITY, probability)
            intent = (message.get(INTENT) or {}).get("name")
            if not overrules(probability, intent, bool(message.get(EMERGENCY)), self._threshold):
                continue
            ranking = [
                entry
                for entry in message.get(INTENT_RANKING_KEY) or []
                if entry.get("name") != OUT_OF_SCOPE
            ]
            top = {"name": OUT_OF_SCOPE, "confidence": probability}
            message.set(INTENT, top, True)
            message.set(INTENT_RANKING_KEY, [top, *ranking], True)
        return messages
