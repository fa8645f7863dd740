"""Read a message typed in toneless pinyin ("huzhao diule zai luoma") as Chinese characters.

People abroad often type on a borrowed phone, a hotel computer or a keyboard without a Chinese
input method. A message whose Latin words are mostly pinyin syllables is rewritten in characters
so that everything after it (classifiers, danger lexicon, country gazetteer) reads Chinese; words
that are not pinyin (place names, English) stay as written, and a message in English is left
alone: English words that happen to be syllables ("he", "you", "gun", "can") do not count as
pinyin (wordfreq's English word frequencies tell them).

The characters are chosen by a word bigram model: word frequencies from jieba's dictionary, with
the words and word pairs of the training data (how people write to the bot) weighing more.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import jieba
from pypinyin import Style, lazy_pinyin, pinyin
from wordfreq import zipf_frequency

from bot.nlu import segment
from bot.nlu.text_classifier import load_pickle, save_pickle

JIEBA_DICTIONARY = Path(jieba.__file__).parent / "dict.txt"
_HAN = re.compile(r"[\u3400-\u9fff]")
_PARTS = re.compile(r"[A-Za-züÜ]+|[^A-Za-züÜ]+")
_LATIN = re.compile(r"[A-Za-züÜ]+")
LONGEST_SYLLABLE = 6  # letters: zhuang, shuang
MAX_WORD = 6  # syllables: longer dictionary words are rare and slow the search
CANDIDATES = 6  # characters kept per syllable sequence, most frequent first
BEAM = 12  # best paths kept at each syllable boundary
UNKNOWN = 1e-12  # the probability of a syllable no word in the dictionary is read as
ENGLISH_ZIPF = 4.3  # 10⁴·³ per 10⁹ English words: "abroad", "valid", "license" and commoner
# Longer text is left as typed: the search takes about 0.2 ms a syllable (25 ms for a 490-character
# message), and nobody types a page of pinyin, while a 5,000-character one would hold the parse.
MAX_LENGTH = 1000


_INTERJECTIONS = {"n", "m", "ng", "hm", "hng", "r"}  # readings no one types for a word


def _syllables() -> frozenset[str]:
    """Every toneless pinyin syllable of the common CJK block (ü written v, as keyboards do)."""
    found: set[str] = set()
    for code in range(0x4E00, 0x9FA6):
        found.update(pinyin(chr(code), style=Style.NORMAL, heteronym=True)[0])
    return frozenset(s for s in found if s.isascii() and s.isalpha() and s not in _INTERJECTIONS)


def _english(word: str) -> bool:
    """Is `word` a common English word (Zipf frequency ≥ 4.3: "you", "here", "license")?

    Pinyin syllables are English words too, mostly rare ones: "wo" 3.7, "ni" 3.9, "hao" 3.0,
    "huzhao" 0; the common ones ("de" 5.2, "men" 5.5, "le" 4.5) are read by their neighbours.
    """
    return zipf_frequency(word, "en") >= ENGLISH_ZIPF


class PinyinReader:
    """Detects pinyin messages and writes them in characters."""

    def __init__(
        self,
        corpus: Iterable[str],
        dictionary: Path = JIEBA_DICTIONARY,
        min_frequency: int = 20,
        corpus_weight: int = 200,
    ) -> None:
        """Count words and word pairs of `corpus` over `dictionary`'s counts.

        `corpus` is segmented as the tokenizer segments messages (with the consular dictionary).

        A word seen in `corpus` counts `corpus_weight` times for each time; so the bot's own
        vocabulary ("护照", "使馆", "被偷") wins over a commoner dictionary word read the same way.
        """
        self.syllables = _syllables()
        counts: Counter[str] = Counter()
        for line in dictionary.read_text(encoding="utf-8").splitlines():
            word, frequency, *_ = line.split()
            if int(frequency) >= min_frequency and len(word) <= MAX_WORD:
                counts[word] += int(frequency)
        pairs: Counter[tuple[str, str]] = Counter()
        for text in corpus:
            words = [w for w in segment.words(text) if _all_han(w)]
            for word in words:
                counts[word] += corpus_weight
            pairs.update(zip(words, words[1:], strict=False))
        total = sum(counts.values())
        by_key: defaultdict[tuple[str, ...], list[tuple[float, str]]] = defaultdict(list)
        for word, count in counts.items():
            if not _all_han(word) or len(word) > MAX_WORD:
                continue
            if len(word) == 1:  # every reading of a character: 谁 is typed shui and shei
                keys: list[tuple[str, ...]] = [
                    (s,) for s in pinyin(word, style=Style.NORMAL, heteronym=True)[0]
                ]
            else:
                keys = [tuple(lazy_pinyin(word, style=Style.NORMAL, errors="ignore"))]
            for key in keys:
                if len(key) == len(word) and all(s in self.syllables for s in key):
                    by_key[key].append((count / total, word))
        self._words = {
            key: [(w, p) for p, w in sorted(entries, reverse=True)[:CANDIDATES]]
            for key, entries in by_key.items()
        }
        self._pairs = dict(pairs)
        self._firsts: Counter[str] = Counter()
        for (first, _), n in self._pairs.items():
            self._firsts[first] += n

    def save(self, path: Path) -> None:
        """Write the reader to `path` (a pickle: read it only from a trusted model)."""
        save_pickle(self, path)

    @staticmethod
    def load(path: Path) -> PinyinReader:
        """A reader written by `save` (a pickle: only from a model you trained)."""
        return load_pickle(path, PinyinReader, "a pinyin reader")

    @staticmethod
    def may_be_pinyin(text: str) -> bool:
        """Cheap first look: no Chinese characters, not too long, and two Latin words at least."""
        return len(text) <= MAX_LENGTH and not _HAN.search(text) and len(_LATIN.findall(text)) >= 2

    def read(self, text: str, places: Sequence[tuple[int, int, str]] = ()) -> str:
        """`text` in characters when it is typed in pinyin, else `text` unchanged.

        `places`: (start, end, name) of the place names the caller found in `text`; in a pinyin
        message each is written as `name` (its country in Chinese: "dubai" would be 独白 to the
        word model, "riben" is 日本 either way) and does not count as a word.
        """
        if not self.may_be_pinyin(text):
            return text
        parts: list[tuple[str, bool]] = []  # (text, whether it may be read as pinyin)
        position = 0
        for start, end, name in sorted(places):
            parts += [(m.group(), True) for m in _PARTS.finditer(text[position:start])]
            parts.append((name, False))
            position = end
        parts += [(m.group(), True) for m in _PARTS.finditer(text[position:])]
        words = [i for i, (part, readable) in enumerate(parts) if readable and part.isalpha()]
        syllables = {i: self.split(parts[i][0]) for i in words}
        converted = self._pinyin_words(words, syllables, [parts[i][0] for i in words])
        if not converted:
            return text
        out: list[str] = []
        run: list[str] = []
        for i, (part, readable) in enumerate(parts):
            if i in converted:
                run.extend(syllables[i] or ())
            elif part.isspace():
                continue  # the words decide where pinyin words end; Latin words get their own
            else:
                if run:
                    out.append(self.characters(run))
                    run = []
                out.append(f" {part} " if readable and part.isalpha() else "".join(part.split()))
        if run:
            out.append(self.characters(run))
        return " ".join("".join(out).split())

    @staticmethod
    def _pinyin_words(
        order: Sequence[int], syllables: dict[int, list[str] | None], texts: Sequence[str]
    ) -> set[int]:
        """Which of the words (positions `order`, spelt `texts`) to read as pinyin: none or some.

        Pinyin for sure: syllables that are no common English word ("huzhao", "zenme", "wo").
        English for sure: no syllables ("passport", "how"). Both ("he", "you", "men", "a",
        "here"): pinyin only next to pinyin. A message is read when it has two sure pinyin words
        and no more sure English ones: "he has a gun" and "hello, anyone here?" have none.
        """
        sure = {i for i, t in zip(order, texts, strict=True) if syllables[i] and not _english(t)}
        english = sum(1 for i in order if not syllables[i])
        if len(sure) < 2 or len(sure) < english:
            return set()
        chosen = set(sure)
        changed = True
        while changed:  # an ambiguous word next to a chosen one is pinyin too
            changed = False
            neighbours = zip([None, *order[:-1]], order, [*order[1:], None], strict=True)
            for before, i, after in neighbours:
                if i not in chosen and syllables[i] and ({before, after} & chosen):
                    chosen.add(i)
                    changed = True
        return chosen

    def split(self, word: str) -> list[str] | None:
        """`word` as pinyin syllables, as few as possible ("xian" one, not xi-an), or None."""
        word = word.lower().replace("ü", "v")
        best: list[list[str] | None] = [None] * (len(word) + 1)
        best[0] = []
        for end in range(1, len(word) + 1):
            for start in range(max(0, end - LONGEST_SYLLABLE), end):
                before = best[start]
                if before is not None and word[start:end] in self.syllables:
                    candidate = [*before, word[start:end]]
                    current = best[end]
                    if current is None or len(candidate) < len(current):
                        best[end] = candidate
        return best[-1]

    def characters(self, syllables: Sequence[str]) -> str:
        """The likeliest characters for `syllables` (a beam search over the word bigram model)."""
        # paths[i]: the best (score, words) ending after syllable i, by last word
        paths: list[dict[str, tuple[float, tuple[str, ...]]]] = [
            {"": (0.0, ())},
            *({} for _ in syllables),
        ]
        for end in range(1, len(syllables) + 1):
            reached = paths[end]
            for start in range(max(0, end - MAX_WORD), end):
                candidates = self._words.get(tuple(syllables[start:end]))
                if candidates is None and start == end - 1:
                    candidates = [(syllables[start], UNKNOWN)]  # kept as typed; the rest is read
                if not candidates or not paths[start]:
                    continue
                for previous, (score, words) in paths[start].items():
                    for word, probability in candidates:
                        total = score + self._log_probability(previous, word, probability)
                        if word not in reached or reached[word][0] < total:
                            reached[word] = (total, (*words, word))
            if len(reached) > BEAM:
                kept = sorted(reached.items(), key=lambda item: item[1][0], reverse=True)[:BEAM]
                paths[end] = dict(kept)
        final = paths[-1]
        if not final:
            return "".join(syllables)
        return "".join(max(final.values())[1])

    def _log_probability(self, previous: str, word: str, probability: float) -> float:
        """Log-probability of `word` after `previous`: pairs in the corpus mixed with frequency."""
        seen = self._firsts.get(previous, 0)
        if seen:
            pair = self._pairs.get((previous, word), 0)
            probability = 0.5 * pair / seen + 0.5 * probability
        return math.log(probability)


def _all_han(word: str) -> bool:
    return all(_HAN.fullmatch(ch) for ch in word)
