"""Read what our pipeline puts into Rasa's parse data (one place for the keys' shapes)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.names import ENTITY_COUNTRY, GUIDE_RANKING


def section_ranking(parse: Mapping[str, Any]) -> list[tuple[str, float]]:
    """The ranker's sections, best first, with confidences."""
    return [(str(e["section"]), float(e["confidence"])) for e in parse.get(GUIDE_RANKING) or []]


def country(parse: Mapping[str, Any]) -> str | None:
    """The first country entity, as its standard Chinese name, or None."""
    for entity in parse.get("entities") or []:
        if entity.get("entity") == ENTITY_COUNTRY:
            return str(entity["value"])
    return None
