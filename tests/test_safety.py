from pathlib import Path

import pytest
import yaml

from bot.guide import Guide
from bot.safety import (
    LEXICON,
    EmergencyClassifier,
    EmergencyDetector,
    danger_sections,
    default_detector,
    section_prior,
)
from bot.text import fold


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("有人拿刀抢劫我", "attack"),
        ("A man with a knife robbed me in Rome", "attack"),
        ("我儿子在那边被绑架了，对方要赎金", "kidnapping"),
        ("他们说今天不还钱就弄死我", "threat_to_life"),
        ("有人往我店里寄了一颗子弹", "intimidation"),
        ("someone mailed me a bullet with my daughter's photo", "intimidation"),
        ("地震了我被困在楼里出不去", "trapped"),
        ("朋友车祸后昏迷了", "serious_injury"),
        ("我们的渔船在进水", "ship_in_distress"),
        ("我爸胸口闷得厉害，含了硝酸甘油也不管用", "sudden_illness"),
        ("My husband has chest pain and is sweating, we are in Rome", "sudden_illness"),
        ("我真的不想活了", "suicide"),
        ("拜拜 这辈子就这样吧", "suicide"),
        ("骨灰怎么从日本寄回国 是我自己的 先问好", "own_death"),  # one's own death as paperwork
        ("想知道遗体运回国的费用，不想以后让爸妈有负担", "own_death"),
        ("What does shipping a body home from Spain cost? Asking for myself.", "own_death"),
        # A quiet farewell in calm words: only the classifier sees it.
        ("猫已经送人了，信也写好放在桌上了。请问领馆会通知国内家属吗", "classifier"),
        ("tsunami warning bali where to go", "trapped"),
        ("警察在路边打人，我朋友也被按在地上", "attack"),  # officials beating people, without 被
        ("救命！", "help_now"),
        ("🆘🆘🆘", "help_now"),  # the SOS emoji alone
        ("检查站的警察拔枪了", "attack"),
        ("有人拿刀搶劫我", "attack"),  # Traditional characters are normalised first
        ("台风今晚登陆，我们住在海边的木屋里", "trapped"),  # a storm about to hit where one is
        ("Typhoon is making landfall tonight and we're in a beach hut", "trapped"),
        ("swallowed a handful of sleeping pills an hour ago, feel calm", "suicide"),  # an overdose
        ("他说吃了一整瓶安眠药 现在叫他不太应", "suicide"),
        ("lost in the mountains near Interlaken, snow, no signal", "trapped"),
        ("tour bus rolled over, my aunt is badly hurt", "serious_injury"),
        ("他们拿gun指着我", "attack"),  # an English word next to Chinese characters
        ("my son had a seizure on the bus, still shaking", "sudden_illness"),
        ("我妈在台湾住进了加护病房", "serious_injury"),  # a Taiwan word for intensive care
        ("im ready to end it. tell my mum sorry", "farewell"),
        ("no job, no visa. time to end it", "farewell"),
        ("好 先这样 如果还有明天的话", "farewell"),
        ("好了 这次真的再见了", "suicide"),  # a goodbye said as final
        ("同事在坦桑尼亚得了脑膜炎，医院说这里治不了", "sudden_illness"),  # a grave illness
        ("colleague has cerebral malaria in Lagos, can you find a plane", "sudden_illness"),
        ("他被抢了 头上受了伤一直在流血", "attack"),  # robbed and hurt
        ("孩子在商场走丢了 快一个小时了 保安在找", "missing_now"),
        ("我们坐的渡轮在进水，大家都穿上救生衣了", "ship_in_distress"),
        ("合伙人放话要砍我", "threat_to_life"),
        ("我妈刚才晕倒了，叫救护车打什么号码", "serious_injury"),
        ("胸闷得厉害，左胳膊也麻", "sudden_illness"),
        ("街上有坦克，机场也关了", "trapped"),
        ("安眠药已经攒了两个月了", "suicide"),
        ("外婆在曼谷脑梗了，人在医院，我们怎么过去", "sudden_illness"),
        ("女儿阑尾穿孔，医生说要马上手术，押金不够", "sudden_illness"),
        ("我爸坐的那班飞机坠海了，电话一直打不通", "missing_now"),
        ("someone is trying to break into our apartment, what is the police number", "attack"),
        ("防空警报响了一晚上，宿舍楼下就是停车场", "trapped"),
        ("我老公进了手术室，医生让我签字，我看不懂", "serious_injury"),
        ("my boss won't let me leave the house and took my passport", "kidnapping"),
        ("她坐在宿舍窗台上说想跳下去", "suicide"),
        ("营地被武装分子围住了，外面一直有人喊", "attack"),
        ("两名员工今早被武装分子劫走，公司让我问怎么报案", "kidnapping"),
        ("工友被钢管砸到头，叫他也不太应", "serious_injury"),
        ("民宿里烧炭取暖，一家人都头疼想吐", "sudden_illness"),
        ("the bus flipped over on the mountain road, people are screaming", "serious_injury"),
        ("宿舍楼着火了，楼梯下不去", "trapped"),
        ("我喺度俾人鎖住咗，唔畀我出門", "kidnapping"),
        ("医院说要先交押金才给做手术，我们钱不够", "sudden_illness"),
        ("the guards beat him every night, can the embassy visit", "attack"),
        ("工头说再闹就把我们关进小黑屋", "kidnapping"),
        ("my sister is in labour and the doctor says there are complications", "sudden_illness"),
        ("hospital says they are stopping my father's dialysis tomorrow", "sudden_illness"),
    ],
)
def test_danger_now_is_recognised(text: str, category: str) -> None:
    assert default_detector().category(text) == category


@pytest.mark.parametrize(
    "text",
    [
        "护照丢了怎么办",
        "航班延误了航空公司不管",
        "朋友被警察拘留了能探视吗",
        "领事保护收费吗",
        "我有心脏病，出国要带什么药",  # a named illness, but nothing happening now
        "跟团去日本行程被砍了两个景点，回来怎么投诉",  # a plan cut, not a person
        "老板说今年业绩要爆炸式增长，工作签证能续吗",
        "入境时被怀疑非法打工，问了很久才放行，以后还能去吗",
        "救心丸能带上飞机吗",
        "那边的警察都带枪吗",
        "谢谢啦 很有帮助",  # small talk: the NLU data's chit-chat is calm
        "台风把航班取消了，我们在酒店很安全，怎么退票",  # the storm only cost a flight
        "我妈上个月在曼谷中风，已经出院回国了，保险怎么报销",  # over: paperwork after illness
        "好的我知道了 拜拜",
        "我爸在日本去世了，骨灰怎么寄回国",  # someone else's death, already happened
        "公寓要不要装一氧化碳报警器",  # carbon monoxide, no one poisoned
        "",
    ],
)
def test_ordinary_trouble_is_not_an_emergency(text: str) -> None:
    assert not default_detector().is_emergency(text)


@pytest.mark.parametrize(
    "text",
    [
        "my dad is stable now",  # not "stab"
        "the strike has begun",  # not "gun"
        "sent a screenshot of the receipt",  # not "shot"
        "we waited a couple of days",  # not "coup"
        "he blocked me on wechat",  # not "locked me"
        "customs seizure of our goods",  # not a fit
        "grapes from the market",  # not "rape"
        "the tour is boring, we want to end it early",  # ending a trip
    ],
)
def test_english_danger_words_count_only_whole(text: str) -> None:
    assert EmergencyDetector(classifier=None).category(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "外面鞭炮声好吵，春节酒店有活动吗",  # firecrackers, not shelling (炮声)
        "被蚊子咬了好多包，有点肿，药店买什么药",  # a mosquito, not a snake
        "酒店的矿泉水喝完了要收费吗",  # not water running out in the wild
        "I hurt myself skiing, is the clinic expensive",  # an accident, not self-harm
        "朋友被移民局关在拘留中心，能去探视吗",  # detention, not a kidnapping
        "入境时被关小黑屋问了两个小时，后来放行了",  # an airport room, not a scam compound
    ],
)
def test_the_lexicon_does_not_read_everyday_words_as_danger(text: str) -> None:
    assert EmergencyDetector(classifier=None).category(text) is None


def test_a_critical_patient_is_an_emergency_even_when_the_question_is_paperwork() -> None:
    assert default_detector().is_emergency("我爸在曼谷中风了还在抢救，我要马上过去，签证能加急吗")


@pytest.mark.parametrize(
    "place", ["曼谷", "东京", "迪拜", "拉各斯", "墨西哥城", "约翰内斯堡", "美国"]
)
def test_saying_where_one_is_is_not_an_emergency(place: str) -> None:
    assert not default_detector().is_emergency(f"我在{place}")
    assert default_detector().category(f"我在{place}，被人捅了一刀") == "attack"


def test_every_kind_of_danger_names_guide_sections(guide: Guide) -> None:
    sections = danger_sections()
    categories = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))["categories"]
    assert set(sections) == {*categories, "classifier"}
    assert {"attack", "trapped", "suicide", "own_death"} <= set(sections)
    assert all(ids and all(sid in guide for sid in ids) for ids in sections.values())


@pytest.mark.parametrize(
    ("text", "lifted"),
    [
        ("在楼顶上站着 我真的不想活了", {"5.17.4": 0.1}),
        ("地震了我被困在楼里出不去", {"5.14": 0.1}),
        ("我儿子被绑架了", {"5.3": 0.1, "5.7.5": 0.1}),
        ("猫托付给邻居了 信写好放在桌上了", {"2.5": 0.1}),  # seen by the classifier alone
        ("护照丢了怎么办", {}),
        ("", {}),
    ],
)
def test_section_prior_lifts_the_sections_answering_the_named_danger(
    text: str, lifted: dict[str, float]
) -> None:
    category = default_detector().category(text)
    assert section_prior(category, 0.1, danger_sections()) == lifted


@pytest.mark.parametrize(
    "head", ['sections:\n  flood: ["5.14"]\n', "trusted: [flood]\n", "answer_first: [flood]\n"]
)
def test_a_lexicon_naming_an_unknown_category_is_refused(tmp_path: Path, head: str) -> None:
    lexicon = tmp_path / "emergency.yml"
    lexicon.write_text(head + 'categories:\n  trapped: ["被困"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="flood"):
        EmergencyDetector(lexicon)


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("he has a gun", True),
        ("他拿gun指着我", True),  # Chinese characters around it: still a whole word
        ("GUNS everywhere", True),  # any case
        ("the strike has begun", False),
        ("gunner's mate", False),
    ],
)
def test_a_words_pattern_matches_english_words_only_whole(
    tmp_path: Path, text: str, matched: bool
) -> None:
    lexicon = tmp_path / "emergency.yml"
    lexicon.write_text('categories:\n  attack:\n    - words: "guns?"\n', encoding="utf-8")
    assert (EmergencyDetector(lexicon).category(text) == "attack") is matched


@pytest.mark.parametrize(
    "text",
    [
        "我爸在日本去世了，骨灰怎么寄回国，家里想尽快办",
        "在国外办签证太麻烦了，不想给家里添麻烦",  # no death in it
        "朋友的遗体运回国要多少钱",
        "How much does it cost to ship my own car home from Spain?",
    ],
)
def test_own_death_phrases_need_the_writers_own_death(text: str) -> None:
    assert EmergencyDetector(classifier=None).category(text) is None


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("压力大到想结束自己，咨询要排两周", "suicide"),
        ("今晚好想一了百了", "suicide"),
        ("覺得活著還有什麼意思", "suicide"),  # 著: the particle as Taiwan writes it, kept by t2s
        ("有人拿著刀在門口", "attack"),
        ("honestly i don't want to be alive anymore", "suicide"),
        ("thinking i might unalive myself tonight", "suicide"),
        ("想结束自己的学业，转学要什么手续", None),  # ending one's studies
        ("奶奶去年离开了这个世界", None),  # a death told
        ("暑假想去死海玩，约旦签证怎么办", None),  # the Dead Sea
        ("i don't want to live in this dorm anymore, can i move out", None),
        ("scammers took my life savings", None),
        ("my friend is not around anymore, he moved to Leeds", None),
        ("bought charcoal and tape today, can my family get the insurance", "suicide"),
        ("如果把胰岛素全都打进去会怎么样，我一个人在都柏林", "suicide"),
        ("where can we buy charcoal for a barbecue in Sydney", None),
        ("在悉尼想死你们了，过年回家吃火锅", None),  # "miss you all to death"
        ("我没事哈哈，就是好奇从20楼跳下去会不会很疼", "suicide"),  # the means, "just curious"
        ("他今晚说想从宿舍天台跳下去", "suicide"),
        ("安眠药吃多少片会醒不过来", "suicide"),
        ("would it hurt to jump from up here", "suicide"),
        ("在新西兰蹦极从桥上跳下去刺激吗，要买什么保险", None),
        ("有没有什么不痛苦的死法", "suicide"),
        ("她刚割破了自己的手腕，锁在浴室里", "suicide"),
        ("切菜割了手指，贴个创可贴就好", None),
    ],
)
def test_a_wish_to_die_in_other_words_is_suicide(text: str, category: str | None) -> None:
    assert EmergencyDetector(classifier=None).category(text) == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("手被机器压了 血怎么也止不住", "serious_injury"),
        ("腿上的口子止不住血，纱布用完了", "serious_injury"),
        ("上个月做了手术，现在伤口愈合了", None),
    ],
)
def test_bleeding_that_will_not_stop_is_a_serious_injury(text: str, category: str | None) -> None:
    assert EmergencyDetector(classifier=None).category(text) == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("can I bring antiseptic cream on the plane", None),  # not "septic" inside a word
        ("the wound has gone septic and he is shaking", "sudden_illness"),
        ("the topic didn't come up at the meeting", None),
        ("the diver didn't surface after an hour", "missing_now"),
    ],
)
def test_english_phrases_match_whole_words(text: str, category: str | None) -> None:
    assert EmergencyDetector(classifier=None).category(text) == category


class FixedScorer:
    def __init__(self, probability: float) -> None:
        self.probability = probability

    def probability_folded(self, folded: str) -> float:
        return self.probability


@pytest.mark.parametrize(
    ("text", "probability", "category"),
    [
        ("有人拿刀抢劫我", 0.5, "attack"),
        ("有人拿刀抢劫我", 0.12, "attack"),  # a lexicon phrase needs little support
        ("三年前被人持枪抢过，现在还要注意什么", 0.05, None),  # the classifier says: past, calm
        ("东西都分给室友了，以后不用找我了", 0.3, "classifier"),
        ("东西都分给室友了，以后不用找我了", 0.2, None),
        # A trusted category counts however calm the classifier finds it: its words are all calm.
        ("骨灰寄回国要什么手续 是我自己的", 0.01, "own_death"),
        # … and a message with a trusted and an untrusted phrase is the trusted kind of danger.
        ("以前被人打过。骨灰寄回国要什么手续 是我自己的", 0.01, "own_death"),
        ("生意上有纠纷，对方寄了子弹过来，我能去大使馆住几天吗", 0.01, "intimidation"),
        # A farewell to life said as an aside: the small talk around it reads as calm.
        ("好 明天再说 如果还有明天的话", 0.01, "farewell"),
        # Fighting next to the writer counts inside a calm question …
        (
            "explosions outside our compound, which form do i fill for the evacuation list",
            0.01,
            "combat_nearby",
        ),
        # … and is the same kind however sure the classifier is of danger.
        (
            "explosions outside our compound, which form do i fill for the evacuation list",
            0.6,
            "combat_nearby",
        ),
        # … but not once the message puts it in the past.
        (
            "there was a shooting near our hotel last month, can we still fly in on friday",
            0.01,
            None,
        ),
        # … though not by the night before, which may not be over ("since last night").
        (
            "there was gunfire near our hotel last night, can i still fly out on friday",
            0.01,
            "attack",
        ),
        # Any phrase counts however calm the classifier finds the message unless the message says
        # why it may be calm: over, past, a what-if, a way to prepare …
        ("朋友刚被抢了还受了伤，当地急救电话是多少", 0.01, "attack"),
        ("朋友上个月被抢了还受了伤，现在想索赔", 0.01, None),
        ("去墨西哥怎么防止被绑架", 0.01, None),
        ("my wife was mugged and is bleeding, what is the number for 12308", 0.01, "attack"),
        ("my wife was mugged last year and was hurt, can we still claim", 0.01, None),
        ("孩子上周在商场走丢了一会儿，后来找到了，想买个定位手表", 0.01, None),
        ("晚安 刚把一整瓶安眠药都吃了 心里很平静", 0.01, "suicide"),  # an overdose, not medicine
        ("有人拿刀在门外，吓死了", 0.01, "attack"),  # 死了 as an intensifier is no death
        ("医生说他有生命危险，签证怎么加急", 0.01, "threat_to_life"),  # 危险 is no insurance (险)
        # Words people in danger use as often as calm writers say nothing of calm: the practical
        # question (insurance, what happens after), hearsay, the authorities holding someone, a
        # time the trouble began, fainting (昏过去了) or a window welded shut (焊死了).
        ("我爸在餐厅突然昏过去了，旅游保险能报吗", 0.01, "serious_injury"),
        ("室友被人捅了两刀躺在地上流血，之后要去哪里报案", 0.01, "attack"),
        ("听说我表弟被绑架了，对方要赎金", 0.01, "kidnapping"),
        ("我哥在看守所里被人打得吐血", 0.01, "attack"),
        ("两天前他们把我关在仓库里，窗户都焊死了", 0.01, "kidnapping"),
        ("my brother was stabbed an hour ago, does insurance cover the ambulance", 0.01, "attack"),
        # Held by the authorities is detention, not a kidnapping.
        ("儿子被移民局关在拘留中心，使馆能去探视吗", 0.01, None),
        # A what-if asked in English still is one.
        ("what should i do if there is a terror attack near my hotel", 0.01, None),
        # … where the classifier, not the phrase, decides as before.
        ("去墨西哥怎么防止被绑架", 0.1, "kidnapping"),
    ],
)
def test_lexicon_and_classifier_decide_together(
    text: str, probability: float, category: str | None
) -> None:
    detector = EmergencyDetector(classifier=FixedScorer(probability), threshold=0.22)
    assert detector.category(text) == category


@pytest.mark.parametrize(
    ("text", "probability", "small_talk", "category"),
    [
        ("机器人说不清楚 找个真人跟我说", 0.2, False, "classifier"),
        ("机器人说不清楚 找个真人跟我说", 0.2, True, None),  # sure small talk needs more …
        ("找个真人跟我说，东西都分给室友了", 0.35, True, "classifier"),  # … which danger reaches
        ("找个真人 救命", 0.2, True, "help_now"),  # and a lexicon phrase counts as always
    ],
)
def test_small_talk_raises_only_the_classifiers_threshold(
    text: str, probability: float, small_talk: bool, category: str | None
) -> None:
    detector = EmergencyDetector(
        classifier=FixedScorer(probability), threshold=0.15, small_talk_threshold=0.3
    )
    assert detector.category(text, small_talk) == category


@pytest.mark.parametrize(
    "text",
    [
        "help me write a cover letter for a job in Dubai",
        "can the embassy help me appeal?",
        "if I don't cooperate, can the consulate refuse to help me?",
        "there is a warning for Haiti, if I still go for business will the embassy help me",
    ],
)
def test_help_me_as_a_request_is_not_a_cry_for_help(text: str) -> None:
    assert EmergencyDetector(classifier=None).category(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "help me please",
        "Help me!!",
        "my sister texted 'help me' and her phone is off",
        "help me",
        "he locked the door. Please help me",
    ],
)
def test_help_me_as_a_cry_is_help_now(text: str) -> None:
    assert EmergencyDetector(classifier=None).category(text) == "help_now"


@pytest.mark.parametrize(
    ("text", "cut_off"),
    [
        ("我的胰岛素连包一起被偷了，我是1型糖尿病", True),
        ("警察把我爸的胰岛素收走两天了", True),
        ("he's diabetic and the guards took his insulin", True),
        ("ran out of insulin in a village, no pharmacy", True),
        ("the hospital stopped her dialysis because we can't pay", True),
        ("带胰岛素去日本要开什么证明", False),
        ("how much insulin can I bring on the plane?", False),
        ("I took my insulin an hour ago, can I board with the pen?", False),
        ("我爸在国外做透析，想问医疗费能不能报销", False),
    ],
)
def test_a_vital_medicine_cut_off_is_sudden_illness(text: str, cut_off: bool) -> None:
    category = EmergencyDetector(classifier=None).category(text)
    assert (category == "sudden_illness") is cut_off


@pytest.mark.parametrize(
    ("text", "critical"),
    [
        ("我妈刚做完手术还插着管，医院让我们转院，签证怎么办", True),
        ("医生下了病危通知，我在国内怎么最快过去", True),
        ("my brother is on a ventilator in Lima, how do we get him home", True),
        ("she's still critical, can my dad get a visa today", True),
        ("我爸上周插着管，现在已经拔管转普通病房了", False),
        ("grandma was on a ventilator in March but was discharged, can she fly", False),
    ],
)
def test_a_patient_critical_now_is_trusted_whatever_the_question(text: str, critical: bool) -> None:
    calm = FixedScorer(0.0)  # the classifier sure the message is calm
    category = EmergencyDetector(classifier=calm).category(text)
    assert (category == "critical_now") is critical


def test_the_fast_score_equals_scikit_learns(tmp_path: Path) -> None:
    examples = tmp_path / "examples.yml"
    examples.write_text(
        "emergency: [有人拿刀在门外, 他被车撞了流了好多血, my friend is not breathing]\n"
        "calm: [护照丢了怎么办, 签证过期了, how do I renew my passport, 谢谢你们]\n",
        encoding="utf-8",
    )
    classifier = EmergencyClassifier(examples, nlu_dir=None)
    texts = ["有人拿刀", "护照 护照 护照", "Is my friend OK?", "没见过的字", "🙂", "", "我在曼谷"]
    for text in texts:
        folded = fold(text)
        assert classifier.probability_folded(folded) == pytest.approx(
            classifier.sklearn_probability_folded(folded), abs=1e-12
        )
