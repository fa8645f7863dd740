"""Segmentation: the user dictionary counts once per process, however often it is loaded."""

import shutil
from pathlib import Path

import jieba

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
