import math
from pathlib import Path

import pytest

from bot.evaluation import (
    Example,
    Prediction,
    blended_prediction,
    choice_figures,
    emergency_figures,
    load_examples,
    score,
)
from bot.nlu.countries import default_finder

EVAL = Path(__file__).parent / "eval"


def ex(section: str | None, special: str | None = None, emergency: bool = False) -> Example:
    return Example("x", section, special, emergency, None)


def test_scores_count_top1_top3_and_rejections() -> None:
    examples = [ex("5.1.1"), ex("5.3"), ex("5.5"), ex(None, "oos"), ex(None, "greet")]
    predictions = [
        Prediction(("5.1.1", "5.1.3", "3.7"), None, False),  # top-1 hit
        Prediction(("5.2.1", "5.3", "3.6"), None, False),  # top-3 hit only
        Prediction(("5.5", "5.4", "2.4"), None, True),  # right, but rejected
        Prediction(("2.5",), None, True),  # out of scope, rejected: correct
        Prediction((), "greet", False),
    ]
    result = score("s", examples, predictions)
    assert result.top1 == pytest.approx(1 / 3)
    assert result.top3 == pytest.approx(1.0)
    assert result.in_scope_rejected == pytest.approx(1 / 3)
    assert result.oos_recall == 1.0 and result.oos_precision == pytest.approx(0.5)
    assert result.special_accuracy == 1.0
    assert result.errors[("5.3", "5.2.1")] == 1 and result.errors[("5.5", "—")] == 1


def test_blended_prediction_applies_the_fallback_threshold() -> None:
    ranking = [{"name": "guide_5_3", "confidence": 0.15}, {"name": "greet", "confidence": 0.1}]
    assert blended_prediction(ranking, {}, 0.0, 0.2).fallback is True
    assert blended_prediction(ranking, {}, 0.0, 0.1) == Prediction(("5.3",), None, False)


@pytest.mark.parametrize(("intent", "special"), [("goodbye", "goodbye"), ("out_of_scope", "oos")])
def test_a_message_in_danger_gets_sections_instead_of_a_special_reply(
    intent: str, special: str
) -> None:
    ranking = [{"name": intent, "confidence": 0.6}, {"name": "guide_2_5", "confidence": 0.3}]
    assert blended_prediction(ranking, {}, 0.0, 0.2) == Prediction(("2.5",), special, False)
    assert blended_prediction(ranking, {}, 0.0, 0.2, emergency=True) == Prediction(
        ("2.5",), None, True
    )
    for kept in ("handoff", "greet", "thanks"):
        ranking = [{"name": kept, "confidence": 0.6}]
        assert blended_prediction(ranking, {}, 0.0, 0.2, emergency=True).special == kept


@pytest.mark.parametrize("name", ["dev.yml", "dev2.yml", "dev3.yml", "test.yml"])
def test_evaluation_sets_cover_every_section(name: str, guide) -> None:
    examples = load_examples(EVAL / name)
    covered = {e.section for e in examples if e.section}
    assert covered == set(guide.ids)
    assert all((e.section is None) != (e.special is None) for e in examples)
    assert sum(e.emergency for e in examples) >= 20


@pytest.mark.parametrize("path", sorted(EVAL.glob("*.yml")), ids=lambda p: p.name)
def test_every_evaluation_message_names_a_known_section_and_country(path, guide) -> None:
    examples = load_examples(path)
    assert {e.section for e in examples if e.section} <= set(guide.ids)
    countries = {e.country for e in examples if e.country}
    assert {c for c in countries if default_finder().canonical(c) is None} == set()
    assert len({e.text for e in examples}) == len(examples)


def test_emergency_figures_count_missed_dangers_and_alarmed_calm_messages() -> None:
    examples = [
        ex("5.3", emergency=True),
        ex("2.5", emergency=True),
        ex("5.1.1"),
        ex("5.1.1"),
        ex(None, "greet"),
        ex(None, "oos"),
    ]
    flagged = [True, False, True, False, True, False]
    assert emergency_figures(examples, flagged) == {
        "emergency_recall": 0.5,
        "emergency_precision": 1 / 3,
        "calm_flagged": 0.5,
        "small_talk_flagged": 0.5,
    }
    assert math.isnan(emergency_figures(examples[:4], flagged[:4])["small_talk_flagged"])


def test_choice_figures_count_right_and_wrong_answers_turned_into_choices() -> None:
    def parse(*ranking: tuple[str, float]) -> dict:
        return {
            "intent": {"name": "guide"},
            "guide_ranking": [{"section": s, "confidence": c} for s, c in ranking],
        }

    examples = [ex("5.3"), ex("5.3"), ex("5.2.1"), ex("5.5"), ex(None, "oos")]
    parses = [
        parse(("5.3", 0.9), ("5.2.1", 0.05)),  # right, clear
        parse(("5.3", 0.4), ("5.2.1", 0.35)),  # right, close: choices
        parse(("5.3", 0.4), ("5.2.1", 0.35)),  # wrong, close: choices with the right button
        parse(("5.4", 0.9), ("5.5", 0.05)),  # wrong, clear
        parse(("5.3", 0.4), ("5.2.1", 0.35)),  # not a guide message: ignored
    ]
    figures = choice_figures(examples, parses, lambda r: r[0][1] - r[1][1] < 0.1)
    assert figures == {
        "choices_on_right": 0.5,
        "choices_on_wrong": 0.5,
        "wrong_with_gold_in_choices": 1.0,
    }


def test_a_message_without_words_counts_as_the_menu_whatever_the_classifier_says(guide) -> None:
    from bot.evaluation import evaluate
    from bot.names import CLASSIFIER_RANKING

    examples = [
        Example("。。。？？", None, "oos", False, None),
        Example("护照丢了", "5.1.1", None, False, None),
    ]
    confident = {CLASSIFIER_RANKING: [{"name": "guide_5_1_1", "confidence": 0.9}]}
    report = evaluate("s", examples, lambda text: confident, guide, 0.0, 0.2, 1.0, 0.0)
    assert report.bot.oos_recall == 1.0 and report.bot.oos_precision == 1.0
    assert report.bot.top1 == 1.0


def test_the_scope_check_overrules_a_guide_answer_as_the_pipeline_does() -> None:
    ranking = [{"name": "guide_5_3", "confidence": 0.7}, {"name": "greet", "confidence": 0.2}]
    overruled = blended_prediction(ranking, {}, 0.0, 0.2, scope=0.6, scope_threshold=0.5)
    assert overruled == Prediction(("5.3",), "oos", False)
    assert blended_prediction(ranking, {}, 0.0, 0.2, scope=0.4, scope_threshold=0.5).special is None
    in_danger = blended_prediction(ranking, {}, 0.0, 0.2, None, True, 0.9, 0.5)
    assert in_danger == Prediction(("5.3",), None, False)
    greeting = [{"name": "greet", "confidence": 0.7}]
    assert blended_prediction(greeting, {}, 0.0, 0.2, scope=0.9, scope_threshold=0.5).special == (
        "greet"
    )
