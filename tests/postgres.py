"""A throwaway PostgreSQL server from the Debian packages, for tests that need the real thing."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.cluster import postgres_bindir
from tests.servers import free_port


@contextmanager
def postgres() -> Iterator[str]:
    """Start a private cluster on a free port; yields its SQLAlchemy URL; removes it after."""
    bindir = postgres_bindir()
    data = Path(tempfile.mkdtemp(prefix="bot-pg-"))
    port = free_port()
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(data, "postgres", "postgres")
    run = lambda *args: subprocess.run(  # noqa: E731
        [*as_postgres, *map(str, args)], check=True, capture_output=True, text=True
    )
    run(bindir / "initdb", "-D", data / "db", "-A", "trust", "-U", "bot", "--encoding=UTF8")
    options = f"-p {port} -k {data} -h 127.0.0.1"
    run(bindir / "pg_ctl", "-D", data / "db", "-o", options, "-l", data / "log", "-w", "start")
    try:
        yield f"postgresql://bot@127.0.0.1:{port}/postgres"
    finally:
        run(bindir / "pg_ctl", "-D", data / "db", "-m", "immediate", "-w", "stop")
        shutil.rmtree(data, ignore_errors=True)
