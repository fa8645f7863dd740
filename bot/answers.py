"""The message shape every channel sends, and the button payload that names a section."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from bot.names import ENTITY_SECTION, GUIDE


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


def section_payload(section_id: str) -> str:
    """Button payload that asks for one section directly, bypassing the classifier."""
    return "/" + GUIDE + json.dumps({ENTITY_SECTION: section_id})
