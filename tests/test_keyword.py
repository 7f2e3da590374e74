"""Keyword indexes: chunk-level BM25 and the best-sentence signal, over real chunks (no model needed); the
indexes a version stores (memory-mapped on load) score exactly as those built in memory, and the numpy build
writes, bit for bit, what bm25s's own indexing of ``terms`` token lists wrote."""

import hashlib
import json
import shutil
from collections import Counter
from dataclasses import replace
from pathlib import Path

import bm25s
import numpy as np
import pytest
from helpers import CORPUS
from helpers.fake_encoder import FakeEncoder
from helpers.tiny_corpus import write_tiny_corpus

from ragqa.config import Settings
from ragqa.index import bm25
from ragqa.index.build import build_index
from ragqa.index.manifest import MANIFEST
from ragqa.index.store import VERSIONS, live_version, load_version
from ragqa.ingest.chunking import split_sentences
from ragqa.ingest.words import STOP, TOKENIZER, TermIds, terms
from ragqa.records import Chunk
from ragqa.retrieval import keyword
from ragqa.retrieval.keyword import KeywordIndex, SentenceIndex, date_words, keyword_text, tokenize
from ragqa.retrieval.lexical import stems
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


def test_best_sentence_scores_are_the_maximum_over_every_sentence_of_each_chunk(versions):
    """``best_scores`` visits only the sentences holding a query word; it equals, bit for bit, the maximum over
    the full array of sentence scores within each chunk's run (how it was computed before)."""
    new, _ = versions
    stored = KeywordIndex.for_version(new)
    sentences = new.keyword.sentences
    starts, owners = np.asarray(sentences.run_starts), np.asarray(sentences.run_chunks)
    vocab = sentences.bm25.vocab_dict
    hit = 0
    for query in QUERIES + [" ".join(c.text.split()[:12]) for c in list(new.chunks)[:20]]:
        expected = np.zeros(sentences.size, np.float32)
        ids = [vocab[t] for t in tokenize(query) if t in vocab]
        if ids:
            expected[owners] = np.maximum.reduceat(sentences.bm25.get_scores_from_ids(ids), starts)
        assert np.array_equal(stored.sentence_scores(query), expected), query
        hit += int(expected.any())
    assert hit >= 10


def test_scores_of_given_rows_and_runs_equal_the_full_scores(versions):
    """``block_scores`` (the rows of some runs) and ``sentence_scores_at`` (some chunks' best sentences) read only
    those rows' postings and equal the full arrays there, bit for bit."""
    new, _ = versions
    stored = KeywordIndex.for_version(new)
    matrix = new.keyword.chunks.bm25
    rng = np.random.default_rng(0)
    n = len(new.chunks)
    for query in QUERIES + [" ".join(c.text.split()[:12]) for c in list(new.chunks)[:20]]:
        words = stored.words(query)
        full = stored.scores(query)
        bounds = np.sort(rng.choice(n + 1, 6, replace=False))
        starts, ends = bounds[0::2], bounds[1::2]
        rows = np.concatenate([np.arange(a, b) for a, b in zip(starts, ends)])
        assert np.array_equal(keyword.block_scores(matrix.scores, words.chunk, starts, ends), full[rows])
        assert np.array_equal(full, matrix.get_scores_from_ids(words.chunk) if words.chunk else full * 0), query
        best = stored.sentence_scores(query)
        some = np.sort(rng.choice(n, n // 3, replace=False))
        assert np.array_equal(stored.sentence_scores_at(words, some), best[some]), query
        assert np.array_equal(stored.sentence_scores_at(words, np.arange(n)), best), query


def test_sentence_statistics_come_from_a_fixed_sample_of_runs(versions, monkeypatch):
    """Without a filter the best-sentence mean and deviation are those of a fixed sample of runs of chunks
    (``stats_blocks``), the same for every query; with given rows, those rows'."""
    new, _ = versions
    n = len(new.chunks)
    assert [a.tolist() for a in keyword.stats_blocks(n)] == [[0], [n]]  # small: every chunk
    monkeypatch.setattr(keyword, "STATS_BLOCKS", 2)
    monkeypatch.setattr(keyword, "STATS_BLOCK", 1)
    starts, ends = keyword.stats_blocks(n)
    assert np.array_equal(starts, keyword.stats_blocks(n)[0]) and np.all(ends - starts == 1)
    assert len(starts) == 2 and np.all(np.diff(starts) >= 1) and ends[-1] <= n
    rows = np.concatenate([np.arange(a, b) for a, b in zip(starts, ends)])
    stored = KeywordIndex.for_version(new)
    for query in QUERIES:
        words = stored.words(query)
        best = stored.sentence_scores(query)
        assert stored.sentence_stats(words) == (float(best[rows].mean()), float(best[rows].std()))
        assert stored.sentence_stats(words, rows[::2]) == (float(best[rows[::2]].mean()), float(best[rows[::2]].std()))
        some = np.arange(0, n, 3)
        for sample in (None, rows[::2]):  # one pass over the postings, the same figures as the two calls
            together, stats = stored.sentence_scores_and_stats(words, some, sample)
            assert np.array_equal(together, stored.sentence_scores_at(words, some)), query
            assert stats == stored.sentence_stats(words, sample), query


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


def test_a_build_rewrites_a_version_whose_keyword_indexes_another_tokenizer_wrote(tmp_path):
    corpus, index_dir = write_tiny_corpus(tmp_path / "corpus"), tmp_path / "index"
    build_index(corpus, index_dir, FakeEncoder())
    path = index_dir / VERSIONS / live_version(index_dir)
    meta = path / bm25.META
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "tokenizer": TOKENIZER - 1}))
    manifest = json.loads((path / MANIFEST).read_text())  # a version as that code wrote it: checksums agree
    manifest["files"][bm25.META] = hashlib.sha256(meta.read_bytes()).hexdigest()
    (path / MANIFEST).write_text(json.dumps(manifest))
    assert load_version(index_dir).keyword is None, "not read: every load would index it in memory"
    report = build_index(corpus, index_dir, FakeEncoder())
    assert not report.up_to_date and report.embedded_chunks == 0 and report.reused_chunks == report.chunks > 0
    assert load_version(index_dir).keyword is not None
    assert build_index(corpus, index_dir, FakeEncoder()).up_to_date


def test_a_build_stores_the_bm25_parameters_it_is_given(tmp_path):
    build_index(write_tiny_corpus(tmp_path / "corpus"), tmp_path / "index", FakeEncoder(), keyword=(1.2, 0.75))
    loaded = load_version(tmp_path / "index")
    assert (loaded.keyword.k1, loaded.keyword.b) == (1.2, 0.75)
    assert KeywordIndex.for_version(loaded, 1.2, 0.75).stored


# --- the numpy build writes what bm25s's own indexing wrote, bit for bit ----------------------------------------


def legacy_write(folder, chunks, k1=bm25.DEFAULT_K1, b=bm25.DEFAULT_B):
    """The build as it was: every text tokenized with ``terms``, indexed by ``bm25s.BM25.index``, saved by bm25s."""
    chunk_tokens = [terms(keyword_text(c)) or [bm25.EMPTY_TOKEN] for c in chunks]
    if chunks:
        index = bm25s.BM25(k1=k1, b=b)
        index.index(chunk_tokens, show_progress=False)
        index.save(folder / bm25.CHUNKS, show_progress=False)
    tokens, owners = [], []
    for row, chunk in enumerate(chunks):
        for start, end in split_sentences(chunk.text):
            if words := terms(chunk.text[start:end]):
                tokens.append(words)
                owners.append(row)
    if tokens:
        index = bm25s.BM25(k1=k1, b=b)
        index.index(tokens, show_progress=False)
        index.save(folder / bm25.SENTENCES, show_progress=False)
    return owners


def columns(index):
    """Each word's posting list (rows, float32 scores), whatever id the word got."""
    indptr, rows, data = (np.asarray(index.scores[k]) for k in ("indptr", "indices", "data"))
    return {
        word: (rows[indptr[i] : indptr[i + 1]], data[indptr[i] : indptr[i + 1]])
        for word, i in index.vocab_dict.items()
        if i < len(indptr) - 1
    }


def assert_same_files(new_dir, old_dir, queries):
    """Same files, same parameters, same dtypes, the same posting list for every word, the same query scores."""
    assert {p.name for p in new_dir.iterdir()} - {"run_starts.npy", "run_chunks.npy"} == set(bm25.BM25S_FILES)
    assert {p.name for p in old_dir.iterdir()} == set(bm25.BM25S_FILES)
    assert json.loads((new_dir / "params.index.json").read_text()) == json.loads(
        (old_dir / "params.index.json").read_text()
    )
    new, old = bm25s.BM25.load(new_dir, mmap=True), bm25s.BM25.load(old_dir, mmap=True)
    for key in ("data", "indices", "indptr"):
        assert new.scores[key].dtype == old.scores[key].dtype and len(new.scores[key]) == len(old.scores[key])
    assert set(new.vocab_dict) == set(old.vocab_dict)
    new_columns, old_columns = columns(new), columns(old)
    assert new_columns.keys() == old_columns.keys()
    for word, (rows, data) in old_columns.items():
        assert np.array_equal(new_columns[word][0], rows) and np.array_equal(new_columns[word][1], data), word
    for query in queries:
        words = terms(query)
        new_ids = [new.vocab_dict[w] for w in words if w in new_columns]
        old_ids = [old.vocab_dict[w] for w in words if w in old_columns]
        assert np.array_equal(new.get_scores_from_ids(new_ids), old.get_scores_from_ids(old_ids)), query


SYNTHETIC = [
    "",
    "   ",
    "!!! ... ???",
    "the of and. It is what it is.",
    "Rain rain rain. Rain, rain! RAIN? rain’s rains Rain's.",
    "Zürich’s café served crème brûlée. Naïve façade; Kelvin \u212a and İstanbul and ǅemal.\nNew line here.",
    'U.S. officials met Dr. Smith at 3 p.m. on Jan. 5. He said: "It\'s over." (Really.) [Yes.] Fine…',
    "Numbers 1,000 and 2.5 and 29155. Unit29155 ran 5k's. Bounties, bounty, bounties.",
    "O'Neil's 'quoted' words’ end.'Next sentence' starts. A.B.C. D'Arcy ’tis 'twas.",
    "word" + " word" * 300 + ". " + "Other words follow here. " * 40,
    "\n\nLeading newlines.\n\n\nAnd trailing ones.\n\n",
    "Mixed\tTabs\tand\u00a0no-break\u2009spaces. Ellipsis… Then more. End",
    "Stellan S\u200b\u200bkarsgård met e\u0301te\u0301 in\u00adfor\u00admation. "
    "S\ufeffAINT-ETIENNE, Łódź; Путин сказал.",
]


def synthetic_chunks():
    chunks = []
    for n, text in enumerate(SYNTHETIC * 3):
        meta = {
            "source": ["", "Reuters", "Le Monde’s"][n % 3],
            "published_at": ["", "2023-10-26T10:00:00Z", "x"][n % 3],
        }
        chunk = _chunk(n, text, title=["Doc", "", "Rain"][n % 3], **meta)
        chunks.append(replace(chunk, doc_id=f"d{n % 5}", section=["", "Rain", "Doc", "Doc"][n % 4]))
    return chunks


def default_corpus_chunks(tmp_path_factory):
    shared = Path("/work/shared/corpus")
    corpus = shared if shared.is_dir() and any(shared.iterdir()) else CORPUS
    root = tmp_path_factory.mktemp("default-corpus")
    build_index(corpus, root, FakeEncoder())
    return load_version(root).chunks


SYNTHETIC_QUERIES = [
    *QUERIES,
    "rain",
    "Rain’s rains",
    "café zürich kelvin k",
    "doc reuters october 26",
    "word other",
    "skarsgard ete information saint etienne lodz путин",
]


@pytest.mark.parametrize("corpus", ["tiny", "default", "synthetic", "synthetic-small-batches", "wordless"])
def test_the_numpy_build_writes_what_bm25s_wrote(corpus, versions, tmp_path, tmp_path_factory, monkeypatch):
    new_version, _ = versions
    if corpus == "tiny":
        chunks = new_version.chunks
    elif corpus == "default":
        chunks = default_corpus_chunks(tmp_path_factory)
    elif corpus == "wordless":
        chunks = [_chunk(0, "!!!", title=""), _chunk(1, "the of and", title="")]
    else:
        chunks = synthetic_chunks()
        if corpus == "synthetic-small-batches":
            monkeypatch.setattr(bm25._Counts, "BATCH", 7)  # counted in many batches
            monkeypatch.setattr(bm25._Counts, "SLICE", 5)  # scored in many slices
    for k1, b in ((bm25.DEFAULT_K1, bm25.DEFAULT_B), (1.5, 0.75)):
        new, old = tmp_path / f"new-{k1}", tmp_path / f"old-{k1}"
        new.mkdir(), old.mkdir()
        written = bm25.write(new, chunks, k1, b)
        owners = legacy_write(old, chunks, k1, b)
        assert_same_files(new / bm25.CHUNKS, old / bm25.CHUNKS, SYNTHETIC_QUERIES)
        assert (bm25.RUN_CHUNKS in written) == bool(owners)
        if owners:
            assert_same_files(new / bm25.SENTENCES, old / bm25.SENTENCES, SYNTHETIC_QUERIES)
            run_starts, run_chunks = np.load(new / bm25.RUN_STARTS), np.load(new / bm25.RUN_CHUNKS)
            assert np.array_equal(np.repeat(run_chunks, np.diff(np.r_[run_starts, len(owners)])), owners)
        in_memory = bm25.build(chunks, k1, b)
        stored = bm25.read(new, len(chunks))
        assert np.array_equal(in_memory.chunks.doc_freq, stored.chunks.doc_freq)


def test_contractions_are_no_content_words_however_typed():
    for question in ("what's a nit", "whats a nit", "what’s a nit?", "who's the nit", "why didn't it nit", "dont nit"):
        assert terms(question) == ["nit"], question
        assert stems(question) == ["nit"], question  # the answer step's sentence words read them alike
    assert terms("Russia's bounties") == ["russia", "bounty"]  # a possessive keeps its word


def test_words_are_read_in_any_script_and_as_typed_without_accents():
    """People type names without their accents ("zurich", "skarsgard"); a page may hide zero-width characters or
    soft hyphens inside a word. Every such word is one word, the same however typed; other scripts are words too
    (they were cut at every letter outside A-Z, "Zürich" into "z" and "rich")."""
    written = "Frédéric Chopin, Zürich, São Paulo, Stellan S\u200b\u200bkarsgård, in\u00adfor\u00admation, Łódź, straße"
    typed = "frederic chopin zurich sao paulo stellan skarsgard information lodz strasse"
    assert terms(written) == terms(typed) == typed.split()
    assert stems(written) == stems(typed)
    assert stems("e\u0301te\u0301") == stems("été") == stems("ete")  # decomposed accents too
    assert terms("Путин сказал") == ["путин", "сказал"]
    assert terms("Russia\u2019s pivot") == ["russia", "pivot"]
    # the keyword index finds the passage a name typed without its accents names
    cast = _chunk(0, "Stellan S\u200b\u200bkarsgård plays the baron. Filming moved to Zürich.")
    index = KeywordIndex([cast, _chunk(1, "The rich city council met.")])
    for question in ("who does skarsgard play", "filmed in zurich?", "Skarsgård Zürich"):
        scores = index.scores(question)
        assert scores[0] > scores[1] == 0.0, question


def test_initials_with_dots_are_one_word_and_us_written_so_is_the_country():
    """ "U.K." is "uk" as a person types it, not "u" and "k"; "US", "U.S." and "USA" are one term, the pronoun
    "us" a stopword."""
    assert terms("the U.K. and the E.U.") == ["uk", "eu"] and terms("J.R.R. Tolkien") == ["jrr", "tolkien"]
    assert terms("U.S. Open") == terms("US Open") == terms("USA open") == ["usa", "open"]
    assert terms("tell us about John F. Kennedy") == ["john", "f", "kennedy"]
    assert terms("file.txt v1.2") == ["file", "txt", "1.2"], "no initials: a version"


def test_a_code_is_the_same_word_with_or_without_its_leading_zeros():
    """ "adr 19" is how people type "ADR-0019": the keyword search did not find it. A time's or a day's two digits
    stay as written: "04:30" is no answer to "how often does the 4 run" (a transit set's question lost so)."""
    assert terms("ADR-0019, INV-00123 and 007") == terms("adr 19, inv 123 and 7") == ["adr", "19", "inv", "123", "7"]
    assert terms("04:30 on 05/03, 000") == ["04", "30", "05", "03", "0"] and terms("v0.10.2") == ["0.10.2"]
    assert stems("ADR-0019 at 04:30") == ["adr", "19", "04", "30"]  # the answer step's sentence words alike


def test_a_month_shortened_is_the_month():
    """A co-op tester's "base milk price in sept 2025": "Month: September 2025" was one row of twelve alike."""
    assert terms("sept 2025, Feb. 2026, dec") == terms("September 2025, February 2026, December")
    assert stems("price in sept 2025") == stems("price in September 2025")
    assert terms("jan and mar") == ["jan", "mar"]  # a name, a verb
    index = KeywordIndex([_chunk(0, "ADR-0019 adopts Kafka."), _chunk(1, "ADR-0007 adopts Postgres.")])
    scores = index.scores("adr 19")
    assert scores[0] > scores[1], scores


def test_term_ids_are_the_ids_of_terms():
    ids = TermIds()
    contractions = "What's it? Whats that, who’s he, didnt they, it's Russia's"
    for text in [
        *SYNTHETIC,
        *QUERIES,
        contractions,
        "Zürich S\u200bkarsgård Łódź Путин e\u0301te\u0301",
        "the U.S. Open, the US Army and the U.K., e.g. at 8 a.m., tell us",
        "ADR-0019 at 09:30, 007 and 0 or 00 or 000",
        keyword_text(_chunk(0, "x", source="AP", published_at="2020-01-02")),
    ]:
        for _ in range(2):  # the second time from the cache of written forms
            assert [ids.words[i] for i in ids(text) if i != STOP] == terms(text), text
    ids.RAW_LIMIT = 0  # forgetting written forms keeps the vocabulary's ids
    before = ids("Rain rains bounties")
    ids("something else entirely")
    assert ids("Rain rains bounties") == before


def every_other_clause(text, start=0, end=None):
    """A splitter that leaves words between sentences (every other comma-separated clause is a gap)."""
    spans, cursor = [], 0
    for n, part in enumerate([*text.split(","), ""][:-1]):
        stripped = part.strip()
        if n % 2 == 0 and stripped:
            left = cursor + part.index(stripped)
            spans.append((left, left + len(stripped)))
        cursor += len(part) + 1
    return spans


def every_seven_characters(text, start=0, end=None):
    """A splitter that cuts through words (the build then tokenizes the passage and its sentences apart)."""
    return [(i, min(i + 7, len(text))) for i in range(0, len(text), 7)]


@pytest.mark.parametrize("splitter", [every_other_clause, every_seven_characters])
def test_the_numpy_build_matches_whatever_the_sentences(splitter, tmp_path, monkeypatch):
    monkeypatch.setattr(bm25, "split_sentences", splitter)
    monkeypatch.setitem(globals(), "split_sentences", splitter)  # the legacy build's splitter too
    chunks = [*synthetic_chunks(), _chunk(99, "Rain, rain, go away, come again, another day, bounties’s, x")]
    owners = legacy_write(tmp_path / "old", chunks)
    bm25.write(tmp_path / "new", chunks)
    for part in (bm25.CHUNKS, bm25.SENTENCES):
        assert_same_files(tmp_path / "new" / part, tmp_path / "old" / part, SYNTHETIC_QUERIES)
    run_starts, run_chunks = np.load(tmp_path / "new" / bm25.RUN_STARTS), np.load(tmp_path / "new" / bm25.RUN_CHUNKS)
    assert np.array_equal(np.repeat(run_chunks, np.diff(np.r_[run_starts, len(owners)])), owners)
