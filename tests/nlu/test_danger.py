"""The danger detector as a pipeline step (no trained model needed)."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.names import EMERGENCY
from bot.nlu.danger import DangerDetector


@pytest.mark.parametrize(
    ("text", "danger"),
    [
        ("有人拿枪指着我要钱", "attack"),
        ("船进水了快沉了", "ship_in_distress"),
        ("护照过期了怎么办", None),
    ],
)
def test_every_message_gets_the_kind_of_danger_or_none(text: str, danger: str | None) -> None:
    message = Message(data={"text": text})
    DangerDetector({}).process([message])
    assert message.get(EMERGENCY) == danger
    assert message.as_dict(only_output_properties=True).get(EMERGENCY) == danger  # None: left out
