"""MultiHop-RAG helpers for the benchmarks: find (or build) the cached index, and the official Hits@k.

The index of the 609 MultiHop-RAG articles takes 10+ minutes to embed on two cores, so every benchmark
reuses one from ``~/.cache/ragqa/``: any index there whose manifest has this corpus's fingerprint (content,
model and chunking) is used as is; otherwise one is built into ``~/.cache/ragqa/eval/multihop-<fingerprint>``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ragqa.config import Settings  # noqa: E402
from ragqa.index.build import corpus_fingerprint  # noqa: E402
from ragqa.index.errors import IndexStoreError  # noqa: E402
from ragqa.index.manifest import MANIFEST, Manifest  # noqa: E402
from ragqa.ingest.corpus import read_corpus  # noqa: E402


def _bench_data() -> Path:
    """``shared/bench/multihop-rag`` beside the checkout (or beside /work/main for a worktree under /work/wt)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        candidate = base / "shared" / "bench" / "multihop-rag"
        if candidate.exists():
            return candidate
    return ROOT.parent / "shared" / "bench" / "multihop-rag"


BENCH_DATA = _bench_data()
CORPUS_FILE = BENCH_DATA / "corpus.jsonl"
QUERIES_FILE = BENCH_DATA / "queries-dev.json"
CACHE = Path.home() / ".cache" / "ragqa"


def corpus_dir() -> Path:
    """A folder holding only the corpus file (the bench folder also has the queries)."""
    folder = CACHE / "corpora" / "multihop-rag"
    target = folder / CORPUS_FILE.name
    if not target.exists() or target.stat().st_size != CORPUS_FILE.stat().st_size:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_bytes(CORPUS_FILE.read_bytes())
    return folder


def fingerprint(settings: Settings | None = None) -> str:
    settings = settings or Settings()
    documents, _ = read_corpus(corpus_dir())
    return corpus_fingerprint(
        documents, settings.embedding_model, settings.chunk_max_tokens, settings.chunk_overlap_sentences
    )


def find_cached_index(fp: str) -> Path | None:
    """An index folder under ~/.cache/ragqa whose live version was built from exactly this corpus and chunking."""
    for current in sorted(CACHE.rglob("CURRENT")):
        try:
            manifest = Manifest.read(current.parent / "versions" / current.read_text().strip() / MANIFEST)
        except (OSError, IndexStoreError):
            continue
        if manifest.corpus_fingerprint == fp:
            return current.parent
    return None


class BuildProgress:
    """A build's progress on stdout (the ``progress`` callback of ``build_index``): a line when the stage
    changes and at most one every ``every_s`` seconds within it, as ``ragqa index`` prints off a terminal."""

    def __init__(self, every_s: float = 5.0) -> None:
        self.every_s = every_s
        self._stage = ""
        self._last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage != self._stage or now - self._last >= self.every_s:
            self._stage, self._last = stage, now
            counts = f" {done}/{total}" if total else ""
            print(f"{time.strftime('%H:%M:%S')} {stage}{counts}", flush=True)


def multihop_index(settings: Settings | None = None, embedder=None) -> Path:
    """The cached MultiHop-RAG index folder, built (with the torch encoder) if none exists yet."""
    settings = settings or Settings()
    fp = fingerprint(settings)
    found = find_cached_index(fp)
    if found is not None:
        return found
    from ragqa.embedding.encoder import load_encoder
    from ragqa.index.build import build_index

    index_dir = CACHE / "eval" / f"multihop-{fp[:16]}"
    print(f"no cached MultiHop-RAG index for fingerprint {fp[:16]}: building {index_dir} (10+ minutes)", flush=True)
    build_index(
        corpus_dir(),
        index_dir,
        embedder or load_encoder(settings.embedding_model, settings.embedding_batch_size),
        settings.chunk_max_tokens,
        settings.chunk_overlap_sentences,
        wait=True,
        progress=BuildProgress(),
    )
    return index_dir


def load_queries(with_evidence: bool = True) -> list[dict]:
    """Dev queries; with_evidence drops the null queries, as the official evaluator does."""
    queries = json.loads(QUERIES_FILE.read_text())
    if with_evidence:
        queries = [q for q in queries if q.get("evidence_list")]
    return queries


def _squash(text: str) -> str:
    return text.replace(" ", "").replace("\n", "")


def hits_at_k(queries: list[dict], retrieved_texts: list[list[str]], k: int = 10) -> float:
    """Official Hits@k: share of queries with a top-k chunk containing any evidence fact (spaces/newlines removed)."""
    hits = 0
    for query, texts in zip(queries, retrieved_texts):
        facts = [_squash(e["fact"]) for e in query["evidence_list"] if e.get("fact")]
        squashed = [_squash(t) for t in texts[:k]]
        if any(fact in chunk for chunk in squashed for fact in facts):
            hits += 1
    return hits / max(1, len(queries))


if __name__ == "__main__":  # `python bench/multihop.py`: find or build the cached index, print its folder
    print(multihop_index())
