"""Does a message say that life or safety is in danger right now? Lexicon: data/emergency.yml."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from bot.text import normalize

LEXICON = Path(__file__).parent / "data" / "emergency.yml"


class EmergencyDetector:
    """Matches the emergency lexicon; returns the first category that fires."""

    def __init__(self, lexicon: Path = LEXICON) -> None:
        """Compile every pattern of the lexicon."""
        data = yaml.safe_load(lexicon.read_text(encoding="utf-8"))
        self._patterns: dict[str, list[re.Pattern[str]]] = {
            category: [re.compile(p) for p in patterns]
            for category, patterns in data["categories"].items()
        }

    def category(self, text: str) -> str | None:
        """The kind of danger the message signals, or None."""
        folded = normalize(text).lower()
        for category, patterns in self._patterns.items():
            if any(p.search(folded) for p in patterns):
                return category
        return None

    def is_emergency(self, text: str) -> bool:
        """True when the message signals danger to life or safety now."""
        return self.category(text) is not None


@lru_cache(maxsize=1)
def default_detector() -> EmergencyDetector:
    """The packaged lexicon, compiled once per process on first use."""
    return EmergencyDetector()
