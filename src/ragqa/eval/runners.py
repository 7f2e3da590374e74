"""Run the benchmarks behind ``ragqa eval``: MultiHop-RAG retrieval + abstention, SQuAD 2.0 answers.

Both build the same ``Services`` as the server over a cached index: rankings come from ``Services.search``
(what ``/search`` does) and answers from the one answer pipeline (what ``/ask`` does), with the same settings.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ragqa.answering.pipeline import AnswerResult
from ragqa.chat.conversations import Turn, cited_turn
from ragqa.config import Settings
from ragqa.embedding.encoder import Encoder
from ragqa.eval.index_cache import cached_index, multihop_index, query_vectors, stage_corpus
from ragqa.eval.metrics import REFERENCE_ROWS, Split, answer_contains, first_claim, in_split, retrieval_metrics
from ragqa.index.build import LazyEncoder, ProgressCallback
from ragqa.index.store import LoadedIndex
from ragqa.retrieval.milvus_retriever import publish_to_milvus
from ragqa.services import Services

NULL_TYPE = "null_query"
Progress = Callable[[int, int], None]


def _services(settings: Settings, index_dir: Path, embedder: Encoder, questions: list[str]) -> Services:
    """The server's services over the benchmark's index, with the questions' vectors computed once, each alone
    as the server computes them (``index_cache.query_vectors``), and cached beside the index."""
    settings = settings.model_copy(update={"index_dir": index_dir})
    if settings.store == "milvus":  # the benchmark's version, copied into the engine the services then search
        publish_to_milvus(settings)
    services = Services.build(settings, embedder)
    services.holder.current.prime_vectors(query_vectors(embedder, questions, index_dir))
    return services


def chunk_lengths(index: LoadedIndex, embedder: Encoder) -> dict[str, Any]:
    """Mean and max chunk length in model tokens (the passage text, as the benchmark's chunks)."""
    counts = [embedder.count_tokens(c.text) for c in index.chunks]
    return {"chunks": len(counts), "mean_tokens": round(statistics.fmean(counts), 1), "max_tokens": max(counts)}


def run_multihop(
    corpus: Path,
    queries_path: Path,
    settings: Settings,
    embedder: Encoder,
    limit: int | None = None,
    progress: Progress | None = None,
    builder: Encoder | LazyEncoder | None = None,
    build_progress: ProgressCallback | None = None,
    split: Split = "all",
) -> dict[str, Any]:
    """Official retrieval metrics on the non-null queries; abstention rates on all of them (of ``split``).

    Questions are encoded by ``embedder`` (the server's runtime); a missing index is built by ``builder``
    (``ragqa index``'s runtime; default ``embedder``), as the product builds it.
    """
    index, index_dir = multihop_index(corpus, builder or embedder, settings.eval_cache_dir, progress=build_progress)
    queries = [q for q in json.loads(Path(queries_path).read_text()) if in_split(q["query"], split)][:limit]
    services = _services(settings, index_dir, embedder, [q["query"] for q in queries])
    runs = []
    abstained = {"null": 0, "answerable": 0}
    totals = {"null": 0, "answerable": 0}
    by_type_abstain: dict[str, list[int]] = {}
    started = time.perf_counter()
    for q in queries:
        if q["question_type"] != NULL_TYPE:
            hits, _ = services.search(q["query"], 10)
            runs.append((q["question_type"], [h.chunk.text for h in hits], [e["fact"] for e in q["evidence_list"]]))
    answers = _answer_all(services, [q["query"] for q in queries], progress)  # closes the services
    for q, result in zip(queries, answers):
        qtype = q["question_type"]
        kind = "null" if qtype == NULL_TYPE else "answerable"
        totals[kind] += 1
        abstained[kind] += result.abstained
        by_type_abstain.setdefault(qtype, [0, 0])
        by_type_abstain[qtype][0] += result.abstained
        by_type_abstain[qtype][1] += 1
    seconds = time.perf_counter() - started
    metrics = retrieval_metrics(runs).as_dict()
    return {
        "benchmark": "multihop-rag",
        "split": split,
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


def squad_records(data_path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
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
                        "id": qa.get("id") or qa["question"],
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
    embedder: Encoder,
    limit: int | None = None,
    progress: Progress | None = None,
    builder: Encoder | LazyEncoder | None = None,
    build_progress: ProgressCallback | None = None,
    split: Split = "all",
) -> dict[str, Any]:
    """Answer containment and first-citation accuracy (answerable), abstention (unanswerable); encoders as in
    ``run_multihop``."""
    records, questions = squad_records(data_path)
    key = hashlib.sha256(Path(data_path).read_bytes()).hexdigest()[:12]
    staging = stage_corpus(records, Path(settings.eval_cache_dir) / f"staging-squad-{key}")
    index, index_dir = cached_index(
        "squad", staging, builder or embedder, settings.eval_cache_dir, progress=build_progress
    )
    questions = [q for q in questions if in_split(q["id"], split)][:limit]
    services = _services(settings, index_dir, embedder, [q["question"] for q in questions])
    contained = first = cited = answerable = abstained_answerable = 0
    impossible = abstained_impossible = 0
    started = time.perf_counter()
    answers = _answer_all(services, [q["question"] for q in questions], progress)
    for q, result in zip(questions, answers):
        if q["impossible"]:
            impossible += 1
            abstained_impossible += result.abstained
        else:
            answerable += 1
            abstained_answerable += result.abstained
            contained += (not result.abstained) and answer_contains(result.answer, q["answers"])
            first += (not result.abstained) and answer_contains(first_claim(result.answer), q["answers"])
            cited += bool(result.citations) and result.citations[0].hit.chunk.doc_id == q["doc_id"]
    return {
        "benchmark": "squad2",
        "split": split,
        "questions": len(questions),
        "answerable": answerable,
        "answer_contained": round(contained / max(answerable, 1), 4),
        "first_sentence_contained": round(first / max(answerable, 1), 4),
        "first_citation_gold": round(cited / max(answerable, 1), 4),
        "answerable_abstained": round(abstained_answerable / max(answerable, 1), 4),
        "unanswerable": impossible,
        "unanswerable_abstained": round(abstained_impossible / max(impossible, 1), 4),
        "chunks": chunk_lengths(index, embedder),
        "settings": _ranking_settings(settings),
        "seconds": round(time.perf_counter() - started, 1),
        "index_dir": str(index_dir),
    }


def _answer_all(services: Services, questions: list[str], progress: Progress | None) -> list[AnswerResult]:
    """Every question answered through the one answer pipeline (each on its own, no conversation); closes
    ``services`` when done."""

    async def run() -> list[AnswerResult]:
        results = []
        try:
            for i, question in enumerate(questions):
                results.append(await services.pipeline.answer(question, history=[]))
                if progress:
                    progress(i + 1, len(questions))
        finally:
            await services.aclose()
        return results

    return asyncio.run(run())


def _ranking_settings(settings: Settings) -> dict[str, Any]:
    names = (
        "hybrid_search",
        "keyword_weight",
        "sentence_weight",
        "keyword_k1",
        "keyword_b",
        "source_boost",
        "date_boost",
        "document_boost",
        "source_picks",
        "per_doc_cap",
        "rerank_model",
        "default_top_k",
        "abstain_threshold",
        "answer_max_sentences",
        "chunk_max_tokens",
    )
    return {n: getattr(settings, n) for n in names if hasattr(settings, n)}


def _question_corpus(spec: dict[str, Any], data_path: Path, cache_dir: Path) -> Path:
    """The corpus folder a question set is about: ``{"folder": path}``, ``{"squad": file, "titles": [...]}``
    (those SQuAD articles staged as a JSONL corpus), or ``{"jsonl": file, "ids": [...]}`` (those records of a
    JSONL corpus, staged). Paths are relative to the working directory or, failing
    that, to the folder above the one holding the set (the repository root for ``bench/data/``)."""

    def resolve(value: str) -> Path:
        path = Path(value)
        if path.is_absolute() or path.exists():
            return path
        return (data_path.resolve().parent.parent / path).resolve()

    if "folder" in spec:
        return resolve(spec["folder"])
    if "squad" in spec:
        records, _ = squad_records(resolve(spec["squad"]))
        titles = {t.replace("_", " ") for t in spec.get("titles", [])}
        chosen = [r for r in records if not titles or r["title"] in titles]
        if not chosen:
            raise ValueError(f"{data_path}: no SQuAD article titled {sorted(titles)}")
        key = hashlib.sha256(json.dumps(chosen, sort_keys=True).encode()).hexdigest()[:12]
        return stage_corpus(chosen, cache_dir / f"staging-questions-{key}")
    if "jsonl" in spec:
        wanted = set(spec.get("ids", []))
        with resolve(spec["jsonl"]).open(encoding="utf-8") as lines:
            chosen = [r for r in map(json.loads, lines) if not wanted or r.get("id") in wanted]
        if not chosen or (wanted and len(chosen) != len(wanted)):
            raise ValueError(f"{data_path}: the corpus lacks some of the ids {sorted(wanted)}")
        key = hashlib.sha256(json.dumps(chosen, sort_keys=True).encode()).hexdigest()[:12]
        return stage_corpus(chosen, cache_dir / f"staging-questions-{key}")
    raise ValueError(f"{data_path}: 'corpus' must hold 'folder', 'squad' or 'jsonl'")


def _set_index(
    data: dict[str, Any],
    data_path: Path,
    settings: Settings,
    builder: Encoder | LazyEncoder,
    build_progress: ProgressCallback | None,
) -> tuple[LoadedIndex, Path]:
    """The cached index of a hand-written set's corpus (built the first time)."""
    corpus_dir = _question_corpus(data["corpus"], data_path, Path(settings.eval_cache_dir))
    name = str(data.get("name", "set"))
    prefix = "" if name.startswith("conversations-") else "questions-"
    return cached_index(f"{prefix}{name}", corpus_dir, builder, settings.eval_cache_dir, progress=build_progress)


def run_questions(
    data_path: Path,
    settings: Settings,
    embedder: Encoder,
    limit: int | None = None,
    progress: Progress | None = None,
    builder: Encoder | LazyEncoder | None = None,
    build_progress: ProgressCallback | None = None,
    split: Split = "all",
) -> dict[str, Any]:
    """A hand-written question set (``bench/data/questions-*.json``): how often an answerable question is answered
    with its fact (a gold string inside the answer), and how often an unanswerable one abstains."""
    data = json.loads(Path(data_path).read_text())
    index, index_dir = _set_index(data, Path(data_path), settings, builder or embedder, build_progress)
    questions = [q for q in data["questions"] if in_split(str(q["id"]), split)][:limit]
    services = _services(settings, index_dir, embedder, [q["question"] for q in questions])
    started = time.perf_counter()
    answers = _answer_all(services, [q["question"] for q in questions], progress)
    rows = []
    for q, result in zip(questions, answers):
        answerable, gold = bool(q["answers"]), q["answers"]
        correct = (
            (not result.abstained and answer_contains(result.answer, q["answers"]))
            if answerable
            else (result.abstained)
        )
        rows.append(
            {
                "id": q["id"],
                "question": q["question"],
                "kind": q.get("kind", ""),
                "answerable": answerable,
                "abstained": result.abstained,
                "correct": bool(correct),
                "first": answerable and not result.abstained and answer_contains(first_claim(result.answer), gold),
                "answer": result.answer,
                "gold": q["answers"],
            }
        )
    answerable_rows = [r for r in rows if r["answerable"]]
    unanswerable_rows = [r for r in rows if not r["answerable"]]

    def rate(items: list[dict[str, Any]], key: str) -> float:
        return round(sum(bool(r[key]) for r in items) / max(len(items), 1), 4)

    return {
        "benchmark": f"questions:{data.get('name', Path(data_path).stem)}",
        "split": split,
        "questions": len(rows),
        "answerable": len(answerable_rows),
        "answered_with_fact": rate(answerable_rows, "correct"),
        "fact_in_first_sentence": rate(answerable_rows, "first"),
        "answerable_abstained": rate(answerable_rows, "abstained"),
        "unanswerable": len(unanswerable_rows),
        "unanswerable_abstained": rate(unanswerable_rows, "abstained"),
        "misses": [r for r in rows if not r["correct"]],
        "chunks": chunk_lengths(index, embedder),
        "settings": _ranking_settings(settings),
        "seconds": round(time.perf_counter() - started, 1),
        "index_dir": str(index_dir),
    }


def run_conversations(
    data_path: Path,
    settings: Settings,
    embedder: Encoder,
    limit: int | None = None,
    progress: Progress | None = None,
    builder: Encoder | LazyEncoder | None = None,
    build_progress: ProgressCallback | None = None,
    split: Split = "all",
) -> dict[str, Any]:
    """A hand-written conversation set (``bench/data/conversations-*.json``): each conversation's turns asked in
    order with the earlier turns as history, as the widget's follow-ups are; how often a first question and a
    follow-up are answered with their fact, and how often an unanswerable turn abstains. The split is by
    conversation."""
    data = json.loads(Path(data_path).read_text())
    index, index_dir = _set_index(data, Path(data_path), settings, builder or embedder, build_progress)
    conversations = [c for c in data["conversations"] if in_split(str(c["id"]), split)][:limit]
    first = [c["turns"][0]["question"] for c in conversations]
    services = _services(settings, index_dir, embedder, first)
    started = time.perf_counter()

    async def run() -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        try:
            for n, conversation in enumerate(conversations):
                history: list[Turn] = []
                for i, turn in enumerate(conversation["turns"]):
                    result = await services.pipeline.answer(turn["question"], history=list(history))
                    gold = turn["answers"]
                    rows.append(
                        {
                            "id": f"{conversation['id']}.{i + 1}",
                            "question": turn["question"],
                            "follow_up": i > 0,
                            "answerable": bool(gold),
                            "abstained": result.abstained,
                            "correct": (not result.abstained and answer_contains(result.answer, gold))
                            if gold
                            else result.abstained,
                            "answer": result.answer,
                            "gold": gold,
                            "query": result.query,
                        }
                    )
                    cited = [c.hit for c in result.citations]
                    history.append(cited_turn(turn["question"], result.query, result.answer, cited))
                if progress:
                    progress(n + 1, len(conversations))
        finally:
            await services.aclose()
        return rows

    rows = asyncio.run(run())

    def rate(items: list[dict[str, Any]]) -> float:
        return round(sum(bool(r["correct"]) for r in items) / max(len(items), 1), 4)

    def answerable(follow_up: bool) -> list[dict[str, Any]]:
        return [r for r in rows if r["answerable"] and r["follow_up"] == follow_up]

    unanswerable = [r for r in rows if not r["answerable"]]
    return {
        "benchmark": f"conversations:{data.get('name', Path(data_path).stem)}",
        "split": split,
        "conversations": len(conversations),
        "turns": len(rows),
        "first_questions": len(answerable(False)),
        "first_answered_with_fact": rate(answerable(False)),
        "follow_ups": len(answerable(True)),
        "follow_ups_answered_with_fact": rate(answerable(True)),
        "unanswerable": len(unanswerable),
        "unanswerable_abstained": rate(unanswerable),
        "misses": [r for r in rows if not r["correct"]],
        "chunks": chunk_lengths(index, embedder),
        "seconds": round(time.perf_counter() - started, 1),
        "index_dir": str(index_dir),
    }
