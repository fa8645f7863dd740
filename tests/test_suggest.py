"""The suggestion object, from parse data (the trained model is exercised in tests/nlu)."""

from typing import Any

import pytest

from bot.dialogue import default_composer
from bot.guide import Guide
from bot.safety import danger_answers
from bot.suggest import Suggester, led_by

KEYS = {"text", "suggestions", "fallback", "special", "emergency", "country", "reply"}


def parse_as(
    intent: str,
    ranking: list[tuple[str, float]],
    country: str | None = None,
    danger: str | None = None,
):
    def parse(text: str) -> dict[str, Any]:
        entities = [{"entity": "country", "value": country}] if country else []
        return {
            "text": text,
            "intent": {"name": intent, "confidence": ranking[0][1] if ranking else 0.9},
            "guide_ranking": [{"section": s, "confidence": c} for s, c in ranking],
            "entities": entities,
            "emergency": danger,
        }

    return parse


@pytest.fixture()
def make(guide: Guide):
    def _make(parse) -> Suggester:
        return Suggester(parse, guide, default_composer()).suggest

    return _make


def test_guide_answer(make, guide: Guide) -> None:
    ranking = [("5.1.1", 0.8), ("5.1.3", 0.1), ("5.1.4", 0.05), ("3.7", 0.01)]
    result = make(parse_as("guide", ranking, "意大利"))("我的护照在罗马被偷了")
    assert set(result) == KEYS
    assert [s["section"] for s in result["suggestions"]] == ["5.1.1", "5.1.3", "5.1.4"]
    assert result["suggestions"][0]["title"] == guide["5.1.1"].title
    assert result["fallback"] is False and result["special"] is None
    assert result["country"] == "意大利"
    assert guide["5.1.1"].steps[0] in result["reply"] and "12308" in result["reply"]


def test_unsure_offers_choices(make) -> None:
    result = make(parse_as("nlu_fallback", [("5.3", 0.15), ("5.2.1", 0.1)]))("我家人那边出事了")
    assert result["fallback"] is True
    assert len(result["suggestions"]) == 2
    assert "您是想问" in result["reply"] and "12308" in result["reply"]


@pytest.mark.parametrize(
    ("intent", "special"), [("greet", "greet"), ("handoff", "handoff"), ("out_of_scope", "oos")]
)
def test_specials(make, intent: str, special: str) -> None:
    result = make(parse_as(intent, []))("随便说点什么")
    assert result["special"] == special and result["fallback"] is True
    assert result["suggestions"] == [] and result["reply"]


def test_emergency_flag_puts_the_emergency_line_first(make) -> None:
    result = make(parse_as("guide", [("2.5", 0.6)], "南非", danger="attack"))("有人拿枪指着我要钱")
    assert result["emergency"] is True
    assert result["reply"].startswith("⚠️") and "10111" in result["reply"].split("\n\n")[0]


def test_a_calm_parse_gets_no_emergency_line(make) -> None:
    result = make(parse_as("guide", [("2.5", 0.6)], "南非"))("有人拿枪指着我要钱")
    assert result["emergency"] is False
    assert not result["reply"].startswith("⚠️")


def test_close_sections_are_listed_but_not_answered(make) -> None:
    result = make(parse_as("guide", [("5.3", 0.3), ("5.2.1", 0.28)]))("想咨询一下家里人的事情")
    assert result["fallback"] is True and len(result["suggestions"]) == 2
    assert result["reply"].startswith("您是想问")


@pytest.mark.parametrize("text", ["", "   ", "😭😭😭", "？？"])
def test_empty_or_emoji_only_gets_the_menu_without_parsing(make, text: str) -> None:
    def never(_: str) -> dict[str, Any]:
        raise AssertionError("must not parse")

    result = make(never)(text)
    assert set(result) == KEYS and result["fallback"] is True
    assert "您好" in result["reply"]


def test_the_sos_emoji_alone_is_parsed_not_answered_with_the_menu(make) -> None:
    seen: list[str] = []

    def parse(text: str) -> dict[str, Any]:
        seen.append(text)
        return parse_as("guide", [("2.5", 0.3)])(text)

    make(parse)("🆘🆘")
    assert seen == ["🆘🆘"]


def test_long_message_is_cut_before_parsing(make) -> None:
    seen: list[str] = []

    def parse(text: str) -> dict[str, Any]:
        seen.append(text)
        return parse_as("guide", [("5.1.1", 0.9)])(text)

    result = make(parse)("护照" * 2500)
    assert len(seen[0]) == 2000 and len(result["text"]) == 5000


def test_suggestions_lead_with_the_section_a_danger_is_answered_with(make, guide: Guide) -> None:
    answers = danger_answers()
    kind, section = next(iter(answers.items()))
    ranking = [("5.2.1", 0.7), ("5.2.2", 0.1), (section, 0.05), ("5.3", 0.01)]
    result = make(parse_as("guide", ranking, danger=kind))("遗体运回国要多少钱，问的是我自己的")
    assert [s["section"] for s in result["suggestions"]] == [section, "5.2.1", "5.2.2"]
    assert result["suggestions"][0]["confidence"] == 0.05
    assert f"【{guide[section].title}】" in result["reply"]


@pytest.mark.parametrize(
    ("answered", "ranking", "expected"),
    [
        (None, [("5.3", 0.3), ("5.2.1", 0.2)], ["5.3", "5.2.1"]),
        ("5.3", [("5.3", 0.3), ("5.2.1", 0.2)], ["5.3", "5.2.1"]),
        ("5.17.4", [("5.3", 0.3)], ["5.17.4", "5.3"]),
    ],
)
def test_led_by(answered: str | None, ranking, expected: list[str]) -> None:
    assert [s for s, _ in led_by(answered, ranking)] == expected
