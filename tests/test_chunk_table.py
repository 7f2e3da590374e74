"""A loaded version's chunks stay in its SQLite file (``ChunkTable``): read like a list, by row, as columns, from
several threads, and still after the version folder is pruned while it is served."""

import sqlite3
import threading
from pathlib import Path

import numpy as np
import pytest
from helpers.fake_encoder import FakeEncoder
from helpers.tiny_corpus import write_tiny_corpus

from ragqa.config import Settings
from ragqa.index.build import build_index
from ragqa.index.chunk_table import ChunkTable, chunk_columns, chunks_at
from ragqa.index.manifest import Manifest
from ragqa.index.store import CHUNKS_DB, load_version, prune, publish, write_version
from ragqa.records import Chunk
from ragqa.retrieval.filters import FilterColumns, Filters
from ragqa.retrieval.retriever import RetrievalOptions, Retriever


def _chunks(n):
    return [
        Chunk(f"c{i}", f"d{i // 3}", f"T{i // 3}", "S", i, i + 1, f"text {i}", source=f"src{i % 2}", page=i % 4)
        for i in range(n)
    ]


def _version(tmp_path, chunks):
    vectors = np.eye(len(chunks), 4, dtype=np.float32)
    path = write_version(tmp_path, chunks, vectors, [], Manifest(model="m", dimension=4))
    publish(tmp_path, path.name)
    return path


def test_a_table_reads_like_the_list_it_was_written_from(tmp_path):
    chunks = _chunks(10)
    _version(tmp_path, chunks)
    table = load_version(tmp_path).chunks
    assert isinstance(table, ChunkTable)
    assert len(table) == 10 and bool(table)
    assert list(table) == chunks
    assert table[3] == chunks[3] and table[-1] == chunks[-1]
    assert table[2:5] == chunks[2:5] and table[::4] == chunks[::4] and table[8:20] == chunks[8:]
    assert table.take([7, 1, 7]) == [chunks[7], chunks[1], chunks[7]]
    assert chunks_at(table, np.array([4, 0])) == chunks_at(chunks, [4, 0]) == [chunks[4], chunks[0]]
    assert chunk_columns(table, ("doc_id", "page")) == chunk_columns(chunks, ("doc_id", "page"))
    with pytest.raises(IndexError):
        table[10]
    with pytest.raises(IndexError):
        table.take([11])


def test_the_cache_of_built_chunks_is_bounded(tmp_path):
    path = _version(tmp_path, _chunks(50))
    table = ChunkTable(path / CHUNKS_DB, cache_size=8)
    for i in range(50):
        assert table[i].chunk_id == f"c{i}"
    assert len(table._cache) == 8 and table[49] is table[49]
    table.close()


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads the process's memory maps (Linux)")
def test_lookups_leave_no_part_of_the_file_mapped(tmp_path):
    """Pages of a mapped file stay in RSS, with the kernel's neighbours of each page read: 4,000 lookups at a
    million chunks left 715 MB of chunks.sqlite mapped (docs/benchmarks.md). Lookups read through SQLite instead."""
    path = _version(tmp_path, _chunks(300))
    table = ChunkTable(path / CHUNKS_DB, cache_size=1)
    for i in range(0, 300, 7):
        assert table[i].chunk_id == f"c{i}"
    assert table.take(range(0, 300, 3))[-1].chunk_id == "c297"
    mapped = [line for line in Path("/proc/self/maps").read_text().splitlines() if line.endswith(CHUNKS_DB)]
    table.close()
    assert mapped == []


def test_a_version_written_before_a_field_existed_reads_its_default(tmp_path):
    path = _version(tmp_path, _chunks(4))
    with sqlite3.connect(path / CHUNKS_DB) as db:  # a version from before ``page`` and ``category``
        db.execute("ALTER TABLE chunks DROP COLUMN page")
        db.execute("ALTER TABLE chunks DROP COLUMN category")
    db.close()
    table = ChunkTable(path / CHUNKS_DB)
    assert [(c.page, c.category) for c in table] == [(0, "")] * 4 and table[1].text == "text 1"
    assert table.read_columns(["page", "source"]) == [[0] * 4, ["src0", "src1", "src0", "src1"]]


def test_threads_share_one_table(tmp_path):
    chunks = _chunks(300)
    _version(tmp_path, chunks)
    table = load_version(tmp_path).chunks
    wrong: list[int] = []

    def read(offset):
        for i in range(offset, 300, 7):
            if table[i] != chunks[i] or table.take([i, 299 - i]) != [chunks[i], chunks[299 - i]]:
                wrong.append(i)
        if list(table) != chunks:
            wrong.append(-1)

    threads = [threading.Thread(target=read, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []


def test_a_served_version_keeps_answering_after_prune_deletes_its_folder(tmp_path):
    build_index(write_tiny_corpus(tmp_path / "corpus"), tmp_path / "index", FakeEncoder())
    index_dir = tmp_path / "index"
    loaded = load_version(index_dir)
    retriever = Retriever(loaded, FakeEncoder(), RetrievalOptions.from_settings(Settings()))
    question = "Who is Zamir Kabulov?"
    expected = [(h.chunk, h.score) for h in retriever.search(question, 5)]
    everything = list(loaded.chunks)
    newer = write_version(
        index_dir, everything, loaded.vectors(), loaded.documents(), loaded.manifest, keyword=(0.9, 0.4)
    )
    publish(index_dir, newer.name)
    assert loaded.version in prune(index_dir, keep=1) and not loaded.path.exists()

    answers: list[object] = []
    worker = threading.Thread(target=lambda: answers.append(retriever.search(question, 5)))  # a thread new to it
    worker.start()
    worker.join()
    assert [(h.chunk, h.score) for h in answers[0]] == expected  # type: ignore[attr-defined]
    assert retriever.search("pizza dough", 1)[0].chunk.doc_id != ""
    assert list(loaded.chunks) == everything and loaded.chunks[len(everything) - 1] == everything[-1]
    source = chunk_columns(loaded.chunks, ("source", "category", "published_at"))
    assert FilterColumns.from_columns(*source).size == len(everything)
    assert (retriever.columns.mask(Filters(source=("nowhere",))) == 0).all()
