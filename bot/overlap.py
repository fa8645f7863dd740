"""Find training examples that copy an evaluation message (which would inflate its figures)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.text import fold

# Cosine over character 2–3-grams: 0.8 catches copies with a word or punctuation changed, while
# two people asking the same short question in their own words stay well below it.
THRESHOLD = 0.8
MIN_LENGTH = 8  # "你好", "谢谢": short stock phrases are bound to coincide
_NOT_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """Simplified, lower-case, without punctuation or spaces: a copy survives re-punctuation.

    Cached: the same training examples are compared with one evaluation set after another.
    """
    return _NOT_WORD.sub("", fold(text))


@dataclass(frozen=True)
class NearCopy:
    """A training example too close to an evaluation message."""

    training: str
    message: str
    similarity: float


def near_copies(
    training: Sequence[str],
    messages: Sequence[str],
    threshold: float = THRESHOLD,
    min_length: int = MIN_LENGTH,
) -> list[NearCopy]:
    """Pairs (training example, evaluation message of ≥ `min_length` characters) this similar."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    kept = [m for m in messages if len(m.strip()) >= min_length]
    if not training or not kept:
        return []
    folded_training = [_fold(t) for t in training]
    folded_messages = [_fold(m) for m in kept]
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(2, 3))
    vectorizer.fit(folded_training + folded_messages)
    similarity = (
        vectorizer.transform(folded_training) @ vectorizer.transform(folded_messages).T
    ).tocoo()
    return sorted(
        (
            NearCopy(training[row], kept[col], float(value))
            for row, col, value in zip(similarity.row, similarity.col, similarity.data, strict=True)
            if value >= threshold
        ),
        key=lambda copy: -copy.similarity,
    )
