"""Compose the bot's replies from the knowledge base (pure: no Rasa, no I/O)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.guide import Guide, Section
from bot.guide.render import contact_line, provision_line
from bot.names import ENTITY_SECTION, GUIDE

HOTLINE_LINE = (
    "12308热线（外交部全球领事保护与服务应急呼叫中心，24小时）：+86-10-12308 或 +86-10-59913991，"
    "接通后按“0”再按“9”优先转人工服务。"
)
CONSULATE_LINE = "驻当地使领馆的联系方式请查询中国领事服务网：http://cs.mfa.gov.cn/"


@dataclass(frozen=True)
class Reply:
    """One message to the user, with optional quick-reply buttons (title, payload)."""

    text: str
    buttons: tuple[tuple[str, str], ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        """The shape rasa_sdk's dispatcher and the channels use."""
        data: dict[str, object] = {"text": self.text}
        if self.buttons:
            data["buttons"] = [{"title": t, "payload": p} for t, p in self.buttons]
        return data


def section_answer(section: Section) -> list[Reply]:
    """What to do, what the consulate can / cannot do, who pays, whom to contact."""
    lines = [f"【{section.title}】", "怎么办："]
    lines += [f"{number}. {step}" for number, step in enumerate(section.steps, start=1)]
    lines += [f"特别提醒：{note}" for note in section.notes]
    first = Reply("\n".join(lines))

    more: list[str] = []
    if section.consulate_can:
        more += ["使领馆可以：", *(provision_line(p) for p in section.consulate_can)]
    if section.consulate_cannot:
        more += ["使领馆不可以：", *(provision_line(p) for p in section.consulate_cannot)]
    if section.costs:
        more += ["费用：", *(f"· {cost}" for cost in section.costs)]
    more += ["联系方式：", *(contact_line(c) for c in section.contacts)]
    more += [f"· {HOTLINE_LINE}", f"· {CONSULATE_LINE}"]
    more.append(f"（依据《中国领事保护和协助指南（2018年版）》第{section.id}节）")
    return [first, Reply("\n".join(more))]


def more_answer(section: Section, guide: Guide) -> list[Reply]:
    """Neighbouring sections the user may want next, as buttons."""
    buttons = tuple((guide[rid].title, section_payload(rid)) for rid in section.related)
    text = f"关于“{section.title}”，您可能还想了解："
    return [Reply(text, buttons), Reply(HOTLINE_LINE)]


def choices_answer(guide: Guide, ranking: Sequence[tuple[str, float]]) -> list[Reply]:
    """Offer the closest sections as buttons instead of guessing."""
    buttons = tuple((guide[sid].title, section_payload(sid)) for sid, _ in ranking[:3])
    if not buttons:
        return [Reply("抱歉，我没有理解您的问题，请换个说法描述您遇到的情况。\n" + HOTLINE_LINE)]
    return [Reply("您是想问：", buttons), Reply(HOTLINE_LINE)]


def section_payload(section_id: str) -> str:
    """Button payload that asks for one section directly, bypassing the classifier."""
    return "/" + GUIDE + json.dumps({ENTITY_SECTION: section_id})
