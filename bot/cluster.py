"""`make run-cluster`: the production layout of docker-compose.yml, on this machine.

PostgreSQL, Redis and nginx from Debian's packages, one action server and two Rasa servers
behind nginx.
Everything lives under one state directory (default var/cluster): data, logs, generated
configuration and the cluster's random database password. The reliability tests drive the same
class (kill a Rasa server, restart PostgreSQL, stop Redis).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NGINX_TEMPLATE = ROOT / "deploy" / "nginx" / "bot.conf.template"
ENDPOINTS = ROOT / "deploy" / "endpoints.yml"


class ClusterError(RuntimeError):
    """A part of the cluster is missing or did not come up."""


@dataclass(frozen=True)
class Ports:
    """Where each part listens (loopback only)."""

    nginx: int = 5005
    rasa: tuple[int, int] = (5011, 5012)
    actions: int = 5055
    postgres: int = 5433
    redis: int = 6380


def render_nginx(template: str, values: Mapping[str, str]) -> str:
    """The template with `${NAME}` filled for the given names only (nginx's `$vars` stay)."""

    def fill(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    return re.sub(r"\$\{([A-Z0-9_]+)\}", fill, template)


def postgres_bindir() -> Path:
    """The newest installed PostgreSQL's programs (Debian: /usr/lib/postgresql/<version>/bin)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise ClusterError("PostgreSQL is not installed: `make cluster-services` installs it")
    return found[-1].parent


def _need(program: str) -> str:
    path = shutil.which(program) or shutil.which(program, path="/usr/sbin:/usr/bin")
    if not path:
        raise ClusterError(f"{program} is not installed: `make cluster-services` installs it")
    return path


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:`port`."""
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for(url: str, process: subprocess.Popen[bytes] | None, seconds: float = 240) -> None:
    """Poll `url` until it answers 200; fail early if `process` exits."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process is not None and process.poll() is not None:
            raise ClusterError(f"exited with status {process.returncode} before {url} answered")
        time.sleep(0.5)
    raise ClusterError(f"{url} did not answer within {seconds:.0f} s")


@dataclass
class Cluster:
    """The local production cluster; `start()`, `stop()` and the fault injections the tests use."""

    state: Path = ROOT / "var" / "cluster"
    ports: Ports = field(default_factory=Ports)
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    _draining: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        # PostgreSQL resolves relative paths from its data directory, not from here.
        self.state = Path(self.state).resolve()

    # -- configuration ---------------------------------------------------------------------
    @property
    def logs(self) -> Path:
        """Where every part writes its log."""
        return self.state / "log"

    def _secret(self, name: str) -> str:
        """A random secret kept in the state directory (so a restart keeps the same one)."""
        path = self.state / "secrets" / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.parent.chmod(0o700)
            path.write_text(secrets.token_urlsafe(24))
            path.chmod(0o600)
        return path.read_text().strip()

    @property
    def db_password(self) -> str:
        """The PostgreSQL password of user `bot` (random, kept in the state directory)."""
        return self._secret("postgres-password")

    @property
    def api_token(self) -> str:
        """Rasa's HTTP API token: RASA_TOKEN, or the cluster's own random one."""
        return self.env.get("RASA_TOKEN") or self._secret("rasa-token")

    @property
    def agent_token(self) -> str:
        """The agents' console token: AGENT_TOKEN, or the cluster's own random one."""
        return self.env.get("AGENT_TOKEN") or self._secret("agent-token")

    def server_env(self, index: int | None = None) -> dict[str, str]:
        """The environment of Rasa server `index` or the action server (deploy/endpoints.yml).

        Each server has its own state directory: what it keeps there (WeChat state while Redis
        is down) is its own by design, and SQLite files are not shared between processes.
        """
        db = f"bot:{self.db_password}@127.0.0.1:{self.ports.postgres}/rasa"
        return {
            **self.env,
            "RASA_TELEMETRY_ENABLED": "false",
            "ACTION_SERVER_URL": f"http://127.0.0.1:{self.ports.actions}/webhook",
            "TRACKER_DB_HOST": "127.0.0.1",
            "TRACKER_DB_PORT": str(self.ports.postgres),
            "TRACKER_DB_NAME": "rasa",
            "TRACKER_DB_USER": "bot",
            "TRACKER_DB_PASSWORD": self.db_password,
            "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": str(self.ports.redis),
            "REDIS_LOCK_DB": "1",
            "REDIS_PASSWORD": "",
            # A turn takes well under a second; a lock left by a server that died mid-turn must
            # not hold that user's next turn for Rasa's default 60 s.
            "TICKET_LOCK_LIFETIME": "10",
            "REDIS_URL": f"redis://127.0.0.1:{self.ports.redis}/2",
            "FEEDBACK_DB_URL": f"postgresql://{db}",
            "AGENT_TOKEN": self.agent_token,
            "BOT_STATE_DIR": str(
                self.state / ("actions" if index is None else f"rasa-{index + 1}")
            ),
        }

    # -- PostgreSQL ------------------------------------------------------------------------
    def _as_postgres(self) -> list[str]:
        return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _pg(self, *args: str | Path) -> None:
        done = subprocess.run(
            [*self._as_postgres(), *map(str, args)], capture_output=True, text=True
        )
        if done.returncode != 0:
            raise ClusterError(f"{Path(args[0]).name} failed: {done.stderr or done.stdout}")

    def _pg_paths(self) -> tuple[Path, Path]:
        return self.state / "postgres", self.state / "postgres" / "data"

    def start_postgres(self) -> None:
        """Create the database cluster on first use, then start it (pg_ctl, in the background)."""
        bindir = postgres_bindir()
        home, data = self._pg_paths()
        if not (data / "PG_VERSION").exists():
            home.mkdir(parents=True, exist_ok=True)
            if self._as_postgres():  # the postgres user must reach its directory (not secrets/)
                for directory in (self.state, *self.state.parents):
                    if directory.stat().st_mode & 0o001 == 0 and directory.stat().st_uid == 0:
                        directory.chmod(directory.stat().st_mode | 0o001)
            password_file = home / "pwfile"
            password_file.write_text(self.db_password + "\n")
            if self._as_postgres():
                shutil.chown(home, "postgres", "postgres")
                shutil.chown(password_file, "postgres", "postgres")
            self._pg(
                bindir / "initdb", "-D", data, "-U", "bot", "--pwfile", password_file,
                "-A", "scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8",
            )  # fmt: skip
            password_file.unlink()
        self.logs.mkdir(parents=True, exist_ok=True)
        log = self.logs / "postgres.log"
        log.touch()
        if self._as_postgres():
            shutil.chown(log, "postgres", "postgres")
        options = f"-p {self.ports.postgres} -k {home} -h 127.0.0.1"
        self._pg(bindir / "pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "start")
        self._create_database()

    def _create_database(self) -> None:
        env = {**self.env, "PGPASSWORD": self.db_password}
        psql = [str(postgres_bindir() / "psql"), "-h", "127.0.0.1", "-p", str(self.ports.postgres)]
        exists = subprocess.run(
            [*psql, "-U", "bot", "-d", "postgres", "-tAc",
             "SELECT 1 FROM pg_database WHERE datname='rasa'"],
            env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        if exists.stdout.strip() != "1":
            subprocess.run(
                [*psql, "-U", "bot", "-d", "postgres", "-c", "CREATE DATABASE rasa"],
                env=env, check=True, capture_output=True,
            )  # fmt: skip

    def stop_postgres(self, mode: str = "fast") -> None:
        """Stop PostgreSQL (`fast`: disconnect clients and shut down cleanly)."""
        _, data = self._pg_paths()
        if (data / "postmaster.pid").exists():
            self._pg(postgres_bindir() / "pg_ctl", "-D", data, "-m", mode, "-w", "stop")

    def restart_postgres(self) -> None:
        """Stop and start PostgreSQL (clients see their connections dropped)."""
        self.stop_postgres()
        self.start_postgres()

    # -- processes -------------------------------------------------------------------------
    def _spawn(self, name: str, argv: list[str], env: Mapping[str, str] | None = None) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        with open(self.logs / f"{name}.out", "ab") as out:
            self.processes[name] = subprocess.Popen(
                argv, cwd=ROOT, env=dict(env or self.env), stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def start_redis(self) -> None:
        """Redis without persistence: locks, WeChat dedup and pending replies are short-lived."""
        (self.state / "redis").mkdir(parents=True, exist_ok=True)
        self._spawn(
            "redis",
            [
                _need("redis-server"), "--port", str(self.ports.redis), "--bind", "127.0.0.1",
                "--dir", str(self.state / "redis"), "--save", "", "--appendonly", "no",
            ],
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not port_open(self.ports.redis):
            if time.monotonic() > deadline or self.processes["redis"].poll() is not None:
                raise ClusterError("Redis did not start; see " + str(self.logs / "redis.out"))
            time.sleep(0.1)

    def stop(self, name: str, sig: int = signal.SIGTERM, wait: float = 30) -> None:
        """Stop one of the processes this object started (SIGKILL after `wait` seconds)."""
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def _rasa(self) -> str:
        return str(ROOT / ".venv" / "bin" / "rasa")

    def start_actions(self) -> None:
        """The action server (one is enough: a turn costs it about 2 ms)."""
        argv = [self._rasa(), "run", "actions", "--actions", "actions"]
        self._spawn("actions", [*argv, "--port", str(self.ports.actions)], self.server_env())
        wait_for(f"http://127.0.0.1:{self.ports.actions}/health", self.processes["actions"])

    def start_rasa(self, index: int, wait: bool = True) -> None:
        """Rasa server `index` (0 or 1) on its own port, PostgreSQL tracker, Redis locks."""
        port = self.ports.rasa[index]
        argv = [
            self._rasa(), "run", "--model", "models", "--endpoints", str(ENDPOINTS),
            "--credentials", "credentials.yml", "--port", str(port),
            # `--opt=value`: a random token may start with "-" (argparse would take an option).
            "--enable-api", f"--auth-token={self.api_token}",
            "--log-file", str(self.logs / f"rasa-{index + 1}.log"),
        ]  # fmt: skip
        if self.env.get("CORS_ORIGINS"):
            argv += ["--cors", *self.env["CORS_ORIGINS"].split()]
        # A Rasa server accepts connections before its model is loaded: nginx keeps it out of
        # the rotation (`down`) until it answers, as a readiness probe does in Kubernetes.
        self._draining.add(index)
        self._reload_nginx()
        self._spawn(f"rasa-{index + 1}", argv, self.server_env(index))
        if wait:
            self.wait_rasa(index)

    def _log_tail(self, name: str, lines: int = 20) -> str:
        path = self.logs / f"{name}.out"
        if not path.exists():
            return ""
        return "\n".join(path.read_text("utf-8", "replace").splitlines()[-lines:])

    def wait_rasa(self, index: int) -> None:
        """Block until Rasa server `index` answers, then put it (back) behind nginx."""
        port, name = self.ports.rasa[index], f"rasa-{index + 1}"
        try:
            wait_for(f"http://127.0.0.1:{port}/", self.processes[name])
        except ClusterError as error:
            raise ClusterError(f"{name}: {error}\n{self._log_tail(name)}") from error
        self._draining.discard(index)
        self._reload_nginx()

    def kill_rasa(self, index: int) -> None:
        """SIGKILL Rasa server `index`: no goodbye, in-flight turns are cut off."""
        self.stop(f"rasa-{index + 1}", signal.SIGKILL)

    def _write_nginx(self) -> Path:
        """Render the shared template; servers not ready yet are marked `down`."""
        conf_dir = self.state / "nginx"
        (conf_dir / "tmp").mkdir(parents=True, exist_ok=True)
        values = {"LISTEN_PORT": f"127.0.0.1:{self.ports.nginx}"}
        for index, port in enumerate(self.ports.rasa):
            down = " down" if index in self._draining else ""
            values[f"RASA_{index + 1}"] = f"127.0.0.1:{port}{down}"
        site = render_nginx(NGINX_TEMPLATE.read_text(encoding="utf-8"), values)
        (conf_dir / "bot.conf").write_text(site, encoding="utf-8")
        tmp = conf_dir / "tmp"
        main = f"""# Generated by bot/cluster.py from deploy/nginx/bot.conf.template; edit that.
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {conf_dir / "nginx.pid"};
error_log {self.logs / "nginx-error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {conf_dir / "bot.conf"};
}}
"""
        (conf_dir / "nginx.conf").write_text(main, encoding="utf-8")
        check = subprocess.run(
            [_need("nginx"), "-t", "-q", "-c", str(conf_dir / "nginx.conf")],
            capture_output=True,
            text=True,
        )
        if check.returncode != 0:
            raise ClusterError("nginx configuration rejected:\n" + check.stderr)
        return conf_dir / "nginx.conf"

    def _reload_nginx(self) -> None:
        nginx = self.processes.get("nginx")
        if nginx is not None and nginx.poll() is None:
            self._write_nginx()
            nginx.send_signal(signal.SIGHUP)  # graceful: requests in flight finish
            time.sleep(0.5)

    def start_nginx(self) -> None:
        """Start nginx in the foreground with a configuration from the shared template."""
        conf = self._write_nginx()
        self._spawn("nginx", [_need("nginx"), "-c", str(conf), "-g", "daemon off;"])
        wait_for(f"http://127.0.0.1:{self.ports.nginx}/", self.processes["nginx"], 20)

    # -- whole cluster ---------------------------------------------------------------------
    def start(self) -> None:
        """Start every part, in dependency order; on failure stop what was started."""
        for port in (self.ports.nginx, *self.ports.rasa, self.ports.actions, self.ports.redis):
            if port_open(port):
                raise ClusterError(f"port {port} is already in use")
        try:
            self.start_postgres()
            self.start_redis()
            self.start_actions()
            # The two Rasa servers load their models at the same time (about 20 s each).
            self.start_rasa(0, wait=False)
            self.start_rasa(1, wait=False)
            self.wait_rasa(0)
            self.wait_rasa(1)
            self.start_nginx()
        except BaseException:
            self.shutdown()
            raise

    def shutdown(self) -> None:
        """Stop everything (nginx first, PostgreSQL last)."""
        for name in ("nginx", "rasa-1", "rasa-2", "actions", "redis"):
            self.stop(name)
        try:
            self.stop_postgres()
        except ClusterError:
            pass  # already down

    def banner(self) -> str:
        """What `make run-cluster` prints once everything answers."""
        base = f"http://localhost:{self.ports.nginx}"
        return f"""The consular-help cluster is up (state and logs in {self.state}).
  nginx            {base}/  → Rasa servers 127.0.0.1:{self.ports.rasa[0]} and :{self.ports.rasa[1]}
  REST channel     POST {base}/webhooks/rest/webhook
  Web chat demo    {base}/webhooks/webchat/
  Agent console    {base}/webhooks/agent/   token: {self.agent_token}
  WeChat webhook   {base}/webhooks/wechat/webhook
  Rasa HTTP API    {base}/status?token={self.api_token}
  Action server    http://127.0.0.1:{self.ports.actions}/health
  PostgreSQL       127.0.0.1:{self.ports.postgres} database rasa (tracker store, agents' feedback)
  Redis            127.0.0.1:{self.ports.redis} (locks: db 1; WeChat dedup, token, pending: db 2)
Press Ctrl-C to stop the cluster."""
