"""Refusals and idempotence of ``/documents`` found by black-box testing, and the wording of request errors.

Over a real uvicorn server: the tiny app (tiny corpus, fake encoder for queries and builds) with an admin token, as
``test_documents_api`` builds it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from helpers.documents import documents_server, wait_job

from ragqa.index.build import build_lock

LIGHT = b"Lighthouse keepers on Skerryvore trimmed the lamp wicks every evening at dusk.\n"
TWO_RECORDS = (
    b'{"id": "u-1", "title": "Quays", "text": "The north quay of Portlann was rebuilt in granite."}\n'
    b'{"id": "u-2", "title": "Cranes", "text": "Two steam cranes unload coal at the south quay of Portlann."}\n'
)


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> Iterator[httpx.Client]:
    with documents_server(tmp_path_factory.mktemp("fixes")) as c:
        yield c


def accepted(response: httpx.Response) -> dict:
    assert response.status_code == 202, response.text
    return response.json()


def refused(response: httpx.Response, status: int, field: str) -> str:
    """The error message of a refusal with ``status`` that names ``field``."""
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert field in [f["field"] for f in error["fields"]], error
    return error["message"]


def upload(name: str, data: bytes) -> dict[str, tuple[str, bytes]]:
    return {"file": (name, data)}


# ---------------------------------------------------------------- PUT names one document


def test_put_of_a_file_holding_several_documents_is_refused_and_writes_none(client):
    body = accepted(client.post("/documents", json={"id": "u-2", "text": "A quay crane, soon deleted."}))
    wait_job(client, body["job_id"])
    wait_job(client, accepted(client.delete("/documents/u-2"))["job_id"])

    message = refused(client.put("/documents/put-e", files=upload("two.jsonl", TWO_RECORDS)), 422, "file")
    assert "PUT /documents/put-e replaces one document; the file holds 2 (u-1, u-2)" in message
    assert "POST it to /documents" in message
    for doc_id in ("u-1", "u-2", "put-e"):  # nothing written, the deleted u-2 not re-created
        assert client.get(f"/documents/{doc_id}").status_code == 404


def test_put_of_a_file_whose_one_document_has_another_id_is_refused(client):
    one = b'{"id": "u-9", "text": "The ferry Loch Portain sails to Berneray."}\n'
    message = refused(client.put("/documents/put-f", files=upload("one.jsonl", one)), 422, "file")
    assert "'u-9'" in message and "PUT /documents/put-f" in message
    assert client.get("/documents/u-9").status_code == 404 and client.get("/documents/put-f").status_code == 404


def test_put_of_a_single_document_without_an_id_of_its_own_takes_the_urls_id(client):
    body = accepted(client.put("/documents/put-g", files=upload("light.txt", LIGHT)))
    assert body["id"] == "put-g" and [d["id"] for d in body["documents"]] == ["put-g"]
    record = b'{"title": "Ferries", "text": "The ferry to Eriskay leaves from the causeway pier."}\n'
    body = accepted(client.put("/documents/put-h", files=upload("one.jsonl", record)))
    assert body["id"] == "put-h" and [d["id"] for d in body["documents"]] == ["put-h"]
    same = b'{"id": "put-i", "text": "Puffins nest on the cliffs of Mingulay in June."}\n'
    assert accepted(client.put("/documents/put-i", files=upload("same.jsonl", same)))["id"] == "put-i"
    wait_job(client, body["job_id"])
    assert client.get("/documents/put-h").json()["title"] == "Ferries"


# ---------------------------------------------------------------- the multipart id field


def test_a_multipart_id_that_disagrees_with_the_url_is_refused_as_in_json(client):
    message = refused(client.put("/documents/put-a", files=upload("light.txt", LIGHT), data={"id": "put-b"}), 422, "id")
    assert "is 'put-b' but the URL names 'put-a'" in message
    assert client.get("/documents/put-a").status_code == 404 and client.get("/documents/put-b").status_code == 404
    json_message = refused(client.put("/documents/put-c", json={"id": "put-d", "text": "x"}), 422, "id")
    assert "is 'put-d' but the URL names 'put-c'" in json_message
    body = accepted(client.put("/documents/put-a", files=upload("light.txt", LIGHT), data={"id": "put-a"}))
    assert body["id"] == "put-a"


def test_a_multipart_id_with_a_file_of_several_documents_is_refused(client):
    three = b"".join(
        b'{"id": "o-%d", "text": "Orchard row %d of Carse grows %s apples."}\n' % (i, i, kind)
        for i, kind in enumerate([b"russet", b"pippin", b"bramley"])
    )
    response = client.post("/documents", files=upload("orch.jsonl", three), data={"id": "orch-one"})
    message = refused(response, 422, "id")
    assert "names one document" in message and "holds 3" in message and "orch.jsonl" in message
    for doc_id in ("orch-one", "o-0", "o-2"):
        assert client.get(f"/documents/{doc_id}").status_code == 404
    own = b'{"id": "u-7", "text": "Seals haul out on the skerries at low water."}\n'
    message = refused(client.post("/documents", files=upload("own.jsonl", own), data={"id": "other"}), 422, "id")
    assert "'other'" in message and "'u-7'" in message
    bare = b'{"text": "Gannets dive for mackerel off Sula Sgeir."}\n'
    assert accepted(client.post("/documents", files=upload("bare.jsonl", bare), data={"id": "gannets"}))["id"] == (
        "gannets"
    )


# ---------------------------------------------------------------- an upload is named by its file


def test_an_upload_without_an_id_is_named_by_its_file_and_uploading_it_again_replaces_it(client):
    """An edited file uploaded again was stored as a second document (its id was a hash of its content), and
    answers quoted the old price beside the new."""
    old = b"# Tarbert ferry fares\n\nA return ticket on the Tarbert ferry costs 14 pounds for an adult.\n"
    new = b"# Tarbert ferry fares\n\nA return ticket on the Tarbert ferry costs 16 pounds for an adult.\n"
    first = accepted(client.post("/documents", files=upload("tarbert-fares.md", old)))
    assert first["id"] == "tarbert-fares.md" and first["documents"][0]["status"] == "created", first
    again = accepted(client.post("/documents", files=upload("tarbert-fares.md", old)))
    assert again["documents"][0]["status"] == "unchanged", again
    edited = accepted(client.post("/documents", files=upload("tarbert-fares.md", new)))
    assert edited["id"] == "tarbert-fares.md" and edited["documents"][0]["status"] == "updated", edited
    wait_job(client, edited["job_id"])
    found = client.post("/search", json={"query": "Tarbert ferry return ticket adult", "top_k": 10}).json()["results"]
    texts = [r["text"] for r in found if "Tarbert" in r["text"]]
    assert texts and all("16 pounds" in t for t in texts), texts  # one document, the new price only
    # a control character in the name (sent raw: httpx escapes it) is read as a space: no URL could name the id
    raw = (
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="barra\tfares.md"\r\n\r\n'
        + old
        + b"\r\n--B--\r\n"
    )
    tabbed = accepted(
        client.post("/documents", content=raw, headers={"content-type": "multipart/form-data; boundary=B"})
    )
    assert tabbed["id"] == "barra fares.md", tabbed
    assert client.get("/documents/barra fares.md").status_code == 200


def test_the_documents_of_an_uploaded_file_of_several_are_named_as_the_corpus_folder_names_them(client):
    bare = b'{"text": "Razorbills nest on the ledges of Handa."}\n{"text": "Great skuas patrol the moor of Handa."}\n'
    body = accepted(client.post("/documents", files=upload("handa.jsonl", bare)))
    assert [d["id"] for d in body["documents"]] == ["handa.jsonl:1", "handa.jsonl:2"], body
    own = b'{"id": "h-3", "text": "Puffins burrow in the turf above the Great Stack."}\n'
    assert [d["id"] for d in accepted(client.post("/documents", files=upload("h.jsonl", own)))["documents"]] == ["h-3"]


def test_an_upload_named_as_a_corpus_folder_file_hides_it_and_says_so(client):
    unit = b"# The GRU unit\n\nGRU Unit 29155 was disbanded, the revised file says.\n"
    body = accepted(client.post("/documents", files=upload("unit-29155.md", unit)))
    assert body["id"] == "unit-29155.md", body
    assert [w.split(":")[0] for w in body["warnings"]] == ["unit-29155.md"], body
    assert "hides the corpus folder's document" in body["warnings"][0]
    wait_job(client, body["job_id"])
    assert client.get("/documents/unit-29155.md").json()["origin"] == "api"


ROSTER = b"Number,Name,Built,Status\n47,Cumbrian Maid,1914,In service\n1104,Lady Tarn,1921,In service\n"
POSTS = (
    b'{"id": 301, "title": {"rendered": "Cafe reopens"}, "content": {"rendered": "<p>The station cafe reopens."}}\n'
    b'{"id": 302, "title": {"rendered": "Gala"}, "content": {"rendered": "<p>The spring steam gala is in May."}}\n'
)


def test_an_upload_named_as_a_corpus_file_in_a_subfolder_replaces_it_and_a_delete_of_its_name_lists_its_ids(
    tmp_path,
):
    """Corpus documents in subfolders are named by their path ("data/loco-roster.csv"): an edited copy uploaded by
    its file name became a second document "loco-roster.csv" with no warning, and answers quoted both versions;
    ``DELETE /documents/wp-posts-export.jsonl`` of a file in ``news/`` answered 404 "no document" (testers' bb71,
    B5). A name that two subfolders hold names neither: the upload stays apart, and the warning names both."""
    corpus = tmp_path / "corpus"
    for rel, data in {
        "data/loco-roster.csv": ROSTER,
        "news/wp-posts-export.jsonl": POSTS,
        "minutes/agenda.md": b"# Board agenda\n\nThe board meets in the Fellgate mess room.\n",
        "trust/agenda.md": b"# Trust agenda\n\nThe trustees meet in the booking hall.\n",
    }.items():
        (corpus / rel).parent.mkdir(parents=True, exist_ok=True)
        (corpus / rel).write_bytes(data)
    with documents_server(tmp_path) as client:
        apart = accepted(
            client.post("/documents", files=upload("loco-roster.csv", ROSTER), data={"id": "loco-roster.csv"})
        )
        assert apart["id"] == "loco-roster.csv" and apart["warnings"] == [], apart  # an id of its own: stored apart
        edited = ROSTER.replace(b"1914,In service", b"1914,Withdrawn for overhaul")
        body = accepted(client.post("/documents", files=upload("loco-roster.csv", edited)))
        assert body["id"] == "data/loco-roster.csv", body
        assert body["documents"][0]["status"] == "created", body
        named, earlier, hides = body["warnings"]
        assert named.startswith("loco-roster.csv: named 'data/loco-roster.csv'"), named
        assert "DELETE /documents/loco-roster.csv" in earlier, earlier  # the copy stored apart answers too
        assert hides.startswith("data/loco-roster.csv: hides the corpus folder's document"), hides
        wait_job(client, accepted(client.delete("/documents/loco-roster.csv"))["job_id"])
        found = client.post("/search", json={"query": "Cumbrian Maid status", "top_k": 10}).json()["results"]
        texts = [r["text"] for r in found if "Cumbrian Maid" in r["text"]]
        assert texts and all("Withdrawn" in t for t in texts), texts  # one document, the new version only
        assert client.get("/documents/data/loco-roster.csv").json()["origin"] == "api"
        again = accepted(client.post("/documents", files=upload("loco-roster.csv", edited)))
        assert again["id"] == "data/loco-roster.csv" and again["documents"][0]["status"] == "unchanged", again

        two = client.delete("/documents/agenda.md")
        assert two.status_code == 409, two.text
        assert "files ('minutes/agenda.md' and 'trust/agenda.md')" in two.json()["error"]["message"], two.text
        both = accepted(client.post("/documents", files=upload("agenda.md", b"# Agenda\n\nThe AGM is in June.\n")))
        assert both["id"] == "agenda.md", both
        assert both["warnings"] == [
            "agenda.md: the corpus folder holds files of this name at 'minutes/agenda.md' and 'trust/agenda.md', "
            "so it is stored apart as 'agenda.md': send the form field id=<path> to replace one of them"
        ], both

        file = client.delete("/documents/wp-posts-export.jsonl")
        assert file.status_code == 409, file.text
        assert file.json()["error"]["message"] == (
            "'wp-posts-export.jsonl' is a corpus folder file ('news/wp-posts-export.jsonl'), not a document id: it "
            "holds '301', '302'; delete the file there (or a record of it) and reindex"
        ), file.text


# ---------------------------------------------------------------- DELETE is idempotent while pending


def test_deleting_an_api_document_twice_while_its_removal_is_pending_answers_202_both_times(tmp_path):
    with documents_server(tmp_path) as client:
        body = accepted(client.put("/documents/del-test", json={"text": "The lifeboat station at Barra opens."}))
        wait_job(client, body["job_id"])
        with build_lock(tmp_path / "index"):  # the deletion's build waits: the removal stays pending
            first = accepted(client.delete("/documents/del-test"))
            second = accepted(client.delete("/documents/del-test"))
            detail = client.get("/documents/del-test").json()
            assert detail["origin"] == "api" and detail["deleted"] is True and detail["status"] == "pending"
        assert {k: v for k, v in second.items() if k != "job_id"} == {k: v for k, v in first.items() if k != "job_id"}
        assert second["documents"][0]["status"] == "deleted" and second["id"] == "del-test"
        for job_id in {first["job_id"], second["job_id"]}:
            wait_job(client, job_id)
        assert client.get("/documents/del-test").status_code == 404
        assert client.delete("/documents/del-test").status_code == 404


# ---------------------------------------------------------------- DELETE of a corpus-folder document


def test_deleting_a_corpus_folder_document_names_its_file_and_the_others_it_holds(client):
    """A listing of an estate agent's export of 20 was told "delete its file there and reindex": which file, and
    deleting it would remove the other 19."""
    record = client.delete("/documents/solar")
    assert record.status_code == 409, record.text
    assert record.json()["error"]["message"] == (
        "document 'solar' comes from the corpus folder's file 'news.jsonl', which holds 2 documents: remove this "
        "one from the file and reindex (deleting the file would remove both)"
    )
    file = client.delete("/documents/news.jsonl")  # the file's name, not a document's id: which ids it holds
    assert file.status_code == 409, file.text
    assert file.json()["error"]["message"] == (
        "'news.jsonl' is a corpus folder file, not a document id: it holds 'pizza', 'solar'; delete the file there (or "
        "a record of it) and reindex"
    ), file.text
    article = client.delete("/documents/kabulov.md")
    assert article.status_code == 409, article.text
    assert article.json()["error"]["message"] == (
        "document 'kabulov.md' comes from the corpus folder's file 'kabulov.md': delete the file there and reindex"
    )


# ---------------------------------------------------------------- wording of request errors


@pytest.mark.parametrize("content_type", ["text/plain", None])
def test_a_json_body_sent_without_the_json_content_type_says_to_send_application_json(client, content_type):
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/ask", content=json.dumps({"question": "pizza?"}).encode(), headers=headers)
    message = refused(response, 422, "body")
    assert "application/json" in message and "must be a JSON object" not in message
    if content_type:
        assert repr(content_type) in message


@pytest.mark.parametrize("route", ["/ask", "/search", "/documents"])
def test_invalid_json_names_the_body_and_the_character(client, route):
    response = client.post(route, content=b'{"question": "pizza", oops}', headers={"content-type": "application/json"})
    error = response.json()["error"]
    assert response.status_code == 422 and [f["field"] for f in error["fields"]] == ["body"], error
    assert "not valid JSON at character 22" in error["message"], error


def test_a_long_chat_message_is_counted_in_characters(client):
    response = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "x" * 24_000}]})
    message = refused(response, 422, "messages.0.user.content")
    assert "24000 characters, more than 2000" in message and "items" not in message
    parts = [{"type": "text", "text": "hi"}] * 2001
    response = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": parts}]})
    assert "2001 parts, more than 2000" in refused(response, 422, "messages.0.user.content")


@pytest.mark.parametrize("length", [300, 5_000])
def test_an_upload_with_a_very_long_filename_is_refused_naming_the_filename(client, length):
    name = "n" * (length - 3) + ".md"
    response = client.post("/documents", files=upload(name, b"# Nets\n\nHerring nets dry on the quay.\n"))
    message = refused(response, 422, "file")
    assert "filename" in message and "255 characters" in message


# ---------------------------------------------------------------- testers' bb80, bb76, bb79, bb78: API consistency


def test_the_documents_list_names_each_document_by_id_as_the_other_routes_do(client):
    """``GET /documents`` listed each document under ``doc_id`` while POST, PUT and ``GET /documents/{id}`` say
    ``id``: a client reading one shape could not read the other (testers' bb80, 14). ``doc_id`` stays, the same."""
    listed = client.get("/documents").json()["documents"]
    assert listed and all(d["id"] == d["doc_id"] for d in listed), listed
    first = client.get(f"/documents/{listed[0]['id']}")
    assert first.status_code == 200 and first.json()["id"] == listed[0]["id"], first.text


@pytest.mark.parametrize(
    "route, payload, field, said",
    [
        ("/ask", {"question": "deposit", "topk": 3}, "topk", "topk is not a known field: did you mean top_k?"),
        ("/ask", {"Question": "deposit"}, "Question", "did you mean question?"),
        ("/search", {"query": "pizza", "topk": 3}, "topk", "did you mean top_k?"),
        ("/ask", {"question": "x", "filters": {"sorce": ["News"]}}, "filters.sorce", "did you mean source?"),
        (
            "/v1/chat/completions",
            {"messages": [{"role": "user", "content": "pizza?"}], "filters": {"categroy": ["Food"]}},
            "filters.categroy",
            "did you mean category?",
        ),
        ("/documents", {"text": "x", "titel": "Quays"}, "titel", "did you mean title?"),
        ("/documents", {"documents": [{"text": "x", "auther": "A"}]}, "documents.0.auther", "did you mean author?"),
        ("/feedback", {"conversation_id": "c", "answer_id": "a", "rating": "up", "coment": "x"}, "coment", "comment?"),
    ],
)
def test_an_unknown_field_close_to_a_known_one_is_named_in_its_422(client, route, payload, field, said):
    """``{"question": "deposit", "topk": 3}`` was told "topk is not a known field: remove it", not that the field is
    ``top_k`` (testers' bb76, 12); every route that refuses an unknown field says the closest known one."""
    message = refused(client.post(route, json=payload), 422, field)
    assert said in message, message


def test_an_unknown_field_like_no_known_one_is_still_told_to_go(client):
    message = refused(client.post("/ask", json={"question": "deposit", "colour": "red"}), 422, "colour")
    assert message == "colour is not a known field: remove it", message
    form = client.post("/documents", data={"colection": "default"}, files={"fiel": ("a.md", b"# A\n\nQuay text.\n")})
    message = refused(form, 422, "colection")
    assert "did you mean collection?" in message, message


def test_deleting_a_sheet_of_a_corpus_workbook_says_to_remove_the_sheet_from_the_workbook(tmp_path):
    """``DELETE /documents/membership-rates-2026.xlsx:Rates`` said "remove this one from the file": a sheet is
    removed from its workbook (testers' bb79, 10)."""
    import openpyxl

    book = openpyxl.Workbook()
    rates = book.active
    rates.title = "Rates"
    rates.append(["Tier", "Monthly price"])
    rates.append(["Hobby", "£20"])
    notes = book.create_sheet("Notes")
    notes.append(["Note"])
    notes.append(["Rates apply from 1 April 2026."])
    (tmp_path / "corpus").mkdir()
    book.save(tmp_path / "corpus" / "membership-rates-2026.xlsx")
    with documents_server(tmp_path) as client:
        response = client.delete("/documents/membership-rates-2026.xlsx:Rates")
        assert response.status_code == 409, response.text
        assert response.json()["error"]["message"] == (
            "document 'membership-rates-2026.xlsx:Rates' comes from the corpus folder's file "
            "'membership-rates-2026.xlsx', which holds 2 documents: remove this sheet from the workbook and reindex "
            "(deleting the file would remove both)"
        )


def test_feedback_on_an_answer_the_history_holds_is_verified_without_its_text(client):
    """``POST /feedback`` with the ``conversation_id`` and ``answer_id`` of an answer and no text answered
    ``"verified": false`` though the history held the answer (testers' bb78, 11): the id is what vouches."""
    asked = client.post("/ask", json={"question": "how do you make pizza dough?"})
    assert asked.status_code == 200, asked.text
    answer = asked.json()
    ids = {"conversation_id": answer["conversation_id"], "answer_id": answer["answer_id"]}

    def verified(**sent: str) -> bool:
        response = client.post("/feedback", json={**ids, "rating": "up", **sent})
        assert response.status_code == 201, response.text
        return response.json()["verified"]

    assert verified() is True
    assert verified(question="how do you make pizza dough?", answer=answer["answer"]) is True
    assert verified(answer="Some other answer.") is False  # text the server never gave is not vouched for
    ids["answer_id"] = "not-an-answer-of-ours"
    assert verified() is False
