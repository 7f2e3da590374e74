"""Table rows as text that stands on its own (``ingest.tables``), from Markdown pipe tables and Word tables."""

from __future__ import annotations

from ragqa.ingest.chunking import split_sentences
from ragqa.ingest.corpus import parse_markdown
from ragqa.ingest.tables import cells, is_rule, row_text

TABLE = """# Input methods

The engines are the following.

| package | size | supported locale |
|:--------|-----:|------------------|
| `ibus-mozc` | 935 | Japanese |
| ibus-hangul | 285 | |
| ibus-unikey \\| extra | 318 | Vietnamese |
packages are listed by name.
"""


def test_a_row_names_its_values() -> None:
    assert row_text(["package", "size"], ["ibus", "1637"]) == "package: ibus; size: 1637"
    assert row_text(["package", "size"], ["ibus", ""]) == "package: ibus"
    assert row_text(["", "size"], ["ibus", "12"]) == "ibus; size: 12"
    assert row_text([], ["Site manager", "Anna Berg", "since 2021"]) == "Site manager: Anna Berg; since 2021"
    assert row_text(["a", "b"], ["only one cell"]) == "only one cell"
    assert row_text([], ["", ""]) == ""
    assert row_text([], ["Prepared by:", "Anna Berg"]) == "Prepared by: Anna Berg"  # a form's label, one colon
    assert row_text(["Part:", "Cost:"], ["Pier", "1.5M"]) == "Part: Pier; Cost: 1.5M"


def test_rules_and_cells() -> None:
    assert is_rule("|---|:--:|") and is_rule("--- | ---") and is_rule("| --- |")
    assert not is_rule("---") and not is_rule("| a | b |")  # a thematic break; a row
    assert cells("| a | b \\| c |") == ["a", "b \\| c"]
    assert cells("a | b") == ["a", "b"]


def test_a_markdown_table_becomes_one_sentence_a_row_under_its_column_names() -> None:
    doc = parse_markdown(TABLE, "engines.md")
    sentences = [doc.text[a:b] for a, b in split_sentences(doc.text)]
    assert sentences == [
        "Input methods",
        "The engines are the following.",
        "package: ibus-mozc; size: 935; supported locale: Japanese",
        "package: ibus-hangul; size: 285",
        "package: ibus-unikey | extra; size: 318; supported locale: Vietnamese",
        "packages are listed by name.",
    ]


def test_pipes_without_a_header_rule_are_left_as_written() -> None:
    doc = parse_markdown("# Badges\n\n| a | b |\n| c | d |\n", "badges.md")
    assert "| a | b |" in doc.text and "| c | d |" in doc.text
