"""Shared parts of our Rasa components.

Bases for those with nothing to train and for those that train one object and store it in the
model, and reading back what a trained one stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.text_classifier import UNREADABLE

T = TypeVar("T")


class Storable(Protocol):
    """What a component stores: it writes itself to a file."""

    def save(self, path: Path) -> None:
        """Write to `path`."""


S = TypeVar("S", bound=Storable)
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


class StoredComponent(GraphComponent, Generic[S]):
    """A component that trains one object with the model, stores it there and loads it back.

    Subclasses name the file (`STORED_FILE`), say what the object is (`STORED_WHAT`) and what
    the component does without it (`WITHOUT_IT`) for the warning an older model gets, and read
    the file back in `read`. A component only created, never trained or loaded, has none.
    """

    STORED_FILE: ClassVar[str]
    STORED_WHAT: ClassVar[str]
    WITHOUT_IT: ClassVar[str]

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        trained: S | None = None,
    ) -> None:
        """A component around `trained` (None until trained or loaded)."""
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._trained = trained

    @classmethod
    def read(cls, path: Path) -> S:
        """The object `save` wrote to `path`."""
        raise NotImplementedError

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        """An untrained component (the training graph trains it)."""
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> GraphComponent:
        """The component with what `train` stored (missing or unreadable: none, and a warning)."""
        trained = read_stored(
            model_storage,
            resource,
            lambda directory: cls.read(directory / cls.STORED_FILE),
            cls.STORED_WHAT,
            cls.WITHOUT_IT,
        )
        return cls(config, model_storage, resource, trained)

    def _store(self, trained: S) -> Resource:
        """Keep `trained` and write it into the model."""
        with self._model_storage.write_to(self._resource) as directory:
            trained.save(directory / self.STORED_FILE)
        self._trained = trained
        return self._resource
