"""Set-up the Rasa server process needs once: log masking, a cached action-reply validator.

Rasa 3.6 validates every action server reply with `jsonschema.validate`, which checks the
schema itself before the reply, every time: measured at about a third of the Rasa server's CPU
per turn (`make bench`'s profile). The same validation with a validator built once is
behaviour-identical (same schema, same `ValidationError` with Rasa's hint) and ~50× cheaper.
Loading a conversation looks up each stored event's class by walking all `Event` subclasses;
the same lookup, remembered, is about a tenth of the tracker store's read time. Each of the
three graph runs of a turn recomputes the part of the (fixed) model graph it needs by a
recursive walk (~7 % of the server's CPU); it is remembered per graph and target list.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.engine.graph import GraphSchema
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event

from bot.privacy import mask_logs

_HINT = (
    ". Failed to validate Action server response from API, make sure your response from the "
    f"Action endpoint is valid. For more information about the format visit "
    f"{DOCS_BASE_URL}/custom-actions"
)


@lru_cache(maxsize=1)
def _action_result_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, as jsonschema.validate would on every call
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        _action_result_validator().validate(result)
    except ValidationError as error:
        error.message += _HINT
        raise
    return True


_resolve_uncached = Event.resolve_by_type
_event_classes: dict[str, type[Event]] = {}


def _resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    found = _event_classes.get(type_name)
    if found is None:
        found = _resolve_uncached(type_name, default)
        if found is not None and found.type_name == type_name:
            _event_classes[type_name] = found
    return found


_minimal_uncached = GraphSchema.minimal_graph_schema
_minimal_schemas: dict[tuple[int, tuple[str, ...] | None], tuple[GraphSchema, GraphSchema]] = {}


def _minimal_graph_schema(self: GraphSchema, targets: list[str] | None = None) -> GraphSchema:
    key = (id(self), tuple(targets) if targets else None)
    cached = _minimal_schemas.get(key)
    if cached is None or cached[0] is not self:
        cached = (self, _minimal_uncached(self, targets))
        _minimal_schemas[key] = cached
    return cached[1]


def on_server_start() -> None:
    """Mask personal data in the server's logs; validate action replies with a cached schema."""
    mask_logs()
    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_by_type)
    GraphSchema.minimal_graph_schema = _minimal_graph_schema
