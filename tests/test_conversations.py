"""Whole conversations through `make run`'s servers and the REST channel, checked by content."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.servers import ROOT, Servers

CONVERSATIONS = yaml.safe_load(
    (Path(__file__).parent / "conversations.yml").read_text(encoding="utf-8")
)["conversations"]


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    assert (ROOT / "models").is_dir(), "no trained model: run `make train` first"
    # A token that starts with "-" once broke the server's command line: keep one here.
    running = Servers(tmp_path_factory.mktemp("conversations"), RASA_TOKEN="-conv-token")
    running.start()
    yield running
    running.kill()


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["name"] for c in CONVERSATIONS])
def test_conversation(servers: Servers, conversation: dict[str, Any]) -> None:
    sender = "test-" + conversation["name"]
    for turn in conversation["turns"]:
        replies = servers.say(sender, turn["say"])
        assert replies, f"no reply to {turn['say']!r}"
        text = "\n\n".join(r.get("text", "") for r in replies)
        buttons = [b["title"] for r in replies for b in r.get("buttons", [])]
        for expected in turn.get("expect", []):
            assert expected in text, f"{turn['say']!r}: {expected!r} missing from:\n{text}"
        for rejected in turn.get("reject", []):
            assert rejected not in text, f"{turn['say']!r}: {rejected!r} in:\n{text}"
        for title in turn.get("buttons", []):
            assert title in buttons, f"{turn['say']!r}: no button {title!r} in {buttons}"
        for expected in turn.get("first", []):
            assert expected in replies[0].get("text", ""), f"first message lacks {expected!r}"


@pytest.mark.parametrize("mode", ["plain", "safe"])
def test_wechat_simulator_gets_the_answer_in_plain_and_safe_mode(
    servers: Servers, mode: str
) -> None:
    url = f"http://localhost:{servers.rasa_port}/webhooks/wechat/webhook"

    def sim(*args: str) -> str:
        command = [str(ROOT / ".venv/bin/python"), "-m", "bot", "wechat-sim", "--url", url]
        command += ["--user", f"sim-{mode}", *(["--safe"] if mode == "safe" else []), *args]
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    text = sim("我在泰国护照被偷了")
    assert "护照" in text
    whole = text
    for _ in range(5):  # the rest waits: a development server has no customer-service API
        if "回复任意内容" not in text:
            break
        text = sim("1")
        whole += text
    assert "第5.1.1节" in whole and "报警191" in whole and "+86-10-12308" in whole
