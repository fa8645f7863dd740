"""Test helpers: one execution context, and messages as the sparse featurizers leave them."""

from __future__ import annotations

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

CONTEXT = ExecutionContext(GraphSchema({}), "test")


def featurised(
    rng: np.random.Generator, widths: tuple[int, ...], intent: str | None = None
) -> Message:
    """A message with one empty token and random sentence counts from each of `widths`' featurizers.

    Every featurizer's counts have at least one non-zero column, as any text that was featurised.
    """
    message = Message(data={"text": "x", **({"intent": intent} if intent else {})})
    for number, width in enumerate(widths):
        counts = rng.integers(0, 3, size=(1, width)) * (rng.random((1, width)) < 0.5)
        counts[0, rng.integers(width)] = 1
        origin = f"SentenceCountVectorsFeaturizer{number}"
        message.add_features(Features(scipy.sparse.coo_matrix((1, 1)), "sequence", "text", origin))
        message.add_features(Features(scipy.sparse.coo_matrix(counts), "sentence", "text", origin))
    return message
