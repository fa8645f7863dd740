"""The trained model (trained once by `make test` before pytest runs) on clear messages."""

from __future__ import annotations

from typing import Any

import pytest

from bot.names import EMERGENCY, GUIDE, GUIDE_RANKING
from bot.nlu.parse_data import country
from bot.nlu.parser import Parser

# One clear message per topic family, as a user would write it, and the section that answers it.
CLEAR = [
    ("出国前怎么查目的地国家的安全提醒和风俗禁忌", "1.1"),
    ("护照还有三个月就过期了还能出国吗", "1.4"),
    ("在国外怎么做海外中国公民登记", "2.1"),
    ("我的护照在巴黎地铁上被偷了怎么补办", "5.1.1"),
    ("我爸在泰国去世了，遗体怎么运回国", "5.2.1"),
    ("我女儿在澳洲留学三天联系不上了", "5.3"),
    ("我在迪拜工地上干活受了工伤老板不管", "5.4"),
    ("在美国自驾出了车祸对方全责怎么办", "5.5"),
    ("我在日本生了重病没钱付医院的医药费", "5.6.3"),
    ("我被当地警察抓了关在拘留所里", "5.7.3"),
    ("有人打电话说是大使馆的，说我涉嫌洗钱让我转账到安全账户", "5.8"),
    ("我在非洲开的店被海关查封了", "5.9.1"),
    ("在机场入境的时候被移民局拒绝入境了", "5.10.1"),
    ("工作签证续签被拒了怎么办", "5.11.1"),
    ("在酒店吃完饭食物中毒了上吐下泻", "5.12.2"),
    ("航班取消了航空公司不给安排住宿", "5.13"),
    ("这边发生政变机场关闭了我们被困在酒店", "5.14"),
    ("租车公司说我的驾照没有翻译公证不给我车", "5.15.2"),
    ("老板拖欠了三个月工资不给", "5.16.2"),
    ("出国留学需要去大使馆报到注册吗", "5.17.1"),
    ("我们的渔船被外国海警扣押了，船老板不管，船员没有吃的", "5.18.2"),
    ("从国外怎么拨打12308热线", "5.20.1"),
    ("领事直通车微信公众号是干什么的", "6.3"),
]
SPECIAL = [("你好", "greet"), ("转人工", "handoff"), ("今天股票涨了吗", "out_of_scope")]
# Numbers people paste into a message (passport, phone, flight, amount) are not a topic.
WITH_NUMBERS = [
    ("我的护照E12345678在巴黎被偷了，怎么办", "5.1.1"),
    ("护照号G87654321丢了 电话+33 6 12 34 56 78", "5.1.1"),
    ("CA934航班取消了 航空公司不管住宿", "5.13"),
    ("老板欠我3500欧工资不给", "5.16.2"),
]


@pytest.fixture(scope="session")
def parse() -> Any:
    parser = Parser()
    yield parser.parse
    parser.close()


@pytest.mark.parametrize(("text", "section"), CLEAR + WITH_NUMBERS)
def test_clear_messages_reach_their_section(parse: Any, text: str, section: str) -> None:
    result = parse(text)
    assert result["intent"]["name"] == GUIDE
    assert result[GUIDE_RANKING][0]["section"] == section


@pytest.mark.parametrize(("text", "intent"), SPECIAL)
def test_non_guide_messages(parse: Any, text: str, intent: str) -> None:
    assert parse(text)["intent"]["name"] == intent


@pytest.mark.parametrize(
    ("text", "danger"),
    [
        ("有个男的拿着刀在门外砸门", "attack"),
        ("护照在罗马丢了怎么补办", None),
    ],
)
def test_the_parse_data_says_which_danger_the_message_signals(
    parse: Any, text: str, danger: str | None
) -> None:
    result = parse(text)
    assert result.get(EMERGENCY) == danger  # Rasa leaves a None value out
    if danger:  # the ranker lifted a section answering it
        assert "2.5" in [e["section"] for e in result[GUIDE_RANKING][:3]]


def test_traditional_input_is_understood(parse: Any) -> None:
    result = parse("我的護照在東京被偷了怎麼辦")
    assert result[GUIDE_RANKING][0]["section"] == "5.1.1"


@pytest.mark.parametrize("text", ["", "   ", "\u200b"])
def test_messages_with_nothing_to_read_fall_back_instead_of_failing(parse: Any, text: str) -> None:
    assert parse(text)["intent"]["name"] == "nlu_fallback"


def test_pinyin_typed_without_a_chinese_keyboard_is_understood(parse: Any) -> None:
    result = parse("wode huzhao zai luoma bei tou le zenme ban")
    assert result[GUIDE_RANKING][0]["section"] == "5.1.1"
    assert country(result) == "意大利"
    assert result.get(EMERGENCY) is None
    assert parse("jiuming you ge nan de na zhe dao zai za men").get(EMERGENCY) == "attack"


def test_a_foreign_spouse_s_nationality_is_not_the_country(parse: Any) -> None:
    assert country(parse("我是菲律宾人，我丈夫是中国人，他在迪拜工地受伤了")) == "阿联酋"
