"""The plain records every stage passes along: documents, sections, chunks, hits, indexed documents.

Dependency-free on purpose: any module (a pure citation helper, the store, the API schemas) can import
them without pulling in models, FAISS or threads.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Section:
    """A heading and the character range of its body in ``Document.text`` (the heading line excluded)."""

    heading: str
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """One article: its cleaned text, the sections inside it, and the metadata shown with citations."""

    doc_id: str
    title: str
    text: str
    sections: tuple[Section, ...]
    url: str = ""
    source: str = ""
    author: str = ""
    published_at: str = ""
    category: str = ""
    path: str = ""
    page_starts: tuple[int, ...] = ()
    """Where each page begins in ``text`` (a PDF's pages; empty for documents without pages)."""

    def page_at(self, offset: int) -> int:
        """The 1-based page holding ``offset`` (0 when the document has no pages)."""
        return bisect.bisect_right(self.page_starts, offset) if self.page_starts else 0

    @property
    def content_hash(self) -> str:
        """Hash of everything that ends up in the index, so unchanged documents can be skipped."""
        payload = asdict(self)
        payload.pop("path")
        if not self.page_starts:
            payload.pop("page_starts")  # documents without pages hash as before pages existed
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Chunk:
    """A passage of one document section, with where it came from."""

    chunk_id: str
    doc_id: str
    title: str
    section: str
    start: int
    end: int
    text: str
    url: str = ""
    source: str = ""
    published_at: str = ""
    category: str = ""
    page: int = 0
    """The 1-based page the passage starts on (PDFs), 0 when the document has no pages."""


@dataclass(frozen=True)
class Hit:
    """A retrieved passage; ``score`` ranks it, ``dense`` is its cosine similarity to the query,
    ``keyword`` its BM25 score (0 for dense-only search)."""

    chunk: Chunk
    score: float
    dense: float = 0.0
    keyword: float = 0.0


@dataclass(frozen=True)
class DocumentRecord:
    """What the index remembers of a document, for incremental rebuilds and ``/documents``."""

    doc_id: str
    title: str
    url: str
    source: str
    published_at: str
    category: str
    content_hash: str
    chunk_count: int
    author: str = ""
    path: str = ""
    """The file it was read from, within the corpus folder ("listings.jsonl" for each of its records); "" in a
    version built before it was kept. ``DELETE /documents/{id}`` names it for a corpus-folder document."""


@dataclass(frozen=True)
class CorpusView:
    """The corpus facts abstention checks: whether a word occurs at all, and the sources the corpus holds."""

    has_term: Callable[[str], bool] | None = None
    sources: Sequence[str] = ()
    rarity: Callable[[str], float] | None = None
    """A word's inverse document frequency over the corpus's chunks (``retrieval.lexical.terms`` vocabulary)."""
    vocabulary: Mapping[str, int] | None = None
    """Every word the corpus uses, with how many chunks hold it (for reading a misspelt word as one of them)."""
