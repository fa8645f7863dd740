"""Segmentation: the user dictionary counts once per process; English words tokenise as Chinese."""

import shutil
from pathlib import Path

import jieba
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.segment import DICTIONARY_DIR, load_user_dictionaries, words
from bot.nlu.tokenizer import ConsularJiebaTokenizer


def test_the_consular_words_are_kept_whole() -> None:
    assert "使领馆" in words("我想联系使领馆")
    assert "旅行证" in words("怎么办旅行证")


def test_loading_the_dictionary_again_changes_nothing(tmp_path: Path) -> None:
    load_user_dictionaries()
    total, cut = jieba.dt.total, words("护照在领事馆附近丢了")
    copy = tmp_path / "dictionary"
    shutil.copytree(DICTIONARY_DIR, copy)  # as a model stores it: same content, another path
    load_user_dictionaries()
    ConsularJiebaTokenizer._load_custom_dictionary(str(copy))
    assert jieba.dt.total == total  # jieba adds to its total on every load_userdict
    assert words("护照在领事馆附近丢了") == cut


def test_english_words_of_the_guide_are_tokenised_as_chinese() -> None:
    config = {**ConsularJiebaTokenizer.get_default_config(), "dictionary_path": None}
    tokenizer = ConsularJiebaTokenizer(config, None, None)  # type: ignore[arg-type]
    message = Message(data={TEXT: "passport被偷了 in Rome"})
    tokens = [t.text for t in tokenizer.tokenize(message, TEXT)]
    assert "护照" in tokens and "Rome" in tokens and "passport" not in tokens
    assert message.get(TEXT) == "passport被偷了 in Rome"  # what other steps read is unchanged


def test_numbers_other_than_helplines_are_not_tokenised() -> None:
    config = {**ConsularJiebaTokenizer.get_default_config(), "dictionary_path": None}
    tokenizer = ConsularJiebaTokenizer(config, None, None)  # type: ignore[arg-type]
    message = Message(data={TEXT: "航班SU205取消了 打12308没人接"})
    tokens = [t.text for t in tokenizer.tokenize(message, TEXT)]
    assert "12308" in tokens and not any("205" in t for t in tokens)
    assert message.get(TEXT) == "航班SU205取消了 打12308没人接"
