"""The Official Account's custom menu, as the JSON WeChat's menu API expects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from bot.names import ENTITY_SECTION, GUIDE

REPLIES = Path(__file__).resolve().parents[1] / "data" / "replies.yml"
MENU_KEY_PREFIX = "SECTION_"
HANDOFF = "HANDOFF"
HANDOFF_TITLE = "转人工（12308）"
# WeChat's limits: 3 top-level buttons of 16 bytes, 5 entries each of 60 bytes.
MAX_GROUPS, MAX_ITEMS, MAX_GROUP_BYTES, MAX_ITEM_BYTES = 3, 5, 16, 60


def menu_key(section_id: str) -> str:
    """The CLICK key of a menu entry: 5.1.1 → SECTION_5_1_1."""
    return MENU_KEY_PREFIX + section_id.replace(".", "_")


def payload_for_key(key: str) -> str | None:
    """The Rasa payload a menu CLICK key stands for."""
    if key.startswith(MENU_KEY_PREFIX):
        section = key[len(MENU_KEY_PREFIX) :].replace("_", ".")
        return "/" + GUIDE + json.dumps({ENTITY_SECTION: section})
    if key == HANDOFF:
        return "/handoff"
    return None


class MenuError(ValueError):
    """The menu in replies.yml breaks WeChat's limits or names an unknown entry."""


def wechat_menu(path: Path = REPLIES) -> dict[str, Any]:
    """`{"button": [...]}` with CLICK entries whose keys the webhook maps back to sections."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    titles = {str(m["section"]): str(m["title"]) for m in data.get("menu") or []}
    groups = data.get("wechat_menu") or []
    if not 1 <= len(groups) <= MAX_GROUPS:
        raise MenuError(f"{len(groups)} top-level buttons (WeChat allows 1–{MAX_GROUPS})")
    buttons = []
    for group in groups:
        name = str(group["name"])
        if len(name.encode("utf-8")) > MAX_GROUP_BYTES:
            raise MenuError(f"top-level name {name!r} is over {MAX_GROUP_BYTES} bytes")
        items = [str(item) for item in group["items"]]
        if not 1 <= len(items) <= MAX_ITEMS:
            raise MenuError(f"{name!r} has {len(items)} entries (WeChat allows 1–{MAX_ITEMS})")
        subs = []
        for item in items:
            if item == HANDOFF:
                subs.append({"type": "click", "name": HANDOFF_TITLE, "key": HANDOFF})
                continue
            if item not in titles:
                raise MenuError(f"{item!r} is not in the menu of replies.yml")
            if len(titles[item].encode("utf-8")) > MAX_ITEM_BYTES:
                raise MenuError(f"{titles[item]!r} is over {MAX_ITEM_BYTES} bytes")
            subs.append({"type": "click", "name": titles[item], "key": menu_key(item)})
        buttons.append({"name": name, "sub_button": subs})
    return {"button": buttons}
