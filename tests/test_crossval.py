from collections import Counter
from pathlib import Path

import pytest

from bot.crossval import (
    FoldScore,
    format_crossval,
    predicted_labels,
    score_fold,
    stratified_folds,
    write_nlu_yaml,
)
from bot.nlu.training_data import load_training_examples

PAIRS = [(f"护照丢了{i}", "guide_5_1_1") for i in range(11)] + [
    (f"你好{i}", "greet") for i in range(4)
]


def test_folds_partition_the_examples_and_spread_each_intent() -> None:
    folds = stratified_folds(PAIRS, 5)
    flat = [i for fold in folds for i in fold]
    assert sorted(flat) == list(range(len(PAIRS)))
    for intent in ("guide_5_1_1", "greet"):
        per_fold = [sum(PAIRS[i][1] == intent for i in fold) for fold in folds]
        assert max(per_fold) - min(per_fold) <= 1
    assert stratified_folds(PAIRS, 5) == folds  # same seed, same split


def test_written_folds_read_back_unchanged(tmp_path: Path) -> None:
    pairs = [*PAIRS, ("包被抢了: 证件都在里面", "guide_5_1_1"), ("- 开头的横线", "greet")]
    write_nlu_yaml(pairs, tmp_path / "nlu.yml")
    assert Counter(load_training_examples(tmp_path)) == Counter(pairs)


def test_the_repository_training_data_loads() -> None:
    pairs = load_training_examples(Path("nlu_data/nlu"))
    intents = Counter(intent for _, intent in pairs)
    assert len(intents) >= 110 and min(intents.values()) >= 30


def parse_of(intent: str, sections: list[str]) -> dict:
    return {
        "intent": {"name": intent},
        "guide_ranking": [{"section": s, "confidence": 0.5} for s in sections],
        "classifier_rankings": {"diet": [{"name": "greet", "confidence": 0.6}]},
        "classifier_ranking": [{"name": "greet", "confidence": 0.6}],
    }


def test_predicted_labels_put_a_special_intent_before_the_sections() -> None:
    assert predicted_labels(parse_of("guide", ["5.1.1", "5.3"]))["pipeline"] == [
        "guide_5_1_1",
        "guide_5_3",
    ]
    labels = predicted_labels(parse_of("greet", ["5.1.1"]))
    assert labels == {
        "pipeline": ["greet", "guide_5_1_1"],
        "combined": ["greet"],
        "diet": ["greet"],
    }


def test_fold_scores_and_report() -> None:
    parses = {
        "a": parse_of("guide", ["5.1.1"]),
        "b": parse_of("guide", ["5.3", "5.2.1"]),
    }
    scores = score_fold(0, [("a", "guide_5_1_1"), ("b", "guide_5_2_1")], parses.__getitem__)
    pipeline = next(s for s in scores if s.system == "pipeline")
    assert (pipeline.top1, pipeline.top3) == (0.5, 1.0)
    text = format_crossval([*scores, FoldScore("pipeline", 1, 1.0, 1.0)], 2, 30)
    assert "2-fold" in text
    assert "0.750 ± 0.354" in text


def test_no_folds_for_too_few_examples() -> None:
    with pytest.raises(ValueError):
        stratified_folds(PAIRS[:3], 5)
