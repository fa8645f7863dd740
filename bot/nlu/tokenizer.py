"""Rasa component: Rasa's jieba tokenizer, loading each user dictionary once per process."""

from __future__ import annotations

from pathlib import Path

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer

from bot.nlu.segment import load_user_dictionaries


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=True)
class ConsularJiebaTokenizer(JiebaTokenizer):
    """Training and serving segment text alike (see `load_user_dictionaries`)."""

    @staticmethod
    def _load_custom_dictionary(path: str) -> None:
        load_user_dictionaries(Path(path))
