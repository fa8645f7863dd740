"""Rasa stores: a tracker store that masks personal data, a lock store that survives Redis.

The tracker store masks before anything reaches the database; the Redis lock store keeps
serving (locks per server) while Redis is down.
"""

from __future__ import annotations

import copy
import itertools
import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore, TicketLock
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from rasa.utils.endpoints import EndpointConfig

from bot.privacy import mask
from bot.server_hooks import on_server_start

logger = logging.getLogger(__name__)
T = TypeVar("T")


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

    # PostgreSQL refuses NUL in text, and Rasa's session handling exits the whole server on
    # that error (found by the fuzz test): such an id is refused before any SQL runs.
    @staticmethod
    def _check_id(sender_id: str) -> None:
        if "\x00" in sender_id:
            raise ValueError("a conversation id may not contain NUL characters")

    # Rasa's own queries go through the ORM, whose statement caching cost more CPU than the
    # queries themselves (about a quarter of the server's time per turn in `make bench`'s profile).
    # The same queries in plain SQL, compiled once; same table, same rows, same order.
    _SESSION_START = (
        "(SELECT MAX(timestamp) FROM events WHERE sender_id = :sender"
        f" AND type_name = '{SessionStarted.type_name}')"
    )
    _LATEST_SESSION = f"(timestamp >= {_SESSION_START} OR {_SESSION_START} IS NULL)"
    _SELECT_LATEST = sa.text(
        f"SELECT data FROM events WHERE sender_id = :sender AND {_LATEST_SESSION} ORDER BY id"
    )
    _SELECT_ALL = sa.text("SELECT data FROM events WHERE sender_id = :sender ORDER BY id")
    _COUNT_LATEST = sa.text(
        f"SELECT COUNT(*) FROM events WHERE sender_id = :sender AND {_LATEST_SESSION}"
    )

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The latest session of a conversation."""
        return self._load(sender_id, self._SELECT_LATEST)

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        """Every session of a conversation."""
        return self._load(conversation_id, self._SELECT_ALL)

    def _load(self, sender_id: str, query: Any) -> DialogueStateTracker | None:
        self._check_id(sender_id)
        with self.engine.connect() as connection:
            rows = connection.execute(query, {"sender": sender_id}).all()
        if not self.domain or not rows:
            return None
        events = [json.loads(data) for (data,) in rows]
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the events not stored yet, user messages masked."""
        self._check_id(tracker.sender_id)
        await self.stream_events(tracker)
        with self.engine.begin() as connection:
            stored = connection.execute(self._COUNT_LATEST, {"sender": tracker.sender_id}).scalar()
            rows = []
            for event in itertools.islice(tracker.events, int(stored or 0), None):
                data = mask_event(event.as_dict())
                rows.append(
                    {
                        "sender_id": tracker.sender_id,
                        "type_name": event.type_name,
                        "timestamp": data.get("timestamp"),
                        "intent_name": (data.get("parse_data") or {})
                        .get("intent", {})
                        .get(INTENT_NAME_KEY),
                        "action_name": data.get("name"),
                        "data": json.dumps(data),
                    }
                )
            if rows:
                connection.execute(self.SQLEvent.__table__.insert(), rows)


class FallbackRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store; while Redis is down, this server's in-memory locks instead.

    Configured as `lock_store: type: bot.stores.FallbackRedisLockStore` with the keys of Rasa's
    `type: redis`. During an outage a user's turns are still serialised on each server (not
    across servers), and the log says so once, then again when Redis is back.
    """

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        import redis

        self._errors = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
        self._memory = InMemoryLockStore()
        self._down = False
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _either(self, redis_call: Callable[[], T], memory_call: Callable[[], T]) -> T:
        try:
            result = redis_call()
        except self._errors as error:
            if not self._down:
                logger.error("Redis lock store unavailable (%s): locking per server", error)
                self._down = True
            return memory_call()
        if self._down:
            logger.warning("Redis lock store is back")
            self._down = False
        return result

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        """The conversation's lock, from Redis or (outage) this server's memory."""
        return self._either(
            lambda: super(FallbackRedisLockStore, self).get_lock(conversation_id),
            lambda: self._memory.get_lock(conversation_id),
        )

    def delete_lock(self, conversation_id: str) -> None:
        """Delete the conversation's lock wherever it is."""
        self._memory.delete_lock(conversation_id)
        self._either(
            lambda: super(FallbackRedisLockStore, self).delete_lock(conversation_id),
            lambda: None,
        )

    def save_lock(self, lock: TicketLock) -> None:
        """Save the lock in Redis or (outage) this server's memory."""
        self._either(
            lambda: super(FallbackRedisLockStore, self).save_lock(lock),
            lambda: self._memory.save_lock(lock),
        )
