"""WeChat Official Account connector: a Rasa input channel at /webhooks/wechat/webhook.

wechatpy does the protocol (signatures, AES, XML, replies, the customer-service API); this module
decides what to answer and when. WeChat waits 5 seconds for a reply and retries a message up to 3
times: a reply ready within the budget (4.5 s) goes back passively; otherwise the user gets an
acknowledgement at once and the answer follows through the customer-service API, or — when that API
is off or refuses — is kept as pending and delivered with the user's next message.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature

from bot.channels.wechat_api import CustomerService
from bot.channels.wechat_location import default_locator
from bot.channels.wechat_menu import payload_for_key
from bot.channels.wechat_store import (
    MemoryReplyCache,
    RedisReplyCache,
    RedisUserState,
    ReplyCache,
    SQLiteUserState,
    UserState,
)
from bot.channels.wechat_text import LIMIT, render, split, wechat_texts
from bot.settings import Settings
from bot.text import has_words

logger = logging.getLogger(__name__)

MAX_BODY = 64 * 1024
MAX_CLOCK_SKEW = 300  # seconds; older (or future) timestamps are replays
ENTITY_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
# Room kept in each part for the "more is waiting" notice.
NOTICE_ROOM = 160
# Messages that only ask for what is pending ("1", "继续"): not forwarded to the bot.
FETCH_WORDS = {"1", "继续", "更多", "more", "next", "好", "好的", "收到"}

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class BadRequest(Exception):
    """The request is not a well-formed WeChat message (HTTP 400)."""


class Forbidden(Exception):
    """The request is not signed by WeChat, or is a replay (HTTP 403)."""


@dataclass
class Incoming:
    """What a WeChat message asks of the bot."""

    user: str
    key: str  # dedup key: MsgId, or user + CreateTime for events
    text: str | None  # what goes to Rasa; None: answer with `fixed`
    fixed: str | None = None  # a reply that needs no Rasa (image, unknown event …)
    silent: bool = False  # nothing to answer (unsubscribe, location report events)


class WeChatInput(InputChannel):
    """The channel Rasa builds from credentials.yml (`bot.channels.wechat.WeChatInput:`)."""

    @classmethod
    def name(cls) -> str:
        """The URL segment: /webhooks/wechat/."""
        return "wechat"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Configuration comes from the environment (Settings), never from the file."""
        return cls(Settings.from_env())

    def __init__(
        self,
        settings: Settings,
        cache: ReplyCache | None = None,
        state: UserState | None = None,
        customer_service: CustomerService | None = None,
    ) -> None:
        """Stores and the customer-service client follow the settings unless given."""
        self.settings = settings
        self._texts = wechat_texts()
        if cache is None:
            cache = (
                RedisReplyCache(settings.redis_url) if settings.redis_url else MemoryReplyCache()
            )
        if state is None:
            local = SQLiteUserState(settings.state_dir / "wechat.db")
            state = RedisUserState(settings.redis_url, local) if settings.redis_url else local
        if customer_service is None and settings.wechat_cs_api and settings.wechat_app_secret:
            customer_service = CustomerService(
                str(settings.wechat_app_id),
                settings.wechat_app_secret,
                settings.wechat_api_base,
                settings.redis_url,
            )
        self._cache = cache
        self._state = state
        self._cs = customer_service if settings.wechat_cs_api else None
        self._crypto = (
            WeChatCrypto(settings.wechat_token, settings.wechat_aes_key, settings.wechat_app_id)
            if settings.wechat_aes_key and settings.wechat_token
            else None
        )
        self._in_flight: dict[str, asyncio.Future[str]] = {}
        self._background: set[asyncio.Task[Any]] = set()

    # ------------------------------------------------------------------ HTTP

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """GET verifies the URL; POST receives messages."""
        hook = Blueprint("wechat_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "configured": bool(self.settings.wechat_token)})

        @hook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            try:
                self._check_signature(request)
            except Forbidden as error:
                return response.text(str(error), status=403)
            return response.text(request.args.get("echostr", ""))

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                return await self._receive(request, on_new_message)
            except Forbidden as error:
                logger.warning("WeChat request refused: %s", error)
                return response.text(str(error), status=403)
            except BadRequest as error:
                logger.warning("Bad WeChat request: %s", error)
                return response.text(str(error), status=400)

        return hook

    def _check_signature(self, request: Request) -> None:
        token = self.settings.wechat_token
        if not token:
            raise Forbidden("WeChat is not configured (WECHAT_TOKEN)")
        args = request.args
        signature, timestamp, nonce = (args.get(k, "") for k in ("signature", "timestamp", "nonce"))
        try:
            check_signature(token, signature, timestamp, nonce)
        except InvalidSignatureException as error:
            raise Forbidden("wrong or missing signature") from error
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_CLOCK_SKEW:
            raise Forbidden("stale timestamp")

    async def _receive(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        if len(request.body or b"") > MAX_BODY:
            raise BadRequest("body over 64 KB")
        self._check_signature(request)
        body = request.body or b""
        if ENTITY_DECLARATION.search(body):
            raise BadRequest("XML with DOCTYPE or entity declarations")
        args = request.args
        encrypted = args.get("encrypt_type") == "aes"
        xml = self._decrypt(body, args) if encrypted else body
        if not encrypted and self.settings.wechat_mode == "safe":
            raise BadRequest("safe mode accepts encrypted messages only")
        try:
            message = parse_message(xml)
        except Exception as error:
            raise BadRequest(f"malformed XML: {error.__class__.__name__}") from error
        if message is None or not getattr(message, "source", None):
            raise BadRequest("not a WeChat message")
        reply = await self._reply_to(message, on_new_message)
        if reply is None:
            return response.text("success")
        xml_reply = TextReply(content=reply, message=message).render()
        if encrypted and self._crypto is not None:
            xml_reply = self._crypto.encrypt_message(xml_reply, args.get("nonce", ""))
        return response.text(xml_reply, content_type="application/xml")

    def _decrypt(self, body: bytes, args: Any) -> str:
        if self._crypto is None:
            raise BadRequest("encrypted message but no WECHAT_AES_KEY")
        try:
            return str(
                self._crypto.decrypt_message(
                    body, args.get("msg_signature", ""), args.get("timestamp"), args.get("nonce")
                )
            )
        except InvalidSignatureException as error:
            raise Forbidden("wrong msg_signature") from error
        except InvalidAppIdException as error:
            raise BadRequest("message for another AppId") from error
        except Exception as error:
            raise BadRequest(f"cannot decrypt: {error.__class__.__name__}") from error

    # ------------------------------------------------------------------ answering

    async def _reply_to(self, message: Any, on_new_message: OnNewMessage) -> str | None:
        incoming = self._understand(message)
        if incoming.silent:
            return None
        cached = self._cache.get(incoming.key)
        if cached is not None:
            return cached
        running = self._in_flight.get(incoming.key)
        if running is not None:  # a retry while the first delivery is still being prepared
            return await asyncio.shield(running)
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._in_flight[incoming.key] = future
        try:
            reply = await self._answer(incoming, on_new_message)
            self._cache.put(incoming.key, reply)
            future.set_result(reply)
            return reply
        except Exception:
            # The user still gets a polite answer and WeChat a 200: a retry would fail the same way.
            logger.exception("WeChat message from %s not answered", incoming.user)
            reply = self._texts["error"]
            future.set_result(reply)
            return reply
        finally:
            self._in_flight.pop(incoming.key, None)

    def _understand(self, message: Any) -> Incoming:
        user = str(message.source)
        key = str(message.id) if getattr(message, "id", None) else f"{user}:{message.create_time}"
        kind = message.type
        if kind == "text":
            return Incoming(user, key, str(message.content or ""))
        if kind == "voice":
            recognition = getattr(message, "recognition", None)
            if recognition:
                return Incoming(user, key, str(recognition))
            return Incoming(user, key, None, self._texts["voice_unrecognised"])
        if kind == "location":
            try:
                latitude, longitude = float(message.location_x), float(message.location_y)
            except (TypeError, ValueError):  # no or broken coordinates: ask for the country
                return Incoming(user, key, None, self._texts["location_unknown"])
            return self._located(user, key, latitude, longitude)
        if kind == "event":
            event = str(message.event).lower()
            if event == "subscribe":
                return Incoming(user, key, "/greet")
            if event == "click":
                payload = payload_for_key(str(message.key or ""))
                if payload:
                    return Incoming(user, key, payload)
                return Incoming(user, key, "/greet")
            return Incoming(user, key, None, silent=True)  # unsubscribe, location reports, views
        return Incoming(user, key, None, self._texts["text_only"])  # image, video, link, file …

    def _located(self, user: str, key: str, latitude: float, longitude: float) -> Incoming:
        try:
            country = default_locator().country(latitude, longitude)
        except Exception:
            logger.exception("location lookup failed")
            country = None
        if country is None:
            return Incoming(user, key, None, self._texts["location_unknown"])
        return Incoming(
            user, key, "/inform_country" + json.dumps({"country": country}, ensure_ascii=False)
        )

    async def _answer(self, incoming: Incoming, on_new_message: OnNewMessage) -> str:
        """The passive reply; the rest of the answer goes out later or waits as pending."""
        started = time.monotonic()
        user = incoming.user
        text = incoming.text
        waiting = self._state.take_pending(user)
        if text is not None and not has_words(text) and not text.startswith("/"):
            text = "/greet"  # empty or emoji-only: the menu
        if text is not None and waiting and text.strip().lower() in FETCH_WORDS:
            text = None  # "1" only asks for what was waiting
        if text is not None and text.strip().isdigit():
            choices = self._state.choices(user)
            number = int(text.strip())
            if 1 <= number <= len(choices):
                text = choices[number - 1]
        if text is None:
            new_parts = [incoming.fixed] if incoming.fixed else []
            return self._deliver(user, waiting + new_parts)
        task = asyncio.ensure_future(self._ask_rasa(user, text, on_new_message))
        budget = self.settings.wechat_reply_budget - (time.monotonic() - started)
        try:
            parts = await asyncio.wait_for(asyncio.shield(task), timeout=max(0.0, budget))
        except asyncio.TimeoutError:
            self._later(user, task)
            ack = self._texts["slow_cs"] if self._cs else self._texts["slow_pending"]
            return self._deliver(user, waiting + [ack])
        return self._deliver(user, waiting + parts)

    async def _ask_rasa(self, user: str, text: str, on_new_message: OnNewMessage) -> list[str]:
        collector = CollectingOutputChannel()
        await on_new_message(UserMessage(text, collector, user, input_channel=self.name()))
        body, payloads = render(collector.messages)
        self._state.set_choices(user, payloads)
        return split(body or self._texts["error"], LIMIT - NOTICE_ROOM)

    def _deliver(self, user: str, parts: list[str]) -> str:
        """First part now (passive reply); the others through the API, or pending."""
        first, rest = parts[0], parts[1:]
        if not rest:
            return first
        if self._cs is None:
            self._state.add_pending(user, rest)
            return first + "\n" + self._texts["more_pending"].format(count=len(rest))
        self._spawn(self._send_or_keep(user, rest))
        return first

    def _later(self, user: str, task: asyncio.Future[list[str]]) -> None:
        async def deliver() -> None:
            try:
                parts = await task
            except Exception:
                logger.exception("slow WeChat answer for %s failed", user)
                parts = [self._texts["error"]]
            if self._cs is None:
                self._state.add_pending(user, parts)
            else:
                await self._send_or_keep(user, parts)

        self._spawn(deliver())

    async def _send_or_keep(self, user: str, parts: list[str]) -> None:
        assert self._cs is not None
        undelivered = await self._cs.send(user, parts)
        if undelivered:
            logger.info("keeping %d part(s) pending for %s", len(undelivered), user)
            self._state.add_pending(user, undelivered)

    def _spawn(self, coroutine: Awaitable[None]) -> None:
        task = asyncio.ensure_future(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def drain(self) -> None:
        """Wait for background deliveries (tests, shutdown)."""
        while self._background:
            await asyncio.gather(*list(self._background), return_exceptions=True)
