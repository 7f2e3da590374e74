"""A version's BM25 indexes: built once when the version is written, memory-mapped when it loads.

Why: building them on every load (start-up and each hot reload) took 475-752 s of a 1M-chunk load and 3.5 GB
(docs/benchmarks.md, "Scale"): every text tokenized twice in Python, then bm25s's counting loops. Stored as
bm25s's own files (the score matrix as CSC ``.npy`` arrays, the vocabulary as JSON) they load memory-mapped, so
only the columns of the words queries use are ever read. Two indexes, over the same words (``ingest.words``):

    bm25/meta.json                         k1, b, tokenizer and format versions, chunk and sentence counts
    bm25/chunks/*.csc.index.npy, vocab.index.json, params.index.json      BM25 over whole chunks
    bm25/sentences/*.csc.index.npy, ...    BM25 over every sentence of every chunk
    bm25/sentences/run_starts.npy          first sentence row of each chunk that has sentences (int64)
    bm25/sentences/run_chunks.npy          that chunk's row (int64): the sentence-to-chunk map, as runs

Each term's document frequency over chunks (the idf abstention uses) is the length of its column in the chunk
matrix, so it is read from the stored ``indptr`` rather than stored again. The scoring lives in
``retrieval.keyword``; this module (the index stage) only builds, saves and opens the structures, so the build
can write them without importing retrieval.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import bm25s
import numpy as np

from ragqa.ingest.chunking import split_sentences
from ragqa.ingest.words import TOKENIZER, terms
from ragqa.records import Chunk

log = logging.getLogger(__name__)

FORMAT = 1
"""Layout of the ``bm25/`` folder; a version with another one is indexed in memory on load."""
FOLDER = "bm25"
META = f"{FOLDER}/meta.json"
CHUNKS = f"{FOLDER}/chunks"
SENTENCES = f"{FOLDER}/sentences"
RUN_STARTS = f"{SENTENCES}/run_starts.npy"
RUN_CHUNKS = f"{SENTENCES}/run_chunks.npy"
BM25S_FILES = (
    "data.csc.index.npy",
    "indices.csc.index.npy",
    "indptr.csc.index.npy",
    "vocab.index.json",
    "params.index.json",
)
"""What ``bm25s.BM25.save`` writes without a corpus (and ``BM25.load`` reads)."""
ALL_FILES = (
    META,
    *(f"{CHUNKS}/{name}" for name in BM25S_FILES),
    *(f"{SENTENCES}/{name}" for name in BM25S_FILES),
    RUN_STARTS,
    RUN_CHUNKS,
)
"""Every file a version's ``bm25/`` folder may hold (the sentence files only when some chunk has a word)."""
SIZE_CHECKED = frozenset(
    f"{part}/{name}" for part in (CHUNKS, SENTENCES) for name in ("data.csc.index.npy", "indices.csc.index.npy")
)
"""The score matrices' two large arrays (99% of the BM25 bytes, 1.4 GB at a million chunks): a load checks their
size, not their checksum (see ``store.verify_version``)."""

DEFAULT_K1 = 0.9
DEFAULT_B = 0.4
EMPTY_TOKEN = "\x00empty"
"""Stands in for a chunk without a single content word, so every chunk has a row in the chunk matrix."""


def date_words(published_at: str) -> str:
    """A date as the words a question uses for it: "2023-10-26T..." -> "October 26 2023 2023-10-26"."""
    if not published_at:
        return ""
    try:
        when = datetime.fromisoformat(published_at.strip().replace("Z", "+00:00"))
    except ValueError:
        return published_at
    return f"{when:%B} {when.day} {when.year} {when:%Y-%m-%d}"


def keyword_text(chunk: Chunk) -> str:
    """What BM25 indexes for a chunk: title, source, date words, section and passage."""
    parts = [chunk.title, chunk.source, date_words(chunk.published_at)]
    if chunk.section and chunk.section != chunk.title:
        parts.append(chunk.section)
    parts.append(chunk.text)
    return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class ChunkBM25:
    """BM25 over whole chunks; ``doc_freq[id]`` is how many chunks hold vocabulary word ``id``.

    ``bm25`` is None for a version without chunks."""

    bm25: bm25s.BM25 | None
    size: int
    doc_freq: np.ndarray

    def word_id(self, word: str) -> int | None:
        """The vocabulary id of ``word``, None if no chunk holds it (bm25s's own empty token included)."""
        if self.bm25 is None or not word:
            return None
        found = self.bm25.vocab_dict.get(word)
        return found if found is not None and found < len(self.doc_freq) else None


@dataclass(frozen=True)
class SentenceBM25:
    """BM25 over single sentences, in chunk order: chunk ``run_chunks[i]``'s sentences are the rows from
    ``run_starts[i]`` to the next start. ``bm25`` is None when no chunk has a sentence with a word."""

    bm25: bm25s.BM25 | None
    size: int
    run_starts: np.ndarray
    run_chunks: np.ndarray


@dataclass(frozen=True)
class KeywordIndexes:
    """Both BM25 indexes of a version and the parameters their stored scores were computed with."""

    k1: float
    b: float
    chunks: ChunkBM25
    sentences: SentenceBM25
    stored: bool = False
    """Read from the version folder (memory-mapped) rather than built from the chunks in this process."""


def _doc_freq(bm25: bm25s.BM25) -> np.ndarray:
    """Per vocabulary id, the chunks holding the word: its column's length (every stored BM25 score is > 0)."""
    return np.diff(np.asarray(bm25.scores["indptr"], dtype=np.int64))


def build_chunk_bm25(chunks: list[Chunk], k1: float = DEFAULT_K1, b: float = DEFAULT_B) -> ChunkBM25:
    """BM25 over each chunk's ``keyword_text``."""
    if not chunks:
        return ChunkBM25(None, 0, np.zeros(0, np.int64))
    tokens = [terms(keyword_text(c)) or [EMPTY_TOKEN] for c in chunks]
    bm25 = bm25s.BM25(k1=k1, b=b)
    bm25.index(tokens, show_progress=False)
    return ChunkBM25(bm25, len(chunks), _doc_freq(bm25))


def build_sentence_bm25(chunks: list[Chunk], k1: float = DEFAULT_K1, b: float = DEFAULT_B) -> SentenceBM25:
    """BM25 over the sentences (``split_sentences``) of every chunk's text that hold a content word."""
    tokens: list[list[str]] = []
    owners: list[int] = []
    for row, chunk in enumerate(chunks):
        for start, end in split_sentences(chunk.text):
            words = terms(chunk.text[start:end])
            if words:
                tokens.append(words)
                owners.append(row)
    owner = np.asarray(owners, dtype=np.int64)
    # sentences come in chunk order: each chunk's sentences are one run, maxed with reduceat
    run_starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]) if owner.size else owner
    run_chunks = owner[run_starts] if owner.size else owner
    bm25 = None
    if tokens:
        bm25 = bm25s.BM25(k1=k1, b=b)
        bm25.index(tokens, show_progress=False)
    return SentenceBM25(bm25, len(chunks), run_starts, run_chunks)


def build(chunks: list[Chunk], k1: float = DEFAULT_K1, b: float = DEFAULT_B) -> KeywordIndexes:
    """Both indexes, in memory (a version written before they were stored, or with other ``k1``/``b``)."""
    return KeywordIndexes(k1, b, build_chunk_bm25(chunks, k1, b), build_sentence_bm25(chunks, k1, b))


def write(folder: Path, chunks: list[Chunk], k1: float = DEFAULT_K1, b: float = DEFAULT_B) -> list[str]:
    """Build both indexes and save them under ``folder/bm25/``; return the files written, relative to ``folder``.

    One index at a time, each freed once saved, so a build holds the token lists of only one of them.
    """
    written: list[str] = []
    chunk_index = build_chunk_bm25(chunks, k1, b)
    if chunk_index.bm25 is not None:
        chunk_index.bm25.save(folder / CHUNKS, show_progress=False)
        written += [f"{CHUNKS}/{name}" for name in BM25S_FILES]
    del chunk_index
    sentences = build_sentence_bm25(chunks, k1, b)
    sentence_count = 0
    if sentences.bm25 is not None:
        sentence_count = int(sentences.bm25.scores["num_docs"])
        sentences.bm25.save(folder / SENTENCES, show_progress=False)
        np.save(folder / RUN_STARTS, sentences.run_starts)
        np.save(folder / RUN_CHUNKS, sentences.run_chunks)
        written += [f"{SENTENCES}/{name}" for name in BM25S_FILES] + [RUN_STARTS, RUN_CHUNKS]
    meta = {
        "format": FORMAT,
        "tokenizer": TOKENIZER,
        "k1": k1,
        "b": b,
        "chunks": len(chunks),
        "sentences": sentence_count,
        "bm25s": bm25s.__version__,
    }
    (folder / FOLDER).mkdir(exist_ok=True)
    (folder / META).write_text(json.dumps(meta, indent=2, sort_keys=True))
    return [META, *written]


def _load(folder: Path) -> bm25s.BM25:
    """One saved index, memory-mapped; its arrays must agree in length (``np.load`` already checked that each
    file holds the bytes its header promises)."""
    bm25 = bm25s.BM25.load(folder, mmap=True)
    scores = bm25.scores
    if not len(scores["data"]) == len(scores["indices"]) == int(scores["indptr"][-1]):
        raise ValueError(f"{folder}: data, indices and indptr do not agree")
    return bm25


def read(folder: Path, chunk_count: int) -> KeywordIndexes | None:
    """Open the stored indexes of the version in ``folder`` memory-mapped, or None when it has none usable
    (written before they were stored, or with another tokenizer or layout: the caller builds them in memory).

    Raises ``ValueError`` (or ``OSError``) for files that do not agree with each other or with ``chunk_count``.
    Memory maps survive the folder being pruned (Linux keeps an unlinked file's pages while it is mapped).
    """
    meta_file = folder / META
    if not meta_file.exists():
        return None
    meta = json.loads(meta_file.read_text())
    if meta.get("format") != FORMAT or meta.get("tokenizer") != TOKENIZER:
        log.info(
            "%s: stored BM25 indexes have format %s, tokenizer %s (this code: %s, %s); indexing in memory",
            folder,
            meta.get("format"),
            meta.get("tokenizer"),
            FORMAT,
            TOKENIZER,
        )
        return None
    if int(meta["chunks"]) != chunk_count:
        raise ValueError(f"{META} counts {meta['chunks']} chunks, the version {chunk_count}")
    k1, b = float(meta["k1"]), float(meta["b"])
    chunk_index = ChunkBM25(None, chunk_count, np.zeros(0, np.int64))
    if chunk_count:
        bm25 = _load(folder / CHUNKS)
        if bm25.scores["num_docs"] != chunk_count:
            raise ValueError(f"{CHUNKS} holds {bm25.scores['num_docs']} rows, the version {chunk_count}")
        chunk_index = ChunkBM25(bm25, chunk_count, _doc_freq(bm25))
    empty = np.zeros(0, np.int64)
    sentences = SentenceBM25(None, chunk_count, empty, empty)
    if int(meta["sentences"]):
        bm25 = _load(folder / SENTENCES)
        starts = np.load(folder / RUN_STARTS, mmap_mode="r")
        owners = np.load(folder / RUN_CHUNKS, mmap_mode="r")
        if bm25.scores["num_docs"] != int(meta["sentences"]) or len(starts) != len(owners):
            raise ValueError(f"{SENTENCES} does not agree with {META}")
        if len(owners) and (int(owners[-1]) >= chunk_count or int(starts[-1]) >= int(meta["sentences"])):
            raise ValueError(f"{RUN_CHUNKS} points past the version's chunks or sentences")
        sentences = SentenceBM25(bm25, chunk_count, starts, owners)
    return KeywordIndexes(k1, b, chunk_index, sentences, stored=True)
