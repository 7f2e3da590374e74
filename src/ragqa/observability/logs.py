"""Structured logging: one JSON object per line, carrying the request id, with secrets redacted.

Why a context variable: the request id is set once by the HTTP middleware and then appears on every
log line written while serving that request, including lines from the service and the model code, which
know nothing of HTTP. Why redaction in the formatter: no code path (an exception message, a repr of the
settings) can then write the LLM key, the admin token or an API key to the logs.
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
import time
from collections.abc import Iterable

from ragqa.config import Settings

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("ragqa_request_id", default="")

REDACTED = "***"

_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


def secrets_of(settings: Settings) -> list[str]:
    """Every secret value in ``settings`` that must never appear in a log line."""
    values = [settings.llm_api_key, settings.admin_token, *settings.api_keys.split(",")]
    return [v.strip() for v in values if v and len(v.strip()) >= 4]


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON line: time, level, logger, message, request_id, extras, exception."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _RESERVED and key not in entry and not key.startswith("_"):
                entry[key] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return self.redact(json.dumps(entry, ensure_ascii=False, default=str))


class RedactingFormatter(logging.Formatter):
    """The plain-text format, with secrets redacted (for ``RAGQA_LOG_FORMAT=text``)."""

    def __init__(self, fmt: str, secrets: Iterable[str] = ()) -> None:
        super().__init__(fmt)
        self._json = JsonFormatter(secrets)

    def format(self, record: logging.LogRecord) -> str:
        return self._json.redact(super().format(record))


OURS = ("ragqa", "uvicorn")
"""Loggers shown at ``level``; every other library's logger shows warnings only, unless ``level`` is debug."""


class OthersQuiet(logging.Filter):
    """Pass our loggers' records at ``level`` and other libraries' at WARNING (all of them at DEBUG).

    A filter on the handler, not a level on the root logger: some libraries (bm25s) set their own logger to
    DEBUG, and their records reach the root's handlers whatever the root's level.
    """

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < self.level:
            return False
        ours = record.name.split(".", 1)[0] in OURS
        return ours or self.level <= logging.DEBUG or record.levelno >= logging.WARNING


def configure_logging(level: str = "info", fmt: str = "json", secrets: Iterable[str] = ()) -> None:
    """Send every logger (ours and uvicorn's) to stderr in one format, redacting ``secrets``.

    Third-party INFO lines (FAISS's loader, transformers, bm25s) are noise to a user: they appear only at debug.
    """
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter(secrets))
    else:
        handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets))
    numeric = logging.getLevelName(level.upper())
    handler.addFilter(OthersQuiet(numeric))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(numeric)
    for name in ("ragqa", "uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.setLevel(numeric)
        if name != "ragqa":
            logger.handlers.clear()
            logger.propagate = True
