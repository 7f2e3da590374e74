"""Documents through the HTTP API (``POST /documents``) vs ``ragqa index`` on the same articles, and how long a
posted document takes to become searchable.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/ingest_api.py [--corpus ../shared/bench/multihop-rag/corpus.jsonl]

1. ``ragqa index`` (a subprocess, as an operator runs it) builds a fresh index of N MultiHop-RAG articles
   (default 200) from a corpus folder holding them as one ``.jsonl``: wall time, documents/s.
2. A real ``ragqa serve`` over an index of one seed article (the repo's corpus) gets the same N articles through
   ``POST /documents`` in batches of 100; wall time from the first request to the last document being searchable
   (``GET /documents/{id}`` says ``indexed``), embedding included, documents/s, and the ratio to 1.
   The server's build encoder is warmed by one small POST first, as ``ragqa index``'s model load is counted in its
   wall time but a running server has loaded its builder once and for all.
3. Latency from a POST's 2xx to its documents being searchable: ``--single`` requests of 1 new article, one at a
   time, then ``--batches`` requests of 100 new articles; p50 and p95 of each.

The articles are read from the shared benchmark file, never copied into the repository; work files go to --work.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "bench" / "multihop-rag" / "corpus.jsonl"
TOKEN = "bench-ingest-admin-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FIELDS = ("id", "title", "text", "url", "source", "author", "published_at", "category")


def env() -> dict[str, str]:
    out = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    out["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + out.get("PYTHONPATH", "")
    return out


def ragqa(*args: str, extra: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ragqa.cli", *args], env={**env(), **(extra or {})}, cwd=ROOT, check=True, **kwargs
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1]


def wait_indexed(client: httpx.Client, ids: list[str], timeout: float = 900.0) -> float:
    """Poll until every id is ``indexed``; returns the moment (perf_counter) it was seen."""
    deadline = time.monotonic() + timeout
    pending = list(ids)
    while pending:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{len(pending)} documents still pending, e.g. {pending[0]}")
        # the last one first: documents of one request are indexed by the same build
        if client.get(f"/documents/{pending[-1]}").json().get("status") == "indexed":
            pending = [i for i in pending if client.get(f"/documents/{i}").json().get("status") != "indexed"]
        else:
            time.sleep(0.02)
    return time.perf_counter()


def post(client: httpx.Client, docs: list[dict]) -> tuple[float, list[str]]:
    body = docs[0] if len(docs) == 1 else {"documents": docs}
    response = client.post("/documents", json=body)
    response.raise_for_status()
    return time.perf_counter(), [d["id"] for d in response.json()["documents"]]


def start_server(index_dir: Path, corpus_dir: Path, log: Path) -> tuple[subprocess.Popen, str]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    extra = {"RAGQA_ADMIN_TOKEN": TOKEN, "RAGQA_CORPUS_DIR": str(corpus_dir), "RAGQA_RELOAD_INTERVAL_S": "0.2"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ragqa.cli", "serve", "--index", str(index_dir), "--port", str(port)],
        env={**env(), **extra},
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"ragqa serve did not become ready (see {log})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--work", type=Path, default=Path.home() / ".cache" / "ragqa" / "bench-ingest-api")
    parser.add_argument("--documents", type=int, default=200, help="articles for the throughput comparison")
    parser.add_argument("--single", type=int, default=20, help="1-document requests for the latency figures")
    parser.add_argument("--batches", type=int, default=3, help="100-document requests for the latency figures")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    records = [json.loads(line) for line in args.corpus.read_text().splitlines() if line.strip()]
    records = [{k: str(r[k]) for k in FIELDS if r.get(k)} for r in records]
    needed = args.documents + args.single + 100 * args.batches
    if len(records) < needed:
        raise SystemExit(f"{args.corpus} has {len(records)} articles; this run needs {needed}")
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    throughput_docs = records[: args.documents]

    # 1. `ragqa index` on the same articles
    cli_corpus = args.work / "cli-corpus"
    cli_corpus.mkdir()
    (cli_corpus / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in throughput_docs))
    t = time.perf_counter()
    ragqa("index", "--corpus", str(cli_corpus), "--index", str(args.work / "cli-index"), capture_output=True)
    cli_s = time.perf_counter() - t

    # 2. the same articles through POST /documents
    seed_corpus = args.work / "seed-corpus"
    shutil.copytree(ROOT / "corpus", seed_corpus)
    api_index = args.work / "api-index"
    ragqa("index", "--corpus", str(seed_corpus), "--index", str(api_index), capture_output=True)
    proc, base = start_server(api_index, seed_corpus, args.work / "serve.log")
    try:
        with httpx.Client(base_url=base, headers=AUTH, timeout=600) as client:
            _, warm = post(client, [{"id": "warm-up", "title": "Warm-up", "text": "Warming up the build encoder."}])
            wait_indexed(client, warm)
            t = time.perf_counter()
            ids: list[str] = []
            for i in range(0, len(throughput_docs), 100):
                ids += post(client, throughput_docs[i : i + 100])[1]
            api_s = wait_indexed(client, ids) - t

            rest = records[args.documents :]
            single = []
            for doc in rest[: args.single]:
                sent, doc_ids = post(client, [doc])
                single.append(wait_indexed(client, doc_ids) - sent)
            rest = rest[args.single :]
            batch = []
            for i in range(args.batches):
                sent, doc_ids = post(client, rest[100 * i : 100 * (i + 1)])
                batch.append(wait_indexed(client, doc_ids) - sent)
            chunks = client.get("/admin/index").json()["chunk_count"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    n = len(throughput_docs)
    figures = {
        "documents": n,
        "cli_index_s": round(cli_s, 2),
        "cli_docs_per_s": round(n / cli_s, 2),
        "api_s": round(api_s, 2),
        "api_docs_per_s": round(n / api_s, 2),
        "api_vs_cli": round(cli_s / api_s, 2),
        "single_requests": len(single),
        "single_p50_s": round(percentile(single, 50), 2),
        "single_p95_s": round(percentile(single, 95), 2),
        "batch_requests": len(batch),
        "batch_p50_s": round(percentile(batch, 50), 2),
        "batch_p95_s": round(percentile(batch, 95), 2),
        "batch_each_s": [round(b, 2) for b in batch],
        "final_chunks": chunks,
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
