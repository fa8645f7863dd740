"""Rasa's logistic regression classifier, with its weights laid out for fast prediction."""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class FastLogisticRegression(LogisticRegressionClassifier):
    """Same model; the weight matrix is stored column-major once it is loaded.

    sklearn computes `X @ coef_.T`; with coef_ in C order scipy copies the whole transposed
    matrix (112 intents × every n-gram) on each message — the largest cost of a parse here.
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
        """Load as Rasa does, then re-lay the weights."""
        component = super().load(config, model_storage, resource, execution_context, **kwargs)
        if hasattr(component.clf, "coef_"):
            component.clf.coef_ = np.asfortranarray(component.clf.coef_)
        return component

    def process(self, messages: list[Message]) -> list[Message]:
        """Classify messages that have features; an empty one (nothing to featurise) is skipped."""
        usable = [m for m in messages if m.get_sparse_features(attribute=TEXT)[1] is not None]
        if usable:
            super().process(usable)
        return messages
