"""The ``ragqa`` command: ``index``, ``serve``, ``search``, ``ask``, ``eval``.

Flags override the ``RAGQA_*`` environment, which overrides the defaults in ``Settings``. Heavy imports (the
encoder, FAISS, the web stack) happen inside each command, so ``ragqa --help`` answers at once.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Protocol, TextIO

import click
import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ragqa.config import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

    from ragqa.answering.pipeline import AnswerResult
    from ragqa.embedding.encoder import Encoder
    from ragqa.eval.metrics import Split
    from ragqa.index.build import BuildReport, LazyEncoder, ProgressCallback
    from ragqa.records import Chunk

app = typer.Typer(
    name="ragqa",
    help="Cited answers over your own articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Measure retrieval and answers on MultiHop-RAG or SQuAD 2.0.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

IndexOpt = Annotated[Path | None, typer.Option("--index", help="index folder (RAGQA_INDEX_DIR, default index/)")]
CorpusOpt = Annotated[Path | None, typer.Option("--corpus", help="corpus folder (RAGQA_CORPUS_DIR, default corpus/)")]
ModelOpt = Annotated[str | None, typer.Option("--model", help="embedding model name or path (RAGQA_EMBEDDING_MODEL)")]
JsonOpt = Annotated[bool, typer.Option("--json", help="print the full result as JSON")]

_verbose = False


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="log more (also other libraries')")] = False,
) -> None:
    """Cited answers over your own articles."""
    global _verbose
    _verbose = verbose
    _quiet_logging(verbose)


def _quiet_logging(verbose: bool) -> None:
    """Warnings on stderr as text; with -v everything, other libraries' debug lines included.

    ``ragqa serve`` replaces this with its own (JSON) logging.
    """
    from ragqa.observability.logs import configure_logging

    configure_logging("debug" if verbose else "warning", "text")


def _settings(**overrides: Any) -> Settings:
    """The settings with the command's options over the environment's; an index or corpus path that names a file
    is refused here, before any command opens ``<path>/CURRENT`` or takes a lock inside it."""
    settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    for path, hint in (
        (settings.index_dir, "--index / RAGQA_INDEX_DIR"),
        (settings.corpus_dir, "--corpus / RAGQA_CORPUS_DIR"),
    ):
        if path.exists() and not path.is_dir():
            raise typer.BadParameter(f"{path} is a file, not a folder: pass the folder", param_hint=hint)
    return settings


def _print_build(report: BuildReport, out: TextIO | None = None) -> None:
    """The build summary, on ``out`` (standard output as it is when called, not as it was when this was imported)."""
    out = out or sys.stdout
    if report.up_to_date:
        print(f"index {report.version} is up to date ({report.documents} documents, {report.chunks} chunks)", file=out)
    else:
        print(
            f"published index {report.version}: {report.documents} documents, {report.chunks} chunks "
            f"(added {report.added}, changed {report.changed}, removed {report.removed}, unchanged {report.unchanged}; "
            f"embedded {report.embedded_chunks} chunks) in {report.seconds:.1f} s",
            file=out,
        )
        if report.rebuilt:
            print(f"the documents are the live version's, written again: {report.rebuilt}", file=out)
    for skipped in report.skipped:
        print(f"skipped {skipped}", file=out)
    for undated in report.undated:
        print(f"date not understood (kept as written, no date filter matches it): {undated}", file=out)
    for warning in report.warnings:
        print(f"read, but check it: {warning}", file=out)
    out.flush()


class BuildProgress:
    """A build's progress: a bar on a terminal, otherwise one line every ``every_s`` seconds (so a ten-minute
    build in a log says where it is)."""

    def __init__(self, bar: bool, every_s: float = 5.0, out: TextIO = sys.stderr) -> None:
        self.out = out
        self.every_s = every_s
        self._last = 0.0
        self._stage = ""
        self._progress: Progress | None = None
        self._task: Any = None
        if bar:
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(file=out),
                transient=True,
            )

    def __enter__(self) -> BuildProgress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self._progress is not None:
            if self._task is None:
                self._task = self._progress.add_task(stage, total=total or None)
            self._progress.update(self._task, description=stage, completed=done, total=total or None)
            return
        now = time.monotonic()
        if stage != self._stage or now - self._last >= self.every_s:
            self._stage, self._last = stage, now
            counts = f" {done}/{total}" if total else ""
            print(f"{time.strftime('%H:%M:%S')} {stage}{counts}", file=self.out, flush=True)


def _build_progress(force_bar: bool = False) -> BuildProgress:
    return BuildProgress(bar=force_bar or sys.stderr.isatty())


@app.command()
def index(
    corpus: CorpusOpt = None,
    index_dir: IndexOpt = None,
    model: ModelOpt = None,
    full: Annotated[bool, typer.Option("--full", help="re-embed everything instead of only what changed")] = False,
    wait: Annotated[bool, typer.Option("--wait", help="wait for a running build instead of failing")] = False,
    progress: Annotated[
        bool, typer.Option("--progress", help="show a progress bar even when not on a terminal")
    ] = False,
    watch: Annotated[
        bool,
        typer.Option("--watch", help="keep running: rebuild incrementally whenever the corpus changes"),
    ] = False,
    rollback: Annotated[
        bool,
        typer.Option(
            "--rollback",
            help="build nothing: publish VERSION again, by default the newest good version older than the live one "
            "(newer versions stay on disk until pruned)",
        ),
    ] = False,
    version: Annotated[
        str | None,
        typer.Argument(metavar="VERSION", help="with --rollback: the version to publish", show_default=False),
    ] = None,
) -> None:
    """Build or update the index from the corpus (only new and changed documents are embedded), or roll it back."""
    settings = _settings(corpus_dir=corpus, index_dir=index_dir, embedding_model=model)
    if rollback:
        if full or watch:
            raise typer.BadParameter("--rollback builds nothing: drop --full and --watch", param_hint="--rollback")
        _rollback(settings, version, wait)
        return
    if version is not None:
        raise typer.BadParameter(
            f"unexpected argument {version[:80]!r}: a VERSION is given only with --rollback", param_hint="VERSION"
        )

    from ragqa.embedding.encoder import index_encoder_from_settings
    from ragqa.index.build import LazyEncoder, build_from_settings

    # a build is batches of chunks: its own encoder runtime (RAGQA_INDEX_EMBEDDING_BACKEND), loaded only if needed
    encoder = LazyEncoder(settings.embedding_model, lambda: index_encoder_from_settings(settings))

    def build(wait_for_lock: bool) -> None:
        with _build_progress(progress) as reporter:
            report = build_from_settings(settings, encoder, full=full, wait=wait_for_lock, progress=reporter)
        _print_build(report)
        _publish_to_engine(settings)

    if not watch:
        build(wait)
        return
    _watch(settings, build)


def _rollback(settings: Settings, version: str | None, wait: bool) -> None:
    """``index --rollback [VERSION]``: publish an existing version built with the configured model; a running server
    swaps to it at its next poll."""
    from ragqa.index.manifest import Manifest
    from ragqa.index.rollback import rollback
    from ragqa.index.store import check_compatible

    def compatible(manifest: Manifest) -> None:
        check_compatible(manifest, settings.embedding_model, None)

    done = rollback(settings.index_dir, version, accept=compatible, wait=wait)
    if done.version == done.previous:
        print(f"index {done.version} is already live", flush=True)
    else:
        print(f"published index {done.version} (rolled back from {done.previous or 'no live version'})", flush=True)
    _publish_to_engine(settings)


def _publish_to_engine(settings: Settings, out: TextIO = sys.stdout) -> None:
    """With ``RAGQA_STORE=milvus``: publish the version live on disk into Milvus, where servers read it."""
    if settings.store != "milvus":
        return
    from ragqa.index.milvus_store import describe_uri
    from ragqa.retrieval.milvus_retriever import publish_to_milvus

    version, changed = publish_to_milvus(settings)
    where = f"Milvus {describe_uri(settings.milvus_uri)} (collection {settings.milvus_collection})"
    if version is None:
        print(f"nothing to publish to {where}: no index is live in {settings.index_dir}", file=out, flush=True)
    elif changed:
        print(f"published index {version} to {where}", file=out, flush=True)
    else:
        print(f"index {version} is already live in {where}", file=out, flush=True)


def _watch(settings: Settings, build: Callable[[bool], None]) -> None:
    """``index --watch``: one build now, then one per settled batch of changes, until SIGTERM or Ctrl-C."""
    import signal
    import threading

    from ragqa.index.errors import IndexStoreError
    from ragqa.ingest.corpus import CorpusError
    from ragqa.ingest.watch import watch_corpus

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


@app.command()
def serve(
    corpus: Annotated[
        Path | None, typer.Option("--corpus", help="build the index from this corpus first, as `ragqa index` would")
    ] = None,
    index_dir: IndexOpt = None,
    model: ModelOpt = None,
    host: Annotated[str | None, typer.Option(help="bind address (RAGQA_HOST, default 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="port (RAGQA_PORT, default 8000)")] = None,
    log_level: Annotated[str, typer.Option(help="critical, error, warning, info or debug")] = "info",
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="worker processes on the one port (uvicorn's), each with its own model and index (see "
            "docs/benchmarks.md for the memory each takes); they share conversations and feedback",
        ),
    ] = 1,
) -> None:
    """Serve the HTTP API and the chat widget."""
    import uvicorn

    from ragqa.api.proxies import TrustedProxiesError, proxy_options
    from ragqa.observability.logs import configure_logging, secrets_of

    if log_level.lower() not in ("critical", "error", "warning", "info", "debug"):
        raise typer.BadParameter("use critical, error, warning, info or debug", param_hint="--log-level")
    settings = _settings(corpus_dir=corpus, index_dir=index_dir, embedding_model=model, host=host, port=port)
    configure_logging("debug" if _verbose else log_level, settings.log_format, secrets_of(settings))
    try:  # checked before the index loads: a typo in the proxy list fails at once
        proxies = proxy_options(settings)
    except TrustedProxiesError as exc:
        raise typer.BadParameter(str(exc)) from None
    if corpus is not None:
        _build_before_serving(settings)
    _check_conversations(settings)
    application: Any
    if workers == 1:
        from ragqa.api.app import create_app
        from ragqa.services import Services

        application = create_app(settings, Services.build(settings))
    else:  # each worker builds its own app from the environment, completed here with the options given;
        # the supervisor loads no model, index or app
        _export_settings(settings, "debug" if _verbose else log_level)
        application = "ragqa.cli:worker_app"
    # log_config=None keeps our JSON handler; the middleware writes one access line per request instead of uvicorn.
    # Forwarding headers are read only from the proxies configured (uvicorn alone believes any loopback peer).
    uvicorn.run(
        application,
        factory=workers > 1,
        workers=workers,
        host=settings.host,
        port=settings.port,
        log_level=log_level.lower(),
        log_config=None,
        access_log=False,
        proxy_headers=proxies.proxy_headers,
        forwarded_allow_ips=proxies.forwarded_allow_ips,
        timeout_keep_alive=settings.keep_alive_timeout_s,
    )


_WORKER_LOG_LEVEL = "RAGQA_SERVE_LOG_LEVEL"
"""The log level ``serve --workers`` hands its worker processes (every other setting is a ``RAGQA_*`` variable)."""


def _export_settings(settings: Settings, log_level: str) -> None:
    """Put the values the command line set into this process's environment, which the worker processes inherit:
    ``Settings()`` there reads the settings this process runs with."""
    import os

    values = {
        "RAGQA_CORPUS_DIR": str(settings.corpus_dir),
        "RAGQA_INDEX_DIR": str(settings.index_dir),
        "RAGQA_EMBEDDING_MODEL": settings.embedding_model,
        "RAGQA_HOST": settings.host,
        "RAGQA_PORT": str(settings.port),
        _WORKER_LOG_LEVEL: log_level,
    }
    os.environ.update(values)


def worker_app() -> FastAPI:
    """The app of one ``ragqa serve --workers N`` process (uvicorn calls it in each, ``factory=True``): settings from
    the environment, its own logging, model and index; conversations and feedback are in the shared SQLite files."""
    import logging
    import os

    from ragqa.api.app import create_app
    from ragqa.observability.logs import configure_logging, secrets_of

    settings = Settings()
    configure_logging(os.environ.get(_WORKER_LOG_LEVEL, "info"), settings.log_format, secrets_of(settings))
    # uvicorn silenced its access log (access_log=False) before this ran; the middleware writes one line instead
    logging.getLogger("uvicorn.access").propagate = False
    return create_app(settings)


def _check_conversations(settings: Settings) -> None:
    """Create the shared conversation database now, so an unwritable place fails at start-up, not on a question."""
    from ragqa.chat.conversation_db import SQLiteConversationStore, default_conversation_path

    SQLiteConversationStore(settings.conversation_db or default_conversation_path(settings.index_dir)).check()


def _build_before_serving(settings: Settings) -> None:
    """``serve --corpus``: bring the index up to date first, as ``ragqa index`` would (its encoder runtime,
    loaded only if something needs embedding and freed when this returns)."""
    from ragqa.embedding.encoder import index_encoder_from_settings
    from ragqa.index.build import LazyEncoder, build_from_settings

    builder = LazyEncoder(settings.embedding_model, lambda: index_encoder_from_settings(settings))
    with _build_progress() as reporter:
        report = build_from_settings(settings, builder, wait=True, progress=reporter)
    _print_build(report, out=sys.stderr)
    _publish_to_engine(settings, out=sys.stderr)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="what to look for")],
    index_dir: IndexOpt = None,
    model: ModelOpt = None,
    top_k: Annotated[int, typer.Option("-k", "--top-k", min=1, max=100, help="passages to print")] = 10,
    as_json: JsonOpt = False,
) -> None:
    """Print the passages closest to a query, best first."""
    from ragqa.api.schemas import Passage
    from ragqa.services import Services

    if not query.strip():
        raise typer.BadParameter("the query is empty: search for something", param_hint="QUERY")
    services = Services.build(_settings(index_dir=index_dir, embedding_model=model))
    try:
        hits, version = services.search(query, top_k)
    finally:
        services.executor.shutdown(wait=False)
    if as_json:
        results = [Passage.from_hit(h).model_dump() for h in hits]
        print(json.dumps({"results": results, "index_version": version}, indent=2))
        return
    for rank, hit in enumerate(hits, start=1):
        c = hit.chunk
        print(f"{rank:>2}. {hit.score:.3f}  {c.title} / {c.section}  [{c.doc_id} {c.start}:{c.end}]")
        print("    " + " ".join(c.text.split())[:300])


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="the question, as you would ask a person")],
    index_dir: IndexOpt = None,
    model: ModelOpt = None,
    top_k: Annotated[int | None, typer.Option("-k", "--top-k", min=1, max=20, help="passages to answer from")] = None,
    conversation: Annotated[
        str | None,
        typer.Option(
            "--conversation",
            help="continue (or start) the conversation with this id, so follow-up questions can refer to earlier "
            "ones; kept in RAGQA_CONVERSATION_DIR",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Answer a question with citations, as POST /ask does (with the LLM when RAGQA_LLM_BASE_URL is set)."""
    from ragqa.chat.conversations import ConversationFiles, cited_turn
    from ragqa.services import Services

    if not question.strip():
        raise typer.BadParameter("the question is empty: ask something", param_hint="QUESTION")
    settings = _settings(index_dir=index_dir, embedding_model=model)
    files = ConversationFiles(settings.conversation_dir, settings.conversation_max_turns, settings.conversation_ttl_s)
    try:
        history = files.history(conversation) if conversation else []
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--conversation") from None
    services = Services.build(settings)

    async def answer() -> AnswerResult:
        try:
            return await services.pipeline.answer(question, top_k, history=history)
        finally:
            await services.aclose()

    result = asyncio.run(answer())
    if conversation:
        turn = cited_turn(question, result.query, result.answer, [c.hit for c in result.citations])
        files.save(conversation, [*history, turn])
    if as_json:
        print(json.dumps(_answer_json(result, conversation), indent=2))
        return
    _print_answer(result, conversation)


def _answer_json(result: AnswerResult, conversation: str | None) -> dict[str, Any]:
    from ragqa.api.schemas import CitationOut

    return {
        "answer": result.answer,
        "citations": [CitationOut.from_citation(c).model_dump() for c in result.citations],
        "abstained": result.abstained,
        "mode": result.mode,
        "fallback_reason": result.fallback_reason,
        "conversation_id": conversation,
        "index_version": result.index_version,
        "query": result.query,
        "timings_ms": result.timings_ms,
        "confidence": result.confidence,
    }


CLOSEST = 3
"""Passages listed after an abstention: what came closest, for the reader to judge."""


def _print_answer(result: AnswerResult, conversation: str | None) -> None:
    """The answer, then its sources numbered as its ``[n]`` markers (after an abstention, the passages that came
    closest, which are no sources of it)."""
    print(result.answer)
    if result.citations:
        print("\nSources:")
    for c in result.citations:
        print(f"[{c.n}] {_where(c.hit.chunk)}")
    if result.abstained and not result.citations and result.hits:
        print("\nClosest passages:")
        for n, hit in enumerate(result.hits[:CLOSEST], start=1):
            print(f"{n}. {_where(hit.chunk)}")
    if result.fallback_reason:
        print(f"\n(the LLM failed: {result.fallback_reason}; this is the extractive answer)", file=sys.stderr)
    if conversation:
        print(f"\nconversation: {conversation}", file=sys.stderr)


def _where(ch: Chunk) -> str:
    """A passage's title / section (document start:end, page) and link."""
    where = f"{ch.title} / {ch.section}" if ch.section and ch.section != ch.title else ch.title
    link = f" {ch.url}" if ch.url else ""
    page = f", p. {ch.page}" if ch.page else ""
    return f"{where} ({ch.doc_id} {ch.start}:{ch.end}{page}){link}"


# ---------------------------------------------------------------- eval


def _metric_table(rows: list[dict[str, Any]], columns: list[str]) -> str:
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


def _cell(value: object) -> str:
    if value is None:
        return "-"
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def print_multihop(result: dict[str, Any], out: TextIO = sys.stdout) -> None:
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


def _print_rows(rows: list[tuple[str, object]], out: TextIO) -> None:
    """``name  value`` lines, names padded to one width."""
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name.ljust(width)}  {_cell(value)}", file=out)


def print_squad(result: dict[str, Any], out: TextIO = sys.stdout) -> None:
    print(f"SQuAD 2.0, {result['questions']} questions", file=out)
    rows = [
        ("answerable questions", result["answerable"]),
        ("gold answer in the answer", result["answer_contained"]),
        ("gold answer in its first sentence", result["first_sentence_contained"]),
        ("first citation is the gold paragraph", result["first_citation_gold"]),
        ("answerable but abstained", result["answerable_abstained"]),
        ("unanswerable questions", result["unanswerable"]),
        ("unanswerable and abstained", result["unanswerable_abstained"]),
    ]
    _print_rows(rows, out)
    c = result["chunks"]
    print(f"chunks: {c['chunks']}, mean {c['mean_tokens']} tokens, max {c['max_tokens']} tokens", file=out)
    print(f"{result['seconds']} s; index {result['index_dir']}", file=out)


SplitOpt = Annotated[
    str,
    typer.Option(
        "--split", help="tune or check half of the set (fixed seed; tune chooses weights, check reports), or all"
    ),
]


def _split(value: str) -> Split:
    if value not in ("tune", "check", "all"):
        raise typer.BadParameter("use tune, check or all", param_hint="--split")
    return value  # type: ignore[return-value]


def print_questions(result: dict[str, Any], out: TextIO = sys.stdout, misses: bool = False) -> None:
    print(f"{result['benchmark']} ({result['split']}), {result['questions']} questions", file=out)
    rows = [
        ("answerable questions", result["answerable"]),
        ("answered with the fact", result["answered_with_fact"]),
        ("the fact in the first sentence", result["fact_in_first_sentence"]),
        ("answerable but abstained", result["answerable_abstained"]),
        ("unanswerable questions", result["unanswerable"]),
        ("unanswerable and abstained", result["unanswerable_abstained"]),
    ]
    _print_rows(rows, out)
    if misses:
        for miss in result["misses"]:
            gold = " | ".join(miss["gold"]) or "(unanswerable)"
            print(f"\n- {miss['id']} {miss['question']!r}\n  gold: {gold}\n  got: {miss['answer'][:300]}", file=out)
    print(f"{result['seconds']} s; index {result['index_dir']}", file=out)


def print_conversations(result: dict[str, Any], out: TextIO = sys.stdout, misses: bool = False) -> None:
    print(
        f"{result['benchmark']} ({result['split']}), {result['conversations']} conversations, {result['turns']} turns",
        file=out,
    )
    rows = [
        ("first questions (answerable)", result["first_questions"]),
        ("answered with the fact", result["first_answered_with_fact"]),
        ("follow-ups (answerable)", result["follow_ups"]),
        ("answered with the fact", result["follow_ups_answered_with_fact"]),
        ("unanswerable turns", result["unanswerable"]),
        ("unanswerable and abstained", result["unanswerable_abstained"]),
    ]
    _print_rows(rows, out)
    if misses:
        for miss in result["misses"]:
            gold = " | ".join(miss["gold"]) or "(unanswerable)"
            print(
                f"\n- {miss['id']} {miss['question']!r} (searched: {miss['query']!r})\n  gold: {gold}\n"
                f"  got: {miss['answer'][:300]}",
                file=out,
            )
    print(f"{result['seconds']} s; index {result['index_dir']}", file=out)


CacheOpt = Annotated[
    Path | None, typer.Option("--cache-dir", help="where benchmark indexes are cached (RAGQA_EVAL_CACHE_DIR)")
]
LimitOpt = Annotated[int | None, typer.Option("--limit", min=1, help="only the first N questions (a quick check)")]
ProgressOpt = Annotated[bool, typer.Option("--progress", help="print progress to stderr")]


def _question_progress() -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        if done == total or done % 100 == 0:
            print(f"  {done}/{total}", file=sys.stderr, flush=True)

    return report


class Runner(Protocol):
    """A benchmark run over settings and encoders (``ragqa.eval.runners``), with its inputs already bound."""

    def __call__(
        self,
        settings: Settings,
        embedder: Encoder,
        *,
        progress: Callable[[int, int], None] | None,
        builder: LazyEncoder,
        build_progress: ProgressCallback | None,
    ) -> dict[str, Any]: ...


def _run_eval(
    cache_dir: Path | None,
    model: str | None,
    progress: bool,
    run: Runner,
    printer: Callable[[dict[str, Any]], None],
    as_json: bool,
) -> None:
    from ragqa.embedding.encoder import encoder_from_settings, index_encoder_from_settings
    from ragqa.index.build import LazyEncoder

    settings = _settings(eval_cache_dir=cache_dir, embedding_model=model)
    encoder = encoder_from_settings(settings)
    builder = LazyEncoder(settings.embedding_model, lambda: index_encoder_from_settings(settings))  # as ragqa index
    with _build_progress() as build_progress:
        reporter: ProgressCallback | None = build_progress if (progress or sys.stderr.isatty()) else None
        result = run(
            settings,
            encoder,
            progress=_question_progress() if progress else None,
            builder=builder,
            build_progress=reporter,
        )
    if as_json:
        print(json.dumps(result, indent=2))
    else:
        printer(result)


@eval_app.command("multihop")
def eval_multihop(
    corpus: Annotated[Path, typer.Option("--corpus", help="the benchmark's corpus.jsonl")],
    queries: Annotated[Path, typer.Option("--queries", help="queries JSON (e.g. queries-dev.json)")],
    cache_dir: CacheOpt = None,
    limit: LimitOpt = None,
    model: ModelOpt = None,
    progress: ProgressOpt = False,
    split: SplitOpt = "all",
    as_json: JsonOpt = False,
) -> None:
    """MultiHop-RAG: official retrieval metrics on the non-null queries, abstention on all of them."""
    from ragqa.eval.runners import run_multihop

    run = partial(run_multihop, corpus, queries, limit=limit, split=_split(split))
    _run_eval(cache_dir, model, progress, run, print_multihop, as_json)


@eval_app.command("squad")
def eval_squad(
    data: Annotated[Path, typer.Option("--data", help="SQuAD 2.0 JSON (data[].paragraphs[].qas[])")],
    cache_dir: CacheOpt = None,
    limit: LimitOpt = None,
    model: ModelOpt = None,
    progress: ProgressOpt = False,
    split: SplitOpt = "all",
    as_json: JsonOpt = False,
) -> None:
    """SQuAD 2.0: gold answer inside the answer, first citation, abstention on unanswerable questions."""
    from ragqa.eval.runners import run_squad

    run = partial(run_squad, data, limit=limit, split=_split(split))
    _run_eval(cache_dir, model, progress, run, print_squad, as_json)


@eval_app.command("questions")
def eval_questions(
    data: Annotated[Path, typer.Option("--data", help="a question set, e.g. bench/data/questions-default.json")],
    cache_dir: CacheOpt = None,
    limit: LimitOpt = None,
    model: ModelOpt = None,
    progress: ProgressOpt = False,
    split: SplitOpt = "all",
    misses: Annotated[bool, typer.Option("--misses", help="also print every question answered wrongly")] = False,
    as_json: JsonOpt = False,
) -> None:
    """A hand-written question set: answered with the fact (answerable), abstained (unanswerable)."""
    from ragqa.eval.runners import run_questions

    run = partial(run_questions, data, limit=limit, split=_split(split))
    _run_eval(cache_dir, model, progress, run, partial(print_questions, misses=misses), as_json)


@eval_app.command("conversations")
def eval_conversations(
    data: Annotated[
        Path, typer.Option("--data", help="a conversation set, e.g. bench/data/conversations-default.json")
    ],
    cache_dir: CacheOpt = None,
    limit: LimitOpt = None,
    model: ModelOpt = None,
    progress: ProgressOpt = False,
    split: SplitOpt = "all",
    misses: Annotated[bool, typer.Option("--misses", help="also print every turn answered wrongly")] = False,
    as_json: JsonOpt = False,
) -> None:
    """A hand-written conversation set: first questions and follow-ups answered with the fact, abstentions."""
    from ragqa.eval.runners import run_conversations

    run = partial(run_conversations, data, limit=limit, split=_split(split))
    _run_eval(cache_dir, model, progress, run, partial(print_conversations, misses=misses), as_json)


def main(argv: list[str] | None = None) -> int:
    """Run the command; a user's mistake (a bad flag, a missing index) prints one ``ragqa: error:`` line, exit 2."""
    from ragqa.api.cors import CorsConfigError
    from ragqa.api.keys import KeysFileError
    from ragqa.api.ratelimit import RateLimitSpecError
    from ragqa.chat.conversation_db import ConversationStoreError
    from ragqa.embedding.encoder import ModelError
    from ragqa.index.build import BuildLocked
    from ragqa.index.errors import IndexStoreError
    from ragqa.index.holder import IndexUnavailable
    from ragqa.ingest.corpus import CorpusError

    known = (
        CorpusError,
        ModelError,
        BuildLocked,
        IndexStoreError,
        IndexUnavailable,
        RateLimitSpecError,
        CorsConfigError,
        KeysFileError,
        ConversationStoreError,
        FileNotFoundError,
    )
    # typer >= 0.26 raises its own copy of click's exceptions (typer._click), not click's: catch both
    try:
        result = app(args=argv, prog_name="ragqa", standalone_mode=False)
    except (click.exceptions.Exit, typer.Exit) as exc:
        return exc.exit_code
    except (click.ClickException, typer.TyperException) as exc:
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        else:
            print(f"ragqa: error: {exc.format_message()}", file=sys.stderr)
        return exc.exit_code
    except (click.exceptions.Abort, typer.Abort):
        print("aborted", file=sys.stderr)
        return 130
    except known as exc:
        print(f"ragqa: error: {exc}", file=sys.stderr)
        return 2
    except ValidationError as exc:
        if exc.title != Settings.__name__:
            raise
        for line in _settings_errors(exc):
            print(f"ragqa: error: {line}", file=sys.stderr)
        return 2
    return result if isinstance(result, int) else 0


def _settings_errors(exc: ValidationError) -> list[str]:
    """One line per bad ``RAGQA_*`` setting, naming the variable; never the value (it may be a secret)."""
    lines = []
    for error in exc.errors(include_url=False, include_input=False, include_context=False):
        message = error["msg"].removeprefix("Value error, ")
        variable = "RAGQA_" + str(error["loc"][0]).upper() if error["loc"] else "RAGQA_*"
        lines.append(message if message.startswith(variable) else f"{variable}: {message}")
    return lines


if __name__ == "__main__":
    sys.exit(main())
