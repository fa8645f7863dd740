"""Load generator for the REST and WeChat channels: open loop (Poisson) and closed loop (users).

Latency is measured from when a message was due, not when it was sent, so a server that falls
behind is not flattered by the generator waiting for it (no coordinated omission).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import secrets
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

import aiohttp

from bot.channels.wechat_sim import message_xml, sign, text_message


class Target(Protocol):
    """One channel's endpoint: `send` returns when the reply has arrived; raises on a bad one."""

    name: str

    async def send(self, session: aiohttp.ClientSession, user: str, text: str) -> None:
        """Send `text` as `user` and wait for the reply."""


class BadReply(Exception):
    """The server answered, but not with a reply."""


class _ServerDown(BadReply):
    """A 5xx from the server or a proxy in front of it: worth a retry."""


@dataclass
class RestTarget:
    """Rasa's REST channel: a reply is a list with at least one text message.

    Like the web widget, it retries a failed send (connection refused or reset, 5xx) with the
    same `message_id`, so a server dying mid-turn costs latency, not the turn (`retried` counts).
    """

    base_url: str
    name: str = "REST"
    retries: int = 0
    retried: int = 0

    async def send(self, session: aiohttp.ClientSession, user: str, text: str) -> None:
        """POST one message (retrying as configured); check the reply."""
        url = f"{self.base_url}/webhooks/rest/webhook"
        payload = {"sender": user, "message": text, "message_id": secrets.token_hex(8)}
        for attempt in range(self.retries + 1):
            try:
                async with session.post(url, json=payload) as response:
                    if response.status >= 500:
                        raise _ServerDown(f"HTTP {response.status}")
                    if response.status != 200:
                        raise BadReply(f"HTTP {response.status}")
                    messages = await response.json(content_type=None)
                    break
            except (aiohttp.ClientConnectionError, _ServerDown):
                if attempt == self.retries:
                    raise
                self.retried += 1
                await asyncio.sleep(0.2 * 2**attempt)
        if not any(isinstance(m, dict) and m.get("text") for m in messages):
            raise BadReply("no text in the reply")


@dataclass
class WeChatTarget:
    """The WeChat webhook in plain mode, signed as WeChat signs; counts slow-path acks."""

    base_url: str
    token: str
    name: str = "WeChat"
    acks: int = 0  # answered with "success" (the reply follows by the customer-service API)

    async def send(self, session: aiohttp.ClientSession, user: str, text: str) -> None:
        """POST one text message as WeChat would; check for a passive reply or an ack."""
        timestamp, nonce = str(int(time.time())), secrets.token_hex(8)
        query = {
            "timestamp": timestamp,
            "nonce": nonce,
            "signature": sign(self.token, timestamp, nonce),
            "openid": user,
        }
        body = message_xml(text_message(user, text))
        url = f"{self.base_url}/webhooks/wechat/webhook"
        async with session.post(url, params=query, data=body.encode("utf-8")) as response:
            reply = await response.text()
            if response.status != 200:
                raise BadReply(f"HTTP {response.status}")
            if reply == "success":
                self.acks += 1
            elif "<Content>" not in reply:
                raise BadReply("neither a reply nor an ack")


@dataclass
class Result:
    """Latencies of the answered messages and the errors, over one run."""

    label: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # milliseconds
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def sent(self) -> int:
        """Messages sent (answered or failed)."""
        return len(self.latencies) + sum(self.errors.values())

    def percentile(self, p: int) -> float:
        """The p-th percentile latency in milliseconds (nan when nothing was answered)."""
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1]

    def line(self) -> str:
        """One line for people: throughput, percentiles, errors."""
        rate = len(self.latencies) / self.seconds if self.seconds else 0.0
        errors = ", ".join(f"{k} ×{v}" for k, v in self.errors.most_common()) or "none"
        return (
            f"{self.label}: {self.sent} messages in {self.seconds:.0f} s, {rate:.1f} answered/s, "
            f"p50 {self.percentile(50):.0f} ms, p95 {self.percentile(95):.0f} ms, "
            f"p99 {self.percentile(99):.0f} ms, max {max(self.latencies, default=0):.0f} ms; "
            f"errors: {errors}"
        )

    def as_dict(self) -> dict[str, object]:
        """The figures as JSON-ready data."""
        return {
            "label": self.label,
            "seconds": round(self.seconds, 1),
            "sent": self.sent,
            "answered_per_second": round(len(self.latencies) / self.seconds, 2)
            if self.seconds
            else 0,
            "p50_ms": round(self.percentile(50), 1),
            "p95_ms": round(self.percentile(95), 1),
            "p99_ms": round(self.percentile(99), 1),
            "errors": dict(self.errors),
        }


async def _timed(
    target: Target, session: aiohttp.ClientSession, user: str, text: str, due: float, result: Result
) -> None:
    try:
        await target.send(session, user, text)
    except (aiohttp.ClientError, asyncio.TimeoutError, BadReply, json.JSONDecodeError) as error:
        result.errors[
            type(error).__name__ + (f": {error}" if isinstance(error, BadReply) else "")
        ] += 1
    else:
        result.latencies.append((time.perf_counter() - due) * 1000)


def _session(connections: int, timeout: float) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=connections),
        timeout=aiohttp.ClientTimeout(total=timeout),
    )


async def closed_loop(
    target: Target,
    texts: list[str],
    users: int,
    seconds: float,
    turns_per_conversation: int = 5,
    timeout: float = 30.0,
) -> Result:
    """`users` people each sending their next message as soon as the last is answered."""
    result = Result(f"{target.name} closed loop, {users} users")
    run = secrets.token_hex(4)
    stop_at = time.perf_counter() + seconds
    lines = itertools.cycle(texts)

    async def person(number: int, session: aiohttp.ClientSession) -> None:
        for turn in itertools.count():
            if time.perf_counter() >= stop_at:
                return
            user = f"load-{run}-{number}-{turn // turns_per_conversation}"
            await _timed(target, session, user, next(lines), time.perf_counter(), result)

    started = time.perf_counter()
    async with _session(users, timeout) as session:
        await asyncio.gather(*(person(n, session) for n in range(users)))
    result.seconds = time.perf_counter() - started
    return result


async def open_loop(
    target: Target,
    texts: list[str],
    rate: float,
    seconds: float,
    new_share: float = 0.3,
    seed: int = 7,
    timeout: float = 30.0,
) -> Result:
    """Messages arriving as a Poisson process of `rate` per second, whatever the server does.

    Each arrival starts a new conversation with probability `new_share`, otherwise continues an
    idle earlier one (a person waits for the answer before typing again).
    """
    result = Result(f"{target.name} open loop, {rate:g} msg/s")
    randomness = random.Random(seed)
    run = secrets.token_hex(4)
    idle: list[str] = []
    busy: set[str] = set()
    tasks: set[asyncio.Task[None]] = set()
    lines = itertools.cycle(texts)

    async def turn(user: str, due: float, session: aiohttp.ClientSession) -> None:
        await _timed(target, session, user, next(lines), due, result)
        busy.discard(user)
        idle.append(user)

    started = time.perf_counter()
    due = started
    async with _session(1000, timeout) as session:
        for number in itertools.count():
            due += randomness.expovariate(rate)
            if due - started >= seconds:
                break
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            if idle and randomness.random() >= new_share:
                user = idle.pop(randomness.randrange(len(idle)))
            else:
                user = f"load-{run}-{number}"
            busy.add(user)
            task = asyncio.create_task(turn(user, due, session))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        await asyncio.gather(*list(tasks))
    result.seconds = time.perf_counter() - started
    return result
