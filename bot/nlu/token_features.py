"""Rasa component: empties the per-token (sequence) text features before DIET.

With `number_of_transformer_layers: 0` and no entity recognition or masked language model, DIET
predicts the intent from the sentence vector alone: no layer mixes the token positions into it
(checked on a trained model: identical intent rankings with and without the token features). Yet
DIET still pads every message to its batch's longest and carries each token through its feature
layers, most of its training time. Each message keeps a one-token, one-column placeholder,
because DIET's sequence layer must have sequence features.
"""

from __future__ import annotations

import scipy.sparse
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.component import MessageStep


def placeholder(features: Features) -> Features:
    """A one-token, one-column sparse zero in place of `features` (same type, attribute, origin)."""
    return Features(
        scipy.sparse.coo_matrix((1, 1)), features.type, features.attribute, features.origin
    )


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class TokenFeatureDropper(MessageStep):
    """Replaces the sparse text sequence features with placeholders; sentence features stay."""

    def process(self, messages: list[Message]) -> list[Message]:
        """Drop each message's sparse text sequence features in place."""
        for message in messages:
            message.features = [
                placeholder(f)
                if f.attribute == TEXT and f.type == FEATURE_TYPE_SEQUENCE and f.is_sparse()
                else f
                for f in message.features
            ]
        return messages
