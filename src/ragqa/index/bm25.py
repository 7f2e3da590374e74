"""A version's BM25 indexes: built once when the version is written, memory-mapped when it loads.

Why: building them on every load (start-up and each hot reload) took 475-752 s of a 1M-chunk load and 3.5 GB
(docs/benchmarks.md, "Scale"): every text tokenized twice in Python, then bm25s's counting loops. Stored as
bm25s's own files (the score matrix as CSC ``.npy`` arrays, the vocabulary as JSON) they load memory-mapped, so
only the columns of the words queries use are ever read. The build tokenizes each sentence once and counts words
with numpy (``_count``, ``_Counts``: tokenizing every text twice and bm25s's ``index`` took 660 of an 859 s build
at a million chunks), and writes through ``bm25s.BM25.save`` the very arrays ``index`` would have made. Two
indexes, over the same words (``ingest.words``):

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
import math
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import bm25s
import numpy as np

from ragqa.ingest.chunking import split_sentences
from ragqa.ingest.words import INVISIBLE, STOP, TOKENIZER, TermIds
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


def keyword_head(chunk: Chunk) -> str:
    """What BM25 indexes for a chunk besides its passage: title, source, date words and section (shared by the
    chunks of a document, so the build tokenizes it once per document)."""
    parts = [chunk.title, chunk.source, date_words(chunk.published_at)]
    if chunk.section and chunk.section != chunk.title:
        parts.append(chunk.section)
    return "\n".join(p for p in parts if p)


def keyword_text(chunk: Chunk) -> str:
    """What BM25 indexes for a chunk: title, source, date words, section and passage."""
    return "\n".join(p for p in (keyword_head(chunk), chunk.text) if p)


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


def _wordish(char: str) -> bool:
    """Whether a word (``ingest.words.WORD``) may hold ``char``: a text cut between two such may cut a word."""
    return char.isalnum() or char in "'’" or unicodedata.combining(char) > 0 or char in INVISIBLE


def _cuts_a_word(text: str, cut: int) -> bool:
    """Whether cutting ``text`` at ``cut`` may cut a word (``ingest.words.WORD``): between two word characters,
    or beside the comma or point of a number ("1,|000", "2|.5"), which is one word."""
    if not 0 < cut < len(text):
        return False
    before, after = text[cut - 1], text[cut]
    if _wordish(before) and _wordish(after):
        return True
    if before in ",." and after.isdigit():
        return cut >= 2 and text[cut - 2].isdigit()
    return after in ",." and before.isdigit() and cut + 1 < len(text) and text[cut + 1].isdigit()


class _Counts:
    """Term counts of documents streamed in, as (document, term, count) triples sorted by document then term.

    Why: a million chunks hold hundreds of millions of words; held as Python lists (and bm25s's id lists) they took
    6 GB of a build. Here the ids of a batch of documents are counted with ``np.unique`` and only the triples
    are kept, in numpy arrays.
    """

    BATCH = 1 << 21
    """Word ids (stopwords included) gathered before they are counted."""
    SLICE = 1 << 22
    """Entries scored at once (bounds the float64 temporaries)."""

    def __init__(self) -> None:
        self._pending: list[int] = []
        self._ends: list[int] = []
        self._counted = 0
        self._parts: tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]] = ([], [], [])
        """Rows, terms and counts of the batches counted so far."""
        self._lengths: list[np.ndarray] = []

    @property
    def documents(self) -> int:
        """Documents ended so far: the row the next one gets."""
        return self._counted + len(self._ends)

    def extend(self, ids: list[int]) -> None:
        """Add word ids (``STOP`` ones are dropped) to the current document."""
        self._pending += ids

    def end_document(self) -> None:
        """Close the current document (its row is ``documents - 1``)."""
        self._ends.append(len(self._pending))
        if len(self._pending) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self._ends:
            return
        ids = np.array(self._pending, dtype=np.int64)
        n = len(self._ends)
        ends = np.zeros(n + 1, dtype=np.int64)
        ends[1:] = self._ends
        row = np.repeat(np.arange(n, dtype=np.int64), np.diff(ends))
        keep = ids != STOP
        ids, row = ids[keep], row[keep]
        self._lengths.append(np.bincount(row, minlength=n))
        keys, counts = np.unique(((row + self._counted) << 32) | ids, return_counts=True)
        for part, array in zip(self._parts, (keys >> 32, keys & 0xFFFFFFFF, counts), strict=True):
            part.append(array.astype(np.int32))
        self._counted += n
        self._pending, self._ends = [], []

    @staticmethod
    def _concatenate(parts: list[np.ndarray]) -> np.ndarray:
        """One array of ``parts``, emptying the list (so the parts are freed as soon as they are copied)."""
        whole = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
        parts.clear()
        return whole

    def bm25(self, words: list[str], k1: float, b: float) -> bm25s.BM25 | None:
        """The BM25 index of the documents over vocabulary ``words``, None without documents; frees the counts.

        Scores exactly as ``bm25s.BM25(k1=k1, b=b).index(token lists)`` (its default "lucene" variant: the same
        float64 arithmetic, rounded to float32 where bm25s rounds), with numpy instead of its per-document loops.
        """
        self._flush()
        n_docs = self._counted
        if not n_docs:
            return None
        docs, term, tf = (self._concatenate(part) for part in self._parts)
        lengths = np.concatenate(self._lengths)
        self._lengths = []
        avg_doc_len = lengths.mean()  # as bm25s: the mean of an int64 array

        doc_freq = np.bincount(term, minlength=len(words))
        present = np.flatnonzero(doc_freq)
        local = np.zeros(len(words), dtype=np.int32)
        local[present] = np.arange(len(present))
        cols = local[term]
        del term, local
        # bm25s's "lucene" idf, in Python floats as bm25s computes it, once per distinct document frequency
        dfs, which = np.unique(doc_freq[present], return_inverse=True)
        idf = np.array([math.log(1 + (n_docs - df + 0.5) / (df + 0.5)) for df in dfs.tolist()], dtype=np.float32)
        idf = idf[which]
        # bm25s computes a document's tf / (k1 * ((1 - b) + b * l_d / l_avg) + tf) * idf from a float64 scalar and
        # float32 arrays: in float64 under NumPy 2's promotion rules, float32 under NumPy 1's; then stores float32
        work = (np.float64(1.0) + np.ones(1, dtype=np.float32)).dtype
        denominator = (k1 * ((1 - b) + b * lengths / avg_doc_len)).astype(work)
        data = np.empty(len(docs), dtype=np.float32)
        for at in range(0, len(docs), self.SLICE):  # in slices: no float64 temporaries over every entry
            span = slice(at, at + self.SLICE)
            part = tf[span].astype(work)
            part /= denominator[docs[span]] + part
            data[span] = idf[cols[span]].astype(work) * part
        del tf, denominator
        indptr = np.zeros(len(present) + 1, dtype=np.int64)
        np.cumsum(np.bincount(cols, minlength=len(present)), out=indptr[1:])
        # column by column, rows ascending (CSC): the entries are in row order, so sort by (column, position);
        # each input freed as soon as it is reordered, so at most one array too many is alive at a time
        if len(cols) < 1 << 32:
            order = cols.astype(np.int64)
            del cols
            order <<= 32
            for at in range(0, len(order), self.SLICE):
                order[at : at + self.SLICE] |= np.arange(at, min(at + self.SLICE, len(order)), dtype=np.int64)
            order.sort()
            order &= 0xFFFFFFFF
        else:
            order = np.argsort((cols.astype(np.int64) << 32) | docs)
            del cols
        indices = docs[order]
        del docs
        data = data[order]
        del order
        scores = {"data": data, "indices": indices, "indptr": indptr, "num_docs": n_docs}
        vocab = {words[g]: i for i, g in enumerate(present.tolist())}
        vocab[""] = len(vocab)  # bm25s's empty token: in the vocabulary, no column
        index = bm25s.BM25(k1=k1, b=b)
        index.scores = scores
        index.vocab_dict = vocab
        index.unique_token_ids_set = set(vocab.values())
        index.nonoccurrence_array = None
        return index


@dataclass
class _Counted:
    """Both indexes' term counts, over one vocabulary, and the sentence-to-chunk map."""

    words: list[str]
    chunks: _Counts | None
    sentences: _Counts | None
    run_starts: np.ndarray
    run_chunks: np.ndarray


def _count(chunks: list[Chunk], of_chunks: bool = True, of_sentences: bool = True) -> _Counted:
    """Tokenize every chunk once, counting its words (``keyword_text``) and its sentences' words.

    A chunk's passage words are its sentences' words plus those between them (whitespace, mostly), so each
    sentence is tokenized once and the chunk's words are gathered from the pieces, unless a sentence boundary
    falls between two word characters (where a piece could hold half a word): then that chunk's passage and
    sentences are tokenized separately, as they always were. The title, source, date and section words are
    tokenized once per document.
    """
    ids = TermIds()
    empty = ids.id(EMPTY_TOKEN)
    chunk_counts = _Counts() if of_chunks else None
    sentence_counts = _Counts() if of_sentences else None
    run_starts: list[int] = []
    run_chunks: list[int] = []
    heads: dict[tuple[str, str, str, str], list[int]] = {}
    for row, chunk in enumerate(chunks):
        text = chunk.text
        spans = split_sentences(text)
        sentence_ids: list[list[int]] = []
        if chunk_counts is not None:
            key = (chunk.title, chunk.source, chunk.published_at, chunk.section)
            head = heads.get(key)
            if head is None:
                head = heads[key] = ids(keyword_head(chunk))
            chunk_counts.extend(head)
            words = len(head) - head.count(STOP)
            n, prev, whole = len(text), 0, True
            for start, end in spans:
                if start < prev or _cuts_a_word(text, start) or _cuts_a_word(text, end):
                    whole = False
                    break
                prev = end
            if whole:
                prev = 0
                for start, end in (*spans, (n, n)):
                    gap = text[prev:start]
                    if gap and not gap.isspace():
                        found = ids(gap)
                        chunk_counts.extend(found)
                        words += len(found) - found.count(STOP)
                    if start < end:
                        found = ids(text[start:end])
                        sentence_ids.append(found)
                        chunk_counts.extend(found)
                        words += len(found) - found.count(STOP)
                    prev = end
            else:
                found = ids(text)
                chunk_counts.extend(found)
                words += len(found) - found.count(STOP)
            if not words:
                chunk_counts.extend([empty])
            chunk_counts.end_document()
        if sentence_counts is not None:
            if len(sentence_ids) != len(spans):
                sentence_ids = [ids(text[start:end]) for start, end in spans]
            first = True
            for found in sentence_ids:
                if len(found) > found.count(STOP):
                    if first:
                        run_starts.append(sentence_counts.documents)
                        run_chunks.append(row)
                        first = False
                    sentence_counts.extend(found)
                    sentence_counts.end_document()
    return _Counted(
        ids.words,
        chunk_counts,
        sentence_counts,
        np.asarray(run_starts, dtype=np.int64),
        np.asarray(run_chunks, dtype=np.int64),
    )


def _chunk_bm25(counted: _Counted, size: int, k1: float, b: float) -> ChunkBM25:
    assert counted.chunks is not None
    index = counted.chunks.bm25(counted.words, k1, b)
    if index is None:
        return ChunkBM25(None, 0, np.zeros(0, np.int64))
    return ChunkBM25(index, size, _doc_freq(index))


def _sentence_bm25(counted: _Counted, size: int, k1: float, b: float) -> SentenceBM25:
    assert counted.sentences is not None
    index = counted.sentences.bm25(counted.words, k1, b)
    return SentenceBM25(index, size, counted.run_starts, counted.run_chunks)


def build_chunk_bm25(chunks: list[Chunk], k1: float = DEFAULT_K1, b: float = DEFAULT_B) -> ChunkBM25:
    """BM25 over each chunk's ``keyword_text`` (``EMPTY_TOKEN`` for a chunk without a content word)."""
    return _chunk_bm25(_count(chunks, of_sentences=False), len(chunks), k1, b)


def build_sentence_bm25(chunks: list[Chunk], k1: float = DEFAULT_K1, b: float = DEFAULT_B) -> SentenceBM25:
    """BM25 over the sentences (``split_sentences``) of every chunk's text that hold a content word."""
    return _sentence_bm25(_count(chunks, of_chunks=False), len(chunks), k1, b)


def build(chunks: list[Chunk], k1: float = DEFAULT_K1, b: float = DEFAULT_B) -> KeywordIndexes:
    """Both indexes, in memory (a version written before they were stored, or with other ``k1``/``b``)."""
    counted = _count(chunks)
    return KeywordIndexes(k1, b, _chunk_bm25(counted, len(chunks), k1, b), _sentence_bm25(counted, len(chunks), k1, b))


def write(folder: Path, chunks: list[Chunk], k1: float = DEFAULT_K1, b: float = DEFAULT_B) -> list[str]:
    """Build both indexes and save them under ``folder/bm25/``; return the files written, relative to ``folder``.

    One pass tokenizes everything (``_count``); then one index at a time is built, saved and freed.
    """
    written: list[str] = []
    counted = _count(chunks)
    chunk_index = _chunk_bm25(counted, len(chunks), k1, b)
    if chunk_index.bm25 is not None:
        chunk_index.bm25.save(folder / CHUNKS, show_progress=False)
        written += [f"{CHUNKS}/{name}" for name in BM25S_FILES]
    del chunk_index
    sentences = _sentence_bm25(counted, len(chunks), k1, b)
    del counted
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


def stored_current(folder: Path) -> bool:
    """Whether the version in ``folder`` stores BM25 indexes this code reads as they are (its layout and
    tokenizer); a build rewrites a version that does not, rather than have every load index it in memory."""
    try:
        meta = json.loads((folder / META).read_text())
    except (OSError, ValueError):
        return False
    return isinstance(meta, dict) and meta.get("format") == FORMAT and meta.get("tokenizer") == TOKENIZER


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
