"""Table rows as text that stands on its own (``ingest.tables``), from Markdown pipe tables and Word tables."""

from __future__ import annotations

from ragqa.ingest.chunking import split_sentences
from ragqa.ingest.corpus import parse_markdown
from ragqa.ingest.tables import cells, is_rule, pair_header, row_text, written_row

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


def test_a_written_row_is_told_from_a_heading() -> None:
    assert written_row("Dish: Tiramisu; Description: Made with Marsala; Price: £7.00")
    assert written_row("ibus; size: 12") and written_row("Colours: Moss Green", above="Fabric: Recycled nylon")
    assert not written_row("Colours: Moss Green", above="Our jackets are cut with room for a fleece.")
    assert not written_row("Best VPN for gaming: ExpressVPN") and not written_row("Chiefs vs. Packers final score")


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


def test_an_html_tables_caption_is_no_row_and_its_dates_do_not_date_the_page(tmp_path) -> None:
    """A captioned table's column names were read as a row of data ("Surgery opening times: Day; Doors open"), its
    rows without them; a fixture list was dated by its first match ("Sun 6 Sep 2026")."""
    from ragqa.ingest.corpus import read_corpus

    (tmp_path / "hours.html").write_text(
        "<html><head><title>Opening hours</title></head><body><article><h1>Opening hours</h1>"
        "<p>The surgery is open at the times below, and the phone lines from 8:00.</p><table>"
        "<caption>Surgery opening times</caption><thead><tr><th>Day</th><th>Doors open</th></tr></thead>"
        "<tbody><tr><td>Monday</td><td>8:00</td></tr><tr><td>Saturday</td><td>9:00</td></tr></tbody></table>"
        "</article></body></html>"
    )
    (tmp_path / "fixtures.html").write_text(
        "<html><head><title>Under-12s fixtures</title></head><body><article><h1>Under-12s fixtures</h1>"
        "<p>The under-12s play on Sunday mornings at Mill Lane, kicking off at 10am.</p><table><thead><tr>"
        "<th>Date</th><th>Opponent</th></tr></thead><tbody><tr><td>Sun 6 Sep 2026</td><td>Hallam Vale</td></tr>"
        "<tr><td>Sun 13 Sep 2026</td><td>Fernside</td></tr></tbody></table></article></body></html>"
    )
    docs, _ = read_corpus(tmp_path)
    fixtures, hours = sorted(docs, key=lambda d: d.doc_id)
    assert "Surgery opening times\n\nDay: Monday; Doors open: 8:00\n\nDay: Saturday; Doors open: 9:00" in hours.text
    assert "Date: Sun 6 Sep 2026; Opponent: Hallam Vale" in fixtures.text
    assert fixtures.published_at == ""


def test_an_html_table_without_header_cells_reads_as_keys_and_values_or_under_its_first_row(tmp_path) -> None:
    """A specification sheet's table with no <th> was indexed as raw pipes ("| Weight | 168 g |") and quoted so."""
    from ragqa.ingest.corpus import read_corpus

    (tmp_path / "specs.html").write_text(
        "<html><head><title>T2 specifications</title></head><body><article><h1>T2 specifications</h1>"
        "<p>Specifications for the T2 smart thermostat, model HT-200, as shipped.</p>"
        "<table><caption>Physical</caption><tr><td>Weight</td><td>168 g</td></tr>"
        "<tr><td>Colours</td><td>Snow white, Charcoal</td></tr></table>"
        "<table><tr><td>Plan</td><td>Price</td><td>Devices</td></tr><tr><td>Basic</td><td>Free</td><td>2</td></tr>"
        "<tr><td>Premium</td><td>5.99</td><td>20</td></tr></table></article></body></html>"
    )
    (doc,), _ = read_corpus(tmp_path)
    assert "Physical\n\nWeight: 168 g\n\nColours: Snow white, Charcoal" in doc.text, doc.text
    assert "Plan: Premium; Price: 5.99; Devices: 20" in doc.text and "|" not in doc.text, doc.text


def test_an_html_table_labelling_each_row_with_a_header_cell_reads_label_and_value(tmp_path) -> None:
    """A product page's specification table labels each row with a <th> ("<th>Waterproof rating</th><td>20,000
    mm</td>"): its first row was read as the header ("Waterproof rating: Breathability; 20,000 mm: 25,000 ...").
    A table whose first row is all <th> keeps that row as its header."""
    from ragqa.ingest.corpus import read_corpus

    (tmp_path / "jacket.html").write_text(
        "<html><head><title>Trail jacket</title></head><body><article><h1>Trail jacket</h1>"
        "<p>Our lightest three-layer waterproof shell, built for fast hillwalking in changeable weather.</p>"
        "<table><tr><th>Waterproof rating</th><td>20,000 mm</td></tr><tr><th>Breathability</th>"
        "<td>25,000 g/m²/24h</td></tr><tr><th>Sizes</th><td>S to XXL</td><td>XS to XL</td></tr></table>"
        "<table><tr><th>Size</th><th>Chest</th></tr><tr><th>M</th><td>96 cm</td></tr>"
        "<tr><th>L</th><td>104 cm</td></tr></table></article></body></html>"
    )
    (doc,), _ = read_corpus(tmp_path)
    assert "Waterproof rating: 20,000 mm\n\nBreathability: 25,000 g/m²/24h\n\nSizes: S to XXL; XS to XL" in doc.text
    assert "Size: M; Chest: 96 cm\n\nSize: L; Chest: 104 cm" in doc.text, doc.text


def test_an_info_box_under_an_empty_header_reads_label_and_value() -> None:
    """A club profile's "At a glance" box leaves its Markdown header row empty ("| | |"): its rows read as bare
    values ("Manager; Rhys Talbot"), no label naming the value."""
    doc = parse_markdown(
        "# Hollins Vale FC\n\nA Sunday league club.\n\n| | |\n|---|---|\n| Manager | Rhys Talbot |\n"
        "| Ground | Mill Lane |\n",
        "hollins-vale.md",
    )
    assert "Manager: Rhys Talbot\n\nGround: Mill Lane" in doc.text
    assert row_text(["", "", ""], ["Open", "9am", "5pm"]) == "Open: 9am; 5pm"


def test_an_info_box_opening_with_its_subjects_name_reads_that_row_as_a_pair_too() -> None:
    """A book review's box opens with the book's name where column names would be ("| Book | The Salt Road |"):
    read as the columns' names, every row under it came out garbled ("Book: Author; The Salt Road: Ana Reyes").
    A header naming its columns stays one, even when the title holds a name like it."""
    doc = parse_markdown(
        "---\ntitle: 'Review: The Salt Road by Ana Reyes'\n---\n\nA slow, generous novel.\n\n"
        "| Book | The Salt Road |\n|---|---|\n| Author | Ana Reyes |\n| Pages | 388 |\n",
        "salt-road.md",
    )
    assert "Book: The Salt Road\n\nAuthor: Ana Reyes\n\nPages: 388" in doc.text
    doc = parse_markdown(
        "# Harefield Rovers honours\n\nThe club's trophies.\n\n| Competition | Seasons |\n|---|---|\n"
        "| Premier Division champions | 2021-22 |\n",
        "honours.md",
    )
    assert "Competition: Premier Division champions; Seasons: 2021-22" in doc.text
    assert not pair_header(["Day", "Opening hours"], "Opening hours")  # a column's name, not a name
    assert not pair_header(["Plan", "Requests Per Minute"], "Rate limits")  # not the document's subject
    assert pair_header(["Club", "Hollins Vale FC"], "Hollins Vale FC")
