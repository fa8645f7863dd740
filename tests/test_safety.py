import pytest

from bot.safety import default_detector


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("有人拿刀抢劫我", "attack"),
        ("A man with a knife robbed me in Rome", "attack"),
        ("我儿子在那边被绑架了，对方要赎金", "kidnapping"),
        ("他们说今天不还钱就弄死我", "threat_to_life"),
        ("地震了我被困在楼里出不去", "trapped"),
        ("朋友车祸后昏迷了", "serious_injury"),
        ("我们的渔船在进水", "ship_in_distress"),
        ("我真的不想活了", "suicide"),
        ("救命！", "help_now"),
        ("救命！", "help_now"),
        ("有人拿刀搶劫我", "attack"),  # Traditional characters are normalised first
    ],
)
def test_danger_now_is_recognised(text: str, category: str) -> None:
    assert default_detector().category(text) == category


@pytest.mark.parametrize(
    "text",
    ["护照丢了怎么办", "航班延误了航空公司不管", "朋友被警察拘留了能探视吗", "领事保护收费吗", ""],
)
def test_ordinary_trouble_is_not_an_emergency(text: str) -> None:
    assert not default_detector().is_emergency(text)
