"""Keyword indexes: chunk-level BM25 and the best-sentence signal, over real chunks (no model needed); the
indexes a version stores (memory-mapped on load) score exactly as those built in memory."""

import json
import shutil
from collections import Counter

import numpy as np
import pytest
from helpers.fake_encoder import FakeEncoder
from helpers.tiny_corpus import write_tiny_corpus

from ragqa.config import Settings
from ragqa.index import bm25
from ragqa.index.build import build_index
from ragqa.index.manifest import MANIFEST
from ragqa.index.store import VERSIONS, live_version, load_version
from ragqa.records import Chunk
from ragqa.retrieval.keyword import KeywordIndex, SentenceIndex, date_words, keyword_text, tokenize
from ragqa.retrieval.retriever import RetrievalOptions, Retriever


def _chunk(n: int, text: str, **meta) -> Chunk:
    return Chunk(f"c{n}", f"d{n}", meta.pop("title", f"Doc {n}"), "", 0, len(text), text, **meta)


def test_best_sentence_beats_words_spread_over_a_chunk():
    focused = _chunk(
        0,
        "The match was delayed by rain. Positive odds show the underdog's payout on a 100 dollar stake. "
        "Fans waited for hours.",
    )
    spread = _chunk(
        1,
        "Positive thinking helped the team. The odds were long. The payout for players rose. "
        "An underdog story sells tickets.",
    )
    other = _chunk(2, "Nothing about betting here. Just weather and traffic.")
    index = SentenceIndex([focused, spread, other])
    best = index.best_scores("positive odds underdog payout")
    assert best[0] > best[1] > best[2] == 0.0


def test_keyword_index_reads_title_source_and_date_words():
    chunk = _chunk(0, "Shares rose.", title="Apple results", source="TechCrunch", published_at="2023-10-26T10:00:00Z")
    assert "October 26 2023" in keyword_text(chunk) and "TechCrunch" in keyword_text(chunk)
    assert date_words("not a date") == "not a date"
    index = KeywordIndex([chunk, _chunk(1, "Rain fell.")])
    assert index.scores("techcrunch october")[0] > 0 == index.scores("techcrunch october")[1]
    assert list(index.sentence_scores("unknownword")) == [0.0, 0.0]


# --- stored (memory-mapped) vs built in memory: the same scores --------------------------------------------------


QUERIES = [
    "Who is Zamir Kabulov?",
    "Which GRU unit offered the bounties?",
    "How long should pizza dough rise?",
    "Where do the rooftop solar panels go next year?",
    "Bellingcat Unit 29155 Skripal Salisbury",
    "heroin Afghanistan Russia addiction",
    "unknownword nothing-here",
    "",
]


def strip_keyword_files(index_dir):
    """Make the live version look like one written before BM25 indexes were stored: no files, no checksums."""
    path = index_dir / VERSIONS / live_version(index_dir)
    shutil.rmtree(path / bm25.FOLDER)
    manifest = json.loads((path / MANIFEST).read_text())
    manifest["files"] = {k: v for k, v in manifest["files"].items() if not k.startswith(bm25.FOLDER + "/")}
    (path / MANIFEST).write_text(json.dumps(manifest))


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """The tiny corpus built twice with the fake encoder: as written now, and stripped to an old-style version."""
    root = tmp_path_factory.mktemp("keyword-versions")
    corpus = write_tiny_corpus(root / "corpus")
    build_index(corpus, root / "new", FakeEncoder())
    build_index(corpus, root / "old", FakeEncoder())
    strip_keyword_files(root / "old")
    return load_version(root / "new"), load_version(root / "old")


def test_a_version_stores_its_keyword_indexes_memory_mapped(versions):
    new, old = versions
    assert old.keyword is None
    assert new.keyword is not None and new.keyword.stored
    assert isinstance(new.keyword.chunks.bm25.scores["data"], np.memmap)
    assert isinstance(new.keyword.sentences.bm25.scores["indices"], np.memmap)
    assert isinstance(new.keyword.sentences.run_starts, np.memmap)
    assert (new.keyword.k1, new.keyword.b) == (Settings().keyword_k1, Settings().keyword_b)


def test_stored_and_in_memory_keyword_indexes_score_identically(versions):
    new, old = versions
    stored, built, legacy = KeywordIndex.for_version(new), KeywordIndex(new.chunks), KeywordIndex.for_version(old)
    assert stored.stored and not built.stored and not legacy.stored
    scored = 0
    for query in QUERIES:
        for other in (built, legacy):
            assert np.array_equal(stored.scores(query), other.scores(query)), query
            assert np.array_equal(stored.sentence_scores(query), other.sentence_scores(query)), query
            for word in tokenize(query) + ["\x00never-seen", ""]:
                assert (word in stored.doc_freq) == (word in other.doc_freq)
                assert stored.idf(word) == other.idf(word)
        scored += int(stored.scores(query).any() and stored.sentence_scores(query).any())
    assert scored >= 5  # the queries do hit the corpus
    assert stored.max_idf == built.max_idf


def test_document_frequencies_are_read_from_the_stored_matrix(versions):
    new, _ = versions
    counts = Counter()
    for chunk in new.chunks:
        counts.update(set(tokenize(keyword_text(chunk)) or [bm25.EMPTY_TOKEN]))
    index = KeywordIndex.for_version(new)
    assert dict(index.doc_freq) == dict(counts)
    assert "" not in index.doc_freq and len(index.doc_freq) == len(counts)


def test_other_bm25_parameters_than_stored_are_indexed_in_memory(versions, caplog):
    new, _ = versions
    with caplog.at_level("WARNING"):
        index = KeywordIndex.for_version(new, k1=1.5, b=0.75)
    assert not index.stored and "k1=1.5" in caplog.text
    reference = KeywordIndex(new.chunks, 1.5, 0.75)
    for query in QUERIES:
        assert np.array_equal(index.scores(query), reference.scores(query))
        assert np.array_equal(index.sentence_scores(query), reference.sentence_scores(query))


def test_a_retriever_ranks_the_same_over_stored_and_old_style_versions(versions):
    new, old = versions
    options = RetrievalOptions.from_settings(Settings())
    over_new, over_old = Retriever(new, FakeEncoder(), options), Retriever(old, FakeEncoder(), options)
    for query in QUERIES[:-1]:
        hits = [[(h.chunk.chunk_id, h.score, h.keyword) for h in r.search(query, 5)] for r in (over_new, over_old)]
        assert hits[0] == hits[1] and hits[0]


def test_empty_and_wordless_collections(tmp_path):
    assert bm25.write(tmp_path, []) == [bm25.META]
    empty = bm25.read(tmp_path, 0)
    assert empty is not None and KeywordIndex(indexes=empty).scores("anything").shape == (0,)
    wordless = [_chunk(0, "!!!"), _chunk(1, "the of and")]
    (tmp_path / "w").mkdir()
    written = bm25.write(tmp_path / "w", wordless)
    assert not any(name.startswith(bm25.SENTENCES) for name in written)  # no sentence has a word
    index = KeywordIndex(indexes=bm25.read(tmp_path / "w", 2))
    assert list(index.sentence_scores("doc")) == [0.0, 0.0]
    assert np.array_equal(index.scores("doc"), KeywordIndex(wordless).scores("doc"))


def test_a_build_rewrites_an_up_to_date_version_that_stores_no_keyword_indexes(tmp_path):
    corpus, index_dir = write_tiny_corpus(tmp_path / "corpus"), tmp_path / "index"
    build_index(corpus, index_dir, FakeEncoder())
    strip_keyword_files(index_dir)
    report = build_index(corpus, index_dir, FakeEncoder())
    assert not report.up_to_date and report.embedded_chunks == 0 and report.reused_chunks == report.chunks > 0
    assert load_version(index_dir).keyword is not None
    assert build_index(corpus, index_dir, FakeEncoder()).up_to_date


def test_a_build_stores_the_bm25_parameters_it_is_given(tmp_path):
    build_index(write_tiny_corpus(tmp_path / "corpus"), tmp_path / "index", FakeEncoder(), keyword=(1.2, 0.75))
    loaded = load_version(tmp_path / "index")
    assert (loaded.keyword.k1, loaded.keyword.b) == (1.2, 0.75)
    assert KeywordIndex.for_version(loaded, 1.2, 0.75).stored
