"""schemathesis against the service's own OpenAPI schema, on a real server with the real model.

Two passes: an open server (as shipped: no keys, no admin token), and a locked-down one (``RAGQA_API_KEYS`` and
``RAGQA_ADMIN_TOKEN`` set) called with the right credentials, so the authenticated routes (``/admin/*``,
``/documents``, and the public routes past their key check) are fuzzed too, not just their 401/403.

Bounded: a fixed number of generated cases per operation and mode (valid and invalid data), so it adds
seconds, not minutes. Checks (schemathesis' defaults): no 5xx, status codes and content types documented,
bodies match the response schemas, invalid data rejected with a 4xx. Hypothesis drives the cases directly
because schemathesis' lazy pytest fixture loader does not work with pytest 9.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator

import httpx
import pytest
import schemathesis
from helpers.servers import start_server, stop_server
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode

MAX_EXAMPLES = 20
AUTH_MAX_EXAMPLES = 50
ADMIN_TOKEN = "fuzz-admin-token"
API_KEY = "fuzz-api-key"


def fuzz(base: str, max_examples: int, headers_for: Callable[[str], dict[str, str]] | None = None) -> dict[str, int]:
    """Run every operation of ``base``'s schema in both modes; returns how many cases each operation got.

    ``headers_for(path)``: the credentials to send to an operation's path template.
    """
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    calls: dict[str, int] = {}
    for operation in operations:
        headers = headers_for(operation.path) if headers_for else None
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _cases(operation, mode, max_examples, headers, calls)()
            except Unsatisfiable:
                # nothing to make invalid (a GET without parameters): only valid requests exist
                assert mode is GenerationMode.NEGATIVE and operation.method.upper() == "GET"
    return calls


def _cases(operation, mode, max_examples: int, headers: dict[str, str] | None, calls: dict[str, int]):
    """A hypothesis test calling ``operation`` with generated cases of ``mode``, counting them in ``calls``."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=max_examples, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    def check(case) -> None:
        response = case.call(headers=headers)
        calls[case.operation.label] = calls.get(case.operation.label, 0) + 1
        assert response.status_code < 500
        if response.status_code == 413:
            # a generated body over RAGQA_MAX_BODY_BYTES is refused for its size before its content is read:
            # a documented rejection (ErrorResponse), which schemathesis' list of "invalid data" codes lacks
            assert response.json()["error"]["type"] == "too_large"
            return
        if response.status_code in (415, 422) and case.media_type == "multipart/form-data":
            # an upload's type and text are in its bytes and file name, which no schema can describe: a generated
            # file.png (415) or a PDF without text (422) is a documented refusal naming the field `file`
            assert response.json()["error"]["fields"], response.text
            return
        if response.status_code == 422 and "is after published_before" in response.text:
            # a date range with its days swapped: a rule across two fields, which the schema states in words only
            # (FiltersIn's description) as JSON Schema cannot
            assert "filters" in [f["field"] for f in response.json()["error"]["fields"]], response.text
            return
        case.validate_response(response)

    return check


def test_api_conforms_to_its_schema(server):
    calls = fuzz(server, MAX_EXAMPLES)
    assert {"POST /ask", "POST /search", "GET /health", "GET /ready", "GET /metrics"} <= set(calls)
    assert calls.get("POST /ask", 0) >= MAX_EXAMPLES // 2


@pytest.fixture(scope="module")
def locked_server(index_dir, tmp_path_factory) -> Iterator[str]:
    """A server with API keys and an admin token, over its own copy of the index (fuzzing starts rebuilds)."""
    tmp = tmp_path_factory.mktemp("fuzz-locked")
    shutil.copytree(index_dir, tmp / "index")
    proc, base = start_server(
        tmp / "index",
        {
            "RAGQA_API_KEYS": API_KEY,
            "RAGQA_ADMIN_TOKEN": ADMIN_TOKEN,
            "RAGQA_FEEDBACK_DB": str(tmp / "feedback.sqlite"),
        },
    )
    yield base
    stop_server(proc)


def credentials(path: str) -> dict[str, str]:
    """The admin token for the admin routes, an API key for the others (open routes ignore it)."""
    if path.startswith(("/admin/", "/documents")):
        return {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    return {"X-API-Key": API_KEY}


def test_authenticated_api_conforms_to_its_schema(locked_server):
    calls = fuzz(locked_server, AUTH_MAX_EXAMPLES, credentials)
    admin = {"POST /admin/reindex", "GET /admin/jobs/{job_id}", "GET /admin/index", "GET /admin/feedback"}
    assert admin | {"GET /documents", "POST /feedback", "POST /ask"} <= set(calls)
    assert calls["GET /admin/feedback"] >= AUTH_MAX_EXAMPLES // 2 and calls["GET /documents"] >= AUTH_MAX_EXAMPLES // 2


def integer_query_parameters(base: str) -> list[tuple[str, str, dict]]:
    """(path, name, schema) of every integer query parameter of a GET route in ``base``'s OpenAPI document."""
    document = httpx.get(f"{base}/openapi.json").json()
    found = []
    for path, methods in document["paths"].items():
        for parameter in methods.get("get", {}).get("parameters", []):
            schema = parameter.get("schema", {})
            kinds = [schema.get("type")] + [s.get("type") for s in schema.get("anyOf", [])]
            if parameter["in"] == "query" and "integer" in kinds:
                found.append((path, parameter["name"], schema))
    return found


def test_every_integer_query_parameter_is_bounded_and_refuses_huge_values(locked_server):
    """Random generation may never draw a value past SQLite's 64-bit integers: check every parameter directly."""
    parameters = integer_query_parameters(locked_server)
    assert {("/admin/feedback", "offset"), ("/admin/feedback", "limit"), ("/documents", "offset")} <= {
        (path, name) for path, name, _ in parameters
    }
    for path, name, schema in parameters:
        assert "maximum" in schema, f"{path}?{name} has no maximum: {schema}"
        for value in (2**63, 2200870365697259824218112, -(2**63), schema["maximum"] + 1):
            response = httpx.get(f"{locked_server}{path}", params={name: value}, headers=credentials(path))
            assert response.status_code == 422, (path, name, value, response.text)
            assert [f["field"] for f in response.json()["error"]["fields"]] == [name]
