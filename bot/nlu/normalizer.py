"""Rasa component: normalises the message text before tokenising (`bot.text.normalize`).

Personal numbers (passport, phone, ID, card) and e-mail addresses are blanked too
(`bot.privacy.blank`): they carry no meaning for the classifiers, only noise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot import privacy
from bot import text as text_module
from bot.nlu.component import MessageStep
from bot.nlu.text_classifier import file_digest
from bot.privacy import blank
from bot.text import normalize


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class ChineseNormalizer(MessageStep):
    """Traditional→Simplified, full-width→half-width, personal numbers out, before tokenising."""

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str:
        """Changed normalising code or data changes every example: Rasa must not reuse its cache."""
        return file_digest(
            [Path(text_module.__file__), text_module.CANTONESE, Path(privacy.__file__)]
        )

    def process(self, messages: list[Message]) -> list[Message]:
        """Normalise each message's text in place."""
        for message in messages:
            text = message.get(TEXT)
            if text:
                message.set(TEXT, blank(normalize(text)))
        return messages
