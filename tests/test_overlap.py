from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from bot.nlu.training_data import load_training_examples
from bot.overlap import near_copies
from bot.safety import danger_examples

ROOT = Path(__file__).parent.parent
EVAL_SETS = sorted((ROOT / "tests" / "eval").glob("*.yml"))


def test_a_copy_with_punctuation_or_script_changed_is_found() -> None:
    training = ["我在巴黎护照被偷了怎么办", "领事保护收费吗", "你好"]
    messages = ["我在巴黎，護照被偷了，怎麼辦？", "航班取消了航空公司不管我们", "你好"]
    copies = near_copies(training, messages)
    assert [(c.training, c.message) for c in copies] == [
        ("我在巴黎护照被偷了怎么办", "我在巴黎，護照被偷了，怎麼辦？")
    ]
    assert copies[0].similarity > 0.9


def test_the_same_need_in_other_words_is_not_a_copy() -> None:
    assert (
        near_copies(["护照丢了在国外怎么补办"], ["在罗马地铁上证件被偷了 下周回国来得及吗"]) == []
    )


@lru_cache(maxsize=1)
def training_texts() -> list[str]:
    emergency, calm = danger_examples()
    return [t for t, _ in load_training_examples(ROOT / "nlu_data" / "nlu")] + emergency + calm


@pytest.mark.parametrize("path", EVAL_SETS, ids=lambda p: p.name)
def test_training_data_copies_no_evaluation_message(path: Path) -> None:
    messages = [m["text"] for m in yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]]
    copies = near_copies(training_texts(), messages)
    # Only the training side is shown: the held-out set's messages stay unseen.
    assert [c.training for c in copies] == []
