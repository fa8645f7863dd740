"""The scope check: a yes/no classifier, and the pipeline step that overrules a guide answer."""

from pathlib import Path

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.names import EMERGENCY, GUIDE, OUT_OF_SCOPE, SCOPE_PROBABILITY
from bot.nlu.scope_check import ScopeCheck
from bot.scope import ScopeClassifier, overrules
from tests.nlu.featurised import CONTEXT

RESOURCE = Resource("scope")
IN_SCOPE = {
    "guide_5_1_1": [
        "护照丢了怎么办",
        "在国外护照被偷了",
        "passport stolen in Rome",
        "护照找不到了",
    ],
    "guide_5_7_6": ["儿子在日本被拘留了", "家人被警察抓了能探视吗", "我老公在泰国被关起来了"],
}
OUT = [
    "今天天气怎么样",
    "帮我订一张机票",
    "国内驾照怎么换证",
    "外国人在中国丢了护照",
    "给我讲个笑话",
]


def training_data() -> TrainingData:
    examples = [
        Message(data={"text": text, "intent": intent})
        for intent, texts in {**IN_SCOPE, OUT_OF_SCOPE: OUT, "greet": ["你好"]}.items()
        for text in texts
    ]
    return TrainingData(training_examples=examples)


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[LocalModelStorage, ScopeCheck]:
    """A component trained (once per module) into a model storage, and its trained self."""
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    component = ScopeCheck.create(ScopeCheck.get_default_config(), storage, RESOURCE, CONTEXT)
    component.train(training_data())
    return storage, component


def guide_message(text: str, emergency: str | None = None) -> Message:
    """A message as the ranker leaves it: intent `guide`, a ranking with out_of_scope lower."""
    message = Message(data={"text": text})
    message.set("intent", {"name": GUIDE, "confidence": 0.4})
    ranking = [{"name": GUIDE, "confidence": 0.4}, {"name": OUT_OF_SCOPE, "confidence": 0.1}]
    message.set("intent_ranking", ranking)
    message.set(EMERGENCY, emergency)
    return message


def test_the_classifier_separates_guide_questions_from_the_rest() -> None:
    classifier = ScopeClassifier([t for ts in IN_SCOPE.values() for t in ts], OUT)
    assert classifier.probability("帮我订一张去伦敦的机票") > 0.5
    assert classifier.probability("我的護照被偷了") < 0.5  # Traditional, folded first


@pytest.mark.parametrize(
    ("probability", "intent", "emergency", "expected"),
    [
        (0.6, GUIDE, False, True),
        (0.5, GUIDE, False, True),
        (0.49, GUIDE, False, False),
        (0.9, GUIDE, True, False),  # in danger: the bot offers sections instead
        (0.9, "greet", False, False),  # only a guide answer is overruled
    ],
)
def test_overrules_only_a_confident_guide_answer_without_danger(
    probability: float, intent: str, emergency: bool, expected: bool
) -> None:
    assert overrules(probability, intent, emergency) is expected


def test_the_loaded_component_turns_an_out_of_scope_guide_answer_into_out_of_scope(
    stored: tuple[LocalModelStorage, ScopeCheck],
) -> None:
    storage, _ = stored
    component = ScopeCheck.load(ScopeCheck.get_default_config(), storage, RESOURCE, CONTEXT)
    outside, inside = guide_message("帮我订机票"), guide_message("护照被偷了")
    danger = guide_message("帮我订机票", emergency="classifier")
    component.process([outside, inside, danger])
    assert outside.get("intent")["name"] == OUT_OF_SCOPE
    assert outside.get("intent")["confidence"] == outside.get(SCOPE_PROBABILITY) >= 0.5
    assert [r["name"] for r in outside.get("intent_ranking")] == [OUT_OF_SCOPE, GUIDE]
    assert inside.get("intent")["name"] == GUIDE and inside.get(SCOPE_PROBABILITY) < 0.5
    assert danger.get("intent")["name"] == GUIDE  # never dismiss someone in danger


def test_the_model_stores_the_classifier_it_trained(
    stored: tuple[LocalModelStorage, ScopeCheck],
) -> None:
    storage, trained = stored
    with storage.read_from(RESOURCE) as directory:
        assert (directory / ScopeCheck.STORED_FILE).is_file()
        loaded = ScopeClassifier.load(directory / ScopeCheck.STORED_FILE)
    assert trained._trained is not None
    assert loaded.probability("帮我订机票") == trained._trained.probability("帮我订机票")


def test_training_without_out_of_scope_examples_is_refused(tmp_path: Path) -> None:
    component = ScopeCheck.create(
        {"threshold": 0.5}, LocalModelStorage(tmp_path), RESOURCE, CONTEXT
    )
    only_guide = [Message(data={"text": "护照丢了", "intent": "guide_5_1_1"})]
    with pytest.raises(ValueError, match="out_of_scope"):
        component.train(TrainingData(training_examples=only_guide))


def test_an_untrained_component_leaves_the_ranker_answer(tmp_path: Path) -> None:
    component = ScopeCheck.create(
        {"threshold": 0.5}, LocalModelStorage(tmp_path), RESOURCE, CONTEXT
    )
    message = guide_message("帮我订机票")
    component.process([message])
    assert message.get("intent")["name"] == GUIDE and message.get(SCOPE_PROBABILITY) is None


def test_a_stored_file_that_is_not_a_scope_classifier_is_refused(tmp_path: Path) -> None:
    path = tmp_path / ScopeCheck.STORED_FILE
    path.write_bytes(b"\x80\x04N.")  # a pickled None
    with pytest.raises(TypeError, match="not a scope classifier"):
        ScopeClassifier.load(path)


def test_a_change_to_the_featurising_code_changes_the_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.nlu.scope_check as scope_check

    before = ScopeCheck.fingerprint_addon({})
    assert ScopeCheck.fingerprint_addon({}) == before
    extra = tmp_path / "extra.txt"
    extra.write_text("新词 5\n", encoding="utf-8")
    files = scope_check.featurising_files
    monkeypatch.setattr(scope_check, "featurising_files", lambda: [*files(), extra])
    assert ScopeCheck.fingerprint_addon({}) != before


def test_a_model_without_a_readable_scope_classifier_loads_without_the_check(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    storage = LocalModelStorage(tmp_path)
    with storage.write_to(RESOURCE) as directory:
        (directory / ScopeCheck.STORED_FILE).write_bytes(b"not a pickle")
    component = ScopeCheck.load(ScopeCheck.get_default_config(), storage, RESOURCE, CONTEXT)
    message = guide_message("帮我订机票")
    component.process([message])
    assert message.get("intent")["name"] == GUIDE
    assert "scope classifier is missing or from older code (UnpicklingError)" in caplog.text
