"""Sentence-only count vectors: Rasa's sentence features, an empty token placeholder for DIET."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.sentence_features import SentenceCountVectorsFeaturizer
from tests.nlu.featurised import CONTEXT

FEATURIZER = "bot.nlu.sentence_features.SentenceCountVectorsFeaturizer"
EXAMPLES = {
    "passport lost in rome": "lost",
    "passport stolen in paris": "lost",
    "car crash near the border": "crash",
    "my friend crashed the car": "crash",
}


def tokenised(text: str, intent: str | None = None) -> Message:
    message = Message(data={"text": text, **({"intent": intent} if intent else {})})
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    tokenizer.process_training_data(TrainingData(training_examples=[message]))
    return message


def trained(cls: type[CountVectorsFeaturizer], config: dict[str, Any], tmp_path: Path) -> Any:
    directory = tmp_path / cls.__name__
    directory.mkdir()
    featurizer = cls.create(
        {**cls.get_default_config(), **config},
        LocalModelStorage(directory),
        Resource("cv"),
        CONTEXT,
    )
    data = TrainingData(training_examples=[tokenised(t, i) for t, i in EXAMPLES.items()])
    featurizer.train(data)
    return featurizer


@pytest.mark.parametrize(
    "config", [{}, {"analyzer": "char_wb", "min_ngram": 1, "max_ngram": 3}], ids=["words", "chars"]
)
def test_the_sentence_vector_is_rasas_and_the_tokens_are_one_empty_column(
    config: dict[str, Any], tmp_path: Path
) -> None:
    ours = trained(SentenceCountVectorsFeaturizer, config, tmp_path)
    rasas = trained(CountVectorsFeaturizer, config, tmp_path)
    for text in ("passport stolen near rome", "unknown words only", "car car crash"):
        mine, theirs = tokenised(text), tokenised(text)
        ours.process([mine])
        rasas.process([theirs])
        sequence, sentence = mine.get_sparse_features("text")
        _, expected = theirs.get_sparse_features("text")
        assert sentence is not None and expected is not None
        assert (sentence.features != expected.features).nnz == 0
        assert sequence is not None and sequence.features.shape == (1, 1)
        assert sequence.features.nnz == 0


def test_the_intent_labels_are_featurised_as_rasa_does(tmp_path: Path) -> None:
    ours = trained(SentenceCountVectorsFeaturizer, {}, tmp_path)
    rasas = trained(CountVectorsFeaturizer, {}, tmp_path)
    mine, theirs = tokenised("car crash", "crash"), tokenised("car crash", "crash")
    ours.process_training_data(TrainingData(training_examples=[mine]))
    rasas.process_training_data(TrainingData(training_examples=[theirs]))
    sequence, _ = mine.get_sparse_features("intent")
    expected, _ = theirs.get_sparse_features("intent")
    assert sequence is not None and expected is not None
    assert (sequence.features != expected.features).nnz == 0


def test_a_message_without_tokens_gets_no_features(tmp_path: Path) -> None:
    featurizer = trained(SentenceCountVectorsFeaturizer, {}, tmp_path)
    message = tokenised("")
    featurizer.process([message])
    assert message.get_sparse_features("text") == (None, None)


def test_the_pipeline_leaves_out_token_features_only_where_diet_cannot_use_them() -> None:
    config = yaml.safe_load(Path("config.yml").read_text(encoding="utf-8"))
    pipeline = list(config["pipeline"])
    names = [step["name"] for step in pipeline]
    featurizers = [name for name in names if "Featurizer" in name]
    assert featurizers and set(featurizers) == {FEATURIZER}
    diet = pipeline[names.index("bot.nlu.fast_diet.FastDIETClassifier")]
    # Any of these would let the token features reach the intent, and leaving them out would hurt.
    assert diet.get("number_of_transformer_layers") == 0
    assert diet.get("entity_recognition") is False
    assert not diet.get("use_masked_language_model", False)
