from bot.text import normalize


def test_traditional_becomes_simplified() -> None:
    assert normalize("護照遺失了怎麼辦") == "护照遗失了怎么办"
    assert normalize("我在澳門，大使館在哪裡") == "我在澳门，大使馆在哪里"


def test_full_width_letters_and_digits_become_half_width() -> None:
    assert normalize("ＰＡＳＳＰＯＲＴ　１２３０８") == "PASSPORT 12308"


def test_chinese_punctuation_is_kept() -> None:
    assert normalize("护照丢了，怎么办？") == "护照丢了，怎么办？"


def test_control_characters_and_runs_of_space_collapse() -> None:
    assert normalize("  护照\t\n丢了\x00 ") == "护照 丢了"


def test_empty_and_emoji_only_survive() -> None:
    assert normalize("") == ""
    assert normalize("😭😭") == "😭😭"
