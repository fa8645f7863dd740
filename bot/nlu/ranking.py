"""Blend the intent classifier's section probabilities with BM25 retrieval (Rasa-free)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.names import GUIDE, section_for


def average(
    rankings: Sequence[Sequence[Mapping[str, object]]], weights: Sequence[float]
) -> list[dict[str, object]]:
    """Weighted mean of several classifiers' intent rankings, best first.

    An intent missing from one ranking (cut by its ranking length) counts as 0 there.
    """
    total = sum(weights)
    mean: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for entry in ranking:
            name = str(entry["name"])
            mean[name] = mean.get(name, 0.0) + weight / total * _confidence(entry)
    return [
        {"name": name, "confidence": confidence}
        for name, confidence in sorted(mean.items(), key=lambda item: -item[1])
    ]


def agreed_intent(
    rankings: Sequence[Sequence[Mapping[str, object]]], min_confidence: float
) -> str | None:
    """The intent every ranking puts first with at least `min_confidence`, or None."""
    tops = {
        str(ranking[0]["name"]) if ranking and _confidence(ranking[0]) >= min_confidence else None
        for ranking in rankings
    }
    return next(iter(tops)) if rankings and len(tops) == 1 else None


def _confidence(entry: Mapping[str, object]) -> float:
    """A ranking entry's confidence (the entries are Rasa's untyped dicts)."""
    return float(entry["confidence"])  # type: ignore[arg-type]


@dataclass(frozen=True)
class Ranking:
    """The message's intent after blending, and the guide sections best first."""

    intent: str
    confidence: float
    intents: list[tuple[str, float]]
    sections: list[tuple[str, float]]


def blend(
    intent_ranking: Sequence[Mapping[str, object]],
    retrieval: Mapping[str, float],
    retrieval_weight: float,
    prior: Mapping[str, float] | None = None,
) -> Ranking:
    """Mix classifier and retrieval distributions over sections.

    The classifier decides how much of the probability belongs to the guide at all (its mass over
    the section intents); within that mass, sections get `(1 - w) * classifier + w * retrieval`.
    `prior` adds to the sections that answer a danger the message names (bot.safety).
    """
    sections: dict[str, float] = {}
    others: dict[str, float] = {}
    for entry in intent_ranking:
        name, confidence = str(entry["name"]), _confidence(entry)
        section = section_for(name)
        if section is None:
            others[name] = confidence
        else:
            sections[section] = confidence
    mass = sum(sections.values())
    blended: dict[str, float] = {}
    if mass > 0:
        w = retrieval_weight
        for section in set(sections) | set(retrieval):
            share = (1 - w) * sections.get(section, 0.0) / mass + w * retrieval.get(section, 0.0)
            blended[section] = mass * share
        for section, bonus in (prior or {}).items():
            blended[section] = blended.get(section, 0.0) + bonus
    # Ties (two lifted sections) break by ID, so the same message always ranks the same way.
    ranked_sections = sorted(blended.items(), key=lambda item: (-item[1], item[0]))
    best_section = ranked_sections[0][1] if ranked_sections else 0.0
    intents = sorted([(GUIDE, best_section), *others.items()], key=lambda item: -item[1])
    intent, confidence = intents[0]
    return Ranking(intent, confidence, intents, ranked_sections)
