"""The ``ragqa`` command: ``index``, ``serve``, ``search``, ``ask``, ``eval``.

Flags override the ``RAGQA_*`` environment, which overrides the defaults in ``Settings``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from ragqa.config import Settings


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {}
    for name in ("corpus_dir", "index_dir", "host", "port", "embedding_model"):
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    return Settings(**overrides)


def _embedder(settings: Settings):
    from ragqa.embedding import embedder_from_settings

    return embedder_from_settings(settings)


def _index_embedder(settings: Settings):
    from ragqa.embedding import index_embedder_from_settings

    return index_embedder_from_settings(settings)


def _print_build(report, out=sys.stdout) -> None:
    if report.up_to_date:
        print(f"index {report.version} is up to date ({report.documents} documents, {report.chunks} chunks)", file=out)
    else:
        print(
            f"published index {report.version}: {report.documents} documents, {report.chunks} chunks "
            f"(added {report.added}, changed {report.changed}, removed {report.removed}, unchanged {report.unchanged}; "
            f"embedded {report.embedded_chunks} chunks) in {report.seconds:.1f} s",
            file=out,
        )
    for skipped in report.skipped:
        print(f"skipped {skipped}", file=out)
    out.flush()


def cmd_index(args: argparse.Namespace) -> int:
    from ragqa.indexer import LazyEmbedder, build_from_settings

    settings = _settings(args)
    # a build is batches of chunks: its own encoder runtime (RAGQA_INDEX_EMBEDDING_BACKEND)
    embedder = LazyEmbedder(settings.embedding_model, lambda: _index_embedder(settings))

    def build(wait: bool) -> None:
        report = build_from_settings(
            settings, embedder, full=args.full, wait=wait, show_progress=sys.stderr.isatty() or args.progress
        )
        _print_build(report)

    if not args.watch:
        build(args.wait)
        return 0
    return _watch(settings, build)


def _watch(settings: Settings, build) -> int:
    """``index --watch``: one build now, then one per settled batch of changes, until SIGTERM or Ctrl-C."""
    import signal
    import threading

    from ragqa.corpus import CorpusError
    from ragqa.store import IndexStoreError
    from ragqa.watch import watch_corpus

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())

    def rebuild() -> None:
        try:
            build(True)  # --watch always waits for another writer (an admin reindex, a one-off build)
        except (CorpusError, IndexStoreError, OSError) as exc:
            print(f"ragqa: build failed, still watching: {exc}", file=sys.stderr, flush=True)

    watch_corpus(
        settings.corpus_dir,
        rebuild,
        settle_ms=settings.watch_settle_ms,
        max_wait_ms=settings.watch_max_wait_ms,
        stop=stop,
        force_polling=settings.watch_force_polling or None,
    )
    print("stopped watching", file=sys.stderr, flush=True)
    return 0


def _build_before_serving(settings: Settings) -> None:
    """``serve --corpus``: bring the index up to date first, as ``ragqa index`` would (its encoder runtime,
    loaded only if something needs embedding and freed when this returns)."""
    from ragqa.indexer import LazyEmbedder, build_from_settings

    builder = LazyEmbedder(settings.embedding_model, lambda: _index_embedder(settings))
    report = build_from_settings(settings, builder, wait=True, show_progress=sys.stderr.isatty())
    _print_build(report, out=sys.stderr)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from ragqa.api.app import create_app
    from ragqa.logs import configure_logging, secrets_of
    from ragqa.service import QAService

    settings = _settings(args)
    configure_logging(args.log_level, settings.log_format, secrets_of(settings))
    if args.corpus_dir is not None:
        _build_before_serving(settings)
    service = QAService.from_settings(settings, _embedder(settings))
    app = create_app(settings, service)
    # log_config=None keeps our JSON handler; the middleware writes one access line per request instead of uvicorn
    uvicorn.run(
        app, host=settings.host, port=settings.port, log_level=args.log_level, log_config=None, access_log=False
    )
    return 0


def _service(args: argparse.Namespace):
    from ragqa.service import QAService

    settings = _settings(args)
    return QAService.from_settings(settings)


def cmd_search(args: argparse.Namespace) -> int:
    from ragqa.api.schemas import Passage

    hits, version = _service(args).search(args.query, args.top_k)
    if args.json:
        print(
            json.dumps(
                {"results": [Passage.from_hit(h).model_dump() for h in hits], "index_version": version}, indent=2
            )
        )
        return 0
    for rank, hit in enumerate(hits, start=1):
        c = hit.chunk
        print(f"{rank:>2}. {hit.score:.3f}  {c.title} / {c.section}  [{c.doc_id} {c.start}:{c.end}]")
        print("    " + " ".join(c.text.split())[:300])
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from ragqa.api.schemas import CitationOut

    result = _service(args).ask(args.question, args.top_k)
    if args.json:
        payload = {
            "answer": result.answer,
            "citations": [CitationOut.from_citation(c).model_dump() for c in result.citations],
            "abstained": result.abstained,
            "mode": result.mode,
            "index_version": result.index_version,
            "timings_ms": result.timings_ms,
        }
        print(json.dumps(payload, indent=2))
        return 0
    print(result.answer)
    for c in result.citations:
        ch = c.hit.chunk
        print(f"[{c.n}] {ch.title} / {ch.section} ({ch.doc_id} {ch.start}:{ch.end}, score {c.hit.score:.3f})")
    return 0


def _metric_table(rows: list[dict], columns: list[str]) -> str:
    """A plain-text table; missing cells print as "-"."""
    header = ["system", *columns]
    lines = [header]
    for row in rows:
        lines.append([str(row.get("system", ""))] + [_cell(row.get(c)) for c in columns])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        out.append("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(line)))
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def _cell(value) -> str:
    if value is None:
        return "-"
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def print_multihop(result: dict, out=sys.stdout) -> None:
    columns = ["hits@10", "mrr@10", "map@10", "hits@4"]
    r = result["retrieval"]
    ours = {"system": "ragqa (this run)", **{c: r[c] for c in columns}}
    print(f"MultiHop-RAG retrieval, {r['queries']} non-null queries (official metrics)", file=out)
    print(_metric_table([ours, *result["reference"]], columns), file=out)
    print("\nby question type:", file=out)
    print(_metric_table([{"system": t, **m} for t, m in r.get("by_type", {}).items()], ["queries", *columns]), file=out)
    a = result["abstention"]
    print(
        f"\nabstention: null queries {a['null_abstained']:.4f} ({a['null_queries']}), "
        f"false abstention on answerable {a['answerable_abstained']:.4f} ({a['answerable_queries']})",
        file=out,
    )
    c = result["chunks"]
    print(f"chunks: {c['chunks']}, mean {c['mean_tokens']} tokens, max {c['max_tokens']} tokens", file=out)
    print(f"{result['seconds']} s for {result['queries']} queries; index {result['index_dir']}", file=out)


def print_squad(result: dict, out=sys.stdout) -> None:
    print(f"SQuAD 2.0, {result['questions']} questions", file=out)
    rows = [
        ("answerable questions", result["answerable"]),
        ("gold answer in the answer", result["answer_contained"]),
        ("first citation is the gold paragraph", result["first_citation_gold"]),
        ("answerable but abstained", result["answerable_abstained"]),
        ("unanswerable questions", result["unanswerable"]),
        ("unanswerable and abstained", result["unanswerable_abstained"]),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"{name.ljust(width)}  {_cell(value)}", file=out)
    c = result["chunks"]
    print(f"chunks: {c['chunks']}, mean {c['mean_tokens']} tokens, max {c['max_tokens']} tokens", file=out)
    print(f"{result['seconds']} s; index {result['index_dir']}", file=out)


def cmd_eval(args: argparse.Namespace) -> int:
    from ragqa import benchmarks
    from ragqa.indexer import LazyEmbedder

    settings = _settings(args)
    if args.cache_dir is not None:
        settings = settings.model_copy(update={"eval_cache_dir": args.cache_dir})
    embedder = _embedder(settings)
    builder = LazyEmbedder(settings.embedding_model, lambda: _index_embedder(settings))  # builds as `ragqa index`
    progress = _progress_printer() if args.progress else None
    if args.benchmark == "multihop":
        if not args.corpus or not args.queries:
            print("ragqa: error: eval multihop needs --corpus corpus.jsonl and --queries queries.json", file=sys.stderr)
            return 2
        result = benchmarks.run_multihop(args.corpus, args.queries, settings, embedder, args.limit, progress, builder)
        printer = print_multihop
    else:
        if not args.data:
            print("ragqa: error: eval squad needs --data dev-articles.json", file=sys.stderr)
            return 2
        result = benchmarks.run_squad(args.data, settings, embedder, args.limit, progress, builder)
        printer = print_squad
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        printer(result)
    return 0


def _progress_printer():
    def report(done: int, total: int) -> None:
        if done == total or done % 100 == 0:
            print(f"  {done}/{total}", file=sys.stderr, flush=True)

    return report


def _add_common(p: argparse.ArgumentParser, corpus: bool = False) -> None:
    p.add_argument("--index", dest="index_dir", type=Path, help="index folder (RAGQA_INDEX_DIR, default index/)")
    if corpus:
        p.add_argument(
            "--corpus", dest="corpus_dir", type=Path, help="corpus folder (RAGQA_CORPUS_DIR, default corpus/)"
        )
    p.add_argument("--model", dest="embedding_model", help="embedding model name or path (RAGQA_EMBEDDING_MODEL)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ragqa", description="Cited answers over your own articles.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="build or update the index from the corpus")
    _add_common(p, corpus=True)
    p.add_argument("--full", action="store_true", help="re-embed everything instead of only what changed")
    p.add_argument("--wait", action="store_true", help="wait for a running build instead of failing")
    p.add_argument("--progress", action="store_true", help="show a progress bar even when not on a terminal")
    p.add_argument(
        "--watch",
        action="store_true",
        help="keep running: rebuild incrementally whenever the corpus changes (RAGQA_WATCH_SETTLE_MS)",
    )
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("serve", help="serve the HTTP API")
    _add_common(p, corpus=True)
    p.add_argument("--host", help="bind address (RAGQA_HOST, default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (RAGQA_PORT, default 8000)")
    p.add_argument("--log-level", default="info")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("search", help="print the passages closest to a query")
    p.add_argument("query")
    _add_common(p)
    p.add_argument("-k", "--top-k", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="answer a question with citations")
    p.add_argument("question")
    _add_common(p)
    p.add_argument("-k", "--top-k", type=int, default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("eval", help="measure retrieval and answers on MultiHop-RAG or SQuAD 2.0")
    p.add_argument("benchmark", choices=["multihop", "squad"])
    p.add_argument("--corpus", type=Path, help="multihop: the benchmark's corpus.jsonl")
    p.add_argument("--queries", type=Path, help="multihop: queries JSON (e.g. queries-dev.json)")
    p.add_argument("--data", type=Path, help="squad: SQuAD 2.0 JSON (data[].paragraphs[].qas[])")
    p.add_argument("--cache-dir", type=Path, help="where benchmark indexes are cached (RAGQA_EVAL_CACHE_DIR)")
    p.add_argument("--limit", type=int, help="only the first N questions (a quick check)")
    p.add_argument("--model", dest="embedding_model", help="embedding model name or path (RAGQA_EMBEDDING_MODEL)")
    p.add_argument("--progress", action="store_true", help="print progress to stderr")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    from ragqa.api.cors import CorsConfigError
    from ragqa.api.ratelimit import RateLimitSpecError
    from ragqa.corpus import CorpusError
    from ragqa.embedding import ModelError
    from ragqa.indexer import BuildLocked
    from ragqa.service import IndexUnavailable
    from ragqa.store import IndexStoreError

    try:
        return args.func(args)
    except (
        CorpusError,
        ModelError,
        BuildLocked,
        IndexStoreError,
        IndexUnavailable,
        RateLimitSpecError,
        CorsConfigError,
    ) as exc:
        print(f"ragqa: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
