"""The connector's pure parts: splitting, menu, stores, location, settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.channels.wechat_location import default_locator
from bot.channels.wechat_menu import MenuError, menu_key, payload_for_key, wechat_menu
from bot.channels.wechat_store import MemoryReplyCache, RedisReplyCache, SQLiteUserState
from bot.channels.wechat_text import LIMIT, render, split
from bot.settings import Settings, SettingsError


def test_short_text_is_one_unnumbered_part() -> None:
    assert split("护照丢了请先报警") == ["护照丢了请先报警"]


def test_long_text_is_cut_on_lines_into_numbered_parts_within_the_byte_limit() -> None:
    lines = [f"第{i}条：" + "携带证件前往使领馆" * 8 for i in range(60)]
    parts = split("\n".join(lines))
    assert len(parts) > 2
    assert all(len(p.encode("utf-8")) <= LIMIT for p in parts)
    assert [p.rsplit("\n", 1)[1] for p in parts] == [
        f"({n}/{len(parts)})" for n in range(1, len(parts) + 1)
    ]
    body = [line for p in parts for line in p.split("\n")[:-1]]
    assert body == lines  # nothing lost, nothing cut mid-line, order kept


def test_a_single_huge_line_is_cut_at_characters() -> None:
    parts = split("长" * 3000)
    assert all(len(p.encode("utf-8")) <= LIMIT for p in parts)
    assert "".join(p.rsplit("\n", 1)[0] for p in parts) == "长" * 3000


def test_buttons_render_as_numbered_lines() -> None:
    text, payloads = render(
        [{"text": "您是想问：", "buttons": [{"title": "A", "payload": "/a"}]}, {"text": "12308"}]
    )
    assert text.startswith("您是想问：\n1. A") and text.endswith("12308")
    assert payloads == ["/a"]


def test_menu_follows_wechat_limits_and_its_keys_lead_to_sections(guide) -> None:
    menu = wechat_menu()
    assert 1 <= len(menu["button"]) <= 3
    for group in menu["button"]:
        assert 1 <= len(group["sub_button"]) <= 5
        for entry in group["sub_button"]:
            payload = payload_for_key(entry["key"])
            assert payload is not None
            if payload.startswith("/guide"):
                assert json.loads(payload[len("/guide") :])["section"] in guide
    assert payload_for_key(menu_key("5.1.1")) == '/guide{"section": "5.1.1"}'
    assert payload_for_key("NOPE") is None


def test_a_menu_over_the_limits_is_refused(tmp_path: Path) -> None:
    text = Path("bot/data/replies.yml").read_text(encoding="utf-8")
    bad = text.replace('items: ["5.20.1", "5.16.2", "HANDOFF"]', 'items: ["5.20.1", "9.9"]')
    (tmp_path / "r.yml").write_text(bad, encoding="utf-8")
    with pytest.raises(MenuError, match="9.9"):
        wechat_menu(tmp_path / "r.yml")


def test_pending_parts_and_choices_survive_a_new_connection(tmp_path: Path) -> None:
    state = SQLiteUserState(tmp_path / "w.db")
    state.add_pending("u", ["一", "二"])
    state.set_choices("u", ["/a", "/b"])
    again = SQLiteUserState(tmp_path / "w.db")
    assert again.has_pending("u") and again.take_pending("u") == ["一", "二"]
    assert not again.has_pending("u") and again.take_pending("u") == []
    assert again.choices("u") == ["/a", "/b"] and again.choices("other") == []


def test_reply_cache_expires() -> None:
    cache = MemoryReplyCache(ttl=0.0)
    cache.put("k", "v")
    assert cache.get("k") is None
    cache = MemoryReplyCache(ttl=60)
    cache.put("k", "v")
    assert cache.get("k") == "v"


def test_redis_down_falls_back_to_memory_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    cache = RedisReplyCache("redis://127.0.0.1:1/0")  # nothing listens on port 1
    cache.put("msg-1", "答复")
    assert cache.get("msg-1") == "答复"
    assert "Redis unavailable" in caplog.text


@pytest.mark.parametrize(
    ("lat", "lon", "country"),
    [
        (13.75, 100.50, "泰国"),
        (35.68, 139.69, "日本"),
        (41.72, 44.79, "格鲁吉亚"),
        (0.0, -140.0, None),
    ],
)
def test_coordinates_to_country(lat: float, lon: float, country: str | None) -> None:
    assert default_locator().country(lat, lon) == country


def test_settings_from_the_environment() -> None:
    s = Settings.from_env({"WECHAT_TOKEN": "t", "WECHAT_MODE": "plain", "WECHAT_CS_API": "off"})
    assert s.wechat_token == "t" and s.wechat_cs_api is False and s.redis_url is None
    with pytest.raises(SettingsError, match="WECHAT_AES_KEY"):
        Settings.from_env({"WECHAT_MODE": "safe"})
    with pytest.raises(SettingsError, match="WECHAT_MODE"):
        Settings.from_env({"WECHAT_MODE": "secret"})
    with pytest.raises(SettingsError, match="43"):
        Settings.from_env({"WECHAT_MODE": "safe", "WECHAT_AES_KEY": "short"})
