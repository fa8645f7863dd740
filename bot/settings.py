"""One settings object, read from the environment (no secrets in files)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

WECHAT_MODES = ("plain", "compatible", "safe")


class SettingsError(ValueError):
    """An environment variable has a value the bot cannot use."""


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "on", "yes"):
        return True
    if value.lower() in ("0", "false", "off", "no"):
        return False
    raise SettingsError(f"expected on/off, got {value!r}")


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with the embedded defaults `make run` uses."""

    wechat_token: str | None = None
    wechat_app_id: str | None = None
    wechat_app_secret: str | None = None
    wechat_aes_key: str | None = None
    wechat_mode: str = "plain"
    wechat_cs_api: bool = True
    wechat_api_base: str = "https://api.weixin.qq.com/cgi-bin/"
    wechat_reply_budget: float = 4.5  # seconds; WeChat gives up after 5
    redis_url: str | None = None
    state_dir: Path = Path("var")
    agent_token: str | None = None  # the hotline console's login token; no default
    feedback_db_url: str | None = None  # SQLAlchemy URL; default: SQLite under state_dir
    retention_days: float = 90.0  # conversations and feedback older than this are purged

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings from `env` (default: the process environment); see the README."""
        env = os.environ if env is None else env
        mode = env.get("WECHAT_MODE", "plain") or "plain"
        if mode not in WECHAT_MODES:
            raise SettingsError(f"WECHAT_MODE must be one of {', '.join(WECHAT_MODES)}")
        aes_key = env.get("WECHAT_AES_KEY") or None
        if mode != "plain" and not aes_key:
            raise SettingsError(f"WECHAT_MODE={mode} needs WECHAT_AES_KEY (43 characters)")
        if aes_key and len(aes_key) != 43:
            raise SettingsError("WECHAT_AES_KEY must be the 43-character EncodingAESKey")
        try:
            budget = float(env.get("WECHAT_REPLY_BUDGET", "4.5"))
        except ValueError as error:
            raise SettingsError("WECHAT_REPLY_BUDGET must be a number of seconds") from error
        try:
            retention = float(env.get("RETENTION_DAYS") or cls.retention_days)
        except ValueError as error:
            raise SettingsError("RETENTION_DAYS must be a number of days") from error
        if retention <= 0:
            raise SettingsError("RETENTION_DAYS must be more than 0")
        return cls(
            retention_days=retention,
            wechat_token=env.get("WECHAT_TOKEN") or None,
            wechat_app_id=env.get("WECHAT_APP_ID") or None,
            wechat_app_secret=env.get("WECHAT_APP_SECRET") or None,
            wechat_aes_key=aes_key,
            wechat_mode=mode,
            wechat_cs_api=_flag(env.get("WECHAT_CS_API"), True),
            wechat_api_base=env.get("WECHAT_API_BASE") or cls.wechat_api_base,
            wechat_reply_budget=budget,
            redis_url=env.get("REDIS_URL") or None,
            state_dir=Path(env.get("BOT_STATE_DIR") or "var"),
            agent_token=env.get("AGENT_TOKEN") or None,
            feedback_db_url=env.get("FEEDBACK_DB_URL") or None,
        )

    @property
    def feedback_url(self) -> str:
        """Where agents' feedback is stored: FEEDBACK_DB_URL, or SQLite in the state directory."""
        return self.feedback_db_url or f"sqlite:///{self.state_dir / 'feedback.db'}"
