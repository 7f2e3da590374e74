"""Running the real ``ragqa`` command (``python -m ragqa.cli`` with ``src`` importable), as a user would."""

from __future__ import annotations

import subprocess
import sys

from helpers import ROOT
from helpers.servers import ragqa_env


def ragqa(*args: str, env: dict | None = None, timeout: float = 300.0) -> subprocess.CompletedProcess:
    """Run ``ragqa ARGS`` to completion with stdout and stderr captured (so stderr is not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "ragqa.cli", *args],
        env=ragqa_env(env),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
