"""The regression's fast prediction against Rasa's own, on a model trained through Rasa."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.logistic_regression import FastLogisticRegression
from bot.nlu.sentence_features import sentence_vector
from tests.nlu.featurised import CONTEXT, featurised

WIDTHS = (7, 5)  # two featurizers' vocabularies, as the word and character n-gram counts


def trained(tmp_path: Path, intents: list[str]) -> FastLogisticRegression:
    rng = np.random.default_rng(7)
    examples = [featurised(rng, WIDTHS, intents[i % len(intents)]) for i in range(60)]
    storage = LocalModelStorage(tmp_path)
    resource = Resource("regression")
    FastLogisticRegression.create({}, storage, resource, CONTEXT).train(
        TrainingData(training_examples=examples)
    )
    loaded = FastLogisticRegression.load({}, storage, resource, CONTEXT)
    assert isinstance(loaded, FastLogisticRegression)
    return loaded


def rasa_ranking(component: FastLogisticRegression, message: Message) -> list[dict]:
    """The ranking Rasa's own process gives, with the same fitted model."""
    LogisticRegressionClassifier.process(component, [message])
    return list(message.get("intent_ranking"))


@pytest.mark.parametrize("intents", [["a", "b", "c", "d"], ["yes", "no"]])
def test_the_same_ranking_as_rasas_regression(tmp_path: Path, intents: list[str]) -> None:
    component = trained(tmp_path, intents)
    rng = np.random.default_rng(11)
    for _ in range(20):
        message = featurised(rng, WIDTHS)
        expected = rasa_ranking(component, message)
        component.process([message])
        ranking = message.get("intent_ranking")
        assert [e["name"] for e in ranking] == [e["name"] for e in expected]
        assert [e["confidence"] for e in ranking] == pytest.approx(
            [e["confidence"] for e in expected], abs=1e-12
        )
        assert message.get("intent") == ranking[0]


def test_features_are_joined_in_featurizer_order() -> None:
    message = featurised(np.random.default_rng(3), WIDTHS)
    vector = sentence_vector(message)
    assert vector is not None
    columns, values, width = vector
    joined = message.get_sparse_features("text")[1]
    assert joined is not None and width == sum(WIDTHS)
    dense = np.zeros(width)
    dense[columns] = values
    assert dense == pytest.approx(joined.features.toarray()[0])


def test_a_message_without_features_gets_no_intent(tmp_path: Path) -> None:
    component = trained(tmp_path, ["a", "b", "c"])
    message = Message(data={"text": ""})
    component.process([message])
    assert message.get("intent") is None


def test_features_of_another_width_are_refused(tmp_path: Path) -> None:
    component = trained(tmp_path, ["a", "b", "c"])
    with pytest.raises(ValueError, match="features for a model trained on"):
        component.probabilities(np.array([0]), np.array([1.0]), sum(WIDTHS) + 1)


def test_the_training_matrix_is_rasas(tmp_path: Path) -> None:
    component = trained(tmp_path, ["a", "b", "c"])
    rng = np.random.default_rng(5)
    messages = [featurised(rng, WIDTHS, "a") for _ in range(30)]
    ours = component._create_X(messages)
    theirs = LogisticRegressionClassifier._create_X(component, messages)
    assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
    assert (ours != theirs).nnz == 0
    assert ours.indptr.tolist() == theirs.indptr.tolist()
    assert ours.indices.tolist() == theirs.indices.tolist()
