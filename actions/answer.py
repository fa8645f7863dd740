"""Actions that answer from the knowledge base."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.answers import Reply, choices_answer, more_answer, section_answer
from bot.guide import default_guide
from bot.names import ENTITY_SECTION, NLU_FALLBACK, SLOT_COUNTRY, SLOT_TOPIC
from bot.nlu.parse_data import section_ranking


def _dispatch(dispatcher: CollectingDispatcher, replies: Sequence[Reply]) -> None:
    for reply in replies:
        dispatcher.utter_message(**reply.as_dict())


def _asked_section(tracker: Tracker) -> str | None:
    """A section named by a button payload (/guide{"section": "5.1.2"})."""
    section = next(tracker.get_latest_entity_values(ENTITY_SECTION), None)
    return str(section) if section and str(section) in default_guide() else None


class ActionAnswerSection(Action):
    """Answer the best-matching section, or offer the closest ones when unsure."""

    def name(self) -> str:
        """Rasa name of the action."""
        return "action_answer_section"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Dispatch the answer and remember the topic."""
        guide = default_guide()
        ranking = section_ranking(tracker.latest_message)
        section_id = _asked_section(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if section_id is None and (intent == NLU_FALLBACK or not ranking):
            _dispatch(dispatcher, choices_answer(guide, ranking))
            return []
        section_id = section_id or ranking[0][0]
        _dispatch(dispatcher, section_answer(guide[section_id]))
        return [SlotSet(SLOT_TOPIC, section_id)]


class ActionAnswerMore(Action):
    """More on the current topic: the sections a user may want next."""

    def name(self) -> str:
        """Rasa name of the action."""
        return "action_answer_more"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Dispatch related sections for the remembered topic, or ask for the situation."""
        guide = default_guide()
        topic = tracker.get_slot(SLOT_TOPIC)
        if topic in guide:
            _dispatch(dispatcher, more_answer(guide[topic], guide))
        else:
            dispatcher.utter_message(response="utter_greet")
        return []


class ActionSetCountry(Action):
    """The user said where they are: remember it."""

    def name(self) -> str:
        """Rasa name of the action."""
        return "action_set_country"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Confirm the country, or ask what happened if no topic is known yet."""
        country = tracker.get_slot(SLOT_COUNTRY)
        where = f"好的，您在{country}。" if country else "好的。"
        dispatcher.utter_message(text=where + "请告诉我您遇到了什么情况。")
        return []
