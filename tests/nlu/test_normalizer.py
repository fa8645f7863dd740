"""The normaliser step: what every classifier after it reads."""

from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.normalizer import ChineseNormalizer


def test_live_and_training_messages_are_simplified_and_lose_personal_numbers() -> None:
    normalizer = ChineseNormalizer({})
    live = Message(data={"text": "我的護照Ｅ12345678在巴黎被偷了 打12308"})
    normalizer.process([live])
    assert live.get("text") == "我的护照 在巴黎被偷了 打12308"
    example = Message(data={"text": "手機13812345678打不通", "intent": "guide_5_3"})
    normalizer.process_training_data(TrainingData(training_examples=[example]))
    assert example.get("text") == "手机 打不通"
