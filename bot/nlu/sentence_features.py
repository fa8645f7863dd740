"""Rasa component: count-vector features of the whole message only, for DIET without layers.

With `number_of_transformer_layers: 0` and no entity recognition or masked language model, DIET
predicts the intent from the sentence vector alone: no layer mixes the token positions into it
(checked on a trained model: identical intent rankings with and without the token features). Yet
DIET pads every message to its batch's longest and carries each token through its feature layers,
and Rasa's featurizer transforms every token on its own, besides the whole text. So the text gets
Rasa's sentence features and, as its token features, a one-token, one-column empty placeholder
(DIET's sequence layer must have some). Other attributes (the intent labels) are featurised as
Rasa does.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message


def placeholder() -> scipy.sparse.coo_matrix:
    """The token features of a message: one token, one column, zero."""
    return scipy.sparse.coo_matrix((1, 1))


def sentence_vector(message: Message) -> tuple[np.ndarray, np.ndarray, int] | None:
    """The message's sparse text sentence features side by side: (columns, values, width).

    The same columns, in the same order, as Rasa's `get_sparse_features` joins them; None when
    the message has none (nothing was featurised) or has dense sentence features too.
    """
    columns: list[np.ndarray] = []
    values: list[np.ndarray] = []
    width = 0
    for features in message.features:
        if features.attribute != TEXT or features.type != FEATURE_TYPE_SENTENCE:
            continue
        if not features.is_sparse():
            return None
        matrix = features.features.tocoo()
        columns.append(matrix.col.astype(np.intp) + width)
        values.append(matrix.data.astype(np.float64))
        width += matrix.shape[1]
    if not columns:
        return None
    return np.concatenate(columns), np.concatenate(values), width


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class SentenceCountVectorsFeaturizer(CountVectorsFeaturizer):
    """Rasa's count-vectors featurizer, the text's per-token features replaced by a placeholder."""

    def _create_features(
        self, attribute: str, all_tokens: list[list[str]]
    ) -> tuple[list[scipy.sparse.spmatrix | None], list[scipy.sparse.spmatrix | None]]:
        if attribute != TEXT or not self.vectorizers.get(attribute):
            return super()._create_features(attribute, all_tokens)
        sequences: list[scipy.sparse.spmatrix | None] = []
        sentences: list[scipy.sparse.spmatrix | None] = []
        for tokens in all_tokens:
            if not tokens:  # nothing to featurise
                sequences.append(None)
                sentences.append(None)
                continue
            # As Rasa computes the sentence vector: the tokens joined, transformed at once.
            sentence = self.vectorizers[attribute].transform([" ".join(tokens)])
            sentence.sort_indices()
            sequences.append(placeholder())
            sentences.append(sentence.tocoo())
        return sequences, sentences
