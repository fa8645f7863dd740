"""One message in, the suggestion object out: what `python -m bot suggest` and consoles print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from bot.answers import Reply, choices_answer, section_answer
from bot.guide import Guide
from bot.names import GUIDE, NLU_FALLBACK, SPECIAL_OF_INTENT
from bot.nlu.parse_data import country as country_of
from bot.nlu.parse_data import section_ranking

# The labels `suggest --json` reports; goodbye and thanks count as ordinary replies there.
SUGGEST_SPECIALS = ("greet", "handoff", "oos")
DOMAIN = Path("domain.yml")
# Longer messages are cut before parsing: the need is stated long before 2,000 characters, and
# the cut bounds the work one message can cost.
MAX_CHARS = 2000


def domain_responses(domain: Path = DOMAIN) -> dict[str, str]:
    """The first text of each `utter_*` response in the Rasa domain."""
    data = yaml.safe_load(Path(domain).read_text(encoding="utf-8"))
    return {name: variants[0]["text"] for name, variants in data["responses"].items()}


class Suggester:
    """Turns parse data into the suggestion object, reply included."""

    def __init__(
        self,
        parse: Callable[[str], dict[str, Any]],
        guide: Guide,
        is_emergency: Callable[[str], bool],
        responses: dict[str, str],
    ) -> None:
        """Wire the parser, the knowledge base, the emergency detector and fixed responses."""
        self._parse = parse
        self._guide = guide
        self._is_emergency = is_emergency
        self._responses = responses

    def suggest(self, text: str) -> dict[str, Any]:
        """The suggestion object for one message."""
        clean = text.strip()[:MAX_CHARS]
        if not any(ch.isalnum() for ch in clean):  # empty, punctuation or emoji only
            return self._result(text, None, [], None, self._say("utter_greet"))
        parse = self._parse(clean)
        intent = (parse.get("intent") or {}).get("name")
        ranking = section_ranking(parse)
        country = country_of(parse)
        if intent == GUIDE and ranking:
            replies = section_answer(self._guide[ranking[0][0]])
        elif intent == NLU_FALLBACK or intent == GUIDE:
            replies = choices_answer(self._guide, ranking)
        else:
            replies = self._say(f"utter_{intent}") if f"utter_{intent}" in self._responses else []
        suggestions = ranking[:3] if intent in (GUIDE, NLU_FALLBACK) else []
        result = self._result(text, intent, suggestions, country, replies)
        result["emergency"] = self._is_emergency(clean)
        return result

    def _say(self, response: str) -> list[Reply]:
        return [Reply(self._responses[response])]

    def _result(
        self,
        text: str,
        intent: str | None,
        suggestions: list[tuple[str, float]],
        country: str | None,
        replies: list[Reply],
    ) -> dict[str, Any]:
        return {
            "text": text,
            "suggestions": [
                {"section": sid, "title": self._guide[sid].title, "confidence": round(conf, 4)}
                for sid, conf in suggestions
            ],
            "fallback": intent != GUIDE,
            "special": _special(intent),
            "emergency": False,
            "country": country,
            "reply": "\n\n".join(reply.text for reply in replies),
        }


def _special(intent: str | None) -> str | None:
    special = SPECIAL_OF_INTENT.get(intent or "")
    return special if special in SUGGEST_SPECIALS else None
