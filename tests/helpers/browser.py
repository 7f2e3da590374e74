"""The browser the widget tests drive: Debian's Chromium (``apt-get install chromium``), never a download."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("RAGQA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
