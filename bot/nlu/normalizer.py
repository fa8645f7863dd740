"""Rasa component: normalises the message text before tokenising (`bot.text.normalize`).

Personal numbers (passport, phone, ID, card) and e-mail addresses are blanked too
(`bot.privacy.blank`): they carry no meaning for the classifiers, only noise.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.component import UntrainedComponent
from bot.privacy import blank
from bot.text import normalize


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class ChineseNormalizer(UntrainedComponent):
    """Traditional→Simplified, full-width→half-width, personal numbers out, before tokenising."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Normalise the training examples the same way as live messages."""
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Normalise each message's text in place."""
        for message in messages:
            text = message.get(TEXT)
            if text:
                message.set(TEXT, blank(normalize(text)))
        return messages
