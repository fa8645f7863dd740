"""Whole conversations through `make run`'s servers and the REST channel, checked by content."""

from __future__ import annotations

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
    running = Servers(tmp_path_factory.mktemp("conversations"))
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
