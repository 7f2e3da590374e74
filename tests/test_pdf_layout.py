"""PDFs read with their layout (``ingest.pdf``): a PDF written here line by line as a typesetter places lines
(fonts, sizes, margins, two pages), and real PDFs from the PDF question set (LaTeX-typeset newsletters in two
columns, a manual) read by the real pdfminer.six."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.files import write_laid_out_pdf

from ragqa.ingest import formats, pdf
from ragqa.ingest.chunking import CODE_INDENT, chunk_document, split_sentences
from ragqa.ingest.corpus import read_corpus
from ragqa.records import Document

CORPUS = Path(__file__).resolve().parents[1] / "bench" / "data" / "corpus-pdf"

REPORT = [
    [
        (72, 760, 9, "regular", "Harbour Report 2024"),
        (72, 680, 20, "regular", "Harbour Annual Report"),
        (72, 655, 12, "regular", "Maria Lund"),
        (72, 638, 12, "regular", "March 15, 2024"),
        (72, 600, 14, "bold", "Storm damage"),
        (72, 580, 10, "regular", "The October storm damaged the north pier and the con-"),
        (72, 568, 10, "regular", "struction of the new quay was stopped for a month."),
        (72, 556, 10, "regular", "The repairs of the north pier will"),
        (72, 60, 7, "regular", "1 Figures from the harbour master office."),
        (300, 30, 9, "regular", "1"),
    ],
    [
        (72, 760, 9, "regular", "Harbour Report 2024"),
        (72, 700, 10, "regular", "continue until June, the harbour master said."),
        (72, 670, 14, "bold", "Checking the tide gauge"),
        (72, 650, 10, "regular", "Operators read the gauge with one command:"),
        (90, 632, 10, "mono", "harbour-gauge --read north"),
        (72, 612, 10, "regular", "It prints the level in centimetres."),
        (300, 30, 9, "regular", "2"),
    ],
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Document:
    path = write_laid_out_pdf(tmp_path_factory.mktemp("pdf") / "report.pdf", REPORT)
    return formats.read_pdf(path.read_bytes(), "report.pdf", "report.pdf")


def sentences(doc: Document) -> list[str]:
    return [doc.text[a:b] for s in doc.sections for a, b in split_sentences(doc.text, s.start, s.end)]


def test_the_title_block_gives_title_author_and_date(report: Document) -> None:
    """No metadata in the file: the title is the first page's largest line, the author and date the short
    lines under it (the date over the file's creation date, which is when it was built)."""
    assert report.title == "Harbour Annual Report"
    assert report.author == "Maria Lund"
    assert report.published_at == "2024-03-15"


def test_running_heads_and_page_numbers_are_dropped(report: Document) -> None:
    assert "Harbour Report 2024" not in report.text
    assert not any(line.strip() in {"1", "2"} for line in report.text.split("\n"))


def test_headings_open_sections_and_prose_is_one_paragraph(report: Document) -> None:
    assert [s.heading for s in report.sections][-2:] == ["Storm damage", "Checking the tide gauge"]
    said = sentences(report)
    stopped = "The October storm damaged the north pier and the construction of the new quay was stopped for a month."
    assert stopped in said
    # the sentence runs on to the next page; the footnote set between its halves follows it
    assert "The repairs of the north pier will continue until June, the harbour master said." in said
    assert "1 Figures from the harbour master office." in said


def test_code_keeps_its_line_and_chunks_know_their_page(report: Document) -> None:
    assert "\n" + CODE_INDENT + "harbour-gauge --read north\n" in report.text
    assert "Operators read the gauge with one command:" in sentences(report)
    assert report.page_at(report.text.index("construction")) == 1
    assert report.page_at(report.text.index("continue until June")) == 2
    assert report.page_at(report.text.index("It prints the level")) == 2
    chunks = chunk_document(report, lambda text: len(text.split()), max_tokens=40, overlap_sentences=0)
    assert {c.page for c in chunks if "tide gauge" in c.section} == {2}


def test_a_hyphen_the_document_writes_elsewhere_stays(tmp_path: Path) -> None:
    pages = [
        [
            (72, 700, 10, "regular", "The port signed a long-"),
            (72, 688, 10, "regular", "term lease with the city."),
            (72, 676, 10, "regular", "A long-term lease runs for thirty years."),
        ]
    ]
    doc = formats.read_pdf(write_laid_out_pdf(tmp_path / "lease.pdf", pages).read_bytes(), "lease.pdf")
    assert "signed a long-term lease with the city." in doc.text


def test_glyphs_are_read_as_the_letters_people_type() -> None:
    assert pdf.clean_glyphs("conﬁguration of the ﬂoat") == "configuration of the float"
    assert pdf.clean_glyphs("Rainer Sch¨opf and Fran¸cois") == "Rainer Schöpf and François"


def test_newsletters_in_two_columns_read_as_prose() -> None:
    """A LaTeX-typeset newsletter: its table of contents (dot leaders, page numbers) is gone, its section
    headings open sections, a word hyphenated at a line's end is whole, and the page's foot set inside a
    sentence running on to the next page no longer splits the sentence."""
    documents = {d.doc_id: d for d in read_corpus(CORPUS)[0]}
    news = documents["ltnews33.pdf"]
    assert " . ." not in news.text and "ﬁ" not in news.text
    headings = [s.heading for s in news.sections]
    assert "Extending the hook concept to paragraphs" in headings and "Contents" not in headings
    # a note set apart in a slanted type of its own is text of its section, not a heading opening one
    assert not any(h.startswith("(github issue") for h in headings)
    assert any("(github issue 486)" in news.text[s.start : s.end] for s in news.sections)
    said = sentences(news)
    normalized = "\\string is applied to normalize robust commands within the file name."
    assert any(sentence.endswith(normalized) for sentence in said)
    assert (
        "Additionally, both of these files are included as part of the full kernel documentation in source2e.pdf."
        in said
    )
    assert news.page_at(news.text.index("Extending the hook concept to commands")) == 2

    manual = documents["camlidl-manual.pdf"]
    assert (manual.author, manual.published_at) == ("Xavier Leroy", "2002-05-01")
    assert {"1 Overview", "1.1 What is IDL?", "1.2 What is COM?"} <= {s.heading for s in manual.sections}
    licence = documents["lppl.pdf"]
    assert any("1.3c" in s for s in sentences(licence))  # a subtitle set as a heading over another is still text


def test_a_pdf_whose_layout_cannot_be_read_is_indexed_as_its_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fake fault: no real file is known that pypdf reads and pdfminer.six cannot, so the layout reader is
    made to fail. The build still gets each page's lines, with their pages."""
    pages = [
        [(72, 700, 10, "regular", "The harbour handled 4,000 ships.")],
        [(72, 700, 10, "regular", "Its chair is Maria Lund.")],
    ]
    path = write_laid_out_pdf(tmp_path / "report.pdf", pages, title="Harbour report")

    def broken(*args: object, **kwargs: object) -> Document:
        raise ValueError("unreadable layout")

    monkeypatch.setattr(pdf, "layout_document", broken)
    doc = formats.read_pdf(path.read_bytes(), "report.pdf")
    assert doc.title == "Harbour report" and len(doc.page_starts) == 2
    assert doc.page_at(doc.text.index("Its chair")) == 2 and "4,000 ships" in doc.text


def test_a_librarys_placeholder_metadata_is_no_title_or_author(tmp_path: Path) -> None:
    """reportlab writes "(anonymous)" as title and author of every file it makes; the title page says better."""
    path = write_laid_out_pdf(tmp_path / "report.pdf", REPORT, title="(anonymous)", author="(anonymous)")
    doc = formats.read_pdf(path.read_bytes(), "report.pdf", "report.pdf")
    assert (doc.title, doc.author) == ("Harbour Annual Report", "Maria Lund")
    path = write_laid_out_pdf(tmp_path / "memo.pdf", REPORT, title="Microsoft Word - memo.docx", author="mlund")
    doc = formats.read_pdf(path.read_bytes(), "memo.pdf", "memo.pdf")
    assert (doc.title, doc.author) == ("Harbour Annual Report", "Maria Lund")  # a login is no author either


def _ruled_table(top: float, rows: list[list[str]], columns: list[float]) -> tuple[list, list]:
    """A table's cells as placed lines and its ruling (a grid), a line a cell: rows 20 points high from ``top``."""
    return _table_of_lines(top, [[[text] for text in row] for row in rows], columns)


def test_a_ruled_table_is_read_row_by_row_with_its_figures(tmp_path: Path) -> None:
    """Read as lines, a table came out column by column ("Revenue Net income ... 142.6 12.4 ... 168.3 16.7") and
    a column of whole numbers ("5400", "7125") was dropped as page references."""
    cells, rules = _ruled_table(
        600,
        [["Year", "Visitors", "Exhibitions"], ["2021", "5400", "12"], ["2022", "7125", "15"], ["2023", "8810", "17"]],
        [72, 182, 292],
    )
    page = [
        (72, 700, 20, "regular", "Museum Report"),
        (72, 650, 10, "regular", "The table shows the visitors per year at the museum since it reopened."),
        *cells,
        (72, 480, 10, "regular", "Attendance grew every year."),
    ]
    path = write_laid_out_pdf(tmp_path / "museum.pdf", [page], rules={0: rules})
    doc = formats.read_pdf(path.read_bytes(), "museum.pdf", "museum.pdf")
    assert (
        "\n\nYear: 2021; Visitors: 5400; Exhibitions: 12\n\nYear: 2022; Visitors: 7125; Exhibitions: 15\n\n" in doc.text
    )
    assert doc.text.index("since it reopened.") < doc.text.index("Year: 2021") < doc.text.index("Attendance grew")
    assert "Year Visitors" not in doc.text


def test_contents_page_references_are_dropped_but_not_a_tables_figures(tmp_path: Path) -> None:
    """A column of bare numbers is page references when they are pages of the file, in order."""
    assert pdf._page_references([1, 3, 7], pages=12)
    assert not pdf._page_references([5400, 7125, 8810], pages=12)
    assert not pdf._page_references([12, 3, 7], pages=12)


def test_a_papers_title_block_gives_its_authors_without_marks_and_its_submission_date(tmp_path: Path) -> None:
    """Names marked with their affiliations' numbers, the institutions under them, then "Preprint submitted ...":
    the authors opened a section of their own and the date was lost."""
    page = [
        (72, 720, 17, "bold", "Soil Moisture Memory Modulates Urban Heat Islands"),
        (72, 690, 11, "regular", "Ilse Vanderberg1, Tomasz Kowalczyk2, Aiko Mori1"),
        (72, 674, 9, "regular", "1Institute for Environmental Physics, University of Groningen"),
        (72, 660, 9, "regular", "Preprint submitted 12 February 2024"),
        (72, 630, 11, "bold", "1 Introduction"),
        (72, 610, 9, "regular", "Urban heat islands are usually explained by impervious surfaces and heat."),
        (72, 598, 9, "regular", "The role of soil moisture in the rural land around cities is often overlooked."),
    ]
    path = write_laid_out_pdf(tmp_path / "paper.pdf", [page], title="(anonymous)", author="(anonymous)")
    doc = formats.read_pdf(path.read_bytes(), "paper.pdf", "paper.pdf")
    assert doc.title == "Soil Moisture Memory Modulates Urban Heat Islands"
    assert doc.author == "Ilse Vanderberg, Tomasz Kowalczyk and Aiko Mori"
    assert doc.published_at == "2024-02-12"
    assert [s.heading for s in doc.sections][-1] == "1 Introduction"
    assert "Ilse Vanderberg1" not in [s.heading for s in doc.sections]


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("By Dr James Whitlow", "Dr James Whitlow"),
        ("Dr James Whitlow, GP partner", "Dr James Whitlow"),
        ("Tom Hendry, Pharmacy Manager", "Tom Hendry"),
        # a job title of any trade: a harbour's, a parish's, a museum's ("Captain Ruth Penhaligon and Harbour Master")
        ("Captain Ruth Penhaligon, Harbour Master", "Captain Ruth Penhaligon"),
        ("Sunita Rao, Churchwarden", "Sunita Rao"),
        ("Priya Shah, Head of Visitor Services", "Priya Shah"),
        ("Owen Price, Harbourmaster", "Owen Price"),
        ("Megan Hale, Head Groundskeeper", "Megan Hale"),
        # names are still a list of authors
        ("Ann Lee and Tom Hart", "Ann Lee and Tom Hart"),
        ("Ann Lee, Tom Hart and Bo Ray", "Ann Lee, Tom Hart and Bo Ray"),
    ],
)
def test_a_title_blocks_byline_or_name_with_its_role_is_the_author(tmp_path: Path, byline: str, author: str) -> None:
    """ "By Dr James Whitlow" gave the author "By Dr James Whitlow", a name with its role after a comma gave none,
    then kept the role, and "Tom Hendry, Pharmacy Manager" read as two authors, "Tom Hendry and Pharmacy
    Manager"; so did a harbour's annual report, "Captain Ruth Penhaligon and Harbour Master"."""
    page = [
        (72, 720, 17, "bold", "Home blood pressure monitoring"),
        (72, 690, 11, "regular", byline),
        (72, 674, 11, "regular", "12 March 2024"),
        (72, 640, 13, "bold", "Why we ask you to check"),
        (72, 620, 10, "regular", "A single reading in the surgery can be higher than usual."),
    ]
    path = write_laid_out_pdf(tmp_path / "guide.pdf", [page])
    doc = formats.read_pdf(path.read_bytes(), "guide.pdf", "guide.pdf")
    assert (doc.author, doc.published_at) == (author, "2024-03-12")


@pytest.mark.parametrize(
    ("under", "author", "day"),
    [
        ([(14, "Model GP-40"), (10, "Issued 27 June 2024")], "", "2024-06-27"),
        ([(14, "Handbook for the GP-40"), (10, "Sofia Lindqvist"), (10, "May 2024")], "Sofia Lindqvist", "May 2024"),
        (
            [
                (10, "Model year 2024, petrol and mild hybrid versions of the pump"),
                (10, "Edition 2, issued 14 March 2024"),
            ],
            "",
            "2024-03-14",
        ),
        ([(10, "Sofia Lindqvist"), (10, "27 June 2024")], "Sofia Lindqvist", "2024-06-27"),
        ([(10, "By Sofia Lindqvist"), (10, "Published 27 June 2024")], "Sofia Lindqvist", "2024-06-27"),
        ([(10, "Issued 27 June 2024 by Marco Bellandi, Technical Services")], "Marco Bellandi", "2024-06-27"),
    ],
    ids=["subtitle", "subtitle-name-month", "long-line-of-its-own", "name", "byline", "byline-after-the-day"],
)
def test_the_lines_under_a_large_title_give_its_author_and_date(
    tmp_path: Path, under: list[tuple[int, str]], author: str, day: str
) -> None:
    """A 24 pt title over 10 pt lines: a subtitle set larger than the body ("Model GP-40") ended the title block
    and opened a section, and a line in the body's size ended it as small print, so the name and the day under it
    were lost (the PDF was dated the day the file was built); a month alone was no date, and a byline after the
    day gave no author. Each line of the block is a paragraph of its own, not one sentence with the next."""
    page = [(72, 720, 24, "bold", "Garden Pump Guide")]
    page += [(72, 690 - 16 * n, size, "regular", text) for n, (size, text) in enumerate(under)]
    page += [
        (72, 600, 14, "bold", "1 Setup"),
        (72, 580, 10, "regular", "Prime the pump with 2 litres of water before you use it for the first time."),
        (72, 550, 14, "bold", "2 Storage"),
        (72, 530, 10, "regular", "Drain the pump before the first frost and keep it indoors over the winter."),
    ]
    path = write_laid_out_pdf(tmp_path / "guide.pdf", [page])
    doc = formats.read_pdf(path.read_bytes(), "guide.pdf", "guide.pdf")
    assert (doc.author, doc.published_at) == (author, day)
    assert [s.heading for s in doc.sections] == ["Garden Pump Guide", "1 Setup", "2 Storage"]
    assert [paragraph for paragraph in doc.text.split("\n\n")][1 : len(under) + 1] == [text for _, text in under]


@pytest.mark.parametrize(
    ("title", "under", "day"),
    [
        (
            "Minutes of Full Council",
            "Tuesday 11th February 2025, 7.00pm, Council Chamber, Ashcombe Town Hall.",
            "2025-02-11T19:00:00",
        ),
        (
            "Planning Committee",
            "Minutes of the meeting held on 28/01/25 at 6.30pm in the Committee Room, Ashcombe Town Hall.",
            "2025-01-28T18:30:00",
        ),
        (
            "Vantora Group Annual Report 2024",
            "Excerpt: letter from the Chair, financial review and outlook. Published 10 December 2024.",
            "2024-12-10",
        ),
        (
            "Planning Committee Minutes, 25 March 2025",
            "Present: Cllr Tom Hargreaves (Chair), Cllr Robert Finch and Cllr Helen Marsh.",
            "2025-03-25",
        ),
    ],
    ids=["date-line-going-on", "held-on-in-a-sentence", "published-in-a-subtitle", "day-in-the-title"],
)
def test_a_day_the_title_block_names_among_other_words_dates_the_pdf(
    tmp_path: Path, title: str, under: str, day: str
) -> None:
    """Minutes and reports set their day in a line that goes on (a time, a place), in a sentence under the title, or
    in the title itself: the day was not read and the PDF was dated by its creation date, the day it was built."""
    page = [
        (72, 720, 17, "bold", title),
        (72, 690, 10, "regular", under),
        (72, 660, 13, "bold", "Declarations of interest"),
        (72, 640, 10, "regular", "None were made at the meeting by any of the members present that evening."),
    ]
    path = write_laid_out_pdf(tmp_path / "minutes.pdf", [page])
    doc = formats.read_pdf(path.read_bytes(), "minutes.pdf", "minutes.pdf")
    assert doc.published_at == day
    assert under in doc.text  # the line stays text: it says where the meeting was


@pytest.mark.parametrize(
    ("dated", "gap", "period"),
    [
        ("Published December 2025", 12, "December 2025"),
        ("Published December 2025", 20, "December 2025"),
        ("Updated May 2024", 12, "May 2024"),
        ("Issued in March 2026", 12, "March 2026"),
        ("Programme for December 2025", 12, "2025-01-01"),  # no word saying the month is the document's
    ],
    ids=["published-in-the-subtitles-box", "published-on-its-own", "updated", "issued-in", "no-cue"],
)
def test_a_month_after_published_in_the_title_block_dates_the_pdf(
    tmp_path: Path, dated: str, gap: int, period: str
) -> None:
    """A leisure centre's lesson programme: its title, a subtitle in the body's type, then "Published December 2025"
    (set right under the subtitle, the two one paragraph, or apart). A day there ("Published 5 December 2025") dated
    it, a month alone under the title did too ("May 2024"), but a month after "Published" was no date: the PDF was
    dated the day its file was built. It is kept as written, as a month alone is (read as that month)."""
    page = [
        (72, 715, 18, "bold", "Learn to Swim 2026"),
        (72, 690, 10, "regular", "Kestrel Park Leisure Centre swimming lesson programme"),
        (72, 690 - gap, 10, "regular", dated),
        (72, 640, 14, "bold", "Term dates"),
        (72, 620, 10, "regular", "Spring term runs for 12 weeks from 5 January to 28 March 2026. Summer term runs"),
        (72, 608, 10, "regular", "from 20 April to 18 July 2026. There are no lessons during the Easter holidays."),
        (72, 580, 14, "bold", "Lessons and prices"),
        (72, 560, 10, "regular", "Lessons are paid for by the term. Prices below are for a full term."),
    ]
    path = write_laid_out_pdf(tmp_path / "lessons.pdf", [page])
    doc = formats.read_pdf(path.read_bytes(), "lessons.pdf", "lessons.pdf")
    assert doc.published_at == period
    assert dated in doc.text


def test_a_day_in_the_body_or_in_a_long_opening_paragraph_does_not_date_the_pdf(tmp_path: Path) -> None:
    """A day the text tells of (a meeting held, a report published) is no day of the document's own."""
    page = [
        (72, 720, 17, "bold", "Harbour Review"),
        (72, 690, 10, "regular", "The harbour board, which oversees the north and south piers and the ferry"),
        (72, 678, 10, "regular", "terminal, met in public for the first time this year; its meeting held on"),
        (72, 666, 10, "regular", "3 March 2024 at 6pm agreed the repairs of the north pier and a new timetable."),
        (72, 630, 13, "bold", "Repairs"),
        (72, 610, 10, "regular", "The survey was published 12 February 2024."),
    ]
    path = write_laid_out_pdf(tmp_path / "review.pdf", [page])
    doc = formats.read_pdf(path.read_bytes(), "review.pdf", "review.pdf")
    assert doc.published_at == "2025-01-01"  # the day the file was made, not the time of day it was built


def test_a_title_blocks_dated_line_over_the_paragraph_in_its_box_dates_the_pdf_and_ends_its_sentence(
    tmp_path: Path,
) -> None:
    """A key facts document's "Effective from 1 March 2024" set right over its summary, in the same text box: the
    long paragraph they made was read for no day (the PDF was dated the day the file was built), and the date ran
    into the next sentence ("... 1 March 2024 This document is a summary ...")."""
    page = [
        (72, 720, 17, "bold", "Home Insurance Key Facts"),
        (72, 690, 10, "regular", "Harbourline Mutual Insurance plc. Effective from 1 March 2024"),
        (72, 678, 10, "regular", "This document is a summary of the main features of our home insurance, the cover"),
        (72, 666, 10, "regular", "it gives and what it leaves out. The full terms are in the policy wording."),
        (72, 630, 13, "bold", "What is not insured?"),
        (72, 610, 10, "regular", "Wear and tear and gradual damage."),
    ]
    path = write_laid_out_pdf(tmp_path / "key-facts.pdf", [page])
    doc = formats.read_pdf(path.read_bytes(), "key-facts.pdf", "key-facts.pdf")
    assert doc.published_at == "2024-03-01"
    assert "Effective from 1 March 2024" in sentences(doc)


@pytest.mark.parametrize(
    ("dated", "day"),
    [
        ("28 October 2026", "2026-10-28"),
        ("Particulars prepared 18 September 2026", "2026-09-18"),
        ("Brochure prepared 12 November 2026", "2026-11-12"),
    ],
)
def test_a_small_italic_date_line_under_a_brochures_title_block_dates_it_and_heads_no_section(
    tmp_path: Path, dated: str, day: str
) -> None:
    """An estate agent's brochure (reportlab): the title, then the address and the price each in a type of its own,
    then the day it was prepared in small italic type. The block ended at the address (a heading), the PDF was
    dated the day the file was made, and the date line, a short line in a font the body seldom uses, opened a
    section: citations named the section "28 October 2026" and answers quoted "Particulars prepared 18 September
    2026: The Old Rectory"."""
    page = [
        (72, 740, 11, "bold", "FINCH & HARROW"),
        (72, 710, 26, "bold", "Swallow Cottage"),
        (72, 690, 12, "regular", "2 The Green, Stanbury Green, Hollinbrook HL5 2JB"),
        (72, 670, 15, "bold", "Guide price 560,000 pounds"),
        (72, 652, 9, "italic", dated),
        (72, 630, 10, "ansi", "A pretty detached thatched cottage of the 17th century, looking out over the"),
        (72, 618, 10, "ansi", "village green, with a cottage garden and a detached garage."),
        (72, 590, 14, "bold", "Location"),
        (72, 570, 10, "ansi", "Stanbury Green is a conservation village two miles west of Hollinbrook."),
        (72, 540, 14, "bold", "Outside"),
        (72, 520, 10, "ansi", "The cottage garden wraps around the house, with deep herbaceous borders."),
    ]
    path = write_laid_out_pdf(tmp_path / "brochure.pdf", [page])
    doc = formats.read_pdf(path.read_bytes(), "brochure.pdf", "brochure.pdf")
    assert doc.published_at == day
    assert [s.heading for s in doc.sections] == ["Swallow Cottage", "Location", "Outside"]
    assert dated in doc.text.split("\n\n")  # a paragraph of its own, not the first words of one


@pytest.mark.parametrize(
    ("dated", "period"), [("Published December 2025", "December 2025"), ("November 2025", "November 2025")]
)
def test_a_small_italic_month_line_under_a_subtitle_dates_the_pdf(tmp_path: Path, dated: str, period: str) -> None:
    """An arts centre's season brochure (reportlab): the title, a subtitle in bold italic, then "Published December
    2025" in small italic type, a font the body seldom uses. A day there dated it, but the month line was read as a
    second subtitle (no day, so no date line), the block ended under the title and the PDF was dated the day its
    file was built."""
    page = [
        (72, 740, 18, "bold", "Spring Season 2026"),
        (72, 716, 12, "bold", "Wrenfield Arts Centre - January to April 2026"),
        (72, 698, 9, "italic", dated),
        (72, 670, 14, "bold", "Welcome"),
        (72, 650, 10, "regular", "This is my last spring season as your Artistic Director, and I have filled it"),
        (72, 638, 10, "regular", "with new writing, music from around the world and our brilliant Youth Theatre."),
        (72, 626, 10, "regular", "The season opens with a new play, a story of three sisters and a failing cider"),
        (72, 614, 10, "regular", "farm, which we have produced ourselves, and closes with a dance company's visit."),
        (72, 586, 14, "bold", "Booking"),
        (72, 566, 10, "regular", "Members' priority booking opens on Monday 1 December 2025 and general sale a"),
        (72, 554, 10, "regular", "week later. Book online or call the box office, which is open every day but Sunday."),
    ]
    path = write_laid_out_pdf(tmp_path / "brochure.pdf", [page])
    doc = formats.read_pdf(path.read_bytes(), "brochure.pdf", "brochure.pdf")
    assert doc.published_at == period
    assert [s.heading for s in doc.sections] == ["Spring Season 2026", "Welcome", "Booking"]
    assert dated in doc.text.split("\n\n")


@pytest.mark.parametrize("sites", [1, 6], ids=["italic-font-in-a-short-text", "italic-font-seldom-used"])
@pytest.mark.parametrize(
    ("dated", "period"),
    [("Published May 2025", "May 2025"), ("Published 14 May 2025", "2025-05-14"), ("May 2025", "May 2025")],
)
def test_a_small_italic_date_line_under_a_subtitle_in_the_sections_type_dates_the_pdf(
    tmp_path: Path, dated: str, period: str, sites: int
) -> None:
    """A co-operative's annual report (reportlab, testers' bb72): "Annual Report 2024", the society's name in the
    sections' type (Heading2, as "Chair's statement" under it), then "Published May 2025" in small italic type. The
    subtitle ended the title block as a section's heading would, the date line (a font the body seldom uses) was
    read as a heading (or, in a short text, a paragraph under it, where only a day was read), and the report was dated
    the day its file was built: "the latest article" named this 2024 report."""
    page = [
        (72, 740, 18, "bold", "Annual Report 2024"),
        (72, 716, 14, "bold", "Hollowmere Community Energy Ltd"),
        (72, 698, 9, "italic", dated),
        (72, 670, 14, "bold", "Chair's statement"),
        (72, 650, 10, "regular", "2024 was a difficult year at Tarnside, where Turbine 2 failed in November, but"),
        (72, 638, 10, "regular", "our solar farm at Brackenfold had its best summer yet. Membership grew to 1,248."),
        (72, 610, 14, "bold", "Our sites"),
        *[
            (72, 590 - 12 * n, 10, "regular", "Brackenfold Solar Farm produced 3,905 MWh in 2024, its best year since")
            for n in range(sites)
        ],
    ]
    path = write_laid_out_pdf(tmp_path / "annual-report.pdf", [page])
    doc = formats.read_pdf(path.read_bytes(), "annual-report.pdf", "annual-report.pdf")
    assert doc.published_at == period
    assert dated in doc.text.split("\n\n")  # a paragraph of its own
    assert dated not in [s.heading for s in doc.sections]  # a date line, never a heading


def test_a_notice_box_opens_no_section(tmp_path: Path) -> None:
    """Each WARNING or NOTE box of a manual opened a section named so, and its passage lost the section it belongs
    to. The label leads the box's text, as admonitions read. (A chapter's heading over its first sub-heading stays
    that section's first line: docs/quality.md.)"""
    page = [
        (72, 740, 20, "bold", "Garden Pump Manual"),
        (72, 700, 16, "bold", "1 Setting up"),
        (72, 676, 12, "bold", "1.1 Priming the pump"),
        (72, 656, 10, "regular", "Fill the pump housing with 2 litres of water before you switch it on."),
        (72, 630, 10.5, "bold", "NOTE"),
        (72, 614, 9.5, "regular", "A pump run dry for more than a minute is not covered by the warranty."),
        (72, 590, 12, "bold", "1.2 Storing the pump"),
        (72, 570, 10, "regular", "Drain the pump before the first frost and keep it indoors over the winter."),
        (72, 544, 10.5, "bold", "WARNING"),
        (72, 528, 9.5, "regular", "Unplug the pump before you open the housing."),
        (72, 500, 16, "bold", "2 Maintenance"),
        (72, 480, 10, "regular", "Clean the filter every month in the season and replace it every two years."),
    ]
    path = write_laid_out_pdf(tmp_path / "pump.pdf", [page])
    doc = formats.read_pdf(path.read_bytes(), "pump.pdf", "pump.pdf")
    body = {s.heading: doc.text[s.start : s.end] for s in doc.sections}
    assert list(body) == ["1.1 Priming the pump", "1.2 Storing the pump", "2 Maintenance"]
    assert "Note: A pump run dry for more than a minute is not covered by the warranty." in body["1.1 Priming the pump"]
    assert body["1.2 Storing the pump"].endswith("Warning: Unplug the pump before you open the housing.")


def test_a_bullet_no_encoding_maps_is_a_list_item_and_no_placeholder_is_text(tmp_path: Path) -> None:
    """reportlab sets a bullet as code 127 of WinAnsiEncoding, which names no glyph there but shows a bullet (the
    PDF standard's rule for the encoding's unused codes): pdfminer.six wrote "(cid:127)" in the text, and two
    items set close together ran on as one paragraph."""
    page = [
        (72, 720, 17, "bold", "Glucomet 500 mg Tablets"),
        (72, 690, 10, "bold", "Very common (may affect more than 1 in 10 people)"),
        (72, 676, 10, "ansi", "\x7f diarrhoea and stomach ache"),
        (72, 664, 10, "ansi", "\x7f loss of appetite"),
        (72, 640, 10, "regular", "Tell your doctor \x7fif any side effect gets serious."),
    ]
    doc = formats.read_pdf(write_laid_out_pdf(tmp_path / "leaflet.pdf", [page]).read_bytes(), "leaflet.pdf")
    assert "\n\n\u2022 diarrhoea and stomach ache\n\n\u2022 loss of appetite\n\n" in doc.text
    assert "(cid:" not in doc.text  # a code no encoding maps in a font of another encoding: no text at all
    assert "Tell your doctor if any side effect gets serious." in doc.text


def _table_of_lines(top: float, rows: list[list[list[str]]], columns: list[float]) -> tuple[list, list]:
    """A ruled table whose cells hold lines of their own (``_ruled_table``'s hold one), 12 points apart, each row
    as high as its tallest cell; columns 110 points wide with the text 4 points in."""
    cells, rules, y = [], [], top
    for row in rows:
        cells += [
            (x + 4, y - 14 - 12 * i, 10, "regular", line)
            for x, lines in zip(columns, row, strict=True)
            for i, line in enumerate(lines)
        ]
        rules.append((columns[0], y, columns[-1] + 110, y))
        y -= 8 + 12 * max(len(lines) for lines in row)
    rules.append((columns[0], y, columns[-1] + 110, y))
    rules += [(x, top, x, y) for x in [*columns, columns[-1] + 110]]
    return cells, rules


def test_a_ruled_tables_cells_wrapped_in_their_width_are_read_whole(tmp_path: Path) -> None:
    """A leaflet's dosage table (reportlab's, ruled with GRID) wraps a long cell over two lines: a row of one-line
    cells beside two-line ones was taken for a body of tall cells, and the table read as lines ran its rows
    together ("Relief of wheeze or breathlessness 1 or 2 puffs ... Maximum in 24 hours 8 puffs"). Lines that would
    have fitted on one ("2021" over "2022") are still rows of their own."""
    cells, rules = _table_of_lines(
        600,
        [
            [["Use"], ["Adults"], ["Children under 12"]],
            [
                ["Relief of wheeze or", "breathlessness"],
                ["1 or 2 puffs"],
                ["1 puff, increased to 2", "puffs if needed"],
            ],
            [["Maximum in 24 hours"], ["8 puffs"], ["8 puffs"]],
        ],
        [72, 182, 292],
    )
    body, body_rules = _table_of_lines(400, [[["Year"], ["Visitors"]], [["2021", "2022"], ["5400", "7125"]]], [72, 182])
    page = [
        (72, 700, 20, "regular", "Airvent Inhaler"),
        (72, 650, 10, "regular", "Use the inhaler as the table below shows."),
        *cells,
        (72, 450, 10, "regular", "Shake the inhaler before each puff."),
        *body,
    ]
    path = write_laid_out_pdf(tmp_path / "airvent.pdf", [page], rules={0: rules + body_rules})
    doc = formats.read_pdf(path.read_bytes(), "airvent.pdf", "airvent.pdf")
    assert (
        "\n\nUse: Relief of wheeze or breathlessness; Adults: 1 or 2 puffs; Children under 12: 1 puff, increased to 2"
        " puffs if needed\n\nUse: Maximum in 24 hours; Adults: 8 puffs; Children under 12: 8 puffs\n\n" in doc.text
    )
    assert "Year: 2021; Visitors: 5400\n\nYear: 2022; Visitors: 7125" in doc.text


def test_a_two_column_form_reads_key_value_and_a_value_running_past_its_cell_is_read_whole(tmp_path: Path) -> None:
    """A council's decision notice sets its application's facts in a ruled form of two columns, no header row
    (reportlab's GRID): read under its first row, every row came out "Application number: Applicant; HB/25/0101/FUL:
    Ms Ann Lee", and the proposal, a plain string reportlab does not wrap, ran past the table's right rule and lost
    its words there ("... with outdoor seating area"). A first row naming its columns stays the header."""
    proposal = "Change of use from vehicle workshop to cafe with outdoor seating area"
    form, form_rules = _ruled_table(
        600,
        [["Application number", "HB/25/0101/FUL"], ["Applicant", "Ms Ann Lee"], ["Proposal", proposal]],
        [72, 182],
    )
    plans, plans_rules = _ruled_table(
        450, [["Plan", "Requests per minute"], ["Starter", "60"], ["Pro", "600"]], [72, 182]
    )
    page = [
        (72, 700, 20, "regular", "Notice of Decision"),
        (72, 650, 10, "regular", "The council grants permission for the development described below."),
        *form,
        (72, 500, 10, "regular", "The limits of each plan are these."),
        *plans,
    ]
    path = write_laid_out_pdf(tmp_path / "notice.pdf", [page], rules={0: form_rules + plans_rules})
    doc = formats.read_pdf(path.read_bytes(), "notice.pdf", "notice.pdf")
    assert f"Application number: HB/25/0101/FUL\n\nApplicant: Ms Ann Lee\n\nProposal: {proposal}\n\n" in doc.text
    assert "Plan: Starter; Requests per minute: 60\n\nPlan: Pro; Requests per minute: 600" in doc.text


def _bold_header(cells: list, columns: int) -> list:
    """``_ruled_table``'s cells with its first row's set in bold, as a header is."""
    return [(x, y, size, "bold", text) for x, y, size, _, text in cells[:columns]] + cells[columns:]


@pytest.mark.parametrize(
    ("top", "read"),
    [
        ([["Treasurer", "Raj Patel"], ["Auditor", "Kemp & Co"]], "Role: Treasurer; Name: Raj Patel\n\nRole: Auditor"),
        ([["Treasurer", "Raj Patel"]], "Role: Treasurer; Name: Raj Patel\n\nOfficers serve"),  # a row left over
        ([["Office", "Holder"], ["Treasurer", "Raj Patel"]], "Office: Treasurer; Holder: Raj Patel"),  # bold: its own
    ],
)
def test_a_ruled_table_going_on_over_the_page_reads_its_rest_under_its_header(
    tmp_path: Path, top: list[list[str]], read: str
) -> None:
    """An annual report's table of officers, split over two pages without its header repeated (reportlab's
    default): the second page's part was read under its own first row ("Treasurer: Auditor; Raj Patel: Kemp &
    Co"). A table of its own at the top of a page, its header set in bold as the first one's is, keeps it."""
    columns = [72, 182]
    first, first_rules = _ruled_table(200, [["Role", "Name"], ["Chair", "Ann Lee"], ["Secretary", "Tom Hart"]], columns)
    rest, rest_rules = _ruled_table(740, top, columns)
    pages = [
        [
            (72, 700, 20, "regular", "Harbour Trust Annual Report"),
            (72, 650, 10, "regular", "The trust is run by its officers, who are elected each year."),
            *_bold_header(first, 2),
            (300, 30, 9, "regular", "1"),
        ],
        [
            *(_bold_header(rest, 2) if top[0][0] == "Office" else rest),
            (72, 620, 10, "regular", "Officers serve for three years at most."),
            (300, 30, 9, "regular", "2"),
        ],
    ]
    path = write_laid_out_pdf(tmp_path / "officers.pdf", pages, rules={0: first_rules, 1: rest_rules})
    doc = formats.read_pdf(path.read_bytes(), "officers.pdf", "officers.pdf")
    assert "Role: Chair; Name: Ann Lee\n\nRole: Secretary; Name: Tom Hart\n\n" in doc.text
    assert f"\n\n{read}" in doc.text, doc.text


MINUTES_BODY = [
    (72, 660, 10, "regular", "Present: the Vicar and eleven members. The minutes of 14 October 2025 were approved."),
    (72, 630, 12, "bold", "1. Heating"),
    (72, 610, 10, "regular", "The PCC accepted the quote of 14,200 pounds for a new boiler in the church."),
]


@pytest.mark.parametrize(
    ("name", "title", "under", "day"),
    [
        (
            "minutes.pdf",
            "",
            [
                (72, 695, 14, "bold", "Minutes of the meeting held on 9 December 2025 at 7.30pm in the"),
                (72, 678, 14, "bold", "Church Hall"),
            ],
            "2025-12-09T19:30:00",
        ),
        ("minutes.pdf", "PCC Minutes 9 December 2025", [], "2025-12-09"),
        ("2025-12-09-minutes.pdf", "", [], "2025-12-09"),
        (
            "policy.pdf",
            "",
            [
                (72, 695, 14, "bold", "St Aldhelm's Church, Wexcombe"),
                (72, 680, 10, "regular", "Adopted by the PCC on 14 October 2025"),
            ],
            "2025-10-14",
        ),
        (
            "policy.pdf",
            "",
            [
                (72, 695, 12, "bold", "St Aldhelm's Church, Wexcombe"),
                (72, 680, 10, "regular", "Adopted by the PCC on 14 October 2025"),
            ],
            "2025-10-14",
        ),
    ],
    ids=[
        "held-on-in-a-subtitle",
        "day-in-the-title-property",
        "day-in-the-file-name",
        "adopted-by-a-body-on",
        "adopted-under-a-subtitle-in-the-sections-type",
    ],
)
def test_a_day_the_subtitle_title_or_file_name_names_dates_the_pdf_over_its_creation(
    tmp_path: Path, name: str, title: str, under: list, day: str
) -> None:
    """reportlab stamps the creation date when it builds the file: a parish's minutes with "held on 9 December
    2025" in a subtitle's type, a title property "PCC Minutes 9 December 2025" or a name "2025-12-09-minutes.pdf",
    and a policy "Adopted by the PCC on 14 October 2025" (under a subtitle in its own type or in the sections'),
    were each dated the day the PDF was made."""
    page = [(72, 720, 18, "bold", "St Aldhelm's Parochial Church Council"), *under, *MINUTES_BODY]
    doc = formats.read_pdf(write_laid_out_pdf(tmp_path / name, [page], title=title).read_bytes(), name)
    assert (doc.published_at, doc.author) == (day, "")  # the body that adopted it is no author
    assert all(text in doc.text for *_, text in under[-1:])  # the line stays text


@pytest.mark.parametrize(
    ("under", "title", "day"),
    [
        (
            [
                (72, 695, 10, "regular", "Minutes of the Meeting of the Trustees held on Tuesday 16 September 2025"),
                (72, 683, 10, "regular", "at 7.30pm in the Committee Room"),
            ],
            "Brackenford Village Hall Trust: Minutes of the Meeting of the Trustees held on Tuesday 16 September 2025"
            " at 7.30pm in the Committee Room",
            "2025-09-16T19:30:00",
        ),
        (
            [(72, 695, 14, "bold", "Conditions of Hire"), (72, 680, 10, "regular", "Approved 16 September 2025")],
            "Brackenford Village Hall Trust: Conditions of Hire",
            "2025-09-16",
        ),
        (
            [(72, 695, 10, "regular", "Approved on Tuesday 16 September 2025 in the Committee Room")],
            "Brackenford Village Hall Trust",  # says no kind of document: the name alone titles it
            "2025-09-16",
        ),
    ],
    ids=["minutes-in-the-body-type", "a-subtitle", "no-kind"],
)
def test_a_title_naming_the_organisation_over_a_line_saying_what_the_pdf_is_titles_it_with_both(
    tmp_path: Path, under: list, title: str, day: str
) -> None:
    """A village hall's minutes set the trust's name as the title over "Minutes of the Trustees' Meeting held on ..."
    in the body's type: titled by the name alone, as every document of the trust is, so two documents shared it
    (testers' bb76, 3.). The Word and plain-text readers title such a document with both."""
    page = [(72, 720, 18, "bold", "Brackenford Village Hall Trust"), *under, *MINUTES_BODY]
    doc = formats.read_pdf(write_laid_out_pdf(tmp_path / "doc.pdf", [page]).read_bytes(), "doc.pdf")
    assert (doc.title, doc.published_at) == (title, day)
    assert doc.text.startswith("Brackenford Village Hall Trust\n\n")


def test_the_revision_the_text_states_dates_the_pdf_over_the_files_creation(tmp_path: Path) -> None:
    """A leaflet built by reportlab long after its text was revised was dated the day the file was made (the
    creation date, in the future of any reader's question); the title block's day still comes first."""
    leaflet = [
        (72, 720, 17, "bold", "Seralin 50 mg Tablets"),
        (72, 690, 10, "regular", "Seralin contains sertraline, a medicine for depression."),
        (72, 660, 10, "regular", "Next review due: May 2026"),
        (72, 640, 10, "regular", "This leaflet was last revised in August 2024."),
    ]
    doc = formats.read_pdf(write_laid_out_pdf(tmp_path / "seralin.pdf", [leaflet]).read_bytes(), "seralin.pdf")
    assert doc.published_at == "August 2024"
    dated = [*leaflet[:1], (72, 705, 10, "regular", "12 March 2024"), *leaflet[1:]]
    doc = formats.read_pdf(write_laid_out_pdf(tmp_path / "dated.pdf", [dated]).read_bytes(), "dated.pdf")
    assert doc.published_at == "2024-03-12"


def _letter(subject: list[tuple[float, float, float, str, str]], after: int = 0) -> list:
    """A school's letter: letterhead, address, date, then ``subject`` above the greeting (or under it, ``after``),
    two paragraphs, the valediction and a signature of a name over a role; then ``after`` lines of something else."""
    page = [
        (72, 740, 18, "bold", "Hollybrook Primary School"),
        (72, 722, 10, "regular", "Beech Lane, Ashford, AS4 7HB"),
        (72, 704, 10, "regular", "3 February 2025"),
        (72, 668, 10, "regular", "Dear Parents and Carers,"),
        (72, 650, 10, "regular", "Two children in Maple class have been diagnosed with scarlet fever."),
        (72, 630, 10, "regular", "Children should stay off school until 24 hours after starting antibiotics."),
        (72, 600, 10, "regular", "Yours sincerely,"),
        (72, 570, 10, "regular", "Mrs Helen Whitcombe"),
        (72, 558, 10, "regular", "Headteacher"),
    ]
    page[3:3] = subject
    more = [
        (72, 530 - 12 * i, 10, "regular", f"The governors met for the {i + 1}th time and agreed it.")
        for i in range(after)
    ]
    return [page + more]


@pytest.mark.parametrize(
    "subject",
    [
        [(72, 686, 14, "bold", "Notification of scarlet fever in Year 2")],
        [(72, 686, 10, "regular", "Re: Notification of scarlet fever in Year 2")],
        [(72, 658, 10, "bold", "Notification of scarlet fever in Year 2")],
    ],
    ids=["bold-above-the-greeting", "labelled-re", "bold-under-the-greeting"],
)
def test_a_letter_is_titled_by_its_subject_and_written_by_its_signatory(tmp_path: Path, subject: list) -> None:
    """A letter without properties was titled by its letterhead (the school's name, its largest line, on every
    letter the school sends) and had no author: its signature is at its foot."""
    path = write_laid_out_pdf(tmp_path / "letter.pdf", _letter(subject), title="(anonymous)", author="(anonymous)")
    doc = formats.read_pdf(path.read_bytes(), "letter.pdf", "letter.pdf")
    assert doc.title == "Notification of scarlet fever in Year 2"
    assert (doc.author, doc.published_at) == ("Mrs Helen Whitcombe", "2025-02-03")
    assert "Headteacher" in doc.text  # the role is text, as a byline's is


def test_a_greeting_and_a_signature_followed_by_more_is_no_letter(tmp_path: Path) -> None:
    """A chair's letter opening a report, the report after it: the file keeps its own title."""
    pages = _letter([(72, 686, 14, "bold", "Notification of scarlet fever in Year 2")], after=20)
    doc = formats.read_pdf(write_laid_out_pdf(tmp_path / "report.pdf", pages).read_bytes(), "report.pdf")
    assert (doc.title, doc.author) == ("Hollybrook Primary School", "")


FOREWORD = [
    (72, 740, 16, "bold", "Foreword from the Chair"),
    (72, 716, 10, "regular", "This year we supported 1,204 families across the county, more than ever before."),
    (72, 702, 10, "regular", "Our income rose to 1.2 million pounds, thanks to our donors, trusts and councils."),
    (72, 688, 10, "regular", "I thank every volunteer who gave their time to the Trust."),
    (72, 658, 10, "italic", "Dr Tobias Wren-Adeyemi"),
    (72, 646, 10, "regular", "Chair of Trustees"),
    (72, 634, 10, "regular", "14 October 2023"),
    (72, 600, 16, "bold", "Our year in numbers"),
    (72, 576, 10, "regular", "We ran 48 respite days and trained 310 teachers in 87 schools across the county."),
    (72, 562, 10, "regular", "Our youth workers held 9,460 sessions with young carers at school and at home."),
]


def test_a_signature_under_a_section_is_its_text_not_a_heading(tmp_path: Path) -> None:
    """An annual report's chair's foreword ends with the chair's name in italic over the role and the day: the
    name (a short line in a rare font over a capitalised one) opened a section of its own holding "Chair of
    Trustees 14 October 2023", and no sentence said who the chair is or who signed the foreword."""
    path = write_laid_out_pdf(tmp_path / "annual-report.pdf", [FOREWORD], title="Annual Report 2022/23")
    doc = formats.read_pdf(path.read_bytes(), "annual-report.pdf", "annual-report.pdf")
    body = {s.heading: doc.text[s.start : s.end] for s in doc.sections}
    assert list(body) == ["Foreword from the Chair", "Our year in numbers"]
    assert body["Foreword from the Chair"].endswith("\n\nDr Tobias Wren-Adeyemi, Chair of Trustees, 14 October 2023")


def test_a_notice_signed_over_its_small_print_foot_is_signed_by_its_signatory(tmp_path: Path) -> None:
    """A decision notice ends with "Rosalind Achterberg" over "Head of Planning and Building Control", the council's
    address in small print under them: the signature was two sentences, the notice had no author, and "who signed
    the decision notice" quoted other sentences. It reads as one line and signs the notice, as a plain-text
    notice's does."""
    page = [
        (72, 740, 16, "bold", "Notice of Decision"),
        (72, 716, 10, "regular", "The Council hereby grants planning permission for the development described."),
        (72, 702, 10, "regular", "The development shall be begun within three years of the date of this notice."),
        (72, 672, 10, "regular", "Rosalind Achterberg"),
        (72, 658, 10, "regular", "Head of Planning and Building Control"),
        (72, 640, 8, "regular", "Wexcombe District Council, Council Offices, Market Street, Wexcombe, WX1 2AB"),
    ]
    path = write_laid_out_pdf(tmp_path / "notice.pdf", [page], title="Notice of Decision")
    doc = formats.read_pdf(path.read_bytes(), "notice.pdf", "notice.pdf")
    assert "\n\nRosalind Achterberg, Head of Planning and Building Control\n\n" in doc.text
    assert doc.author == "Rosalind Achterberg"
    path = write_laid_out_pdf(tmp_path / "report.pdf", [FOREWORD], title="Annual Report 2022/23")
    assert formats.read_pdf(path.read_bytes(), "report.pdf", "report.pdf").author == ""  # a foreword's signer


NOMINATED = [
    (72, 740, 18, "bold", "STATEMENT OF PERSONS NOMINATED"),
    (72, 716, 10, "regular", "The persons named below stand nominated for the Brackley Cross Ward."),
    (72, 702, 10, "regular", "A poll will be taken on Thursday 7 May 2026 between the hours of 7am and 10pm."),
]


@pytest.mark.parametrize(
    ("signature", "line"),
    [
        (
            ["Dated Friday 10 April 2026", "Margaret Ellison-Pryce", "Returning Officer"],
            "Dated Friday 10 April 2026, Margaret Ellison-Pryce, Returning Officer",
        ),
        (
            ["Margaret Ellison-Pryce", "Returning Officer", "10 April 2026"],
            "Margaret Ellison-Pryce, Returning Officer, 10 April 2026",
        ),
        (
            [
                "Dated Friday 10 April 2026",
                "Margaret Ellison-Pryce",
                "Returning Officer, Civic Offices, Mill Lane, HV3 2QT",
            ],
            "Dated Friday 10 April 2026, Margaret Ellison-Pryce, Returning Officer, Civic Offices, Mill Lane, HV3 2QT",
        ),
    ],
    ids=["dated-over-the-name", "day-under-the-role", "role-and-office"],
)
def test_a_notice_is_signed_and_dated_by_its_closing_signature(tmp_path: Path, signature: list, line: str) -> None:
    """A statement of persons nominated ends "Dated Friday 10 April 2026" / the returning officer's name / her role
    (and her office's address): it was dated the day its file was built, months later, so it was "the latest
    document" and left out of April's, and named no author. Its signature signs and dates it, as a Word or a
    plain-text notice's does, and reads as one line."""
    page = [*NOMINATED, *((72, 672 - 14 * i, 10, "regular", text) for i, text in enumerate(signature))]
    path = write_laid_out_pdf(tmp_path / "sopn.pdf", [page], title="Statement of Persons Nominated")
    doc = formats.read_pdf(path.read_bytes(), "sopn.pdf", "sopn.pdf")
    assert (doc.author, doc.published_at) == ("Margaret Ellison-Pryce", "2026-04-10")
    assert doc.text.endswith(f"10pm.\n\n{line}")


def test_a_name_heading_over_a_role_and_a_section_of_text_stays_a_heading(tmp_path: Path) -> None:
    """A staff profile's name over the role, then the profile's text: a section of its own, no signature."""
    profile = [
        *FOREWORD[:4],
        (72, 658, 10, "bold", "Dr Ana Ruiz"),
        (72, 646, 10, "regular", "Head of Research"),
        (72, 630, 10, "regular", "Ana joined the Trust in 2019 and leads our work with schools."),
    ]
    path = write_laid_out_pdf(tmp_path / "profiles.pdf", [profile], title="Our people")
    doc = formats.read_pdf(path.read_bytes(), "profiles.pdf", "profiles.pdf")
    assert [s.heading for s in doc.sections] == ["Foreword from the Chair", "Dr Ana Ruiz"]


def test_a_letter_signed_in_italic_is_written_by_its_signatory(tmp_path: Path) -> None:
    """A name set in italic under "Yours sincerely," (a font the letter's text seldom uses, over a capitalised
    role) was a heading, so the letter had no signatory and its name was a section's; a line after the signature
    (a P.S.) does not stop it being one, and the role reads after the name."""
    page = [
        (72, 740, 18, "bold", "Hollybrook Primary School"),
        (72, 704, 10, "regular", "3 February 2025"),
        (72, 686, 14, "bold", "Notification of scarlet fever in Year 2"),
        (72, 668, 10, "regular", "Dear Parents and Carers,"),
        *[
            (72, 650 - 14 * i, 10, "regular", f"Please read point {i + 1} of the advice from the health team today.")
            for i in range(8)
        ],
        (72, 520, 10, "regular", "Yours sincerely,"),
        (72, 490, 10, "italic", "Mrs Helen Whitcombe"),
        (72, 478, 10, "regular", "Headteacher"),
        (72, 450, 10, "regular", "P.S. The school nurse will be in on Friday morning."),
    ]
    path = write_laid_out_pdf(tmp_path / "letter.pdf", [page], title="(anonymous)", author="(anonymous)")
    doc = formats.read_pdf(path.read_bytes(), "letter.pdf", "letter.pdf")
    assert doc.author == "Mrs Helen Whitcombe"
    assert "Mrs Helen Whitcombe, Headteacher" in doc.text
    assert "Mrs Helen Whitcombe" not in [s.heading for s in doc.sections]


def _conditions(under: list[tuple[float, str, str]]) -> list:
    """A reportlab-style title page: a 22 pt title, the lines ``under`` it (size, font, text), then numbered
    sections in 14 pt bold over a body set in Times."""
    page = [(72, 730, 22, "bold", "Conditions of Carriage")]
    y = 705
    for size, font, text in under:
        page.append((72, y, size, font, text))
        y -= size + 6
    return page + [
        (72, 620, 14, "bold", "1. About these conditions"),
        (72, 600, 10.5, "ansi", "These conditions set out your rights when you travel on our buses and trams."),
        (72, 570, 14, "bold", "2. Tickets"),
        (72, 550, 10.5, "ansi", "You must have a valid ticket, pass or contactless tap for the whole journey."),
    ]


@pytest.mark.parametrize(
    ("under", "author", "day"),
    [
        (
            [
                (13, "regular", "Buses and Trams in Ashcombe"),
                (13, "regular", "Version 7.2 - effective from 1 April 2026"),
                (9, "italic", "Issued 12 March 2026 by Helen Marsh, Head of Customer Standards"),
            ],
            "Helen Marsh",
            "2026-03-12",
        ),
        (
            [
                (12, "regular", "Ashcombe Libraries"),
                (9, "italic", "Version 4.2. Issued 1 September 2026 by Marcus Ellery, Customer Services Manager"),
            ],
            "Marcus Ellery",
            "2026-09-01",
        ),
        (
            [
                (13, "regular", "Buses and Trams in Ashcombe"),
                (13, "regular", "Version 7.2 - effective from 1 April 2026"),
            ],
            "",
            "2026-04-01",
        ),
    ],
    ids=["subtitle-version-issued-by", "organisation-over-issued-by", "effective-alone"],
)
def test_a_small_issued_by_line_under_a_subtitle_and_a_version_line_gives_the_author_and_day(
    tmp_path: Path, under: list[tuple[float, str, str]], author: str, day: str
) -> None:
    """A transport authority's conditions of carriage (reportlab): a subtitle and a version line in 13 pt, then
    "Issued 12 March 2026 by Helen Marsh, Head of Customer Standards" in 9 pt italic. The subtitle shared its type
    with the version line, so it was no subtitle and the block ended there: no author, the file's creation date
    (the day it was indexed), and the version line opened a section. The small line, a day then a byline, was no
    date line (it does not end on its day). A library's policy named its organisation under the title, which was
    taken for the author over the person its "Issued ... by" line names. The day it was issued dates it over the
    day it takes effect, which dates it only when no other day does."""
    path = write_laid_out_pdf(tmp_path / "conditions.pdf", [_conditions(under)])
    doc = formats.read_pdf(path.read_bytes(), "conditions.pdf", "conditions.pdf")
    assert (doc.author, doc.published_at) == (author, day)
    assert [s.heading for s in doc.sections] == ["Conditions of Carriage", "1. About these conditions", "2. Tickets"]
    assert all(text in doc.text.split("\n\n") for _, _, text in under)  # each a paragraph of its own


def test_an_issued_by_line_under_an_effective_line_in_its_paragraph_gives_the_author_and_day(tmp_path: Path) -> None:
    """A pool's terms (reportlab) set "Version 3 - effective from 1 April 2026" and "Issued 3 March 2026 by Ann
    Hughes, Scheme Manager" in 9 pt italic, a line apart, one box of text. The effective line, eight words over a
    line of its box in its size, was read as a paragraph's first line, which ended the title block: no author, and
    the day it takes effect dated it. A line ending on the day it says is the document's ends its paragraph (as the
    text is written), so it is a line of the block, and the day it was issued dates it."""
    page = [
        (72, 730, 18, "bold", "Pool Terms and Conditions: 2026 Season"),
        (72, 706, 9, "italic", "Version 3 - effective from 1 April 2026"),
        (72, 695, 9, "italic", "Issued 3 March 2026 by Ann Hughes, Scheme Manager"),
        (72, 670, 14, "bold", "1. Eligibility"),
        (72, 650, 10, "regular", "The pool is open to every member who commits at least 50 tonnes of one crop."),
        (72, 620, 14, "bold", "2. Payments"),
        (72, 600, 10, "regular", "An advance of 70% of the estimated pool price is paid by 15 December 2026."),
    ]
    path = write_laid_out_pdf(tmp_path / "terms.pdf", [page], title="Pool Terms and Conditions 2026")
    doc = formats.read_pdf(path.read_bytes(), "terms.pdf", "terms.pdf")
    assert (doc.author, doc.published_at) == ("Ann Hughes", "2026-03-03")
    assert [s.heading for s in doc.sections][-2:] == ["1. Eligibility", "2. Payments"]
    assert all(text in doc.text.split("\n\n") for _, _, _, _, text in page[1:3])  # each a paragraph of its own


def test_a_running_head_on_the_second_page_of_two_is_dropped(tmp_path: Path) -> None:
    """A two-page conditions of carriage repeats its running head, "BTA Conditions of Carriage - Version 7.2" in
    8 pt, on its second page only: seen on one page, it was no running head (two pages at least), and set in a font
    the body seldom uses over a capitalised line, it opened a section that swallowed the heading of the section
    running on from the page before ("5. Animals")."""
    first = [
        (72, 730, 22, "bold", "Conditions of Carriage"),
        (72, 700, 14, "bold", "4. Luggage"),
        (72, 680, 10.5, "ansi", "You may bring up to two items of hand luggage and one large item free of charge."),
        (72, 90, 14, "bold", "5. Animals"),
        (300, 30, 8, "regular", "Page 1"),
    ]
    second = [
        (72, 770, 8, "regular", "BTA Conditions of Carriage - Version 7.2"),
        (72, 730, 10.5, "ansi", "Assistance dogs travel free on all services at all times. Other dogs are welcome."),
        (72, 700, 14, "bold", "6. Refunds"),
        (72, 680, 10.5, "ansi", "Single and DayRider tickets cannot be refunded once they have been bought."),
        (300, 30, 8, "regular", "Page 2"),
    ]
    path = write_laid_out_pdf(tmp_path / "conditions.pdf", [first, second])
    doc = formats.read_pdf(path.read_bytes(), "conditions.pdf", "conditions.pdf")
    assert "Version 7.2" not in doc.text
    headings = [s.heading for s in doc.sections]
    assert headings == ["4. Luggage", "5. Animals", "6. Refunds"]
    animals = next(s for s in doc.sections if s.heading == "5. Animals")
    assert doc.text[animals.start : animals.end].startswith("Assistance dogs travel free")


def test_a_small_line_atop_the_second_page_that_heads_nothing_on_a_longer_file_is_kept(tmp_path: Path) -> None:
    """Only a two-page file's second page is read so: a small line atop one page of three is not repeated, and is
    text (a note, a caption), as before."""
    page = [
        (72, 730, 14, "bold", "Notes"),
        (72, 700, 10.5, "ansi", "The survey covered every pier of the harbour and both of its ferry terminals."),
    ]
    atop = [(72, 770, 8, "regular", "Survey figures are provisional"), *page[1:]]
    path = write_laid_out_pdf(tmp_path / "three.pdf", [page, atop, page])
    doc = formats.read_pdf(path.read_bytes(), "three.pdf", "three.pdf")
    assert "Survey figures are provisional" in doc.text


def test_a_heading_or_subtitle_wrapped_at_the_pages_width_is_read_whole(tmp_path: Path) -> None:
    """A consultation report (reportlab): a 14 pt question heading too long for the page wraps its last word onto a
    second line, and so does the 12 pt subtitle under the title. The heading's first line, thirteen words, was too
    long for a heading: it ended the section before as its text, and its last word alone ("week?") named the
    section under it; the subtitle's two lines were two paragraphs. A line the typesetter broke (the next line's
    first word would not have fitted at its end) goes on in the line after it, whatever the heading's length."""
    page = [
        (72, 740, 20, "bold", "Library Opening Hours Consultation"),
        (72, 714, 12, "bold", "Ashcombe Borough Council, Libraries and Culture Service: Report on the Public"),
        (72, 699, 12, "bold", "Consultation"),
        (72, 680, 9, "italic", "Published 3 March 2026 by Priya Raman, Consultation Officer"),
        (72, 650, 10, "ansi", "The consultation ran for eight weeks and received 1,214 responses online, on paper and"),
        (72, 638, 10, "ansi", "at drop-in sessions held in each of the borough's five libraries in January."),
        (72, 605, 14, "bold", "Question 1: Should the libraries open on Sunday afternoons?"),
        (72, 585, 10, "ansi", "Most respondents supported Sunday opening, 71% in favour and 22% against it."),
        (72, 555, 14, "bold", "Question 2: Do you want the mobile library to call at your village once a"),
        (72, 538, 14, "bold", "week?"),
        (72, 518, 10, "ansi", "Respondents in the villages asked for weekly visits, 64% in favour and 19% against."),
    ]
    path = write_laid_out_pdf(tmp_path / "consultation.pdf", [page])
    doc = formats.read_pdf(path.read_bytes(), "consultation.pdf", "consultation.pdf")
    body = {s.heading: doc.text[s.start : s.end] for s in doc.sections}
    question = "Question 2: Do you want the mobile library to call at your village once a week?"
    first = "Question 1: Should the libraries open on Sunday afternoons?"
    assert list(body) == ["Library Opening Hours Consultation", first, question]
    assert body[first].endswith("22% against it.")
    assert body[question].startswith("Respondents in the villages")
    subtitle = "Ashcombe Borough Council, Libraries and Culture Service: Report on the Public Consultation"
    assert subtitle in doc.text.split("\n\n")  # a paragraph of its own
    assert (doc.author, doc.published_at) == ("Priya Raman", "2026-03-03")


def test_pdf_minutes_are_written_by_their_taker(tmp_path: Path) -> None:
    """Testers' bb78, 7.: minutes naming their taker ("Minutes taken by: Tom Whitlock") recorded no author, where
    Word minutes did; the chair's closing name signs them, the taker wrote them."""
    page = [
        (72, 720, 17, "bold", "Committee Meeting Minutes"),
        (72, 690, 10, "regular", "Present: Gareth Pryce (Chair), Nadia Osei, Tom Whitlock"),
        (72, 675, 10, "regular", "Minutes taken by: Tom Whitlock"),
        (72, 650, 10, "regular", "The minutes of 13 January 2026 were agreed as a true record."),
    ]
    doc = formats.read_pdf(write_laid_out_pdf(tmp_path / "minutes.pdf", [page]).read_bytes(), "minutes.pdf")
    assert doc.author == "Tom Whitlock"


def _width(text: str, size: float, font: str) -> float:
    """How wide ``text`` is set in a ``PDF_FONTS`` font (its standard metrics, as a typesetter measures it)."""
    from helpers.files import PDF_FONTS
    from pdfminer.fontmetrics import FONT_METRICS

    widths = FONT_METRICS[PDF_FONTS[font]][1]
    return sum(widths.get(c, 500) for c in text) * size / 1000


def _set(text: str, size: float, font: str, top: float, width: float, centred: bool = False) -> list:
    """``text`` set as a typesetter fills lines ``width`` points wide from x = 72 (centred in them: a title's
    style), ``size * 1.2`` points apart from ``top``."""
    lines: list[str] = []
    for word in text.split():
        if lines and _width(f"{lines[-1]} {word}", size, font) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    left = [72 + (width - _width(line, size, font)) / 2 if centred else 72 for line in lines]
    return [(x, top - i * size * 1.2, size, font, line) for i, (x, line) in enumerate(zip(left, lines, strict=True))]


def test_a_centred_title_wrapped_at_the_frames_width_is_one_title(tmp_path: Path) -> None:
    """A survey report (reportlab's Title style: bold, centred) wraps its title over two lines, "Hazel Dormouse
    Monitoring at Pennock Wood:" over "2025 Report" (testers' bb80). The first line, ending on a colon, was a
    paragraph of text and the second a heading: a passage of the first line alone under a section "2025 Report" was
    quoted in answers. A centred line is broken as a left-aligned one is: the next line's first word would not have
    fitted in the frame's width (the body's column) with it."""
    title = "Hazel Dormouse Monitoring at Pennock Wood: 2025 Report"
    heading = _set(title, 18, "bold", 720, 440, centred=True)
    assert [text for *_, text in heading] == ["Hazel Dormouse Monitoring at Pennock Wood:", "2025 Report"]
    body = "The Trust has monitored hazel dormice at the wood since 2009 as part of the national programme. " * 4
    page = [
        *heading,
        (72, 670, 10, "regular", "Dr Neil Catterall, Senior Ecologist"),
        (72, 640, 14, "bold", "Summary"),
        *_set(body, 10, "regular", 620, 440),
        (72, 540, 14, "bold", "Habitat"),
        *_set("Most occupied boxes were in hazel coppice cut eight to twelve years ago. " * 3, 10, "regular", 520, 440),
    ]
    path = write_laid_out_pdf(tmp_path / "dormouse.pdf", [page])
    doc = formats.read_pdf(path.read_bytes(), "dormouse.pdf", "dormouse.pdf")
    assert doc.title == title
    assert doc.text.startswith(title + "\n\n")
    assert [s.heading for s in doc.sections] == [title, "Summary", "Habitat"]
    assert "2025 Report" not in [s.heading for s in doc.sections]


def test_each_table_reads_under_the_heading_printed_over_it(tmp_path: Path) -> None:
    """A concert programme (testers' bb75): heading "Soloists" over a ruled table set in from the margin, then
    "Running order" over another. pdfminer gives the headings' boxes before the tables' cells, and the tables were
    read where their first cell came: both under "Running order", "Soloists" a heading over nothing. A table reads
    before the first line under its top that it stands over, in the page's order."""
    soloists, soloists_rules = _ruled_table(
        600, [["Role", "Singer"], ["Gabriel", "Clara Benedetti"], ["Uriel", "Owen Pryce"]], [190, 300]
    )
    order, order_rules = _ruled_table(
        480, [["Part", "Length"], ["Part One", "40 minutes"], ["Part Two", "45 minutes"]], [190, 300]
    )
    page = [
        (72, 720, 20, "bold", "The Creation"),
        (72, 690, 10, "regular", "Welcome to our spring concert. The choir is joined by the Sinfonia tonight."),
        (72, 630, 14, "bold", "Soloists"),
        *soloists,
        (72, 510, 14, "bold", "Running order"),
        *order,
        (72, 380, 14, "bold", "Programme note"),
        (72, 360, 10, "regular", "Haydn heard the oratorios of Handel in London in the 1790s."),
    ]
    path = write_laid_out_pdf(tmp_path / "programme.pdf", [page], rules={0: soloists_rules + order_rules})
    doc = formats.read_pdf(path.read_bytes(), "programme.pdf", "programme.pdf")
    body = {s.heading: doc.text[s.start : s.end] for s in doc.sections}
    assert body["Soloists"] == "Role: Gabriel; Singer: Clara Benedetti\n\nRole: Uriel; Singer: Owen Pryce"
    assert body["Running order"] == "Part: Part One; Length: 40 minutes\n\nPart: Part Two; Length: 45 minutes"
    assert body["Programme note"] == "Haydn heard the oratorios of Handel in London in the 1790s."
