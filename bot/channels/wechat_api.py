"""WeChat's customer-service message API (the slow path), through wechatpy's client.

The access token is fetched once and cached until it expires (wechatpy's session storage:
Redis when configured, so every server shares it). Errors are logged and retried with backoff;
refusals that retrying cannot fix (outside the 48-hour window, message cap) are reported at once
so the caller keeps the reply as pending.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.session.memorystorage import MemoryStorage

logger = logging.getLogger(__name__)

# 45015: the user has not written in the last 48 hours; 45047: too many messages to this user;
# 48001: the account has no customer-service API; 45009: daily API quota reached.
REFUSALS = {45015, 45047, 48001, 45009}


class _Client(WeChatClient):
    """wechatpy's client with the token URL under the configurable API base (tests, proxies)."""

    def fetch_access_token(self) -> Any:
        """Fetch a token from `{API_BASE_URL}token`."""
        return self._fetch_access_token(
            url=f"{self.API_BASE_URL}token",
            params={"grant_type": "client_credential", "appid": self.appid, "secret": self.secret},
        )


class CustomerService:
    """Sends text messages to a user outside the passive reply."""

    def __init__(
        self,
        app_id: str,
        app_secret: str,
        api_base: str,
        redis_url: str | None = None,
        attempts: int = 3,
        backoff: float = 0.5,
    ) -> None:
        """A client whose token cache is Redis (`redis_url`) or this process."""
        session: Any = MemoryStorage()
        if redis_url:
            import redis
            from wechatpy.session.redisstorage import RedisStorage

            session = RedisStorage(redis.Redis.from_url(redis_url), prefix="wechatpy")
        self._client = _Client(app_id, app_secret, session=session, timeout=3)
        self._client.API_BASE_URL = api_base if api_base.endswith("/") else api_base + "/"
        self._attempts = attempts
        self._backoff = backoff

    async def send(self, user: str, parts: list[str]) -> list[str]:
        """Send `parts` in order; returns the parts that could not be delivered."""
        for index, part in enumerate(parts):
            if not await self._send_one(user, part):
                return parts[index:]
        return []

    async def _send_one(self, user: str, text: str) -> bool:
        loop = asyncio.get_running_loop()
        for attempt in range(1, self._attempts + 1):
            try:
                await loop.run_in_executor(None, self._client.message.send_text, user, text)
                return True
            except WeChatClientException as error:
                if error.errcode in REFUSALS:
                    logger.warning("WeChat refused a message to %s: %s", user, error)
                    return False
                logger.warning("WeChat API error (attempt %d): %s", attempt, error)
            except Exception as error:  # network errors, timeouts, bad JSON: retry
                logger.warning("WeChat API unreachable (attempt %d): %s", attempt, error)
            if attempt < self._attempts:
                await asyncio.sleep(self._backoff * 2 ** (attempt - 1))
        return False
