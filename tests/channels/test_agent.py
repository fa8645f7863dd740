"""The agents' console API and the web chat history, on a Sanic app with a fake NLU."""

from __future__ import annotations

import io
import itertools
from pathlib import Path
from typing import Any

import pytest
from sanic import Sanic

from bot.channels.agent import AgentConsoleInput
from bot.channels.webchat import WebChatInput, history_of
from bot.cli import main
from bot.feedback import FeedbackStore
from bot.settings import Settings

_names = itertools.count()
TOKEN = "agent-secret"


def fake_parse(_request: Any):
    async def parse(text: str) -> dict[str, Any]:
        return {
            "intent": {"name": "guide", "confidence": 0.8},
            "guide_ranking": [
                {"section": "5.7.6", "confidence": 0.7},
                {"section": "5.7.3", "confidence": 0.2},
                {"section": "3.2", "confidence": 0.05},
            ],
            "entities": [{"entity": "country", "value": "日本"}],
        }

    return parse


@pytest.fixture()
def console(tmp_path: Path):
    settings = Settings(agent_token=TOKEN, state_dir=tmp_path)
    channel = AgentConsoleInput(settings, parse=fake_parse)
    app = Sanic(f"agent_test_{next(_names)}")

    async def never(_: Any) -> None:
        raise AssertionError("the console does not talk to the dialogue")

    app.blueprint(channel.blueprint(never), url_prefix="/webhooks/agent")
    app.blueprint(WebChatInput().blueprint(never), url_prefix="/webhooks/webchat")
    return app.test_client, settings


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_console_page_and_widget_are_served_without_a_cdn(console) -> None:
    client, _ = console
    for path in ("/webhooks/agent/", "/webhooks/webchat/", "/webhooks/webchat/widget.js"):
        _, response = client.get(path)
        assert response.status == 200, path
        assert "https://" not in response.text.replace("https://api.weixin", "")
    _, response = client.get("/webhooks/webchat/..%2F..%2Fsettings.py")
    assert response.status == 404


@pytest.mark.parametrize("headers", [{}, auth("wrong"), {"Authorization": TOKEN}])
def test_the_api_refuses_a_missing_or_wrong_token(console, headers) -> None:
    client, _ = console
    _, response = client.post("/webhooks/agent/suggest", json={"text": "x"}, headers=headers)
    assert response.status == 401


def test_without_agent_token_the_api_is_closed(tmp_path: Path) -> None:
    channel = AgentConsoleInput(Settings(state_dir=tmp_path), parse=fake_parse)
    app = Sanic(f"agent_test_{next(_names)}")
    app.blueprint(channel.blueprint(lambda _: None), url_prefix="/webhooks/agent")
    _, response = app.test_client.post("/webhooks/agent/suggest", json={"text": "x"})
    assert response.status == 503


def test_suggest_returns_the_suggest_json_object(console) -> None:
    client, _ = console
    _, response = client.post(
        "/webhooks/agent/suggest",
        json={"text": "来电人称其子在日本被拘留，询问能否探视"},
        headers=auth(),
    )
    result = response.json
    assert set(result) == {
        "text",
        "suggestions",
        "fallback",
        "special",
        "emergency",
        "country",
        "reply",
    }
    assert [s["section"] for s in result["suggestions"]] == ["5.7.6", "5.7.3", "3.2"]
    assert result["country"] == "日本" and "第5.7.6节" in result["reply"]


@pytest.mark.parametrize("body", ['{"text": ', "[1, 2]", "x" * 70_000])
def test_suggest_refuses_broken_or_huge_bodies(console, body: str) -> None:
    client, _ = console
    _, response = client.post("/webhooks/agent/suggest", content=body, headers=auth())
    assert response.status == 400


def test_the_card_carries_the_answer_and_the_local_numbers(console, guide) -> None:
    client, _ = console
    _, response = client.get("/webhooks/agent/card/5.7.3?country=日本", headers=auth())
    card = response.json
    assert card["title"] == guide["5.7.3"].title and guide["5.7.3"].steps[0] in card["text"]
    assert card["local_numbers"].startswith("日本：报警110")
    _, missing = client.get("/webhooks/agent/card/9.9", headers=auth())
    assert missing.status == 404


def test_feedback_is_stored_and_exported_as_training_data(console, monkeypatch) -> None:
    client, settings = console
    text = "来电人称其子在日本被拘留"
    for body in (
        {"text": text, "suggested": "5.7.6", "chosen": "5.7.3", "kind": "wrong"},
        {"text": "护照丢了", "suggested": "5.1.1", "kind": "right"},
        {"text": "护照丢了", "suggested": "5.1.1", "chosen": "5.1.1", "kind": "copy"},
    ):
        _, response = client.post("/webhooks/agent/feedback", json=body, headers=auth())
        assert response.status == 200
    _, bad = client.post(
        "/webhooks/agent/feedback", json={"text": text, "kind": "wrong"}, headers=auth()
    )
    assert bad.status == 400
    stored = FeedbackStore(settings.feedback_url).all()
    assert [(f.chosen, f.kind) for f in stored] == [
        ("5.7.3", "wrong"),
        ("5.1.1", "right"),
        ("5.1.1", "copy"),
    ]

    monkeypatch.setenv("BOT_STATE_DIR", str(settings.state_dir))
    out = io.StringIO()
    assert main(["feedback", "export"], out) == 0
    exported = out.getvalue()
    assert "intent: guide_5_7_3" in exported and text in exported
    assert exported.count("护照丢了") == 1  # one example, however often it was confirmed


def test_history_keeps_user_and_bot_messages_and_hides_payloads() -> None:
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "护照丢了"},
        {"event": "bot", "text": "【在海外丢失护照】", "data": {"buttons": []}},
        {"event": "bot", "text": "请问？", "data": {"buttons": [{"title": "A", "payload": "/a"}]}},
        {"event": "user", "text": '/guide{"section": "5.1.2"}'},
    ]
    assert history_of(events) == [
        {"from": "user", "text": "护照丢了"},
        {"from": "bot", "text": "【在海外丢失护照】", "buttons": []},
        {"from": "bot", "text": "请问？", "buttons": [{"title": "A", "payload": "/a"}]},
    ]


def test_history_refuses_a_malformed_session_id(console) -> None:
    client, _ = console
    _, response = client.get("/webhooks/webchat/history?sender=../../etc")
    assert response.status == 400
