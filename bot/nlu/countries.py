"""Find the country a message names (Chinese, Traditional, aliases, English, major cities).

A spaCy `PhraseMatcher` on a blank `zh` pipeline (character tokens, no model download) over the
gazetteer in `data/countries.yml`; every match is normalised to the standard Chinese name. When
nothing matches exactly, names of three or more characters typed with a homophone slip (新家坡,
澳大力亚) are found by their pinyin (`bot.nlu.homophones`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import spacy
import yaml
from spacy.matcher import PhraseMatcher
from spacy.util import filter_spans

from bot.nlu.homophones import HomophoneIndex
from bot.text import normalize

GAZETTEER = Path(__file__).parent / "data" / "countries.yml"
_LATIN = re.compile(r"[a-z]")
# "印尼籍", "我是越南人", "她系马来西亚公民": a person's nationality, not where anyone is.
_CITIZENSHIP = re.compile(r"国?籍")
_BELONGING = re.compile(r"(?:人|公民)")
_IS = re.compile(r"(?:是|系)(?:一个|一名|一位|个|名|位)?$")
# "刚从老挝过关进了越南": a move already made, from the country after 从 to the next one named;
# not one still planned ("下个月要从德国去奥地利") or under way ("从维也纳开往布达佩斯的火车上").
_FROM = "从"
_MOVED = re.compile(r"出来|过来|逃|跑|进了|到了|飞到|来到|过关|过境|入境|进入|抵达")
_PLANNED = re.compile(r"要|准备|打算|计划|将|需|想")
_NONE = "-"


@dataclass(frozen=True)
class CountryMention:
    """A country found in a text: the standard name and the span that named it."""

    country: str
    start: int
    end: int
    text: str
    nationality: bool = False
    origin: bool = False


class CountryFinder:
    """Matches country names, aliases and cities, longest match first."""

    def __init__(self, gazetteer: Path = GAZETTEER) -> None:
        """Load the gazetteer and compile the matcher."""
        data = yaml.safe_load(gazetteer.read_text(encoding="utf-8"))
        self._nlp = spacy.blank("zh")
        self._matcher = PhraseMatcher(self._nlp.vocab)
        self._names: dict[str, str] = {}
        self._latin: set[str] = set()
        self._by_phrase: dict[str, str] = {}
        not_countries = [self._nlp.make_doc(self._key(p)) for p in data.get("not_countries", [])]
        self._matcher.add(_NONE, not_countries)
        for index, entry in enumerate(data["countries"]):
            name = entry["name"]
            self._names[str(index)] = name
            phrases = {
                name,
                *entry.get("aliases", []),
                *entry.get("cities", []),
                *entry.get("places", []),
            }
            phrases |= set(entry.get("english", [])) | set(entry.get("local", []))
            keys = sorted({self._key(p) for p in phrases if p})
            self._latin |= {k for k in keys if _LATIN.search(k)}
            self._by_phrase.update((k, name) for k in keys)
            patterns = [self._nlp.make_doc(k) for k in keys]
            self._matcher.add(str(index), patterns)
        self._homophones = HomophoneIndex(self._by_phrase)

    @staticmethod
    def _key(text: str) -> str:
        return normalize(text).lower()

    def mentions(self, text: str) -> list[CountryMention]:
        """Every country named in `text`, in order (offsets refer to the normalised text)."""
        return self.mentions_folded(self._key(text))

    def mentions_folded(self, folded: str) -> list[CountryMention]:
        """`mentions` for text already normalised and lower-cased (no second OpenCC pass)."""
        doc = self._nlp.make_doc(folded)
        spans = []
        for match_id, start, end in self._matcher(doc):
            span = doc[start:end]
            span.label_ = self._nlp.vocab.strings[match_id]
            if _LATIN.search(span.text) and not (
                span.text in self._latin and _word_bounded(doc.text, span.start_char, span.end_char)
            ):
                continue  # "oman" inside "woman", "togo" across "to go"
            spans.append(span)
        if not spans:
            return self._slips(folded)
        found = [
            CountryMention(
                self._names[s.label_],
                s.start_char,
                s.end_char,
                s.text,
                _names_nationality(folded, s.start_char, s.end_char),
            )
            for s in sorted(filter_spans(spans), key=lambda s: s.start)
            if s.label_ != _NONE
        ]
        return [
            replace(m, origin=True) if _left_for(folded, m, found[i + 1 :]) else m
            for i, m in enumerate(found)
        ]

    def _slips(self, folded: str) -> list[CountryMention]:
        return [
            CountryMention(self._by_phrase[m.phrase], m.start, m.end, folded[m.start : m.end])
            for m in self._homophones.find(folded)
        ]

    def canonical(self, name: str) -> str | None:
        """The standard name for a country name or alias (印尼 → 印度尼西亚), or None."""
        found = self.mentions(name)
        if len(found) == 1 and found[0].text == self._key(name):
            return found[0].country
        return None

    def find(self, text: str) -> str | None:
        """The first country `text` names as where someone is: not a nationality, not one left."""
        found = [m for m in self.mentions(text) if not (m.nationality or m.origin)]
        return found[0].country if found else None

    @property
    def countries(self) -> list[str]:
        """Every standard country name in the gazetteer."""
        return sorted(set(self._names.values()))


def _names_nationality(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] says whose citizen someone is ("越南籍", "是泰国人")."""
    if _CITIZENSHIP.match(text, end):
        return True
    return bool(_BELONGING.match(text, end)) and bool(_IS.search(text, max(0, start - 3), start))


def _left_for(text: str, mention: CountryMention, after: list[CountryMention]) -> bool:
    """Whether `mention` is a country someone has already left for the next one named after it."""
    if text[max(0, mention.start - 1) : mention.start] != _FROM:
        return False
    ahead = next((m for m in after if m.country != mention.country and not m.nationality), None)
    return (
        ahead is not None
        and _MOVED.search(text, mention.end, ahead.start) is not None
        and _PLANNED.search(text, max(0, mention.start - 7), mention.start) is None
    )


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalpha()) and not (after.isascii() and after.isalpha())


@lru_cache(maxsize=1)
def default_finder() -> CountryFinder:
    """The packaged gazetteer, compiled once per process on first use."""
    return CountryFinder()
