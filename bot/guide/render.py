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


def step_lines(section: Section) -> list[str]:
    """The numbered steps, then the section's special reminders."""
    lines = [f"{number}. {step}" for number, step in enumerate(section.steps, start=1)]
    return lines + [f"特别提醒：{note}" for note in section.notes]


def provision_blocks(section: Section) -> list[list[str]]:
    """The can and the cannot block, each a heading and its lines; only blocks with lines."""
    blocks = []
    for heading, provisions in (
        ("使领馆可以：", section.consulate_can),
        ("使领馆不可以：", section.consulate_cannot),
    ):
        if provisions:
            blocks.append([heading, *(provision_line(p) for p in provisions)])
    return blocks


def section_text(section: Section, guide: Guide) -> str:
    """The whole section: question, steps, can/cannot, costs, contacts, related."""
    lines: list[str] = [f"【{section.id}】{section.title}", f"问：{section.question}", ""]
    lines.append("怎么办：")
    lines.extend(step_lines(section))
    for block in provision_blocks(section):
        lines += ["", *block]
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
