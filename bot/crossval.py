"""K-fold cross-validation of the NLU pipeline on its own training data.

`rasa test nlu --cross-validation` cannot score this pipeline: the ranker reports every guide
question as intent `guide`. Here each fold is trained with Rasa's `train_nlu` and scored by
section (guide intents) or by intent name (the others), for the full pipeline and for each
classifier alone.
"""

from __future__ import annotations

import random
import statistics
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.names import CLASSIFIER_RANKING, CLASSIFIER_RANKINGS, GUIDE, intent_for
from bot.nlu.parse_data import section_ranking
from bot.nlu.training_data import Labelled, load_training_examples


def stratified_folds(pairs: Sequence[Labelled], k: int, seed: int = 42) -> list[list[int]]:
    """Indices of `pairs` split into `k` folds, each intent spread evenly over them."""
    if len(pairs) < k:
        raise ValueError(f"{len(pairs)} examples cannot make {k} folds")
    by_intent: dict[str, list[int]] = defaultdict(list)
    for i, (_, intent) in enumerate(pairs):
        by_intent[intent].append(i)
    rng = random.Random(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    offset = 0
    for intent in sorted(by_intent):
        indices = by_intent[intent]
        rng.shuffle(indices)
        for j, index in enumerate(indices):
            folds[(offset + j) % k].append(index)
        offset += len(indices)  # so small intents do not all start in fold 0
    return folds


def write_nlu_yaml(pairs: Sequence[Labelled], path: Path) -> None:
    """Write `pairs` as one Rasa NLU YAML file."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for text, intent in pairs:
        grouped[intent].append(text)
    data = {
        "version": "3.1",
        "nlu": [
            {"intent": intent, "examples": "".join(f"- {t}\n" for t in texts)}
            for intent, texts in sorted(grouped.items())
        ],
    }
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def predicted_labels(parse: Mapping[str, Any]) -> dict[str, list[str]]:
    """Labels best first, per system.

    `pipeline` is what the bot does (a message below the fallback threshold counts as wrong);
    `combined` the classifiers' averaged ranking without the fallback; then each classifier.
    """
    intent = (parse.get("intent") or {}).get("name")
    sections = [sid for sid, _ in section_ranking(parse)]
    labels = [intent_for(sid) for sid in sections]
    if intent != GUIDE:
        labels.insert(0, str(intent))
    systems = {"pipeline": labels}
    if parse.get(CLASSIFIER_RANKING):
        systems["combined"] = [str(e["name"]) for e in parse[CLASSIFIER_RANKING]]
    for source, ranking in (parse.get(CLASSIFIER_RANKINGS) or {}).items():
        systems[source] = [str(e["name"]) for e in ranking]
    return systems


@dataclass(frozen=True)
class FoldScore:
    """Top-1 and top-3 accuracy of one system on one fold."""

    system: str
    fold: int
    top1: float
    top3: float


def score_fold(
    fold: int, pairs: Sequence[Labelled], parse: Callable[[str], Mapping[str, Any]]
) -> list[FoldScore]:
    """Score every system on the held-out `pairs` of one fold."""
    hits: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for text, intent in pairs:
        for system, labels in predicted_labels(parse(text)).items():
            hits[system].append((labels[:1] == [intent], intent in labels[:3]))
    return [
        FoldScore(
            system,
            fold,
            sum(h1 for h1, _ in results) / len(results),
            sum(h3 for _, h3 in results) / len(results),
        )
        for system, results in hits.items()
    ]


def format_crossval(scores: Sequence[FoldScore], k: int, size: int) -> str:
    """Mean ± standard deviation over the folds, per system."""
    lines = [f"== {k}-fold cross-validation over {size} training examples =="]
    lines.append(f"{'system':12} {'top-1 mean ± sd':>16} {'top-3 mean ± sd':>16}")
    by_system: dict[str, list[FoldScore]] = defaultdict(list)
    for s in scores:
        by_system[s.system].append(s)
    for system, folds in sorted(by_system.items(), key=lambda item: item[0] != "pipeline"):
        top1 = [f.top1 for f in folds]
        top3 = [f.top3 for f in folds]
        sd1 = statistics.stdev(top1) if len(top1) > 1 else 0.0
        sd3 = statistics.stdev(top3) if len(top3) > 1 else 0.0
        lines.append(
            f"{system:12} {statistics.mean(top1):9.3f} ± {sd1:.3f} "
            f"{statistics.mean(top3):9.3f} ± {sd3:.3f}"
        )
    return "\n".join(lines)


def cross_validate(
    nlu_dir: Path,
    config: Path,
    k: int,
    workdir: Path,
    log: Callable[[str], None] = print,
    reuse: bool = False,
) -> str:
    """Train and score `k` folds; returns the printed report.

    `reuse` scores the fold models already in `workdir` again instead of training them.
    """
    from rasa.model_training import train_nlu

    from bot.nlu.parser import Parser

    pairs = load_training_examples(nlu_dir)
    folds = stratified_folds(pairs, k)
    scores: list[FoldScore] = []
    for fold, held in enumerate(folds):
        held_set = set(held)
        train = [p for i, p in enumerate(pairs) if i not in held_set]
        fold_dir = Path(workdir) / f"fold{fold}"
        (fold_dir / "data").mkdir(parents=True, exist_ok=True)
        write_nlu_yaml(train, fold_dir / "data" / "nlu.yml")
        model = train_nlu(
            str(config), str(fold_dir / "data"), str(fold_dir), fixed_model_name="nlu"
        )
        if model is None:
            raise RuntimeError(f"training fold {fold} failed")
        parser = Parser(Path(model))
        fold_scores = score_fold(fold, [pairs[i] for i in held], parser.parse)
        parser.close()
        scores += fold_scores
        log(" ".join(f"{s.system} {s.top1:.3f}" for s in fold_scores) + f" (fold {fold})")
    return format_crossval(scores, k, len(pairs))
