"""Approximate dense search (``index.ann``): which FAISS index a build writes, its recall, filters through ID
selectors, the manifest's record of it, old indexes, and incremental builds. Real FAISS, fake encoder."""

import dataclasses
import json

import numpy as np
import pytest
from helpers.fake_encoder import FakeEncoder
from helpers.tiny_corpus import write_tiny_corpus

from ragqa.config import Settings
from ragqa.index.ann import AnnSpec, DenseSearcher, build
from ragqa.index.build import LazyEncoder, build_index, embedding_input
from ragqa.index.manifest import Manifest
from ragqa.index.store import load_version, publish, read_manifest, write_version
from ragqa.records import Chunk
from ragqa.retrieval import fusion, retriever
from ragqa.retrieval.filters import Filters
from ragqa.retrieval.retriever import RetrievalOptions, Retriever

DEFAULTS = RetrievalOptions.from_settings(Settings())
HNSW = AnnSpec(choice="hnsw")
IVF = AnnSpec(choice="ivf")


def clustered_unit_vectors(count: int, dim: int = 64, centers: int = 40, seed: int = 0) -> np.ndarray:
    """Vectors shaped like text embeddings (topics with spread), normalized as the encoders' are."""
    rng = np.random.default_rng(seed)
    middle = rng.standard_normal((centers, dim))
    x = middle[rng.integers(0, centers, count)] + 0.7 * rng.standard_normal((count, dim))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_auto_is_exact_below_the_threshold_and_hnsw_from_it_and_a_forced_kind_always_wins():
    spec = AnnSpec(threshold=1_000)
    assert spec.kind_for(999) == "flat"
    assert spec.kind_for(1_000) == "hnsw"
    assert AnnSpec(choice="ivf", threshold=1_000).kind_for(10) == "ivf"
    assert AnnSpec(choice="flat", threshold=0).kind_for(10**7) == "flat"
    vectors = clustered_unit_vectors(200, dim=16)
    assert build(vectors, 16, AnnSpec(threshold=201))[1].kind == "flat"
    index, ann = build(vectors, 16, AnnSpec(threshold=200))
    assert ann.kind == "hnsw" and index.ntotal == 200


def test_settings_choose_the_kind_from_the_environment(monkeypatch):
    monkeypatch.setenv("RAGQA_ANN", "ivf")
    monkeypatch.setenv("RAGQA_ANN_NPROBE", "7")
    spec = AnnSpec.from_settings(Settings())
    assert spec.choice == "ivf" and spec.nprobe == 7
    monkeypatch.setenv("RAGQA_ANN", "annoy")
    with pytest.raises(ValueError):
        Settings()


@pytest.mark.parametrize("spec", [HNSW, IVF], ids=["hnsw", "ivf"])
def test_approximate_top_10_recalls_at_least_95_percent_of_the_exact_top_10(spec):
    vectors = clustered_unit_vectors(3_000)
    queries = clustered_unit_vectors(50, seed=1)
    index, ann = build(vectors, 64, spec)
    searcher = DenseSearcher(index, ann)
    found = 0
    for q in queries:
        exact = set(np.argsort(-(vectors @ q))[:10].tolist())
        found += len(exact & set(searcher.top(q, 10)[0].tolist()))
    assert found / (10 * len(queries)) >= 0.95


def synthetic_chunks(count: int) -> list[Chunk]:
    """``count`` chunks over six words; source ``rare`` holds three of them (rows 100, 900, 1700)."""
    words = ["solar", "pizza", "envoy", "bounty", "dough", "panel"]
    rng = np.random.default_rng(3)
    chunks = []
    for i in range(count):
        text = " ".join(rng.choice(words, 6))
        source = "rare" if i in (100, 900, 1700) else ("mid" if i % 50 == 0 else "common")
        chunks.append(Chunk(f"c{i}", f"d{i}", f"Title {i}", "", 0, len(text), text, source=source))
    return chunks


@pytest.fixture(scope="module")
def big_index(tmp_path_factory):
    """2,000 chunks written as HNSW (forced) and as flat, for the same chunks and vectors."""
    chunks = synthetic_chunks(2_000)
    fake = FakeEncoder()
    vectors = fake.encode([embedding_input(c) for c in chunks])
    out = {}
    for name, spec in (("hnsw", HNSW), ("ivf", IVF), ("flat", AnnSpec(choice="flat"))):
        root = tmp_path_factory.mktemp(name)
        path = write_version(root, chunks, vectors, [], Manifest(model="fake", dimension=fake.dimension), ann=spec)
        publish(root, path.name)
        out[name] = load_version(root)
    return out


def test_the_manifest_records_the_kind_and_its_parameters(big_index):
    hnsw = big_index["hnsw"].manifest
    assert hnsw.ann is not None and hnsw.ann.kind == "hnsw"
    assert hnsw.ann.params == {"M": 32, "ef_construction": 80, "ef_search": 128}
    on_disk = json.loads((big_index["ivf"].path / "manifest.json").read_text())
    assert on_disk["ann"]["kind"] == "ivf"
    assert set(on_disk["ann"]["params"]) == {"nlist", "nprobe", "sq_bits"}
    assert big_index["flat"].manifest.ann_params.kind == "flat"


@pytest.mark.parametrize("kind", ["hnsw", "ivf"])
@pytest.mark.parametrize("exact_rows", [100_000, 0], ids=["exact-subset", "id-selector"])
@pytest.mark.parametrize("whole", [True, False], ids=["whole", "sampled"])
def test_a_narrow_filter_still_returns_every_matching_chunk_and_top_k(big_index, kind, exact_rows, whole, monkeypatch):
    monkeypatch.setattr(retriever, "WHOLE_LEXICAL_ROWS", 10**9 if whole else 0)
    options = dataclasses.replace(DEFAULTS, ann_exact_rows=exact_rows)
    r = Retriever(big_index[kind], FakeEncoder(), options)
    rare = r.search("solar pizza envoy", 5, Filters(source=("rare",)))
    assert sorted(h.chunk.chunk_id for h in rare) == ["c100", "c1700", "c900"]
    mid = r.search("solar pizza envoy", 10, Filters(source=("mid",)))
    assert len(mid) == 10 and {h.chunk.source for h in mid} == {"mid"}
    exact = Retriever(big_index["flat"], FakeEncoder(), options).search(
        "solar pizza envoy", 10, Filters(source=("mid",))
    )
    assert len({h.chunk.chunk_id for h in mid} & {h.chunk.chunk_id for h in exact}) >= 8


def test_an_ivf_scan_of_a_named_subset_equals_the_scan_with_a_selector(big_index):
    """A source's chunks scanned in the searcher's copy of them give the same rows, scores and order as every
    list scanned with the source's mask as a selector; the copy is built once."""
    index = big_index["ivf"]
    searcher = DenseSearcher(index.faiss_index, index.manifest.ann_params)
    r = Retriever(index, FakeEncoder(), DEFAULTS)
    for source in ("rare", "mid"):
        mask = r.source_mask([source])
        for question in ("solar panel bounty", "pizza dough"):
            q = r.query_vectors([question])[0]
            for n in (2, 10, 500):
                plain, named = searcher.exact_top(q, n, mask), searcher.exact_top(q, n, mask, source)
                assert np.array_equal(plain[0], named[0]) and np.array_equal(plain[1], named[1])
        assert searcher.exact_top(q, 3, mask, source)[0].size and searcher._subsets[source].ntotal == mask.sum()


def test_ivf_searches_of_one_question_share_one_coarse_ranking(big_index):
    """``lists_top`` probes the lists of ``probe_order``: as FAISS's own search with ``nprobe`` lists, as
    ``exact_top`` with every list (a named source's copy too), and a named source searched with its default number
    of lists keeps to the source."""
    index = big_index["ivf"]
    searcher = DenseSearcher(index.faiss_index, index.manifest.ann_params)
    r = Retriever(index, FakeEncoder(), DEFAULTS)
    assert (
        DenseSearcher(big_index["hnsw"].faiss_index, big_index["hnsw"].manifest.ann_params).probe_order(
            r.query_vectors(["solar"])[0]
        )
        is None
    )
    for question in ("solar panel bounty", "pizza dough envoy"):
        q = r.query_vectors([question])[0]
        order = searcher.probe_order(q)
        assert order is not None and len(order[0]) == searcher.index.nlist and np.all(np.diff(order[1]) <= 0)
        rows, scores = searcher.lists_top(q, 50, order)
        assert set(rows.tolist()) == set(searcher.top(q, 50)[0].tolist())
        assert np.allclose(scores, searcher.scores_at(q, rows), atol=1e-5)
        for source in ("rare", "mid"):
            mask = r.source_mask([source])
            exact = searcher.exact_top(q, 20, mask)[0]
            assert set(searcher.lists_top(q, 20, order, mask, every=True)[0].tolist()) == set(exact.tolist())
            assert set(searcher.lists_top(q, 20, order, mask, source, every=True)[0].tolist()) == set(exact.tolist())
            assert mask[searcher.lists_top(q, 20, order, mask, source)[0]].all()


def test_kept_ivf_codes_score_as_the_index_and_the_sample_moments_as_the_sample(big_index, monkeypatch):
    """Above ``WHOLE_LEXICAL_ROWS`` chunks an IVF retriever keeps its codes in row order (``keep_codes``: scores
    decoded with numpy) and standardizes dense scores with the moments of its fixed sample's vectors: the same
    figures as reconstructing the rows, within float rounding."""
    monkeypatch.setattr(retriever, "WHOLE_LEXICAL_ROWS", 0)
    index = big_index["ivf"]
    plain = DenseSearcher(index.faiss_index, index.manifest.ann_params)
    r = Retriever(index, FakeEncoder(), DEFAULTS)
    assert r._searcher is not None and r._searcher.keeps_codes and not plain.keeps_codes
    rows = np.array([0, 5, 5, 1999, 77])
    for question in ("solar panel bounty", "pizza dough envoy"):
        q = r.query_vectors([question])[0]
        assert np.allclose(r._searcher.scores_at(q, rows), plain.scores_at(q, rows), atol=1e-5)
        sample = r._sample_vectors @ q
        assert np.allclose(r._dense_stats(q, None), (sample.mean(), sample.std()), atol=1e-6)
    hnsw = Retriever(big_index["hnsw"], FakeEncoder(), DEFAULTS)
    assert hnsw._searcher is not None and not hnsw._searcher.keeps_codes


@pytest.mark.parametrize("whole", [True, False], ids=["whole", "sampled"])
@pytest.mark.parametrize("kind", ["hnsw", "ivf"])
def test_candidates_are_fused_alone(big_index, kind, whole, monkeypatch):
    """An approximate index fuses its candidates alone with their exact scores. Up to ``WHOLE_LEXICAL_ROWS``
    chunks ("whole") BM25 and best-sentence scores are standardized over the whole (filtered) collection, so a
    candidate scores bit for bit as among every chunk; above it ("sampled") the BM25 top ``RESCORE_POOL * want`` are
    candidates, best sentences are standardized by a fixed sample (``KeywordIndex.sentence_stats``) and BM25 by its
    statistics from a sum and a dot product (``_quick_stats``)."""
    monkeypatch.setattr(retriever, "WHOLE_LEXICAL_ROWS", 10**9 if whole else 0)
    r = Retriever(big_index[kind], FakeEncoder(), DEFAULTS)
    for question, filters in (("solar panel bounty", None), ("pizza dough envoy", Filters(source=("mid",)))):
        mask = r.columns.mask(filters)
        scores, dense, keyword = r.rank(question, mask, depth=40)
        rows = np.flatnonzero(np.isfinite(scores))
        assert len(rows) >= 10 and (mask is None or mask[rows].all())
        lexical = r._lexical(question)
        assert r._keyword is not None and lexical.sentence is not None
        q = r.query_vectors([question])[0]
        sample = r._stats_rows(mask)
        if whole:
            tops = [fusion.top_indices(lexical.keyword, 200, mask), fusion.top_indices(lexical.sentence, 200, mask)]
            stats = (fusion.score_stats(lexical.keyword, mask), fusion.score_stats(lexical.sentence, mask))
            filled = np.where(np.isfinite(dense), dense, np.float32(0.0))
            everything = r._fused(lexical, filled, mask, dense_stats=r._dense_stats(q, sample))
            assert np.array_equal(scores[rows], everything[rows].astype(np.float32))
        else:
            tops = [fusion.top_indices(lexical.keyword, retriever.RESCORE_POOL * 200, mask)]
            assert np.allclose(retriever._quick_stats(lexical.keyword, mask), fusion.score_stats(lexical.keyword, mask))
            stats = (
                retriever._quick_stats(lexical.keyword, mask),
                r._keyword.sentence_stats(r._keyword.words(question), sample),
            )
        assert all(set(top) <= set(rows) for top in tops)
        alone = dataclasses.replace(lexical, keyword=lexical.keyword[rows], sentence=lexical.sentence[rows])
        fused = r._fused(alone, dense[rows], mask, r._dense_stats(q, sample), rows=rows, lexical_stats=stats)
        assert np.array_equal(scores[rows], fused.astype(np.float32))
        assert np.array_equal(keyword, lexical.keyword)


@pytest.mark.parametrize("hybrid", [True, False], ids=["hybrid", "dense"])
def test_hnsw_search_ranks_like_the_exact_one(big_index, hybrid):
    options = dataclasses.replace(DEFAULTS, hybrid=hybrid)
    approximate = Retriever(big_index["hnsw"], FakeEncoder(), options)
    exact = Retriever(big_index["flat"], FakeEncoder(), options)
    overlap = 0
    questions = ["solar panel bounty", "pizza dough", "envoy bounty solar", "dough panel pizza envoy"]
    for question in questions:
        a = approximate.search(question, 10)
        e = exact.search(question, 10)
        assert len(a) == 10
        overlap += len({h.chunk.chunk_id for h in a} & {h.chunk.chunk_id for h in e})
        for hit in a:  # candidates carry their exact cosine
            row = int(hit.chunk.chunk_id[1:])
            assert hit.dense == pytest.approx(
                float(big_index["flat"].vectors()[row] @ exact.query_vectors([question])[0]), abs=1e-5
            )
    assert overlap / (10 * len(questions)) >= 0.9


def test_when_candidates_cover_a_small_collection_approximate_search_gives_the_exact_results(tmp_path):
    corpus = write_tiny_corpus(tmp_path / "corpus")
    build_index(corpus, tmp_path / "flat", FakeEncoder(), ann=AnnSpec(choice="flat"))
    build_index(corpus, tmp_path / "hnsw", FakeEncoder(), ann=HNSW)
    flat = Retriever(load_version(tmp_path / "flat"), FakeEncoder())
    hnsw = Retriever(load_version(tmp_path / "hnsw"), FakeEncoder())
    for question in ["Who is Zamir Kabulov?", "How long should pizza dough rise?", "according to Food Weekly, pizza?"]:
        a, e = hnsw.search(question, 5), flat.search(question, 5)
        assert [h.chunk.chunk_id for h in a] == [h.chunk.chunk_id for h in e]
        assert [h.score for h in a] == pytest.approx([h.score for h in e], abs=1e-4)


def test_an_index_written_before_ann_fields_existed_loads_as_flat(tmp_path):
    chunks = [Chunk(f"c{i}", "d", "T", "S", i, i + 1, "x") for i in range(3)]
    path = write_version(tmp_path, chunks, np.eye(3, 4, dtype=np.float32), [], Manifest(model="m", dimension=4))
    publish(tmp_path, path.name)
    manifest = json.loads((path / "manifest.json").read_text())
    del manifest["ann"]
    (path / "manifest.json").write_text(json.dumps(manifest))
    loaded = load_version(tmp_path)
    assert loaded.manifest.ann is None and loaded.manifest.ann_params.kind == "flat"
    np.testing.assert_allclose(loaded.vectors(), np.eye(3, 4))
    assert Retriever(loaded, FakeEncoder(dimension=4)).search("x", 2)


def test_an_incremental_hnsw_build_reuses_the_exact_vectors_of_unchanged_documents(tmp_path):
    corpus = write_tiny_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    first = build_index(corpus, index, FakeEncoder(), ann=HNSW)
    assert read_manifest(index).ann_params.kind == "hnsw"
    changed = next(p for p in sorted(corpus.iterdir()) if p.suffix == ".md")
    changed.write_text(changed.read_text() + "\nOne more sentence about the envoy.\n")
    fake = FakeEncoder()
    second = build_index(corpus, index, fake, ann=HNSW)
    assert 0 < second.reused_chunks < first.chunks and second.embedded_chunks == len(fake.encoded)
    loaded = load_version(index)
    assert loaded.manifest.ann_params.kind == "hnsw"
    expected = FakeEncoder().encode([embedding_input(c) for c in loaded.chunks])
    np.testing.assert_allclose(loaded.vectors(), expected, atol=1e-6)


def test_changing_the_kind_of_an_up_to_date_index_rebuilds_it_from_its_own_vectors(tmp_path):
    corpus = write_tiny_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    build_index(corpus, index, FakeEncoder(), ann=AnnSpec(choice="flat"))
    before = load_version(index).vectors()

    def no_model():
        raise AssertionError("the encoder must not be loaded")

    report = build_index(corpus, index, LazyEncoder("fake-encoder", no_model), ann=IVF)
    assert not report.up_to_date and report.embedded_chunks == 0
    loaded = load_version(index)
    assert loaded.manifest.ann_params.kind == "ivf"
    np.testing.assert_allclose(loaded.vectors(), before, atol=0.02)  # 8-bit codes
    assert build_index(corpus, index, LazyEncoder("fake-encoder", no_model), ann=IVF).up_to_date
