"""Index assembly without a model: ``build_index`` with the fake encoder over a tiny corpus in ``tmp_path``.

Vectors must stay attached to their chunks (row i is chunk i's ``embedding_input``), unchanged documents keep
their exact vectors, and only new or changed documents reach the encoder.
"""

import json
import re

import numpy as np
import pytest
from helpers.fake_encoder import FakeEncoder
from helpers.tiny_corpus import DOC_ID, RECORDS, write_tiny_corpus

from ragqa.index.build import LazyEncoder, build_index, embedding_input
from ragqa.index.errors import IndexMismatch
from ragqa.index.manifest import Chunking
from ragqa.index.store import check_compatible, list_versions, live_version, load_version, read_manifest
from ragqa.ingest.chunking import RULES


@pytest.fixture
def corpus(tmp_path):
    return write_tiny_corpus(tmp_path / "corpus")


def rows_by_doc(loaded):
    out: dict[str, list[int]] = {}
    for i, chunk in enumerate(loaded.chunks):
        out.setdefault(chunk.doc_id, []).append(i)
    return out


def test_a_first_build_embeds_every_chunk_once_in_row_order(tmp_path, corpus):
    fake = FakeEncoder()
    report = build_index(corpus, tmp_path / "index", fake)
    loaded = load_version(tmp_path / "index")
    assert (report.documents, report.added, report.changed, report.removed) == (4, 4, 0, 0)
    assert report.chunks == loaded.chunk_count == report.embedded_chunks and report.reused_chunks == 0
    assert {c.doc_id for c in loaded.chunks} == set(DOC_ID.values())
    inputs = [embedding_input(c) for c in loaded.chunks]
    assert fake.encoded == inputs  # each chunk went through the encoder exactly once, in row order
    assert np.allclose(loaded.vectors(), FakeEncoder().encode(inputs), atol=1e-6)  # row i is chunk i's vector
    assert live_version(tmp_path / "index") == report.version


def test_the_manifest_records_model_runtime_chunking_and_counts(tmp_path, corpus):
    report = build_index(corpus, tmp_path / "index", FakeEncoder(), max_tokens=64, overlap_sentences=0)
    manifest = read_manifest(tmp_path / "index", report.version)
    assert (manifest.model, manifest.dimension, manifest.encoder_runtimes) == ("fake-encoder", 384, ["fake"])
    assert manifest.chunking == Chunking(64, 0, RULES)
    assert (manifest.chunk_count, manifest.document_count) == (report.chunks, 4)
    assert manifest.counts == {
        "added": 4,
        "changed": 0,
        "removed": 0,
        "unchanged": 0,
        "embedded_chunks": report.chunks,
        "reused_chunks": 0,
    }
    assert manifest.version == report.version and manifest.full is False and manifest.corpus_fingerprint
    check_compatible(manifest, "fake-encoder", 384)
    with pytest.raises(IndexMismatch, match="ragqa index --full"):
        check_compatible(manifest, "another-model", 384)


def test_chunks_fit_the_token_budget_as_the_encoder_counts_and_map_back_to_the_text(tmp_path, corpus):
    fake = FakeEncoder()
    small = build_index(corpus, tmp_path / "index", fake, max_tokens=40, overlap_sentences=0)
    loaded = load_version(tmp_path / "index")
    assert small.chunks > 4  # the unit article no longer fits one chunk
    unit = [c for c in loaded.chunks if c.doc_id == DOC_ID["unit"]]
    assert len(unit) >= 2 and [c.start for c in unit] == sorted(c.start for c in unit)
    text = (corpus / "unit-29155.md").read_text()
    for chunk in loaded.chunks:
        assert fake.count_tokens(embedding_input(chunk)) <= 40
        if chunk.doc_id == DOC_ID["unit"]:
            assert " ".join(chunk.text.split()) in " ".join(text.split())


def test_an_unchanged_corpus_is_up_to_date_and_never_loads_the_encoder(tmp_path, corpus):
    first = build_index(corpus, tmp_path / "index", FakeEncoder())
    loads = []

    def load():
        loads.append(1)
        return FakeEncoder()

    again = build_index(corpus, tmp_path / "index", LazyEncoder("fake-encoder", load))
    assert again.up_to_date and again.version == first.version and again.unchanged == 4
    assert loads == [] and list_versions(tmp_path / "index") == [first.version]


def test_an_incremental_build_embeds_only_new_and_changed_documents(tmp_path, corpus):
    index = tmp_path / "index"
    first = build_index(corpus, index, FakeEncoder())
    before = load_version(index, first.version)

    unit = corpus / "unit-29155.md"
    unit.write_text(unit.read_text() + "\nAveryanov also led operations in Moldova and Bulgaria.\n")
    (corpus / "news.jsonl").write_text(json.dumps(RECORDS[1]) + "\n")  # the pizza record is removed
    (corpus / "moon.md").write_text("# The far side of the Moon\n\nA lander touched down on the far side.\n")
    fake = FakeEncoder()
    second = build_index(corpus, index, fake)

    assert (second.added, second.changed, second.removed, second.unchanged) == (1, 1, 1, 2)
    live = load_version(index)
    rows = rows_by_doc(live)
    assert set(rows) == {DOC_ID["kabulov"], DOC_ID["unit"], DOC_ID["solar"], "moon.md"}
    fresh = [live.chunks[i] for d in (DOC_ID["unit"], "moon.md") for i in rows[d]]
    assert sorted(fake.encoded) == sorted(embedding_input(c) for c in fresh)  # nothing else was encoded
    assert second.embedded_chunks == len(fresh) and second.reused_chunks == live.chunk_count - len(fresh)
    old_rows = rows_by_doc(before)
    for doc_id in (DOC_ID["kabulov"], DOC_ID["solar"]):  # unchanged: the same chunks and the very same vectors
        assert [live.chunks[i] for i in rows[doc_id]] == [before.chunks[i] for i in old_rows[doc_id]]
        assert np.array_equal(live.vectors()[rows[doc_id]], before.vectors()[old_rows[doc_id]])
    for i in rows[DOC_ID["unit"]] + rows["moon.md"]:
        assert np.allclose(live.vectors()[i], FakeEncoder().encode([embedding_input(live.chunks[i])])[0], atol=1e-6)
    assert any("Moldova" in live.chunks[i].text for i in rows[DOC_ID["unit"]])
    assert read_manifest(index).counts["reused_chunks"] == second.reused_chunks
    assert load_version(index, first.version).chunk_count == before.chunk_count  # the old version is kept


def test_another_model_full_rebuilds_or_new_chunking_reuse_nothing(tmp_path, corpus):
    index = tmp_path / "index"
    first = build_index(corpus, index, FakeEncoder())

    other = FakeEncoder(name="other-fake")
    switched = build_index(corpus, index, other)
    assert not switched.up_to_date and switched.embedded_chunks == first.chunks and switched.reused_chunks == 0
    assert read_manifest(index).model == "other-fake" and len(other.encoded) == first.chunks

    full = build_index(corpus, index, FakeEncoder(name="other-fake"), full=True)
    assert full.embedded_chunks == first.chunks and read_manifest(index).full is True

    rechunked = build_index(corpus, index, FakeEncoder(name="other-fake"), max_tokens=40)
    assert rechunked.chunks > first.chunks and rechunked.embedded_chunks > 0
    assert rechunked.reused_chunks + rechunked.embedded_chunks == rechunked.chunks  # short documents cut the same
    live = load_version(index)
    assert np.allclose(live.vectors(), FakeEncoder().encode([embedding_input(c) for c in live.chunks]), atol=1e-6)
    assert np.array_equal(live.vectors_of([2, 0]), live.vectors()[[2, 0]]) and live.vectors_of([]).shape == (0, 384)
    assert read_manifest(index).chunking == Chunking(40, 1, RULES)


WRAPPED = "# Shims\n\n" + "".join(
    f"Shim number {i} is a lightweight executable that simply passes your command\nalong to pyenv, which decides.\n\n"
    for i in range(12)
)


NUMBERED = "# Steps\n\n" + "".join(
    f"{i}. Shim number {i} is a lightweight executable that passes your command along to pyenv.\n" for i in range(1, 13)
)


def test_new_chunking_rules_rechunk_and_re_embed_only_the_chunks_they_cut_differently(tmp_path, corpus, monkeypatch):
    (corpus / "steps.md").write_text(NUMBERED)
    index = tmp_path / "index"
    with monkeypatch.context() as before_rules:  # a version built when an item's number was a sentence of its own
        before_rules.setattr("ragqa.index.build.RULES", RULES - 1)
        before_rules.setattr("ragqa.ingest.chunking._ENUMERATOR", re.compile(r"(?!)"))
        old = build_index(corpus, index, FakeEncoder(), max_tokens=40)
    assert read_manifest(index).chunking == Chunking(40, 1, RULES - 1)

    fake = FakeEncoder()
    new = build_index(corpus, index, fake, max_tokens=40)  # the corpus did not change, the rules did
    assert not new.up_to_date and new.unchanged == 5 and read_manifest(index).chunking == Chunking(40, 1, RULES)
    assert 0 < new.embedded_chunks == len(fake.encoded) < new.chunks and new.reused_chunks > 0
    live, before = load_version(index), load_version(index, old.version)
    assert np.allclose(live.vectors(), FakeEncoder().encode([embedding_input(c) for c in live.chunks]), atol=1e-6)
    assert {c.chunk_id for c in live.chunks} != {c.chunk_id for c in before.chunks}
    assert build_index(corpus, index, FakeEncoder(), max_tokens=40).up_to_date


def test_an_edit_re_embeds_only_the_chunks_it_touched(tmp_path, corpus):
    shims = corpus / "shims.txt"
    shims.write_text(WRAPPED)
    index = tmp_path / "index"
    first = build_index(corpus, index, FakeEncoder(), max_tokens=64)
    shims.write_text(WRAPPED + "The last shim was added today.\n")
    fake = FakeEncoder()
    second = build_index(corpus, index, fake, max_tokens=64)
    assert second.changed == 1 and second.chunks >= first.chunks
    assert 0 < second.embedded_chunks <= 2 and fake.encoded and all("Shim number 0 " not in t for t in fake.encoded)
    live = load_version(index)
    assert np.allclose(live.vectors(), FakeEncoder().encode([embedding_input(c) for c in live.chunks]), atol=1e-6)


def test_removing_documents_only_reuses_vectors_without_loading_the_encoder(tmp_path, corpus):
    index = tmp_path / "index"
    first = build_index(corpus, index, FakeEncoder())
    (corpus / "news.jsonl").unlink()
    loads = []
    report = build_index(corpus, index, LazyEncoder("fake-encoder", lambda: loads.append(1) or FakeEncoder()))
    assert (report.removed, report.unchanged, report.embedded_chunks) == (2, 2, 0) and loads == []
    live = load_version(index)
    assert {c.doc_id for c in live.chunks} == {DOC_ID["kabulov"], DOC_ID["unit"]}
    assert live.chunk_count < first.chunks and read_manifest(index).dimension == 384
