"""Run `scripts/run` (what `make run` starts) on free ports for tests that need real servers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

from bot.cluster import free_port, port_open

__all__ = ["ROOT", "Servers", "free_port", "port_open", "post"]

ROOT = Path(__file__).resolve().parents[1]


def post(url: str, payload: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        url, json.dumps(payload).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


class Servers:
    """Starts and stops `scripts/run` on free ports with its own tracker database."""

    def __init__(self, workdir: Path, **env: str) -> None:
        self.rasa_port, self.actions_port = free_port(), free_port()
        self.workdir = workdir
        endpoints = workdir / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.actions_port}/webhook"\n'
            "  enable_selective_domain: true\n"
            "tracker_store:\n  type: bot.stores.MaskingSQLTrackerStore\n"
            f'  dialect: "sqlite"\n  db: "{workdir / "rasa.db"}"\n',
            encoding="utf-8",
        )
        self.env = {
            **os.environ,
            "RASA_PORT": str(self.rasa_port),
            "ACTIONS_PORT": str(self.actions_port),
            "ENDPOINTS": str(endpoints),
            "LOG_DIR": str(workdir / "log"),
            "RASA_TELEMETRY_ENABLED": "false",
            "BOT_STATE_DIR": str(workdir),
            **env,
        }
        if "AGENT_TOKEN" not in env:
            self.env.pop("AGENT_TOKEN", None)
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> str:
        self.process = subprocess.Popen(
            [str(ROOT / "scripts" / "run")],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        assert self.process.stdout is not None
        lines = []
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line and self.process.poll() is not None:
                break
            lines.append(line)
            if line.startswith("Press Ctrl-C"):
                return "".join(lines)
        raise AssertionError("servers did not come up:\n" + "".join(lines))

    def say(self, sender: str, text: str) -> list[dict[str, Any]]:
        url = f"http://localhost:{self.rasa_port}/webhooks/rest/webhook"
        return list(post(url, {"sender": sender, "message": text}))

    def interrupt(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=60)

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
