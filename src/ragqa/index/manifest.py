"""The manifest of an index version: what built it, what it holds, and the checksums of its files.

One typed record, read, written and validated here only, so the store, the builder, the admin routes and
``/ready`` never read it by string keys. The JSON on disk is unchanged (``manifest.json``, sorted keys).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from ragqa.index.errors import IndexCorrupt

FORMAT_VERSION = 1
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Chunking:
    """How documents were cut: a build may reuse a previous version's vectors only with the same chunking."""

    max_tokens: int
    overlap_sentences: int
    rules: int = 1
    """``ingest.chunking.RULES`` when the version was built (1 for versions from before it was recorded)."""


@dataclass(frozen=True)
class AnnParams:
    """The FAISS index kind of a version (``flat``, ``hnsw``, ``ivf``: see ``index.ann``) and its parameters.

    Build-time ones (``M``, ``ef_construction``, ``nlist``) describe the stored structure; search-time ones
    (``ef_search``, ``nprobe``) are the defaults serving uses unless ``RAGQA_ANN_EF_SEARCH`` / ``RAGQA_ANN_NPROBE``
    override them.
    """

    kind: str = "flat"
    params: dict[str, int] = field(default_factory=dict)


FLAT = AnnParams()
"""What a version written before ANN indexes existed holds."""


@dataclass(frozen=True)
class Manifest:
    """Everything a reader needs to trust a version: model and dimension (compatibility), counts, checksums.

    ``version``, ``chunk_count``, ``document_count``, ``built_at`` and ``files`` are filled in by the store
    when the version is written; the builder supplies the rest.
    """

    model: str
    dimension: int
    format_version: int = FORMAT_VERSION
    version: str = ""
    chunk_count: int = 0
    document_count: int = 0
    built_at: str = ""
    files: dict[str, str] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    """Byte size of each file in ``files``: what a load checks instead of the checksum for the large memory-mapped
    BM25 arrays (``index.bm25.SIZE_CHECKED``); empty in versions written before."""
    corpus_fingerprint: str | None = None
    encoder_runtimes: list[str] = field(default_factory=list)
    chunking: Chunking | None = None
    build_seconds: float | None = None
    counts: dict[str, int] | None = None
    """added / changed / removed / unchanged / embedded_chunks / reused_chunks of the build that made it."""
    full: bool = False
    ann: AnnParams | None = None
    """The FAISS index kind and parameters; None (a version from before ANN indexes) means flat."""

    @property
    def ann_params(self) -> AnnParams:
        """``ann``, with flat for versions that do not record it."""
        return self.ann or FLAT

    def to_json(self) -> str:
        payload = {k: v for k, v in asdict(self).items() if v is not None}
        return json.dumps(payload, indent=2, sort_keys=True)

    @classmethod
    def from_dict(cls, data: Any, path: Path) -> Manifest:
        """Validate a parsed ``manifest.json``; ``IndexCorrupt`` names the file and what to run."""
        if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
            raise IndexCorrupt(f"{path} has no file checksums: rebuild with `ragqa index --full`")
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        try:
            chunking = values.get("chunking")
            if chunking is not None:
                values["chunking"] = Chunking(
                    int(chunking["max_tokens"]), int(chunking["overlap_sentences"]), int(chunking.get("rules", 1))
                )
            ann = values.get("ann")
            if ann is not None:
                values["ann"] = AnnParams(str(ann["kind"]), {str(k): int(v) for k, v in dict(ann["params"]).items()})
            values["model"] = str(values.get("model", ""))
            values["dimension"] = int(values.get("dimension", -1))
            for name in ("chunk_count", "document_count", "format_version"):
                if name in values:
                    values[name] = int(values[name])
            values["encoder_runtimes"] = [str(r) for r in values.get("encoder_runtimes", [])]
            values["sizes"] = {str(k): int(v) for k, v in dict(values.get("sizes") or {}).items()}
            return cls(**values)
        except (TypeError, ValueError, KeyError) as exc:
            raise IndexCorrupt(f"{path} has a malformed field ({exc}): rebuild with `ragqa index --full`") from None

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """The manifest at ``path`` (a version's ``manifest.json``)."""
        try:
            data = json.loads(path.read_text())
        except FileNotFoundError:
            raise IndexCorrupt(f"{path} is missing: rebuild with `ragqa index --full`") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise IndexCorrupt(f"{path} is not valid JSON ({exc}): rebuild with `ragqa index --full`") from None
        return cls.from_dict(data, path)
