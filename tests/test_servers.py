"""`scripts/run` (what `make run` starts): both servers come up, answer, stop, and keep state."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import ROOT, Servers, port_open


@pytest.fixture()
def servers(tmp_path: Path) -> Iterator[Servers]:
    assert (ROOT / "models").is_dir(), "no trained model: run `make train` first"
    running = Servers(tmp_path, CORS_ORIGINS="https://embed.example https://m.embed.example")
    yield running
    running.kill()


def cors_origin(servers: Servers, origin: str) -> str | None:
    """The origin the REST channel lets a page of `origin` call it from (a CORS preflight)."""
    request = urllib.request.Request(
        f"http://localhost:{servers.rasa_port}/webhooks/rest/webhook",
        method="OPTIONS",
        headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("Access-Control-Allow-Origin")


def api_status(servers: Servers, path: str, token: str | None = None) -> int:
    """The HTTP status of a GET on Rasa's HTTP API, with or without the token."""
    query = f"?token={token}" if token else ""
    url = f"http://localhost:{servers.rasa_port}{path}{query}"
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_run_serves_both_prints_urls_stops_cleanly_and_keeps_conversations(
    servers: Servers,
) -> None:
    banner = servers.start()
    assert f"http://localhost:{servers.rasa_port}/webhooks/rest/webhook" in banner
    assert f"http://localhost:{servers.rasa_port}/webhooks/webchat/" in banner
    assert f"http://localhost:{servers.rasa_port}/webhooks/agent/" in banner
    assert "token for this run: " in banner  # generated: AGENT_TOKEN is not set here
    with urllib.request.urlopen(f"http://localhost:{servers.rasa_port}/", timeout=10) as r:
        assert r.status == 200
    with urllib.request.urlopen(f"http://localhost:{servers.actions_port}/health", timeout=10) as r:
        assert json.loads(r.read())["status"] == "ok"

    assert cors_origin(servers, "https://m.embed.example") == "https://m.embed.example"
    assert cors_origin(servers, "https://elsewhere.example") is None

    replies = servers.say("traveller-1", "我的护照E12345678在巴黎被偷了，怎么办")
    text = "\n".join(reply.get("text", "") for reply in replies)
    assert "报案" in text and "+86-10-12308" in text

    # Rasa's HTTP API: closed without the token printed for this run, open with it.
    api_token = re.search(r"Rasa HTTP API.*\n.*token for this run: (\S+)", banner)
    assert api_token, banner
    tracker_path = "/conversations/traveller-1/tracker"
    assert api_status(servers, "/status") == 401
    assert api_status(servers, tracker_path) == 401
    assert api_status(servers, tracker_path, "wrong") == 401
    assert api_status(servers, "/status", api_token[1]) == 200
    # What was stored has the passport number masked; the log does not have it either.
    url = f"http://localhost:{servers.rasa_port}{tracker_path}?token={api_token[1]}"
    with urllib.request.urlopen(url, timeout=10) as response:
        stored = [e["text"] for e in json.loads(response.read())["events"] if e["event"] == "user"]
    assert stored == ["我的护照[证件号]在巴黎被偷了，怎么办"]
    logs = "".join(p.read_text("utf-8") for p in (servers.workdir / "log").iterdir())
    assert "E12345678" not in logs

    assert servers.interrupt() in (0, 130)
    assert not port_open(servers.rasa_port) and not port_open(servers.actions_port)

    # A restart continues the same conversation: the topic is still known.
    servers.start()
    replies = servers.say("traveller-1", "还有呢")
    buttons = [b["title"] for reply in replies for b in reply.get("buttons", [])]
    assert "未满16周岁申请人因护照丢失需办理旅行证件" in buttons
    servers.interrupt()
