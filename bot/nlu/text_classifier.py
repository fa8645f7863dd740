"""A two-class logistic regression over character n-grams and jieba words of normalised text.

The emergency detector (bot.safety) and the out-of-scope check (bot.nlu.scope) are both one
yes/no question about a message; this is the model they share.
"""

from __future__ import annotations

import hashlib
import math
import pickle
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from bot.text import english_as_chinese

T = TypeVar("T")
# What loading a stored classifier raises when it is missing (Rasa: ValueError) or was pickled by
# older code whose classes have moved (AttributeError, ImportError) or is damaged.
UNREADABLE = (ValueError, AttributeError, ImportError, EOFError, pickle.UnpicklingError)


class BinaryTextClassifier:
    """Character 1–3-grams plus jieba words and word pairs (tf-idf), class-balanced regression.

    Texts are expected normalised and lower-cased (bot.text.normalize + lower) by the caller;
    English words of the guide's situations are read as their Chinese (bot.text.english_as_chinese).
    """

    def __init__(self, texts: Sequence[str], labels: Sequence[int], c: float = 3.0) -> None:
        """Train on `texts` with `labels` (1: the class asked about, 0: the rest)."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_union

        from bot.nlu.segment import words

        # Words add what characters miss: "药" alone says little, "吃了一整瓶药" a lot.
        self._vectorizer = make_union(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True),
            TfidfVectorizer(
                tokenizer=words, token_pattern=None, lowercase=False, ngram_range=(1, 2),
                sublinear_tf=True,
            ),
        )  # fmt: skip
        self._model = LogisticRegression(C=c, class_weight="balanced", solver="liblinear")
        read = [english_as_chinese(text) for text in texts]
        self._model.fit(self._vectorizer.fit_transform(read), list(labels))
        for _, vectorizer in self._vectorizer.transformer_list:
            vectorizer.stop_words_ = None  # the pruned n-grams: 10 MB a pickle, never read
        coef = self._model.coef_[0]
        self._parts: list[_TfidfPart] = []
        offset = 0
        for _, vectorizer in self._vectorizer.transformer_list:
            size = len(vectorizer.vocabulary_)
            self._parts.append(_TfidfPart(vectorizer, coef[offset : offset + size]))
            offset += size
        self._intercept = float(self._model.intercept_[0])

    def probability(self, folded: str) -> float:
        """How likely `folded` belongs to class 1, 0 to 1."""
        read = english_as_chinese(folded)
        score = self._intercept + sum(part.score(read) for part in self._parts)
        return 1.0 / (1.0 + math.exp(-score))

    def sklearn_probability(self, folded: str) -> float:
        """The same through scikit-learn's transform and predict_proba (the reference; ~1.7 ms)."""
        features = self._vectorizer.transform([english_as_chinese(folded)])
        return float(self._model.predict_proba(features)[0][1])


def featurising_files() -> list[Path]:
    """The code and data that turn a message into features (normalising, segmenting, n-grams).

    A stored classifier is stale when any of them changes; the components hash them into their
    Rasa fingerprint.
    """
    from bot import text
    from bot.nlu import segment

    return [
        Path(__file__),
        Path(text.__file__),
        *text.PHRASE_FILES,
        Path(segment.__file__),
        *segment.dictionary_files(),
    ]


def file_digest(files: Sequence[Path]) -> str:
    """SHA-256 over the files' names and contents, in order."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def save_pickle(obj: object, path: Path) -> None:
    """Write a trained classifier (a pickle: read it back only from a model you trained)."""
    Path(path).write_bytes(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def load_pickle(path: Path, kind: type[T], what: str) -> T:
    """The object `save_pickle` wrote, refused unless it is a `kind`."""
    obj = pickle.loads(Path(path).read_bytes())
    if not isinstance(obj, kind):
        raise TypeError(f"{path}: not {what}")
    return obj


class _TfidfPart:
    """One vectorizer's share of the regression's score, computed on the message's n-grams only.

    scikit-learn's transform costs ~3 ms a message here, most of it sparse-matrix work that grows
    with the vocabulary; this is the same arithmetic (sublinear tf × idf, l2 norm, · weights).
    """

    def __init__(self, vectorizer: Any, weights: Any) -> None:
        self._analyze = vectorizer.build_analyzer()
        self._index: dict[str, int] = vectorizer.vocabulary_
        self._idf: list[float] = vectorizer.idf_.tolist()
        self._weights: list[float] = weights.tolist()

    def score(self, text: str) -> float:
        counts = Counter(i for g in self._analyze(text) if (i := self._index.get(g)) is not None)
        if not counts:
            return 0.0
        values = {i: (1.0 + math.log(c)) * self._idf[i] for i, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values()))
        return sum(v * self._weights[i] for i, v in values.items()) / norm
