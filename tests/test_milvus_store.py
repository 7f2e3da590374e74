"""The Milvus store (``RAGQA_STORE=milvus``): publishing versions into the real Milvus binary (milvus-lite 2.5.1
served on loopback, as a server or cluster is reached), searching there with filters, switching versions
atomically, and failing clearly when Milvus is missing or unreachable.

The first tests use the fake encoder in this process (no model); the last one runs the real commands: ``ragqa
index`` publishes, ``ragqa serve`` answers from Milvus alone (its index folder is empty).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from helpers.cli import ragqa
from helpers.fake_encoder import FakeEncoder
from helpers.milvus import start_milvus, stop_milvus
from helpers.servers import free_port, start_server, stop_server, wait_for_version
from helpers.tiny_corpus import DOC_ID, write_tiny_corpus

from ragqa.api.admin import index_info
from ragqa.config import Settings
from ragqa.index import milvus_store
from ragqa.index.build import build_index
from ragqa.index.milvus_store import EngineUnavailable
from ragqa.index.store import load_version
from ragqa.observability.logs import secrets_of
from ragqa.retrieval.filters import Filters
from ragqa.retrieval.milvus_retriever import (
    EngineOptions,
    EngineRetriever,
    day_expression,
    engine_version,
    filter_expression,
    publish_to_milvus,
)
from ragqa.retrieval.query import mentioned_dates
from ragqa.services import Services


@pytest.fixture(scope="module")
def milvus(tmp_path_factory) -> Iterator[str]:
    """The URI of a Milvus binary on loopback, shared by the module's tests (each uses its own collection)."""
    proc, uri = start_milvus(tmp_path_factory.mktemp("milvus") / "ragqa.db")
    yield uri
    stop_milvus(proc)


def test_filters_become_milvus_expressions():
    assert filter_expression(None) == ""
    assert filter_expression(Filters()) == ""
    expr = filter_expression(
        Filters(source=("Food Weekly", 'a"b'), category=("Energy",), published_after=date(2023, 10, 1))
    )
    assert expr == (
        'source_key in ["food weekly", "a\\"b"] and category_key in ["energy"] and day != "" '
        'and (day >= "2023-10-01" or day in ["2023-10", "2023"])'
    )
    assert filter_expression(Filters(published_before=date(2023, 11, 30))) == 'day != "" and day <= "2023-11-30"'


def test_names_and_settings_are_checked():
    assert milvus_store.version_collection("news", "20261202T011328.677931-27ec17") == (
        "ragqa_news_v_20261202T011328_677931_27ec17"
    )
    with pytest.raises(EngineUnavailable, match="RAGQA_MILVUS_COLLECTION"):
        milvus_store.catalog_name("bad name")
    with pytest.raises(EngineUnavailable, match="needs RAGQA_MILVUS_URI"):
        milvus_store.connect(Settings(store="milvus", milvus_uri=""))
    with pytest.raises(EngineUnavailable, match="neither http"):
        milvus_store.connect(Settings(store="milvus", milvus_uri="milvus.example:19530"))
    settings = Settings(store="milvus", milvus_uri="http://milvus:19530", milvus_token="root:Milvus")
    assert "root:Milvus" in secrets_of(settings) and "root:Milvus" not in repr(settings)


def test_unreachable_milvus_is_one_clear_error():
    """Start-up fails at once, naming the URI without its credentials."""
    uri = f"http://user:secret-pass@127.0.0.1:{free_port()}"
    started = time.monotonic()
    with pytest.raises(EngineUnavailable, match="cannot reach Milvus at http://127.0.0.1") as caught:
        Services.build(Settings(store="milvus", milvus_uri=uri), FakeEncoder())
    assert "secret-pass" not in str(caught.value)
    assert time.monotonic() - started < 15


def _settings(root: Path, uri: str, name: str, **overrides) -> Settings:
    return Settings(
        corpus_dir=root / "corpus",
        index_dir=root / "index",
        store="milvus",
        milvus_uri=uri,
        milvus_collection=name,
        feedback_db=root / "feedback.sqlite",
        **overrides,
    )


def test_publish_search_filters_and_switch(milvus, tmp_path):
    """A build published into Milvus is served by services without a local index; filters hold; a changed
    document gives a new version that the holder swaps to whole, while the old collection stays for readers on it."""
    encoder = FakeEncoder()
    corpus = write_tiny_corpus(tmp_path / "corpus")
    settings = _settings(tmp_path, milvus, "fast", keep_versions=2)
    first = build_index(corpus, settings.index_dir, encoder).version
    assert publish_to_milvus(settings) == (first, True)
    assert publish_to_milvus(settings) == (first, False)  # already live: nothing copied

    serving = settings.model_copy(update={"index_dir": tmp_path / "no-local-index"})
    services = Services.build(serving, encoder)
    status = services.status()
    assert (status.state, status.published_version) == ("ready", first)
    assert status.index is not None and status.index.chunk_count > 0
    assert {d.doc_id for d in status.index.document_records} == set(DOC_ID.values())

    hits, version = services.search("pizza dough yeast", 3)
    assert version == first and hits[0].chunk.doc_id == "pizza"
    assert hits[0].chunk.source == "Food Weekly" and hits[0].chunk.url == "https://food.example/pizza"
    assert 0 < hits[0].dense <= 1.0
    only_energy, _ = services.search("pizza dough", 5, Filters.from_values(source=["energy wire"]))
    assert [h.chunk.doc_id for h in only_energy] == ["solar"]
    from_november, _ = services.search("pizza dough", 5, Filters.from_values(published_after="2023-11-01"))
    assert {h.chunk.doc_id for h in from_november} == {"solar"}
    assert services.search("pizza", 5, Filters.from_values(category=["no such"]))[0] == []
    assert services.holder.current.corpus_view().has_term("pizza")

    (corpus / "news.jsonl").write_text(
        (corpus / "news.jsonl").read_text().replace("flour, water, salt and yeast", "semolina and sourdough")
    )
    before = services.holder.current
    second = build_index(corpus, settings.index_dir, encoder).version
    assert second != first
    assert publish_to_milvus(settings) == (second, True)
    assert services.holder.reload_if_changed()
    assert services.holder.current.version == second
    hits, version = services.search("semolina sourdough", 1)
    assert version == second and "semolina" in hits[0].chunk.text
    old = before.search("flour yeast", 1)  # a request that began on the old version finishes on it
    assert "yeast" in old[0].chunk.text

    client = milvus_store.connect(settings)
    for collection in (
        milvus_store.chunks_collection("fast"),
        milvus_store.sentence_collection(milvus_store.chunks_collection("fast")),
    ):
        # every field searches filter on has a scalar index
        assert {f"{name}_scalar" for name in milvus_store.SCALAR_INDEXED} <= set(client.list_indexes(collection))
    third = build_index(corpus, settings.index_dir, encoder, full=True).version
    publish_to_milvus(settings)
    assert milvus_store.published_versions(client, "fast") == [second, third]  # keep_versions=2
    assert milvus_store.version_seqs(client, "fast") == {second: 2, third: 3}


@pytest.mark.slow
def test_index_and_serve_from_milvus(milvus, tmp_path):
    """The real commands: ``ragqa index`` builds and publishes; ``ragqa serve`` with an empty index folder answers
    from Milvus with citations, honours filters, and swaps to a re-published version; a bad URI stops it at once."""
    corpus = write_tiny_corpus(tmp_path / "corpus")
    env = {
        "RAGQA_STORE": "milvus",
        "RAGQA_MILVUS_URI": milvus,
        "RAGQA_MILVUS_COLLECTION": "e2e",
        "RAGQA_CONVERSATION_DB": str(tmp_path / "conversations.sqlite"),
    }
    built = ragqa("index", "--corpus", str(corpus), "--index", str(tmp_path / "index"), env=env)
    assert built.returncode == 0, built.stderr
    assert "published index" in built.stdout and "to Milvus http://127.0.0.1" in built.stdout

    empty = tmp_path / "serving"
    empty.mkdir()
    proc, base = start_server(empty, env)
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            ready = client.get("/ready").json()
            answer = client.post("/ask", json={"question": "What does a good pizza dough need?"}).json()
            assert "[1]" in answer["answer"] and answer["citations"], answer
            assert answer["citations"][0]["doc_id"] == "pizza"
            found = client.post(
                "/search", json={"query": "dough", "top_k": 5, "filters": {"source": ["energy wire"]}}
            ).json()
            assert {r["doc_id"] for r in found["results"]} == {"solar"}
            dated = client.post(
                "/search", json={"query": "dough", "top_k": 5, "filters": {"published_before": "2023-10-31"}}
            ).json()
            assert {r["doc_id"] for r in dated["results"]} == {"pizza"}

            news = corpus / "news.jsonl"
            news.write_text(news.read_text().replace("Rooftop solar panels", "Rooftop solar tiles"))
            again = ragqa("index", "--corpus", str(corpus), "--index", str(tmp_path / "index"), env=env)
            assert again.returncode == 0, again.stderr
            version = again.stdout.split("published index ")[1].split(":")[0]
            assert version != ready["index_version"]
            wait_for_version(client, version)
            hit = client.post("/search", json={"query": "solar tiles", "top_k": 1}).json()
            assert "tiles" in hit["results"][0]["text"] and hit["index_version"] == version
    finally:
        stop_server(proc)

    down = {**env, "RAGQA_MILVUS_URI": f"http://127.0.0.1:{free_port()}"}
    failed = ragqa("serve", "--index", str(empty), "--port", str(free_port()), env=down, timeout=120)
    assert failed.returncode == 2
    assert "ragqa: error: cannot reach Milvus at http://127.0.0.1" in failed.stderr
    assert "Traceback" not in failed.stderr


def test_a_date_naming_only_its_month_filters_and_cues_in_milvus_as_in_process(milvus, tmp_path):
    """A manual page dated "September 2022" is stored as the month ("2022-09") and matches the ranges and the
    periods of questions it overlaps, in Milvus's expressions as in the in-process masks."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = [
        {"id": "man", "title": "sort", "text": "Sort lines of text files by key.", "published_at": "September 2022"},
        {"id": "news", "title": "Kettle", "text": "Kettles boil water for tea.", "published_at": "2022-10-03"},
    ]
    (corpus / "docs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    settings = _settings(tmp_path, milvus, "months")
    encoder = FakeEncoder()
    build_index(corpus, settings.index_dir, encoder)
    publish_to_milvus(settings)
    local = Services.build(settings.model_copy(update={"store": "local"}), encoder)
    engine = Services.build(settings.model_copy(update={"index_dir": tmp_path / "no-local-index"}), encoder)
    for services in (local, engine):
        for after, before, expected in (
            ("2022-09-15", None, {"man", "news"}),
            ("2022-10-01", None, {"news"}),
            (None, "2022-09-30", {"man"}),
            ("2022-08-01", "2022-08-31", set()),
        ):
            dates = Filters.from_values(published_after=after, published_before=before)
            hits, _ = services.search("sort lines kettles", 5, dates)
            assert {h.chunk.doc_id for h in hits} == expected, (services.settings.store, after, before)
    client = milvus_store.connect(settings)
    retriever = local.holder.current
    for question, expected in (("what changed in late september 2022", {"man"}), ("news of october 2022", {"news"})):
        periods = mentioned_dates(question)
        where = day_expression(periods)
        rows = client.query(milvus_store.chunks_collection("months"), filter=where, output_fields=["doc_id"])
        assert {r["doc_id"] for r in rows} == expected, where
        mask = retriever.day_mask(question)
        assert {c.doc_id for c, keep in zip(retriever.index.chunks, mask) if keep} == expected, question


def test_a_month_an_older_publish_left_undated_is_written_with_the_next_build(milvus, tmp_path, monkeypatch):
    """Rows published before month-only dates were periods hold ``day`` "": the next build rewrites that document
    (its digest now names the month), though only another document changed."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = [
        {"id": "man", "title": "sort", "text": "Sort lines of text files by key.", "published_at": "September 2022"},
        {"id": "news", "title": "Kettle", "text": "Kettles boil water for tea.", "published_at": "2022-10-03"},
    ]
    feed = corpus / "docs.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records))
    settings = _settings(tmp_path, milvus, "older")
    encoder = FakeEncoder()
    client = milvus_store.connect(settings)
    chunks = milvus_store.chunks_collection("older")
    monkeypatch.setattr(milvus_store, "day_of", lambda text: text[:10] if text[:4].isdigit() else "")  # the old one
    build_index(corpus, settings.index_dir, encoder)
    publish_to_milvus(settings)
    assert _count(client, chunks, 'doc_id == "man" and day == ""') > 0
    monkeypatch.undo()

    feed.write_text(feed.read_text().replace("boil water for tea", "boil water for coffee"))
    build_index(corpus, settings.index_dir, encoder)
    assert publish_to_milvus(settings)[1]
    live = f"until == {milvus_store.CURRENT}"
    assert _count(client, chunks, f'doc_id == "man" and day == "2022-09" and {live}') > 0
    assert _count(client, chunks, f'doc_id == "man" and day == "" and {live}') == 0


def test_a_servers_own_builds_publish_to_milvus(milvus, tmp_path):
    """Admin reindex jobs (and the builds of ``POST /documents``) of a server on the Milvus store publish what they
    build, so the server (and every replica reading Milvus) swaps to it."""
    encoder = FakeEncoder()
    corpus = write_tiny_corpus(tmp_path / "corpus")
    settings = _settings(tmp_path, milvus, "jobs")
    services = Services.build(settings, encoder, index_encoder=encoder)
    assert services.status().state == "not_ready"
    job = services.jobs.start()
    deadline = time.monotonic() + 60
    while job.status not in ("succeeded", "failed") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert job.status == "succeeded", job.error
    client = milvus_store.connect(settings)
    assert milvus_store.live_version(client, "jobs") == job.live_version == services.holder.current.version
    assert services.search("solar panels", 1)[0][0].chunk.doc_id == "solar"
    assert len(list(corpus.iterdir())) == 3
    assert index_info(services).versions_in_engine == [job.live_version]  # what GET /admin/index reports


def _count(client, collection: str, where: str) -> int:
    return client.query(collection, filter=where, output_fields=["count(*)"], consistency_level="Strong")[0]["count(*)"]


def test_incremental_publish_writes_only_changed_documents(milvus, tmp_path):
    """Versions share one chunk collection: a re-index with one document changed and one removed writes only the
    changed document's rows and marks the old ones superseded; each version keeps answering from its own rows, a
    rollback only moves the pointer, and pruning deletes the rows no kept version sees."""
    encoder = FakeEncoder()
    corpus = write_tiny_corpus(tmp_path / "corpus")
    settings = _settings(tmp_path, milvus, "incr", keep_versions=2)
    client = milvus_store.connect(settings)
    chunks = milvus_store.chunks_collection("incr")
    sentences = milvus_store.sentence_collection(chunks)
    first = load_version(settings.index_dir, build_index(corpus, settings.index_dir, encoder).version)
    assert publish_to_milvus(settings) == (first.version, True)
    per_doc = {d.doc_id: d.chunk_count for d in first.document_records}
    assert _count(client, chunks, "since == 1") == sum(per_doc.values())
    old = EngineRetriever(milvus_store.load_engine_index(client, "incr", first.version), client, encoder)
    assert old.index.seq == 1

    news = corpus / "news.jsonl"
    news.write_text(news.read_text().replace("flour, water, salt and yeast", "semolina and sourdough"))
    (corpus / DOC_ID["unit"]).unlink()
    second = build_index(corpus, settings.index_dir, encoder).version
    assert publish_to_milvus(settings) == (second, True)
    assert _count(client, chunks, "since == 2") == per_doc["pizza"]  # only the changed document was written
    assert _count(client, chunks, "until == 1") == per_doc["pizza"] + per_doc[DOC_ID["unit"]]
    assert _count(client, sentences, "until == 1") > 0 and _count(client, sentences, "since == 2") > 0
    new = EngineRetriever(milvus_store.load_engine_index(client, "incr", second), client, encoder)
    assert new.index.seq == 2
    assert "semolina" in new.search("semolina sourdough", 1)[0].chunk.text
    rrf = EngineRetriever(new.index, client, encoder, EngineOptions(ranker="rrf"))
    assert "semolina" in rrf.search("semolina sourdough", 1)[0].chunk.text
    assert DOC_ID["unit"] not in {h.chunk.doc_id for h in new.search("GRU Unit 29155 bounties", 10)}
    assert "yeast" in old.search("flour yeast", 1)[0].chunk.text  # readers of the old version still see it whole
    assert old.search("GRU Unit 29155 bounties", 1)[0].chunk.doc_id == DOC_ID["unit"]
    assert old.search("pizza", 5, Filters.from_values(source=["food weekly"]))[0].chunk.doc_id == "pizza"

    # a rollback to a version still in Milvus moves the pointer and writes nothing
    before = _count(client, chunks, "")
    assert milvus_store.publish_version(client, "incr", first, engine_version(first), keep=2)
    assert milvus_store.live_version(client, "incr") == first.version and _count(client, chunks, "") == before
    back = load_version(settings.index_dir, second)
    assert milvus_store.publish_version(client, "incr", back, engine_version(back), keep=2)

    news.write_text(news.read_text().replace("Rooftop solar panels", "Rooftop solar tiles"))
    third = build_index(corpus, settings.index_dir, encoder).version
    assert publish_to_milvus(settings) == (third, True)
    assert milvus_store.published_versions(client, "incr") == [second, third]
    assert _count(client, chunks, "until < 2") == 0 and _count(client, sentences, "until < 2") == 0
    assert _count(client, chunks, "since == 3") == per_doc["solar"]
    latest = EngineRetriever(milvus_store.load_engine_index(client, "incr", third), client, encoder)
    assert {h.chunk.doc_id for h in latest.search("pizza solar tiles semolina Kabulov", 10)} == {
        "pizza", "solar", DOC_ID["kabulov"]
    }  # fmt: skip


def test_a_name_in_the_old_layout_moves_to_the_shared_one(milvus, tmp_path):
    """A name holding versions in the former layout (a collection per version) gets its next version in the shared
    collections; the old version's collection is dropped once that version is pruned."""
    client = milvus_store.connect(_settings(tmp_path, milvus, "legacy"))
    catalog = milvus_store._ensure_catalog(client, "legacy")
    old = milvus_store.version_collection("legacy", "20200101T000000.000000-aaaaaa")
    client.create_collection(old, dimension=2)
    for kind, body in (("documents", "[]"), ("manifest", '{"model": "m", "dimension": 2}')):
        milvus_store._put_blob(client, catalog, "20200101T000000.000000-aaaaaa", kind, body)
    milvus_store._set_live(client, catalog, "legacy", "20200101T000000.000000-aaaaaa")

    settings = _settings(tmp_path, milvus, "legacy", keep_versions=1)
    built = build_index(write_tiny_corpus(tmp_path / "corpus"), settings.index_dir, FakeEncoder())
    assert publish_to_milvus(settings) == (built.version, True)
    assert milvus_store.published_versions(client, "legacy") == [built.version]
    assert not client.has_collection(old)
    index = milvus_store.load_engine_index(client, "legacy", built.version)
    assert index.seq == 1 and index.collection == milvus_store.chunks_collection("legacy")


@pytest.mark.slow
def test_collections_made_before_scalar_indexes_get_them_on_the_next_publish(milvus, tmp_path):
    settings = _settings(tmp_path, milvus, "unindexed")
    built = build_index(write_tiny_corpus(tmp_path / "corpus"), settings.index_dir, FakeEncoder())
    assert publish_to_milvus(settings) == (built.version, True)
    client = milvus_store.connect(settings)
    chunks = milvus_store.chunks_collection("unindexed")
    client.release_collection(chunks)
    for name in milvus_store.SCALAR_INDEXED:
        client.drop_index(chunks, f"{name}_scalar")
    assert not any(i.endswith("_scalar") for i in client.list_indexes(chunks))
    rebuilt = build_index(write_tiny_corpus(tmp_path / "corpus"), settings.index_dir, FakeEncoder(), full=True)
    assert publish_to_milvus(settings) == (rebuilt.version, True)
    assert {f"{name}_scalar" for name in milvus_store.SCALAR_INDEXED} <= set(client.list_indexes(chunks))
