"""Rasa component: a message typed in toneless pinyin is rewritten in characters (bot.nlu.pinyin).

It runs right after the normaliser, so every later step reads "护照丢了在罗马怎么办" for
"huzhao diule zai luoma zenme ban". The word model is built from the training data with the model
(about 15 s) and stored in it; a server loads it in a fraction of a second.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import pinyin
from bot.nlu.component import StoredComponent
from bot.nlu.countries import CountryFinder, default_finder
from bot.nlu.pinyin import PinyinReader
from bot.nlu.text_classifier import featurising_files, file_digest
from bot.safety import EXAMPLES, danger_examples
from bot.text import normalize


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=True)
class PinyinInput(StoredComponent[PinyinReader]):
    """Rewrites pinyin messages in characters, place names as their country's Chinese name."""

    STORED_FILE = "pinyin_reader.pkl"
    STORED_WHAT = "pinyin reader"
    WITHOUT_IT = "pinyin messages are read as typed"

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        trained: PinyinReader | None = None,
    ) -> None:
        """A component around the reader `trained` (None until trained or loaded)."""
        super().__init__(config, model_storage, resource, trained)
        self._finder: CountryFinder = default_finder()

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str:
        """Retrain when the reader's code, the segmentation or the danger examples change."""
        return file_digest([Path(pinyin.__file__), *featurising_files(), EXAMPLES])

    def train(self, training_data: TrainingData) -> Resource:
        """Build the word model from the training examples and the danger examples, and store it."""
        examples = danger_examples()
        corpus = [
            *(str(m.get(TEXT)) for m in training_data.training_examples if m.get(TEXT)),
            *examples.emergency,
            *examples.calm,
        ]
        return self._store(PinyinReader(corpus))

    @classmethod
    def read(cls, path: Path) -> PinyinReader:
        """The reader `train` stored."""
        return PinyinReader.load(path)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples typed in pinyin are read like live ones."""
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Rewrite each pinyin message's text in Simplified characters, in place."""
        reader = self._trained
        if reader is None:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if text and reader.may_be_pinyin(text):  # the gazetteer only for those: ~1 ms
                read = reader.read(text, self._places(reader, text))
                if read != text:
                    message.set(TEXT, normalize(read))
        return messages

    def _places(self, reader: PinyinReader, text: str) -> list[tuple[int, int, str]]:
        """Latin place names in `text` with their country's Chinese name ("dubai" → 阿联酋).

        Not those that are a place's pinyin too: "riben" is 日本 and "bali" 巴黎 (Paris) to
        someone typing pinyin, which the gazetteer's English "Bali" would make Indonesia.
        """
        folded = text.lower()
        if len(folded) != len(text):  # offsets would not be those of `text`
            return []
        return [
            (m.start, m.end, m.country)
            for m in self._finder.mentions_folded(folded)
            if m.text.isascii() and not self._place_in_pinyin(reader, m.text)
        ]

    def _place_in_pinyin(self, reader: PinyinReader, word: str) -> bool:
        syllables = reader.split(word.replace(" ", ""))
        return syllables is not None and bool(self._finder.mentions(reader.characters(syllables)))
