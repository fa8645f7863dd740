"""Rasa component: the out-of-scope check (bot.scope) after the ranker, before the fallback.

It stores `out_of_scope_probability` on every message (kept out of the output, read by
`make eval`) and turns the ranker's `guide` intent into `out_of_scope` when the check is sure the
guide does not answer the message and it signals no danger. Trained with the model from the NLU
training data: every guide intent's examples against the out-of-scope ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import bot.scope
from bot.names import EMERGENCY, GUIDE_INTENT_PREFIX, OUT_OF_SCOPE, SCOPE_PROBABILITY
from bot.nlu.component import StoredComponent
from bot.nlu.text_classifier import featurising_files, file_digest
from bot.scope import THRESHOLD, ScopeClassifier, overrules


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class ScopeCheck(StoredComponent[ScopeClassifier]):
    """Guide question or not, asked directly; overrules the ranker's guide answer when sure."""

    STORED_FILE = "scope_classifier.pkl"
    STORED_WHAT = "scope classifier"
    WITHOUT_IT = "answering without the scope check"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`threshold`: the out-of-scope probability from which a guide answer is overruled."""
        return {"threshold": THRESHOLD}

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
        return self._store(ScopeClassifier(in_scope, out_of_scope))

    @classmethod
    def read(cls, path: Path) -> ScopeClassifier:
        """The classifier `train` stored."""
        return ScopeClassifier.load(path)

    def process(self, messages: list[Message]) -> list[Message]:
        """Score every message; turn a guide answer the check is sure about into out_of_scope."""
        classifier = self._trained
        if classifier is None:
            return messages  # only created, never trained: the ranker's answer stands
        for message in messages:
            text = message.get(TEXT) or ""
            if not text.strip():
                continue
            probability = classifier.probability(text)
            message.set(SCOPE_PROBABILITY, probability)
            intent = (message.get(INTENT) or {}).get("name")
            danger = bool(message.get(EMERGENCY))
            if not overrules(probability, intent, danger, float(self._config["threshold"])):
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
