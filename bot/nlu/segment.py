"""Word segmentation with jieba and the project's consular user dictionary."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from functools import lru_cache
from pathlib import Path

import jieba

DICTIONARY_DIR = Path(__file__).parent / "dictionary"
_WORD = re.compile(r"\w", re.UNICODE)
_loaded: set[str] = set()  # digests of the dictionaries already in jieba's tokenizer
_loading = threading.Lock()


def dictionary_files(directory: Path = DICTIONARY_DIR) -> list[Path]:
    """The dictionary files in `directory`, every file as Rasa's tokenizer reads them."""
    return sorted(p for p in Path(directory).glob("*") if p.is_file())


def load_user_dictionaries(directory: Path = DICTIONARY_DIR) -> None:
    """Add every dictionary file in `directory` to jieba's process-wide tokenizer, each once.

    jieba adds a word's frequency to its total each time the word is added, and that total
    weighs every cut, so a dictionary loaded twice segments text differently. Rasa's tokenizer
    loads it when a model is created and again when one is loaded, and so did this module: which
    segmentation a message got depended on what had run before. Here a file's content counts
    once per process, wherever it is read from (the package or a model's copy).
    """
    with _loading:
        jieba.setLogLevel(logging.WARNING)  # its first load builds the main dictionary, chattily
        for path in dictionary_files(directory):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest not in _loaded:
                jieba.load_userdict(str(path))
                _loaded.add(digest)


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    # The process-wide tokenizer, shared with Rasa's (bot.nlu.tokenizer): one dictionary in
    # memory, one segmentation.
    load_user_dictionaries()
    return jieba.dt


def words(text: str) -> list[str]:
    """Lower-cased words of `text`, without punctuation or spaces."""
    return [w.lower() for w in _tokenizer().lcut(text) if _WORD.search(w)]
