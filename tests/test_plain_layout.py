"""Plain text laid out with whitespace (licences, manual pages): headings become sections, indented prose is
reflowed into whole sentences, code keeps its lines. Model-free."""

from pathlib import Path

import pytest

from ragqa.ingest.chunking import split_sentences
from ragqa.ingest.corpus import parse_plain_text, read_corpus
from ragqa.ingest.plain import ManualPage, manual_page
from ragqa.records import Document

ROOT = Path(__file__).resolve().parent.parent

LICENCE = """\
                    EXAMPLE PUBLIC LICENSE
                       Version 3, 29 June 2007

                            Preamble

  The Example Public License is a free license for software and other kinds of
works, written for the Example Foundation and for everyone else who wants it.

                       TERMS AND CONDITIONS

  0. Definitions.

  "This License" refers to version 3 of the Example Lesser Public License, and the
Example Foundation refers to the organisation that publishes it.

   2. Grant of Patent License. Subject to the terms and conditions of
      this License, each Contributor hereby grants to You a perpetual,
      worldwide, royalty-free patent license to make and use the Work.

      (a) You must give any other recipients of the Work or
          Derivative Works a copy of this License; and

      (b) You must cause any modified files to carry prominent
          notices stating that You changed the files.

  END OF TERMS AND CONDITIONS

            How to Apply These Terms to Your New Programs

  If you develop a new program, attach the following notices to the program.
"""

MANUAL = """\
GZAP(1)                     General Commands Manual                    GZAP(1)

NAME
       gzap - compress or expand files

DESCRIPTION
       The gzap command reduces the size of the named files using Lempel-Ziv
       coding.  If the compressed file name is too long for its file system,
       gzap truncates it.  Names are not truncated on systems which do not
       have a limit on file name length.

OPTIONS
   Generic Program Information
       -k --keep
              Keep (don't delete) input files during compression or
              decompression.

       -q --quiet
              Suppress all warnings.

       For example:

             gzap -c file1  > foo.gz

       Then

             gzap -c foo

ENVIRONMENT
       GZAP_LEVEL
              The compression level used when none is given.

AUTHOR
       Written by Jean Doe and Sam Roe.
"""


def sentences(doc: Document) -> list[str]:
    return [
        doc.text[s:e].replace("\n", " ")
        for section in doc.sections
        for s, e in split_sentences(doc.text, section.start, section.end)
    ]


def test_a_licence_gets_its_headings_as_sections_and_its_wrapped_sentences_whole():
    doc = parse_plain_text(LICENCE, "example.txt")
    assert doc.title == "EXAMPLE PUBLIC LICENSE"
    headings = [s.heading for s in doc.sections]
    # "TERMS AND CONDITIONS" and "END OF TERMS AND CONDITIONS" sit right above another heading: no sections
    assert headings == [
        "EXAMPLE PUBLIC LICENSE",
        "Preamble",
        "0. Definitions",
        "How to Apply These Terms to Your New Programs",
    ]
    said = sentences(doc)
    assert said[0] == "Version 3, 29 June 2007"  # the title heads the section, its subtitle opens the text
    # a filled line broken before a capital was wrapped, not ended
    assert (
        '"This License" refers to version 3 of the Example Lesser Public License, and the Example Foundation refers'
        " to the organisation that publishes it." in said
    )
    assert "2. Grant of Patent License." in said  # an item's number is no sentence
    assert (
        "Subject to the terms and conditions of this License, each Contributor hereby grants to You a perpetual,"
        " worldwide, royalty-free patent license to make and use the Work." in said
    )
    assert "(a) You must give any other recipients of the Work or Derivative Works a copy of this License; and" in said
    for section in doc.sections:
        assert doc.text[section.start : section.end].strip()


def test_a_manual_page_gets_its_headings_and_each_option_with_its_description():
    doc = parse_plain_text(MANUAL, "gzap.txt")
    headings = [s.heading for s in doc.sections]
    assert headings == ["NAME", "DESCRIPTION", "Generic Program Information", "ENVIRONMENT", "AUTHOR"]  # no text above
    said = sentences(doc)
    assert "-k --keep Keep (don't delete) input files during compression or decompression." in said
    assert "gzap truncates it." not in said and any(s.endswith("file system, gzap truncates it.") for s in said)
    assert "Then" in said  # a lone function word is no heading
    assert "GZAP_LEVEL The compression level used when none is given." in said  # a defined name is no heading
    assert "gzap -c file1  > foo.gz" in said  # a command keeps its line (and its spacing)
    assert "Written by Jean Doe and Sam Roe." in said


def test_code_in_plain_text_keeps_its_lines_and_indentation():
    raw = "Notes\n\nRun this:\n\n    import os\n    print(os.getcwd())\n    x = 1\n\nDone here.\n"
    doc = parse_plain_text(raw, "notes.txt")
    assert "    import os\n    print(os.getcwd())\n    x = 1" in doc.text
    assert "import os" in sentences(doc) and "x = 1" in sentences(doc)


def test_plain_text_without_layout_reads_as_before():
    raw = "A short note\n\nThe committee met on Tuesday.\nIt agreed on the budget.\n"
    doc = parse_plain_text(raw, "note.txt")
    assert doc.title == "A short note"
    assert [s.heading for s in doc.sections] == ["A short note"]
    assert sentences(doc) == ["The committee met on Tuesday.", "It agreed on the budget."]


def test_the_evaluation_corpora_in_plain_text_read_with_sections(tmp_path):
    docs, _ = read_corpus(ROOT / "bench" / "data" / "corpus-manpages")
    by_id = {d.doc_id: d for d in docs}
    assert {"NAME", "DESCRIPTION", "OPTIONS"} <= {s.heading for s in by_id["gzip.txt"].sections}
    # a manual page: its NAME line is its title, not the running head every page shares; the foot gives the date
    assert by_id["grep.txt"].title == "grep, egrep, fgrep, rgrep - print lines that match patterns"
    assert (by_id["grep.txt"].published_at, by_id["tar.txt"].published_at) == ("2019-12-29", "2020-07-13")
    assert by_id["ls.txt"].published_at == "September 2022"  # no day: kept as written (and reported)
    assert by_id["gzip.txt"].published_at == ""  # its foot says "local"
    for doc in docs:
        for section in doc.sections:
            assert 0 <= section.start <= section.end <= len(doc.text)


def test_a_manual_page_is_titled_by_its_name_line_and_dated_by_its_foot():
    page = [
        "MOOR(1)                      Harbour Commands                      MOOR(1)",
        "",
        "NAME",
        "       moor - tie a ship to a berth",
        "",
        "DESCRIPTION",
        "       Ties the ship named to the berth named.",
        "",
        "Harbour tools 2.1               29 June 2020                        MOOR(1)",
    ]
    assert manual_page(page) == ManualPage("moor - tie a ship to a berth", "29 June 2020")
    assert manual_page(page[:-1]) == ManualPage("moor - tie a ship to a berth", "")  # no running foot
    assert manual_page(["MOOR(1)      Harbour Commands      BERTH(5)", "text"]) is None  # not one page's head
    assert manual_page(["Harbour notes", "", "NAME", "   moor"]) is None


RULES = """\
   Version 1.1 ratified on April 26, 2004. Supersedes Version 1.0 ratified
   on July 5, 1997.

   The harbour club, the keepers of the berths, wrote these rules.

"Rules" of the Harbour Club

   Members keep these rules.

3. Members

3.1. Powers

   A Member may
    1. moor one boat at any free berth;
    2. vote in elections.

The Berth Guidelines (BG)

    1. Free Mooring
       A berth may not be sold to any party. The fee may not
       exceed one pound.
    2. Source of Water
       Every berth must have fresh water.
"""


def test_rules_in_plain_text_keep_their_headings_lead_ins_and_items():
    doc = parse_plain_text(RULES, "harbour-rules.txt")
    # the first line runs on into the next: a sentence, not a title
    assert doc.title == "harbour rules"
    assert [s.heading for s in doc.sections] == [
        "harbour rules",
        '"Rules" of the Harbour Club',  # a heading may open with a quote
        "3.1. Powers",  # "A Member may" introduces its list: no heading
        "The Berth Guidelines (BG)",  # "1. Free Mooring" over its text is an item of the list, not a heading
    ]
    said = sentences(doc)
    assert "Version 1.1 ratified on April 26, 2004." in said
    assert ["A Member may", "1. moor one boat at any free berth;"] == said[5:7]
    assert "2. Source of Water Every berth must have fresh water." in said  # an item's title reads with its text


def test_an_underlined_heading_in_capitals_of_function_words_opens_a_section():
    """The IJG README's "TO DO" over "=====": its bug-report address is under it, not under the section before."""
    raw = (
        "The JPEG software\n\nFILE FORMAT COMPATIBILITY\n=========================\n\nThe files are portable.\n\n"
        "TO DO\n=====\n\nPlease send bug reports to jpeg-info@jpegclub.org.\n\nThen\n\nmore text here.\n"
    )
    doc = parse_plain_text(raw, "readme.txt")
    headings = [s.heading for s in doc.sections]
    assert headings[-2:] == ["FILE FORMAT COMPATIBILITY", "TO DO"]  # "Then" alone stays no heading
    todo = doc.sections[-1]
    assert doc.text[todo.start : todo.end].strip().startswith("Please send bug reports")


def test_a_line_wrapped_after_a_names_initial_goes_on():
    """ "by William B. Pennebaker and Joan L." over "Mitchell, published by ...": one sentence, the name whole; a
    line ending a sentence stays a line of its own."""
    raw = (
        "Books\n\n"
        'The best currently available description of JPEG is the textbook "JPEG Still\n'
        'Image Data Compression Standard" by William B. Pennebaker and Joan L.\n'
        "Mitchell, published by Van Nostrand Reinhold, 1993, ISBN 0-442-01272-1.\n"
        "Price US$59.95, 638 pp.  The book includes the complete text of the ISO JPEG\n"
        "standards (DIS 10918-1 and draft DIS 10918-2).\n\nMore text here.\n"
    )
    doc = parse_plain_text(raw, "books.txt")
    assert "Joan L. Mitchell, published by Van Nostrand Reinhold, 1993, ISBN 0-442-01272-1.\nPrice" in doc.text


def test_an_underlined_heading_with_its_text_right_under_it_opens_a_section():
    """A mail's "Summary" over "-------" over its text, no blank line between: the underline was quoted as the
    start of an answer ("------- The issue is tracked as CVE-2024-31337 ...")."""
    raw = (
        "Security advisory\n\nSummary\n-------\nThe archive reader did not check member names.\n"
        "The issue is tracked as CVE-2024-31337.\n\nCredit\n------\nReported privately by Lena Fischer.\n"
    )
    doc = parse_plain_text(raw, "advisory.txt")
    assert [s.heading for s in doc.sections][-2:] == ["Summary", "Credit"]
    assert "---" not in doc.text
    summary = doc.sections[-2]
    assert doc.text[summary.start : summary.end].strip().startswith("The archive reader did not check")


def test_a_date_in_the_title_block_or_alone_under_it_dates_the_text():
    """A hearing's "April 16, 2025" under its second title line and a resolution's "Date: 20 February 2024"
    alone under its title block left them undated (a "Date:" paragraph became a section heading)."""
    hearing = parse_plain_text(
        "HARBORVIEW CITY COUNCIL\nPLANNING AND LAND USE HEARING - TRANSCRIPT\nApril 16, 2025\n\n"
        "Present: Chair Robert Lin.\n\nCHAIR LIN: We are on item 4.\n",
        "hearing.txt",
    )
    assert (hearing.title, hearing.published_at) == ("HARBORVIEW CITY COUNCIL", "April 16, 2025")
    assert hearing.text.startswith("HARBORVIEW CITY COUNCIL\nPLANNING AND LAND USE HEARING - TRANSCRIPT\n\nPresent:")
    resolution = parse_plain_text(
        "WRITTEN RESOLUTION OF THE BOARD\nHARBOURLINE LTD\n(Company number 11854302)\n\nDate: 20 February 2024\n\n"
        "The undersigned pass the following resolutions.\n\n1. APPROVAL OF THE LEASE\n\n1.1 The lease is approved.\n",
        "resolution.txt",
    )
    assert resolution.published_at == "20 February 2024"
    assert "Date:" not in resolution.text and "Date: 20 February 2024" not in [s.heading for s in resolution.sections]
    assert "(Company number 11854302)\n\nThe undersigned" in resolution.text
    # a paragraph under the title is no title block: its date stays text
    story = parse_plain_text("Harbour news\n\nThe ferry sank.\n\nApril 16, 2025\n\nMore later.\n", "news.txt")
    assert story.published_at == "" and "April 16, 2025" in story.text


def test_a_title_with_a_colon_over_header_lines_is_the_title():
    """ "Candidate Interview: Marcus Lee, Senior Backend Engineer" over "Date:" and "Interviewer:" lines was read
    as a header block's field, and the file's name titled it."""
    doc = parse_plain_text(
        "Candidate Interview: Marcus Lee, Senior Backend Engineer\nDate: March 12, 2025\nInterviewer: Tom Becker\n\n"
        "Q: Can you start with your background?\nA: Sure.\n",
        "interview-marcus-lee.txt",
    )
    assert (doc.title, doc.published_at) == (
        "Candidate Interview: Marcus Lee, Senior Backend Engineer",
        "March 12, 2025",
    )
    memo = parse_plain_text(
        "MEMO: Changes to hybrid working\nFrom: Priya Raman\nDate: 2 December 2024\nTo: All employees\n\nText.\n",
        "memo-hybrid-working-2025.txt",
    )
    assert (memo.title, memo.author, memo.published_at) == (
        "MEMO: Changes to hybrid working",
        "Priya Raman",
        "2 December 2024",
    )
    faq = parse_plain_text("Archive-Name: editor-faq/sed\nVersion: 015\nLast-modified: 10 March 2003\n\nText.\n", "f")
    assert faq.title != "Archive-Name: editor-faq/sed"


ADVISORY = """\
CVE-2024-1234: Path traversal in the harbour booking API

Severity: High (CVSS 3.1 base score 8.1)

Fixed in: Moorings 2.3.7 and Moorings 2.4.1

Description:
A request whose path begins with a double slash skipped the
authentication check.

Chapter 3: The Return

The ship came back in May.
"""


def test_a_key_value_line_is_no_heading_a_numbered_part_with_its_title_is():
    """ "Severity: High (CVSS 3.1 base score 8.1)" and "Fixed in: ..." headed sections, the description filed
    under "Fixed in"; a label ending in a part's number ("Chapter 3: The Return") still heads its text."""
    doc = parse_plain_text(ADVISORY, "advisory.txt")
    assert [s.heading for s in doc.sections] == [
        "CVE-2024-1234: Path traversal in the harbour booking API",
        "Chapter 3: The Return",
    ]
    assert "Severity: High (CVSS 3.1 base score 8.1)" in sentences(doc)


def test_a_label_in_capitals_right_over_its_text_opens_a_section():
    """bb71 B4: a plain-text bulletin sets its sections' labels in capitals right over their text ("DIESEL DAY" /
    "Diesel Day moves from ..."); they were read as sentences and quoted as claims ("NEW VOLUNTEER INDUCTION [1]").
    Lines in capitals over more of them (a letterhead) stay text."""
    raw = (
        "Volunteer Bulletin\n\nHi all,\n\nNEW VOLUNTEER INDUCTION\nThe next induction day is Saturday 11 April 2026."
        "\nLunch is provided.\n\nDIESEL DAY\nDiesel Day moves from 13 June to 20 June 2026.\n\nThanks as always,"
        "\nPriya"
    )
    doc = parse_plain_text(raw, "b.txt")
    assert [s.heading for s in doc.sections] == ["Volunteer Bulletin", "NEW VOLUNTEER INDUCTION", "DIESEL DAY"]
    assert doc.text[doc.sections[2].start : doc.sections[2].end].strip().startswith("Diesel Day moves from 13 June")
    assert "NEW VOLUNTEER INDUCTION" not in split_sentences(doc.text[doc.sections[1].start : doc.sections[1].end])
    letter = "Notice\n\nHOLLINSFORD ALLOTMENT SOCIETY\nANNUAL GENERAL MEETING\nThe meeting is on 4 March 2026."
    assert [s.heading for s in parse_plain_text(letter, "n.txt").sections] == ["Notice"]


MINUTES = """\
Minutes of the Committee Meeting
Tuesday 10th March 2026, 7.30pm, Mezzanine

Present: Dan Fairweather (Chair), Mei-Ling Cho, Colin Marsh
Apologies: Tomasz Wierzbicki

1. CNC router
Colin reported that the replacement spindle arrived on 6 March and the router has been back in service since 9
March 2026. The spindle and bearings cost £385 in total.

2. Opening hours
Agreed that Sunday open sessions will end at 5pm instead of 6pm from 5 April 2026.

5. Date of next meeting
Tuesday 14 April 2026 at 7.30pm.

Agenda for April
1. Apologies
2. Minutes of the last meeting

3. Members must sign in.
The book is by the door.

Thank you all
for coming.

Priya Venkatesan
Secretary
"""


def test_a_numbered_item_right_over_its_text_at_its_margin_opens_a_section():
    """bb79 1: minutes type each item's number and title right over its text ("1. CNC router" / "Colin reported
    ..."), no blank line between; the whole file was one section and "5. Date of next meeting" was quoted without
    the day under it. An item of a list over the next, a numbered sentence over more text, a line its next goes on
    and a name over its role stay text."""
    doc = parse_plain_text(MINUTES, "committee-minutes.txt")
    assert [s.heading for s in doc.sections] == [
        "Minutes of the Committee Meeting",
        "1. CNC router",
        "2. Opening hours",
        "5. Date of next meeting",
    ]
    last = doc.text[doc.sections[3].start : doc.sections[3].end]
    assert last.strip().startswith("Tuesday 14 April 2026 at 7.30pm.")
    said = sentences(doc)
    assert "5. Date of next meeting" not in said
    assert "1. Apologies" in said and "2. Minutes of the last meeting" in said
    assert "Thank you all for coming." in said and "3. Members must sign in." in said


NEWSLETTER = """\
HCC News - February 2026

Dear all,

Welcome to the February newsletter.

New members
We are delighted to welcome Daniel Osei (tenor) and Freya Lund (alto), who joined in January.

Sectional day
Our sectional day is on Saturday 7 March at Hollinsbridge Academy, 10am to 4pm. The cost is £10.

40 years of singing
The choir was founded in 1986 by Margaret Hale, who conducted it for its first 22 years.

Christmas collection

The retiring collection at Carols by Candlelight raised £612 for Hollinsbridge Hospice.

Best wishes,
Aisha
"""


def test_a_short_title_like_line_over_its_paragraph_opens_a_section():
    """bb75 4: a plain-text newsletter's sub-headings ("Sectional day", "40 years of singing") right over their
    paragraphs, or set apart over them, were read as sentences of one section and quoted as answers ("...
    Sectional day [1]"). One opening with a count heads its text too."""
    doc = parse_plain_text(NEWSLETTER, "news.txt", title_line=True)
    assert [s.heading for s in doc.sections] == [
        "HCC News - February 2026",
        "New members",
        "Sectional day",
        "40 years of singing",
        "Christmas collection",
    ]
    said = sentences(doc)
    assert not {"Sectional day", "40 years of singing", "Christmas collection"} & set(said)
    assert "Welcome to the February newsletter." in said


def test_lines_each_opening_with_a_day_stay_apart():
    """A timeline ("2024-03-19  report received" over "2024-03-21  issue confirmed ...") ran together into one
    sentence, each line opening with a digit read as going on the one above."""
    raw = (
        "Timeline\n\nThe issue was handled as follows:\n2024-03-19  report received\n"
        "2024-03-21  issue confirmed by the security team\n19 April 2024  fix prepared in private branches\n"
        "May 7, 2024  2.4.1 released\n\nThe fix shipped on\n2024-05-07 in both lines.\n"
    )
    said = sentences(parse_plain_text(raw, "timeline.txt"))
    for entry in (
        "2024-03-19  report received",
        "2024-03-21  issue confirmed by the security team",
        "19 April 2024  fix prepared in private branches",
        "May 7, 2024  2.4.1 released",
    ):
        assert entry in said, said
    assert "The fix shipped on 2024-05-07 in both lines." in said  # a day going on a sentence still does


def test_a_wrapped_line_opening_with_a_bracket_goes_on_its_sentence():
    """ "... from 2.3.5 to 2.4.0" over "(3 brokers, 140 consumers in 12 groups) several consumer groups never
    finished rebalancing." was cut in two, the second read as a sentence of its own; an item "(b) ..." still
    opens its own."""
    raw = (
        "Upgrade report\n\nAfter a rolling upgrade of our production cluster from 2.3.5 to 2.4.0\n"
        "(3 brokers, 140 consumers in 12 groups) several consumer groups never\nfinished rebalancing.\n\n"
        "You must do both of these\n(a) stop the brokers\n(b) start them again\n"
    )
    said = sentences(parse_plain_text(raw, "report.txt"))
    assert (
        "After a rolling upgrade of our production cluster from 2.3.5 to 2.4.0 (3 brokers, 140 consumers in 12"
        " groups) several consumer groups never finished rebalancing." in said
    ), said
    assert "(b) start them again" in said
    company = parse_plain_text("Resolution\n\nHARBOURLINE DESIGN LTD\n(Company number 11854302)\n", "board.txt")
    assert "HARBOURLINE DESIGN LTD\n(Company number 11854302)" in company.text  # a name in capitals over its number


def test_a_line_under_the_title_ending_on_a_day_after_a_comma_dates_the_text():
    """A library's press release in plain text: its title over "Harrowfield Libraries press release, 15 September
    2026" was undated (no date line opens with its day). The line stays text: it says who issued it. A line that
    goes on after its day, or a sentence's day, dates nothing."""
    release = parse_plain_text(
        "Record numbers finish the Summer Reading Challenge\nAshcombe Libraries press release, 15 September 2026\n\n"
        "A record 4,318 children took part in this summer's challenge at Ashcombe Libraries.\n",
        "release.txt",
    )
    assert (release.title, release.published_at) == ("Record numbers finish the Summer Reading Challenge", "2026-09-15")
    assert "Ashcombe Libraries press release, 15 September 2026" in release.text
    news = parse_plain_text("Ferry timetable changes\nAshcombe Council news, 3 May 2024\n\nThe ferry runs.\n", "n.txt")
    assert news.published_at == "2024-05-03"
    for under in ("Ashcombe Council news, 3 May 2024, 7pm, Town Hall", "The ferry sank off the pier, 3 May 2024."):
        story = parse_plain_text(f"Harbour news\n{under}\n\nMore later.\n", "news.txt")
        assert story.published_at == "" and under in story.text


def test_a_line_under_the_title_set_unlike_the_headings_is_the_title_blocks_not_a_section():
    """A notice's organisation under its title ("NOTICE OF BOARD ELECTION 2026" / "Calderbrook Vale Farmers'
    Co-operative Ltd", a tester's) headed the whole body as its section, as a guide's did above its headings in
    capitals. A line under the title set as the headings are ("1. PURPOSE", "PARTIES" over "1. SERVICES") opens one."""
    body = "Two seats on the Board fall vacant.\n\nNominations close on 17 April 2026.\n"
    notice = parse_plain_text(
        f"NOTICE OF BOARD ELECTION 2026\n\nCalderbrook Vale Farmers' Co-operative Ltd\n\n{body}", "n.txt"
    )
    assert [s.heading for s in notice.sections] == ["NOTICE OF BOARD ELECTION 2026"]
    assert "\n\nCalderbrook Vale Farmers' Co-operative Ltd\n\n" in notice.text
    guide = parse_plain_text(f"AVC GUIDE\n\nCorrigan Foods Pension Plan\n\n{body}\nOLD AVCS\n\n{body}", "g.txt")
    assert [s.heading for s in guide.sections] == ["AVC GUIDE", "OLD AVCS"]
    for second, third in (("PARTIES", "1. SERVICES"), ("Overview", "Details"), ("1. Purpose", "")):
        raw = f"AGREEMENT\n\n{second}\n\n{body}" + (f"\n{third}\n\n{body}" if third else "")
        assert [s.heading for s in parse_plain_text(raw, "a.txt").sections][0] == second


PRESS_RELEASE = """\
PRESS RELEASE
Carnbrae MRT warns of bogus collectors
For immediate release: 2 March 2026

Carnbrae Mountain Rescue Team is warning residents after reports of people going door
to door claiming to collect money for the team.

The team never collects door to door.

Ends

Rory Fairlie
Press Officer
2 March 2026

Notes to editors: Carnbrae Mountain Rescue Team is a volunteer team and Scottish charity.
"""


def test_a_press_release_is_titled_by_its_headline_under_its_kicker_and_signed_over_its_notes():
    """A tester's press release in plain text: "PRESS RELEASE" (a kicker) over its headline and "For immediate
    release: 2 March 2026" was titled "PRESS RELEASE", undated, and unsigned, its signature standing between the
    end marker "Ends" (read as a heading) and the notes to editors. Read as a Word file's title block is."""
    doc = parse_plain_text(PRESS_RELEASE, "release.txt")
    assert (doc.title, doc.published_at, doc.author) == (
        "Carnbrae MRT warns of bogus collectors",
        "2 March 2026",
        "Rory Fairlie",
    )
    assert "Ends" not in [s.heading for s in doc.sections]
    assert "Rory Fairlie, Press Officer, 2 March 2026" in doc.text
    assert doc.text.startswith("PRESS RELEASE\nCarnbrae MRT warns of bogus collectors\n")
    said = sentences(doc)
    assert "The team never collects door to door." in said and not any("PRESS RELEASE" in s for s in said)
    kicked = parse_plain_text("FOR IMMEDIATE RELEASE\n\nLibrary reopens\n\nThe library reopens today.\n", "r.txt")
    assert kicked.title == "Library reopens"


def test_a_letterhead_over_the_title_that_says_what_the_document_is_titles_it_with_both():
    """A tester's notice opened "ARDMORROW HARBOUR AUTHORITY" (its letterhead) over "NOTICE TO MARINERS No. 09 of
    2026" and "Issued: 3 August 2026", and was titled by the letterhead, as every notice of the authority is. Titled
    by both, as a Word file's title naming the organisation over a heading that says what it is
    (``ingest.word``). A first line that is itself the title ("NOTICE OF BOARD ELECTION 2026" over the body's name,
    "AGREEMENT" over "PARTIES") stays the title."""
    raw = (
        "ARDMORROW HARBOUR AUTHORITY\n\nNOTICE TO MARINERS No. 09 of 2026\nIssued: 3 August 2026\n\n"
        "EXTENSION OF MAINTENANCE DREDGING - INNER APPROACH CHANNEL\n\nThis notice cancels Notice to Mariners"
        " No. 07 of 2026.\n\nDredging will now continue until 21 August 2026.\n\nTomasz Wieczorek\n"
        "Deputy Harbour Master\n3 August 2026\n"
    )
    doc = parse_plain_text(raw, "ntm-09-2026.txt")
    assert doc.title == "ARDMORROW HARBOUR AUTHORITY: NOTICE TO MARINERS No. 09 of 2026"
    assert (doc.published_at, doc.author) == ("3 August 2026", "Tomasz Wieczorek")
    assert [s.heading for s in doc.sections] == ["EXTENSION OF MAINTENANCE DREDGING - INNER APPROACH CHANNEL"]
    assert doc.text.startswith("ARDMORROW HARBOUR AUTHORITY\n\nNOTICE TO MARINERS No. 09 of 2026\n\n")
    minutes = parse_plain_text("Ashcombe Parish Council\n\nMinutes of the Annual Meeting\n\nPresent: 6.\n", "m.txt")
    assert minutes.title == "Ashcombe Parish Council: Minutes of the Annual Meeting"
    for first, second in (("NOTICE OF BOARD ELECTION 2026", "Calderbrook Vale Ltd"), ("AGREEMENT", "PARTIES")):
        assert parse_plain_text(f"{first}\n\n{second}\n\nText.\n", "n.txt").title == first


LETTERHEADS_RIGHT_OVER = (
    (
        "ARDMORROW HARBOUR AUTHORITY\nNOTICE TO MARINERS No. 09 of 2026\n\n"
        "The north channel buoy has been moved 40 metres east.\n",
        ("ARDMORROW HARBOUR AUTHORITY: NOTICE TO MARINERS No. 09 of 2026", "", ""),
    ),
    (
        "BRACKENMOOR & TARNSIDE RAILWAY\nNOTICE TO VOLUNTEERS No. 3 of 2026\nIssued 2 March 2026\n\n"
        "LINESIDE PASSES\n\nAll lineside passes expire on 31 March 2026.\n\n"
        "Neil Brammer\nOperating Safety Manager\n2 March 2026\n",
        ("BRACKENMOOR & TARNSIDE RAILWAY: NOTICE TO VOLUNTEERS No. 3 of 2026", "Neil Brammer", "2 March 2026"),
    ),
    (
        "HOLLINSFORD & DISTRICT ALLOTMENT SOCIETY\nNotice of Annual General Meeting 2026\n\n"
        "Issued 2 February 2026\n\nNotice is hereby given that the Annual General Meeting of the Society will be"
        " held on Tuesday 24 March 2026.\n\nBy order of the Committee\nHelen Ashdown\nHon. Secretary\n",
        (
            "HOLLINSFORD & DISTRICT ALLOTMENT SOCIETY: Notice of Annual General Meeting 2026",
            "Helen Ashdown",
            "2 February 2026",
        ),
    ),
    (
        "\nHOLLOWMERE COMMUNITY ENERGY\nTARIFF NOTICE No. 3 of 2025\nIssued 12 August 2025\n\n"
        "From 1 October 2025 the unit rate will be 24.1p per kWh.\n\n"
        "By order of the Board\nSunita Rao\nCompany Secretary\n",
        ("HOLLOWMERE COMMUNITY ENERGY: TARIFF NOTICE No. 3 of 2025", "Sunita Rao", "12 August 2025"),
    ),
    (
        "FENWICK ROAD SCHOOL OF MOTORING\nTERMS AND CONDITIONS OF TUITION\nLast updated: 14 August 2024\n\n"
        "These terms apply to every lesson booked with us.\n\n1. ELIGIBILITY\n\n"
        "You must hold a valid provisional driving licence.\n",
        ("FENWICK ROAD SCHOOL OF MOTORING: TERMS AND CONDITIONS OF TUITION", "", "14 August 2024"),
    ),
    (
        "HOLLINSBRIDGE COMMUNITY CHOIR\nNew Member Welcome Pack\nLast revised: September 2025\n\nABOUT US\n\n"
        "We are a friendly, non-auditioned choir of around 70 singers.\n",
        ("HOLLINSBRIDGE COMMUNITY CHOIR: New Member Welcome Pack", "", "September 2025"),
    ),
)


@pytest.mark.parametrize(
    ("raw", "expected"), LETTERHEADS_RIGHT_OVER, ids=["ntm", "volunteers", "agm", "tariff", "terms", "welcome-pack"]
)
def test_a_letterhead_right_over_the_line_saying_what_the_document_is_titles_it_with_both(raw, expected):
    """Testers' notices set the letterhead right over the line saying what the document is, no blank line between
    ("ARDMORROW HARBOUR AUTHORITY" / "NOTICE TO MARINERS No. 09 of 2026", the usual layout of a notice; "TARIFF
    NOTICE No. 3 of 2025", numbered; "TERMS AND CONDITIONS OF TUITION"; a choir's "New Member Welcome Pack", testers'
    bb75, 11): each was titled by the letterhead alone, as every document of its sender is, where the same lines set
    apart were titled by both. Author, date and the text's lines stay as they were."""
    doc = parse_plain_text(raw, "notice.txt")
    assert (doc.title, doc.author, doc.published_at) == expected
    letterhead, _, kind = expected[0].partition(": ")
    assert doc.text.startswith(f"{letterhead}\n{kind}\n\n")
    assert letterhead not in [section.heading for section in doc.sections]


@pytest.mark.parametrize(
    "raw",
    [
        "Please read the updated\nSafeguarding Policy\n\nIt applies from May.\n",  # a sentence's lines
        "Welcome To The\nAnnual Report 2025\n\nIt was a good year.\n",  # the line goes on at the next
        "NOTICE OF BOARD ELECTION 2026\nAnnual Report 2025\n\nText.\n",  # the first line names a kind: a title
    ],
)
def test_a_line_right_over_a_kind_is_no_letterhead_when_it_is_no_name_of_its_own(raw):
    """A letterhead right over the line under it is a name of its own (each word capitalised, "&" and "of"
    aside) that the next line does not go on; a sentence wrapped before a kind's name is none."""
    assert ": " not in parse_plain_text(raw, "n.txt").title


def test_an_issued_line_under_the_title_block_dates_the_text_over_a_day_the_title_names():
    """A tester's price notice, "Trade price change from 1 April 2026" over "Priya Lomax, Trade Sales Manager" and
    "Issued 16 March 2026", was read as written by her but undated: "Issued" was no date line's label."""
    doc = parse_plain_text(
        "Trade price change from 1 April 2026\nPriya Lomax, Trade Sales Manager\nIssued 16 March 2026\n\n"
        "From 1 April 2026 a 30 litre keg of Tern IPA will cost £142.00 ex VAT.\n",
        "price-change.txt",
    )
    assert (doc.title, doc.author, doc.published_at) == (
        "Trade price change from 1 April 2026",
        "Priya Lomax",
        "16 March 2026",
    )
    assert "Issued 16 March 2026" not in doc.text
    scheme = parse_plain_text(
        "Charges Scheme 2026/27\nIssued 10 February 2026 – effective from 1 April 2026\n\nCharges rise.\n", "c.txt"
    )
    assert scheme.published_at == "10 February 2026" and "effective from 1 April 2026" in scheme.text


@pytest.mark.parametrize("gap", ["\n", ""], ids=["set-apart", "set-tight"])
def test_an_organisation_line_under_the_title_is_of_the_title_block_and_the_head_under_it_is_read(gap: str) -> None:
    """Testers' bb77 B1: a dental practice's policy set "COMPLAINTS PROCEDURE" / "Millbrook Dental Practice" /
    "Owner: ..." / "Last reviewed 14 July 2025", a blank line between each part, had no author or date, and the
    organisation's name headed the whole policy as a section; set tight, it lost its review date."""
    raw = (
        f"COMPLAINTS PROCEDURE\n{gap}\nMillbrook Dental Practice\n{gap}\nOwner: Gareth Ashdown, Practice Manager\n"
        "Last reviewed 14 July 2025\n\nWe take complaints seriously and aim to settle them quickly and fairly.\n\n"
        "1. How to complain\n\nYou can complain in person at reception or by telephone.\n\n"
        "2. What happens next\n\nWe will acknowledge your complaint within 3 working days.\n"
    )
    doc = parse_plain_text(raw, "complaints-procedure.txt")
    assert (doc.title, doc.author, doc.published_at) == ("COMPLAINTS PROCEDURE", "Gareth Ashdown", "14 July 2025")
    assert [s.heading for s in doc.sections] == ["COMPLAINTS PROCEDURE", "1. How to complain", "2. What happens next"]
    assert "Millbrook Dental Practice" in doc.text and "Owner:" not in doc.text
