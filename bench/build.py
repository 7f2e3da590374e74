"""Full and incremental index builds of the MultiHop-RAG corpus, beside a bare encode of the same chunks.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/build.py [--corpus ../shared/bench/multihop-rag/corpus.jsonl]

Prints (and with --json writes) the full build's wall time and chunks/s, a bare ``model.encode`` of exactly the
same encoder inputs in the same run (the ratio is ragqa's overhead), and an incremental rebuild after one article
changed (its time as a share of the full build). The built index is kept in --work for other benchmarks.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ragqa.config import Settings  # noqa: E402
from ragqa.embedding.encoder import index_encoder_from_settings  # noqa: E402
from ragqa.index.build import build_index, embedding_input  # noqa: E402
from ragqa.index.store import load_version  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "bench" / "multihop-rag" / "corpus.jsonl"


def change_one_article(corpus_file: Path) -> str:
    """Append a sentence to the middle article of a JSONL corpus; returns its id."""
    lines = corpus_file.read_text().splitlines()
    line_no = len(lines) // 2
    record = json.loads(lines[line_no])
    record["text"] += "\n\nEditor's note: this article was updated after publication."
    lines[line_no] = json.dumps(record)
    corpus_file.write_text("\n".join(lines) + "\n")
    return record["id"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--work", type=Path, default=Path.home() / ".cache" / "ragqa" / "bench-build")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles (0: all)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    settings = Settings()
    corpus_dir = args.work / "corpus"
    index_dir = args.work / "index"
    shutil.rmtree(args.work, ignore_errors=True)
    corpus_dir.mkdir(parents=True)
    lines = args.corpus.read_text().splitlines()
    (corpus_dir / args.corpus.name).write_text("\n".join(lines[: args.limit] if args.limit else lines) + "\n")

    t = time.perf_counter()
    embedder = index_encoder_from_settings(settings)  # as `ragqa index` does
    load_s = time.perf_counter() - t

    report = build_index(corpus_dir, index_dir, embedder, settings.chunk_max_tokens, settings.chunk_overlap_sentences)
    full_s = report.seconds
    chunks = load_version(index_dir).chunks
    texts = [embedding_input(c) for c in chunks]

    t = time.perf_counter()
    embedder.encode(texts)
    bare_s = time.perf_counter() - t

    changed = change_one_article(corpus_dir / args.corpus.name)
    incremental = build_index(
        corpus_dir, index_dir, embedder, settings.chunk_max_tokens, settings.chunk_overlap_sentences
    )

    figures = {
        "documents": report.documents,
        "chunks": report.chunks,
        "model_load_s": round(load_s, 2),
        "full_build_s": round(full_s, 1),
        "full_build_chunks_per_s": round(report.chunks / full_s, 2),
        "bare_encode_s": round(bare_s, 1),
        "bare_encode_chunks_per_s": round(len(texts) / bare_s, 2),
        "build_over_bare_encode": round(full_s / bare_s, 3),
        "incremental_changed_doc": changed,
        "incremental_embedded_chunks": incremental.embedded_chunks,
        "incremental_s": round(incremental.seconds, 2),
        "incremental_share_of_full": round(incremental.seconds / full_s, 4),
    }
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
