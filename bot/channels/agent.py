"""The 12308 agents' suggestion console: /webhooks/agent/ (page) and its JSON API.

`POST /webhooks/agent/suggest` with `{"text": "..."}` and `Authorization: Bearer <AGENT_TOKEN>`
returns the `python -m bot suggest --json` object; `GET card/<section>` the answer card to read
out; `POST feedback` stores the agent's verdict. Without AGENT_TOKEN every API call is refused.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.web import static_file
from bot.dialogue import default_composer
from bot.feedback import Feedback, FeedbackError, FeedbackStore
from bot.guide import default_guide
from bot.local_numbers import default_numbers
from bot.settings import Settings
from bot.suggest import Suggester, cleaned

logger = logging.getLogger(__name__)
MAX_BODY = 64 * 1024

Parse = Callable[[str], Awaitable[dict[str, Any]]]


def rasa_parse(request: Request) -> Parse:
    """NLU of the model the Rasa server has loaded."""

    async def parse(text: str) -> dict[str, Any]:
        return dict(await request.app.ctx.agent.parse_message(text))

    return parse


class AgentConsoleInput(InputChannel):
    """Registered in credentials.yml as `bot.channels.agent.AgentConsoleInput`."""

    @classmethod
    def name(cls) -> str:
        """The URL segment: /webhooks/agent/."""
        return "agent"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Configuration comes from the environment (AGENT_TOKEN, FEEDBACK_DB_URL)."""
        return cls(Settings.from_env())

    def __init__(self, settings: Settings, parse: Callable[[Request], Parse] = rasa_parse) -> None:
        """`parse` gives the NLU for a request (the Rasa server's model by default)."""
        self.settings = settings
        self._parse = parse

    @cached_property
    def feedback(self) -> FeedbackStore:
        """The feedback table, connected on first use."""
        return FeedbackStore(self.settings.feedback_url)

    @cached_property
    def suggester(self) -> Suggester:
        """Suggestion objects; parsing is done per request (async)."""

        def no_sync_parse(_: str) -> dict[str, Any]:
            raise RuntimeError("use from_parse")

        return Suggester(no_sync_parse, default_guide(), default_composer())

    def _authorised(self, request: Request) -> bool:
        token = self.settings.agent_token
        header = request.headers.get("authorization", "")
        given = header[len("Bearer ") :] if header.startswith("Bearer ") else ""
        return bool(token) and hmac.compare_digest(given.encode(), str(token).encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The console page and its API."""
        console = Blueprint("agent_console", __name__)

        @console.route("/", methods=["GET"], strict_slashes=False)
        async def page(_: Request) -> HTTPResponse:
            return await static_file("agent", "index.html")

        @console.route("/static/<name>", methods=["GET"])
        async def asset(_: Request, name: str) -> HTTPResponse:
            return await static_file("agent", name)

        @console.route("/suggest", methods=["POST"])
        async def suggest(request: Request) -> HTTPResponse:
            refusal = self._refusal(request)
            if refusal:
                return refusal
            text = str(request.json.get("text") or "")
            clean = cleaned(text)
            parse = await self._parse(request)(clean) if clean else {}
            return response.json(self.suggester.from_parse(text, parse), ensure_ascii=False)

        @console.route("/card/<section>", methods=["GET"])
        async def card(request: Request, section: str) -> HTTPResponse:
            refusal = self._refusal(request, body=False)
            if refusal:
                return refusal
            guide = default_guide()
            if section not in guide:
                return response.json({"error": f"no section {section}"}, status=404)
            country = request.args.get("country") or None
            replies = default_composer().section_replies(guide[section], country)
            numbers = default_numbers().get(country)
            return response.json(
                {
                    "section": section,
                    "title": guide[section].title,
                    "text": "\n\n".join(r.text for r in replies),
                    "local_numbers": numbers.line() if numbers else None,
                },
                ensure_ascii=False,
            )

        @console.route("/sections", methods=["GET"])
        async def sections(request: Request) -> HTTPResponse:
            refusal = self._refusal(request, body=False)
            if refusal:
                return refusal
            guide = default_guide()
            listed = [{"section": sid, "title": guide[sid].title} for sid in guide.ids]
            return response.json(listed, ensure_ascii=False)

        @console.route("/feedback", methods=["POST"])
        async def feedback(request: Request) -> HTTPResponse:
            refusal = self._refusal(request)
            if refusal:
                return refusal
            body = request.json
            guide = default_guide()
            chosen = body.get("chosen") or None
            suggested = body.get("suggested") or None
            if any(s is not None and s not in guide for s in (chosen, suggested)):
                return response.json({"error": "unknown section"}, status=400)
            try:
                self.feedback.add(
                    Feedback(str(body.get("text") or ""), suggested, chosen, str(body.get("kind")))
                )
            except FeedbackError as error:
                return response.json({"error": str(error)}, status=400)
            return response.json({"stored": True})

        return console

    def _refusal(self, request: Request, body: bool = True) -> HTTPResponse | None:
        if not self.settings.agent_token:
            return response.json({"error": "AGENT_TOKEN is not set"}, status=503)
        if not self._authorised(request):
            return response.json({"error": "wrong or missing token"}, status=401)
        if body:
            if len(request.body or b"") > MAX_BODY:
                return response.json({"error": "body over 64 KB"}, status=400)
            try:
                data = request.json
            except Exception:
                data = None
            if not isinstance(data, dict):
                return response.json({"error": "expected a JSON object"}, status=400)
        return None
