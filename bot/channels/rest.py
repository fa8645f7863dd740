"""Rasa's REST channel, safe to retry: a message sent again with its `message_id` is not redone.

A retry is answered from the stored conversation instead of being processed twice.
Clients (the web widget, the load generator) retry when a server dies mid-turn or a proxy
answers 502; with a `message_id` a retry that reaches another server returns the stored answer
if the first server had finished the turn. Bad bodies get 400 with a reason, never 500.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.wechat_text import wechat_texts

logger = logging.getLogger(__name__)

MAX_TEXT = 10_000  # characters; longer messages are cut, not refused (people paste long stories)
MAX_ID = 128


class BadRequest(ValueError):
    """A body the channel cannot use, with the reason given to the client."""


def parse_body(body: bytes) -> tuple[str, str, str | None, dict[str, Any]]:
    """`sender`, `message`, `message_id` and `metadata` of a request body, or `BadRequest`."""
    try:
        payload = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest("the body is not JSON") from error
    if not isinstance(payload, dict):
        raise BadRequest('expected a JSON object {"sender": "…", "message": "…"}')
    sender, text = payload.get("sender", "default"), payload.get("message")
    message_id, metadata = payload.get("message_id"), payload.get("metadata") or {}
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_ID:
        raise BadRequest(f"sender must be a non-empty string of at most {MAX_ID} characters")
    if any(ord(ch) < 32 for ch in sender):
        raise BadRequest("sender may not contain control characters")
    if not isinstance(text, str):
        raise BadRequest("message must be a string")
    if message_id is not None and (not isinstance(message_id, str) or len(message_id) > MAX_ID):
        raise BadRequest(f"message_id must be a string of at most {MAX_ID} characters")
    if not isinstance(metadata, dict):
        raise BadRequest("metadata must be an object")
    return sender, text[:MAX_TEXT], message_id or None, metadata


def stored_answer(events: list[Any], sender: str, message_id: str) -> list[dict[str, Any]] | None:
    """The bot's messages that followed the user message `message_id`, if it was processed."""
    for index, event in enumerate(events):
        if isinstance(event, UserUttered) and event.message_id == message_id:
            answer = []
            for later in events[index + 1 :]:
                if isinstance(later, UserUttered):
                    break
                if isinstance(later, BotUttered):
                    extra = {k: v for k, v in (later.data or {}).items() if v}
                    answer.append({"recipient_id": sender, "text": later.text, **extra})
            return answer
    return None


class IdempotentRestInput(RestInput):
    """`POST /webhooks/rest/webhook {"sender", "message", "message_id"?, "metadata"?}`."""

    @classmethod
    def name(cls) -> str:
        """Same URL as Rasa's REST channel: /webhooks/rest/."""
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Health and webhook routes."""
        webhook = Blueprint("idempotent_rest", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                sender, text, message_id, metadata = parse_body(request.body)
            except BadRequest as error:
                return response.json({"error": str(error)}, status=400)
            if message_id is not None:
                tracker = await request.app.ctx.agent.tracker_store.retrieve(sender)
                answer = stored_answer(list(tracker.events) if tracker else [], sender, message_id)
                if answer is not None:
                    return response.json(answer)
            collector = CollectingOutputChannel()
            message = UserMessage(
                text,
                collector,
                sender,
                input_channel=self.name(),
                message_id=message_id,
                metadata=metadata,
            )
            try:
                await on_new_message(message)
            except Exception:  # a store or the action server down: say so, keep serving
                logger.exception("could not answer a REST message from %s", sender)
                # The same words WeChat users get when the bot cannot answer (replies.yml).
                return response.json({"error": wechat_texts()["error"]}, status=503)
            return response.json(collector.messages)

        return webhook
