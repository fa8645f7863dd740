"""What the bot says to one message, given what it remembers (pure: no Rasa, no I/O).

The Rasa action, `python -m bot suggest` and the channels all answer through `Composer.respond`,
so every way in gets the same reply: danger first, then the section's steps, what the consulate
can and cannot do, where to go next, the section cited, and a clarifying question last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.answers import Reply, section_payload
from bot.guide import Guide, Section, default_guide
from bot.guide.render import contact_line, provision_blocks, provision_line, step_lines
from bot.local_numbers import NumbersTable, default_numbers
from bot.names import (
    ASK_MORE,
    DISMISSIVE_INTENTS,
    GOODBYE,
    GREET,
    GUIDE,
    HANDOFF,
    INFORM_COUNTRY,
    NLU_FALLBACK,
    OUT_OF_SCOPE,
    THANKS,
)
from bot.nlu import parse_data
from bot.safety import danger_answers

REPLIES = Path(__file__).parent / "data" / "replies.yml"
REQUIRED_TEXTS = (
    "hotline consulate emergency_known emergency_unknown emergency_no_table local_numbers "
    "no_local_numbers country_noted country_unknown topic_reminder choices not_understood "
    "followup_intro followup_general followup_none more_intro more_nothing citation greet "
    "goodbye thanks handoff out_of_scope"
).split()
# Parts 3 and 4 say what the consulate can and cannot do in general; a question that lands there
# while a part-5 situation is under way is asked about that situation.
CAN_PART, CANNOT_PART = "3", "4"


class ReplyDataError(ValueError):
    """replies.yml is missing a text or names a section the guide does not have."""


@dataclass(frozen=True)
class Clarification:
    """A question asked after a section's answer, with one button per precise section."""

    question: str
    options: tuple[tuple[str, str], ...]  # (title, section id)


@dataclass(frozen=True)
class ReplyData:
    """Fixed texts, the menu of common situations, and the clarifying questions."""

    texts: dict[str, str]
    menu: tuple[tuple[str, str], ...]
    clarify: dict[str, Clarification]


def load_reply_data(guide: Guide, path: Path = REPLIES) -> ReplyData:
    """Read replies.yml and check it against the guide."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    texts = {str(k): str(v) for k, v in (data.get("texts") or {}).items()}
    missing = [key for key in REQUIRED_TEXTS if key not in texts]
    if missing:
        raise ReplyDataError(f"{path}: texts missing: {', '.join(missing)}")
    menu = tuple((str(m["title"]), str(m["section"])) for m in data.get("menu") or [])
    clarify = {
        str(sid): Clarification(
            str(c["question"]),
            tuple((str(o["title"]), str(o["section"])) for o in c["options"]),
        )
        for sid, c in (data.get("clarify") or {}).items()
    }
    named = [sid for _, sid in menu] + [
        sid for key, c in clarify.items() for sid in [key, *(s for _, s in c.options)]
    ]
    unknown = sorted({sid for sid in named if sid not in guide})
    if unknown:
        raise ReplyDataError(f"{path}: sections not in the guide: {', '.join(unknown)}")
    return ReplyData(texts, menu, clarify)


@dataclass(frozen=True)
class Context:
    """What the conversation remembers: where the user is and the situation being discussed."""

    country: str | None = None
    topic: str | None = None  # section id of the last answered situation


@dataclass(frozen=True)
class Turn:
    """One understood user message."""

    text: str
    intent: str | None
    ranking: Sequence[tuple[str, float]] = ()  # guide sections, best first
    asked_section: str | None = None  # a button named the section directly
    country: str | None = None  # country named in this message
    danger: str | None = None  # the kind of danger (bot.safety) the message signals, if any

    @classmethod
    def from_parse(cls, text: str, parse: Mapping[str, Any]) -> Turn:
        """The turn as Rasa's NLU understood it (the danger detector included)."""
        return cls(
            text=text,
            intent=parse_data.intent_name(parse),
            ranking=tuple(parse_data.section_ranking(parse)),
            asked_section=parse_data.asked_section(parse),
            country=parse_data.country(parse),
            danger=parse_data.danger(parse),
        )

    @property
    def emergency(self) -> bool:
        """Life or safety in danger now: the detector named a kind of danger."""
        return self.danger is not None


@dataclass(frozen=True)
class Response:
    """The bot's messages for the turn and the context after it."""

    replies: list[Reply]
    context: Context
    answered: str | None = None  # the section answered in full this turn, if any

    @property
    def text(self) -> str:
        """All messages joined by blank lines."""
        return "\n\n".join(reply.text for reply in self.replies)


@dataclass(frozen=True)
class Thresholds:
    """When the bot offers choices instead of answering (chosen on the dev sets)."""

    margin: float = 0.15  # top two sections closer than this …
    confident: float = 0.5  # … while the top one is below this: ask
    followup: float = 0.1  # a part 3/4 reading this likely is a follow-up to the situation

    def unsure(self, ranking: Sequence[tuple[str, float]]) -> bool:
        """True when the ranking is too close to call."""
        if len(ranking) < 2:
            return False
        (_, best), (_, second) = ranking[0], ranking[1]
        return best - second < self.margin and best < self.confident


class Composer:
    """Builds replies from the knowledge base, the number table and replies.yml."""

    def __init__(
        self,
        guide: Guide,
        numbers: NumbersTable,
        data: ReplyData,
        thresholds: Thresholds = Thresholds(),
        danger_answers: Mapping[str, str] | None = None,
    ) -> None:
        """Keep the sources every reply is built from.

        `danger_answers`: kinds of danger answered with their own section whatever the message
        asks (bot.safety.danger_answers).
        """
        self._guide = guide
        self._numbers = numbers
        self._data = data
        self._texts = data.texts
        self._thresholds = thresholds
        self._danger_answers = dict(danger_answers or {})

    def respond(self, turn: Turn, context: Context) -> Response:
        """The reply to `turn`, danger first, and the updated context."""
        context = replace(context, country=turn.country or context.country)
        body = self._body(turn, context)
        if not turn.emergency:
            return body
        return replace(body, replies=[self.emergency_reply(context.country), *body.replies])

    def _body(self, turn: Turn, context: Context) -> Response:
        if turn.asked_section and turn.asked_section in self._guide:
            return self._answer(turn.asked_section, context)
        if turn.danger in self._danger_answers:
            return self._answer(self._danger_answers[turn.danger], context)
        if self._is_followup(turn, context):
            return Response(self._followup(turn.ranking[0][0], context), context)
        if turn.intent == GUIDE and turn.ranking:
            if self._thresholds.unsure(turn.ranking):
                return Response(self.choices(turn.ranking), context)
            return self._answer(turn.ranking[0][0], context)
        if turn.emergency and turn.intent in DISMISSIVE_INTENTS and turn.ranking:
            # Someone in danger is never told "not in the guide" or "goodbye": offer the closest
            # sections (the danger lift puts those answering the danger among them).
            return Response(self.choices(turn.ranking), context)
        replies: list[Reply]
        if turn.intent == ASK_MORE:
            replies = self._more(context)
        elif turn.intent == INFORM_COUNTRY:
            replies = self._country_noted(turn.country, context)
        elif turn.intent == GREET:
            replies = [self._menu(self._texts["greet"])]
        elif turn.intent == OUT_OF_SCOPE:
            replies = [self._menu(self._texts["out_of_scope"])]
        elif turn.intent in (HANDOFF, GOODBYE, THANKS):
            replies = [Reply(self._texts[str(turn.intent)])]
        else:  # nlu_fallback, or nothing understood
            replies = self.choices(turn.ranking)
        return Response(replies, context)

    # ---------------------------------------------------------------- pieces of a reply

    def emergency_reply(self, country: str | None) -> Reply:
        """Call the local police/ambulance, with the numbers when known, and 12308."""
        numbers = self._numbers.get(country)
        if numbers:
            return Reply(self._texts["emergency_known"].format(numbers=numbers.line()))
        if country:
            return Reply(self._texts["emergency_no_table"].format(country=country))
        return Reply(self._texts["emergency_unknown"])

    def section_replies(self, section: Section, country: str | None = None) -> list[Reply]:
        """What to do; can / cannot / costs / contacts / where next; the clarifying question."""
        steps = [f"【{section.title}】", "怎么办：", *step_lines(section)]
        more = [line for block in provision_blocks(section) for line in block]
        if section.costs:
            more += ["费用：", *(f"· {cost}" for cost in section.costs)]
        more += ["联系方式：", *(contact_line(c) for c in section.contacts)]
        more += [f"· {line}" for line in self._local_lines(country)]
        more += [f"· {self._texts['hotline']}", f"· {self._texts['consulate']}"]
        more.append(self._citation(section))
        replies = [Reply("\n".join(steps)), Reply("\n".join(more))]
        clarification = self._data.clarify.get(section.id)
        if clarification:
            buttons = tuple((title, section_payload(sid)) for title, sid in clarification.options)
            replies.append(Reply(clarification.question, buttons))
        return replies

    def choices(self, ranking: Sequence[tuple[str, float]]) -> list[Reply]:
        """Offer the closest sections as buttons ("您是想问"), and always the way to 12308."""
        buttons = tuple(
            (self._guide[sid].title, section_payload(sid))
            for sid, _ in ranking[:3]
            if sid in self._guide
        )
        if not buttons:
            return [Reply(self._texts["not_understood"] + "\n" + self._texts["hotline"])]
        return [Reply(self._texts["choices"], buttons), Reply(self._texts["hotline"])]

    def _answer(self, section_id: str, context: Context) -> Response:
        replies = self.section_replies(self._guide[section_id], context.country)
        return Response(replies, replace(context, topic=section_id), answered=section_id)

    def _followup(self, asked_id: str, context: Context) -> list[Reply]:
        """A can/cannot question about the situation under way: its own lines, then the rule."""
        topic = self._guide[str(context.topic)]
        asked = self._guide[asked_id]
        can = self._part(asked_id) == CAN_PART
        provisions = topic.consulate_can if can else topic.consulate_cannot
        matching = [p for p in provisions if asked_id in p.refs] or list(provisions)
        lines = [self._texts["followup_intro"].format(title=topic.title)]
        if matching:
            lines.append("使领馆可以：" if can else "使领馆不可以：")
            lines += [provision_line(p) for p in matching]
        else:
            lines.append(self._texts["followup_none"])
        lines.append(self._texts["followup_general"].format(id=asked.id, title=asked.title))
        lines += [f"· {step}" for step in asked.steps]
        lines += [self._texts["hotline"], self._citation(topic), self._citation(asked)]
        return [Reply("\n".join(lines))]

    def _more(self, context: Context) -> list[Reply]:
        if not context.topic or context.topic not in self._guide:
            return [self._menu(self._texts["more_nothing"])]
        section = self._guide[str(context.topic)]
        buttons = tuple((self._guide[r].title, section_payload(r)) for r in section.related)
        text = self._texts["more_intro"].format(title=section.title)
        return [Reply(text, buttons), Reply(self._texts["hotline"])]

    def _country_noted(self, named: str | None, context: Context) -> list[Reply]:
        if not named:
            return [Reply(self._texts["country_unknown"])]
        lines = [self._texts["country_noted"].format(country=named)]
        lines += self._local_lines(named)
        if context.topic and context.topic in self._guide:
            title = self._guide[str(context.topic)].title
            lines.append(self._texts["topic_reminder"].format(title=title))
        lines.append(self._texts["hotline"])
        return [Reply("\n".join(lines))]

    def _menu(self, text: str) -> Reply:
        return Reply(text, tuple((title, section_payload(sid)) for title, sid in self._data.menu))

    def _local_lines(self, country: str | None) -> list[str]:
        if not country:
            return []
        numbers = self._numbers.get(country)
        if numbers is None:
            return [self._texts["no_local_numbers"].format(country=country)]
        text = self._texts["local_numbers"]
        return [text.format(checked=self._numbers.checked, numbers=numbers.line())]

    def _citation(self, section: Section) -> str:
        return self._texts["citation"].format(id=section.id, title=section.title)

    def _is_followup(self, turn: Turn, context: Context) -> bool:
        """A can/cannot question while a situation is under way ("能帮我请律师吗").

        Short follow-ups are often below the fallback threshold on their own; the situation under
        way makes the part 3/4 reading likely enough to answer it.
        """
        if turn.intent not in (GUIDE, NLU_FALLBACK) or not turn.ranking:
            return False
        best, confidence = turn.ranking[0]
        return (
            self._part(best) in (CAN_PART, CANNOT_PART)
            and confidence >= self._thresholds.followup
            and self._situation(context.topic)
        )

    def _situation(self, topic: str | None) -> bool:
        """A part-5 situation (not general advice or a can/cannot rule) is under way."""
        return bool(topic) and str(topic) in self._guide and self._part(str(topic)) == "5"

    @staticmethod
    def _part(section_id: str) -> str:
        return section_id.split(".", 1)[0]


@lru_cache(maxsize=1)
def default_composer() -> Composer:
    """The composer over the packaged guide, number table and replies, built on first use."""
    guide = default_guide()
    return Composer(
        guide, default_numbers(), load_reply_data(guide), danger_answers=danger_answers()
    )
