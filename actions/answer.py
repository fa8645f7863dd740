"""The one action that answers: it hands the turn to `bot.dialogue` and keeps the context."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.dialogue import Context, Turn, default_composer
from bot.names import SLOT_COUNTRY, SLOT_TOPIC


class ActionRespond(Action):
    """Answer any message from the knowledge base; remember the country and the topic."""

    def __init__(self) -> None:
        """Load the composer now: rasa_sdk creates the action before it reports healthy."""
        default_composer()

    def name(self) -> str:
        """Rasa name of the action."""
        return "action_respond"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Dispatch the composed replies and set the slots that changed."""
        message = tracker.latest_message or {}
        text = str(message.get("text") or "")
        # The Rasa server's DangerDetector put the kind of danger into the parse data.
        turn = Turn.from_parse(text, message)
        before = Context(tracker.get_slot(SLOT_COUNTRY), tracker.get_slot(SLOT_TOPIC))
        response = default_composer().respond(turn, before)
        for reply in response.replies:
            dispatcher.utter_message(**reply.as_dict())
        events: list[EventType] = []
        if response.context.country != before.country:
            events.append(SlotSet(SLOT_COUNTRY, response.context.country))
        if response.context.topic != before.topic:
            events.append(SlotSet(SLOT_TOPIC, response.context.topic))
        return events
