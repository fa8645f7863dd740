"""DIET's numpy prediction against its TensorFlow one, on models trained through Rasa."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.fast_diet import FastDIETClassifier
from tests.nlu.featurised import CONTEXT, featurised

WIDTHS = (9, 6)  # two featurizers' vocabularies, as the word and character n-gram counts
INTENTS = ["lost", "crash", "detained", "greet"]
# As config.yml has it: no layer mixes the tokens into the sentence vector.
WITHOUT_LAYERS = {
    "number_of_transformer_layers": 0,
    "entity_recognition": False,
    "constrain_similarities": True,
}


def trained(tmp_path: Path, config: dict[str, Any]) -> FastDIETClassifier:
    rng = np.random.default_rng(5)
    examples = [featurised(rng, WIDTHS, INTENTS[i % len(INTENTS)]) for i in range(48)]
    config = {**FastDIETClassifier.get_default_config(), "epochs": 3, "random_seed": 1, **config}
    storage = LocalModelStorage(tmp_path)
    resource = Resource("diet")
    FastDIETClassifier.create(config, storage, resource, CONTEXT).train(
        TrainingData(training_examples=examples)
    )
    loaded = FastDIETClassifier.load(config, storage, resource, CONTEXT)
    assert isinstance(loaded, FastDIETClassifier)
    return loaded


def scores(output: dict[str, Any] | None) -> np.ndarray:
    assert output is not None
    return np.asarray(output["i_scores"]).flatten()


@pytest.fixture(scope="module")
def without_layers(tmp_path_factory: pytest.TempPathFactory) -> FastDIETClassifier:
    return trained(tmp_path_factory.mktemp("diet"), WITHOUT_LAYERS)


def test_the_same_scores_as_diets_own_prediction(without_layers: FastDIETClassifier) -> None:
    assert without_layers._weights() is not None  # the numpy path is the one tested
    rng = np.random.default_rng(9)
    for _ in range(25):
        message = featurised(rng, WIDTHS)
        expected = scores(DIETClassifier._predict(without_layers, message))  # TensorFlow
        assert scores(without_layers._predict(message)) == pytest.approx(expected, abs=1e-6)


def test_process_ranks_every_intent_by_those_scores(without_layers: FastDIETClassifier) -> None:
    message = featurised(np.random.default_rng(2), WIDTHS)
    expected = scores(DIETClassifier._predict(without_layers, message))
    without_layers.process([message])
    ranking = message.get("intent_ranking")
    assert [entry["confidence"] for entry in ranking] == pytest.approx(sorted(expected)[::-1])
    assert {entry["name"] for entry in ranking} == set(INTENTS)
    assert message.get("intent") == ranking[0]


def test_a_message_without_features_gets_no_intent(without_layers: FastDIETClassifier) -> None:
    message = Message(data={"text": ""})
    without_layers.process([message])
    assert message.get("intent") == {"name": None, "confidence": 0.0}


@pytest.mark.parametrize(
    "config",
    [
        {"number_of_transformer_layers": 1, "entity_recognition": False},
        {**WITHOUT_LAYERS, "hidden_layers_sizes": {"text": [8], "label": []}},
    ],
    ids=["transformer", "hidden layer"],
)
def test_layers_that_mix_the_features_keep_tensorflows_prediction(
    tmp_path: Path, config: dict[str, Any]
) -> None:
    component = trained(tmp_path, config)
    assert component._weights() is None
    message = featurised(np.random.default_rng(4), WIDTHS)
    component.process([message])
    assert message.get("intent")["name"] in INTENTS
