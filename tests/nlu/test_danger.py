"""The danger detector as a pipeline step: trained with the model, stored in it, loaded back."""

import pickle
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import bot.safety
from bot.names import CLASSIFIER_RANKINGS, EMERGENCY
from bot.nlu.danger import DangerDetector
from bot.safety import EmergencyClassifier, training_digest
from tests.nlu.featurised import CONTEXT

RESOURCE = Resource("danger")


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[LocalModelStorage, DangerDetector]:
    """A component trained (once per module) into a model storage, and its trained self."""
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    component = DangerDetector.create({}, storage, RESOURCE, CONTEXT)
    small_talk = [Message(data={"text": "谢了兄弟", "intent": "thanks"})]
    other = [Message(data={"text": "护照丢了", "intent": "guide_5_1_1"})]
    component.train(TrainingData(training_examples=small_talk + other))
    return storage, component


def loaded(storage: LocalModelStorage) -> DangerDetector:
    return DangerDetector.load({}, storage, RESOURCE, CONTEXT)


@pytest.mark.parametrize(
    ("text", "danger"),
    [
        ("有人拿枪指着我要钱", "attack"),
        ("船进水了快沉了", "ship_in_distress"),
        ("他拿着菜刀在门外", "classifier"),  # no lexicon phrase: the stored classifier
        ("护照过期了怎么办", None),
    ],
)
def test_the_loaded_component_gives_every_message_its_kind_of_danger_or_none(
    stored: Any, text: str, danger: str | None
) -> None:
    message = Message(data={"text": text})
    loaded(stored[0]).process([message])
    assert message.get(EMERGENCY) == danger
    assert message.as_dict(only_output_properties=True).get(EMERGENCY) == danger  # None: left out


def ranking(intent: str, confidence: float) -> list[dict[str, Any]]:
    return [{"name": intent, "confidence": confidence}, {"name": "guide_5_1_1", "confidence": 0.0}]


@pytest.mark.parametrize(
    ("diet", "logreg", "small_talk"),
    [
        (ranking("handoff", 0.9), ranking("handoff", 0.8), True),
        (ranking("handoff", 0.9), ranking("handoff", 0.3), False),  # the regression is not sure
        (ranking("handoff", 0.9), ranking("guide_5_1_1", 0.9), False),
        # A suicide note is often said as a goodbye or as thanks: never waved on.
        (ranking("goodbye", 0.9), ranking("goodbye", 0.9), False),
        (ranking("thanks", 0.9), ranking("thanks", 0.9), False),
    ],
)
def test_the_classifiers_before_it_decide_whether_a_message_is_small_talk(
    diet: list[dict[str, Any]], logreg: list[dict[str, Any]], small_talk: bool, tmp_path: Path
) -> None:
    seen: list[bool] = []

    class Recording:
        def category(self, text: str, small_talk: bool = False) -> str | None:
            seen.append(small_talk)
            return None

    detector: Any = Recording()
    component = DangerDetector({}, LocalModelStorage(tmp_path), RESOURCE, detector=detector)
    message = Message(data={"text": "找个真人", "intent_ranking": logreg})
    message.set(CLASSIFIER_RANKINGS, {"diet": diet})
    component.process([message])
    assert seen == [small_talk]


def test_the_model_stores_the_classifier_it_trained(stored: Any) -> None:
    storage, trained = stored
    with storage.read_from(RESOURCE) as directory:
        assert (directory / DangerDetector.STORED_FILE).stat().st_size < 20_000_000
    text = "朋友在山里失联两天了"
    trained_score = trained._detector._classifier.probability(text)
    assert loaded(storage)._detector._classifier.probability(text) == trained_score


def test_a_stored_file_that_is_not_a_classifier_is_refused(tmp_path: Path) -> None:
    path = tmp_path / DangerDetector.STORED_FILE
    path.write_bytes(pickle.dumps({"not": "a classifier"}))
    with pytest.raises(TypeError, match="not an emergency classifier"):
        EmergencyClassifier.load(path)


def test_new_examples_change_the_fingerprint_so_rasa_retrains(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "emergency_examples.yml"
    shutil.copy(bot.safety.EXAMPLES, copy)
    monkeypatch.setattr(bot.safety, "EXAMPLES", copy)
    before = DangerDetector.fingerprint_addon({})
    assert DangerDetector.fingerprint_addon({}) == before == training_digest()
    copy.write_text(copy.read_text(encoding="utf-8") + "- 新的一条\n", encoding="utf-8")
    assert DangerDetector.fingerprint_addon({}) != before


def test_an_untrained_component_falls_back_to_the_packaged_detector(tmp_path: Path) -> None:
    component = DangerDetector.create({}, LocalModelStorage(tmp_path), RESOURCE, CONTEXT)
    message = Message(data={"text": "救命！"})
    component.process([message])
    assert message.get(EMERGENCY) == "help_now"


def test_a_model_from_before_the_classifier_was_stored_still_loads(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    component = DangerDetector.load({}, LocalModelStorage(tmp_path), Resource("old"), CONTEXT)
    message = Message(data={"text": "他拿着菜刀在门外"})
    component.process([message])
    assert message.get(EMERGENCY) == "classifier"
    assert "emergency classifier is missing or from older code (ValueError)" in caplog.text


class Moved:
    """Stands for a class an older version of the code pickled and has since moved."""


def test_a_model_whose_classifier_older_code_pickled_still_loads(
    stored: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = LocalModelStorage(tmp_path)
    with storage.write_to(RESOURCE) as directory:
        (directory / DangerDetector.STORED_FILE).write_bytes(pickle.dumps(Moved()))
    monkeypatch.delattr(sys.modules[__name__], "Moved")
    component = loaded(storage)
    message = Message(data={"text": "他拿着菜刀在门外"})
    component.process([message])
    assert message.get(EMERGENCY) == "classifier"
    assert "from older code (AttributeError)" in caplog.text
