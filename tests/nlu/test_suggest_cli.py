"""`python -m bot suggest --json` as a tool calls it: a process, stdin in, JSON lines out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPECIALS = {None, "greet", "handoff", "oos"}
KEYS = {"text", "suggestions", "fallback", "special", "emergency", "country", "reply"}
MIXED = [
    "我护照在曼谷被偷了怎么办",
    "",
    "我的護照在東京被偷了怎麼辦",
    "I lost my passport in Rome",
    "😭😭😭",
    "有人拿刀抵着我要钱",
    "你好",
    "今天股票涨了吗",
    "护照" + "丢了" * 2499,  # 5,000 characters
]


def test_every_line_of_a_mixed_input_is_one_json_object_of_the_schema() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "suggest", "--json"],
        cwd=ROOT,
        input="\n".join(MIXED) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        check=True,
        timeout=300,
    )
    lines = result.stdout.splitlines()
    assert len(lines) == len(MIXED), result.stdout[:500]  # nothing else on stdout (no log lines)
    for text, line in zip(MIXED, lines, strict=True):
        out = json.loads(line)
        assert set(out) == KEYS
        assert out["text"] == text
        assert len(out["suggestions"]) <= 3
        confidences = [s["confidence"] for s in out["suggestions"]]
        assert confidences == sorted(confidences, reverse=True)
        assert all(set(s) == {"section", "title", "confidence"} for s in out["suggestions"])
        assert isinstance(out["fallback"], bool) and isinstance(out["emergency"], bool)
        assert out["special"] in SPECIALS
        assert out["reply"].strip()  # every message, even an empty one, gets an answer
    by_text = {json.loads(line)["text"]: json.loads(line) for line in lines}
    assert by_text[MIXED[0]]["suggestions"][0]["section"] == "5.1.1"
    assert by_text[MIXED[0]]["country"] == "泰国"
    assert by_text[MIXED[3]]["country"] == "意大利"
    assert by_text[MIXED[5]]["emergency"] is True
    assert by_text[MIXED[6]]["special"] == "greet"
    assert by_text[MIXED[7]]["special"] == "oos"
