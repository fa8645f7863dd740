"""Text normalisation shared by every entry point: Traditional→Simplified, full-width→half-width."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

# Full-width Chinese punctuation carries meaning for readers and tokenises fine; NFKC would turn
# it into ASCII, so these are kept as they are.
_KEEP = set("，。！？；：（）“”‘’、《》【】…—")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalize(text: str) -> str:
    """Simplified Chinese, half-width letters and digits, single spaces, no control characters."""
    folded = "".join(ch if ch in _KEEP else unicodedata.normalize("NFKC", ch) for ch in text)
    cleaned = "".join(ch if ch.isprintable() else " " for ch in folded)
    return " ".join(_converter().convert(cleaned).split())


def fold(text: str) -> str:
    """Normalised and lower-cased: what the yes/no classifiers (danger, scope) read."""
    return normalize(text).lower()


def has_words(text: str) -> bool:
    """False for empty, punctuation- or emoji-only text (the bot answers those with its menu)."""
    return any(ch.isalnum() for ch in text)
