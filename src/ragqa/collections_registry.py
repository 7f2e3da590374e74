"""Named collections: each its own documents, index versions, conversations and feedback, one model for all.

``default`` is the index the server was started over (``RAGQA_INDEX_DIR``, with ``RAGQA_CORPUS_DIR``): what every
user had before collections existed. Any other collection lives in ``<index_dir>/collections/<name>/``:

- ``collection.json``: its name, the model (fixed: the server's encoder) and when it was created;
- ``corpus/``: an empty corpus folder (a collection is filled through ``/documents``);
- its index versions, ``documents/`` store, ``conversations.sqlite`` and ``feedback.sqlite``, as ``default`` has
  beside its index.

A collection's ``Services`` is built on its first use and kept until the collection is deleted; every collection
shares the one encoder (the model is fixed per server, so per collection). Inside a collection's own document store
the rows use the store's default partition: the folder, not the row, says which collection a document belongs to.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ragqa.index.jobs import Job
from ragqa.services import Services

log = logging.getLogger(__name__)

DEFAULT = "default"
NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
"""A collection name: lower-case letters, digits, ``-`` and ``_``, 1 to 64 characters, not starting with - or _."""
_NAME = re.compile(NAME_PATTERN)
FOLDER = "collections"
META_FILE = "collection.json"


class CollectionExists(Exception):
    """``create`` of a name already taken."""


class CollectionNameError(ValueError):
    """A name that does not match ``NAME_PATTERN`` (or ``default`` where a new collection is meant)."""


def milvus_name(default: str, name: str) -> str:
    """A named collection's name in Milvus (``RAGQA_STORE=milvus``): the default's plus the name, with ``-`` (which
    Milvus names refuse) as ``_`` and a hash of the name so ``a-b`` and ``a_b`` stay apart."""
    digest = hashlib.sha256(name.encode()).hexdigest()[:6]
    return f"{default}_c_{name.replace('-', '_')}_{digest}"


def valid_name(name: str) -> bool:
    return bool(_NAME.fullmatch(name))


COLLECTION_SETTINGS = (
    "chunk_max_tokens",
    "chunk_overlap_sentences",
    "default_top_k",
    "answer_max_sentences",
    "keep_versions",
    "ann",
)
"""The settings a collection may set for itself (in ``collection.json``); the rest, the model included, are the
server's. Values are checked by ``Settings`` itself when the collection's services are built."""


@dataclass(frozen=True)
class CollectionInfo:
    name: str
    model: str
    created_at: float | None
    settings: dict[str, Any] = field(default_factory=dict)


class Collections:
    """The server's collections by name: ``default`` (the services passed in) and those under
    ``<index_dir>/collections/``."""

    def __init__(self, default: Services) -> None:
        self.default = default
        self.root = default.settings.index_dir / FOLDER
        self._lock = threading.RLock()
        self._loaded: dict[str, Services] = {}

    # ------------------------------------------------------------ lookup

    def folder(self, name: str) -> Path:
        return self.root / name

    def exists(self, name: str) -> bool:
        if name == DEFAULT:
            return True
        return valid_name(name) and (self.folder(name) / META_FILE).is_file()

    def names(self) -> list[str]:
        """Every collection, ``default`` first, then by name."""
        found = []
        if self.root.is_dir():
            found = sorted(p.name for p in self.root.iterdir() if valid_name(p.name) and (p / META_FILE).is_file())
        return [DEFAULT, *(n for n in found if n != DEFAULT)]

    def info(self, name: str) -> CollectionInfo:
        if name == DEFAULT:
            return CollectionInfo(DEFAULT, self.default.encoder.name, None)
        try:
            meta = json.loads((self.folder(name) / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        created = meta.get("created_at")
        own = meta.get("settings")
        return CollectionInfo(
            name,
            str(meta.get("model") or self.default.encoder.name),
            created if isinstance(created, float) else None,
            {k: v for k, v in own.items() if k in COLLECTION_SETTINGS} if isinstance(own, dict) else {},
        )

    def get(self, name: str) -> Services | None:
        """The services of collection ``name`` (built on first use), or None when there is no such collection."""
        if name == DEFAULT:
            return self.default
        with self._lock:
            services = self._loaded.get(name)
            if services is not None:
                return services
            if not self.exists(name):
                return None
            services = self._build(name)
            self._loaded[name] = services
        try:
            services.index_pending_documents()  # writes a stopped server stored but never indexed
        except Exception:  # an unreadable store must not stop the collection from answering
            log.exception("cannot check the document store of collection %s for pending writes", name)
        return services

    def loaded(self) -> list[Services]:
        """The services built so far (``default`` first)."""
        with self._lock:
            return [self.default, *self._loaded.values()]

    def find_job(self, job_id: str) -> Job | None:
        """A rebuild job of any loaded collection."""
        for services in self.loaded():
            job = services.jobs.get(job_id)
            if job is not None:
                return job
        return None

    def _build(self, name: str) -> Services:
        folder = self.folder(name)
        corpus = folder / "corpus"
        corpus.mkdir(parents=True, exist_ok=True)
        own = self.info(name).settings
        settings = self.default.settings.model_copy(
            update={
                "index_dir": folder,
                "corpus_dir": corpus,
                "feedback_db": None,
                "conversation_db": None,
                "milvus_collection": milvus_name(self.default.settings.milvus_collection, name),
                **own,
            }
        )
        return Services.build(settings, self.default.encoder, index_encoder=self.default.jobs.embedder)

    # ------------------------------------------------------------ changes

    def create(self, name: str, settings: dict[str, Any] | None = None) -> CollectionInfo:
        """Make the folder and ``collection.json`` of a new collection, with its own ``settings`` (names from
        ``COLLECTION_SETTINGS``, already validated); ``CollectionExists`` when taken."""
        if name == DEFAULT or not valid_name(name):
            raise CollectionNameError(name)
        with self._lock:
            folder = self.folder(name)
            if self.exists(name):
                raise CollectionExists(name)
            (folder / "corpus").mkdir(parents=True, exist_ok=True)
            own = {k: v for k, v in (settings or {}).items() if k in COLLECTION_SETTINGS and v is not None}
            info = CollectionInfo(name, self.default.encoder.name, time.time(), own)
            meta = {"name": name, "model": info.model, "created_at": info.created_at, "settings": own}
            tmp = folder / (META_FILE + ".tmp")
            tmp.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
            tmp.replace(folder / META_FILE)  # the collection exists once this file does
            return info

    async def delete(self, name: str) -> bool:
        """Close the collection's services and remove its folder; False when there is no such collection."""
        if name == DEFAULT:
            raise CollectionNameError(name)
        with self._lock:
            if not self.exists(name):
                return False
            services = self._loaded.pop(name, None)
            folder = self.folder(name)
            (folder / META_FILE).unlink()  # gone for every request from now on, even if removal below is slow
        if services is not None:
            await services.aclose()
        shutil.rmtree(folder, ignore_errors=True)
        return True

    async def aclose(self) -> None:
        """Close every collection's services except ``default`` (its owner closes it)."""
        with self._lock:
            loaded, self._loaded = list(self._loaded.values()), {}
        for services in loaded:
            await services.aclose()

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())
