"""The composer: what the bot says for a turn, given what it remembers (no Rasa needed)."""

import json
from dataclasses import replace
from pathlib import Path

import pytest

from bot.answers import section_payload
from bot.dialogue import (
    Composer,
    Context,
    ReplyDataError,
    Thresholds,
    Turn,
    default_composer,
    load_reply_data,
)
from bot.guide import Guide
from bot.local_numbers import default_numbers
from bot.safety import CLASSIFIER, danger_answers

SAMPLE = ["1.3", "2.11", "3.2", "4.6", "5.1.1", "5.2.1", "5.7.3", "5.8", "5.13", "5.18.1", "6.1"]
HOTLINE = "+86-10-12308"


@pytest.fixture(scope="module")
def composer(guide: Guide) -> Composer:
    return Composer(guide, default_numbers(), load_reply_data(guide))


def guide_turn(*ranking: tuple[str, float], text: str = "x", **kw) -> Turn:
    return Turn(text, "guide", ranking=tuple(ranking), **kw)


@pytest.mark.parametrize("section_id", SAMPLE)
def test_answer_holds_steps_can_cannot_contacts_citation_and_12308(
    composer: Composer, guide: Guide, section_id: str
) -> None:
    response = composer.respond(guide_turn((section_id, 0.9)), Context())
    section = guide[section_id]
    for step in section.steps:
        assert step in response.text
    for provision in section.consulate_can + section.consulate_cannot:
        assert provision.text in response.text
    for contact in section.contacts:
        assert contact.value in response.text
    assert HOTLINE in response.text and "http://cs.mfa.gov.cn/" in response.text
    assert f"第{section_id}节“{section.title}”" in response.text
    assert response.answered == section_id and response.context.topic == section_id


def test_a_danger_answered_first_overrides_what_the_message_asks(guide: Guide) -> None:
    composer = Composer(
        guide, default_numbers(), load_reply_data(guide), danger_answers={"own_death": "5.17.4"}
    )
    # Someone arranging their own death asks how remains are sent home (5.2.1).
    turn = guide_turn(("5.2.1", 0.8), danger="own_death")
    response = composer.respond(turn, Context())
    assert response.replies[0].text.startswith("⚠️")
    assert response.answered == "5.17.4"
    # Another kind of danger keeps the ranker's answer.
    other = composer.respond(replace(turn, danger="suicide"), Context())
    assert other.answered == "5.2.1"


def test_the_packaged_danger_answers_name_guide_sections(guide: Guide) -> None:
    answers = danger_answers()
    assert "own_death" in answers
    assert all(section in guide for section in answers.values())
    assert (
        default_composer()
        .respond(guide_turn(("5.2.1", 0.8), danger="own_death"), Context())
        .answered
        == answers["own_death"]
    )


def test_emergency_comes_first_with_the_local_numbers(composer: Composer) -> None:
    turn = guide_turn(("5.14", 0.9), country="泰国", danger=CLASSIFIER)
    first = composer.respond(turn, Context()).replies[0].text
    assert first.startswith("⚠️") and "191" in first and "1669" in first and HOTLINE in first
    assert "+86-10-59913991" in first and "按“0”再按“9”" in first


def test_emergency_without_a_country_asks_for_it_and_still_gives_12308(
    composer: Composer,
) -> None:
    first = composer.respond(guide_turn(("5.5", 0.9), danger=CLASSIFIER), Context()).replies[0]
    assert first.text.startswith("⚠️") and HOTLINE in first.text and "哪个国家" in first.text


@pytest.mark.parametrize("intent", ["out_of_scope", "goodbye"])
def test_someone_in_danger_gets_the_closest_sections_not_a_dismissive_reply(
    composer: Composer, guide: Guide, intent: str
) -> None:
    ranking = (("5.17.4", 0.2), ("2.5", 0.1))
    turn = Turn("不值得了 再见", intent, ranking=ranking, danger=CLASSIFIER)
    response = composer.respond(turn, Context())
    assert response.replies[0].text.startswith("⚠️")
    buttons = [title for reply in response.replies for title, _ in reply.buttons]
    assert buttons == [guide["5.17.4"].title, guide["2.5"].title]
    calm = composer.respond(Turn("不值得了 再见", intent, ranking=ranking), Context())
    assert [title for reply in calm.replies for title, _ in reply.buttons] != buttons


@pytest.mark.parametrize(
    ("text", "intent", "reply"),
    [
        ("救命 转人工", "handoff", "优先转人工"),
        ("谢谢你们", "thanks", "12308"),
        ("你好", "greet", ""),
    ],
)
def test_other_replies_stay_behind_the_emergency_line(
    composer: Composer, text: str, intent: str, reply: str
) -> None:
    turn = Turn(text, intent, ranking=(("2.5", 0.2),), danger=CLASSIFIER)
    replies = composer.respond(turn, Context()).replies
    calm = composer.respond(replace(turn, danger=None), Context()).replies
    assert replies[0].text.startswith("⚠️") and replies[1:] == calm and reply in replies[1].text


def test_a_country_outside_the_table_falls_back_to_general_advice(composer: Composer) -> None:
    assert default_numbers().get("朝鲜") is None
    response = composer.respond(
        guide_turn(("5.5", 0.9), country="朝鲜", danger=CLASSIFIER), Context()
    )
    assert "朝鲜当地的报警和急救电话" in response.replies[0].text
    assert "没有朝鲜的紧急电话号码表" in response.text and "http://cs.mfa.gov.cn/" in response.text


def test_known_country_adds_local_numbers_to_an_ordinary_answer(composer: Composer) -> None:
    response = composer.respond(guide_turn(("5.1.1", 0.9)), Context(country="日本"))
    assert "日本：报警110，急救119" in response.text


def test_lost_passport_answers_at_once_then_asks_whose_document(
    composer: Composer, guide: Guide
) -> None:
    replies = composer.respond(guide_turn(("5.1.1", 0.9)), Context()).replies
    assert guide["5.1.1"].steps[0] in replies[0].text  # the useful answer comes first
    question = replies[-1]
    assert [p for _, p in question.buttons] == [
        section_payload(s) for s in ("5.1.2", "5.1.3", "5.1.4", "5.1.5", "5.1.6")
    ]


def test_a_button_answers_its_section_whatever_the_classifier_says(
    composer: Composer, guide: Guide
) -> None:
    turn = Turn('/guide{"section": "5.1.2"}', "guide", (("5.1.1", 0.9),), asked_section="5.1.2")
    response = composer.respond(turn, Context(topic="5.1.1"))
    assert response.answered == "5.1.2" and guide["5.1.2"].steps[0] in response.text


def test_can_cannot_follow_up_is_answered_for_the_current_situation(
    composer: Composer, guide: Guide
) -> None:
    # "使馆能帮我付医药费吗" lands on 4.6 (the consulate does not pay) while 5.6.3 is under way.
    response = composer.respond(guide_turn(("4.6", 0.8)), Context(topic="5.6.3"))
    topic = guide["5.6.3"]
    expected = [p.text for p in topic.consulate_cannot if "4.6" in p.refs]
    assert expected and all(text in response.text for text in expected)
    assert guide["4.6"].steps[0] in response.text and HOTLINE in response.text
    assert response.context.topic == "5.6.3" and response.answered is None


def test_a_short_follow_up_below_the_fallback_threshold_is_read_in_context(
    composer: Composer, guide: Guide
) -> None:
    # "能帮我请律师吗" alone is unclear; after a detention it asks about 3.5 for that detention.
    turn = Turn("能帮我请律师吗", "nlu_fallback", (("3.5", 0.19), ("5.7.3", 0.09)))
    response = composer.respond(turn, Context(topic="5.7.3"))
    assert response.text.startswith("关于您当前的情况（" + guide["5.7.3"].title)
    assert "第3.5节" in response.text
    assert composer.respond(turn, Context()).replies[0].text.startswith("您是想问")


def test_without_a_situation_a_part_4_question_gets_its_own_answer(composer: Composer) -> None:
    response = composer.respond(guide_turn(("4.6", 0.8)), Context())
    assert response.answered == "4.6"


def test_more_offers_the_related_sections(composer: Composer, guide: Guide) -> None:
    response = composer.respond(Turn("还有呢", "ask_more"), Context(topic="5.5"))
    buttons = response.replies[0].buttons
    assert [t for t, _ in buttons] == [guide[r].title for r in guide["5.5"].related]
    assert HOTLINE in response.text


def test_more_without_a_topic_offers_the_menu(composer: Composer) -> None:
    response = composer.respond(Turn("还有呢", "ask_more"), Context())
    assert len(response.replies[0].buttons) >= 8


def test_country_given_later_is_kept_with_its_numbers_and_the_topic(composer: Composer) -> None:
    response = composer.respond(
        Turn("我在曼谷", "inform_country", country="泰国"), Context(topic="5.5")
    )
    assert response.context == Context(country="泰国", topic="5.5")
    assert "191" in response.text and "遇到交通事故" in response.text


def test_close_top_sections_offer_choices_with_12308(composer: Composer, guide: Guide) -> None:
    ranking = (("5.3", 0.31), ("5.2.1", 0.28), ("5.7.3", 0.1))
    response = composer.respond(guide_turn(*ranking), Context(topic="5.1.1"))
    assert response.replies[0].text.startswith("您是想问")
    assert [t for t, _ in response.replies[0].buttons] == [guide[s].title for s, _ in ranking]
    assert HOTLINE in response.text
    assert response.answered is None and response.context.topic == "5.1.1"


def test_a_clear_winner_is_answered_even_with_low_confidence(guide: Guide) -> None:
    composer = Composer(
        guide, default_numbers(), load_reply_data(guide), Thresholds(margin=0.1, confident=0.5)
    )
    response = composer.respond(guide_turn(("5.3", 0.4), ("5.2.1", 0.1)), Context())
    assert response.answered == "5.3"


@pytest.mark.parametrize("intent", ["greet", "out_of_scope"])
def test_greeting_and_out_of_scope_offer_the_menu(composer: Composer, intent: str) -> None:
    reply = composer.respond(Turn("x", intent), Context()).replies[0]
    payloads = [json.loads(p[len("/guide") :])["section"] for _, p in reply.buttons]
    assert "5.1.1" in payloads and "5.5" in payloads
    assert HOTLINE[-5:] in reply.text


def test_handoff_explains_how_to_reach_a_person(composer: Composer) -> None:
    text = composer.respond(Turn("转人工", "handoff"), Context()).text
    assert HOTLINE in text and "24小时" in text and "按“0”再按“9”" in text


def test_fallback_without_ranking_still_gives_12308(composer: Composer) -> None:
    response = composer.respond(Turn("嗯", "nlu_fallback"), Context())
    assert HOTLINE in response.text and not response.replies[0].buttons


def test_reply_data_naming_a_missing_section_is_refused(guide: Guide, tmp_path: Path) -> None:
    bad = Path("bot/data/replies.yml").read_text(encoding="utf-8").replace('"5.6.4"', '"5.6.9"')
    (tmp_path / "replies.yml").write_text(bad, encoding="utf-8")
    with pytest.raises(ReplyDataError, match=r"5\.6\.9"):
        load_reply_data(guide, tmp_path / "replies.yml")
