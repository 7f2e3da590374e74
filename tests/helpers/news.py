"""A small collection served for real (fake encoder): JSONL rows (or a folder's files) in, ``Services`` and an ``ask``
out."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from helpers.fake_encoder import FakeEncoder
from ragqa.answering.pipeline import AnswerResult
from ragqa.config import Settings
from ragqa.index.build import build_index
from ragqa.services import Services

Row = tuple[str, str, str, str, str]
"""(id, title, outlet, day, text); the author is "<outlet> staff"."""

THREE_ARTICLES: list[Row] = [
    ("t1", "Tires are saving us", "The Verge", "2023-11-17", "Tires shed particles on every road."),
    ("t2", "Road trip", "TechCrunch", "2023-11-20", "We changed the tires twice before Reno."),
    ("a1", "Apple defends its search deal", "The Verge", "2023-11-10", "Apple told the court it had to."),
]


@contextlib.contextmanager
def corpus_services(tmp_path: Path, files: Mapping[str, str | bytes]) -> Iterator[Services]:
    """The real services (fake encoder) over a corpus folder of ``files`` (name: text, or a binary file's bytes: a
    Word file), closed after use."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, content in files.items():
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    build_index(corpus, tmp_path / "index", FakeEncoder())
    services = Services.build(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"), FakeEncoder())
    try:
        yield services
    finally:
        asyncio.run(services.aclose())


@contextlib.contextmanager
def folder_chat(tmp_path: Path, files: Mapping[str, str | bytes]) -> Iterator[Callable[..., AnswerResult]]:
    """``chat(*questions)``: the real services over a corpus folder of ``files`` (``corpus_services``), the
    questions asked as one conversation, each turn kept as the service keeps it; the last answer comes back."""
    from ragqa.chat.conversations import Turn, cited_turn

    with corpus_services(tmp_path, files) as services:

        def chat(*questions: str) -> AnswerResult:
            history: list[Turn] = []
            for question in questions:
                result = asyncio.run(services.pipeline.answer(question, history=list(history)))
                history.append(cited_turn(question, result.query, result.answer, [c.hit for c in result.citations]))
            return result

        yield chat


def news_services(tmp_path: Path, rows: list[Row], authors: dict[str, str] | None = None) -> Services:
    """The real services (fake encoder) over a JSONL corpus of ``rows`` (``authors``: bylines by row id, in place
    of "<outlet> staff")."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "news.jsonl").write_text(
        "".join(
            json.dumps(
                {
                    "id": i,
                    "title": t,
                    "source": s,
                    "published_at": d,
                    "text": x,
                    "author": (authors or {}).get(i, f"{s} staff"),
                }
            )
            + "\n"
            for i, t, s, d, x in rows
        )
    )
    fake = FakeEncoder()
    build_index(corpus, tmp_path / "index", fake)
    return Services.build(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"), fake)


@contextlib.contextmanager
def asking(
    tmp_path: Path, rows: list[Row], authors: dict[str, str] | None = None
) -> Iterator[Callable[[str], AnswerResult]]:
    """``ask(question)`` answered by ``news_services`` over ``rows`` (no history), closed afterwards."""
    services = news_services(tmp_path, rows, authors)
    try:
        yield lambda question: asyncio.run(services.pipeline.answer(question, history=[]))
    finally:
        asyncio.run(services.aclose())


@contextlib.contextmanager
def chatting(tmp_path: Path, rows: list[Row], authors: dict[str, str] | None = None) -> Iterator[Callable[[str], str]]:
    """``ask(question)`` answered by ``news_services`` over ``rows`` as one conversation: each turn keeps what its
    answer cited (``cited_turn``), as the service stores it; the answer's text comes back."""
    from ragqa.chat.conversations import Turn, cited_turn

    services = news_services(tmp_path, rows, authors)
    history: list[Turn] = []

    def ask(question: str) -> str:
        result = asyncio.run(services.pipeline.answer(question, history=list(history)))
        history.append(cited_turn(question, result.query, result.answer, [c.hit for c in result.citations]))
        return result.answer

    try:
        yield ask
    finally:
        asyncio.run(services.aclose())
