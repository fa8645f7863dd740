"""The pinyin reader as a pipeline step: trained with the model, stored in it, loaded back."""

from pathlib import Path
from typing import Any

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.countries import default_finder
from bot.nlu.pinyin_reader import PinyinInput
from tests.nlu.featurised import CONTEXT

RESOURCE = Resource("pinyin")


@pytest.fixture(scope="module")
def storage(tmp_path_factory: pytest.TempPathFactory) -> LocalModelStorage:
    """A model storage the component was trained into (once per module)."""
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    component = PinyinInput.create({}, storage, RESOURCE, CONTEXT)
    examples = ["我的护照在巴黎被偷了", "在迪拜被人抢了", "护照丢了怎么补办"]
    component.train(TrainingData([Message(data={"text": t}) for t in examples]))
    return storage


def read(component: PinyinInput, text: str) -> Any:
    message = Message(data={"text": text})
    component.process([message])
    return message.get("text")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wode huzhao zai bali bei tou le", "我的护照在巴黎被偷了"),  # Paris, not Bali
        ("huzhao diule zenme buban", "护照丢了怎么补办"),
        ("my passport was stolen in Dubai", "my passport was stolen in Dubai"),
        ("护照丢了", "护照丢了"),
    ],
)
def test_the_loaded_component_reads_pinyin_and_leaves_the_rest(
    storage: LocalModelStorage, text: str, expected: str
) -> None:
    component = PinyinInput.load({}, storage, RESOURCE, CONTEXT)
    assert read(component, text) == expected


@pytest.mark.parametrize("place", ["Dubai", "Nairobi", "riben"])
def test_a_place_name_in_pinyin_keeps_its_country(storage: LocalModelStorage, place: str) -> None:
    component = PinyinInput.load({}, storage, RESOURCE, CONTEXT)
    text = read(component, f"zai {place} bei ren qiang le")
    assert text.endswith("被人抢了")
    assert default_finder().find(text) == default_finder().find(place)  # "dubai" is not 独白


def test_training_examples_typed_in_pinyin_are_read_too(storage: LocalModelStorage) -> None:
    component = PinyinInput.load({}, storage, RESOURCE, CONTEXT)
    data = TrainingData([Message(data={"text": "huzhao diule zenme buban", "intent": "x"})])
    component.process_training_data(data)
    assert data.training_examples[0].get("text") == "护照丢了怎么补办"


def test_a_model_without_the_reader_passes_messages_as_typed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    component = PinyinInput.load({}, LocalModelStorage(tmp_path), Resource("old"), CONTEXT)
    assert read(component, "huzhao diule zenme buban") == "huzhao diule zenme buban"
    assert "pinyin reader is missing" in caplog.text
