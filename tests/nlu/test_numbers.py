"""Numbers as the section classifiers read them: helplines as written, no other."""

import pytest

from bot.nlu.numbers import fold_numbers, helplines


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("从美国打12308怎么拨", "从美国打12308怎么拨"),
        ("+86-10-12308打不通", "+ - -12308打不通"),
        ("911一直忙音，1669也打不通", "911一直忙音，1669也打不通"),  # US; Thailand's ambulance
        ("航班SU205 护照被收 交3万美金", "航班SU  护照被收 交 万美金"),
        ("Liva Hotel 3楼308 女儿5岁", "Liva Hotel  楼  女儿 岁"),
        ("没有数字", "没有数字"),
        ("", ""),
    ],
)
def test_only_helplines_keep_their_digits(text: str, read: str) -> None:
    assert fold_numbers(text) == read


def test_the_helplines_come_from_the_emergency_table_and_the_guide() -> None:
    numbers = helplines()
    assert {"12308", "59913991", "110", "911", "999", "1669"} <= numbers
    assert "15" not in numbers  # France's ambulance: far more often an age or a count
