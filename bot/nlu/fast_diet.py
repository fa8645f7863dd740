"""Rasa's DIET classifier, predicting one message's intents with numpy instead of TensorFlow."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import tensorflow as tf
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.constants import (
    ENTITY_RECOGNITION,
    FEATURIZERS,
    INNER,
    INTENT_CLASSIFICATION,
    MODEL_CONFIDENCE,
    SIMILARITY_TYPE,
    SOFTMAX,
)

from bot.nlu.sentence_features import sentence_vector


class IntentWeights(NamedTuple):
    """What DIET without layers computes a message's intent scores from."""

    sentence_kernel: np.ndarray  # features × dense units: the sparse sentence features' layer
    sentence_bias: np.ndarray
    embed_kernel: np.ndarray  # dense units × embedding dimension: the text's embedding
    embed_bias: np.ndarray
    labels: np.ndarray  # intents × embedding dimension: every intent's embedding

    def scores(self, columns: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Softmax of the inner products of the message's embedding with every intent's."""
        dense = values.astype(np.float32) @ self.sentence_kernel[columns] + self.sentence_bias
        embedded = dense @ self.embed_kernel + self.embed_bias
        similarities = self.labels @ embedded
        exps = np.exp(similarities - similarities.max())
        return exps / exps.sum()


def intent_weights(model: Any) -> IntentWeights | None:
    """The weights of a trained DIET model whose intent depends on the sentence vector alone.

    That is: no transformer and no hidden layers after the features, the sentence features
    sparse and not resized to meet the token features. Else None (predict through TensorFlow).
    """
    sequence_layer = model._tf_layers.get("sequence_layer.text")
    if sequence_layer is None or sequence_layer._has_transformer:
        return None
    if any(
        isinstance(layer, tf.keras.layers.Dense)
        for layer in sequence_layer._tf_layers["ffnn"]._ffn_layers
    ):
        return None
    combining = sequence_layer._tf_layers["feature_combining"]._tf_layers
    if (
        "unify_dims_before_seq_sent_concat.sentence" in combining
        or "sparse_dense.sentence" not in combining
    ):
        return None
    sparse_to_dense = combining["sparse_dense.sentence"]._tf_layers.get("sparse_to_dense")
    embed = model._tf_layers["embed.text"]._dense
    if sparse_to_dense is None or model.all_labels_embed is None:
        return None
    if getattr(sparse_to_dense, "kernel_mask", None) is not None:
        return None
    linear = tf.keras.activations.linear
    if sparse_to_dense.activation is not linear or embed.activation is not linear:
        return None
    return IntentWeights(
        np.ascontiguousarray(sparse_to_dense.kernel.numpy()),
        _bias(sparse_to_dense),
        embed.kernel.numpy(),
        _bias(embed),
        np.asarray(model.all_labels_embed.numpy()),
    )


def _bias(layer: tf.keras.layers.Dense) -> np.ndarray:
    return layer.bias.numpy() if layer.use_bias else np.zeros(layer.units, dtype=np.float32)


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    ],
    is_trainable=True,
)
class FastDIETClassifier(DIETClassifier):
    """Same model and training; a message's intent scores come from numpy, not TensorFlow.

    With no transformer layers, no hidden layers and no entity recognition, DIET scores a message
    as softmax(L·(E·(S·x + s) + e)): x its sparse sentence features, S and s their dense layer, E
    and e the text embedding, L the intents' embeddings. Through TensorFlow that took 5 ms of a
    ~12 ms parse here (building the model data, the call into a traced function); as a few numpy
    products of the message's non-zero columns it takes a tenth of that. Any other configuration,
    and diagnostic data, go through Rasa's own prediction.
    """

    # Taken from `_weights_model`: a model trained or loaded later is read again.
    _intent_weights: IntentWeights | None = None
    _weights_model: Any = None

    def _predict(self, message: Message) -> dict[str, Any] | None:
        weights = self._weights()
        vector = sentence_vector(message) if weights is not None else None
        if weights is None or vector is None or vector[2] != weights.sentence_kernel.shape[0]:
            return super()._predict(message)
        columns, values, _ = vector
        return {"i_scores": weights.scores(columns, values)[np.newaxis, :]}

    def _weights(self) -> IntentWeights | None:
        """The intent weights, taken from the model once; None when the fast path does not apply."""
        config = self.component_config
        if (
            self.model is None
            or config[ENTITY_RECOGNITION]
            or not config[INTENT_CLASSIFICATION]
            or config[SIMILARITY_TYPE] != INNER
            or config[MODEL_CONFIDENCE] != SOFTMAX
            or config[FEATURIZERS]
            or self._execution_context.should_add_diagnostic_data
        ):
            return None
        if self._weights_model is not self.model or self._intent_weights is None:
            self._intent_weights = intent_weights(self.model)
            self._weights_model = self.model
        return self._intent_weights
