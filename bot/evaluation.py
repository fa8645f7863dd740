"""Evaluation harness: section accuracy, out-of-scope, emergency and country figures.

Runs the trained model once per message, then scores several systems from the same parses:
each classifier alone, the classifiers combined, retrieval alone, everything blended (what the
bot uses) and a plain BM25 baseline.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.guide import Guide
from bot.names import (
    CLASSIFIER_RANKING,
    CLASSIFIER_RANKINGS,
    DISMISSIVE_INTENTS,
    GUIDE,
    SCOPE_PROBABILITY,
    SPECIAL_OF_INTENT,
)
from bot.nlu.parse_data import country as country_of
from bot.nlu.parse_data import danger, intent_name, section_ranking
from bot.nlu.ranking import blend
from bot.nlu.retrieval import SectionIndex
from bot.safety import danger_sections, section_prior
from bot.scope import overrules
from bot.text import has_words


@dataclass(frozen=True)
class Example:
    """One labelled message of an evaluation set."""

    text: str
    section: str | None
    special: str | None
    emergency: bool
    country: str | None


def load_examples(path: Path) -> list[Example]:
    """Read an evaluation set (tests/eval/*.yml)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [
        Example(
            text=str(m["text"]),
            section=str(m["section"]) if m.get("section") is not None else None,
            special=m.get("special"),
            emergency=bool(m.get("emergency")),
            country=m.get("country"),
        )
        for m in data["messages"]
    ]


@dataclass(frozen=True)
class Prediction:
    """What a system says about one message."""

    sections: tuple[str, ...]  # best first
    special: str | None  # greet, handoff, oos … or None for a guide answer
    fallback: bool  # True: the bot would not answer from the guide


@dataclass
class Scores:
    """Figures for one system over one evaluation set."""

    name: str
    top1: float = 0.0
    top3: float = 0.0
    oos_precision: float = 0.0
    oos_recall: float = 0.0
    in_scope_rejected: float = 0.0
    special_accuracy: float = 0.0
    errors: Counter = field(default_factory=Counter)


def score(name: str, examples: Sequence[Example], predictions: Sequence[Prediction]) -> Scores:
    """Top-1/top-3 over guide messages; rejection figures over all messages."""
    result = Scores(name)
    guide_items = [(e, p) for e, p in zip(examples, predictions, strict=True) if e.section]
    hits1 = sum(1 for e, p in guide_items if not p.fallback and p.sections[:1] == (e.section,))
    hits3 = sum(1 for e, p in guide_items if e.section in p.sections[:3])
    result.top1 = hits1 / len(guide_items)
    result.top3 = hits3 / len(guide_items)
    rejected = [p.fallback or p.special == "oos" for p in predictions]
    gold_oos = [e.special == "oos" for e in examples]
    true_pos = sum(1 for r, g in zip(rejected, gold_oos, strict=True) if r and g)
    result.oos_recall = true_pos / max(1, sum(gold_oos))
    result.oos_precision = true_pos / max(1, sum(rejected))
    result.in_scope_rejected = sum(
        1 for (e, p) in guide_items if p.fallback or p.special == "oos"
    ) / len(guide_items)
    specials = [(e, p) for e, p in zip(examples, predictions, strict=True) if e.special]
    result.special_accuracy = sum(
        1 for e, p in specials if p.special == e.special or (e.special == "oos" and p.fallback)
    ) / max(1, len(specials))
    for e, p in guide_items:
        if p.fallback or p.sections[:1] != (e.section,):
            result.errors[(e.section, p.sections[0] if p.sections and not p.fallback else "—")] += 1
    return result


def blended_prediction(
    classifier: Sequence[Mapping[str, object]],
    retrieval: dict[str, float],
    weight: float,
    threshold: float,
    prior: Mapping[str, float] | None = None,
    emergency: bool = False,
    scope: float | None = None,
    scope_threshold: float = math.inf,
) -> Prediction:
    """Blend a classifier ranking with retrieval at `weight`, then apply the fallback threshold.

    `emergency`: the message signals danger, and the bot offers sections instead of the
    out-of-scope or goodbye reply (bot.names.DISMISSIVE_INTENTS), as the dialogue does.
    `scope`: the scope check's out-of-scope probability, overruling a guide answer from
    `scope_threshold` (bot.scope).
    """
    ranking = blend(classifier, retrieval, weight, prior)
    sections = tuple(s for s, _ in ranking.sections[:3])
    # The scope check runs before the fallback, as in the pipeline (bot.nlu.scope_check).
    if scope is not None and overrules(scope, ranking.intent, emergency, scope_threshold):
        return Prediction(sections, "oos", False)
    if ranking.confidence < threshold:  # what FallbackClassifier does
        return Prediction(sections, None, True)
    if ranking.intent == GUIDE:
        return Prediction(sections, None, False)
    special = SPECIAL_OF_INTENT.get(ranking.intent)  # None: ask_more / inform_country
    if emergency and ranking.intent in DISMISSIVE_INTENTS:
        return Prediction(sections, None, True)
    return Prediction(sections, special, special is None)


def bm25_prediction(index: SectionIndex, text: str, min_score: float) -> Prediction:
    """The baseline: plain BM25 over the knowledge base, rejecting below `min_score`."""
    ranked = index.rank(text, 3)
    sections = tuple(s for s, _ in ranked)
    if not ranked or ranked[0][1] < min_score:
        return Prediction(sections, "oos", False)
    return Prediction(sections, None, False)


# What the bot does with a message without letters or digits ("。。。", "🙏"): its menu, no guide
# answer (bot.suggest.cleaned), whatever a classifier would make of the punctuation.
MENU = Prediction((), None, True)


@dataclass
class Report:
    """Everything `make eval` prints for one evaluation set."""

    name: str
    size: int
    systems: list[Scores]
    emergency_recall: float
    emergency_precision: float
    calm_flagged: float  # share of calm messages given the emergency line
    small_talk_flagged: float  # … of the calm ones meant for a special reply; NaN: none
    country_accuracy: float
    missed_emergencies: list[str]
    # The dialogue's "您是想问" rule on the bot's answered guide messages.
    choices_on_right: float = 0.0  # share of right top-1 answers turned into choices
    choices_on_wrong: float = 0.0  # share of wrong top-1 answers turned into choices
    wrong_with_gold_in_choices: float = 0.0  # … of which the right section is a button

    @property
    def bot(self) -> Scores:
        """The figures of the system the bot runs (the full blend and the scope check)."""
        return self.systems[-2]


def evaluate(
    name: str,
    examples: Sequence[Example],
    parse: Callable[[str], dict[str, Any]],
    guide: Guide,
    weight: float,
    threshold: float,
    bm25_min_score: float,
    emergency_weight: float,
    canonical: Callable[[str], str | None] = lambda name: name,
    unsure: Callable[[Sequence[tuple[str, float]]], bool] = lambda ranking: False,
    scope_threshold: float = math.inf,
) -> Report:
    """Score every system on `examples`; `emergency_weight` is the danger lift of the ranker."""
    index = SectionIndex(guide)
    parses = [parse(e.text) for e in examples]
    retrieval = [index.distribution(e.text) for e in examples]
    dangers = [danger(p) for p in parses]
    sections = danger_sections()
    priors = [section_prior(d, emergency_weight, sections) for d in dangers]
    scopes = [p.get(SCOPE_PROBABILITY) for p in parses]

    def system(
        name: str, rankings: Sequence[Any], w: float, lift: bool = False, scope: bool = False
    ) -> Scores:
        rows = zip(examples, rankings, retrieval, priors, dangers, scopes, strict=True)
        predictions = [
            blended_prediction(
                c or [], r, w, threshold, p if lift else None, lift and bool(d),
                s if scope else None, scope_threshold,
            )
            if has_words(e.text)
            else MENU
            for e, c, r, p, d, s in rows
        ]  # fmt: skip
        return score(name, examples, predictions)

    sources = sorted({s for p in parses for s in p.get(CLASSIFIER_RANKINGS) or {}})
    combined = [p.get(CLASSIFIER_RANKING) for p in parses]
    systems = [
        system(
            f"{source} alone", [(p.get(CLASSIFIER_RANKINGS) or {}).get(source) for p in parses], 0.0
        )
        for source in sources
    ]
    if len(sources) > 1:
        systems.append(system("classifiers combined", combined, 0.0))
    systems += [
        system("retrieval alone (BM25 in ranker)", combined, 1.0),
        system(f"blend (w={weight}) without danger lift", combined, weight),
        system(f"blend (w={weight}) + danger lift", combined, weight, lift=True),
        system("… + scope check — the bot", combined, weight, lift=True, scope=True),
        score(
            "baseline: plain BM25",
            examples,
            [bm25_prediction(index, e.text, bm25_min_score) for e in examples],
        ),
    ]
    choices = choice_figures(examples, parses, unsure)
    flagged = [d is not None for d in dangers]
    countries = [country_of(p) for p in parses]
    return Report(
        name=name,
        size=len(examples),
        systems=systems,
        **emergency_figures(examples, flagged),
        country_accuracy=sum(
            1
            for c, e in zip(countries, examples, strict=True)
            if c == (canonical(e.country) if e.country else None)
        )
        / len(examples),
        missed_emergencies=[
            e.text for e, f in zip(examples, flagged, strict=True) if e.emergency and not f
        ],
        **choices,
    )


def emergency_figures(examples: Sequence[Example], flagged: Sequence[bool]) -> dict[str, float]:
    """Recall and precision of the emergency flag, and how often calm messages get the line."""
    pairs = list(zip(examples, flagged, strict=True))
    caught = sum(1 for e, f in pairs if f and e.emergency)
    calm = [f for e, f in pairs if not e.emergency]
    small_talk = [f for e, f in pairs if not e.emergency and e.special]
    return {
        "emergency_recall": caught / max(1, sum(e.emergency for e in examples)),
        "emergency_precision": caught / max(1, sum(flagged)),
        "calm_flagged": sum(calm) / max(1, len(calm)),
        "small_talk_flagged": sum(small_talk) / len(small_talk) if small_talk else math.nan,
    }


def choice_figures(
    examples: Sequence[Example],
    parses: Sequence[Mapping[str, Any]],
    unsure: Callable[[Sequence[tuple[str, float]]], bool],
) -> dict[str, float]:
    """How often the "您是想问" rule replaces a right and a wrong top-1 answer."""
    right = wrong = right_asked = wrong_asked = wrong_helped = 0
    for example, parse in zip(examples, parses, strict=True):
        ranking = section_ranking(parse)
        if not example.section or intent_name(parse) != GUIDE or not ranking:
            continue
        asked = unsure(ranking)
        if ranking[0][0] == example.section:
            right += 1
            right_asked += asked
        else:
            wrong += 1
            wrong_asked += asked
            wrong_helped += asked and example.section in [s for s, _ in ranking[:3]]
    return {
        "choices_on_right": right_asked / max(1, right),
        "choices_on_wrong": wrong_asked / max(1, wrong),
        "wrong_with_gold_in_choices": wrong_helped / max(1, wrong_asked),
    }


def _share(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.3f}"


def format_report(
    report: Report, guide: Guide, max_errors: int = 25, show_messages: bool = True
) -> str:
    """Human-readable report; `show_messages=False` keeps a held-out set's texts unseen."""
    lines = [f"== {report.name}: {report.size} messages =="]
    lines.append(
        f"{'system':38} {'top-1':>6} {'top-3':>6} {'oos P':>6} {'oos R':>6} "
        f"{'in-scope rejected':>18} {'specials':>8}"
    )
    for s in report.systems:
        lines.append(
            f"{s.name:38} {s.top1:6.3f} {s.top3:6.3f} {s.oos_precision:6.3f} {s.oos_recall:6.3f} "
            f"{s.in_scope_rejected:18.3f} {s.special_accuracy:8.3f}"
        )
    lines.append(
        f"emergency recall {report.emergency_recall:.3f}, "
        f"precision {report.emergency_precision:.3f}; the emergency line on "
        f"{report.calm_flagged:.3f} of calm messages "
        f"({_share(report.small_talk_flagged)} of small talk)"
    )
    lines.append(f"country accuracy {report.country_accuracy:.3f}")
    lines.append(
        f"“您是想问” choices instead of an answer: {report.choices_on_right:.3f} of right answers, "
        f"{report.choices_on_wrong:.3f} of wrong ones "
        f"(right section among the buttons in {report.wrong_with_gold_in_choices:.3f} of those)"
    )
    if show_messages:
        lines.extend(f"  missed emergency: {text}" for text in report.missed_emergencies)
    bot = report.bot
    lines.append(
        f"most frequent errors of the bot (gold → predicted), {sum(bot.errors.values())} in all:"
    )
    for (gold, predicted), count in bot.errors.most_common(max_errors):
        title = guide[gold].title if gold in guide else gold
        lines.append(f"  {count} × {gold} {title[:24]} → {predicted}")
    return "\n".join(lines)
