"""Rasa component: Rasa's jieba tokenizer, loading each user dictionary once per process.

The message's English words of the guide's situations are tokenised as their Chinese
(`bot.text.english_as_chinese`), so the features of "passport stolen" are those of "护照 被偷";
and numbers other than helplines are left out (`bot.nlu.numbers`); the text itself stays as
written for the steps that read it (danger lexicon, countries).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot import local_numbers, privacy
from bot import text as text_module
from bot.nlu import numbers
from bot.nlu.numbers import fold_numbers
from bot.nlu.segment import load_user_dictionaries
from bot.nlu.text_classifier import file_digest
from bot.text import english_as_chinese


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=True)
class ConsularJiebaTokenizer(JiebaTokenizer):
    """Training and serving segment text alike (see `load_user_dictionaries`)."""

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str:
        """Tokens depend on the English words and the helplines: a change retrains what follows."""
        return file_digest(
            [
                Path(text_module.__file__),
                text_module.ENGLISH,
                Path(numbers.__file__),
                Path(privacy.__file__),
                local_numbers.TABLE,
            ]
        )

    @staticmethod
    def _load_custom_dictionary(path: str) -> None:
        load_user_dictionaries(Path(path))

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        """Jieba's tokens of the text read as the module docstring says (English, numbers)."""
        text = message.get(attribute)
        if attribute == TEXT and text and (read := fold_numbers(english_as_chinese(text))) != text:
            message = Message(data={attribute: read})  # the message itself keeps its words
        return super().tokenize(message, attribute)
