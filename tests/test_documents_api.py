"""``POST /documents``, ``PUT/DELETE/GET /documents/{id}`` over a real uvicorn server.

Fast tier: the app in this process over the tiny corpus with the fake encoder (queries and builds). Slow tier: a
real ``ragqa serve`` killed with SIGKILL right after a 2xx keeps the document and indexes it after a restart.
"""

from __future__ import annotations

import shutil
import signal
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from helpers import CORPUS
from helpers.documents import AUTH, TOKEN, documents_server, wait_job
from helpers.fake_encoder import FakeEncoder
from helpers.files import write_laid_out_pdf
from helpers.servers import start_server, stop_server

from ragqa.index.build import build_lock

GLACIER = {
    "title": "The Perito Moreno glacier",
    "text": "The Perito Moreno glacier in Patagonia advances two metres a day and calves icebergs into Lago Argentino.",
    "source": "Ice Monthly",
    "published_at": "2024-03-05",
}


@pytest.fixture
def client(tmp_path) -> Iterator[httpx.Client]:
    with documents_server(tmp_path) as c:
        yield c


def doc_ids_found(client: httpx.Client, query: str, top_k: int = 10) -> list[str]:
    response = client.post("/search", json={"query": query, "top_k": top_k})
    assert response.status_code == 200, response.text
    return [r["doc_id"] for r in response.json()["results"]]


def texts_found(client: httpx.Client, query: str, doc_id: str) -> list[str]:
    results = client.post("/search", json={"query": query, "top_k": 20}).json()["results"]
    return [r["text"] for r in results if r["doc_id"] == doc_id]


def total_documents(client: httpx.Client) -> int:
    return client.get("/documents").json()["total"]


def write(client: httpx.Client, method: str, url: str, **kwargs: Any) -> dict:
    response = client.request(method, url, **kwargs)
    assert response.status_code == 202, response.text
    return response.json()


# ---------------------------------------------------------------- writes


def test_post_one_document_is_durable_then_searchable(client):
    before = total_documents(client)
    body = write(client, "POST", "/documents", json=GLACIER)
    doc_id = body["id"]
    assert doc_id and body["documents"] == [
        {"id": doc_id, "status": "created", "content_hash": body["documents"][0]["content_hash"]}
    ]
    job = wait_job(client, body["job_id"])
    assert job["trigger"] == "documents"
    detail = client.get(f"/documents/{doc_id}").json()
    assert detail["status"] == "indexed" and detail["origin"] == "api" and detail["deleted"] is False
    assert detail["indexed_version"] == job["report"]["version"] == job["live_version"]
    assert detail["chunk_count"] >= 1 and detail["title"] == GLACIER["title"]
    assert detail["published_at"] == "2024-03-05" and detail["source"] == "Ice Monthly"
    assert doc_ids_found(client, "Perito Moreno glacier Patagonia")[0] == doc_id
    assert total_documents(client) == before + 1
    # the corpus folder's documents are still there beside it
    assert "pizza" in doc_ids_found(client, "pizza dough yeast")


def test_where_a_document_is_written_is_no_field_of_its_text():
    """ "collection" beside a posted document was read as one of its fields: "Collection: default" opened its text
    and ended answers."""
    from ragqa.api.documents import OneDocumentIn
    from ragqa.ingest.document_store import document_from_record

    one = OneDocumentIn(title="Sharps", text="Sharps are collected on Tuesdays.", collection="default")
    assert document_from_record(one.record()).text == "Sharps are collected on Tuesdays."


def test_batch_of_three_is_one_build(client):
    docs = [
        {"id": f"batch-{i}", "title": f"Lighthouse {i}", "text": f"Lighthouse number {i} stands on cape {word}."}
        for i, word in enumerate(["Zebedee", "Quillon", "Marrowby"])
    ]
    body = write(client, "POST", "/documents", json={"documents": docs})
    assert body["id"] is None and [d["id"] for d in body["documents"]] == ["batch-0", "batch-1", "batch-2"]
    assert {d["status"] for d in body["documents"]} == {"created"}
    job = wait_job(client, body["job_id"])
    assert job["report"]["added"] == 3
    for i, word in enumerate(["Zebedee", "Quillon", "Marrowby"]):
        assert doc_ids_found(client, f"cape {word}")[0] == f"batch-{i}"
        assert client.get(f"/documents/batch-{i}").json()["status"] == "indexed"


def test_same_content_twice_is_one_document(client):
    before = total_documents(client)
    first = write(client, "POST", "/documents", json=GLACIER)
    second = write(client, "POST", "/documents", json=GLACIER)
    assert first["id"] == second["id"] and second["documents"][0]["status"] == "unchanged"
    wait_job(client, second["job_id"])
    wait_job(client, first["job_id"])
    assert total_documents(client) == before + 1
    assert doc_ids_found(client, "Perito Moreno glacier").count(first["id"]) >= 1


def test_put_replaces_the_chunks_of_a_document(client):
    old = {
        "title": "Harbour notes",
        "text": " ".join(f"The old harbour of Quenby smells of tar and herring nets on day {i}." for i in range(60)),
    }
    body = write(client, "PUT", "/documents/notes/harbour", json=old)
    assert body["id"] == "notes/harbour" and body["documents"][0]["status"] == "created"
    wait_job(client, body["job_id"])
    first = client.get("/documents/notes/harbour").json()
    index_before = client.get("/admin/index").json()
    assert first["chunk_count"] >= 2

    new = {"title": "Harbour notes", "text": "The new marina of Quenby holds sailing yachts and a ferry terminal."}
    body = write(client, "PUT", "/documents/notes/harbour", json=new)
    assert body["documents"][0]["status"] == "updated"
    wait_job(client, body["job_id"])
    second = client.get("/documents/notes/harbour").json()
    index_after = client.get("/admin/index").json()
    assert second["status"] == "indexed" and second["chunk_count"] == 1
    assert index_after["document_count"] == index_before["document_count"]
    assert index_after["chunk_count"] == index_before["chunk_count"] - first["chunk_count"] + 1
    assert not any("herring" in t for t in texts_found(client, "tar herring nets harbour", "notes/harbour"))
    assert any("marina" in t for t in texts_found(client, "marina yachts ferry", "notes/harbour"))


def test_delete_removes_a_document_from_search(client):
    body = write(client, "POST", "/documents", json={**GLACIER, "id": "glacier"})
    wait_job(client, body["job_id"])
    assert "glacier" in doc_ids_found(client, "Perito Moreno glacier")
    body = write(client, "DELETE", "/documents/glacier")
    assert body["documents"][0]["status"] == "deleted"
    wait_job(client, body["job_id"])
    assert "glacier" not in doc_ids_found(client, "Perito Moreno glacier")
    assert client.get("/documents/glacier").status_code == 404
    assert client.delete("/documents/glacier").status_code == 404
    # a corpus-folder document is not the API's to delete
    response = client.delete("/documents/pizza")
    assert response.status_code == 409 and "corpus folder" in response.json()["error"]["message"]


def test_an_api_document_wins_over_the_corpus_file_with_its_id(client):
    body = write(client, "PUT", "/documents/pizza", json={"title": "Pizza", "text": "Deep dish pizza from Chicago."})
    assert [w.split(":")[0] for w in body["warnings"]] == ["pizza"]  # the writer learns the file is now hidden
    assert "hides the corpus folder's document" in body["warnings"][0]
    wait_job(client, body["job_id"])
    texts = texts_found(client, "pizza dough Chicago", "pizza")
    assert texts and all("Chicago" in t for t in texts)
    assert client.get("/documents/pizza").json()["origin"] == "api"


def test_uploads_of_markdown_html_and_restructuredtext_files(client):
    markdown = b"# Tidal mills\n\nA tidal mill on the Rance estuary grinds grain when the tide goes out.\n"
    body = write(client, "POST", "/documents", files={"file": ("mills.md", markdown, "text/markdown")})
    md_id = body["id"]
    html = (
        b"<html><head><title>Salt marsh birds</title></head><body><article><h1>Salt marsh birds</h1>"
        b"<p>Avocets and redshanks feed on the salt marsh of the Wadden Sea at low tide.</p></article></body></html>"
    )
    body = write(client, "POST", "/documents", files={"file": ("birds.html", html, "text/html")}, data={"id": "birds"})
    assert body["id"] == "birds"
    wait_job(client, body["job_id"])
    assert client.get(f"/documents/{md_id}").json()["title"] == "Tidal mills"
    assert client.get("/documents/birds").json()["status"] == "indexed"
    assert doc_ids_found(client, "tidal mill Rance estuary")[0] == md_id
    assert doc_ids_found(client, "avocets redshanks Wadden Sea")[0] == "birds"
    rst = b"Peat bogs\n=========\n\nA raised bog on the Somerset Levels stores carbon in *sphagnum* moss.\n"
    body = write(client, "POST", "/documents", files={"file": ("bogs.rst", rst, "text/x-rst")}, data={"id": "bogs"})
    wait_job(client, body["job_id"])
    assert client.get("/documents/bogs").json()["title"] == "Peat bogs"
    assert doc_ids_found(client, "raised bog Somerset Levels sphagnum")[0] == "bogs"


def test_uploads_of_a_sheet_of_articles_and_a_json_export(client):
    sheet = b"id,title,body\nferry-1,Ferry fares,Ferry fares rise by 5 percent on the Orkney routes.\n"
    sheet += b"ferry-2,New pier,A new pier opens at Stromness for the larger ferries.\n"
    body = write(client, "POST", "/documents", files={"file": ("ferries.csv", sheet, "text/csv")})
    assert [d["id"] for d in body["documents"]] == ["ferry-1", "ferry-2"], body
    wait_job(client, body["job_id"])
    assert doc_ids_found(client, "pier Stromness larger ferries")[0] == "ferry-2"
    export = b'[{"id": "wp-7", "title": {"rendered": "Lighthouses"}, "content": {"rendered": "<p>The Bell Rock '
    export += b'lighthouse was lit in 1811.</p>"}}]'
    body = write(client, "POST", "/documents", files={"file": ("posts.json", export, "application/json")})
    wait_job(client, body["job_id"])
    assert client.get("/documents/wp-7").json()["title"] == "Lighthouses"


def test_an_uploaded_pdf_is_read_with_its_layout_and_its_chunks_know_their_page(client, tmp_path):
    """A PDF posted as a file: its title block gives the title, its heading a section, a word hyphenated at a
    line's end is whole in the indexed text, and a hit on its second page says page 2."""
    pages = [
        [
            (72, 700, 20, "regular", "Ferry timetable changes"),
            (72, 660, 14, "bold", "Winter sailings"),
            (72, 640, 10, "regular", "The morning ferry to the outer islands now leaves at seven and the after-"),
            (72, 628, 10, "regular", "noon ferry is cancelled from November."),
        ],
        [(72, 700, 10, "regular", "Night sailings to the lighthouse island resume in April with a larger boat.")],
    ]
    pdf = write_laid_out_pdf(tmp_path / "ferries.pdf", pages).read_bytes()
    body = write(
        client, "POST", "/documents", files={"file": ("ferries.pdf", pdf, "application/pdf")}, data={"id": "ferries"}
    )
    wait_job(client, body["job_id"])
    assert client.get("/documents/ferries").json()["title"] == "Ferry timetable changes"
    results = client.post("/search", json={"query": "night sailings lighthouse island April", "top_k": 10}).json()
    mine = [r for r in results["results"] if r["doc_id"] == "ferries"]
    assert mine and any("afternoon ferry is cancelled" in r["text"] for r in mine), mine
    assert {r["page"] for r in mine if "lighthouse" in r["text"]} == {2}
    assert {r["section"] for r in mine if "afternoon" in r["text"]} == {"Winter sailings"}


def test_an_uploaded_word_file_keeps_its_table_rows_under_their_column_names(client, tmp_path):
    """A .docx posted as a file: its title and headings come from its styles, and a table's row is searchable with
    its column names, which only the header row holds."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Ferry fares"
    document.add_heading("Winter fares", level=1)
    document.add_paragraph("Fares to the outer islands change in November.")
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(
        table.rows,
        [
            ("Route", "Adult fare", "Crossing time"),
            ("Lighthouse island", "12 euros", "40 minutes"),
            ("Seal rock", "8 euros", "25 minutes"),
        ],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    path = tmp_path / "fares.docx"
    document.save(str(path))
    word_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    body = write(
        client, "POST", "/documents", files={"file": ("fares.docx", path.read_bytes(), word_type)}, data={"id": "fares"}
    )
    wait_job(client, body["job_id"])
    assert client.get("/documents/fares").json()["title"] == "Ferry fares"
    results = client.post("/search", json={"query": "adult fare seal rock", "top_k": 10}).json()
    mine = [r for r in results["results"] if r["doc_id"] == "fares"]
    assert any("Route: Seal rock; Adult fare: 8 euros; Crossing time: 25 minutes" in r["text"] for r in mine), mine
    assert {r["section"] for r in mine} == {"Winter fares"}


def test_uploads_of_an_opendocument_file_a_workbook_and_a_mailbox(client, tmp_path):
    """An .odt (read through pandoc), an .xlsx (openpyxl) and an .mbox (a document a message) posted as files are
    searchable like the corpus folder's."""
    import subprocess
    from email.message import EmailMessage

    import openpyxl

    from ragqa.ingest.converted import _pandoc

    source = "---\ntitle: Tide tables\n---\n\n# Spring tides\n\nSpring tides flood the causeway twice a month.\n"
    odt = tmp_path / "tides.odt"
    subprocess.run([_pandoc(), "--from", "markdown", "--to", "odt", "-o", str(odt)], input=source.encode(), check=True)
    body = write(client, "POST", "/documents", files={"file": ("tides.odt", odt.read_bytes())}, data={"id": "tides"})
    wait_job(client, body["job_id"])
    assert client.get("/documents/tides").json()["title"] == "Tide tables"
    assert doc_ids_found(client, "spring tides flood causeway")[0] == "tides"

    book = openpyxl.Workbook()
    book.active.append(["Question", "Answer"])
    book.active.append(["Can dogs ride the ferry?", "Dogs on a lead ride the ferry for free."])
    book.save(tmp_path / "faq.xlsx")
    body = write(client, "POST", "/documents", files={"file": ("faq.xlsx", (tmp_path / "faq.xlsx").read_bytes())})
    wait_job(client, body["job_id"])
    assert doc_ids_found(client, "dogs lead ferry free")[0] == body["documents"][0]["id"]

    mails = b""
    for subject, text in (
        ("Pier closed", "The east pier is closed for repairs."),
        ("Pier open", "The west pier opens."),
    ):
        message = EmailMessage()
        message["Subject"], message["From"], message["Date"] = (
            subject,
            "Harbour <h@example.org>",
            "Mon, 1 Jul 2024 9:00:00 +0000",
        )
        message.set_content(text)
        mails += b"From h@example.org Mon Jul  1 09:00:00 2024\n" + bytes(message) + b"\n"
    body = write(client, "POST", "/documents", files={"file": ("harbour.mbox", mails)})
    assert len(body["documents"]) == 2, body
    wait_job(client, body["job_id"])
    found = doc_ids_found(client, "east pier closed repairs")[0]
    assert client.get(f"/documents/{found}").json()["title"] == "Pier closed"


# ---------------------------------------------------------------- refusals


def _error(response: httpx.Response, status: int, field: str) -> str:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert field in [f["field"] for f in error["fields"]], error
    return error["message"]


def test_bad_input_gets_a_4xx_naming_the_field_and_stores_nothing(tmp_path):
    with documents_server(tmp_path, documents_batch_max=3, max_upload_bytes=4096) as client:
        assert "text is required" in _error(client.post("/documents", json={"title": "No text"}), 422, "text")
        assert "blank" in _error(client.post("/documents", json={"text": "   "}), 422, "text")
        assert "not a known field" in _error(client.post("/documents", json={"text": "x", "body": "y"}), 422, "body")
        # a field a corpus .jsonl line may use says what it is called here
        content = _error(client.post("/documents", json={"content": "The ferry sank."}), 422, "content")
        assert 'send the text under "text"' in content, content
        authors = _error(client.post("/documents", json={"text": "x", "authors": ["Ann Lee"]}), 422, "authors")
        assert 'send "author" as one string' in authors, authors
        four = {"documents": [{"text": f"document {i}"} for i in range(4)]}
        assert "more than the 3" in _error(client.post("/documents", json=four), 422, "documents")
        half_bad = {"documents": [{"id": "good-one", "text": "fine text"}, {"id": "bad-one", "title": "no text"}]}
        _error(client.post("/documents", json=half_bad), 422, "documents.1.text")
        assert client.get("/documents/good-one").status_code == 404  # nothing of the batch was stored
        exe = client.post("/documents", files={"file": ("tool.exe", b"MZ\x90\x00", "application/octet-stream")})
        assert "not a supported type" in _error(exe, 415, "file")
        big = b"# Big\n\n" + b"word " * 1000  # over 4096 bytes, under the body limit (4096 + 64 KiB)
        assert "RAGQA_MAX_UPLOAD_BYTES" in _error(
            client.post("/documents", files={"file": ("big.md", big, "text/markdown")}), 413, "file"
        )
        huge = client.post("/documents", files={"file": ("huge.md", b"x" * 200_000, "text/markdown")})
        assert huge.status_code == 413
        empty = client.post("/documents", files={"file": ("empty.md", b"   \n", "text/markdown")})
        assert "yields no document" in _error(empty, 422, "file")
        menu = client.post("/documents", files={"file": ("menu.html", b"<html><body><nav>menu</nav></body></html>")})
        assert "no article text" in _error(menu, 422, "file")
        not_mail = client.post("/documents", files={"file": ("x.eml", b"not really an email", "message/rfc822")})
        assert "x.eml yields no document (is no mail message" in _error(not_mail, 422, "file")  # was a 202
        lines = b'{"id": "line-1", "text": "A good line."}\n{bad json\n{"id": "line-3", "text": "Another good line."}\n'
        bad_line = client.post("/documents", files={"file": ("export.jsonl", lines, "application/jsonl")})
        assert "export.jsonl:2" in _error(bad_line, 422, "file")  # not two of three stored without a word
        assert client.get("/documents/line-1").status_code == 404
        no_file = client.post("/documents", data={"id": "x"}, files={"attachment": ("a.md", b"# A\n\ntext")})
        assert "not a known form field" in _error(no_file, 422, "attachment")
        other = client.post("/documents", json={**GLACIER, "collection": "news"})
        assert other.status_code == 404 and "'news' does not exist" in other.json()["error"]["message"]
        assert client.get("/documents/x", params={"collection": "news"}).status_code == 404
        assert client.post("/search", json={"query": "pizza", "collection": "news"}).status_code == 404
        assert client.post("/search", json={"query": "pizza", "collection": "default"}).status_code == 200
        mismatch = client.put("/documents/a", json={"id": "b", "text": "text"})
        _error(mismatch, 422, "id")
        assert client.get("/documents").json()["total"] == 4  # the tiny corpus only


def test_a_date_that_cannot_be_read_is_stored_as_written_and_the_writer_warned(client):
    body = write(client, "POST", "/documents", json={**GLACIER, "id": "glacier", "published_at": "not a date"})
    assert body["warnings"] == [
        "glacier: date 'not a date' not understood (kept as written, no date filter matches it): write it as "
        "2020-06-29 or June 29, 2020"
    ]
    assert client.get("/documents/glacier").json()["published_at"] == "not a date"
    assert write(client, "POST", "/documents", json={**GLACIER, "id": "dated"})["warnings"] == []


def test_a_day_in_figures_of_no_plain_order_is_stored_as_written_and_the_writer_told_both_readings(client):
    body = write(client, "POST", "/documents", json={**GLACIER, "id": "glacier", "published_at": "12/03/2025"})
    assert body["warnings"] == [
        "glacier: date '12/03/2025' may be 2025-03-12 (day first) or 2025-12-03 (month first), so it is kept as "
        "written and no date filter matches it: send it as 2025-03-12 or 2025-12-03"
    ]
    assert client.get("/documents/glacier").json()["published_at"] == "12/03/2025"  # not December 3
    plain = write(client, "POST", "/documents", json={**GLACIER, "id": "plain", "published_at": "13/03/2025"})
    assert plain["warnings"] == [] and client.get("/documents/plain").json()["published_at"] == "2025-03-13"
    write(client, "POST", "/documents", json={**GLACIER, "id": "spaced", "published_at": "2025-03-13 17:45"})
    assert client.get("/documents/spaced").json()["published_at"] == "2025-03-13T17:45"  # ISO 8601, as a file's

    runbook = b"# Runbook: Redis\n\nLast reviewed 12/03/2025\n\nRestart the cluster.\n"  # a file's date line too
    body = write(client, "POST", "/documents", files={"file": ("redis.md", runbook, "text/markdown")}, data={"id": "r"})
    assert body["warnings"] == [
        "r: date '12/03/2025' may be 2025-03-12 (day first) or 2025-12-03 (month first), so it is kept as written and "
        "no date filter matches it: send it as 2025-03-12 or 2025-12-03"
    ]
    assert client.get("/documents/r").json()["published_at"] == "12/03/2025"


def test_an_uploads_byline_day_of_no_plain_order_is_kept_and_the_writer_told_both_readings(client):
    """A CMS post's "Name | 12/03/2026" under its title: the upload was titled by its file's name, with no author,
    no date and no warning, where "13/03/2026" gave all three (a tester's)."""
    post = b"Opening hours and how to reach us\nGareth Ashdown | 12/03/2026\n\nWe are open Monday to Friday.\n"
    body = write(client, "POST", "/documents", files={"file": ("opening-hours.md", post, "text/markdown")})
    assert body["warnings"] == [
        "opening-hours.md: date '12/03/2026' may be 2026-03-12 (day first) or 2026-12-03 (month first), so it is kept "
        "as written and no date filter matches it: send it as 2026-03-12 or 2026-12-03"
    ]
    doc = client.get("/documents/opening-hours.md").json()
    assert (doc["title"], doc["author"], doc["published_at"]) == (
        "Opening hours and how to reach us",
        "Gareth Ashdown",
        "12/03/2026",
    )


def test_a_day_in_figures_of_no_plain_order_is_listed_in_its_builds_job_report(client):
    """The job report's ``undated`` lists an API document's such date as the build summary lists a corpus file's:
    it said ``[]`` while the write's response warned of both readings."""
    body = write(client, "POST", "/documents", json={**GLACIER, "id": "glacier", "published_at": "12/03/2026"})
    assert "may be 2026-03-12 (day first) or 2026-12-03 (month first)" in body["warnings"][0]
    report = wait_job(client, body["job_id"])["report"]
    assert report["undated"] == [
        "glacier: '12/03/2026' (2026-03-12 or 2026-12-03? its day and month may be read either way)"
    ]


CRAG_WOOD = b"""---
title: Crag Wood closed: high fire risk
author: Callum Reid
date: 2026-08-02
---

Crag Wood is closed to visitors until further notice because of the high fire risk. Barbecues are banned.
"""


def test_an_upload_whose_front_matter_is_not_valid_yaml_warns_the_writer_and_its_job_report(client, caplog):
    """An unquoted second colon in a title: the block is read line by line, which the log said and the 202 did not
    (``"warnings": []``); the writer is told, and the build's job report lists it beside the corpus folder's."""
    upload = {"file": ("crag-wood-fire-closure.md", CRAG_WOOD, "text/markdown")}
    with caplog.at_level("WARNING"):
        body = write(client, "POST", "/documents", files=upload)
    assert "front matter of crag-wood-fire-closure.md is not valid YAML, read line by line" in caplog.text
    said = [w for w in body["warnings"] if "front matter" in w]
    assert len(said) == 1, body["warnings"]
    assert said[0].startswith("crag-wood-fire-closure.md: front matter is not valid YAML, read line by line: ")
    report = wait_job(client, body["job_id"])["report"]
    assert said[0] in report["warnings"], report
    detail = client.get("/documents/crag-wood-fire-closure.md").json()
    assert detail["title"] == "Crag Wood closed: high fire risk" and detail["author"] == "Callum Reid"
    again = write(client, "POST", "/documents", files=upload, data={"id": "crag"})  # the file, under another id
    assert [w for w in again["warnings"] if "front matter" in w] == said
    fixed = CRAG_WOOD.replace(b"title: Crag Wood closed: high fire risk", b'title: "Crag Wood closed: high fire risk"')
    quoted = write(client, "POST", "/documents", files={"file": ("crag-wood-fire-closure.md", fixed, "text/markdown")})
    assert quoted["warnings"] == []


def test_a_corpus_file_whose_front_matter_is_not_valid_yaml_is_named_in_the_build_summary(tmp_path):
    from helpers.tiny_corpus import write_tiny_corpus

    from ragqa.index.build import build_index

    corpus = write_tiny_corpus(tmp_path / "corpus")
    (corpus / "crag-wood-fire-closure.md").write_bytes(CRAG_WOOD)
    first = build_index(corpus, tmp_path / "index", FakeEncoder())
    assert len(first.warnings) == 1 and first.warnings[0].startswith(
        "crag-wood-fire-closure.md: front matter is not valid YAML, read line by line: mapping values"
    )
    again = build_index(corpus, tmp_path / "index", FakeEncoder())
    assert again.up_to_date and again.warnings == first.warnings  # at every build, as a skipped file is


def test_a_record_in_a_cms_shape_is_told_where_each_of_its_fields_goes(client):
    record = {
        "id": "cms-1",
        "headline": "Council adopts budget",
        "byline": "By Lena Ostrowski",
        "section": "News",
        "tags": ["budget"],
        "published": "2026-12-03 17:45:00",
        "updated": "2026-12-04 09:00:00",
        "status": "draft",
        "body": "<p>The council adopted its budget.</p>",
    }
    response = client.post("/documents", json=record)
    assert response.status_code == 422, response.text
    said = {f["field"]: f["message"] for f in response.json()["error"]["fields"]}
    assert said["headline"].endswith('send it under "title"')
    assert said["byline"].endswith('send it under "author"'), said  # never "remove it": that loses the author
    assert said["section"].endswith('send it under "category"')
    assert said["published"].endswith('send the date under "published_at"')
    assert said["body"].endswith('send the text under "text"')
    assert 'the line "Updated: 2026-12-04 09:00:00"' in said["updated"]
    assert 'the line "Status: draft"' in said["status"]
    assert "remove it" in said["tags"]
    batch = client.post("/documents", json={"documents": [{"text": "x", "byline": "Ann Lee", "collection": "a"}]})
    said = {f["field"]: f["message"] for f in batch.json()["error"]["fields"]}
    assert said["documents.0.byline"].endswith('send it under "author"')
    assert said["documents.0.collection"].endswith('send it once, beside "documents"')


def test_an_upload_refused_for_one_bad_line_is_logged_as_refused_not_as_a_line_skipped(caplog):
    from ragqa.ingest.document_store import DocumentInputError, parse_upload

    with caplog.at_level("WARNING"), pytest.raises(DocumentInputError, match="nothing was stored"):
        parse_upload("bad.jsonl", b'{"id": "a", "text": "A good line."}\n{bad json\n')
    assert "refusing the upload bad.jsonl (nothing was stored): bad.jsonl:2:" in caplog.text, caplog.text
    assert "skipping" not in caplog.text


def test_writes_need_the_admin_token(tmp_path):
    with documents_server(tmp_path) as client:
        base = str(client.base_url)
        assert httpx.post(f"{base}/documents", json=GLACIER).status_code == 401
        assert httpx.get(f"{base}/documents/pizza").status_code == 401
        wrong = {"Authorization": "Bearer not-the-admin-token-at-all"}
        assert httpx.delete(f"{base}/documents/pizza", headers=wrong).status_code == 401


# ---------------------------------------------------------------- coalescing


def test_writes_during_a_build_are_coalesced_into_one_more_version(tmp_path):
    with documents_server(tmp_path) as client:
        index_dir = tmp_path / "index"
        words = ["amber", "basalt", "cobalt", "dolomite", "emerald", "feldspar", "garnet", "hematite"]
        jobs = []
        with build_lock(index_dir):  # a build holds the lock: the first job waits, the others queue behind it
            for word in words:
                jobs.append(write(client, "POST", "/documents", json={"id": word, "text": f"A {word} stone sample."}))
            time.sleep(0.3)
            first = client.get(f"/admin/jobs/{jobs[0]['job_id']}").json()
            assert first["status"] == "running" and first["stage"] == "waiting for lock"
            assert client.get(f"/documents/{words[-1]}").json()["status"] == "pending"
        job_ids = [j["job_id"] for j in jobs]
        assert len(set(job_ids)) == 2 and len(set(job_ids[1:])) == 1
        versions = {wait_job(client, job_id)["report"]["version"] for job_id in set(job_ids)}
        assert len(versions) <= 2 < len(words)
        for word in words:
            assert doc_ids_found(client, f"{word} stone sample")[0] == word
            assert client.get(f"/documents/{word}").json()["status"] == "indexed"


# ---------------------------------------------------------------- durability (slow: a real `ragqa serve`)


def test_a_document_survives_sigkill_right_after_its_2xx(tmp_path, index_dir):
    index = tmp_path / "index"
    shutil.copytree(index_dir, index)
    env = {"RAGQA_ADMIN_TOKEN": TOKEN, "RAGQA_CORPUS_DIR": str(CORPUS)}
    proc, base = start_server(index, env)
    try:
        response = httpx.post(f"{base}/documents", json={**GLACIER, "id": "glacier"}, headers=AUTH, timeout=30)
        assert response.status_code == 202
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    proc, base = start_server(index, env)
    try:
        with httpx.Client(base_url=base, headers=AUTH, timeout=30) as client:
            assert client.get("/documents/glacier").json()["title"] == GLACIER["title"]
            deadline = time.monotonic() + 180
            while client.get("/documents/glacier").json()["status"] != "indexed":
                assert time.monotonic() < deadline, "the stored document was not indexed after the restart"
                time.sleep(0.5)
            assert doc_ids_found(client, "Perito Moreno glacier Patagonia")[0] == "glacier"
    finally:
        stop_server(proc)


# ---------------------------------------------------------------- the store in builds (no server)


def test_ragqa_index_builds_the_stored_documents_beside_the_corpus_folder(tmp_path):
    """``build_index`` (so ``ragqa index``) reads the API's store too: a CLI build never drops API documents, an
    API document replaces the corpus file with its id, and the API alone may fill an index."""
    from helpers.tiny_corpus import write_tiny_corpus

    from ragqa.index.build import build_index
    from ragqa.index.store import load_version
    from ragqa.ingest.document_store import DocumentStore, document_from_record, store_path

    corpus = write_tiny_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    store = DocumentStore(store_path(index))
    store.put([document_from_record({"title": "Pizza", "text": "Deep dish from Chicago."}, "pizza")])
    store.put([document_from_record(GLACIER)])
    report = build_index(corpus, index, FakeEncoder())
    records = {r.doc_id: r for r in load_version(index).document_records}
    assert report.documents == len(records) == 5  # four corpus documents, one replaced, one more
    assert records["pizza"].title == "Pizza"
    assert build_index(corpus, index, FakeEncoder()).up_to_date

    only_api = tmp_path / "only-api"
    DocumentStore(store_path(only_api)).put([document_from_record(GLACIER)])
    report = build_index(tmp_path / "empty-corpus", only_api, FakeEncoder())
    assert report.documents == 1 and report.version is not None


def test_a_build_without_the_corpus_folder_an_index_was_built_from_keeps_its_documents(tmp_path):
    """A server started without ``--corpus`` (the default ``corpus/`` missing where it runs) must not drop the
    corpus documents of its index at the first document written through the API; an empty folder does."""
    from helpers.tiny_corpus import write_tiny_corpus

    from ragqa.index.build import build_index
    from ragqa.index.store import load_version
    from ragqa.ingest.corpus import CorpusError
    from ragqa.ingest.document_store import DocumentStore, document_from_record, store_path

    corpus = write_tiny_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    store = DocumentStore(store_path(index))
    glacier = document_from_record(GLACIER)
    store.put([glacier])
    assert build_index(corpus, index, FakeEncoder()).documents == 5
    store.delete(glacier.doc_id)  # still in the live index: an API document, not one of the corpus folder's
    store.put([document_from_record({"title": "Chowder", "text": "Clam chowder from Boston."}, "chowder")])
    with pytest.raises(CorpusError, match="does not exist, but the index holds 4 documents"):
        build_index(tmp_path / "nowhere", index, FakeEncoder())
    assert len(load_version(index).document_records) == 5, "nothing dropped"
    (tmp_path / "empty").mkdir()
    assert build_index(tmp_path / "empty", index, FakeEncoder()).documents == 1, "an empty folder: removed"


def test_a_build_after_a_server_of_another_release_says_why_it_writes_the_same_documents_again(
    tmp_path, monkeypatch, capsys
):
    """Black-box report bb60: after a server's build (a DELETE), ``ragqa index`` published "added 0, changed 0,
    removed 0, unchanged 19; embedded 0 chunks" without a word of why, then "up to date". The server had been started
    before an upgrade of the keyword tokenizer: its version's BM25 indexes were another release's, rightly stored
    again (else every load indexes them in memory). The summary now says so; the API's documents stay."""
    from helpers.tiny_app import tiny_settings

    from ragqa.cli import _print_build
    from ragqa.index import bm25
    from ragqa.index.build import build_from_settings
    from ragqa.index.store import load_version

    with documents_server(tmp_path) as client:
        monkeypatch.setattr(bm25, "TOKENIZER", bm25.TOKENIZER - 1)  # the server runs the release before
        batch = [{"id": "kept", "text": "The kept notice stays."}, {"id": "gone", "text": "The gone notice goes."}]
        wait_job(client, write(client, "POST", "/documents", json={"documents": batch})["job_id"])
        wait_job(client, write(client, "DELETE", "/documents/gone")["job_id"])
    monkeypatch.undo()
    settings = tiny_settings(tmp_path)
    report = build_from_settings(settings, FakeEncoder())
    assert not report.up_to_date and (report.added, report.changed, report.removed, report.embedded_chunks) == (0,) * 4
    assert "keyword (BM25) indexes were written by another release of ragqa" in report.rebuilt
    _print_build(report)
    assert "the documents are the live version's, written again: its keyword (BM25) indexes" in capsys.readouterr().out
    again = build_from_settings(settings, FakeEncoder())
    assert again.up_to_date and again.rebuilt == ""
    held = {r.doc_id for r in load_version(settings.index_dir).document_records}
    assert "kept" in held and "gone" not in held
