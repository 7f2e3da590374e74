"""Run the benchmarks behind ``ragqa eval``: MultiHop-RAG retrieval + abstention, SQuAD 2.0 answers.

Both go through ``QAService`` over a cached index, so what is measured is what ``/search`` and
``/ask`` do with the same settings.
"""

from __future__ import annotations

import hashlib
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from ragqa.config import Settings
from ragqa.embedding import Embedder
from ragqa.evalindex import cached_index, multihop_index, query_vectors, stage_corpus
from ragqa.evaluation import REFERENCE_ROWS, answer_contains, retrieval_metrics
from ragqa.indexer import LazyEmbedder
from ragqa.service import QAService

NULL_TYPE = "null_query"
Progress = Callable[[int, int], None]


def _service(settings: Settings, index_dir: Path, embedder: Embedder) -> QAService:
    return QAService.from_settings(settings.model_copy(update={"index_dir": index_dir}), embedder)


def _prime(service: QAService, questions: list[str], index_dir: Path, embedder: Embedder) -> None:
    retriever = service.holder.current
    retriever.prime_vectors(query_vectors(embedder, questions, index_dir))


def chunk_lengths(index, embedder: Embedder) -> dict:
    """Mean and max chunk length in model tokens (the passage text, as the benchmark's chunks)."""
    counts = [embedder.count_tokens(c.text) for c in index.chunks]
    return {"chunks": len(counts), "mean_tokens": round(statistics.fmean(counts), 1), "max_tokens": max(counts)}


def run_multihop(
    corpus: Path,
    queries_path: Path,
    settings: Settings,
    embedder: Embedder,
    limit: int | None = None,
    progress: Progress | None = None,
    builder: Embedder | LazyEmbedder | None = None,
) -> dict:
    """Official retrieval metrics on the non-null queries; abstention rates on all of them.

    Questions are encoded by ``embedder`` (the server's runtime); a missing index is built by ``builder``
    (``ragqa index``'s runtime; default ``embedder``), as the product builds it.
    """
    index, index_dir = multihop_index(
        corpus, builder or embedder, settings.eval_cache_dir, show_progress=progress is not None
    )
    service = _service(settings, index_dir, embedder)
    queries = json.loads(Path(queries_path).read_text())[:limit]
    _prime(service, [q["query"] for q in queries], index_dir, embedder)
    runs = []
    abstained = {"null": 0, "answerable": 0}
    totals = {"null": 0, "answerable": 0}
    by_type_abstain: dict[str, list[int]] = {}
    started = time.perf_counter()
    top_k = settings.default_top_k
    for i, q in enumerate(queries):
        qtype = q["question_type"]
        # one ranking serves both: the answer is built from its first top_k passages, as /ask does
        hits, _ = service.search(q["query"], max(10, top_k))
        if qtype != NULL_TYPE:
            runs.append((qtype, [h.chunk.text for h in hits[:10]], [e["fact"] for e in q["evidence_list"]]))
        result = service.extractive(q["query"], hits[:top_k])
        kind = "null" if qtype == NULL_TYPE else "answerable"
        totals[kind] += 1
        abstained[kind] += result.abstained
        by_type_abstain.setdefault(qtype, [0, 0])
        by_type_abstain[qtype][0] += result.abstained
        by_type_abstain[qtype][1] += 1
        if progress:
            progress(i + 1, len(queries))
    seconds = time.perf_counter() - started
    metrics = retrieval_metrics(runs).as_dict()
    return {
        "benchmark": "multihop-rag",
        "queries": len(queries),
        "retrieval": metrics,
        "abstention": {
            "null_abstained": round(abstained["null"] / max(totals["null"], 1), 4),
            "answerable_abstained": round(abstained["answerable"] / max(totals["answerable"], 1), 4),
            "null_queries": totals["null"],
            "answerable_queries": totals["answerable"],
            "by_type": {t: round(a / n, 4) for t, (a, n) in sorted(by_type_abstain.items())},
        },
        "chunks": chunk_lengths(index, embedder),
        "reference": REFERENCE_ROWS,
        "settings": _ranking_settings(settings),
        "seconds": round(seconds, 1),
        "index_dir": str(index_dir),
    }


def squad_records(data_path: Path) -> tuple[list[dict], list[dict]]:
    """SQuAD 2.0 as documents (one per paragraph) and questions pointing at their paragraph id."""
    data = json.loads(Path(data_path).read_text())["data"]
    records, questions = [], []
    for article in data:
        title = article["title"].replace("_", " ")
        for p_no, paragraph in enumerate(article["paragraphs"]):
            doc_id = f"{article['title']}#{p_no}"
            records.append({"id": doc_id, "title": title, "text": paragraph["context"]})
            for qa in paragraph["qas"]:
                questions.append(
                    {
                        "question": qa["question"],
                        "doc_id": doc_id,
                        "impossible": bool(qa.get("is_impossible")),
                        "answers": [a["text"] for a in qa.get("answers", [])],
                    }
                )
    return records, questions


def run_squad(
    data_path: Path,
    settings: Settings,
    embedder: Embedder,
    limit: int | None = None,
    progress: Progress | None = None,
    builder: Embedder | LazyEmbedder | None = None,
) -> dict:
    """Answer containment and first-citation accuracy (answerable), abstention (unanswerable); encoders as in
    ``run_multihop``."""
    records, questions = squad_records(data_path)
    key = hashlib.sha256(Path(data_path).read_bytes()).hexdigest()[:12]
    staging = stage_corpus(records, Path(settings.eval_cache_dir) / f"staging-squad-{key}")
    index, index_dir = cached_index(
        "squad", staging, builder or embedder, settings.eval_cache_dir, show_progress=progress is not None
    )
    service = _service(settings, index_dir, embedder)
    questions = questions[:limit]
    _prime(service, [q["question"] for q in questions], index_dir, embedder)
    contained = cited = answerable = abstained_answerable = 0
    impossible = abstained_impossible = 0
    started = time.perf_counter()
    for i, q in enumerate(questions):
        result = service.ask(q["question"])
        if q["impossible"]:
            impossible += 1
            abstained_impossible += result.abstained
        else:
            answerable += 1
            abstained_answerable += result.abstained
            contained += (not result.abstained) and answer_contains(result.answer, q["answers"])
            cited += bool(result.citations) and result.citations[0].hit.chunk.doc_id == q["doc_id"]
        if progress:
            progress(i + 1, len(questions))
    return {
        "benchmark": "squad2",
        "questions": len(questions),
        "answerable": answerable,
        "answer_contained": round(contained / max(answerable, 1), 4),
        "first_citation_gold": round(cited / max(answerable, 1), 4),
        "answerable_abstained": round(abstained_answerable / max(answerable, 1), 4),
        "unanswerable": impossible,
        "unanswerable_abstained": round(abstained_impossible / max(impossible, 1), 4),
        "chunks": chunk_lengths(index, embedder),
        "settings": _ranking_settings(settings),
        "seconds": round(time.perf_counter() - started, 1),
        "index_dir": str(index_dir),
    }


def _ranking_settings(settings: Settings) -> dict:
    names = (
        "hybrid_search",
        "keyword_weight",
        "sentence_weight",
        "keyword_k1",
        "keyword_b",
        "source_boost",
        "date_boost",
        "clause_weight",
        "clause_picks",
        "clause_question_weight",
        "source_picks",
        "per_doc_cap",
        "rerank_model",
        "default_top_k",
        "abstain_threshold",
        "abstain_unknown",
        "answer_max_sentences",
        "chunk_max_tokens",
    )
    return {n: getattr(settings, n) for n in names if hasattr(settings, n)}
