"""Is a message a question the guide answers at all? A yes/no check beside the section classifiers.

The section classifiers spread a message over 112 intents, and a question the guide does not
answer ("外国同事在广州丢了护照", "国内驾照在国外过期了怎么换") often lands on its nearest section
above the fallback threshold. A two-class regression trained on every guide example against every
out-of-scope one asks the question directly. It only turns a guide answer into the out-of-scope
reply, and never for a message that signals danger (the bot then offers sections instead).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bot.names import GUIDE
from bot.nlu.text_classifier import BinaryTextClassifier, load_pickle, save_pickle
from bot.text import fold

# Chosen on the dev sets (`make eval`; tests/eval/dev*.yml with out-of-scope messages): over their
# 455 out-of-scope and 2,322 in-scope messages, recall 0.905 → 0.945 with in-scope messages
# rejected 0.033 → 0.034; 0.4 gave 0.956 / 0.038, 0.3 0.971 / 0.049.
THRESHOLD = 0.5


class ScopeClassifier:
    """How likely a message is out of the guide's scope, from the NLU training examples."""

    def __init__(self, in_scope: Sequence[str], out_of_scope: Sequence[str]) -> None:
        """Train on the guide intents' examples against the out-of-scope ones."""
        texts = [fold(t) for t in [*in_scope, *out_of_scope]]
        labels = [0] * len(in_scope) + [1] * len(out_of_scope)
        self._classifier = BinaryTextClassifier(texts, labels)

    def probability(self, text: str) -> float:
        """How likely the guide does not answer `text`, 0 to 1."""
        return self._classifier.probability(fold(text))

    def save(self, path: Path) -> None:
        """Write the trained classifier to `path` (a pickle: read it only from a trusted model)."""
        save_pickle(self, path)

    @staticmethod
    def load(path: Path) -> ScopeClassifier:
        """A classifier written by `save` (a pickle: only from a model you trained)."""
        return load_pickle(path, ScopeClassifier, "a scope classifier")


def overrules(
    probability: float, intent: str | None, emergency: bool, threshold: float = THRESHOLD
) -> bool:
    """True when the check turns the ranker's guide answer into the out-of-scope reply."""
    return intent == GUIDE and not emergency and probability >= threshold
