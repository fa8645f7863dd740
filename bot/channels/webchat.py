"""The web chat widget: /webhooks/webchat/ (demo page, widget.js) and the history of a session.

Messages go through Rasa's REST channel (/webhooks/rest/webhook); this channel serves the files and
`GET history?sender=<id>` so a reloaded page shows the conversation again.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.shared.core.trackers import EventVerbosity
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.web import static_file

# Session ids are made by the widget (crypto.randomUUID); anything else is refused.
SENDER = re.compile(r"^web-[0-9a-f-]{8,64}$")


def history_of(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """User and bot messages of a tracker's events, in order (button payloads not shown as text)."""
    messages: list[dict[str, Any]] = []
    for event in events:
        if event.get("event") == "user":
            text = str(event.get("text") or "")
            messages.append({"from": "user", "text": "" if text.startswith("/") else text})
        elif event.get("event") == "bot":
            data = event.get("data") or {}
            messages.append(
                {
                    "from": "bot",
                    "text": event.get("text") or "",
                    "buttons": data.get("buttons") or [],
                }
            )
    return [m for m in messages if m["text"] or m.get("buttons")]


class WebChatInput(InputChannel):
    """Registered in credentials.yml as `bot.channels.webchat.WebChatInput`."""

    @classmethod
    def name(cls) -> str:
        """The URL segment: /webhooks/webchat/."""
        return "webchat"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Demo page, widget files, history."""
        web = Blueprint("webchat", __name__)

        @web.route("/", methods=["GET"], strict_slashes=False)
        async def page(_: Request) -> HTTPResponse:
            return await static_file("webchat", "index.html")

        @web.route(r"/<name:[a-z]+\.(?:js|css)>", methods=["GET"])
        async def asset(_: Request, name: str) -> HTTPResponse:
            return await static_file("webchat", name)

        @web.route("/history", methods=["GET"], name="history")
        async def history(request: Request) -> HTTPResponse:
            sender = request.args.get("sender", "")
            if not SENDER.match(sender):
                return response.json({"error": "bad sender id"}, status=400)
            store = request.app.ctx.agent.tracker_store
            tracker = await store.retrieve(sender)
            state = tracker.current_state(EventVerbosity.AFTER_RESTART) if tracker else {}
            events = state.get("events") or []
            return response.json({"messages": history_of(events)}, ensure_ascii=False)

        return web
