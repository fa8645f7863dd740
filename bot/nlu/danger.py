"""Rasa component: adds `emergency` to the parse data — the kind of danger signalled, or None.

It runs once per message in the Rasa server; the ranker reads it to lift the sections that answer
the danger, and the action, the suggestion console and `suggest` read it for the emergency line.
The classifier is trained with the model (`rasa train`) and stored in it, so a server runs the
detector `make eval` measured and loads it in a fraction of a second instead of training it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.names import CALM_SMALL_TALK, CLASSIFIER_RANKINGS, EMERGENCY, SPECIAL_INTENTS
from bot.nlu.component import StoredComponent
from bot.nlu.ranking import agreed_intent
from bot.safety import EmergencyClassifier, EmergencyDetector, default_detector, training_digest


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class DangerDetector(StoredComponent[EmergencyClassifier]):
    """The emergency lexicon and classifier (bot.safety), run as a pipeline step."""

    STORED_FILE = "emergency_classifier.pkl"
    STORED_WHAT = "emergency classifier"
    WITHOUT_IT = "training one"

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        trained: EmergencyClassifier | None = None,
        detector: EmergencyDetector | None = None,
    ) -> None:
        """A component around `trained`, or `detector` in its place (tests)."""
        super().__init__(config, model_storage, resource, trained)
        self._detector = detector or (
            EmergencyDetector(classifier=trained) if trained is not None else None
        )

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """How sure the intent classifiers before this step must be that a message is small talk.

        Every one of them (DIET's ranking kept by `RankingCollector`, and the current one) must put
        the same small-talk intent first with at least `small_talk_confidence`; 0.5 on the dev sets
        (no emergency lost; 0.7 frees 19 calm messages instead of 23).
        """
        return {"small_talk_confidence": 0.5}

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str:
        """Retrain when the examples or the featurising code change, not only the NLU data."""
        return training_digest()

    def train(self, training_data: TrainingData) -> Resource:
        """Train on the emergency examples plus the training data's small talk, and store it."""
        small_talk = [
            str(example.get(TEXT))
            for example in training_data.intent_examples
            if example.get(INTENT) in SPECIAL_INTENTS
        ]
        classifier = EmergencyClassifier(small_talk=small_talk)
        self._detector = EmergencyDetector(classifier=classifier)
        return self._store(classifier)

    @classmethod
    def read(cls, path: Path) -> EmergencyClassifier:
        """The classifier `train` stored."""
        return EmergencyClassifier.load(path)

    def process(self, messages: list[Message]) -> list[Message]:
        """Set `emergency` on every message (None when calm: Rasa leaves it out of the output)."""
        # Neither trained nor loaded (only `create`d, e.g. in a graph without the train step), or
        # an older model without the classifier: the detector from the packaged data, not none.
        detector = self._detector or default_detector()
        for message in messages:
            small_talk = self._small_talk(message)
            message.set(EMERGENCY, detector.category(message.get(TEXT) or "", small_talk), True)
        return messages

    def _small_talk(self, message: Message) -> bool:
        """Do all the intent classifiers so far agree, and are sure, that this is small talk?"""
        rankings = [
            *(message.get(CLASSIFIER_RANKINGS) or {}).values(),
            message.get(INTENT_RANKING_KEY) or [],
        ]
        intent = agreed_intent(rankings, self._config["small_talk_confidence"])
        return intent in CALM_SMALL_TALK
