"""An estate agency's CRM export read as JSONL records (no model): its nested objects keep their keys beside their
values, and when a listing was put up is its date."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from helpers.fake_encoder import FakeEncoder

from ragqa.config import Settings
from ragqa.index.build import build_index
from ragqa.ingest.corpus import read_corpus, record_to_document
from ragqa.services import Services


def _listing(**fields: object) -> dict[str, object]:
    """A property listing as an agency's CRM exports it: address, tenure and negotiator as objects."""
    return {
        "id": "HFS-1003",
        "address": {
            "line1": "Flat 7, Weavers Court, 31 Mill Street",
            "locality": "Hollinbrook",
            "town": "Hollinbrook",
            "postcode": "HL1 4NS",
        },
        "headline": "Two bedroom second floor apartment with lift",
        "price_display": "£185,000",
        "tenure": {
            "type": "Leasehold",
            "years_remaining": 118,
            "ground_rent": "£150 per annum",
            "service_charge": "£1,420 per annum",
            "managing_agent": "Castlegate Block Management",
        },
        "date_listed": "2026-08-17",
        "last_updated": "2026-11-25T09:02:37Z",
        "negotiator": {
            "name": "Tom Aldridge",
            "job_title": "Sales Negotiator",
            "email": "tom.aldridge@example.co.uk",
            "phone": "01632 960415",
            "started": "2019-04-01",
        },
        "description": "Flat 7 is a bright two bedroom apartment on the second floor of Weavers Court.",
        **fields,
    }


def test_an_objects_values_keep_their_keys_unless_it_is_a_person_or_an_address() -> None:
    """A flat's tenure read "Leasehold, 118, £150 per annum, £1,420 per annum, Castlegate Block Management": "how
    long is left on the lease" and "what is the ground rent" had no label to find."""
    doc = record_to_document(_listing(), "listings.jsonl:1", "listings.jsonl")
    lines = doc.text.split("\n")
    assert "Address: Flat 7, Weavers Court, 31 Mill Street, Hollinbrook, HL1 4NS" in lines, doc.text
    assert (
        "Tenure: Leasehold; years remaining: 118; ground rent: £150 per annum; service charge: £1,420 per annum; "
        "managing agent: Castlegate Block Management"
    ) in lines, doc.text
    # a person: the name and the details that say what they are; a date alone is labelled
    assert (
        "Negotiator: Tom Aldridge (Sales Negotiator, tom.aldridge@example.co.uk, 01632 960415, started: 2019-04-01)"
    ) in lines, doc.text


@pytest.mark.parametrize(
    ("value", "reading"),
    [
        ({"type": "Freehold"}, "Freehold"),
        ({"min": 28000, "max": 32000, "currency": "GBP"}, "min: 28000; max: 32000; currency: GBP"),
        ({"width_m": 3.2, "length_m": 4.5}, "width m: 3.2; length m: 4.5"),
        (
            {"restrictions": ["no pets", "no subletting"], "type": "Leasehold"},
            "Leasehold; restrictions: no pets, no subletting",
        ),
        (  # an address among other keys: read as printed, in its place
            {"@type": "Place", "streetAddress": "2 The Green", "addressLocality": "Stanbury", "lat": 51.2},
            "2 The Green, Stanbury; lat: 51.2",
        ),
        (  # an object inside one: said when it reads as one clause
            {"type": "Leasehold", "agent": {"name": "Castlegate", "phone": "01632 960999"}},
            "Leasehold; agent: Castlegate (01632 960999)",
        ),
        ({"state": "closed", "closed_by": "Luis Romero"}, "state: closed; closed by: Luis Romero"),  # no address
        ({"name": "Hannah Okafor", "company": "Brightline Dental"}, "Hannah Okafor (Brightline Dental)"),
        ({"name": "Ground floor", "rooms": 3, "band": "D"}, "Ground floor (rooms: 3, band: D)"),
    ],
)
def test_an_object_reads_as_one_clause_with_its_labels(value: dict[str, object], reading: str) -> None:
    doc = record_to_document({"title": "A listing", "detail": value, "text": "Body."}, "records.jsonl:1")
    assert doc.text.split("\n")[0] == f"Detail: {reading}", doc.text


@pytest.mark.parametrize("key", ["date_listed", "listedAt", "date_posted", "datePosted", "posted_at", "post_date"])
def test_when_an_item_was_put_up_is_its_date_and_stays_in_its_text(key: str) -> None:
    """A listing gave "date_listed" only: every listing was undated and "the newest listing" had no answer."""
    record = {**{k: v for k, v in _listing().items() if k != "date_listed"}, key: "2026-10-05"}
    doc = record_to_document(record, "listings.jsonl:1", "listings.jsonl")
    assert doc.published_at == "2026-10-05"
    assert any(line.endswith(": 2026-10-05") for line in doc.text.split("\n")), doc.text  # "when was it listed"


@pytest.mark.parametrize("key", ["last_updated", "available_from", "closing_date", "date_of_birth"])
def test_a_later_change_or_another_things_date_is_no_listings_date(key: str) -> None:
    record = {**{k: v for k, v in _listing().items() if k not in ("date_listed", "last_updated")}, key: "2026-10-05"}
    assert record_to_document(record, "listings.jsonl:1", "listings.jsonl").published_at == ""


def test_a_publication_date_wins_over_a_listing_date_and_a_listing_date_over_a_records_creation() -> None:
    published = record_to_document(_listing(published_at="2026-08-20"), "l.jsonl:1", "l.jsonl")
    created = record_to_document(_listing(created_at="2026-08-01"), "l.jsonl:1", "l.jsonl")
    assert (published.published_at, created.published_at) == ("2026-08-20", "2026-08-17")


def test_the_newest_listing_is_the_one_listed_last(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    listings = [
        _listing(id="HFS-1001", headline="Victorian cottage on Church Lane", date_listed="2026-10-05"),
        _listing(id="HFS-1002", headline="Georgian rectory on Rectory Road", date_listed="2026-09-21"),
        _listing(id="HFS-1003", headline="Apartment at Weavers Court", date_listed="2026-11-30"),
    ]
    (corpus / "listings.jsonl").write_text("".join(json.dumps(r) + "\n" for r in listings))
    docs, _ = read_corpus(corpus)
    assert max(docs, key=lambda d: d.published_at).doc_id == "HFS-1003"
    build_index(corpus, tmp_path / "index", FakeEncoder())
    services = Services.build(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"), FakeEncoder())
    try:
        answer = asyncio.run(services.pipeline.answer("what is the newest listing", history=[]))
        assert "Weavers Court" in answer.answer, answer.answer
    finally:
        asyncio.run(services.aclose())
