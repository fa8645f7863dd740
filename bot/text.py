"""Text normalisation shared by every entry point: Traditional→Simplified, full-width→half-width.

Written Cantonese is read as Mandarin (bot/data/cantonese.yml), so a Hong Kong user's
"護照俾人偷咗點算" means to every model what "护照被人偷了怎么办" means. The classifiers also read
the English words of the guide's situations as their Chinese (`english_as_chinese`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import opencc
import yaml

CANTONESE = Path(__file__).parent / "data" / "cantonese.yml"
ENGLISH = Path(__file__).parent / "data" / "english.yml"
PHRASE_FILES = (CANTONESE, ENGLISH)  # what normalize and english_as_chinese read

# Full-width Chinese punctuation carries meaning for readers and tokenises fine; NFKC would turn
# it into ASCII, so these are kept as they are.
_KEEP = set("，。！？；：（）“”‘’、《》【】…—")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


class PhraseMap:
    """Replaces phrases by their equivalents, longest first, in one left-to-right pass."""

    def __init__(
        self, phrases: Mapping[str, str], keep: Sequence[str] = (), whole_words: bool = False
    ) -> None:
        """`keep`: words containing a phrase that stay as they are (they win by length).

        `whole_words`: Latin phrases match in any case, never inside a longer word or number.
        """
        # None: a kept word, written back as the message has it.
        self._map: dict[str, str | None] = {**phrases, **dict.fromkeys(keep)}
        if whole_words:
            self._map = {key.lower(): value for key, value in self._map.items()}
        keys = sorted(self._map, key=len, reverse=True)
        alternatives = "|".join(map(re.escape, keys))
        if whole_words:
            alternatives = rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])"
        flags = re.IGNORECASE if whole_words else 0
        self._pattern = re.compile(alternatives, flags) if keys else None

    def apply(self, text: str) -> str:
        """`text` with every phrase replaced."""
        if self._pattern is None:
            return text
        return self._pattern.sub(self._replacement, text)

    def _replacement(self, match: re.Match[str]) -> str:
        return self._map[match.group().lower()] or match.group()


def load_phrase_map(path: Path, whole_words: bool = False) -> PhraseMap:
    """The map a YAML file of `phrases` (and optional `keep`) describes."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return PhraseMap(dict(data["phrases"]), list(data.get("keep") or []), whole_words)


@lru_cache(maxsize=1)
def _cantonese() -> PhraseMap:
    return load_phrase_map(CANTONESE)


@lru_cache(maxsize=1)
def _english() -> PhraseMap:
    return load_phrase_map(ENGLISH, whole_words=True)


def english_as_chinese(text: str) -> str:
    """English words of the guide's situations replaced by their Chinese (bot/data/english.yml).

    What the classifiers featurise, so "my passport got stolen" shares its features with the
    Chinese examples ("my 护照 got 被偷"); the danger lexicon and the country gazetteer read the
    words as written.
    """
    return _english().apply(text)


def normalize(text: str) -> str:
    """Simplified Chinese, half-width letters and digits, single spaces, no control characters.

    Written Cantonese words are replaced by their Mandarin equivalents (bot/data/cantonese.yml).
    """
    folded = "".join(ch if ch in _KEEP else unicodedata.normalize("NFKC", ch) for ch in text)
    cleaned = "".join(ch if ch.isprintable() else " " for ch in folded)
    return " ".join(_cantonese().apply(_converter().convert(cleaned)).split())


def fold(text: str) -> str:
    """Normalised and lower-cased: what the yes/no classifiers (danger, scope) read."""
    return normalize(text).lower()


# The one symbol that says something on its own: a cry for help (emergency.yml's help_now).
SOS = "\U0001f198"


def has_words(text: str) -> bool:
    """False for empty, punctuation- or emoji-only text (the bot answers those with its menu).

    The SOS emoji counts as a word: sent alone, it must reach the danger detector.
    """
    return any(ch.isalnum() or ch == SOS for ch in text)
