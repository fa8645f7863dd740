"""Rasa tracker store that masks personal data before anything reaches the database."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy import mask
from bot.server_hooks import on_server_start


class _Masked:
    """What `SQLTrackerStore.save` reads of an event (`type_name`, `as_dict()`), masked."""

    def __init__(self, event: Event) -> None:
        self.type_name = event.type_name
        self._data = mask_event(event.as_dict())

    def as_dict(self) -> dict[str, Any]:
        return self._data


def mask_event(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of a serialised user event with personal data masked (other events unchanged)."""
    if data.get("event") != "user":
        return data  # the bot's own words come from the guide: consulates' numbers stay readable
    data = copy.deepcopy(data)
    if isinstance(data.get("text"), str):
        data["text"] = mask(data["text"])
    parse_data = data.get("parse_data")
    if isinstance(parse_data, dict) and isinstance(parse_data.get("text"), str):
        parse_data["text"] = mask(parse_data["text"])
    return data


class MaskingSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` (SQLite, PostgreSQL …) storing events with personal data masked.

    Configured in endpoints.yml as `type: bot.stores.MaskingSQLTrackerStore` with the same keys
    as Rasa's `type: SQL`. The conversation in memory keeps the full text for the current turn.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The one object of ours a Rasa server creates once, after configuring its log handlers.
        on_server_start()

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Any]:
        for event in super()._additional_events(session, tracker):
            yield _Masked(event)
