"""Retention: conversations and agents' feedback older than the retention period are deleted."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

DAY = 86400.0


@dataclass(frozen=True)
class Purged:
    """What one purge removed."""

    conversations: int
    events: int
    feedback: int


def tracker_db_url(endpoints: Path) -> str | None:
    """The SQLAlchemy URL of the SQL tracker store configured in an endpoints file, if any."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.utils.endpoints import read_endpoint_config

    config = read_endpoint_config(str(endpoints), "tracker_store")
    if (
        config is None
        or not config.type
        or not config.type.lower().endswith(("sql", "sqltrackerstore"))
    ):
        return None
    keys = config.kwargs
    url = SQLTrackerStore.get_db_url(
        keys.get("dialect", "sqlite"),
        config.url,
        keys.get("port"),
        keys.get("db", "rasa.db"),
        keys.get("username"),
        keys.get("password"),
    )
    return url if isinstance(url, str) else url.render_as_string(hide_password=False)


def purge(
    tracker_url: str | None, feedback_url: str | None, days: float, now: float | None = None
) -> Purged:
    """Delete conversations whose last event is older than `days`, and older feedback."""
    cutoff = (time.time() if now is None else now) - days * DAY
    conversations = events = feedback = 0
    if tracker_url:
        engine = sa.create_engine(tracker_url, future=True)
        with engine.begin() as connection:
            if sa.inspect(connection).has_table("events"):
                # Whole conversations only: a tracker with its first events cut would not replay.
                stale = (
                    "SELECT sender_id FROM events GROUP BY sender_id"
                    " HAVING MAX(timestamp) < :cutoff"
                )
                senders = [row[0] for row in connection.execute(sa.text(stale), {"cutoff": cutoff})]
                conversations = len(senders)
                for start in range(0, len(senders), 500):
                    chunk = senders[start : start + 500]
                    result = connection.execute(
                        sa.text("DELETE FROM events WHERE sender_id IN :senders").bindparams(
                            sa.bindparam("senders", expanding=True)
                        ),
                        {"senders": chunk},
                    )
                    events += result.rowcount
        engine.dispose()
    if feedback_url:
        from bot.feedback import FeedbackStore

        feedback = FeedbackStore(feedback_url).purge_before(cutoff)
    return Purged(conversations, events, feedback)
