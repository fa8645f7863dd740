"""Read what our pipeline puts into Rasa's parse data (one place for the keys' shapes)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.names import EMERGENCY, ENTITY_COUNTRY, ENTITY_SECTION, GUIDE_RANKING


def intent_name(parse: Mapping[str, Any]) -> str | None:
    """The top intent's name, or None."""
    return (parse.get("intent") or {}).get("name")


def section_ranking(parse: Mapping[str, Any]) -> list[tuple[str, float]]:
    """The ranker's sections, best first, with confidences."""
    return [(str(e["section"]), float(e["confidence"])) for e in parse.get(GUIDE_RANKING) or []]


def danger(parse: Mapping[str, Any]) -> str | None:
    """The kind of danger the message signals (bot.safety's categories), or None when calm."""
    value = parse.get(EMERGENCY)
    return str(value) if value else None


def _entity(parse: Mapping[str, Any], name: str) -> str | None:
    for entity in parse.get("entities") or []:
        if entity.get("entity") != name or entity.get("role"):
            continue
        if entity.get("value") is not None:
            return str(entity["value"])
    return None


def country(parse: Mapping[str, Any]) -> str | None:
    """The first country named as where someone is (an entity without a role), or None."""
    return _entity(parse, ENTITY_COUNTRY)


def asked_section(parse: Mapping[str, Any]) -> str | None:
    """The section a button payload names (/guide{"section": "5.1.2"}), or None."""
    return _entity(parse, ENTITY_SECTION)
