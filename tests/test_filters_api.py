"""Metadata filters on /search and /ask over a real server and a small JSONL corpus with metadata."""

import json

import httpx
import pytest
from helpers.servers import start_server, stop_server

ARTICLES = [
    (
        "tc-1",
        "TechCrunch",
        "technology",
        "2023-10-02T10:00:00+00:00",
        "Startup funding",
        "Funding for AI startups rose in the quarter. Investors backed model makers.",
    ),
    (
        "tc-2",
        "TechCrunch",
        "technology",
        "2023-11-20T10:00:00+00:00",
        "Board turmoil",
        "The board of an AI lab ousted its chief executive. Investors pushed back.",
    ),
    (
        "vg-1",
        "The Verge",
        "technology",
        "2023-10-15T10:00:00+00:00",
        "New phones",
        "A phone maker launched new phones with AI features. Reviewers liked the cameras.",
    ),
    (
        "ft-1",
        "Fortune",
        "business",
        "2023-12-01T10:00:00+00:00",
        "Market update",
        "Stocks of AI companies rallied. Investors bought chip makers.",
    ),
    (
        "sn-1",
        "Sporting News",
        "sports",
        "2023-10-20T10:00:00+00:00",
        "Match report",
        "The team won the final with a late goal. Fans celebrated.",
    ),
]
EARLIER = [  # dated before the articles above (the tests of those keep their answers), with bylines
    (
        "race-report",
        "Harbour Running",
        "running",
        "2022-04-14T09:00:00+00:00",
        "Race report: Mwangi smashes the course record",
        "Sam Okoro",
        "Daniel Mwangi won the harbour marathon in 2:14:37, a course record. Temperatures reached 21C by noon.",
    ),
    (
        "race-rules",
        "Harbour Running",
        "running",
        "2023-02-12T09:00:00+00:00",
        "Harbour Marathon 2023 Race Rules and Regulations",
        "Helen Achebe",
        "These rules apply to every runner in the harbour marathon. Runners must wear their bib on the front.",
    ),
    (
        "minutes-2022-11",
        "Hollin Allotments",
        "allotments",
        "2022-11-18T19:30:00+00:00",
        "Committee meeting minutes, 18 November 2022",
        "Jo Hart",
        "There have been complaints about smoke from residents of the Mill Lane cottages. It was agreed that "
        "bonfires will be banned at Mill Lane from 1 January 2023. Tom Kettle will draft a notice.",
    ),
    (
        "notice-2022-14",
        "Hollin Allotments",
        "allotments",
        "2022-12-05T10:00:00+00:00",
        "Notice: bonfires at Mill Lane",
        "Tom Kettle",
        "Following complaints from residents of the Mill Lane cottages, the Committee has decided that from 1 "
        "January 2023 bonfires are not permitted at the Mill Lane site at any time of year.",
    ),
    (
        "tenancy-rules",
        "Hollin Allotments",
        "allotments",
        "2021-03-01T10:00:00+00:00",
        "Tenancy rules",
        "",
        "Bonfires are allowed only between 1 November and 31 March and must burn dry material. Never leave a "
        "bonfire unattended. Plots must be kept cultivated.",
    ),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory, embedder):
    from ragqa.index.build import build_index

    corpus = tmp_path_factory.mktemp("meta-corpus")
    with (corpus / "news.jsonl").open("w") as fh:
        for doc_id, source, category, published, title, text in ARTICLES:
            record = {"id": doc_id, "source": source, "category": category, "published_at": published}
            fh.write(json.dumps({**record, "title": title, "text": text}) + "\n")
        for doc_id, source, category, published, title, author, text in EARLIER:
            record = {"id": doc_id, "source": source, "category": category, "published_at": published}
            fh.write(json.dumps({**record, "title": title, "author": author, "text": text}) + "\n")
    index = tmp_path_factory.mktemp("meta-index")
    build_index(corpus, index, embedder)
    proc, base = start_server(index)
    with httpx.Client(base_url=base, timeout=60) as c:
        yield c
    stop_server(proc)


def test_a_narrow_filter_still_fills_top_k_from_matching_passages(client):
    body = client.post(
        "/search", json={"query": "AI investors", "top_k": 2, "filters": {"source": ["techcrunch"]}}
    ).json()
    assert [r["doc_id"] for r in body["results"]] and len(body["results"]) == 2
    assert {r["source"] for r in body["results"]} == {"TechCrunch"}


def test_date_and_category_filters_combine(client):
    filters = {"category": ["technology"], "published_after": "2023-10-10", "published_before": "2023-11-30"}
    body = client.post("/search", json={"query": "AI", "top_k": 10, "filters": filters}).json()
    assert {r["doc_id"] for r in body["results"]} == {"tc-2", "vg-1"}


def test_a_date_range_no_article_falls_in_matches_nothing(client):
    filters = {"published_after": "1990-01-01", "published_before": "1990-12-31"}
    body = client.post("/search", json={"query": "AI", "filters": filters}).json()
    assert body["results"] == []


def test_a_date_range_whose_days_are_swapped_gets_a_422_saying_so(client):
    """A start after the end is a slip, which an empty list of results hid."""
    filters = {"published_after": "2023-12-01", "published_before": "2023-10-01"}
    response = client.post("/search", json={"query": "AI", "filters": filters})
    assert response.status_code == 422, response.text
    assert "published_after (2023-12-01) is after published_before (2023-10-01)" in response.json()["error"]["message"]
    misplaced = client.post("/ask", json={"question": "AI", "filters": "Coastal Herald"}).json()["error"]
    assert misplaced["message"] == "filters must be a JSON object", misplaced


def test_ask_uses_only_filtered_passages(client):
    body = client.post("/ask", json={"question": "What did investors do?", "filters": {"source": ["Fortune"]}}).json()
    assert body["citations"], body
    assert {c["doc_id"] for c in body["citations"]} == {"ft-1"}


def test_ask_says_when_the_filters_leave_no_article(client):
    """A source misspelt or a range no article falls in: the answer says the filters matched nothing, not that
    the articles lack the answer."""
    for filters, described in (
        ({"source": ["Fortnue"]}, 'source "Fortnue"'),
        (
            {"source": ["Fortune"], "published_before": "2023-11-01"},
            'source "Fortune"; published on or before 2023-11-01',
        ),
    ):
        body = client.post("/ask", json={"question": "What did investors do?", "filters": filters}).json()
        assert body["abstained"] and not body["citations"], body
        assert body["answer"] == f"The articles do not say. No indexed article matches the filters ({described}).", body
    body = client.post("/ask", json={"question": "What did investors do?", "filters": {"source": ["fortune"]}}).json()
    assert not body["abstained"], body  # sources match in any case


def test_a_filter_excluding_the_article_named_gives_no_other_articles_byline(client):
    """ "who wrote the race report" with a range leaving the race report out: not the byline of the race rules,
    which the filters let in and which only share the word "race" (testers' bb74, bug 1); without the range, the
    race report's; a range holding it, its own too."""
    question = "who wrote the race report"
    body = client.post("/ask", json={"question": question}).json()
    assert "Sam Okoro" in body["answer"], body
    body = client.post("/ask", json={"question": question, "filters": {"published_before": "2022-12-31"}}).json()
    assert "Sam Okoro" in body["answer"], body
    filters = {"published_after": "2023-01-01"}
    body = client.post("/ask", json={"question": question, "filters": filters}).json()
    assert body["abstained"] and not body["citations"], body
    assert "Achebe" not in body["answer"], body
    assert "No indexed article matching the filters (published on or after 2023-01-01)" in body["answer"], body
    chat = {"messages": [{"role": "user", "content": question}], "filters": filters}
    said = client.post("/v1/chat/completions", json=chat).json()["choices"][0]["message"]["content"]
    assert "Achebe" not in said and "No indexed article matching the filters" in said, said
    # the rules named by their own title's words are still theirs within the range
    body = client.post("/ask", json={"question": "who wrote the race rules", "filters": filters}).json()
    assert "Helen Achebe" in body["answer"], body


def test_a_filter_leaving_out_the_only_article_using_a_word_does_not_count_it_as_lacking(client):
    """ "what was decided about bonfires" before the notice "the Committee has decided ..." was published: the
    minutes' "It was agreed that bonfires will be banned" answers, as it would over a collection of the
    documents the range admits, where no passage uses "decided" (testers' bb69, bug 6). Without the range, the
    notice answers."""
    question = "what was decided about bonfires"
    body = client.post("/ask", json={"question": question}).json()
    assert not body["abstained"] and body["citations"][0]["doc_id"] == "notice-2022-14", body
    filters = {"published_before": "2022-12-01"}
    body = client.post("/ask", json={"question": question, "filters": filters}).json()
    assert not body["abstained"], body
    assert "minutes-2022-11" in {c["doc_id"] for c in body["citations"]}, body
    assert "It was agreed that bonfires will be banned at Mill Lane" in body["answer"], body


def test_a_source_or_category_sent_as_one_string_is_told_to_be_a_list(client):
    """'"source": "TechCrunch"' is refused as the other filter errors are, saying what to send (testers' bb74), not
    pydantic's bare "Input should be a valid list"."""
    for key in ("source", "category"):
        response = client.post("/ask", json={"question": "AI", "filters": {key: "TechCrunch"}})
        assert response.status_code == 422, response.text
        message = response.json()["error"]["message"]
        assert f'filters.{key}: must be a list of names, for example ["TechCrunch"]' in message, message


@pytest.mark.parametrize(
    ("question", "filters", "expected"),
    [
        ("what is the latest article", {"source": ["TechCrunch"]}, {"tc-2", "tc-1"}),  # not Fortune's newer one
        ("how many articles are there", {"category": ["sports"]}, {"sn-1"}),
        ("which articles were published in october 2023", {"source": ["The Verge"]}, {"vg-1"}),
        ("which outlet published the most", {"published_after": "2023-11-01"}, {"tc-2", "ft-1"}),
        ("is there an article about investors", {"published_before": "2023-10-31"}, {"tc-1"}),
    ],
)
def test_answers_about_the_collection_keep_to_the_filters(client, question, filters, expected):
    """Lists and counts of articles are made from the documents, not passages: they too keep to the filters."""
    body = client.post("/ask", json={"question": question, "filters": filters}).json()
    assert not body["abstained"], body
    assert {c["doc_id"] for c in body["citations"]} == expected, body


def test_an_answer_about_the_collection_that_finds_nothing_says_it_looked_within_the_filters(client):
    filters = {"published_after": "2023-12-01"}
    body = client.post("/ask", json={"question": "is there an article about phones", "filters": filters}).json()
    assert body["abstained"], body
    assert "No indexed article matching the filters (published on or after 2023-12-01)" in body["answer"], body


def test_a_day_not_in_the_calendar_is_named_as_such(client):
    """ "2021-13-01" is written as a day is, but no day: the message says so, not "a valid date or datetime"."""
    response = client.post("/search", json={"query": "AI", "filters": {"published_after": "2021-13-01"}})
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert "2021-13-01 is no day of the calendar" in message and "datetime" not in message, message


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"published_after": "last week"}, "filters.published_after"),
        ({"published_before": "2023-02-30"}, "filters.published_before"),
        ({"source": "TechCrunch"}, "filters.source"),
        ({"source": [""]}, "filters.source"),
        ({"author": ["x"]}, "filters.author"),
    ],
)
def test_invalid_filters_get_a_422_naming_the_field(client, filters, field):
    for path, key in (("/search", "query"), ("/ask", "question")):
        response = client.post(path, json={key: "AI", "filters": filters})
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert any(f["field"].startswith(field) for f in error["fields"]), error  # e.g. filters.source.0
        assert field in error["message"]
