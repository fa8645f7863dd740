"""Rasa component: adds `emergency` to the parse data — the kind of danger signalled, or None.

It runs once per message in the Rasa server; the ranker reads it to lift the sections that answer
the danger, and the action, the suggestion console and `suggest` read it for the emergency line.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.names import EMERGENCY
from bot.nlu.component import UntrainedComponent
from bot.safety import default_detector


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class DangerDetector(UntrainedComponent):
    """The emergency lexicon and classifier (bot.safety), run as a pipeline step."""

    def __init__(self, config: dict[str, Any]) -> None:
        """Train the emergency classifier (~4 s) as the model loads, not on a user's turn."""
        super().__init__(config)
        self._detector = default_detector()

    def process(self, messages: list[Message]) -> list[Message]:
        """Set `emergency` on every message (None when calm: Rasa leaves it out of the output)."""
        for message in messages:
            message.set(EMERGENCY, self._detector.category(message.get(TEXT) or ""), True)
        return messages
