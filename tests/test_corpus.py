import json
import logging
from pathlib import Path

import pytest

from ragqa.ingest.corpus import CorpusError, clean_inline, parse_markdown, read_corpus

ROOT = Path(__file__).resolve().parent.parent


def test_default_article_metadata_and_sections():
    docs, report = read_corpus(ROOT / "corpus")
    assert report.skipped == []
    (doc,) = docs
    assert doc.title == "What's behind Russia's growing ties with the Taliban"
    assert doc.author == "Robyn Dixon"
    assert doc.published_at == "2020-06-29T15:52:00-07:00"  # "June 29, 2020 at 3:52 p.m. PDT", read at index time
    headings = [s.heading for s in doc.sections]
    assert "What do we know about the unit reported to have offered bounties?" in headings
    assert "](" not in doc.text and "**" not in doc.text  # link and emphasis syntax reduced to text
    for section in doc.sections:
        assert section.heading not in doc.text[section.start : section.end]


def test_inline_markdown_is_reduced_to_text():
    assert clean_inline("Kabulov [said](#) it **loudly** and `x` \\*ok\\*") == "Kabulov said it loudly and x *ok*"
    assert clean_inline("remove _all_ lines from PYENV_ROOT") == "remove all lines from PYENV_ROOT"


def test_emphasis_and_escapes_are_read_outside_code_spans_only():
    """``__init__`` read as bold came out "init"; a glob's ``**`` between two spans vanished."""
    assert clean_inline("define `__init__` and pass `**kwargs`") == "define __init__ and pass **kwargs"
    line = "the pattern `**` matches; see `*.py` and **this**"
    assert clean_inline(line) == "the pattern ** matches; see *.py and this"
    assert clean_inline("**bold `code` text** and `a\\_b`") == "bold code text and a\\_b"


def test_inline_html_tags_leave_their_text_and_code_spans_stay_as_written():
    # a table cell of a README: "... shims reside.<br>Also see `pyenv root`"
    assert clean_inline("shims reside.<br>Also see `pyenv root`") == "shims reside. Also see pyenv root"
    assert (
        clean_inline("press <kbd>Ctrl</kbd>+<KBD>C</KBD>, then <a href='#x'>go</a><br/>on")
        == "press Ctrl+C, then go on"
    )
    assert clean_inline("wrap it in `<b>` tags") == "wrap it in <b> tags", "a tag inside code is text"
    assert clean_inline("pyenv uninstall <versions> if x < y") == "pyenv uninstall <versions> if x < y"


README = """Shims
=====

Shims are lightweight executables that simply pass your command along
to pyenv. Install it with the
Homebrew package manager:

```sh
brew update
brew install pyenv
```

* a list item that goes on
  over two lines
    * a nested item
* another item

    its second paragraph, with a [link](https://example.org)
- a last item
---

By  
Jane Doe

Bugs go to the [issue
tracker](https://example.org/issues). All follow a
[Code of Conduct](https://example.org/coc)
to the letter.

[Read also: another story](https://example.org/other)

## License

[The MIT License](LICENSE)

[tracker]: https://example.org/issues
"""


def test_markdown_reads_paragraphs_code_and_headings_as_markdown_does():
    doc = parse_markdown(README, "readme.md")
    assert doc.title == "Shims" and [s.heading for s in doc.sections] == ["Shims", "License"]
    lines = doc.text.split("\n")
    paragraph = (
        "Shims are lightweight executables that simply pass your command along to pyenv. Install it with the "
        "Homebrew package manager:"
    )
    assert paragraph in lines  # a paragraph's line breaks are spaces
    assert "    brew update" in lines and "    brew install pyenv" in lines  # code keeps its lines, indented
    assert "* a list item that goes on over two lines" in lines and "* another item" in lines
    assert "    * a nested item" in lines
    assert "    its second paragraph, with a link" in lines  # a list item's indented paragraph is no code
    assert "- a last item" in lines and [s.heading for s in doc.sections].count("- a last item") == 0
    assert "By" in lines and "Jane Doe" in lines  # two trailing spaces break the line
    assert "```" not in doc.text and "=====" not in doc.text
    assert "Bugs go to the issue tracker. All follow a Code of Conduct to the letter." in lines  # links in a paragraph
    assert "Read also" not in doc.text  # a bare link amid paragraphs is navigation
    assert "The MIT License" in lines and "example.org" not in doc.text  # ... alone in its section, it is the text


def test_a_wrapped_line_opening_with_a_number_goes_on_with_its_paragraph_as_commonmark_reads_it():
    minutes = (
        "# Committee Minutes\n\nThe minutes were agreed.\n\n## Club kit\n\n"
        "The spring order window runs from 1 to 21 March\n2026. Prices: jersey £48, gilet £39.\n\n"
        "Membership grew from 96 to 1\n10. That is the most in years.\n\n"  # a list that starts past 1
        "The options are:\n1. Renew now.\n2. Renew in May.\n\n"  # a list starting at 1 interrupts a paragraph
        "Choose one of\n- red\n+ blue\n\n"  # so does a bullet list
        "- An item that wraps\n2026. A new list here.\n- Then another item.\n"  # a list's next item, any number
    )
    lines = parse_markdown(minutes, "minutes.md").text.split("\n")
    assert "The spring order window runs from 1 to 21 March 2026. Prices: jersey £48, gilet £39." in lines
    assert "Membership grew from 96 to 1 10. That is the most in years." in lines
    assert "The options are:" in lines and "1. Renew now." in lines and "2. Renew in May." in lines
    assert "Choose one of" in lines and "- red" in lines and "+ blue" in lines
    assert "2026. A new list here." in lines and "- Then another item." in lines
    converted = (  # a page converted from HTML: an item's lines, code and paragraph unindented
        "# FAQ\n\nThere are ways:\n\n1. A rule, which begins with *rule*\n, and then has variables.\n"
        "2. By returning a tuple:\n```\nreturn a, b\n```\nThis is the clearest solution.\n3. By using globals.\n"
    )
    lines = parse_markdown(converted, "faq.md").text.split("\n")
    assert "1. A rule, which begins with rule , and then has variables." in lines
    assert "2. By returning a tuple:" in lines and "This is the clearest solution." in lines
    assert "3. By using globals." in lines


def test_markdown_heading_without_title_uses_file_name():
    doc = parse_markdown("Just a paragraph. Another one.\n", "notes/my-file.md")
    assert doc.title == "my file"
    assert doc.text == "Just a paragraph. Another one."


def test_a_readme_is_titled_by_its_first_heading_only_when_nothing_comes_before_it():
    readme = (
        '<p align="center">\n    <img src="logo.svg" alt="Logo">\n</p>\n'
        "[![PyPI version](https://badge.fury.io/py/rich.svg)](https://pypi.org/p/rich/) ![CI][ci] ![Docs][docs]\n\n"
        '<h4 align="center">Rich text in the terminal</h4>\n\n'
        "Rich is a Python library for rich text.\n\n## Compatibility\n\nRich works with Linux.\n"
    )
    doc = parse_markdown(readme, "docs/rich.md")
    assert doc.title == "rich"  # "## Compatibility" heads a section, not the README
    assert doc.text.startswith("Rich text in the terminal\n\nRich is a Python library for rich text.")
    assert "PyPI" not in doc.text and "Logo" not in doc.text and "<" not in doc.text  # badges and tags say nothing
    badged = parse_markdown(
        "# Thread-pool Controls [![Build Status](b.svg)](ci) [![codecov](c.svg)](cov)\n\nText.", "t.md"
    )
    assert badged.title == "Thread-pool Controls"
    assert parse_markdown("![Harbour at dawn](dawn.jpg)\n\nText.", "h.md").text.startswith("Harbour at dawn")
    entities = parse_markdown("Pyenv says &quot;Downloading &lt;file&gt;&quot;&nbsp;first; `a &amp; b`.", "e.md")
    assert entities.text == 'Pyenv says "Downloading <file>" first; a &amp; b.'  # code keeps what it shows


def test_jsonl_txt_and_bad_files(tmp_path):
    (tmp_path / "news.jsonl").write_text(
        '{"id": "a1", "title": "T1", "text": "Body one.", "source": "Wire", "published_at": "2023-10-01"}\n'
        "not json\n"
        '{"_id": "a2", "title": "T2", "body": "Body two."}\n'
        '{"id": "a3", "title": "no text"}\n'
    )
    (tmp_path / "plain.txt").write_text("A Title\nSome text here.")
    (tmp_path / "binary.md").write_bytes(b"\x00\x01\x02")
    (tmp_path / "latin1.md").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    docs, report = read_corpus(tmp_path)
    by_id = {d.doc_id: d for d in docs}
    assert set(by_id) == {"a1", "a2", "plain.txt", "latin1.md"}
    assert by_id["latin1.md"].text == "café"  # not UTF-8: read in the encoding it was saved in (ingest.encoding)
    assert by_id["a1"].source == "Wire" and by_id["a1"].published_at == "2023-10-01"
    assert by_id["a2"].text == "Body two."
    assert by_id["plain.txt"].title == "A Title"
    skipped = "\n".join(report.skipped)
    for name in ("news.jsonl:2", "news.jsonl:4", "binary.md", "empty.txt"):
        assert name in skipped


def test_files_of_other_types_are_counted_by_type_in_the_summary(tmp_path):
    (tmp_path / "a.md").write_text("# A\n\nText.\n")
    for name in ("figure1.png", "figure2.png", "prices.ods", "NOTICE", ".hidden.png"):
        (tmp_path / name).write_text("x")
    docs, report = read_corpus(tmp_path)
    assert [d.doc_id for d in docs] == ["a.md"]
    (summary,) = report.skipped
    assert summary.startswith("4 files of a type not read (.ods 1, .png 2, NOTICE 1): the corpus reads .md .markdown")
    read = (".csv", ".xlsx", ".eml", ".html", ".pdf", ".docx", ".rst", ".odt")
    assert all(f" {suffix}" in summary for suffix in read)


def test_empty_corpus_is_a_clear_error(tmp_path):
    (tmp_path / "empty.md").write_text("")
    with pytest.raises(CorpusError, match="no readable documents"):
        read_corpus(tmp_path)
    with pytest.raises(CorpusError, match="does not exist"):
        read_corpus(tmp_path / "missing")


def test_dates_are_read_in_any_common_form_and_unreadable_ones_reported(tmp_path):
    from ragqa.records import Chunk
    from ragqa.retrieval.filters import FilterColumns, Filters

    (tmp_path / "byline.md").write_text("# Title\n\nBy\n**A. Writer**\n\n29 June 2020\n\nBody text here.\n")
    (tmp_path / "opinion.md").write_text('---\ndate: "Thurs 4th Nov \'21"\n---\n\n# Bus lanes\n\nBody text here.\n')
    (tmp_path / "feed.jsonl").write_text(
        '{"id": "j1", "title": "T", "text": "Body.", "published_at": "Jun. 30, 2020 10:15"}\n'
        '{"id": "j2", "title": "T", "text": "Body.", "published_at": "sometime next spring"}\n'
        '{"id": "j3", "title": "T", "text": "Body.", "published_at": "September 2022"}\n'
    )
    docs, report = read_corpus(tmp_path)
    by_id = {d.doc_id: d for d in docs}
    assert by_id["byline.md"].published_at == "2020-06-29" and by_id["byline.md"].author == "A. Writer"
    assert by_id["j1"].published_at == "2020-06-30T10:15:00"
    assert by_id["j2"].published_at == "sometime next spring"  # kept as written, and reported
    assert by_id["j3"].published_at == "September 2022"  # a month: kept as written, read as that period
    assert report.undated == ["feed.jsonl: j2: 'sometime next spring'", 'opinion.md: "Thurs 4th Nov \'21"']
    chunks = [Chunk(d.doc_id, d.doc_id, "T", "T", 0, 5, "Body.", published_at=d.published_at) for d in docs]
    mask = FilterColumns(chunks).mask(Filters.from_values(published_after="2020-01-01"))
    assert [c.doc_id for c, keep in zip(chunks, mask) if keep] == ["byline.md", "j1", "j3"]


def test_jsonl_exports_from_news_apis_and_cms_keep_their_text_and_metadata(tmp_path):
    records = [
        {  # a news API's article: camelCase date, source and author as it gives them
            "url": "https://example.org/harbour",
            "source": {"id": None, "name": "Harbour Times"},
            "author": None,
            "authors": [{"name": "Jane Doe"}, {"name": "John Roe"}],
            "title": "Harbour reopens",
            "publishedAt": "2023-10-01T08:00:00Z",
            "content": "The harbour reopened on Monday after the storm.",
        },
        {  # a CMS export: rendered HTML, a headline, a date in epoch seconds
            "guid": "post-7",
            "headline": "Berth fees",
            "date": 1696118400,
            "content": {
                "rendered": "<h2>Fees</h2><p>Each berth costs one pound a day.</p><p>Fees are paid monthly.</p>"
            },
            "publisher": "Harbour Club",
        },
        {"uuid": "n-3", "title": "Tides", "html": "<p>High tide is at noon.</p>", "published": 1696204800000},
        {"id": "n-4", "title": "nothing to read", "content": {"rendered": "  "}},
        {"id": "n-5", "text": '<p align="center"><img src="logo.png"></p>\n\n# Tides\n\nHigh tide is at noon.'},
        {"id": "n-6", "title": "Moorings", "text": "Moorings are free.", "published_at": "1696204800"},
    ]
    (tmp_path / "export.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    docs, report = read_corpus(tmp_path)
    by_id = {d.doc_id: d for d in docs}
    assert set(by_id) == {"export.jsonl:1", "post-7", "n-3", "n-5", "n-6"}
    assert by_id["n-6"].published_at.startswith("2023-10-02"), "epoch seconds written as a string of figures"
    assert by_id["n-5"].text.endswith("High tide is at noon."), "Markdown opening with an HTML block is no page"
    api = by_id["export.jsonl:1"]
    assert (api.title, api.source, api.author, api.url) == (
        "Harbour reopens",
        "Harbour Times",
        "Jane Doe and John Roe",
        "https://example.org/harbour",
    )
    assert api.published_at == "2023-10-01T08:00:00Z" and api.text.startswith("The harbour reopened")
    cms = by_id["post-7"]
    assert (cms.title, cms.source, cms.published_at) == ("Berth fees", "Harbour Club", "2023-10-01T00:00:00+00:00")
    assert "<p>" not in cms.text and "Each berth costs one pound a day." in cms.text
    assert "Fees" in [s.heading for s in cms.sections]  # the HTML's heading opens a section
    assert by_id["n-3"].text == "High tide is at noon." and by_id["n-3"].published_at.startswith("2023-10-02")
    assert "export.jsonl:4: has no text" in "\n".join(report.skipped)


def test_a_records_category_and_tag_names_are_its_filing_not_its_text(tmp_path):
    # a WordPress export (bb76 bug 10): "categories_names" was a line of the text, and an answer opened with it
    records = [
        {
            "id": 101,
            "title": {"rendered": "Spring Quiz Night"},
            "date": "2026-02-10T09:12:00",
            "categories_names": "Events",
            "tag_names": ["quiz", "fundraising"],
            "content": {"rendered": "<p>Our Spring Quiz Night is on Saturday 14 March 2026 at 7pm.</p>"},
        },
        {"id": 102, "title": "Jumble Sale", "categoryName": "Sales", "tagNames": "jumble", "text": "Doors open 10am."},
    ]
    (tmp_path / "whats-on.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    docs, _ = read_corpus(tmp_path)
    by_id = {d.doc_id: d for d in docs}
    assert by_id["101"].category == "Events" and by_id["102"].category == "Sales"
    assert by_id["101"].text.startswith("Our Spring Quiz Night"), by_id["101"].text
    assert by_id["102"].text == "Doors open 10am.", by_id["102"].text


def test_paper_records_give_their_abstract_as_text_and_their_year_as_date(tmp_path):
    """A lab's list of papers (title, authors, year, abstract) was skipped record by record: "has no text"."""
    records = [
        {
            "title": "KDM5B loss remodels the stress granule proteome",
            "authors": ["Priya Raman", "Tom Okafor"],
            "year": 2023,
            "abstract": "Stress granules are cytoplasmic condensates that form when translation is blocked.",
        },
        {"id": "s", "title": "Catalogue entry", "summary": "A short summary.", "year": "2021", "date": "2021-05-04"},
        {"id": "d", "title": "Tide gauge data", "description": "Tide gauge readings of 2020.", "year": "n/a"},
        {"id": "c", "title": "Harbour reopens", "content": "The harbour reopened.", "description": "A teaser."},
        {  # a property listing: a one-line summary beside the description of several paragraphs
            "id": "l",
            "headline": "A charming three bedroom cottage",
            "summary": "Victorian cottage with a 90ft garden.",
            "description": "Linden Cottage was built in 1887.\n\nThe kitchen was fitted in 2021.",
        },
    ]
    (tmp_path / "papers.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (tmp_path / "prices.csv").write_text("item,price,description\nferry,5 EUR,one way\nbus,2 EUR,one zone\n")
    (tmp_path / "package.json").write_text('{"name": "site", "description": "The harbour site."}')
    docs, report = read_corpus(tmp_path)
    by_id = {d.doc_id: d for d in docs}
    assert [why.split(": ")[:2] for why in report.skipped] == [["package.json", "holds no articles"]]  # untitled
    paper = by_id["papers.jsonl:1"]
    assert paper.text.startswith("Stress granules are cytoplasmic condensates")
    assert (paper.author, paper.published_at) == ("Priya Raman and Tom Okafor", "2023")  # a year: read as that period
    assert by_id["s"].published_at == "2021-05-04"  # a fuller date wins over the year
    assert (by_id["d"].text, by_id["d"].published_at) == ("Tide gauge readings of 2020.", "")
    assert by_id["c"].text == "The harbour reopened."  # an article's text wins over its teaser
    assert "The kitchen was fitted in 2021." in by_id["l"].text  # the longest, not the summary alone
    assert "Summary: Victorian cottage with a 90ft garden." in by_id["l"].text  # which says more: a field line
    assert by_id["prices.csv"].text.count("description: one") == 2  # a sheet's "description" is one of its columns


def test_an_export_of_records_of_data_reads_each_record_as_its_fields(tmp_path):
    """A transit authority's JSONL export of its stops (no text field: a code, a name, routes, flags, notes) was
    dropped line by line as having no text, while the same rows saved as CSV were read."""
    centres = [
        {
            "site_code": "RC01",
            "name": "Hollins Lane Recycling Centre",
            "accepts": ["glass", "paper", "garden waste"],
            "open_sundays": True,
            "staffed": False,
            "notes": "Vans need a permit.",
            "updated": "2026-05-01",
        },
        {"site_code": "RC02", "label": "Mill Road Depot", "accepts": ["batteries"], "open_sundays": False},
        {"site_code": "RC03", "open_sundays": None},  # a key alone: nothing said
    ]
    (tmp_path / "centres.jsonl").write_text("".join(json.dumps(r) + "\n" for r in centres))
    branches = [{"id": "n", "name": "North", "phone": "01632 960001"}, {"id": "s", "opens": "10:00"}]
    (tmp_path / "branches.json").write_text(json.dumps({"items": branches}))  # a JSON export of data, too
    (tmp_path / "lone.jsonl").write_text(json.dumps(centres[0]) + "\n")  # one record alone: no export of data
    (tmp_path / "package.json").write_text('{"name": "site", "description": "The site.", "version": "1.0.0"}')
    (tmp_path / "composer.json").write_text(
        json.dumps({"name": "a/b", "authors": [{"name": "Ann", "email": "a@x.org", "role": "Dev"}] * 2})
    )
    docs, report = read_corpus(tmp_path)
    by_id = {d.doc_id: d for d in docs}
    hollins = by_id["centres.jsonl:1"]
    assert hollins.title == "Hollins Lane Recycling Centre"  # its name titles it
    assert hollins.text.split("\n") == [
        "Site code: RC01",
        "Accepts: glass, paper, garden waste",
        "Open sundays: yes",  # a flag says yes or no
        "Staffed: no",
        "Notes: Vans need a permit.",
        "Updated: 2026-05-01",
    ]
    assert hollins.published_at == "2026-05-01" and hollins.sections[0].heading == hollins.title
    assert by_id["centres.jsonl:2"].title == "Mill Road Depot"
    assert (by_id["n"].title, by_id["n"].text) == ("North", "Phone: 01632 960001")  # a name and a field: a contact
    assert set(by_id) == {"centres.jsonl:1", "centres.jsonl:2", "n"}
    skipped = sorted(report.skipped)
    assert [entry.split(": ")[:2] for entry in skipped] == [
        ["branches.json:2", "has no text"],  # one field beside its id, no name: too little to be a document
        ["centres.jsonl:3", "has no text"],
        ["composer.json", "holds no articles"],  # a list found in an object's fields is no export
        ["lone.jsonl:1", "has no text"],
        ["package.json", "holds no articles"],
    ]


def test_records_left_out_for_one_reason_are_reported_once_per_file(tmp_path, caplog):
    """An export's 23 records without text were 23 warnings of 300 characters each, in the log, the build summary
    and every job report: once per file now, with the count and the lines."""
    articles = [{"id": "a1", "title": "Harbour reopens", "text": "The harbour reopened on Monday."}]
    articles += [{"id": f"e{n}", "title": f"Draft {n}", "text": " "} for n in range(2, 6)]  # lines 2-5
    articles += [{"id": "a6", "title": "Tides", "text": "High tide is at noon."}, {"id": "e7", "title": "Draft 7"}]
    lines = [json.dumps(r) for r in articles] + ["[1, 2]", '"a string"']  # lines 8 and 9: no objects
    (tmp_path / "export.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "posts.csv").write_text("title,body\nFerry fares,Fares rise in April.\nDraft,\nDraft two,\n")
    with caplog.at_level(logging.WARNING):
        docs, report = read_corpus(tmp_path)
    assert {d.doc_id for d in docs} == {"a1", "a6", "posts.csv:2"}
    why = report.skipped[0].partition(")")[2]
    assert report.skipped == [
        f"export.jsonl: 5 records have no text (lines 2-5, 7){why}",
        "export.jsonl: 2 records are not JSON objects (lines 8-9)",
        f"posts.csv: 2 rows have no text (rows 3-4){why}",
    ]
    assert why.startswith(": give it as a string under 'text'")
    assert caplog.text.count("has no text") == 0 and caplog.text.count("have no text") == 2


def test_markdown_in_a_jsonl_record_is_read_as_a_markdown_file_is(tmp_path):
    """A notes app's or a CMS's Markdown export: "## Comparison" was quoted in answers as words of the text."""
    records = [
        {"id": "k", "title": "Kestrel valve", "markdown": "Intro.\n\n## Comparison\n\nCompared with X, Y was cheaper."},
        {
            "id": "t",
            "title": "Tides",
            "text": "High tide is at noon.\n\n## Low tide\n\nLow tide is at six.",
            "author": "Ann Lee",
        },
    ]
    (tmp_path / "export.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    by_id = {d.doc_id: d for d in read_corpus(tmp_path)[0]}
    assert [s.heading for s in by_id["k"].sections] == ["Kestrel valve", "Comparison"]
    assert by_id["k"].text == "Intro.\n\nComparison\n\nCompared with X, Y was cheaper."
    tides = by_id["t"]
    assert (tides.title, tides.author, [s.heading for s in tides.sections]) == (
        "Tides",
        "Ann Lee",
        ["Tides", "Low tide"],
    )


def test_an_empty_author_in_front_matter_is_no_author(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Tides\nauthor:\nauthors: []\n---\n\nHigh tide is at noon.\n")
    docs, report = read_corpus(tmp_path)
    assert [(d.title, d.author, d.text) for d in docs] == [("Tides", "", "High tide is at noon.")]
    assert report.skipped == []


def test_text_files_are_read_in_the_encoding_they_were_saved_in(tmp_path, caplog):
    body = "The harbour master is Ana Silva. “She took office in 2019” — and kept the café open."
    (tmp_path / "notepad.md").write_bytes(f"# Harbour\n\n{body}\n".encode("utf-16"))  # a byte-order mark
    (tmp_path / "windows.txt").write_bytes(f"Harbour\n\n{body}\n".encode("cp1252"))
    russian = "Начальник порта Анна Сильва вступила в должность в 2019 году. Порт открыт круглосуточно."
    (tmp_path / "cyrillic.txt").write_bytes(f"Порт\n\n{russian}\n".encode("cp1251"))
    (tmp_path / "utf8.md").write_text(f"# Plain\n\n{body}\n", encoding="utf-8")
    (tmp_path / "archive.txt").write_bytes(bytes(range(1, 256)) * 40)  # binary without a NUL in it
    with caplog.at_level(logging.WARNING):
        docs, report = read_corpus(tmp_path)
    by_id = {d.doc_id: d for d in docs}
    assert body in by_id["notepad.md"].text and body in by_id["windows.txt"].text and body in by_id["utf8.md"].text
    assert russian in by_id["cyrillic.txt"].text
    assert report.skipped == ["archive.txt: is not valid UTF-8 (byte 127) and its encoding cannot be told"]
    assert "windows.txt is not UTF-8: read as cp1252" in caplog.text and "utf8.md is not" not in caplog.text


def test_a_whole_html_page_saved_as_markdown_is_read_as_a_page(tmp_path):
    (tmp_path / "saved.md").write_text(
        "<!DOCTYPE html>\n<html><head><title>Pool news</title></head><body><article><h1>Pool news</h1>"
        "<p>The pool reopens in May after the new roof is fitted.</p></article></body></html>\n"
    )
    (doc,), _ = read_corpus(tmp_path)
    assert doc.title == "Pool news" and doc.text.endswith("The pool reopens in May after the new roof is fitted.")
    assert "<" not in doc.text


def test_a_json_export_is_read_as_its_articles(tmp_path):
    (tmp_path / "wp-posts.json").write_text(
        json.dumps(
            [
                {
                    "id": 11,
                    "date": "2024-03-01T09:00:00",
                    "title": {"rendered": "Ferry fares rise"},
                    "content": {"rendered": "<p>Ferry fares rise by 5 percent in April.</p>"},
                    "authors": [{"name": "Lena Brooks"}],
                },
                "not an object",
            ]
        )
    )
    (tmp_path / "newsapi.json").write_text(
        '{"status": "ok", "articles": [{"source": {"name": "Harbour Times"}, "author": "Sam Ortiz", '
        '"title": "Bridge closes", "publishedAt": "2024-04-12T08:00:00Z", "content": "The bridge closes on Friday."}]}'
    )
    (tmp_path / "package.json").write_text('{"name": "site", "scripts": {"build": "hugo"}}')
    (tmp_path / "site.json").write_text(
        '{"posts": [{"id": "p1", "title": "Post", "body": "A post."}], "pages": [{"id": "g1", "body": "A page."}]}'
    )
    (tmp_path / "broken.json").write_text('{"title": ')
    docs, report = read_corpus(tmp_path)
    by_id = {d.doc_id: d for d in docs}
    assert (by_id["11"].title, by_id["11"].author, by_id["11"].text) == (
        "Ferry fares rise",
        "Lena Brooks",
        "Ferry fares rise by 5 percent in April.",
    )
    assert by_id["p1"].text == "A post." and by_id["g1"].text == "A page."  # every list of records
    news = by_id["newsapi.json"]
    assert (news.source, news.author, news.published_at) == ("Harbour Times", "Sam Ortiz", "2024-04-12T08:00:00Z")
    skipped = "\n".join(report.skipped)
    assert "wp-posts.json:2: is not a JSON object" in skipped and "package.json: holds no articles" in skipped
    assert "broken.json: is not valid JSON" in skipped
