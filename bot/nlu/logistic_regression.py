"""Rasa's logistic regression classifier, predicting one message without sparse-matrix assembly."""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.sentence_features import sentence_vector


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class FastLogisticRegression(LogisticRegressionClassifier):
    """Same model and training; a message is scored from its few non-zero features.

    Rasa joins each message's features into sparse matrices (a deep copy and an hstack per
    featurizer, three times a parse) and scikit-learn multiplies by the transposed weights:
    together ~3.5 ms of a ~20 ms parse here. The arithmetic is the same: the weights of the
    message's columns times its counts, plus the intercepts, through a softmax (lbfgs fits one
    multinomial model for more than two intents).
    """

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LogisticRegressionClassifier:
        """Load as Rasa does, then lay the weights out by column (one column per feature)."""
        component = super().load(config, model_storage, resource, execution_context, **kwargs)
        if hasattr(component.clf, "coef_"):
            component.clf.coef_ = np.asfortranarray(component.clf.coef_)
        return component

    def _create_X(self, messages: list[Message]) -> scipy.sparse.csr_matrix:
        """The messages' features as rows, the matrix Rasa's version builds (~20 s faster here)."""
        vectors = [sentence_vector(message) for message in messages]
        complete = [vector for vector in vectors if vector is not None]
        if not complete or len(complete) < len(vectors) or len({v[2] for v in complete}) > 1:
            return super()._create_X(messages)
        matrix = scipy.sparse.csr_matrix(
            (
                np.concatenate([values for _, values, _ in complete]),
                np.concatenate([columns for columns, _, _ in complete]),
                np.cumsum([0] + [len(columns) for columns, _, _ in complete]),
            ),
            shape=(len(complete), complete[0][2]),
        )
        matrix.sort_indices()
        return matrix

    def process(self, messages: list[Message]) -> list[Message]:
        """Rank the intents of every message that has features; an empty one is skipped."""
        if not hasattr(self.clf, "coef_"):
            return messages  # never trained: no intent examples
        for message in messages:
            vector = sentence_vector(message)
            if vector is None:
                if message.get_sparse_features(attribute=TEXT)[1] is not None:
                    super().process([message])  # dense features too: Rasa's general path
                continue
            self._rank(message, self.probabilities(*vector))
        return messages

    def probabilities(self, columns: np.ndarray, values: np.ndarray, width: int) -> np.ndarray:
        """The intents' probabilities (in `clf.classes_` order) for one message's features."""
        coef = self.clf.coef_
        if width != coef.shape[1]:
            raise ValueError(f"{width} features for a model trained on {coef.shape[1]}")
        scores = coef[:, columns] @ values + self.clf.intercept_
        if len(self.clf.classes_) == 2:  # one score, for the second class
            second = 1.0 / (1.0 + np.exp(-scores[0]))
            return np.array([1.0 - second, second])
        exps = np.exp(scores - scores.max())
        return exps / exps.sum()

    def _rank(self, message: Message, probabilities: np.ndarray) -> None:
        ranking = sorted(
            (
                {"name": name, "confidence": confidence}
                for name, confidence in zip(self.clf.classes_, probabilities, strict=True)
            ),
            key=lambda entry: -entry["confidence"],
        )
        message.set("intent", ranking[0], add_to_output=True)
        if self.config["ranking_length"] > 0:
            ranking = ranking[: self.config["ranking_length"]]
        message.set("intent_ranking", ranking, add_to_output=True)
