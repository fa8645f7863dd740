"""PostgreSQL restarting and Redis going down: the bot keeps answering, says so, loses nothing."""

from __future__ import annotations

import secrets
import signal
import time

from bot.channels.wechat_sim import message_xml, sign, text_message
from bot.cluster import Cluster
from tests.prod.conftest import WECHAT_TOKEN, Client


def logs(cluster: Cluster) -> str:
    return "".join(p.read_text("utf-8", "replace") for p in cluster.logs.glob("rasa-*.log"))


def wechat(client: Client, user: str, text: str, msg_id: int) -> tuple[int, str]:
    timestamp, nonce = str(int(time.time())), secrets.token_hex(6)
    query = f"?timestamp={timestamp}&nonce={nonce}&signature={sign(WECHAT_TOKEN, timestamp, nonce)}"
    body = message_xml(text_message(user, text, msg_id)).encode()
    status, reply = client.post("/webhooks/wechat/webhook" + query, body)
    return status, reply.decode("utf-8", "replace")


def test_postgres_restart_keeps_answering_and_loses_no_stored_conversation(
    cluster: Cluster, client: Client
) -> None:
    user = "pg-" + secrets.token_hex(4)
    client.say(user, "我在日本被车撞了", message_id="before")
    cluster.stop_postgres()
    try:
        during = client.say("pg-down-" + secrets.token_hex(4), "护照丢了怎么办")
        assert "补发" in "".join(r["text"] for r in during)  # answered while the database is down
    finally:
        cluster.start_postgres()
    assert "Error happened when trying to" in logs(cluster)  # Rasa says what failed and why
    client.say(user, "还有呢", message_id="after")
    said = [e["message_id"] for e in client.tracker(user)["events"] if e["event"] == "user"]
    assert said == ["before", "after"]  # stored before the restart, and stored again after


def test_redis_down_wechat_dedup_and_locks_fall_back_and_say_so(
    cluster: Cluster, client: Client
) -> None:
    user = "o" + secrets.token_hex(6)
    cluster.stop("redis", signal.SIGKILL)
    try:
        status, first = wechat(client, user, "我在泰国护照被偷了", 9001)
        assert status == 200 and "<Content>" in first
        status, retry = wechat(client, user, "我在泰国护照被偷了", 9001)  # WeChat's retry
        assert status == 200
        rest = client.say("redis-down-" + secrets.token_hex(4), "护照丢了怎么办")
        assert rest
    finally:
        cluster.start_redis()
    text = logs(cluster)
    assert "Redis unavailable for WeChat dedup" in text
    assert "Redis lock store unavailable" in text
    # Back to normal with Redis up again.
    status, after = wechat(client, user, "还有呢", 9002)
    assert status == 200 and "<Content>" in after
