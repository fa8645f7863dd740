"""BM25 retrieval over the knowledge base: the baseline, and one half of the section ranker."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np
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


class TermWeights:
    """A fitted BM25's score of every term in every document, computed once.

    rank_bm25 looks each query term up in every document's counts on every query (~1.5 ms a
    message here); the sum of these precomputed per-term scores is the same number.
    """

    def __init__(self, bm25: BM25Okapi) -> None:
        lengths = np.array(bm25.doc_len, dtype=float)
        saturation = bm25.k1 * (1 - bm25.b + bm25.b * lengths / bm25.avgdl)
        postings: dict[str, list[tuple[int, int]]] = {}
        for doc, counts in enumerate(bm25.doc_freqs):
            for term, count in counts.items():
                postings.setdefault(term, []).append((doc, count))
        self._size = bm25.corpus_size
        self._weights: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, pairs in postings.items():
            docs = np.array([doc for doc, _ in pairs], dtype=np.intp)
            counts = np.array([count for _, count in pairs], dtype=float)
            idf = bm25.idf.get(term) or 0
            weights = idf * (counts * (bm25.k1 + 1) / (counts + saturation[docs]))
            self._weights[term] = (docs, weights)

    def scores(self, query: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for `query` (terms repeated count again)."""
        total = np.zeros(self._size)
        for term in query:
            found = self._weights.get(term)
            if found is not None:
                total[found[0]] += found[1]
        return total


class SectionIndex:
    """Ranks sections for a message by BM25 over their title, question and steps."""

    def __init__(self, guide: Guide, bigrams: bool = True) -> None:
        """Index every section of `guide`."""
        self._ids = guide.ids
        self._bigrams = bigrams
        self._bm25 = BM25Okapi([terms(section_document(s), bigrams) for s in guide])
        self._weights = TermWeights(self._bm25)

    def scores(self, text: str) -> dict[str, float]:
        """Raw BM25 score of every section."""
        query = terms(text, self._bigrams)
        if not query:
            return {sid: 0.0 for sid in self._ids}
        return dict(zip(self._ids, self._weights.scores(query).tolist(), strict=True))

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
