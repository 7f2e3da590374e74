"""Article metadata written in the article itself: front matter, bylines and date lines (``ingest.headers``)."""

import logging
from pathlib import Path

import pytest

from ragqa.ingest.corpus import parse_markdown, parse_plain_text, read_corpus
from ragqa.ingest.dates import normalize_date
from ragqa.ingest.headers import split_front_matter

ROOT = Path(__file__).resolve().parent.parent


def _md(head: str) -> str:
    return f"# A title\n\n{head}\n\nBody text here. It goes on.\n"


def _assert_sections_index_text(doc):
    for section in doc.sections:
        assert 0 <= section.start <= section.end <= len(doc.text)
        assert doc.text[section.start : section.end].strip()


# ---------------------------------------------------------------- bylines


@pytest.mark.parametrize(
    ("line", "author", "date"),
    [
        ("By Jane Doe", "Jane Doe", ""),
        ("*By Jane Doe*", "Jane Doe", ""),
        ("**By Jane Doe**", "Jane Doe", ""),
        ("_By Jane Doe_", "Jane Doe", ""),
        ("By [Jane Doe](https://example.org/jane)", "Jane Doe", ""),
        ("By Jane Doe and John Roe", "Jane Doe and John Roe", ""),
        ("Author: Jane Doe", "Jane Doe", ""),
        ("Written by Jane Doe", "Jane Doe", ""),
        ("Posted by Jane Doe", "Jane Doe", ""),
        ("Posted by admin", "admin", ""),  # an explicit label needs no capitals
        ("By Jane Doe | June 29, 2020", "Jane Doe", "June 29, 2020"),
        ("By Jane Doe, June 29, 2020", "Jane Doe", "June 29, 2020"),
        ("By Jane Doe | 2nd of June, 2019", "Jane Doe", "2nd of June, 2019"),  # the day's number before "of"
        ("Posted by Jane Doe on June 29, 2020", "Jane Doe", "June 29, 2020"),
        ("By Jane Doe, Reuters", "Jane Doe, Reuters", ""),  # kept whole: an agency, a city or a second name
        ("By Ann Lee, Bob Kay", "Ann Lee, Bob Kay", ""),
        # a job title after a comma is no name
        ("Written by Helen Whitcombe, Headteacher", "Helen Whitcombe", ""),
        ("By Tom Hendry, Pharmacy Manager | 28 November 2023", "Tom Hendry", "28 November 2023"),
        ("By Jane Doe, Head of Legal", "Jane Doe", ""),
        ("By Marco Bellandi, Field Quality Engineering", "Marco Bellandi", ""),  # a department, as a job title
        ("Written by Ann Lee, Customer Relations | 2 January 2024", "Ann Lee", "2 January 2024"),
        ("By Jane Doe, Deputy Head, Reuters", "Jane Doe, Reuters", ""),
        ("By Jane Doe · 5 min read", "Jane Doe", ""),
        ("By the Associated Press", "the Associated Press", ""),
        ("Marcus Webb | 14 Apr 2019", "Marcus Webb", "14 Apr 2019"),  # a name and a date, without "By"
        ("Ana de la Cruz · March 4, 2021", "Ana de la Cruz", "March 4, 2021"),
        ("Owner: People Ops", "People Ops", ""),  # an intranet page's owner answers for it
        ("Policy owner: Finance", "Finance", ""),
        ("Maintained by: Workplace team", "Workplace team", ""),
        ("Last reviewed 3/14/2024", "", "3/14/2024"),
        ("Revision date: 2023-11-01", "", "2023-11-01"),  # a safety data sheet's
        ("Date of issue: 12 May 2022", "", "12 May 2022"),
        # the day a notice, a decision or a letter was issued, under the label its form gives it
        ("Date of decision: 5 September 2025", "", "5 September 2025"),
        ("Decision date: 24 September 2025", "", "24 September 2025"),
        ("Date issued: 5 September 2025", "", "5 September 2025"),
        ("Date of notice: 5 September 2025", "", "5 September 2025"),
        ("Date of this letter: 5 September 2025", "", "5 September 2025"),
        ("Effective Date: 1st March 2024", "", "1st March 2024"),  # a contract's or a policy's
        ("Effective as of January 1, 2024", "", "January 1, 2024"),
        # what the writer wrote for, a season, a role in brackets (a local society's newsletter, a lab's SOP)
        ("Written by Joan Carter for the Society newsletter, Spring 2019", "Joan Carter", "Spring 2019"),
        ("Written by Joan Carter, Spring 2019", "Joan Carter", "Spring 2019"),
        ("By Jane Doe for Reuters", "Jane Doe", ""),
        ("By American Society for Microbiology", "American Society for Microbiology", ""),  # a body's name stays
        ("Owner: Lab safety officer (Mark Chen)", "Mark Chen", ""),
        ("Author: Mark Chen (Lab safety officer)", "Mark Chen", ""),
        ("*Published: March 1997*", "", "March 1997"),  # a month alone, labelled
        ("Date: Spring 2019", "", "Spring 2019"),
        ("Published 15/01/25", "", "15/01/25"),  # a two-digit year
        # what is dated named before the label; a month in figures (a medicine leaflet's), a listing's day
        ("This leaflet was last revised in March 2023.", "", "March 2023"),
        ("This leaflet was last revised in 08/2023.", "", "08/2023"),
        ("Leaflet revised: 21 September 2021.", "", "21 September 2021."),
        ("Page last reviewed: 12 March 2024", "", "12 March 2024"),
        ("Listed 27 Jan 2025", "", "27 Jan 2025"),
    ],
)
def test_byline_variants(line, author, date):
    doc = parse_markdown(_md(line), "a.md")
    assert (doc.author, doc.published_at) == (author, date)
    kept = f"{line}\n\n" if line in UPDATE_LINES else ""  # "when was it last reviewed" is answered from it
    assert doc.text == f"A title\n\n{kept}Body text here. It goes on."


def test_a_record_s_fields_under_the_title_do_not_end_its_head():
    """A decision record's header (Nygard's ADR template, an RFC's, a policy's) sets its status over its date and
    authors, one "Key: value" a line: the status line ended the head, and the record had no author or date."""
    doc = parse_markdown(
        "# ADR-0019: Move the ledger\n\nStatus: Accepted\nDate: 11 February 2025\n"
        "Authors: Hannah Lindqvist, Yusuf Demir\nSupersedes: ADR-0007\n\n## Context\n\nWe write in one region.\n",
        "adr.md",
    )
    assert (doc.author, doc.published_at) == ("Hannah Lindqvist, Yusuf Demir", "11 February 2025")
    assert doc.text.split("\n\n")[:3] == [
        "ADR-0019: Move the ledger",
        "Status: Accepted\nSupersedes: ADR-0007",
        "Context",
    ]
    reviewed = parse_markdown("# Runbook\n\nStatus: Live\nReviewed: 2025-04-28\nOwner: Jo Marsh\n\nText.\n", "r.md")
    assert reviewed.text.split("\n\n")[1] == "Status: Live\nReviewed: 2025-04-28"  # an update stays, in its run
    assert (reviewed.author, reviewed.published_at) == ("Jo Marsh", "2025-04-28")
    plain = parse_plain_text(
        "ADR-0019: Move the ledger\n\nStatus: Accepted\nDate: 11 February 2025\n"
        "Authors: Hannah Lindqvist, Yusuf Demir\nSupersedes: ADR-0007\n\nWe write in one region.\n",
        "adr.txt",
    )
    assert (plain.author, plain.published_at) == (doc.author, doc.published_at)
    assert "Status: Accepted" in plain.text and "Supersedes: ADR-0007" in plain.text and "Date:" not in plain.text
    # a paragraph between the title and the fields is the body: a date line under it is its own
    prose = parse_markdown("# Notes\n\nWe met.\nStatus: Open\nDate: 3 March 2025\n", "n.md")
    assert prose.published_at == ""


UPDATE_LINES = frozenset(
    (
        "Last reviewed 3/14/2024",
        "Revision date: 2023-11-01",
        "This leaflet was last revised in March 2023.",
        "This leaflet was last revised in 08/2023.",
        "Leaflet revised: 21 September 2021.",
        "Page last reviewed: 12 March 2024",
        "Updated: 2020-06-29",
    )
)
"""Date lines saying when a document was changed: read as its date when it gives no other, and kept in its text."""


@pytest.mark.parametrize(
    "prose",
    [
        "By the time the troops left, the city had fallen.",
        "By then, it was over.",
        "By 2020, the city had grown.",
        "By default (RAGQA_STORE=local) every serving process reads the live index version",
        "World News | June 29, 2020",  # a section's label and a date: no author
        "Read more | June 29, 2020",
    ],
)
def test_prose_starting_with_by_is_text_not_a_byline(prose):
    doc = parse_markdown(_md(prose), "a.md")
    assert doc.author == ""
    assert prose in doc.text


@pytest.mark.parametrize(
    "line", ["Date of birth: 5 September 1990", "Expiry date: 5 September 2026", "Closing date: 12 May 2025"]
)
def test_a_labelled_day_of_something_else_does_not_date_the_article(line):
    doc = parse_markdown(_md(line), "a.md")
    assert doc.published_at == ""
    assert line in doc.text


def test_an_owner_line_over_a_date_line_leaves_both_to_the_metadata():
    """An "Owner:" line under the title stopped the "Updated:" line under it from being read. (The update line
    stays in the text too: "when was the badge guide last updated" is answered from it.)"""
    doc = parse_markdown("# Badge Guide\n\nOwner: Workplace team\nUpdated: 2024-11-06\n\nBadges are issued.\n", "b.md")
    assert (doc.author, doc.published_at, doc.text) == (
        "Workplace team",
        "2024-11-06",
        "Badge Guide\n\nUpdated: 2024-11-06\n\nBadges are issued.",
    )


def test_bare_by_takes_the_name_from_the_next_line_only_when_it_reads_as_one():
    doc = parse_markdown("# T\n\nBy  \n**Robyn Dixon**\n\nJune 29, 2020 at 3:52 p.m. PDT\n\nBody.\n", "a.md")
    assert (doc.author, doc.published_at, doc.text) == ("Robyn Dixon", "June 29, 2020 at 3:52 p.m. PDT", "T\n\nBody.")
    doc = parse_markdown("# T\n\nBy\n\nThe city fell before dawn.\n", "a.md")
    assert doc.author == "" and doc.text == "T\n\nThe city fell before dawn."


@pytest.mark.parametrize(
    ("last", "author", "date"),
    [
        ("*Written by Keith Norris, 2011.*", "Keith Norris", "2011"),
        (
            "Contributed by Alan Webster, Society newsletter, Winter 2010.",
            "Alan Webster, Society newsletter",
            "Winter 2010",
        ),
        ("By Peter Okafor, for the Society's walks leaflet, 2005.", "Peter Okafor", "2005"),
        ("By appointment only.", "", ""),
    ],
)
def test_a_piece_signed_at_its_foot_is_by_the_signer(last, author, date):
    """A local society's pages sign at the foot: "who wrote the plough article" said it recorded no author."""
    doc = parse_markdown(f"# The Plough Inn\n\nThe inn was rebuilt in 1890.\n\n{last}\n", "plough.md")
    assert (doc.author, doc.published_at) == (author, date)
    assert doc.text.endswith(last.strip("*"))
    signed_at_both_ends = parse_markdown(f"# T\n\nBy Jane Doe\n\nBody text.\n\n{last}\n", "t.md")
    assert signed_at_both_ends.author == "Jane Doe"


def test_a_plain_text_notice_signed_at_its_foot_is_by_its_signer_and_dated_by_the_signature():
    """A notice ends "By order of the Board" / name / role / day, one a line: it had no author or date, and "who is
    the society secretary" was answered "Society Secretary 14 March 2025", the name cut off into another sentence."""
    raw = (
        "Notice of the 158th Annual General Meeting\n\nThe meeting will be held on 23 April 2025.\n\n"
        "By order of the Board\n\nClaire Ventnor\nSociety Secretary\n14 March 2025\n"
    )
    doc = parse_plain_text(raw, "agm-notice.txt")
    assert (doc.author, doc.published_at) == ("Claire Ventnor", "14 March 2025")
    assert doc.text.endswith("By order of the Board\n\nClaire Ventnor, Society Secretary, 14 March 2025")
    letter = parse_plain_text(
        "Trip\n\nThe coach leaves at 8.\n\nYours sincerely,\n\nHelen Whitcombe\n2 May 2025\n", "t.txt"
    )
    assert (letter.author, letter.published_at) == ("Helen Whitcombe", "2 May 2025")
    # a heading over a day, or a name going on a paragraph, is no signature
    for tail in ("Further Information\n12 March 2025", "We thank\nClaire Ventnor\nSociety Secretary"):
        assert parse_plain_text(f"Notice\n\nThe meeting is on 23 April 2025.\n\n{tail}\n", "n.txt").author == ""


@pytest.mark.parametrize(
    "lead", ["By order of the Board", "For and on behalf of the Board:", "Signed", "On behalf of the Council,"]
)
def test_a_notice_signed_under_a_line_naming_its_authority_is_by_its_signer(lead):
    """A notice ends "By order of the Board" / name / role / day with no blank line between (a tester's board
    election notice): it had no author or date, and "who signed the board election notice" quoted other sentences.
    The authority line stays text above the signature, which reads as one line."""
    raw = (
        "NOTICE OF BOARD ELECTION 2026\n\nTwo seats on the Board fall vacant at the 2026 AGM.\n\n"
        f"Nominations close on Friday 17 April 2026.\n\n{lead}\nCarys Vaughan\nCompany Secretary\n9 March 2026\n"
    )
    doc = parse_plain_text(raw, "board-election-notice-2026.txt")
    assert (doc.author, doc.published_at) == ("Carys Vaughan", "9 March 2026")
    signature = "Carys Vaughan, Company Secretary, 9 March 2026"
    assert doc.text.endswith((f"{lead}\n{signature}", f"{lead} {signature}"))  # joined after a comma, as a letter's
    dated_only = parse_plain_text(raw.replace("Company Secretary\n", ""), "n.txt")
    assert (dated_only.author, dated_only.published_at) == ("Carys Vaughan", "9 March 2026")
    # a sentence over the name is no authority: the name goes on its paragraph
    unsigned = parse_plain_text(raw.replace(lead, "The result is declared by"), "n.txt")
    assert (unsigned.author, unsigned.published_at) == ("", "")


@pytest.mark.parametrize(
    ("signature", "line"),
    [
        (
            "Margaret Ellison-Pryce\nReturning Officer\nDated Friday 27 March 2026",
            "Margaret Ellison-Pryce, Returning Officer, Dated Friday 27 March 2026",
        ),
        (
            "Margaret Ellison-Pryce\nReturning Officer\nDated this 27th day of March 2026",
            "Margaret Ellison-Pryce, Returning Officer, Dated this 27th day of March 2026",
        ),
        (
            "Margaret Ellison-Pryce\nReturning Officer\nDate: 27 March 2026",
            "Margaret Ellison-Pryce, Returning Officer, Date: 27 March 2026",
        ),
        (
            "Dated Friday 27 March 2026\nMargaret Ellison-Pryce\nReturning Officer",
            "Dated Friday 27 March 2026, Margaret Ellison-Pryce, Returning Officer",
        ),
        (
            "Dated 27 March 2026\nMargaret Ellison-Pryce\nReturning Officer, Civic Offices, Mill Lane, Haverleigh",
            "Dated 27 March 2026, Margaret Ellison-Pryce, Returning Officer, Civic Offices, Mill Lane, Haverleigh",
        ),
    ],
    ids=["dated-under", "dated-this-day-of", "date-label", "dated-over-the-name", "dated-over-a-role-and-address"],
)
def test_a_notice_signed_with_a_dated_line_is_by_its_signer_and_dated_by_it(signature: str, line: str) -> None:
    """A statutory notice ends with its signature and "Dated Friday 27 March 2026" under it (or over the name, or
    "Dated this 27th day of March 2026", or "Date: 27 March 2026"): the label stopped the line reading as the
    signature's day, the notice had no author or date, and "what date is on the notice of election" was answered
    that it does not say. The signature, its day as written, reads as one line."""
    raw = f"Notice of Election\n\nThe poll will take place on Thursday 7 May 2026.\n\n{signature}\n"
    doc = parse_plain_text(raw, "notice-of-election.txt")
    assert (doc.author, normalize_date(doc.published_at)) == ("Margaret Ellison-Pryce", "2026-03-27")
    assert doc.text.endswith(f"7 May 2026.\n\n{line}")
    # a day going on the paragraph above, or over a name without a role, signs nothing
    over_a_paragraph = "The count follows\nDated 27 March 2026\nMargaret Ellison-Pryce\nReturning Officer"
    for tail in (over_a_paragraph, "Dated 27 March 2026\nMargaret Ellison-Pryce"):
        unsigned = parse_plain_text(f"Notice\n\nThe poll is on 7 May 2026.\n\n{tail}\n", "n.txt")
        assert (unsigned.author, unsigned.published_at) == ("", "")


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Parking Guide\nPriya Nandakumar, Access Coordinator\nLast revised: 3 May 2024\n\nBays are free.\n", "p.txt"),
        (
            "# Parking Guide\n\nPriya Nandakumar, Access Coordinator\nLast revised: 3 May 2024\n\nBays are free.\n",
            "p.md",
        ),
        ("Parking Guide\nLast revised: 3 May 2024\nPriya Nandakumar, Access Coordinator\n\nBays are free.\n", "p.txt"),
        ("Parking Guide\nCar parks\nPriya Nandakumar, Access Coordinator\n3 May 2024\n\nBays are free.\n", "p.txt"),
    ],
)
def test_a_name_and_a_job_title_under_the_title_names_the_author_and_stays_text(raw: str, name: str) -> None:
    """An access statement in plain text set "Marcus Odelola, Access Coordinator" under its title, without "By", over
    its revision date: the date was read, the author was not (a Word file's title block is read so: ``ingest.word``).
    The line stays in the text: it says who the author is."""
    parse = parse_markdown if name.endswith(".md") else parse_plain_text
    doc = parse(raw, name)
    assert (doc.title, doc.author, doc.published_at) == ("Parking Guide", "Priya Nandakumar", "3 May 2024")
    assert "Priya Nandakumar, Access Coordinator" in doc.text and "Bays are free." in doc.text


@pytest.mark.parametrize(
    "raw",
    [
        "Parking Guide\nOpening Hours, Customer Services\n\nBays are free.\n",  # a department alone names no one
        "# Podcast, Episode 14\n\nHost: Lena Hoffmann\nGuest: Maria Okafor, Chief Financial Officer\n\nWelcome.\n",
        "Parking Guide\n\nBays are free.\n\nPriya Nandakumar, Access Coordinator\n\nAsk at the desk.\n",  # in the text
        "Priya Nandakumar, Access Coordinator\nBays are free at all times of the day and night here.\n",  # no title
    ],
)
def test_a_name_and_a_job_title_elsewhere_or_naming_no_one_is_no_author(raw: str) -> None:
    assert parse_plain_text(raw, "p.txt").author == ""
    assert parse_markdown(raw, "p.md").author == ""
    byline_first = parse_plain_text(
        "Parking Guide\nBy Jo Marsh\nPriya Nandakumar, Access Coordinator\n\nText.\n", "p.txt"
    )
    assert byline_first.author == "Jo Marsh"


def test_only_the_head_is_read():
    doc = parse_markdown("# T\n\nFirst paragraph.\n\nBy Jane Doe\n\nJune 29, 2020\n", "a.md")
    assert (doc.author, doc.published_at) == ("", "")
    assert doc.text == "T\n\nFirst paragraph.\n\nBy Jane Doe\n\nJune 29, 2020"


@pytest.mark.parametrize(
    ("raw", "title", "author", "date"),
    [
        (
            "Tickets almost gone\nThea Rønning | 1 July 2025\n\nEarly bird pricing ended.\n",
            "Tickets almost gone",
            "Thea Rønning",
            "1 July 2025",
        ),
        (
            "Tickets almost gone!\nBy Thea Rønning\n\nEarly bird pricing ended.\n",
            "Tickets almost gone!",
            "Thea Rønning",
            "",
        ),
        ("Thea Rønning | 1 July 2025\n\nEarly bird pricing ended.\n", "post", "Thea Rønning", "1 July 2025"),
    ],
)
def test_a_markdown_post_without_a_heading_has_its_title_over_its_byline(raw, title, author, date):
    """A post whose title has no "#": the title and "Name | date" under it were one paragraph, and the post had no
    title, author or date."""
    doc = parse_markdown(raw, "post.md")
    assert (doc.title, doc.author, doc.published_at) == (title, author, date)
    assert doc.text.endswith("\n\nEarly bird pricing ended.") or doc.text == "Early bird pricing ended."
    assert "Rønning" not in doc.text
    _assert_sections_index_text(doc)


@pytest.mark.parametrize(
    "byline",
    [
        "By Hollie Brandwood\nPublished: 14 April 2026",
        "Posted by Hollie Brandwood on 14 April 2026",
        "By Hollie Brandwood | 14 April 2026",
    ],
)
@pytest.mark.parametrize("gap", ["\n", "\n\n", "\n\n\n"])
def test_a_markdown_post_reads_its_byline_under_its_headline_after_a_blank_line(byline: str, gap: str) -> None:
    """A press release copied out of a CMS (a tester's): its headline, a blank line, then "By ..." and "Published:
    ...". Without the blank line it had its title, author and date; with it, none (the file's name was its title
    and the byline a paragraph of its text), where the same bytes saved as ``.txt`` had all three."""
    head = f"Election count moves to Friday daytime{gap}{byline}\n\n"
    raw = f"{head}The count will now take place on Friday 8 May 2026 at the Corn Exchange.\n"
    doc = parse_markdown(raw, "press/pr-blank-line.md")
    as_text = parse_plain_text(raw, "press/pr-blank-line.txt")
    expected = ("Election count moves to Friday daytime", "Hollie Brandwood", "2026-04-14")
    assert (doc.title, doc.author, normalize_date(doc.published_at)) == expected
    assert (as_text.title, as_text.author, normalize_date(as_text.published_at)) == expected
    assert doc.text == f"{expected[0]}\n\nThe count will now take place on Friday 8 May 2026 at the Corn Exchange."
    assert doc.sections[0].heading == expected[0]
    _assert_sections_index_text(doc)


@pytest.mark.parametrize(
    "raw",
    [
        "Tickets almost gone\nEarly bird pricing ended.\n\nBy Thea Rønning\n",  # a paragraph of two lines
        "Our thanks go to the sponsors.\n\nBy Thea Rønning | 1 July 2025\n",  # a sentence, not a title
        "The following dates apply:\n\n1 July 2025\n",  # a sentence going on to its day
        "The Vicarage, 2 Church Street, Wexcombe\n\n23 November 2025\n\nDear friends,\n",  # a letter's head
    ],
)
def test_a_markdown_paragraph_over_a_blank_line_and_a_byline_is_no_title(raw: str) -> None:
    """A byline set apart from the line over it makes that line the title; a day alone does not: a letter sets its
    day so under its sender's address, which is no title."""
    assert parse_markdown(raw, "post.md").title == "post"


@pytest.mark.parametrize(
    "raw",
    [
        "Early bird pricing ended last night\nat midnight, and tickets cost more.\n",  # a wrapped sentence
        "Our thanks go to the sponsors.\nBy Thea Rønning\n",  # a sentence, not a title
    ],
)
def test_a_markdown_paragraph_over_no_byline_stays_one_paragraph(raw):
    doc = parse_markdown(raw, "post.md")
    assert doc.title == "post" and doc.text.count("\n") == 0


def test_a_closing_signature_without_a_day_never_erases_the_date_the_head_gives():
    """An incident update opens "By Tom Ellery | 18 October 2025" under its title and ends "Tom Ellery" / "Director
    of Water Services" (a tester's): the signature, read first, left the byline unread and the update undated. The
    head's author and date win; the signature gives what the head does not."""
    head = "Burst main in Thornfield - update 3\nBy Tom Ellery | 18 October 2025\n\nSupply is back to most homes.\n\n"
    doc = parse_plain_text(f"{head}Tom Ellery\nDirector of Water Services\n", "incident-update.txt")
    assert (doc.title, doc.author, doc.published_at) == (
        "Burst main in Thornfield - update 3",
        "Tom Ellery",
        "18 October 2025",
    )
    assert "By Tom Ellery" not in doc.text
    assert doc.text.endswith("Supply is back to most homes.\n\nTom Ellery, Director of Water Services")
    other = parse_plain_text(f"{head}Jane Amos\nHead of Customer Services\n20 October 2025\n", "update.txt")
    assert (other.author, other.published_at) == ("Tom Ellery", "18 October 2025")


NOTICE = (
    "Notice of application for a drought permit \u2013 River Tarrant\nDate of notice: 29 September 2025\n\n"
    "Wendmoor Water gives notice that it has applied for a drought permit.\n\n## Objections\n\n"
    "Objections must arrive by 20 October 2025.\n\nDr Fiona Castellane\nWater Resources Manager\n29 September 2025\n"
)


def test_a_markdown_notice_without_a_heading_reads_its_title_block_and_signature_as_plain_text_does():
    """A notice saved as Markdown with no front matter and no "#" title (a tester's drought permit notice): its
    title and "Date of notice: ..." under it were one paragraph and its signature a sentence, and it had no title,
    author or date, where the same bytes saved as ``.txt`` had all three."""
    doc = parse_markdown(NOTICE, "drought-permit-notice.md")
    as_text = parse_plain_text(NOTICE, "drought-permit-notice.txt")
    expected = ("Notice of application for a drought permit \u2013 River Tarrant", "Dr Fiona Castellane")
    assert (doc.title, doc.author) == (as_text.title, as_text.author) == expected
    assert normalize_date(doc.published_at) == normalize_date(as_text.published_at) == "2025-09-29"
    assert "Date of notice" not in doc.text
    assert doc.text.startswith(f"{expected[0]}\n\nWendmoor Water gives notice")
    assert doc.text.endswith("\n\nDr Fiona Castellane, Water Resources Manager, 29 September 2025")
    assert doc.sections[0].heading == expected[0]
    _assert_sections_index_text(doc)


TITLE_BLOCKS = (
    "PRESS RELEASE\nCarnbrae MRT warns of bogus collectors\nFor immediate release: 2 March 2026\n\n"
    "The team never collects door to door.\n\nEnds\n\nRory Fairlie\nPress Officer\n2 March 2026\n\n"
    "Notes to editors: the team is a Scottish charity.\n",
    "ARDMORROW HARBOUR AUTHORITY\n\nNOTICE TO MARINERS No. 09 of 2026\nIssued: 3 August 2026\n\n"
    "Dredging will now continue until 21 August 2026.\n\nTomasz Wieczorek\nDeputy Harbour Master\n3 August 2026\n",
    "Trade price change from 1 April 2026\nPriya Lomax, Trade Sales Manager\nIssued 16 March 2026\n\n"
    "From 1 April 2026 a 30 litre keg will cost £142.00 ex VAT.\n",
    "HOLLOWMERE COMMUNITY ENERGY\nTARIFF NOTICE No. 3 of 2025\nIssued 12 August 2025\n\n"
    "The unit rate will be 24.1p per kWh.\n\nBy order of the Board\nSunita Rao\nCompany Secretary\n",
)


@pytest.mark.parametrize("raw", TITLE_BLOCKS)
def test_a_markdown_title_block_under_a_kicker_or_a_letterhead_or_over_a_name_and_role_reads_as_plain_texts(raw):
    """Testers' plain-text title blocks (a press release's "PRESS RELEASE" over its headline, a notice's letterhead
    over its title, a title over "Priya Lomax, Trade Sales Manager" and "Issued 16 March 2026") saved as Markdown
    without a "#" title: each was one paragraph, titled by the file's name, where the ``.txt`` had title, author and
    date."""
    doc = parse_markdown(raw, "notice.md")
    as_text = parse_plain_text(raw, "notice.txt")
    assert (doc.title, doc.author, doc.published_at) == (as_text.title, as_text.author, as_text.published_at)
    assert doc.title != "notice" and doc.author and doc.published_at
    _assert_sections_index_text(doc)


@pytest.mark.parametrize(
    "raw",
    [
        "The following dates apply:\n1 July 2025\n",  # a sentence going on to its day
        "Our thanks go to the sponsors.\n1 July 2025\n",  # a sentence, not a title
        "Early bird pricing ended last night\nat midnight, and tickets cost more.\n",
    ],
)
def test_a_markdown_paragraph_over_a_date_stays_one_paragraph(raw):
    doc = parse_markdown(raw, "post.md")
    assert (doc.title, doc.author) == ("post", "") and doc.text.count("\n") == 0


def test_a_markdown_records_header_over_a_date_is_no_title():
    """A record's "Key: value" header ("Version: 3.1" over "Reviewed: ...", front matter written into the text)
    stays its fields, one a line: it is no title over a date line."""
    doc = parse_markdown("Version: 3.1\nReviewed: 2025-04-01\n\nComplaints are answered in 10 days.\n", "policy.md")
    assert doc.title == "policy"
    assert doc.text == "Version: 3.1\nReviewed: 2025-04-01\n\nComplaints are answered in 10 days."


def test_a_date_line_under_a_sections_heading_is_the_sections_text():
    """An incident history's first entry ("## Search outage" over "Jun 27, 2024 · Resolved") lost its date line
    to the document's metadata, where the other entries kept theirs: the head was read until the first paragraph,
    past any heading. The head is what stands under the title."""
    entries = "## Search outage\n\nJun 27, 2024 · Resolved · 1 hour\n\nSearch was down.\n\n## Slow logins\n\n"
    entries += "Jun 14, 2024 · Resolved · 25 minutes\n\nLogins were slow.\n"
    doc = parse_markdown(f"# Incident history\n\n{entries}", "h.md")
    assert doc.published_at == ""
    assert "Jun 27, 2024 · Resolved · 1 hour" in doc.text
    dated = parse_markdown("# Harbour news\n\nJune 29, 2020\n\n## Ferries\n\nThe ferry runs.\n", "n.md")
    assert dated.published_at == "June 29, 2020" and "June 29" not in dated.text


def _blog_page(head: str, meta: str = "") -> str:
    body = "".join(f"<p>Release {n} brings two-way sync by default and a new config file.</p>" for n in range(5))
    return (
        f"<html><head><title>Tidesync 2.0 - Tidesync blog</title>{meta}</head><body><main><article>{head}{body}"
        "</article></main></body></html>"
    )


@pytest.mark.parametrize(
    "head",
    [
        "<h1>Tidesync 2.0</h1><p>By Ines Okafor</p>",
        "<p class='category'>Releases</p><h1>Tidesync 2.0</h1><p>By Ines Okafor</p>",  # a label above the title
        "<a href='index.html'>Back to the blog</a><h1>Tidesync 2.0</h1><p>By Ines Okafor</p>",
        "<h1>Tidesync 2.0</h1><p>6 min read</p><p>By Ines Okafor</p>",  # a line that is no prose before it
    ],
)
def test_an_html_pages_byline_under_its_title_gives_the_author(tmp_path, head):
    """A web page's byline was read only when nothing came before it in the text (a category label, a link back,
    a reading time): the Markdown reader's head ends at its first line of text."""
    (tmp_path / "blog.html").write_text(_blog_page(head))
    (doc,), _ = read_corpus(tmp_path)
    assert doc.author == "Ines Okafor" and "By Ines" not in doc.text, doc.text


def test_an_html_pages_byline_after_prose_or_under_an_author_in_its_metadata_stays_text(tmp_path):
    (tmp_path / "a.html").write_text(_blog_page("<h1>Tidesync 2.0</h1><p>It is out today.</p><p>By Ines Okafor</p>"))
    revised = "<h1>Tidesync 2.0</h1><p>Contents</p><p>Written by Ines Okafor, Revised 01/06/94</p>"
    (tmp_path / "c.html").write_text(_blog_page(revised))  # its labelled date, kept as written, leaves the name
    (tmp_path / "b.html").write_text(
        _blog_page("<h1>Tidesync 2.0</h1><p>By Ines Okafor</p>", meta="<meta name='author' content='Tomasz Wrona'>")
    )
    after_prose, meta, revised = sorted(read_corpus(tmp_path)[0], key=lambda d: d.doc_id)
    assert after_prose.author == "" and "By Ines Okafor" in after_prose.text
    assert (revised.author, revised.published_at) == ("Ines Okafor", "01/06/94")
    assert meta.author == "Tomasz Wrona"


# ---------------------------------------------------------------- date lines


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("June 29, 2020", "2020-06-29"),
        ("*June 29, 2020*", "2020-06-29"),
        ("Published: June 29, 2020", "2020-06-29"),
        ("Published June 29, 2020 at 3:52 p.m.", "2020-06-29T15:52:00"),
        ("Updated: 2020-06-29", "2020-06-29"),
        ("Posted on June 29, 2020", "2020-06-29"),
        ("29 June 2020", "2020-06-29"),
        ("Jun. 29, 2020", "2020-06-29"),
        ("2020-06-29", "2020-06-29"),
        ("Monday, June 29, 2020", "2020-06-29"),
        ("2020-06-29T15:52:00Z", "2020-06-29T15:52:00Z"),
        ("June 29, 2020 | Updated July 1, 2020", "2020-06-29"),
        ("29/06/2020", "2020-06-29"),
        ("Posted: 29.06.2020", "2020-06-29"),
        ("2020.06.29", "2020-06-29"),
        ("06/29/2020 3:52pm", "2020-06-29T15:52:00"),
        ("05/05/2020", "2020-05-05"),
        ("Published 3:52 PM ET, Mon June 29, 2020", "2020-06-29"),
        ("Mon 29 Jun 2020 15.52 BST", "2020-06-29T15:52:00+01:00"),
        ("Version 6 · Published 29 June 2020", "2020-06-29"),  # a title block's facts on one line (a vet's terms)
        ("Issue 3 | Published: 29 June 2020", "2020-06-29"),
    ],
)
def test_date_line_variants(line, iso):
    doc = parse_markdown(_md(f"By Jane Doe\n\n{line}"), "a.md")
    assert doc.author == "Jane Doe"
    assert normalize_date(doc.published_at) == iso
    kept = f"{line}\n\n" if line in UPDATE_LINES else ""
    assert doc.text == f"A title\n\n{kept}Body text here. It goes on."


@pytest.mark.parametrize(
    "line",
    [
        "*Posted on 10 October 2023 by Maria Lopez*",
        "Published 10 October 2023 by Maria Lopez",
        "10 Oct 2023 by Maria Lopez",
    ],
)
def test_a_date_line_ending_in_a_byline_gives_both(line):
    doc = parse_markdown(_md(line), "a.md")
    assert (doc.author, normalize_date(doc.published_at)) == ("Maria Lopez", "2023-10-10")
    assert doc.text == "A title\n\nBody text here. It goes on."


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Tuesday 11th February 2025, 7.00pm, Council Chamber", "2025-02-11T19:00:00"),
        ("Date: Tuesday 22nd April 2025, 6.30pm, Committee Room, Ashcombe Town Hall", "2025-04-22T18:30:00"),
    ],
)
def test_a_date_line_going_on_to_a_place_dates_the_document_and_stays_text(line, iso):
    """A council's minutes and agendas give the meeting's day, time and place on one line: the day was not read
    (the document dated the day it was built), and the place must stay to answer "where is the meeting"."""
    doc = parse_markdown(_md(line), "a.md")
    assert normalize_date(doc.published_at) == iso
    assert line in doc.text


def test_published_date_wins_over_updated_in_either_order():
    for head in ("Updated: July 1, 2020\n\nPublished: June 29, 2020", "June 29, 2020\n\nUpdated: July 1, 2020"):
        doc = parse_markdown(_md(head), "a.md")
        assert normalize_date(doc.published_at) == "2020-06-29"
        assert doc.text == "A title\n\nUpdated: July 1, 2020\n\nBody text here. It goes on."  # the update stays text


def test_a_front_matter_update_stays_in_the_text_beside_the_publication_date():
    """A post's "updated:" key is written into its text as "Updated: ..." (``headers.with_fields``), for "when was it
    last updated"; the head under the title then read that line as a date and dropped it, so the answer gave the
    publication date. The publication date stays the front matter's."""
    raw = "---\ntitle: Soil story\ndate: 2024-03-15\nupdated: 2024-03-18\n---\n\n"
    raw += "The council voted to dig out the soil.\n"
    doc = parse_markdown(raw, "soil.md")
    assert doc.published_at == "2024-03-15"
    assert doc.text == "Updated: 2024-03-18\n\nThe council voted to dig out the soil."
    _assert_sections_index_text(doc)
    headed = parse_markdown(raw.replace("title: Soil story\n", "").replace("\nThe", "\n# Soil story\n\nThe"), "s.md")
    assert (headed.title, headed.published_at) == ("Soil story", "2024-03-15")
    assert headed.text == "Soil story\n\nUpdated: 2024-03-18\n\nThe council voted to dig out the soil."
    _assert_sections_index_text(headed)


def test_a_day_in_figures_that_reads_either_way_is_left_as_text():
    doc = parse_markdown(_md("By Jane Doe\n\n03/04/2020"), "a.md")  # the 3rd of April, or March the 4th
    assert doc.published_at == "" and "03/04/2020" in doc.text


def test_a_labelled_day_in_figures_that_reads_either_way_is_kept_as_written():
    """ "Last reviewed 12/03/2025" is a date, whichever way it is read: kept as written (the build and an upload name
    its two readings), where it was text only and the runbook said nowhere when it was reviewed."""
    doc = parse_markdown(_md("Owner: Payments Platform\nLast reviewed 12/03/2025"), "a.md")
    assert (doc.author, doc.published_at) == ("Payments Platform", "12/03/2025")
    assert "Last reviewed 12/03/2025" in doc.text  # an update line stays
    assert parse_markdown(_md("Date: 03/04/2020"), "b.md").published_at == "03/04/2020"


@pytest.mark.parametrize("reader", [parse_markdown, parse_plain_text])
@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("Gareth Ashdown | 12/03/2026", "Gareth Ashdown"),  # a CMS's "name | day"
        ("By Gareth Ashdown | 12/03/2026", "Gareth Ashdown"),
        ("By Gareth Ashdown, 12/03/2026", "Gareth Ashdown"),
    ],
)
def test_a_bylines_day_in_figures_that_reads_either_way_is_kept_as_written(reader, byline, author):
    """A byline's day is its date whichever way it is read, as a labelled one is: "Gareth Ashdown | 12/03/2026" under
    a title was no byline at all (the post was titled by its file's name, with no author or date, where the same
    post dated 13/03/2026 had all three), and "By Gareth Ashdown | 12/03/2026" lost its day (a tester's)."""
    raw = f"Opening hours and how to reach us\n{byline}\n\nWe are open Monday to Friday.\n"
    doc = reader(raw, "opening-hours")
    assert (doc.title, doc.author, doc.published_at) == ("Opening hours and how to reach us", author, "12/03/2026")
    assert doc.text == "Opening hours and how to reach us\n\nWe are open Monday to Friday."
    _assert_sections_index_text(doc)


@pytest.mark.parametrize("name", ["opening-hours.md", "opening-hours.txt"])
def test_a_bylines_day_that_reads_either_way_is_listed_with_both_readings(tmp_path, name):
    """The build summary names such a day with its two readings, as it does a labelled one's."""
    (tmp_path / name).write_text("Opening hours and how to reach us\nGareth Ashdown | 12/03/2026\n\nWe open at 8.\n")
    docs, report = read_corpus(tmp_path)
    assert (docs[0].author, docs[0].published_at) == ("Gareth Ashdown", "12/03/2026")
    doubt = "(2026-03-12 or 2026-12-03? its day and month may be read either way)"
    assert report.undated == [f"{name}: '12/03/2026' {doubt}"]


def test_a_sentence_starting_with_a_date_is_text():
    doc = parse_markdown(_md("June 29, 2020 was the day the world changed."), "a.md")
    assert doc.published_at == ""
    assert "June 29, 2020 was the day" in doc.text


# ---------------------------------------------------------------- front matter

JEKYLL = """---
Title: "Russia's ties: a primer"
authors:
  - Jane Doe
  - John Roe
  - Max Moe
date: 2020-06-29
categories: [world, europe]
publication: The Washington Post
canonical_url: https://example.org/russia
---

By Someone Else

July 4, 2021

Body text here.
"""


def test_front_matter_gives_the_metadata_and_leaves_the_text(tmp_path):
    (tmp_path / "post.md").write_text(JEKYLL)
    (tmp_path / "post.txt").write_text(JEKYLL)
    docs, report = read_corpus(tmp_path)
    assert report.skipped == [] and report.undated == []
    for doc in docs:
        assert doc.title == "Russia's ties: a primer"
        assert doc.author == "Jane Doe, John Roe and Max Moe"  # front matter wins over the byline
        assert doc.published_at == "2020-06-29"  # a YAML date, as ISO text
        assert doc.source == "The Washington Post"
        assert doc.url == "https://example.org/russia"
        assert doc.category == "world"
        assert doc.text.endswith("Body text here.")
        assert "---" not in doc.text and "Someone Else" not in doc.text and "July 4" not in doc.text
        _assert_sections_index_text(doc)


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            "author: [Jane Doe, John Roe]\npublishDate: 2020-06-29T15:52:00-07:00",
            ("Jane Doe and John Roe", "2020-06-29T15:52:00-07:00"),
        ),
        ("byline: Jane Doe\npubDate: June 29, 2020", ("Jane Doe", "June 29, 2020")),
        ("creator: Jane Doe\npublished_at: 2020-06-29", ("Jane Doe", "2020-06-29")),
        ("author: {name: Jane Doe}\nupdated: 2020-07-01", ("Jane Doe", "2020-07-01")),
        ('author:\n  - "[[Jane Doe]]"\npublished: 2020-06-29\ncreated: 2024-01-01', ("Jane Doe", "2020-06-29")),
    ],
)
def test_front_matter_key_variants(block, expected):
    meta, body = split_front_matter(f"---\n{block}\n---\nBody.\n")
    assert (meta.author, meta.published_at) == expected
    assert body == ("Updated: 2020-07-01\n\nBody.\n" if "updated:" in block else "Body.\n")


def test_front_matter_fields_not_read_as_metadata_stay_in_the_text():
    """A postmortem's severity and review date, a note's status, a record's customer: said nowhere once the block was
    read, so no question could reach them. What steers the site generator (layout, draft, an image) stays out."""
    block = (
        "title: Payments outage\nauthor: Priya Raman\ndate: 2024-03-15\nseverity: SEV1\n"
        "incident_commander: Marcus Oyelaran\nreviewedAt: 2024-03-21\ntags: [payments, postgres]\n"
        "customer: {name: Hannah Okafor, company: Brightline Dental}\nlayout: post\ndraft: false\n"
        "image: /img/outage.png\nupdated: 2024-04-02"
    )
    meta, body = split_front_matter(f"---\n{block}\n---\n# Summary\n\nBody.\n")
    assert (meta.title, meta.author, meta.published_at) == ("Payments outage", "Priya Raman", "2024-03-15")
    assert body == (
        "Severity: SEV1\nIncident commander: Marcus Oyelaran\nReviewed at: 2024-03-21\n"
        "Customer: Hannah Okafor (Brightline Dental)\nUpdated: 2024-04-02\n\n# Summary\n\nBody.\n"
    )
    doc = parse_markdown(f"---\n{block}\n---\n# Summary\n\nBody.\n", "pm.md")
    assert (doc.title, doc.published_at) == ("Payments outage", "2024-03-15")
    assert "Severity: SEV1" in doc.text and "Body." in doc.text
    # a note whose block gives no title: its opening heading stays its title, the fields under it
    note = parse_markdown(
        "---\ncreated: 2025-03-21\nstatus: booked\n---\n# Lisbon Trip — 16 to 22 May\n\nWith Jo.\n", "n.md"
    )
    assert (note.title, note.text) == (
        "Lisbon Trip — 16 to 22 May",
        "Lisbon Trip — 16 to 22 May\n\nStatus: booked\n\nWith Jo.",
    )


def test_front_matter_source_that_is_an_address_is_the_url():
    meta, _ = split_front_matter("---\nsource: https://example.org/a\nsite_name: Example News\n---\nBody.\n")
    assert (meta.url, meta.source) == ("https://example.org/a", "Example News")


def test_pandoc_block_may_end_with_dots():
    doc = parse_markdown("---\ntitle: Pandoc\nauthor: Jane Doe\n...\n\nBody.\n", "a.md")
    assert (doc.title, doc.author, doc.text) == ("Pandoc", "Jane Doe", "Body.")


def test_malformed_front_matter_never_fails_the_build(tmp_path, caplog):
    # an unquoted colon in a title: read line by line
    (tmp_path / "colon.md").write_text("---\ntitle: Russia: the ties\nauthor: Jane Doe\n---\n\nBody one.\n")
    # not even key: value lines: kept as written, nothing lost
    (tmp_path / "broken.md").write_text("---\ntitle: [unclosed\n{oops\n---\n\nBody two.\n")
    with caplog.at_level(logging.WARNING, logger="ragqa.ingest.headers"):
        docs, report = read_corpus(tmp_path)
    by_id = {d.doc_id: d for d in docs}
    assert report.skipped == []
    assert (by_id["colon.md"].title, by_id["colon.md"].author, by_id["colon.md"].text) == (
        "Russia: the ties",
        "Jane Doe",
        "Body one.",
    )
    assert by_id["broken.md"].author == "" and "title: [unclosed" in by_id["broken.md"].text
    assert by_id["broken.md"].text.endswith("Body two.")
    messages = "\n".join(r.getMessage() for r in caplog.records)
    assert "colon.md is not valid YAML, read line by line" in messages
    assert "broken.md is not valid YAML, kept as text" in messages


def test_rules_that_are_not_front_matter_keep_the_text_between_them():
    doc = parse_markdown("---\n\nJust a paragraph between rules.\n\n---\n\nBody.\n", "a.md")
    assert doc.text == "Just a paragraph between rules.\n\nBody."  # the rules themselves say nothing
    doc = parse_markdown("---\nNote: this is it. Then: more\n---\n\nBody.\n", "a.md")  # not YAML, no known key
    assert doc.text.startswith("Note: this is it. Then: more")  # Markdown reads it as a heading over a rule
    assert doc.title == "Note: this is it. Then: more"
    assert parse_markdown("---\n\nBody only.\n", "a.md").text == "Body only."
    assert parse_markdown("---\n---\nBody.\n", "a.md").text == "Body."  # an empty block


def test_front_matter_only_file_is_skipped_not_indexed_empty(tmp_path):
    (tmp_path / "meta.txt").write_text("---\ntitle: Nothing else\n---\n")
    (tmp_path / "meta.md").write_text("---\ntitle: Nothing else\n---\n")
    (tmp_path / "ok.md").write_text("Body.\n")
    docs, report = read_corpus(tmp_path)
    assert [d.doc_id for d in docs] == ["ok.md"]
    assert sorted(report.skipped) == ["meta.md: has no text", "meta.txt: has no text"]


# ---------------------------------------------------------------- plain text


def test_plain_text_byline_and_date_leave_the_text(tmp_path):
    (tmp_path / "story.txt").write_text(
        "A Plain Title\nBy Jane Doe\nJune 29, 2020\n\nFirst paragraph.\n\nSecond one.\n"
    )
    (tmp_path / "spaced.txt").write_text(
        "A Plain Title\n\nBy Jane Doe | Published: June 29, 2020\n\nFirst paragraph.\n"
    )
    (tmp_path / "untitled.txt").write_text("By Jane Doe\n\nFirst paragraph of the story.\n")
    docs, _ = read_corpus(tmp_path)
    by_id = {d.doc_id: d for d in docs}
    story = by_id["story.txt"]
    assert (story.title, story.author, story.published_at) == ("A Plain Title", "Jane Doe", "2020-06-29")
    assert story.text == "A Plain Title\n\nFirst paragraph.\n\nSecond one."  # one blank line where the head was
    spaced = by_id["spaced.txt"]
    assert (spaced.author, spaced.published_at) == ("Jane Doe", "2020-06-29")
    assert spaced.text == "A Plain Title\n\nFirst paragraph."
    untitled = by_id["untitled.txt"]
    assert (untitled.title, untitled.author, untitled.text) == ("untitled", "Jane Doe", "First paragraph of the story.")
    for doc in docs:
        _assert_sections_index_text(doc)
        assert doc.sections[0].end == len(doc.text)


def test_plain_text_without_head_lines_is_unchanged():
    raw = "A Title\nBy the time the troops left, the city had fallen.\n\nMore text.\n"
    doc = parse_plain_text(raw, "a.txt")
    assert (doc.title, doc.author, doc.text) == ("A Title", "", raw.strip())


def test_a_leading_block_of_header_lines_is_the_documents_metadata(tmp_path):
    """A Usenet FAQ's headers, MultiMarkdown's metadata and a saved message's headers, without "---" around them."""
    (tmp_path / "sedfaq.txt").write_text(
        "Archive-Name: editor-faq/sed\nPosting-Frequency: irregular\nLast-modified: 10 March 2003\n"
        "Maintainer: Eric Pement (pemente@northpark.edu)\n\n      THE SED FAQ\n\n1. GENERAL INFORMATION\n\n"
        "This FAQ answers common questions about sed.\n"
    )
    (tmp_path / "notes.md").write_text(
        "Title: Harbour notes\nAuthor: Jane Doe <jane@example.org>\nDate: 3 May 2021\n\n# Dredging\n\nIt starts.\n"
    )
    (tmp_path / "message.txt").write_text(
        'From: "Doe, Jane" <jane@example.org>\nSubject: Release plans\nDate: Mon, 3 May 2021 10:00:00 +0000\n'
        "\nWe ship on Friday.\n"
    )
    by_id = {d.doc_id: d for d in read_corpus(tmp_path)[0]}
    faq = by_id["sedfaq.txt"]
    assert (faq.title, faq.author, faq.published_at) == ("sedfaq", "Eric Pement", "2003-03-10")
    # the lines read leave the text, the others stay in it
    assert faq.text.startswith("Archive-Name: editor-faq/sed\nPosting-Frequency: irregular\n\nTHE SED FAQ")
    assert "Maintainer" not in faq.text and "Last-modified" not in faq.text
    notes = by_id["notes.md"]
    assert (notes.title, notes.author, notes.published_at) == ("Harbour notes", "Jane Doe", "2021-05-03")
    assert notes.text == "Dredging\n\nIt starts."
    minutes = parse_plain_text("Date: 3 May 2021\nAttendees: Ana, Ben\n\nThe board met.\n", "minutes.txt")
    assert (minutes.published_at, minutes.text) == ("3 May 2021", "Attendees: Ana, Ben\n\nThe board met.")
    message = by_id["message.txt"]
    assert (message.title, message.author, message.published_at[:10]) == ("Release plans", "Doe, Jane", "2021-05-03")
    assert message.text == "We ship on Friday."
    for doc in by_id.values():
        _assert_sections_index_text(doc)


@pytest.mark.parametrize(
    "raw, kept",
    [
        ("Serves: 4\nPrep time: 10 min\n\nMix it all.\n", "Serves: 4\nPrep time: 10 min"),  # no metadata named
        ("Author: Jane Doe\nThe harbour reopened today.\n\nMore.\n", "The harbour reopened today."),  # prose
        ("Title: one line only\n\nText.\n", "Title: one line only"),
    ],
)
def test_key_value_lines_that_are_not_a_header_block_stay_text(raw, kept):
    assert kept in parse_plain_text(raw, "a.txt").text


def test_a_first_heading_naming_a_kind_of_section_is_no_title():
    """libjpeg-turbo's README opens with "Background": the document is titled by its file name instead."""
    doc = parse_markdown(
        "Background\n==========\n\nlibjpeg-turbo is a JPEG codec.\n\n## Usage\n\nRun it.\n", "libjpeg-turbo.md"
    )
    assert doc.title == "libjpeg turbo"
    assert [s.heading for s in doc.sections][:2] == ["Background", "Usage"]
    plain = parse_plain_text("1. Introduction\n\nThe harbour reopened.\n", "harbour-report.txt")
    assert plain.title == "harbour report"
    assert parse_markdown("# Harbour report\n\n## Background\n\nText.\n", "x.md").title == "Harbour report"


# ---------------------------------------------------------------- the default article


def test_default_article_reads_as_before():
    doc = parse_markdown((ROOT / "corpus" / "russia-taliban-ties.md").read_text(), "russia-taliban-ties.md")
    assert (doc.author, doc.published_at) == ("Robyn Dixon", "June 29, 2020 at 3:52 p.m. PDT")
    assert doc.text.startswith("What's behind Russia's growing ties with the Taliban\n\nMOSCOW")
    assert (doc.url, doc.source, doc.category) == ("", "", "")


def test_a_record_that_gives_no_date_is_dated_by_the_day_in_its_address():
    from ragqa.ingest.headers import metadata_of

    assert metadata_of({"url": "https://example.org/world/2020/06/29/russia-taliban/"}).published_at == "2020-06-29"
    assert metadata_of({"url": "https://example.org/2020/06/29/x", "date": "2020-07-01"}).published_at == "2020-07-01"
    assert metadata_of({"link": "https://example.org/2021/02/30/x"}).published_at == ""  # no such day
    assert metadata_of({"permalink": "https://example.org/archive/2020/06/"}).published_at == ""  # a month's page


def test_a_records_byline_as_the_page_prints_it_is_the_name():
    from ragqa.ingest.headers import metadata_of

    assert metadata_of({"byline": "By Samir Haddad"}).author == "Samir Haddad"
    assert metadata_of({"author": "BY: Jane Doe"}).author == "Jane Doe"
    assert metadata_of({"author": "Bynum Rivers"}).author == "Bynum Rivers"  # a name that starts with "By"


def test_a_job_title_after_a_comma_is_left_out_of_a_records_or_a_headers_author():
    """ "Robin McKie, Science Editor" in a news record and a memo's "From: Priya Raman, Head of People" made a job
    title an author of its own ("how many authors are there" counted it)."""
    from ragqa.ingest.headers import metadata_of

    assert metadata_of({"author": "Robin McKie, Science Editor"}).author == "Robin McKie"
    assert metadata_of({"author": "Mirette Magdy, Bloomberg"}).author == "Mirette Magdy, Bloomberg"
    meta, _ = split_front_matter("From: Priya Raman, Head of People\nSubject: Hybrid working\n\nBody.\n")
    assert (meta.author, meta.title) == ("Priya Raman", "Hybrid working")


def test_a_letters_greeting_closing_subject_and_signature_are_told():
    from ragqa.ingest.headers import labelled_subject, salutation, signatory, valediction

    assert salutation("Dear Parents and Carers,") and salutation("Dear Dr Okafor")
    assert not salutation("Dear readers of this newsletter will know the story. It goes on.")
    assert valediction("Yours sincerely,") and valediction("Kind regards") and valediction("With best wishes,")
    assert not valediction("Regards to the new committee were sent.")
    assert labelled_subject("Re: Year 6 residential") == "Year 6 residential"
    assert labelled_subject("Remember: bring a coat") == ""
    assert signatory("Mrs Helen Whitcombe") == "Mrs Helen Whitcombe"
    assert signatory("Mrs Kasia Kowalska, Year 3 Teacher") == "Mrs Kasia Kowalska"
    assert signatory("Please return the slip by Friday.") == ""


@pytest.mark.parametrize(
    "label", ["Minutes taken by: Tom Whitlock", "Minute taker: Tom Whitlock", "Minutes recorded by: Tom Whitlock"]
)
@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_minutes_are_written_by_their_taker(tmp_path: Path, label: str, suffix: str) -> None:
    """Testers' bb78, 7.: a cycling club's committee minutes in Markdown, "Minutes taken by: Tom Whitlock" under who
    was present, recorded no author ("who wrote the committee minutes": "does not record its author"), where Word
    minutes naming their taker ("Minutes: Helen Marsh.") were written by them. Every reader of bylines reads it."""
    title = "# Committee Meeting Minutes" if suffix == ".md" else "Committee Meeting Minutes"
    raw = (
        f"{title}\n\nDate: Tuesday 10 February 2026, 7.30pm\nVenue: The Railway Inn, back room\n"
        f"Present: Gareth Pryce (Chair), Nadia Osei, Tom Whitlock\n{label}\n\n"
        "The minutes of 13 January 2026 were agreed as a true record. The committee agreed to buy a defibrillator.\n"
    )
    (tmp_path / f"committee-minutes{suffix}").write_text(raw)
    (tmp_path / f"minutes-of-the-agm{suffix}").write_text(f"{title}\n\nThe meeting agreed the accounts.\n")
    docs = {d.doc_id: d for d in read_corpus(tmp_path)[0]}
    assert docs[f"committee-minutes{suffix}"].author == "Tom Whitlock"
    assert docs[f"minutes-of-the-agm{suffix}"].author == ""
