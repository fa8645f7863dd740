import pytest

from bot.nlu.countries import default_finder


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("我在泰国清迈", "泰国"),
        ("我在曼谷被抢了", "泰国"),
        ("紐西蘭奧克蘭機場", "新西兰"),  # Traditional
        ("人在大马，护照丢了", "马来西亚"),  # alias
        ("在美帝读书", "美国"),
        ("I lost my passport in Rome", "意大利"),  # English city
        ("stuck at Dubai airport", "阿联酋"),
        ("我儿子在洛杉矶", "美国"),
        ("我在巴厘岛", "印度尼西亚"),
        ("ＴＨＡＩＬＡＮＤ", "泰国"),  # full-width
        ("下个月去新家坡看孙子", "新加坡"),  # homophone slips (pinyin input, voice)
        ("我在那个澳大力亚看闺女", "澳大利亚"),
        ("洛杉机的机场", "美国"),
        ("我校赴美交换生一名", "美国"),  # one-character abbreviations in compounds
        ("上次在缅北被困", "缅甸"),
        ("驻日使馆的电话", "日本"),
        ("赴加纳务工", "加纳"),  # not 赴加 (Canada): the longer name wins
        ("在成田机场被拒绝入境", "日本"),  # places: airports, islands, regions, landmarks
        ("we're lost in the Wadi Rum desert", "约旦"),
        ("我们在金马伦高原的民宿", "马来西亚"),
        ("去纽芬兰看冰山", "加拿大"),  # not 芬兰: the longer name wins
        ("布里斯本的房东", "澳大利亚"),  # not 里斯本 (葡萄牙)
        ("held in a room at JFK immigration", "美国"),  # airports as travellers type them
        ("喺布吉租電單車撞咗", "泰国"),  # Phuket in Hong Kong usage; 布吉纳法索 still wins below
        ("去布吉纳法索出差", "布基纳法索"),
        ("聽講約翰尼斯堡好多搶劫", "南非"),  # a variant spelling, not 尼斯 (法国) inside it
        ("喺肯雅證件俾人偷咗", "肯尼亚"),  # Hong Kong names
        ("喺峇里，火山爆發", "印度尼西亚"),
        ("caller on Kangaroo Island，山火把路封了", "澳大利亚"),
        ("wo ma zai riben zhu yuan le", "日本"),  # pinyin typed without an input method
        ("ta zai xinjiapo bei zhua le", "新加坡"),
        ("bag snatched on La Rambla", "西班牙"),
        ("我哥在莫尔斯比港", "巴布亚新几内亚"),
        ("老公在新加波住院", "新加坡"),  # a slip the exact gazetteer lists
        ("棉兰老岛的工地上有人被带走了", "菲律宾"),  # Mindanao, not 棉兰 (Medan) inside it
        ("走印加古道第三天，向导不见了", "秘鲁"),  # trails, dive sites, airports, districts
        ("诗巴丹潜完水一直胸闷", "马来西亚"),
        ("关西机场的航班全取消了", "日本"),
        ("someone followed me from the mall in Sandton", "南非"),
        ("哈塔伊又有余震", "土耳其"),
        ("他一个人去走米尔福德步道", "新西兰"),
        ("在坦桑被移民局扣了", "坦桑尼亚"),  # the everyday short form
        # Names as the country's own language writes them, as Chinese living there type them.
        ("我在Домодедово机场的小房间被关了一天", "俄罗斯"),
        ("我弟在Казани读书 三天联系不上", "俄罗斯"),  # an inflected form
        ("孩子在İstanbul的大巴扎走丢了", "土耳其"),  # the dotted capital İ
        ("朋友在Hà Nội过敏休克了", "越南"),
        ("我在Lisboa一个人住", "葡萄牙"),
        ("妈妈在München住院了", "德国"),
        ("서울에서 护照丢了", "韩国"),
        ("在กรุงเทพ被抢了", "泰国"),
        ("蛇头把我们关在Ciudad Juárez", "墨西哥"),
    ],
)
def test_countries_in_every_form(text: str, country: str) -> None:
    assert default_finder().find(text) == country


@pytest.mark.parametrize(
    "text",
    [
        "I want to go home",
        "I ran away",
        "我在内蒙古",
        "欧美国家签证难吗",
        "在大马路上",
        "护照丢了",
        "我没国外账户",  # 没国 sounds like 美国: two-character names are never matched by sound
        "越难越要坚持",
        "聖地牙哥地震了",
        "停留日期快到了",  # abbreviations only where no ordinary word contains them
        "请留意航班信息",
        "办的是合法签证",
        "搬进新宿舍了",  # 新宿 and 福岛 are left out: everyday words contain them
        "祝你们幸福岛上玩得开心",
        "airport security was lax",  # LAX left out: an everyday word
        "这是消费城市",  # Santiago or San Diego: ambiguous, and not a slip of 圣地亚哥
        "my friend Angela lost her passport",  # a name, not Angola's pinyin
        "船在几内亚湾被海盗劫持了",  # the Gulf of Guinea is no country
        "a roman holiday",  # local names that are Latin words stand alone: not Roma in roman
    ],
)
def test_ordinary_words_are_not_countries(text: str) -> None:
    assert default_finder().find(text) is None


def test_first_of_several_and_offsets() -> None:
    mentions = default_finder().mentions("从法国巴黎去瑞士")
    assert [(m.text, m.country) for m in mentions] == [
        ("法国", "法国"),
        ("巴黎", "法国"),
        ("瑞士", "瑞士"),
    ]
    assert (mentions[0].start, mentions[0].end) == (1, 3)


def test_a_slip_is_only_looked_for_when_nothing_matches_exactly() -> None:
    mentions = default_finder().mentions("从新家坡转机去泰国")
    assert [m.country for m in mentions] == ["泰国"]


def test_aliases_map_to_the_standard_name() -> None:
    finder = default_finder()
    assert finder.canonical("印尼") == "印度尼西亚"
    assert finder.canonical("沙特") == "沙特阿拉伯"
    assert finder.canonical("不是国家") is None
    assert len(finder.countries) >= 197


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("我是越南人，我们住在金边，讨债的拿着刀在门口", "柬埔寨"),
        ("来电人为船员妻子，印尼籍，称渔船被阿根廷扣押", "阿根廷"),
        ("我係馬來西亞人，老公在新加坡被移民局关了", "新加坡"),
        ("前男友（法国国籍）在我公寓门外", None),
        ("我是一名美国公民，太太是中国人", None),
    ],
)
def test_a_nationality_is_not_where_the_writer_is(text: str, country: str | None) -> None:
    assert default_finder().find(text) == country


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("我们昨天从缅甸那边逃出来了，现在人在泰国的美索", "泰国"),
        ("刚从老挝过关进了越南，包就被抢了", "越南"),
        ("从墨西哥入境美国的时候被边检扣下了", "美国"),
        ("下个月要从法国去瑞士，护照丢了还能去吗", "法国"),  # a move still planned
        ("从维也纳开往布达佩斯的火车上钱包被偷了", "奥地利"),  # under way: no move made yet
        ("我刚从泰国过来，钱包丢了", "泰国"),  # no other country: where they were is all we have
    ],
)
def test_a_country_left_for_another_is_not_where_the_writer_is(text: str, country: str) -> None:
    assert default_finder().find(text) == country


def test_a_country_left_is_still_a_mention_marked_as_such() -> None:
    mentions = default_finder().mentions("从缅甸跑出来到了泰国，我是越南人")
    assert [(m.country, m.origin, m.nationality) for m in mentions] == [
        ("缅甸", True, False),
        ("泰国", False, False),
        ("越南", False, True),
    ]


def test_a_nationality_is_still_a_mention_marked_as_such() -> None:
    mentions = default_finder().mentions("越南人在泰国被抢了，我是越南人")
    assert [(m.country, m.nationality) for m in mentions] == [
        ("越南", False),  # "Vietnamese people were robbed": who, and no "是" before it
        ("泰国", False),
        ("越南", True),
    ]
