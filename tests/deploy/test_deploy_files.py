"""docker-compose.yml, deploy/k8s/ and `make run-cluster` agree, and the manifests are valid.

No Docker or Kubernetes here: the manifests are checked against Kubernetes' own schemas
(kubernetes-validate, offline) and every file against the names the code reads.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from bot.cluster import ENDPOINTS, NGINX_TEMPLATE, Cluster, render_nginx

ROOT = Path(__file__).resolve().parents[2]
K8S = sorted((ROOT / "deploy" / "k8s").glob("*.yaml"))
# What the bot reads from the environment beside deploy/endpoints.yml (bot/settings.py): the
# stores and the console token always; a deployment also configures WeChat and retention.
BOT_STORES = {"REDIS_URL", "FEEDBACK_DB_URL", "AGENT_TOKEN", "TICKET_LOCK_LIFETIME"}
BOT_SETTINGS = BOT_STORES | {"RETENTION_DAYS", "WECHAT_TOKEN", "WECHAT_AES_KEY", "WECHAT_MODE"}


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\$\{([A-Z0-9_]+)", text))


def endpoint_variables() -> set[str]:
    return placeholders(ENDPOINTS.read_text(encoding="utf-8"))


def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def k8s_documents() -> list[dict[str, Any]]:
    return [doc for path in K8S for doc in yaml.safe_load_all(path.read_text("utf-8")) if doc]


@pytest.mark.parametrize("path", K8S, ids=lambda p: p.name)
def test_kubernetes_manifests_match_the_kubernetes_schema(path: Path) -> None:
    for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
        kubernetes_validate.validate(document, "1.28.0", strict=True)


def test_every_deployment_sets_what_the_endpoints_and_settings_read(tmp_path: Path) -> None:
    needed = endpoint_variables() | BOT_SETTINGS
    assert {"TRACKER_DB_HOST", "REDIS_HOST", "ACTION_SERVER_URL"} <= needed

    assert endpoint_variables() | BOT_STORES <= set(Cluster(state=tmp_path, env={}).server_env())

    assert needed <= set(compose()["x-bot-env"])

    kinds = {doc["kind"]: doc for doc in k8s_documents()}
    k8s_env = set(kinds["ConfigMap"]["data"]) | set(kinds["Secret"]["stringData"])
    assert needed <= k8s_env


def test_every_deployment_runs_the_same_servers_with_the_production_endpoints() -> None:
    services = compose()["services"]
    assert set(services) == {"postgres", "redis", "actions", "rasa-1", "rasa-2", "nginx"}
    for name in ("rasa-1", "rasa-2"):
        assert "--endpoints deploy/endpoints.yml" in services[name]["command"]
        assert "--auth-token" in services[name]["command"]
    assert compose()["x-bot-env"]["ACTION_SERVER_URL"].endswith(":5055/webhook")
    assert "5055" in services["actions"]["command"]

    deployments = {d["metadata"]["name"]: d for d in k8s_documents() if d["kind"] == "Deployment"}
    rasa = deployments["consular-bot-rasa"]
    assert rasa["spec"]["replicas"] == 2
    args = " ".join(rasa["spec"]["template"]["spec"]["containers"][0]["args"])
    assert "--endpoints deploy/endpoints.yml" in args and "--auth-token" in args
    # Memory per Rasa server: the limit stays at the budget measured by `make bench`.
    limits = rasa["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]
    assert limits["memory"] == "1536Mi"
    purge = next(d for d in k8s_documents() if d["kind"] == "CronJob")
    command = purge["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["command"]
    assert command[:4] == ["python", "-m", "bot", "purge"]


def test_nginx_template_is_shared_and_filled_completely() -> None:
    template = NGINX_TEMPLATE.read_text(encoding="utf-8")
    nginx = compose()["services"]["nginx"]
    assert (
        placeholders(template) == set(nginx["environment"]) == {"RASA_1", "RASA_2", "LISTEN_PORT"}
    )
    assert any("deploy/nginx/bot.conf.template" in volume for volume in nginx["volumes"])
    rendered = render_nginx(template, {"RASA_1": "a:1", "RASA_2": "b:2", "LISTEN_PORT": "80"})
    assert not placeholders(rendered)
    assert "$host" in rendered and "server a:1" in rendered and "server b:2" in rendered


def test_dockerfile_serves_the_production_endpoints() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM python:3.10" in dockerfile  # Rasa 3.6 needs 3.10
    assert "deploy/endpoints.yml" in dockerfile and "--auth-token" in dockerfile
    assert "rasa train" in dockerfile  # the model is built into the image, not fetched
