"""Everything a running ragqa holds, built once at start-up: the encoder, the live index, the answer pipeline,
feedback and rebuild jobs.

Why one object: the HTTP app, ``ragqa ask`` and ``ragqa eval`` all answer through the same pieces built the same
way, so a fix to answering reaches every entry point, and nothing is created lazily on a first request.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ragqa.answering.llm import LLMClient
from ragqa.answering.pipeline import AnswerPipeline
from ragqa.chat.conversation_db import SQLiteConversationStore, default_conversation_path
from ragqa.chat.feedback import FeedbackStore, default_feedback_path
from ragqa.config import Settings
from ragqa.embedding.encoder import Encoder, encoder_from_settings, twin_factory
from ragqa.embedding.onnx import default_cache_dir
from ragqa.index.build import LazyEncoder
from ragqa.index.engine_holder import EngineHolder
from ragqa.index.holder import NOT_LOADED, IndexHolder
from ragqa.index.jobs import ReindexJobs
from ragqa.index.milvus_store import EngineIndex, connect
from ragqa.index.store import LoadedIndex
from ragqa.ingest.document_store import DocumentStore, store_path
from ragqa.observability import tracing
from ragqa.records import Hit
from ragqa.retrieval.filters import Filters
from ragqa.retrieval.milvus_retriever import EngineOptions, EngineRetriever, publish_to_milvus
from ragqa.retrieval.retriever import RetrievalOptions, Retriever, limit_threads
from ragqa.retrieval.searcher import Searcher

IndexState = Literal["ready", "degraded", "not_ready"]


@dataclass(frozen=True)
class IndexStatus:
    """What is served: ``ready`` (the published version), ``degraded`` (the published version was refused and an
    older good one is served), or ``not_ready`` (nothing loaded; ``reason`` says why).

    ``problem`` and ``reason`` name paths and files (for operators and logs); ``public_problem`` and
    ``public_reason`` say the same without them (for open routes such as ``/ready``).
    """

    state: IndexState
    index: LoadedIndex | None
    published_version: str | None
    problem: str | None
    reason: str | None
    public_problem: str | None
    public_reason: str | None
    load_seconds: float | None
    refused: dict[str, str]


def _engine_holder(settings: Settings, encoder: Encoder, executor: ThreadPoolExecutor) -> IndexHolder[Searcher]:
    """``RAGQA_STORE=milvus``: versions read from Milvus, searched there; fails at start-up (one line, no
    traceback) when ``RAGQA_MILVUS_URI`` is missing or unreachable."""
    client = connect(settings)
    options = EngineOptions.from_settings(settings)

    def serve(index: LoadedIndex) -> Searcher:
        assert isinstance(index, EngineIndex)
        return EngineRetriever(index, client, encoder, options, executor)

    name, uri = settings.milvus_collection, settings.milvus_uri
    return EngineHolder(client, name, uri, encoder.name, encoder.dimension, serve, settings.index_dir)


def _warm_store(settings: Settings, encoder: Encoder) -> Path:
    """Where warmed sentence vectors are saved: beside the ONNX exports, one folder per model and runtime and one
    per index folder within it (each collection keeps its own newest versions)."""
    name = re.sub(r"[^\w.-]+", "_", f"{encoder.name}-{encoder.runtime}").strip("_")
    index = hashlib.sha256(str(Path(settings.index_dir).resolve()).encode()).hexdigest()[:16]
    return (settings.onnx_cache_dir or default_cache_dir()) / "sentences" / name / index


@dataclass
class Services:
    """The pieces every entry point uses; build with ``Services.build``."""

    settings: Settings
    encoder: Encoder
    holder: IndexHolder[Searcher]
    pipeline: AnswerPipeline
    feedback: FeedbackStore
    jobs: ReindexJobs
    executor: ThreadPoolExecutor
    started_at: float
    documents: DocumentStore
    """The documents posted through ``/documents`` (``<index_dir>/documents/``, created on the first write)."""

    @classmethod
    def build(
        cls,
        settings: Settings,
        encoder: Encoder | None = None,
        llm: LLMClient | None = None,
        index_encoder: Encoder | LazyEncoder | None = None,
    ) -> Services:
        """Load the encoder (unless given) and whatever index is published; set the process's thread limits.

        ``llm`` None means the one the settings configure. A bad LLM setting fails here, at start-up.
        ``index_encoder`` None means rebuild jobs load the configured index runtime on their first need.
        """
        limit_threads()
        tracing.configure_tracing()  # OTLP export when the standard OTEL_* variables ask for it; else no-op
        encoder = encoder or encoder_from_settings(settings)
        options = RetrievalOptions.from_settings(settings)
        # encodes questions while the searching thread scores their words (one worker per concurrent search)
        executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix="ragqa-encode")

        def serve(index: LoadedIndex) -> Searcher:
            return Retriever(index, encoder, options, executor)

        holder: IndexHolder[Searcher]
        if settings.store == "milvus":
            holder = _engine_holder(settings, encoder, executor)
        else:
            holder = IndexHolder(settings.index_dir, encoder.name, encoder.dimension, serve)
        holder.reload_if_changed()
        # in SQLite, so a follow-up landing on another replica or worker continues the same conversation; the file
        # is created on the first question (`ragqa ask` and `ragqa search` never touch it)
        conversations = SQLiteConversationStore(
            settings.conversation_db or default_conversation_path(settings.index_dir),
            max_turns=settings.conversation_max_turns,
            ttl_s=settings.conversation_ttl_s,
            max_conversations=settings.conversation_max_count,
        )
        # Milvus holds the chunks: nothing to warm here (its sentences are encoded when a question needs them)
        twin = twin_factory(encoder) if settings.store == "local" else None
        pipeline = AnswerPipeline(
            settings,
            holder,
            encoder,
            conversations=conversations,
            llm=llm,
            twin=twin,
            warm_store=_warm_store(settings, encoder),
        )
        feedback = FeedbackStore(
            settings.feedback_db or default_feedback_path(settings.index_dir),
            max_per_conversation=settings.feedback_max_per_conversation,
            max_rows=settings.feedback_max_rows,
        )
        publish = (lambda: publish_to_milvus(settings)) if settings.store == "milvus" else None
        jobs = ReindexJobs(settings, holder, index_encoder, publish=publish)
        documents = DocumentStore(store_path(settings.index_dir))
        return cls(settings, encoder, holder, pipeline, feedback, jobs, executor, time.time(), documents)

    def index_pending_documents(self) -> str | None:
        """Start a build when the store holds writes the served index lacks (a server killed before its build
        ran, or restarted): the job id, or None when the index is up to date with the store."""
        wanted = self.documents.find_hashes()
        if not wanted:
            return None
        retriever = self.holder.serving
        held = {r.doc_id: r.content_hash for r in retriever.index.document_records} if retriever is not None else {}
        if all(held.get(doc_id) == digest if digest is not None else True for doc_id, digest in wanted.items()):
            if not any(digest is None and doc_id in held for doc_id, digest in wanted.items()):
                return None
        return self.jobs.request_build().id

    def search(self, query: str, top_k: int, filters: Filters | None = None) -> tuple[list[Hit], str]:
        """The best passages for ``query`` (among those passing ``filters``) and their index version."""
        retriever = self.holder.current
        return retriever.search(query, top_k, filters), retriever.version

    def status(self) -> IndexStatus:
        """The one place that says whether the service is ready (``/ready``, ``/admin/index``, ``ragqa``)."""
        holder = self.holder
        retriever = holder.serving
        if retriever is None:
            state: IndexState = "not_ready"
        else:
            state = "degraded" if holder.problem else "ready"
        return IndexStatus(
            state=state,
            index=retriever.index if retriever is not None else None,
            published_version=holder.published(),
            problem=holder.problem,
            reason=None if retriever is not None else holder.last_error or "no index loaded",
            public_problem=holder.public_problem if holder.problem else None,
            public_reason=None if retriever is not None else holder.public_error or NOT_LOADED,
            load_seconds=holder.load_seconds,
            refused=dict(holder.refused),
        )

    def warm_status(self) -> dict[str, str | int | None]:
        """The sentence vectors encoded ahead of questions (``answering.warm``): state, sentences, version."""
        return dataclasses.asdict(self.pipeline.warmer.status())

    async def aclose(self) -> None:
        """Close the LLM client's connections and stop the encoding workers."""
        await self.pipeline.aclose()
        self.executor.shutdown(wait=False)
