"""Shared parts of our Rasa components.

Bases for those with nothing to train, and reading back what a trained one stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.text_classifier import UNREADABLE

T = TypeVar("T")
logger = logging.getLogger(__name__)


def read_stored(
    model_storage: ModelStorage,
    resource: Resource,
    read: Callable[[Path], T],
    what: str,
    instead: str,
) -> T | None:
    """What `read` makes of the component's stored directory, or None, with a warning.

    None when the model stores nothing there (Rasa: ValueError) or older code stored it.
    """
    try:
        with model_storage.read_from(resource) as directory:
            return read(directory)
    except UNREADABLE as error:
        logger.warning(
            "the model's %s is missing or from older code (%s); %s (retrain the model)",
            what,
            type(error).__name__,
            instead,
        )
        return None


class UntrainedComponent(GraphComponent):
    """A component built from its config alone; subclasses take `config` in `__init__`."""

    def __init__(self, config: dict[str, Any]) -> None:
        """Keep the merged default and pipeline config."""
        self._config = config

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        """Create the component (nothing to train, nothing stored)."""
        return cls(config)


class MessageStep(UntrainedComponent):
    """An untrained step that changes messages in place: training examples exactly as live ones."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Change the training examples the same way as live messages."""
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Change each message in place."""
        raise NotImplementedError
