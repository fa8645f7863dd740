from pathlib import Path

import pytest

from bot.nlu.training_data import examples_of

NLU = """version: "3.1"
nlu:
- intent: greet
  examples: |
    - 你好
    - hello
- intent: guide_5_1_1
  examples: |
    - 护照丢了
- regex: ignored
  examples: |
    - \\d+
"""


def test_examples_of_returns_only_the_wanted_intents(tmp_path: Path) -> None:
    (tmp_path / "chitchat.yml").write_text(NLU, encoding="utf-8")
    assert examples_of(["greet", "goodbye"], tmp_path) == ["你好", "hello"]


def test_examples_of_refuses_to_return_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="greet"):
        examples_of(["greet"], tmp_path / "missing")
