import json

import pytest

from bot.answers import HOTLINE_LINE, choices_answer, more_answer, section_answer, section_payload
from bot.guide import Guide

SAMPLE = ["1.3", "2.11", "4.6", "5.1.1", "5.2.1", "5.7.3", "5.8", "5.13", "5.18.1", "6.1"]


@pytest.mark.parametrize("section_id", SAMPLE)
def test_answer_holds_steps_can_cannot_contacts_and_the_way_to_12308(
    guide: Guide, section_id: str
) -> None:
    section = guide[section_id]
    text = "\n".join(reply.text for reply in section_answer(section))
    for step in section.steps:
        assert step in text
    for provision in section.consulate_can + section.consulate_cannot:
        assert provision.text in text
    for contact in section.contacts:
        assert contact.value in text
    assert "+86-10-12308" in text and "http://cs.mfa.gov.cn/" in text
    assert f"第{section_id}节" in text


def test_payload_names_the_section_for_rasa() -> None:
    payload = section_payload("5.1.2")
    assert payload.startswith("/guide{")
    assert json.loads(payload[len("/guide") :]) == {"section": "5.1.2"}


def test_more_offers_related_sections_as_buttons(guide: Guide) -> None:
    replies = more_answer(guide["5.1.1"], guide)
    titles = [title for title, _ in replies[0].buttons]
    assert titles == [guide[rid].title for rid in guide["5.1.1"].related]
    assert replies[-1].text == HOTLINE_LINE


def test_choices_offer_three_sections_and_the_hotline(guide: Guide) -> None:
    ranking = [("5.3", 0.3), ("5.2.1", 0.25), ("5.7.3", 0.2), ("5.5", 0.1)]
    replies = choices_answer(guide, ranking)
    assert replies[0].text == "您是想问："
    assert [p for _, p in replies[0].buttons] == [section_payload(s) for s, _ in ranking[:3]]
    assert any("12308" in reply.text for reply in replies)


def test_choices_without_ranking_still_give_the_hotline(guide: Guide) -> None:
    replies = choices_answer(guide, [])
    assert "12308" in replies[0].text and not replies[0].buttons
