"""The tracker store masks what users typed before it reaches the database; purge keeps recent."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import time
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.feedback import Feedback, FeedbackStore
from bot.retention import DAY, purge, tracker_db_url
from bot.stores import MaskingSQLTrackerStore


@pytest.fixture
def store(tmp_path: Path) -> MaskingSQLTrackerStore:
    return MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "rasa.db"))


def conversation(sender: str, text: str, when: float) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, [])
    parse = {"text": text, "intent": {"name": "lost_passport", "confidence": 0.9}, "entities": []}
    tracker.update(UserUttered(text, parse_data=parse["intent"], timestamp=when))
    tracker.events[-1].parse_data["text"] = text  # what Rasa's processor stores
    tracker.update(ActionExecuted("action_respond", timestamp=when))
    tracker.update(BotUttered("使馆电话 +66-2-2457010", timestamp=when))
    return tracker


def stored_rows(db: Path) -> list[dict]:
    with sqlite3.connect(db) as connection:
        return [json.loads(row[0]) for row in connection.execute("SELECT data FROM events")]


def test_user_numbers_never_reach_the_database(
    store: MaskingSQLTrackerStore, tmp_path: Path
) -> None:
    tracker = conversation("u1", "护照E12345678丢了，我电话13812345678", time.time())
    asyncio.run(store.save(tracker))
    raw = (tmp_path / "rasa.db").read_bytes().decode("utf-8", "ignore")
    assert "E12345678" not in raw and "13812345678" not in raw
    user = [row for row in stored_rows(tmp_path / "rasa.db") if row["event"] == "user"]
    assert user[0]["text"] == "护照[证件号]丢了，我电话[电话]"
    assert user[0]["parse_data"]["text"] == user[0]["text"]
    assert tracker.events[0].text.startswith("护照E12345678")  # the live turn keeps the full text


def test_masked_conversation_reloads_and_continues(store: MaskingSQLTrackerStore) -> None:
    tracker = conversation("u2", "护照E12345678丢了", time.time())
    asyncio.run(store.save(tracker))
    reloaded = asyncio.run(store.retrieve("u2"))
    assert reloaded is not None
    assert [e.text for e in reloaded.events if isinstance(e, UserUttered)] == ["护照[证件号]丢了"]
    assert [e.text for e in reloaded.events if isinstance(e, BotUttered)] == [
        "使馆电话 +66-2-2457010"
    ]
    reloaded.update(UserUttered("还有呢", timestamp=time.time()))
    asyncio.run(store.save(reloaded))
    assert len(stored_rows(Path(store.engine.url.database))) == 4  # appended, not duplicated


def test_server_logs_are_masked_once_the_store_is_created(tmp_path: Path) -> None:
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "r.db"))
        # A logger of its own: other tests may have changed the levels of Rasa's loggers.
        logger = logging.getLogger("tests.privacy.server_log")
        logger.setLevel(logging.INFO)
        logger.error("Received user message '%s'", "E12345678")
    finally:
        root.removeHandler(handler)
    assert lines == ["Received user message '[证件号]'"]


def test_purge_deletes_only_conversations_past_retention(
    store: MaskingSQLTrackerStore, tmp_path: Path
) -> None:
    now = time.time()
    asyncio.run(store.save(conversation("old", "护照丢了", now - 100 * DAY)))
    asyncio.run(store.save(conversation("recent", "护照丢了", now - 10 * DAY)))
    feedback_url = f"sqlite:///{tmp_path / 'feedback.db'}"
    FeedbackStore(feedback_url).add(Feedback("护照E12345678丢了", "5.1.1", None, "right"))

    done = purge(f"sqlite:///{tmp_path / 'rasa.db'}", feedback_url, days=90, now=now)

    assert (done.conversations, done.events, done.feedback) == (1, 3, 0)
    assert asyncio.run(store.retrieve("old")) is None
    assert asyncio.run(store.retrieve("recent")) is not None
    assert purge(None, feedback_url, days=90, now=now + 91 * DAY).feedback == 1
    assert FeedbackStore(feedback_url).all() == []


def test_feedback_is_stored_masked(tmp_path: Path) -> None:
    feedback = FeedbackStore(f"sqlite:///{tmp_path / 'f.db'}")
    feedback.add(Feedback("来电人护照E12345678被扣", "5.7.2", None, "right"))
    assert feedback.all()[0].text == "来电人护照[证件号]被扣"


def test_purge_finds_the_tracker_database_in_the_endpoints_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n  type: bot.stores.MaskingSQLTrackerStore\n  dialect: postgresql\n"
        "  url: ${DB_HOST}\n  port: 5432\n  db: rasa\n  username: bot\n"
        "  password: ${DB_PASSWORD}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DB_HOST", "db.internal")
    monkeypatch.setenv("DB_PASSWORD", "s3cret")
    assert tracker_db_url(endpoints) == "postgresql://bot:s3cret@db.internal:5432/rasa"
    endpoints.write_text("action_endpoint:\n  url: http://x/webhook\n", encoding="utf-8")
    assert tracker_db_url(endpoints) is None


def test_ids_with_nul_are_refused_before_any_sql(store: MaskingSQLTrackerStore) -> None:
    with pytest.raises(ValueError, match="NUL"):
        asyncio.run(store.retrieve("a\x00b"))
    with pytest.raises(ValueError, match="NUL"):
        asyncio.run(store.save(conversation("a\x00b", "hi", time.time())))


def test_retrieve_returns_the_latest_session_and_the_full_tracker_every_session(
    store: MaskingSQLTrackerStore,
) -> None:
    from rasa.shared.core.events import SessionStarted

    now = time.time()
    tracker = conversation("sessions", "护照丢了", now - 100)
    tracker.update(SessionStarted(timestamp=now - 10))
    tracker.update(UserUttered("还有呢", timestamp=now - 5))
    asyncio.run(store.save(tracker))
    latest = asyncio.run(store.retrieve("sessions"))
    full = asyncio.run(store.retrieve_full_tracker("sessions"))
    assert latest is not None and full is not None
    assert [e.text for e in latest.events if isinstance(e, UserUttered)] == ["还有呢"]
    assert [e.text for e in full.events if isinstance(e, UserUttered)] == ["护照丢了", "还有呢"]
    # Saving the latest session again adds only what is new.
    latest.update(UserUttered("谢谢", timestamp=now))
    asyncio.run(store.save(latest))
    again = asyncio.run(store.retrieve_full_tracker("sessions"))
    assert again is not None
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == [
        "护照丢了",
        "还有呢",
        "谢谢",
    ]
