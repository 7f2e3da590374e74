"""An estate agency's CRM export read as JSONL records (no model): its nested objects keep their keys beside their
values."""

from __future__ import annotations

import pytest

from ragqa.ingest.corpus import record_to_document


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
