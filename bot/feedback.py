"""Hotline agents' feedback on suggestions: stored (SQLite or PostgreSQL), exported for review."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml

from bot.names import intent_for
from bot.privacy import mask

KINDS = ("right", "wrong", "copy")  # marked right, marked wrong (with the right section), copied

_metadata = sa.MetaData()
_table = sa.Table(
    "agent_feedback",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created", sa.Float, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("suggested", sa.String(16)),  # the section the console showed first
    sa.Column("chosen", sa.String(16)),  # the section the agent says is right
    sa.Column("kind", sa.String(8), nullable=False),
)


@dataclass(frozen=True)
class Feedback:
    """One piece of feedback."""

    text: str
    suggested: str | None
    chosen: str | None
    kind: str


class FeedbackError(ValueError):
    """Feedback that cannot be stored as given."""


class FeedbackStore:
    """A table in any SQLAlchemy database (`sqlite:///…`, `postgresql://…`)."""

    def __init__(self, url: str) -> None:
        """Connect and create the table if needed."""
        if url.startswith("sqlite:///"):
            Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
        self._engine = sa.create_engine(url, future=True, pool_pre_ping=True)
        try:
            _metadata.create_all(self._engine)
        except (sa.exc.IntegrityError, sa.exc.ProgrammingError):
            # Two servers starting together on one PostgreSQL: the other one created it first.
            if not sa.inspect(self._engine).has_table(_table.name):
                raise

    def add(self, feedback: Feedback) -> None:
        """Store one piece of feedback."""
        if feedback.kind not in KINDS:
            raise FeedbackError(f"kind must be one of {', '.join(KINDS)}")
        if not feedback.text.strip():
            raise FeedbackError("empty text")
        if feedback.kind == "wrong" and not feedback.chosen:
            raise FeedbackError("a wrong mark needs the right section")
        with self._engine.begin() as connection:
            connection.execute(
                _table.insert().values(
                    created=time.time(),
                    text=mask(feedback.text[:2000]),
                    suggested=feedback.suggested,
                    chosen=feedback.chosen or feedback.suggested,
                    kind=feedback.kind,
                )
            )

    def purge_before(self, cutoff: float) -> int:
        """Delete feedback created before `cutoff` (epoch seconds); returns how many."""
        with self._engine.begin() as connection:
            return int(
                connection.execute(_table.delete().where(_table.c.created < cutoff)).rowcount
            )

    def all(self) -> list[Feedback]:
        """Every piece of feedback, oldest first."""
        with self._engine.connect() as connection:
            rows = connection.execute(sa.select(_table).order_by(_table.c.id)).all()
        return [Feedback(r.text, r.suggested, r.chosen, r.kind) for r in rows]


def export_nlu(items: list[Feedback]) -> str:
    """Rasa NLU YAML of the agents' verdicts (right, corrected, copied), for review."""
    examples: dict[str, set[str]] = defaultdict(set)
    for item in items:
        if item.chosen:
            examples[intent_for(item.chosen)].add(" ".join(item.text.split()))
    data: dict[str, Any] = {
        "version": "3.1",
        "nlu": [
            {"intent": intent, "examples": "".join(f"- {t}\n" for t in sorted(texts))}
            for intent, texts in sorted(examples.items())
        ],
    }
    header = "# Hotline agents' feedback (python -m bot feedback export): review before training.\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
