"""Word segmentation with jieba and the project's consular user dictionary."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

import jieba

DICTIONARY_DIR = Path(__file__).parent / "dictionary"
_WORD = re.compile(r"\w", re.UNICODE)


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    # The process-wide tokenizer: Rasa's JiebaTokenizer loads the same dictionary into it, so
    # the dictionary is built once per process, not twice.
    jieba.setLogLevel(logging.WARNING)
    for path in sorted(DICTIONARY_DIR.glob("*.txt")):
        jieba.load_userdict(str(path))
    return jieba.dt


def words(text: str) -> list[str]:
    """Lower-cased words of `text`, without punctuation or spaces."""
    return [w.lower() for w in _tokenizer().lcut(text) if _WORD.search(w)]
