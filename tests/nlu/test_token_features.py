"""Dropping DIET's token features: what it removes, and the pipeline it is only right for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scipy.sparse
import yaml
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.token_features import TokenFeatureDropper

DROPPER = "bot.nlu.token_features.TokenFeatureDropper"


def featurised(text: str = "护照 丢了") -> Message:
    """A message as the count-vectors featurizers leave it, plus a dense feature and an intent's."""
    message = Message(data={"text": text, "intent": "guide_5_1_1"})
    tokens = scipy.sparse.coo_matrix(np.eye(2, 40))
    for kind, matrix in (
        ("sequence", tokens),
        ("sentence", scipy.sparse.coo_matrix(tokens.sum(0))),
    ):
        message.add_features(Features(matrix, kind, "text", "CountVectorsFeaturizer2"))
    message.add_features(Features(np.ones((2, 3)), "sequence", "text", "dense"))
    message.add_features(
        Features(scipy.sparse.coo_matrix(np.ones((1, 5))), "sequence", "intent", "cv")
    )
    return message


def test_sparse_text_token_features_become_one_empty_token() -> None:
    message = featurised()
    TokenFeatureDropper({}).process([message])
    sequence, sentence = message.get_sparse_features("text")
    assert sequence is not None and sequence.features.shape == (1, 1)
    assert sequence.features.nnz == 0
    # What the sentence vector is made of is untouched: DIET and the regression read it.
    assert sentence is not None and sentence.features.shape == (1, 40)
    assert sentence.features.sum() == 2
    dense_sequence, _ = message.get_dense_features("text")
    assert dense_sequence is not None and dense_sequence.features.shape == (2, 3)
    intent_sequence, _ = message.get_sparse_features("intent")
    assert intent_sequence is not None and intent_sequence.features.shape == (1, 5)


def test_training_examples_lose_them_as_live_messages_do() -> None:
    example = featurised()
    TokenFeatureDropper({}).process_training_data(TrainingData(training_examples=[example]))
    sequence, _ = example.get_sparse_features("text")
    assert sequence is not None and sequence.features.shape == (1, 1)


def test_a_message_without_features_passes_through() -> None:
    message = Message(data={"text": ""})
    TokenFeatureDropper({}).process([message])
    assert message.features == []


@pytest.fixture(scope="module")
def pipeline() -> list[dict[str, Any]]:
    config = yaml.safe_load(Path("config.yml").read_text(encoding="utf-8"))
    return list(config["pipeline"])


def test_the_pipeline_drops_token_features_only_where_diet_cannot_use_them(
    pipeline: list[dict[str, Any]],
) -> None:
    names = [step["name"] for step in pipeline]
    assert DROPPER in names
    position = names.index(DROPPER)
    # After every featurizer, before DIET: the regression after DIET reads sentence features only.
    assert position > max(i for i, name in enumerate(names) if "Featurizer" in name)
    assert position < names.index("DIETClassifier")
    diet = pipeline[names.index("DIETClassifier")]
    # Any of these would let the token features reach the intent, and dropping them would hurt.
    assert diet.get("number_of_transformer_layers") == 0
    assert diet.get("entity_recognition") is False
    assert not diet.get("use_masked_language_model", False)
