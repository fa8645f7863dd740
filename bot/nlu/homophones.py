"""Find phrases typed with homophone slips: 新家坡 for 新加坡, 土耳七 for 土耳其 (pinyin, voice).

A span of the text matches a phrase when it has the phrase's length, at least `min_identical`
of its characters are the phrase's own, and every other character can be read with a pinyin
syllable (tones ignored) of the phrase's character there. Candidates come from pairs of identical
characters at the phrase's distance, so a long message costs one dictionary look-up per pair.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, pinyin

MIN_LENGTH = 3  # two-character names are everyday words as homophones: 没国 (美国), 越难 (越南)


@dataclass(frozen=True)
class HomophoneMatch:
    """A span of the text read as `phrase`."""

    phrase: str
    start: int
    end: int


@lru_cache(maxsize=8192)
def readings(char: str) -> frozenset[str]:
    """Every toneless pinyin syllable `char` can be read with (empty for non-Han characters)."""
    if not "\u4e00" <= char <= "\u9fff":
        return frozenset()
    return frozenset(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


def _sounds_alike(a: str, b: str) -> bool:
    return a == b or bool(readings(a) & readings(b))


def min_identical(length: int) -> int:
    """How many characters of a `length`-character phrase a slip must keep."""
    return max(2, length - 2)


class HomophoneIndex:
    """Phrases of at least `MIN_LENGTH` Han characters, indexed by pairs of their characters."""

    def __init__(self, phrases: Iterable[str]) -> None:
        """Index every all-Han phrase long enough to be told apart from ordinary words."""
        self._pairs: dict[tuple[str, str, int], list[tuple[str, int]]] = {}
        self._max_gap = 0
        for phrase in sorted(set(phrases)):
            if len(phrase) < MIN_LENGTH or not all(readings(c) for c in phrase):
                continue
            self._max_gap = max(self._max_gap, len(phrase) - 1)
            for i in range(len(phrase)):
                for j in range(i + 1, len(phrase)):
                    key = (phrase[i], phrase[j], j - i)
                    self._pairs.setdefault(key, []).append((phrase, i))

    def find(self, text: str) -> list[HomophoneMatch]:
        """Non-overlapping slips in `text`, longest first where they compete, in text order."""
        candidates: set[tuple[str, int]] = set()
        for p, char in enumerate(text):
            for gap in range(1, min(self._max_gap, len(text) - 1 - p) + 1):
                for phrase, i in self._pairs.get((char, text[p + gap], gap), ()):
                    start = p - i
                    if 0 <= start and start + len(phrase) <= len(text):
                        candidates.add((phrase, start))
        matches = [
            HomophoneMatch(phrase, start, start + len(phrase))
            for phrase, start in candidates
            if _is_slip(phrase, text[start : start + len(phrase)])
        ]
        chosen: list[HomophoneMatch] = []
        for match in sorted(matches, key=lambda m: (-(m.end - m.start), m.start, m.phrase)):
            if all(match.end <= c.start or match.start >= c.end for c in chosen):
                chosen.append(match)
        return sorted(chosen, key=lambda m: m.start)


def _is_slip(phrase: str, span: str) -> bool:
    identical = sum(a == b for a, b in zip(phrase, span, strict=True))
    if identical == len(phrase) or identical < min_identical(len(phrase)):
        return False  # an exact match is the gazetteer's; too few shared characters is chance
    return all(_sounds_alike(a, b) for a, b in zip(phrase, span, strict=True))
