"""A WeChat webhook under test: fake bot, fake WeChat API, the real channel and wechatpy."""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from rasa.core.channels.channel import UserMessage
from sanic import Sanic
from sanic_testing.reusable import ReusableClient

from bot.channels.wechat import WeChatInput
from bot.channels.wechat_sim import Account, SignedRequest, reply_content, signed_request
from bot.channels.wechat_sim import text_message as text_fields
from bot.channels.wechat_store import MemoryReplyCache, SQLiteUserState
from bot.settings import Settings
from tests.servers import free_port

TOKEN = "test-token"
APP_ID = "wx1234567890abcdef"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
ACCOUNT = Account(TOKEN, APP_ID, AES_KEY)
_names = itertools.count()


@dataclass
class FakeBot:
    """Stands in for Rasa: answers "答：<text>", optionally slowly or at length."""

    delay: float = 0.0
    reply: str | None = None
    buttons: list[dict[str, str]] = field(default_factory=list)
    turns: list[tuple[str, str]] = field(default_factory=list)

    async def __call__(self, message: UserMessage) -> None:
        self.turns.append((message.sender_id, message.text))
        if self.delay:
            await asyncio.sleep(self.delay)
        text = self.reply if self.reply is not None else f"答：{message.text}"
        data: dict[str, Any] = {"text": text}
        if self.buttons:
            data["buttons"] = self.buttons
        await message.output_channel.send_response(message.sender_id, data)


class FakeWeChatApi:
    """WeChat's token and customer-service endpoints on a local port."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.token_fetches = 0
        self.posts = 0
        self.errcode = 0
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, payload: dict[str, Any]) -> None:
                body = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                api.token_fetches += 1
                self._json({"access_token": "ACCESS", "expires_in": 7200})

            def do_POST(self) -> None:
                api.posts += 1
                length = int(self.headers.get("Content-Length", 0))
                payload = json.loads(self.rfile.read(length))
                if api.errcode:
                    self._json({"errcode": api.errcode, "errmsg": "refused"})
                    return
                api.sent.append(payload)
                self._json({"errcode": 0, "errmsg": "ok"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cgi-bin/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def texts_to(self, user: str) -> list[str]:
        return [m["text"]["content"] for m in self.sent if m["touser"] == user]


@pytest.fixture()
def wechat_api() -> Iterator[FakeWeChatApi]:
    api = FakeWeChatApi()
    yield api
    api.server.shutdown()


class Webhook:
    """The channel on a Sanic app, driven like WeChat drives it."""

    path = "/webhooks/wechat/webhook"

    def __init__(self, settings: Settings, bot: FakeBot, state_dir: Path) -> None:
        self.settings = settings
        self.bot = bot
        self.state_dir = state_dir
        self.channel = self._channel()
        self.client = self._client()

    def _channel(self) -> WeChatInput:
        return WeChatInput(
            self.settings,
            cache=MemoryReplyCache(),
            state=SQLiteUserState(self.state_dir / "wechat.db"),
        )

    def _client(self) -> ReusableClient:
        app = Sanic(f"wechat_test_{next(_names)}")
        app.blueprint(self.channel.blueprint(self.bot), url_prefix="/webhooks/wechat")
        client = ReusableClient(app, port=free_port())
        client.run()
        return client

    def restart(self) -> None:
        """A new process: fresh channel and caches, the same state directory."""
        self.client.stop()
        self.channel = self._channel()
        self.client = self._client()

    def post(self, request: SignedRequest, query: dict[str, str] | None = None) -> Any:
        _, response = self.client.post(
            self.path, params=query or request.query, content=request.body
        )
        return response

    def say(self, fields: dict[str, object], safe: bool = False) -> str:
        response = self.post(signed_request(ACCOUNT, fields, safe=safe))
        assert response.status == 200, response.text
        return reply_content(ACCOUNT, response.body, safe)

    def text(self, user: str, text: str, safe: bool = False, msg_id: int | None = None) -> str:
        return self.say(text_fields(user, text, msg_id), safe=safe)

    def drain(self) -> None:
        """Let background deliveries finish (the loop only runs during requests otherwise)."""
        self.client._run(self.channel.drain())


@pytest.fixture()
def make_webhook(tmp_path: Path, wechat_api: FakeWeChatApi) -> Iterator[Any]:
    made: list[Webhook] = []

    def make(bot: FakeBot | None = None, **overrides: Any) -> Webhook:
        values: dict[str, Any] = {
            "wechat_token": TOKEN,
            "wechat_app_id": APP_ID,
            "wechat_app_secret": "secret",
            "wechat_aes_key": AES_KEY,
            "wechat_mode": "compatible",
            "wechat_api_base": wechat_api.url,
            "state_dir": tmp_path,
            **overrides,
        }
        hook = Webhook(Settings(**values), bot or FakeBot(), tmp_path)
        made.append(hook)
        return hook

    yield make
    for hook in made:
        hook.client.stop()
