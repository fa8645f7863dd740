"""BM25 retrieval over the knowledge base: the baseline, and one half of the section ranker."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from rank_bm25 import BM25Okapi

from bot.guide import Guide, Section
from bot.nlu.segment import words
from bot.text import normalize

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def terms(text: str, bigrams: bool = True) -> list[str]:
    """Index terms: jieba words, plus character bigrams of Chinese runs (robust to typos)."""
    text = normalize(text)
    found = words(text)
    if bigrams:
        for run in _HAN_RUN.findall(text):
            found.extend("#" + run[i : i + 2] for i in range(len(run) - 1))
    return found


def section_document(section: Section) -> str:
    """The text a section is found by: title (twice: it names the situation), question, advice."""
    return "\n".join(
        (section.title, section.title, section.question, *section.steps, *section.notes)
    )


class SectionIndex:
    """Ranks sections for a message by BM25 over their title, question and steps."""

    def __init__(self, guide: Guide, bigrams: bool = True) -> None:
        """Index every section of `guide`."""
        self._ids = guide.ids
        self._bigrams = bigrams
        self._bm25 = BM25Okapi([terms(section_document(s), bigrams) for s in guide])

    def scores(self, text: str) -> dict[str, float]:
        """Raw BM25 score of every section."""
        query = terms(text, self._bigrams)
        if not query:
            return {sid: 0.0 for sid in self._ids}
        return dict(zip(self._ids, (float(x) for x in self._bm25.get_scores(query)), strict=True))

    def rank(self, text: str, limit: int = 10) -> list[tuple[str, float]]:
        """The best sections, best first, with raw scores."""
        ranked = sorted(self.scores(text).items(), key=lambda item: -item[1])
        return ranked[:limit]

    def distribution(self, text: str, temperature: float = 0.15) -> dict[str, float]:
        """Scores turned into probabilities (softmax of max-scaled scores)."""
        return softmax(self.scores(text), temperature)


def softmax(scores: dict[str, float], temperature: float) -> dict[str, float]:
    """Softmax over scores scaled to [0, 1] by their maximum; uniform when all are zero."""
    top = max(scores.values(), default=0.0)
    if top <= 0:
        return {key: 1.0 / len(scores) for key in scores} if scores else {}
    exps = {key: math.exp((value / top - 1.0) / temperature) for key, value in scores.items()}
    total = sum(exps.values())
    return {key: value / total for key, value in exps.items()}


def top(distribution: dict[str, float], n: int) -> Sequence[tuple[str, float]]:
    """The `n` most probable keys, best first."""
    return sorted(distribution.items(), key=lambda item: -item[1])[:n]
