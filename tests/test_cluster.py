"""The local cluster's configuration (the running cluster is tested in tests/prod)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cluster import Cluster


def test_state_directory_is_absolute_whatever_it_is_given_as(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cluster = Cluster(state=Path("var/cluster"), env={})
    assert cluster.state == tmp_path / "var" / "cluster"


def test_servers_get_the_stores_and_a_stable_random_password(tmp_path: Path) -> None:
    cluster = Cluster(state=tmp_path, env={})
    env = cluster.server_env()
    assert env["TRACKER_DB_PASSWORD"] == Cluster(state=tmp_path, env={}).db_password
    assert len(env["TRACKER_DB_PASSWORD"]) >= 24
    assert env["FEEDBACK_DB_URL"].startswith("postgresql://bot:")
    assert (tmp_path / "secrets").stat().st_mode & 0o777 == 0o700


def test_each_server_keeps_its_own_state_directory(tmp_path: Path) -> None:
    cluster = Cluster(state=tmp_path, env={})
    dirs = {cluster.server_env(0)["BOT_STATE_DIR"], cluster.server_env(1)["BOT_STATE_DIR"]}
    assert len(dirs | {cluster.server_env()["BOT_STATE_DIR"]}) == 3
