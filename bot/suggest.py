"""One message in, the suggestion object out: what `python -m bot suggest` and consoles print."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from bot.dialogue import Composer, Context, Turn
from bot.guide import Guide
from bot.names import GREET, GUIDE, NLU_FALLBACK, SPECIAL_OF_INTENT
from bot.nlu.parse_data import intent_name
from bot.text import has_words

# The labels `suggest --json` reports; goodbye and thanks count as ordinary replies there.
SUGGEST_SPECIALS = ("greet", "handoff", "oos")
# Longer messages are cut before parsing: the need is stated long before 2,000 characters, and
# the cut bounds the work one message can cost.
MAX_CHARS = 2000


class Suggester:
    """Turns one message into the suggestion object, reply included (as a new conversation)."""

    def __init__(
        self,
        parse: Callable[[str], dict[str, Any]],
        guide: Guide,
        composer: Composer,
    ) -> None:
        """Wire the parser (danger detection included), the knowledge base and the composer."""
        self._parse = parse
        self._guide = guide
        self._composer = composer

    def suggest(self, text: str) -> dict[str, Any]:
        """The suggestion object for one message."""
        clean = cleaned(text)
        return self.from_parse(text, self._parse(clean) if clean else {})

    def from_parse(self, text: str, parse: dict[str, Any]) -> dict[str, Any]:
        """The suggestion object, given the message's parse data ({} for an empty message)."""
        clean = cleaned(text)
        intent: str | None = GREET
        if not clean or not parse:  # empty, punctuation or emoji only: the menu
            turn = Turn(text, GREET)
        else:
            turn = Turn.from_parse(clean, parse)
            intent = intent_name(parse)
        response = self._composer.respond(turn, Context())
        listed = intent in (GUIDE, NLU_FALLBACK)
        special = SPECIAL_OF_INTENT.get(intent or "")
        ranking = led_by(response.answered, turn.ranking) if listed else []
        return {
            "text": text,
            "suggestions": [
                {"section": sid, "title": self._guide[sid].title, "confidence": round(conf, 4)}
                for sid, conf in ranking[:3]
            ],
            "fallback": response.answered is None,
            "special": special if special in SUGGEST_SPECIALS else None,
            "emergency": turn.emergency,
            "country": turn.country,
            "reply": response.text,
        }


def led_by(answered: str | None, ranking: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    """The ranking led by the section the reply answers, so an agent reads out what the bot says.

    They differ when a kind of danger has its own answer (bot.safety.danger_answers): someone
    asking calmly about sending their own remains home is answered with the suicide-risk section.
    """
    if answered is None or (ranking and ranking[0][0] == answered):
        return list(ranking)
    score = dict(ranking).get(answered, 0.0)
    return [(answered, score), *((sid, conf) for sid, conf in ranking if sid != answered)]


def cleaned(text: str) -> str | None:
    """The text to parse (cut to MAX_CHARS), or None when it has no letters or digits."""
    clean = text.strip()[:MAX_CHARS]
    return clean if has_words(clean) else None
