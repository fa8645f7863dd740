"""Plain-text rendering of a section, as a person reads it (CLI, copy-paste)."""

from __future__ import annotations

from bot.guide.model import Contact, Guide, Provision, Section

KIND_NAMES = {"phone": "电话", "fax": "传真", "url": "网址", "email": "邮箱", "wechat": "微信"}


def provision_line(provision: Provision) -> str:
    """One can/cannot line with the part 3/4 items it rests on."""
    return f"· {provision.text}（依据第{'、'.join(provision.refs)}条）"


def contact_line(contact: Contact) -> str:
    """One contact as "· who，kind：value"."""
    return f"· {contact.label}，{KIND_NAMES[contact.kind]}：{contact.value}"


def section_text(section: Section, guide: Guide) -> str:
    """The whole section: question, steps, can/cannot, costs, contacts, related."""
    lines: list[str] = [f"【{section.id}】{section.title}", f"问：{section.question}", ""]
    lines.append("怎么办：")
    lines.extend(f"{number}. {step}" for number, step in enumerate(section.steps, start=1))
    lines.extend(f"特别提醒：{note}" for note in section.notes)
    if section.consulate_can:
        lines += ["", "使领馆可以："]
        lines.extend(provision_line(p) for p in section.consulate_can)
    if section.consulate_cannot:
        lines += ["", "使领馆不可以："]
        lines.extend(provision_line(p) for p in section.consulate_cannot)
    if section.costs:
        lines += ["", "费用："]
        lines.extend(f"· {cost}" for cost in section.costs)
    if section.contacts:
        lines += ["", "联系方式："]
        lines.extend(contact_line(c) for c in section.contacts)
    if section.related:
        lines += ["", "相关问题："]
        lines.extend(f"· {rid} {guide[rid].title}" for rid in section.related)
    return "\n".join(lines)
