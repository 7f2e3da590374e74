"""The widget's HTTP side over a real ``ragqa serve`` on loopback, called with httpx: files, demo page, feedback,
the admin list and CORS preflights."""

import sqlite3

import httpx
import pytest


@pytest.fixture(scope="module")
def client(widget_server):
    with httpx.Client(base_url=widget_server["base"], timeout=30) as c:
        yield c


def admin(widget_server) -> dict:
    return {"Authorization": f"Bearer {widget_server['admin_token']}"}


def test_widget_files_are_served_with_types_and_caching(client):
    js = client.get("/widget.js")
    assert js.status_code == 200
    assert js.headers["content-type"].startswith("text/javascript")
    assert "attachShadow" in js.text and "text/event-stream" in js.text
    assert js.headers["cross-origin-resource-policy"] == "cross-origin"
    again = client.get("/widget.js", headers={"If-None-Match": js.headers["etag"]})
    assert again.status_code == 304
    css = client.get("/widget.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert ".rq-panel" in css.text


def test_widget_loads_nothing_from_other_hosts(client):
    """No external fonts, CDNs or scripts: every URL in the files is the API's own or relative."""
    for name in ("/widget.js", "/widget.css", "/"):
        text = client.get(name).text
        for marker in ("@import", "fonts.googleapis", "cdn.", "unpkg", "jsdelivr"):
            assert marker not in text, (name, marker)
    assert "url(" not in client.get("/widget.css").text


def test_demo_page_embeds_the_widget_with_one_tag_and_lists_the_articles(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    # relative (no RAGQA_PUBLIC_URL): the widget's API is the folder the script came from, whatever Host says
    assert '<script src="widget.js" defer></script>' in page.text
    assert "What&#x27;s behind Russia&#x27;s growing ties with the Taliban" in page.text  # no API keys: listed


def test_feedback_is_stored_and_listed_for_admins(client, widget_server):
    body = {"conversation_id": "conv-api-1", "answer_id": "ans-api-1", "rating": "down", "comment": " wrong person "}
    created = client.post("/feedback", json=body)
    assert created.status_code == 201, created.text
    record = created.json()
    assert record["rating"] == "down" and record["comment"] == "wrong person" and record["id"] > 0

    updated = client.post("/feedback", json={**body, "rating": "up", "comment": ""})
    assert updated.status_code == 201 and updated.json()["id"] == record["id"]

    listing = client.get("/admin/feedback", headers=admin(widget_server))
    assert listing.status_code == 200
    mine = [i for i in listing.json()["items"] if i["answer_id"] == "ans-api-1"]
    assert len(mine) == 1 and mine[0]["rating"] == "up" and mine[0]["comment"] == "wrong person"
    assert listing.json()["counts"]["up"] >= 1
    only_down = client.get("/admin/feedback", params={"rating": "down"}, headers=admin(widget_server)).json()
    assert all(i["rating"] == "down" for i in only_down["items"])

    # Durable: the row is in the SQLite file the server was told to use, readable by anyone with sqlite3.
    with sqlite3.connect(widget_server["feedback_db"]) as db:
        rows = db.execute("SELECT rating, comment FROM feedback WHERE answer_id = 'ans-api-1'").fetchall()
    assert rows == [("up", "wrong person")]


@pytest.mark.parametrize(
    "payload, field, hint",
    [
        ({"answer_id": "a", "rating": "up"}, "conversation_id", "required"),
        ({"conversation_id": "c", "rating": "up"}, "answer_id", "required"),
        ({"conversation_id": "c", "answer_id": "a"}, "rating", "required"),
        ({"conversation_id": "c", "answer_id": "a", "rating": "meh"}, "rating", "'up' or 'down'"),
        ({"conversation_id": "c d", "answer_id": "a", "rating": "up"}, "conversation_id", "returned with the answer"),
        ({"conversation_id": "c", "answer_id": "", "rating": "up"}, "answer_id", "returned with the answer"),
        ({"conversation_id": "c", "answer_id": "a", "rating": "up", "comment": "x" * 2001}, "comment", "at most 2000"),
        ({"conversation_id": "c", "answer_id": "a", "rating": "up", "stars": 5}, "stars", "not a known field"),
    ],
)
def test_bad_feedback_gets_a_422_that_says_what_to_fix(client, payload, field, hint):
    response = client.post("/feedback", json=payload)
    assert response.status_code == 422
    error = response.json()["error"]
    assert any(f["field"] == field for f in error["fields"]), error
    assert hint in error["message"], error["message"]


def test_admin_feedback_needs_the_admin_token(client):
    assert client.get("/admin/feedback").status_code == 401
    wrong = client.get("/admin/feedback", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and "RAGQA_ADMIN_TOKEN" in wrong.json()["error"]["message"]
    assert client.get("/admin/feedback?limit=0", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_admin_feedback_query_is_validated(client, widget_server):
    bad = client.get("/admin/feedback", params={"rating": "sideways"}, headers=admin(widget_server))
    assert bad.status_code == 422 and "rating" in bad.json()["error"]["message"]
    assert client.get("/admin/feedback", params={"limit": 0}, headers=admin(widget_server)).status_code == 422


def preflight(client, origin, method="POST", headers="content-type"):
    return client.options(
        "/ask",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": headers,
        },
    )


def test_cors_preflight_from_an_allowed_origin(client, widget_server):
    origin = widget_server["origin"]
    response = preflight(client, origin, headers="content-type, x-api-key")
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == origin
    assert "POST" in response.headers["access-control-allow-methods"]
    allowed = response.headers["access-control-allow-headers"].lower()
    assert "content-type" in allowed and "x-api-key" in allowed
    assert int(response.headers["access-control-max-age"]) > 0
    assert "Origin" in response.headers["vary"]

    # The real request after the preflight carries the allow-origin header, also on errors the widget must read.
    ok = client.post(
        "/feedback", json={"conversation_id": "c", "answer_id": "cors", "rating": "up"}, headers={"Origin": origin}
    )
    assert ok.status_code == 201 and ok.headers["access-control-allow-origin"] == origin
    bad = client.post("/ask", json={"question": ""}, headers={"Origin": origin})
    assert bad.status_code == 422 and bad.headers["access-control-allow-origin"] == origin


def test_cors_preflight_from_another_origin_is_refused_with_the_fix(client):
    response = preflight(client, "http://evil.test")
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers
    error = response.json()["error"]
    assert error["type"] == "cors_rejected" and "RAGQA_CORS_ORIGINS" in error["message"]
    assert "http://evil.test" in error["message"]
    simple = client.post(
        "/feedback",
        json={"conversation_id": "c", "answer_id": "x", "rating": "up"},
        headers={"Origin": "http://evil.test"},
    )
    assert "access-control-allow-origin" not in simple.headers


def test_cors_preflight_with_a_method_or_header_the_api_does_not_take(client, widget_server):
    response = preflight(client, widget_server["origin"], method="DELETE")
    assert response.status_code == 400 and "DELETE" in response.json()["error"]["message"]
    response = preflight(client, widget_server["origin"], headers="content-type, x-secret")
    assert response.status_code == 400 and "x-secret" in response.json()["error"]["message"]
