"""Turn the bot's replies into WeChat text messages (no buttons; 2,048 bytes each)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

REPLIES = Path(__file__).resolve().parents[1] / "data" / "replies.yml"
WECHAT_TEXTS = (
    "error voice_unrecognised text_only location_unknown slow_cs slow_pending more_pending"
).split()

LIMIT = 2048  # bytes of UTF-8 WeChat accepts in one text message
CHOICE_HINT = "（回复数字选择）"


def render(messages: Sequence[dict[str, Any]]) -> tuple[str, list[str]]:
    """Join Rasa's bot messages into one text; buttons become numbered lines.

    Returns the text and the button payloads in their numbered order (1 → payloads[0]).
    """
    blocks: list[str] = []
    payloads: list[str] = []
    for message in messages:
        lines = [str(message["text"])] if message.get("text") else []
        for button in message.get("buttons") or []:
            payloads.append(str(button["payload"]))
            lines.append(f"{len(payloads)}. {button['title']}")
        if message.get("buttons"):
            lines.append(CHOICE_HINT)
        if lines:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks), payloads


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _cut_line(line: str, limit: int) -> list[str]:
    """A single line longer than `limit` bytes, cut at character boundaries."""
    pieces, current = [], ""
    for char in line:
        if _size(current + char) > limit:
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current] if current else pieces


def split(text: str, limit: int = LIMIT) -> list[str]:
    """Parts of at most `limit` bytes, cut on line boundaries, numbered "1/3" when more than one.

    The order is kept, so the first part carries what the reply puts first (the emergency line).
    """
    if _size(text) <= limit:
        return [text]
    budget = limit - _size("\n(99/99)")
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        for piece in _cut_line(line, budget) or [""]:
            candidate = f"{current}\n{piece}" if current else piece
            if current and _size(candidate) > budget:
                parts.append(current)
                candidate = piece
            current = candidate
    if current.strip():
        parts.append(current)
    total = len(parts)
    return [f"{part.rstrip()}\n({n}/{total})" for n, part in enumerate(parts, start=1)]


@lru_cache(maxsize=1)
def wechat_texts() -> dict[str, str]:
    """The connector's own fixed texts (replies.yml, `wechat:`), checked complete."""
    data = yaml.safe_load(REPLIES.read_text(encoding="utf-8"))
    texts = {str(k): str(v) for k, v in (data.get("wechat") or {}).items()}
    missing = [key for key in WECHAT_TEXTS if key not in texts]
    if missing:
        raise ValueError(f"{REPLIES}: wechat texts missing: {', '.join(missing)}")
    return texts
