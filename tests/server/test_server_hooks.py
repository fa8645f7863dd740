"""The server set-up keeps Rasa's behaviour: same action-reply validation, same event classes."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered

from bot.server_hooks import on_server_start


@pytest.fixture(scope="module")
def action() -> RemoteAction:
    on_server_start()
    return RemoteAction("action_respond", None)


def test_valid_action_replies_pass(action: RemoteAction) -> None:
    reply = {
        "events": [{"event": "slot", "name": "topic", "value": "5.1.1"}],
        "responses": [{"text": "好的"}],
    }
    assert action._validate_action_result(reply) is True


@pytest.mark.parametrize(
    "reply",
    [
        {"events": [{"event": "no_such_event"}], "responses": []},
        {"events": "not a list", "responses": []},
        {"events": [], "responses": ["not an object"]},
    ],
)
def test_invalid_action_replies_are_rejected_with_rasas_hint(
    action: RemoteAction, reply: dict
) -> None:
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server"):
        action._validate_action_result(reply)
    with pytest.raises(jsonschema.ValidationError):  # what Rasa's own check says
        jsonschema.validate(reply, RemoteAction.action_response_format_spec())


def test_event_classes_resolve_as_before(action: RemoteAction) -> None:
    for cls in (UserUttered, BotUttered, ActionExecuted, SlotSet):
        assert Event.resolve_by_type(cls.type_name) is cls
        assert Event.resolve_by_type(cls.type_name) is cls  # remembered
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    assert Event.resolve_by_type("topic") is None
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")


def test_minimal_graph_schemas_are_the_same_remembered(action: RemoteAction) -> None:
    from rasa.engine.graph import GraphSchema, SchemaNode

    def node(*needs: str) -> SchemaNode:
        return SchemaNode({f"n{i}": name for i, name in enumerate(needs)}, object, "", "", {})

    schema = GraphSchema({"a": node(), "b": node("a"), "c": node("a", "b"), "d": node()})
    first = schema.minimal_graph_schema(["c"])
    assert set(first.nodes) == {"a", "b", "c"}
    assert schema.minimal_graph_schema(["c"]) is first
    assert set(schema.minimal_graph_schema(["d"]).nodes) == {"d"}
