"""`python -m bot guide`: the knowledge base for tools (JSON) and for people (text)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.guide import Guide

FIELDS = {
    "id",
    "title",
    "question",
    "steps",
    "consulate_can",
    "consulate_cannot",
    "contacts",
    "costs",
    "related",
}


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def test_guide_json_lists_every_section_with_its_fields(guide: Guide) -> None:
    status, text = run("guide", "--json")
    data = json.loads(text)
    assert status == 0
    assert [entry["id"] for entry in data] == guide.ids
    for entry in data:
        assert FIELDS <= set(entry), entry["id"]
        assert entry["steps"]
    assert "护照" in text  # Chinese stays readable, not \u-escaped


def test_guide_section_reads_as_text(guide: Guide) -> None:
    status, text = run("guide", "5.2.1")
    section = guide["5.2.1"]
    assert status == 0
    assert text.startswith("【5.2.1】" + section.title)
    for step in section.steps:
        assert step in text
    for contact in section.contacts:
        assert contact.value in text
    assert "使领馆不可以" in text


def test_unknown_section_fails_clearly(capsys) -> None:
    status, text = run("guide", "9.9")
    assert status == 2 and text == ""
    assert "no section '9.9'" in capsys.readouterr().err


def test_module_entry_point_prints_json() -> None:
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-m", "bot", "guide", "5.1.1", "--json"],
        cwd=root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    assert json.loads(result.stdout)["id"] == "5.1.1"


def test_purge_reads_the_endpoints_and_reports_what_it_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio
    import time

    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.stores import MaskingSQLTrackerStore

    store = MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    for sender, age_days in (("old", 40), ("new", 1)):
        tracker = DialogueStateTracker(sender, [])
        tracker.update(UserUttered("护照丢了", timestamp=time.time() - age_days * 86400))
        asyncio.run(store.save(tracker))
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        f'tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: "{tmp_path / "t.db"}"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("BOT_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("RETENTION_DAYS", "30")
    out = io.StringIO()
    assert main(["purge", "--endpoints", str(endpoints)], out) == 0
    assert "older than 30 days: deleted 1 conversations (1 events)" in out.getvalue()
    assert asyncio.run(store.retrieve("new")) is not None
    assert asyncio.run(store.retrieve("old")) is None
