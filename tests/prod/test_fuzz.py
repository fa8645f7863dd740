"""Fuzzing the public endpoints through nginx: random bytes, broken JSON and XML, huge bodies,
unicode edge cases. Never a 5xx, and the servers keep answering afterwards.
"""

from __future__ import annotations

import json
import secrets
import time
import urllib.parse

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels.wechat_sim import message_xml, sign
from bot.cluster import Cluster
from tests.prod.conftest import WECHAT_TOKEN, Client

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
EDGE_TEXT = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        ["", " ", "\u200b", "🆘🆘", "\u202e护照丢了", "\x00", "A" * 70_000, "护" * 6000]
    ),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | EDGE_TEXT,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
REST_BODIES = st.one_of(
    st.binary(max_size=2000),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries(
        {"sender": EDGE_TEXT, "message": EDGE_TEXT},
        optional={"message_id": JSON_VALUES, "metadata": JSON_VALUES},
    ).map(lambda v: json.dumps(v, ensure_ascii=False).encode()),
)
XML_BODIES = st.one_of(
    st.binary(max_size=2000),
    st.fixed_dictionaries(
        {
            "ToUserName": EDGE_TEXT,
            "FromUserName": EDGE_TEXT,
            "CreateTime": st.integers(-(2**70), 2**70),
            "MsgType": st.sampled_from(["text", "voice", "event", "image", "location", "", "x"]),
            "Content": EDGE_TEXT,
            "MsgId": st.integers(-(2**70), 2**70),
        }
    ).map(lambda fields: message_xml(fields).encode()),
    st.text(max_size=500).map(lambda t: f"<xml><MsgType>text</MsgType>{t}</xml>".encode()),
)


def signed_query() -> str:
    timestamp, nonce = str(int(time.time())), secrets.token_hex(6)
    return "?" + urllib.parse.urlencode(
        {"timestamp": timestamp, "nonce": nonce, "signature": sign(WECHAT_TOKEN, timestamp, nonce)}
    )


@FUZZ
@given(body=REST_BODIES)
def test_rest_channel_never_fails_on_any_body(client: Client, body: bytes) -> None:
    status, _ = client.post("/webhooks/rest/webhook", body)
    assert status < 500, body[:200]


@FUZZ
@given(body=XML_BODIES, signed=st.booleans())
def test_wechat_webhook_never_fails_on_any_body(client: Client, body: bytes, signed: bool) -> None:
    query = signed_query() if signed else "?timestamp=1&nonce=2&signature=forged"
    status, _ = client.post("/webhooks/wechat/webhook" + query, body)
    assert status < 500, body[:120]
    if not signed:
        assert status in (400, 403)  # too big or malformed is refused before the signature


@FUZZ
@given(
    body=REST_BODIES,
    path=st.sampled_from(["/webhooks/agent/suggest", "/webhooks/agent/feedback"]),
    token=st.booleans(),
)
def test_agent_console_never_fails_on_any_body(
    cluster: Cluster, client: Client, body: bytes, path: str, token: bool
) -> None:
    status, _ = client.post(
        path, body, headers={"Authorization": f"Bearer {cluster.agent_token}"} if token else {}
    )
    assert status < 500, body[:200]
    if not token:
        assert status == 401


def test_huge_bodies_are_refused_and_the_servers_carry_on(client: Client) -> None:
    for path in ("/webhooks/rest/webhook", "/webhooks/wechat/webhook" + signed_query()):
        status, _ = client.post(path, b"x" * (3 * 1024 * 1024))
        assert status == 413  # nginx stops it before a Rasa server
        status, _ = client.post(path, b"<xml>" + "护".encode() * 300_000 + b"</xml>")
        assert 400 <= status < 500
    assert client.say("after-fuzz-" + secrets.token_hex(3), "护照丢了怎么办")
