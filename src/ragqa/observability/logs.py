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
from urllib.parse import quote

from ragqa.config import Settings

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("ragqa_request_id", default="")

REDACTED = "***"

_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


def _keys_file_secrets(settings: Settings) -> list[str]:
    """The keys of ``RAGQA_API_KEYS_FILE`` (none when unset or unreadable: the server refuses such a file itself)."""
    path = settings.api_keys_file
    if path is None or str(path) in ("", "."):
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    items = data.get("keys") if isinstance(data, dict) else None
    return [i["key"].strip() for i in items or [] if isinstance(i, dict) and isinstance(i.get("key"), str)]


def secrets_of(settings: Settings) -> list[str]:
    """Every secret value in ``settings`` that must never appear in a log line.

    API keys and the admin token are redacted whatever their length: ``Settings`` refuses ones shorter than
    ``MIN_SECRET_LENGTH``. The LLM key is the upstream server's to rule on (a local server may take any placeholder,
    ``x``): it is redacted from 4 characters on, so a one-letter placeholder does not blank out every log line.
    """
    keys = [k.strip() for k in settings.api_keys.split(",")] + _keys_file_secrets(settings)
    llm_key = settings.llm_api_key.strip()
    milvus_token = settings.milvus_token.strip()
    values = [
        settings.admin_token.strip(),
        *keys,
        llm_key if len(llm_key) >= 4 else "",
        milvus_token if len(milvus_token) >= 4 else "",
    ]
    return [v for v in values if v]


def _spellings(secret: str) -> set[str]:
    """``secret`` as a log line may carry it: raw, JSON-escaped, as ``repr`` shows it and percent-encoded."""
    return {
        secret,
        json.dumps(secret, ensure_ascii=False)[1:-1],
        json.dumps(secret)[1:-1],
        repr(secret)[1:-1],
        quote(secret, safe=""),
        quote(secret),
    } - {""}


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON line: time, level, logger, message, request_id, extras, exception.

    Every value is redacted before ``json.dumps``: once escaped, a secret with a quote or a backslash in it no longer
    matches itself. Each secret is also looked for as it is spelled escaped (``_spellings``), since a message may
    already hold a ``repr`` or a URL of it.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)
        self._needles = sorted({n for s in self.secrets for n in _spellings(s)}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for needle in self._needles:
            if needle in text:
                text = text.replace(needle, REDACTED)
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
        redacted = {k: self.redact(v) if isinstance(v, str) else v for k, v in entry.items()}
        line = json.dumps(redacted, ensure_ascii=False, default=str)
        # second pass, for what the first cannot reach (an extra's name): only when a secret is still there, as a
        # replacement inside the JSON could break it; a broken line is better than a leaked secret
        return self.redact(line) if any(n in line for n in self._needles) else line


class RedactingFormatter(logging.Formatter):
    """The plain-text format, with secrets redacted (for ``RAGQA_LOG_FORMAT=text``).

    Plain text escapes nothing, so redacting the formatted line is redacting every part of it (message, exception)
    before any escaping; the escaped spellings of each secret are redacted as well.
    """

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
