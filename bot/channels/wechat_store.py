"""What the WeChat connector keeps between requests.

- `ReplyCache`: the reply given to each message id, so a retried message is answered once and
  identically (WeChat retries a `MsgId` up to 3 times). Redis when configured, else in-process.
- `UserState`: per user, replies not yet delivered (pending) and the payloads of the last
  numbered choices. SQLite by default (a restart keeps them), Redis when configured.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from pathlib import Path
from typing import Any, Protocol

logger = logging.getLogger(__name__)

TTL = 300  # seconds a message id is remembered; WeChat's retries come within ~15 s


class ReplyCache(Protocol):
    """Replies by message id, for retries."""

    def get(self, key: str) -> str | None:
        """The reply stored for `key`, if any."""

    def put(self, key: str, reply: str) -> None:
        """Remember the reply to `key` for `TTL` seconds."""


class MemoryReplyCache:
    """In-process cache with expiry (one server)."""

    def __init__(self, ttl: float = TTL) -> None:
        """An empty cache whose entries live `ttl` seconds."""
        self._ttl = ttl
        self._entries: dict[str, tuple[float, str]] = {}

    def get(self, key: str) -> str | None:
        """The reply stored for `key`, if not expired."""
        entry = self._entries.get(key)
        if entry is None or entry[0] < time.monotonic():
            self._entries.pop(key, None)
            return None
        return entry[1]

    def put(self, key: str, reply: str) -> None:
        """Remember the reply; expired entries are dropped on the way."""
        now = time.monotonic()
        if len(self._entries) > 10_000:
            self._entries = {k: v for k, v in self._entries.items() if v[0] >= now}
        self._entries[key] = (now + self._ttl, reply)


class RedisReplyCache:
    """Shared by every server; falls back to memory (and says so) while Redis is down."""

    def __init__(self, url: str, ttl: int = TTL) -> None:
        """Connect lazily to `url` (redis://…)."""
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._ttl = ttl
        self._fallback = MemoryReplyCache(ttl)

    def get(self, key: str) -> str | None:
        """The reply stored for `key`, from Redis or, if it is down, from memory."""
        try:
            value = self._redis.get(f"wechat:reply:{key}")
        except Exception as error:  # any Redis failure means: use memory
            logger.warning("Redis unavailable for WeChat dedup (%s): using in-process cache", error)
            return self._fallback.get(key)
        return value.decode("utf-8") if value is not None else self._fallback.get(key)

    def put(self, key: str, reply: str) -> None:
        """Store in Redis with expiry; in memory too, so a Redis outage keeps dedup working."""
        self._fallback.put(key, reply)
        try:
            self._redis.set(f"wechat:reply:{key}", reply.encode("utf-8"), ex=self._ttl)
        except Exception as error:
            logger.warning("Redis unavailable for WeChat dedup (%s): kept in memory only", error)


class UserState(Protocol):
    """Pending replies and the last numbered choices, per WeChat user."""

    def add_pending(self, user: str, parts: list[str]) -> None:
        """Queue parts the user has not received yet."""

    def take_pending(self, user: str) -> list[str]:
        """Remove and return the user's pending parts (oldest first)."""

    def has_pending(self, user: str) -> bool:
        """Whether anything waits for the user."""

    def set_choices(self, user: str, payloads: list[str]) -> None:
        """Remember what "1", "2" … mean for the user's next message."""

    def choices(self, user: str) -> list[str]:
        """The payloads of the user's last numbered choices."""


class SQLiteUserState:
    """One SQLite file (default var/wechat.db); survives restarts."""

    def __init__(self, path: Path) -> None:
        """Open (and create) the database."""
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=10
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS pending (user TEXT, part TEXT, created REAL, "
            "id INTEGER PRIMARY KEY AUTOINCREMENT)"
        )
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS choices (user TEXT PRIMARY KEY, payloads TEXT)"
        )

    def add_pending(self, user: str, parts: list[str]) -> None:
        """Queue parts the user has not received yet."""
        now = time.time()
        self._db.executemany(
            "INSERT INTO pending (user, part, created) VALUES (?, ?, ?)",
            [(user, part, now) for part in parts],
        )

    def take_pending(self, user: str) -> list[str]:
        """Remove and return the user's pending parts (oldest first)."""
        with self._db:
            rows = self._db.execute(
                "SELECT id, part FROM pending WHERE user = ? ORDER BY id", (user,)
            ).fetchall()
            self._db.execute("DELETE FROM pending WHERE user = ?", (user,))
        return [part for _, part in rows]

    def has_pending(self, user: str) -> bool:
        """Whether anything waits for the user."""
        row = self._db.execute("SELECT 1 FROM pending WHERE user = ? LIMIT 1", (user,)).fetchone()
        return row is not None

    def set_choices(self, user: str, payloads: list[str]) -> None:
        """Remember what "1", "2" … mean for the user's next message."""
        self._db.execute(
            "INSERT OR REPLACE INTO choices (user, payloads) VALUES (?, ?)",
            (user, json.dumps(payloads, ensure_ascii=False)),
        )

    def choices(self, user: str) -> list[str]:
        """The payloads of the user's last numbered choices."""
        row = self._db.execute("SELECT payloads FROM choices WHERE user = ?", (user,)).fetchone()
        return list(json.loads(row[0])) if row else []


class RedisUserState:
    """The same, shared by every server through Redis (lists and strings per user).

    While Redis is down it keeps working on `fallback` (this server's SQLite) and says so in
    the log: pending parts queued then reach the user from this server only.
    """

    def __init__(self, url: str, fallback: UserState) -> None:
        """Connect lazily to `url`."""
        import redis

        self._redis: Any = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self._fallback = fallback
        self._down = False

    def _use(self, operation: str, redis_call: Any, *args: Any) -> Any:
        try:
            result = redis_call(*args)
        except Exception as error:  # any Redis failure means: this server's own store
            if not self._down:
                logger.warning(
                    "Redis unavailable for WeChat pending replies (%s): using this server's store",
                    error,
                )
            self._down = True
            return getattr(self._fallback, operation)(*args)
        if self._down:
            logger.warning("Redis is back for WeChat pending replies")
            self._down = False
        return result

    def add_pending(self, user: str, parts: list[str]) -> None:
        """Queue parts the user has not received yet."""
        if parts:
            self._use("add_pending", self._add_pending, user, parts)

    def _add_pending(self, user: str, parts: list[str]) -> None:
        self._redis.rpush(f"wechat:pending:{user}", *parts)

    def take_pending(self, user: str) -> list[str]:
        """Remove and return the user's pending parts (oldest first), wherever they wait."""
        parts: list[str] = self._use("take_pending", self._take_pending, user)
        if not self._down and self._fallback.has_pending(user):
            parts = self._fallback.take_pending(user) + parts  # queued during an outage
        return parts

    def _take_pending(self, user: str) -> list[str]:
        key = f"wechat:pending:{user}"
        pipe = self._redis.pipeline()
        pipe.lrange(key, 0, -1)
        pipe.delete(key)
        parts, _ = pipe.execute()
        return [p.decode("utf-8") for p in parts]

    def has_pending(self, user: str) -> bool:
        """Whether anything waits for the user."""
        waiting = self._use(
            "has_pending", lambda u: bool(self._redis.llen(f"wechat:pending:{u}")), user
        )
        return bool(waiting) or (not self._down and self._fallback.has_pending(user))

    def set_choices(self, user: str, payloads: list[str]) -> None:
        """Remember what "1", "2" … mean for the user's next message."""
        self._use("set_choices", self._set_choices, user, payloads)

    def _set_choices(self, user: str, payloads: list[str]) -> None:
        self._redis.set(f"wechat:choices:{user}", json.dumps(payloads, ensure_ascii=False))

    def choices(self, user: str) -> list[str]:
        """The payloads of the user's last numbered choices."""
        value = self._use("choices", lambda u: self._redis.get(f"wechat:choices:{u}"), user)
        if isinstance(value, list):
            return value  # from the fallback
        return list(json.loads(value)) if value else []
