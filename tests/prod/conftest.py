"""One local production cluster (bot/cluster.py) for the reliability tests, on free ports."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.cluster import Cluster, Ports
from tests.servers import ROOT, free_port

WECHAT_TOKEN = "prod-test-" + secrets.token_hex(8)


class Client:
    """HTTP calls to the cluster (through nginx unless a port is given)."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster

    def url(self, path: str, port: int | None = None) -> str:
        return f"http://127.0.0.1:{port or self.cluster.ports.nginx}{path}"

    def post(
        self,
        path: str,
        body: bytes,
        port: int | None = None,
        timeout: float = 30,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        request = urllib.request.Request(self.url(path, port), body, method="POST")
        request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return int(response.status), response.read()
        except urllib.error.HTTPError as error:
            return int(error.code), error.read()
        except (OSError, urllib.error.URLError) as error:  # refused, reset, timed out
            return 599, str(error).encode()  # no HTTP answer at all: counts as a failure

    def say(
        self, sender: str, text: str, message_id: str | None = None, port: int | None = None
    ) -> list[dict[str, Any]]:
        payload = {"sender": sender, "message": text, "message_id": message_id}
        status, body = self.post("/webhooks/rest/webhook", json.dumps(payload).encode(), port)
        assert status == 200, (status, body[:300])
        return list(json.loads(body))

    def tracker(self, sender: str) -> dict[str, Any]:
        url = self.url(f"/conversations/{sender}/tracker?token={self.cluster.api_token}")
        with urllib.request.urlopen(url, timeout=30) as response:
            return dict(json.loads(response.read()))


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    assert (ROOT / "models").is_dir(), "no trained model: run `make train` first"
    # Not under pytest's own temporary directory: that one is private to root, and PostgreSQL
    # runs as the postgres user.
    state = Path(tempfile.mkdtemp(prefix="bot-cluster-"))
    ports = Ports(
        nginx=free_port(),
        rasa=(free_port(), free_port()),
        actions=free_port(),
        postgres=free_port(),
        redis=free_port(),
    )
    env = {
        **os.environ,
        "WECHAT_TOKEN": WECHAT_TOKEN,
        "WECHAT_APP_ID": "wxprodtest",
        "WECHAT_MODE": "plain",
        "WECHAT_CS_API": "off",
        "RASA_TOKEN": "-" + secrets.token_urlsafe(12),  # a leading "-" must not break the servers
    }
    running = Cluster(state=state, ports=ports, env=env)
    running.start()
    yield running
    running.shutdown()
    if not os.environ.get("KEEP_CLUSTER_STATE"):  # set it to read the logs after a failure
        shutil.rmtree(state, ignore_errors=True)


@pytest.fixture()
def client(cluster: Cluster) -> Client:
    return Client(cluster)
