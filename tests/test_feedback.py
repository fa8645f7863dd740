"""Agents' feedback: stored in SQLite and in a real PostgreSQL, exported as NLU data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.feedback import Feedback, FeedbackError, FeedbackStore, export_nlu
from tests.postgres import postgres


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> FeedbackStore:
    if request.param == "sqlite":
        return FeedbackStore(f"sqlite:///{tmp_path / 'feedback.db'}")
    url = request.getfixturevalue("postgres_url")
    store = FeedbackStore(url)
    with store._engine.begin() as connection:  # a clean table for each test
        connection.exec_driver_sql("DELETE FROM agent_feedback")
    return store


def test_feedback_round_trips_with_chinese_text(store: FeedbackStore) -> None:
    store.add(Feedback("来电人称其子在日本被拘留，询问能否探视", "5.7.3", "5.7.6", "wrong"))
    store.add(Feedback("护照丢了", "5.1.1", None, "right"))
    assert store.all() == [
        Feedback("来电人称其子在日本被拘留，询问能否探视", "5.7.3", "5.7.6", "wrong"),
        Feedback("护照丢了", "5.1.1", "5.1.1", "right"),  # right: the suggestion is the answer
    ]


@pytest.mark.parametrize(
    "bad",
    [
        Feedback("x", "5.1.1", None, "maybe"),
        Feedback("  ", "5.1.1", None, "right"),
        Feedback("x", "5.1.1", None, "wrong"),
    ],
)
def test_bad_feedback_is_refused(store: FeedbackStore, bad: Feedback) -> None:
    with pytest.raises(FeedbackError):
        store.add(bad)
    assert store.all() == []


def test_export_is_valid_rasa_nlu_data_grouped_by_section() -> None:
    text = export_nlu(
        [
            Feedback("儿子在日本被抓了", "5.7.3", "5.7.6", "wrong"),
            Feedback("护照丢了", "5.1.1", "5.1.1", "right"),
            Feedback("护照  丢了", "5.1.1", "5.1.1", "copy"),
        ]
    )
    data = yaml.safe_load(text)
    assert data["version"] == "3.1"
    assert {b["intent"]: b["examples"] for b in data["nlu"]} == {
        "guide_5_1_1": "- 护照 丢了\n- 护照丢了\n",
        "guide_5_7_6": "- 儿子在日本被抓了\n",
    }


def test_servers_starting_together_on_a_new_database_both_come_up(postgres_url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    import sqlalchemy as sa

    database = f"fresh_{os.getpid()}"
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {database}"))
    url = postgres_url.rsplit("/", 1)[0] + f"/{database}"
    with ThreadPoolExecutor(6) as pool:
        stores = list(pool.map(lambda _: FeedbackStore(url), range(6)))
    stores[0].add(Feedback("护照丢了", "5.1.1", None, "right"))
    assert [f.text for f in stores[-1].all()] == ["护照丢了"]
