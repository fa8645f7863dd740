"""The load generator: latencies from when a message was due, retries with the same id, errors."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiohttp import web

from bot import loadgen

TEXTS = ["护照丢了", "还有呢"]


async def serve(handler: Any) -> tuple[web.AppRunner, str]:
    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


def test_closed_loop_counts_answers_and_keeps_each_user_sequential() -> None:
    in_flight: dict[str, int] = {}
    overlaps = []

    async def handler(request: web.Request) -> web.Response:
        body = await request.json()
        in_flight[body["sender"]] = in_flight.get(body["sender"], 0) + 1
        overlaps.append(in_flight[body["sender"]] > 1)
        await asyncio.sleep(0.01)
        in_flight[body["sender"]] -= 1
        return web.json_response([{"text": "好的"}])

    async def run() -> loadgen.Result:
        runner, base = await serve(handler)
        try:
            return await loadgen.closed_loop(loadgen.RestTarget(base), TEXTS, 4, 0.5)
        finally:
            await runner.cleanup()

    result = asyncio.run(run())
    assert result.sent == len(result.latencies) > 20 and not result.errors
    assert not any(overlaps)
    assert 10 <= result.percentile(50) < 200


def test_open_loop_sends_at_the_rate_and_counts_bad_replies_as_errors() -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response([])  # an answer without text is a failure

    async def run() -> loadgen.Result:
        runner, base = await serve(handler)
        try:
            return await loadgen.open_loop(loadgen.RestTarget(base), TEXTS, 40, 1.0)
        finally:
            await runner.cleanup()

    result = asyncio.run(run())
    assert 20 <= result.sent <= 70
    assert result.errors and not result.latencies


@pytest.mark.parametrize("failures", [1, 3])
def test_rest_target_resends_with_the_same_message_id(failures: int) -> None:
    seen: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append((await request.json())["message_id"])
        if len(seen) <= failures:
            return web.Response(status=502)
        return web.json_response([{"text": "好的"}])

    async def run() -> loadgen.Result:
        runner, base = await serve(handler)
        target = loadgen.RestTarget(base, retries=2)
        try:
            result = loadgen.Result("one")
            async with loadgen._session(1, 5) as session:
                await loadgen._timed(target, session, "u", "护照丢了", 0.0, result)
            return result
        finally:
            await runner.cleanup()

    result = asyncio.run(run())
    assert len(set(seen)) == 1
    if failures <= 2:
        assert len(seen) == failures + 1 and result.latencies and not result.errors
    else:
        assert len(seen) == 3 and result.errors
