"""Load a trained Rasa model once and parse messages with it (for the CLI, eval and consoles)."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import Any

MODELS_DIR = Path("models")


class ModelNotFoundError(RuntimeError):
    """No trained model where one was expected."""


def latest_model(models_dir: Path = MODELS_DIR) -> Path:
    """The newest `*.tar.gz` model in `models_dir`."""
    models = sorted(Path(models_dir).glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise ModelNotFoundError(f"no trained model in {models_dir}/: run `make train` first")
    return models[-1]


def _log_to_stderr() -> None:
    """Move the root logger's stdout handlers to stderr: stdout carries `suggest --json`'s lines.

    Rasa gives the root logger a stdout handler, and every library's log records propagate to it.
    """
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler) and handler.stream is sys.stdout:
            handler.setStream(sys.stderr)


class Parser:
    """NLU parsing with a loaded Rasa model; full parse data including internal keys."""

    def __init__(self, model: Path | None = None) -> None:
        """Load `model` (default: the newest model in ./models)."""
        os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
        from rasa.core.agent import Agent
        from rasa.utils.common import configure_logging_and_warnings
        from rasa.utils.log_utils import configure_structlog

        # Rasa logs every parse at debug level to stdout, which would mix into CLI output.
        configure_logging_and_warnings(logging.ERROR)
        configure_structlog(logging.ERROR)
        _log_to_stderr()

        self._loop = asyncio.new_event_loop()
        self.model_path = model or latest_model()
        self._agent = Agent.load(str(self.model_path))

    def parse(self, text: str) -> dict[str, Any]:
        """Parse data for `text`: intent, intent_ranking, guide_ranking, entities …."""
        from rasa.core.channels.channel import UserMessage

        processor = self._agent.processor
        if processor is None:
            raise ModelNotFoundError(f"{self.model_path} did not load")
        coroutine = processor.parse_message(UserMessage(text), only_output_properties=False)
        return dict(self._loop.run_until_complete(coroutine))

    def close(self) -> None:
        """Release the event loop."""
        self._loop.close()
