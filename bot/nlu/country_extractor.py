"""Rasa component: adds a `country` entity (standard Chinese name) found by the gazetteer."""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.names import ENTITY_COUNTRY, ROLE_NATIONALITY, ROLE_ORIGIN
from bot.nlu.component import UntrainedComponent
from bot.nlu.countries import CountryMention, default_finder


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class CountryExtractor(UntrainedComponent, EntityExtractorMixin):
    """Countries, aliases, English names and major cities → the standard Chinese country name."""

    def __init__(self, config: dict[str, Any]) -> None:
        """Compile the gazetteer once, when the model is loaded."""
        super().__init__(config)
        self._finder = default_finder()

    def process(self, messages: list[Message]) -> list[Message]:
        """Append one entity per country mention; a nationality or a country left gets that role."""
        for message in messages:
            entities = [
                {
                    "entity": ENTITY_COUNTRY,
                    "value": mention.country,
                    "start": mention.start,
                    "end": mention.end,
                    "confidence_entity": 1.0,
                    "extractor": self.__class__.__name__,
                    # A role keeps "越南籍" out of the country slot and of parse_data.country.
                    **_role(mention),
                }
                for mention in self._finder.mentions(message.get(TEXT) or "")
            ]
            if entities:
                message.set(ENTITIES, [*message.get(ENTITIES, []), *entities], add_to_output=True)
        return messages


def _role(mention: CountryMention) -> dict[str, str]:
    if mention.nationality:
        return {"role": ROLE_NATIONALITY}
    if mention.origin:
        return {"role": ROLE_ORIGIN}
    return {}
