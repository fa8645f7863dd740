"""Messages typed in toneless pinyin are read as characters; English stays English."""

from __future__ import annotations

import pytest

from bot.nlu.pinyin import PinyinReader

# How people write to the bot, for the word pairs (the model's own corpus is the training data).
CORPUS = [
    "我的护照在罗马被偷了怎么办",
    "护照丢了怎么补办",
    "我被人抢了，他们有枪",
    "我朋友出了车祸流了很多血",
    "救命，我被关起来了",
]


@pytest.fixture(scope="module")
def reader() -> PinyinReader:
    return PinyinReader(CORPUS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("huzhao diule zai luoma zenme ban", "护照丢了在罗马怎么办"),
        ("Huzhao Diu Le, Zenme Bu Ban?", "护照丢了,怎么补办?"),  # capitals, spaced syllables
        ("jiuming wo bei guan qilai le", "救命我被关起来了"),
    ],
)
def test_a_pinyin_message_is_read_as_characters(
    reader: PinyinReader, text: str, expected: str
) -> None:
    assert reader.read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "he has a gun",  # every word a syllable, and English
        "can you sing a song",
        "my passport was stolen in Rome",
        "hello, anyone here?",  # anyone, here: syllables, and common English
        "chinese license valid abroad?",
        "hahaha you are funny",
        "我在罗马 huzhao 丢了",  # characters: typed with a Chinese keyboard
        "ok",
        "12308",
    ],
)
def test_english_and_chinese_are_left_as_typed(reader: PinyinReader, text: str) -> None:
    assert reader.read(text) == text


def test_a_place_name_becomes_its_country_not_the_words_it_sounds_like(
    reader: PinyinReader,
) -> None:
    text = "wo zai dubai bei ren qiang le"
    start = text.index("dubai")
    assert reader.read(text, [(start, start + len("dubai"), "阿联酋")]) == "我在阿联酋被人抢了"


def test_pinyin_with_english_words_keeps_the_english(reader: PinyinReader) -> None:
    read = reader.read("wo pengyou chele chehuo zai Nairobi, jiuhuche hai mei lai")
    assert "车祸" in read and "Nairobi" in read and "救护车" in read
    # "a" is a syllable too, but here it stands between English words
    read = reader.read("chuan shang you ren liu le hen duo xue, we need a port")
    assert read == "船上有人流了很多血, we need a port"


@pytest.mark.parametrize(
    ("word", "syllables"),
    [("xian", ["xian"]), ("huzhao", ["hu", "zhao"]), ("lvxing", ["lv", "xing"]), ("hello", None)],
)
def test_words_split_into_as_few_syllables_as_possible(
    reader: PinyinReader, word: str, syllables: list[str] | None
) -> None:
    assert reader.split(word) == syllables


def test_a_page_of_pinyin_is_left_as_typed(reader: PinyinReader) -> None:
    text = "huzhao diule " * 100  # 1,300 characters: not a message anyone types
    assert reader.read(text) == text
    assert reader.read(text[:260]) != text[:260]
