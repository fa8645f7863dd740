"""The production cluster: any server takes any turn; a server killed under load costs no turn."""

from __future__ import annotations

import json
import secrets
import time
from concurrent.futures import ThreadPoolExecutor

from bot.cluster import Cluster
from tests.prod.conftest import Client

CONVERSATION = [
    "我在泰国护照被偷了",
    "还有呢",
    "使馆能帮我付医药费吗",
    "我在曼谷",
    "那能帮我找律师吗",
    "谢谢",
]


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def test_a_conversation_continues_whichever_server_takes_each_turn(
    cluster: Cluster, client: Client
) -> None:
    user = "alternate-" + secrets.token_hex(4)
    one, two = cluster.ports.rasa
    first = client.say(user, "我在泰国护照被偷了", port=one)
    assert "报警191" in texts(first)
    more = client.say(user, "还有呢", port=two)
    buttons = [b["title"] for r in more for b in r.get("buttons", [])]
    assert "未满16周岁申请人因护照丢失需办理旅行证件" in buttons
    followup = client.say(user, "使馆能帮我付医药费吗", port=one)
    assert "在海外丢失护照" in texts(followup)  # the situation is known on the other server


def test_a_retried_message_is_answered_from_the_store_not_twice(
    cluster: Cluster, client: Client
) -> None:
    user = "retry-" + secrets.token_hex(4)
    one, two = cluster.ports.rasa
    first = client.say(user, "在迪拜被拘留了怎么办", message_id="m-1", port=one)
    again = client.say(user, "在迪拜被拘留了怎么办", message_id="m-1", port=two)
    assert [r["text"] for r in again] == [r["text"] for r in first]
    users = [e for e in client.tracker(user)["events"] if e["event"] == "user"]
    assert [e["message_id"] for e in users] == ["m-1"]


def test_killing_a_rasa_server_under_load_loses_no_turn_and_answers_none_twice(
    cluster: Cluster, client: Client
) -> None:
    users = [f"kill-{n}-{secrets.token_hex(3)}" for n in range(8)]
    sent: dict[str, list[str]] = {user: [] for user in users}
    failures: list[tuple[str, int, int]] = []

    def converse(user: str) -> None:
        for rounds in range(3):
            for number, text in enumerate(CONVERSATION):
                message_id = f"{user}-{rounds}-{number}"
                payload = {"sender": user, "message": text, "message_id": message_id}
                for attempt in range(6):  # as the web widget does: same id, back off
                    status, body = client.post(
                        "/webhooks/rest/webhook", json.dumps(payload).encode()
                    )
                    if status == 200 and json.loads(body):
                        break
                    time.sleep(0.5 * (attempt + 1))
                else:
                    failures.append((user, number, status))
                sent[user].append(message_id)

    with ThreadPoolExecutor(len(users)) as pool:
        running = [pool.submit(converse, user) for user in users]
        time.sleep(2)
        cluster.kill_rasa(0)  # mid-conversation, with turns in flight
        time.sleep(4)
        cluster.start_rasa(0, wait=False)  # it comes back while the load goes on
        for future in running:
            future.result()
    cluster.wait_rasa(0)

    assert not failures
    for user in users:
        events = client.tracker(user)["events"]
        said = [e["message_id"] for e in events if e["event"] == "user"]
        assert said == sent[user], user  # every turn once, in order
        kinds = [e["event"] for e in events if e["event"] in ("user", "bot")]
        answered = [kinds[i + 1] == "bot" for i, k in enumerate(kinds) if k == "user"]
        assert all(answered), user
