"""Shared base for our Rasa components that have nothing to train."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage


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
