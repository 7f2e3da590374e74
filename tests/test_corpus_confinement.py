"""Only files inside the corpus folder are read: real symlinks in ``tmp_path`` (to a file beside the corpus, to
``/etc/passwd``, ``/etc/hostname`` and ``/proc/self/status``, to a folder outside, dangling, looping, to another
corpus file) through the real reader and a real build (FAISS and SQLite, with the fake encoder)."""

import logging
import os
import threading
import time
from pathlib import Path

import pytest
from helpers.fake_encoder import FakeEncoder
from helpers.tiny_corpus import write_tiny_corpus

from ragqa.index.build import build_index
from ragqa.index.store import load_version
from ragqa.ingest.corpus import CorpusReport, corpus_files, iter_file_documents, read_corpus
from ragqa.ingest.watch import watch_corpus

OUTSIDE_WORD = "zanzibarquux"
"""Only in files outside the corpus: it must never reach a document, a chunk or the encoder."""


def skipped_reasons(report) -> dict[str, str]:
    return dict(entry.split(": ", 1) for entry in report.skipped)


@pytest.fixture
def layout(tmp_path) -> Path:
    """``tmp_path/corpus`` (the tiny corpus plus a sub-folder) and, beside it, files and a folder it links to."""
    corpus = write_tiny_corpus(tmp_path / "corpus")
    (corpus / "notes").mkdir()
    (corpus / "notes" / "inside.md").write_text("# Inside note\n\nThe harbour of Odessa reopened in spring.\n")
    (tmp_path / "outside.md").write_text(f"# Outside\n\nThe secret word is {OUTSIDE_WORD}.\n")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret.md").write_text(f"# Elsewhere\n\nAnother {OUTSIDE_WORD} here.\n")

    (corpus / "outside.md").symlink_to(tmp_path / "outside.md")  # absolute target
    (corpus / "notes" / "relative.md").symlink_to(Path("..") / ".." / "outside.md")  # relative target
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "status.txt").symlink_to("/proc/self/status")
    if Path("/etc/hostname").exists():
        (corpus / "hostname.md").symlink_to("/etc/hostname")
    (corpus / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (corpus / "dangling.md").symlink_to(corpus / "no-such-file.md")
    (corpus / "alias.md").symlink_to("kabulov.md")  # inside the corpus: the same file under a second name
    (corpus / "notes" / "0-first.md").symlink_to("inside.md")  # sorts before the file it links to
    (corpus / "notes-again").symlink_to("notes", target_is_directory=True)  # a folder inside: not walked twice
    return corpus


def test_symlinks_leaving_the_corpus_are_skipped_with_a_warning_and_a_reason(layout, caplog):
    caplog.set_level(logging.WARNING, logger="ragqa.ingest.corpus")
    documents, report = read_corpus(layout)

    ids = sorted(d.doc_id for d in documents)
    assert ids == sorted(["kabulov.md", "unit-29155.md", "pizza", "solar", "notes/inside.md"])
    assert not any(OUTSIDE_WORD in d.text or "root:" in d.text for d in documents)
    assert {d.path for d in documents} <= {"kabulov.md", "unit-29155.md", "news.jsonl", "notes/inside.md"}

    reasons = skipped_reasons(report)
    outside = "symlink to a file outside the corpus folder, not read"
    expected = {
        "outside.md": outside,
        "notes/relative.md": outside,
        "passwd.txt": outside,
        "status.txt": outside,
        "linked/": "symlinked folder outside the corpus folder, not read",
        "dangling.md": "dangling symlink",
        "alias.md": "same file as kabulov.md (a symlink to it), read once",
        "notes/0-first.md": "same file as notes/inside.md (a symlink to it), read once",
    }
    if (layout / "hostname.md").is_symlink():
        expected["hostname.md"] = outside
    assert reasons == expected
    warned = "\n".join(r.getMessage() for r in caplog.records)
    for name in expected:
        assert f"skipping {name}" in warned
    assert "/etc/passwd" in warned and str(layout.parent / "elsewhere") in warned  # the log says where it points
    assert report.files == 4  # the four files actually read; the folder linked inside is not walked again


def test_a_build_indexes_nothing_from_outside_and_reports_every_skipped_link(layout):
    fake = FakeEncoder()
    report = build_index(layout, layout.parent / "index", fake)
    loaded = load_version(layout.parent / "index")
    assert {c.doc_id for c in loaded.chunks} == {"kabulov.md", "unit-29155.md", "pizza", "solar", "notes/inside.md"}
    assert not any(OUTSIDE_WORD in text or "root:" in text for text in fake.encoded)
    assert not any(OUTSIDE_WORD in c.text for c in loaded.chunks)
    assert {"outside.md", "passwd.txt", "status.txt", "linked/", "dangling.md", "alias.md"} <= set(
        skipped_reasons(report)
    )
    again = build_index(layout, layout.parent / "index", fake)
    assert again.up_to_date and again.skipped == report.skipped  # printed on every build, not only the first


def test_hidden_files_stay_ignored_even_through_a_link_and_links_inside_the_corpus_still_work(tmp_path):
    corpus = write_tiny_corpus(tmp_path / "corpus")
    (corpus / ".draft.md").write_text("# Draft\n\nNot ready.\n")
    (corpus / ".git").mkdir()
    (corpus / ".git" / "notes.md").write_text("# Git\n\nInternal.\n")
    (corpus / "draft.md").symlink_to(".draft.md")
    (corpus / "loop-a.md").symlink_to("loop-b.md")
    (corpus / "loop-b.md").symlink_to("loop-a.md")
    (tmp_path / "via").symlink_to(corpus, target_is_directory=True)
    # a link inside the corpus to a file the reader would not list: read once, parsed by the link's name
    (corpus / "export.ndjson").write_text('{"id": "linked-record", "text": "Ferries to Batumi run twice a week."}\n')
    (corpus / "export.jsonl").symlink_to("export.ndjson")

    documents, report = read_corpus(tmp_path / "via")  # the corpus folder itself may be a symlink
    assert sorted(d.doc_id for d in documents) == sorted(
        ["kabulov.md", "unit-29155.md", "pizza", "solar", "linked-record"]
    )
    assert skipped_reasons(report) == {
        "draft.md": "symlink to a hidden file, not read",
        "loop-a.md": "symlink loop",
        "loop-b.md": "symlink loop",
    }


def test_a_file_swapped_for_a_link_after_the_scan_is_not_read(tmp_path):
    corpus = write_tiny_corpus(tmp_path / "corpus")
    (tmp_path / "outside.md").write_text(f"# Outside\n\n{OUTSIDE_WORD}\n")
    report = CorpusReport()
    files = {f.rel: f for f in corpus_files(corpus, report)}
    scanned = files["kabulov.md"]
    (corpus / "kabulov.md").unlink()
    (corpus / "kabulov.md").symlink_to(tmp_path / "outside.md")
    assert list(iter_file_documents(scanned.real, scanned.rel, report, scanned.identity)) == []
    os.replace(tmp_path / "outside.md", corpus / "kabulov.md")  # now a regular file, but another one
    assert list(iter_file_documents(scanned.real, scanned.rel, report, scanned.identity)) == []
    assert [entry.split(":")[0] for entry in report.skipped] == ["kabulov.md", "kabulov.md"]
    assert "replaced by another file" in report.skipped[1]


def test_watch_rebuilds_when_a_link_appears_and_the_rebuild_skips_it(tmp_path):
    corpus = write_tiny_corpus(tmp_path / "corpus")
    (tmp_path / "outside.md").write_text(f"# Outside\n\n{OUTSIDE_WORD}\n")
    index = tmp_path / "index"
    fake = FakeEncoder()
    reports = []
    stop = threading.Event()

    def rebuild():
        reports.append(build_index(corpus, index, fake))

    thread = threading.Thread(target=watch_corpus, args=(corpus, rebuild, 100, 2000, stop), daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not reports and time.monotonic() < deadline:
            time.sleep(0.02)
        assert reports and reports[0].skipped == []
        (corpus / "leak.md").symlink_to(tmp_path / "outside.md")  # before new.md: a build that sees one sees both
        (corpus / "new.md").write_text("# New\n\nThe ferry to Batumi runs twice a week.\n")
        while not any(r.added for r in reports[1:]) and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        stop.set()
        thread.join(10)
    (build,) = [r for r in reports[1:] if r.added]
    assert build.added == 1 and skipped_reasons(build) == {
        "leak.md": "symlink to a file outside the corpus folder, not read"
    }
    assert not any(OUTSIDE_WORD in text for text in fake.encoded)
    assert "new.md" in {d.doc_id for d in load_version(index).documents()}
