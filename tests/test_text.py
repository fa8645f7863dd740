import pytest

from bot.text import PhraseMap, english_as_chinese, normalize


def test_traditional_becomes_simplified() -> None:
    assert normalize("護照遺失了怎麼辦") == "护照遗失了怎么办"
    assert normalize("我在澳門，大使館在哪裡") == "我在澳门，大使馆在哪里"


def test_full_width_letters_and_digits_become_half_width() -> None:
    assert normalize("ＲＯＭＥ　１２３０８") == "ROME 12308"


def test_chinese_punctuation_is_kept() -> None:
    assert normalize("护照丢了，怎么办？") == "护照丢了，怎么办？"


def test_control_characters_and_runs_of_space_collapse() -> None:
    assert normalize("  护照\t\n丢了\x00 ") == "护照 丢了"


def test_empty_and_emoji_only_survive() -> None:
    assert normalize("") == ""
    assert normalize("😭😭") == "😭😭"


@pytest.mark.parametrize(
    ("cantonese", "mandarin"),
    [
        ("護照俾人偷咗點算", "护照被人偷了怎么办"),  # Traditional script
        ("我而家喺差馆，佢哋唔俾我走", "我现在在警察局，他们不给我走"),  # Simplified script
        ("唔該晒", "谢谢"),  # the longer phrase wins over 唔 → 不
        ("係咪可以搵大使館", "是不是可以找大使馆"),  # 係 becomes 系 first, then the phrase
        ("我媽現在在加護病房", "我妈现在在重症监护室"),  # a Taiwan word t2s keeps
    ],
)
def test_written_cantonese_reads_as_mandarin(cantonese: str, mandarin: str) -> None:
    assert normalize(cantonese) == mandarin


@pytest.mark.parametrize(
    "text", ["然而家人都很担心", "我们在海边度假", "联系大使馆", "申请仲裁", "有点办法都没有"]
)
def test_mandarin_containing_cantonese_keys_is_left_alone(text: str) -> None:
    assert normalize(text) == text


def test_phrase_map_prefers_longer_phrases_and_kept_words() -> None:
    phrases = PhraseMap({"而家": "现在", "唔": "不", "唔该": "谢谢"}, keep=["然而家"])
    assert phrases.apply("唔该，而家唔得，然而家人") == "谢谢，现在不得，然而家人"
    assert PhraseMap({}).apply("护照") == "护照"


@pytest.mark.parametrize(
    ("english", "read"),
    [
        ("My PASSPORT got stolen in Rome", "My 护照 got 被偷 in Rome"),  # any case; places kept
        ("passport被偷了", "护照被偷了"),  # mixed
        ("lost contact with my son", "失联 with my 儿子"),  # the longer phrase wins
        ("what should I do", "怎么办"),
        ("arrested for drug trafficking", "被捕 for 贩毒"),
    ],
)
def test_english_words_of_the_guide_read_as_chinese(english: str, read: str) -> None:
    assert english_as_chinese(english) == read


@pytest.mark.parametrize(
    "text", ["I'm fine, thanks", "passports4u", "Sonoma", "warning", "Tan Son Nhat airport"]
)
def test_english_matches_whole_words_only(text: str) -> None:
    assert english_as_chinese(text).split()[:2] == text.split()[:2]


@pytest.mark.parametrize(
    "text", ["my mum ran out of her drugs for blood pressure", "does the clinic store drugs"]
)
def test_everyday_medicine_is_not_read_as_narcotics(text: str) -> None:
    assert "毒品" not in english_as_chinese(text)


def test_normalize_keeps_english_for_the_lexicon_and_the_gazetteer() -> None:
    assert normalize("My passport was stolen in Rome") == "My passport was stolen in Rome"
