"""Word documents read with their parts (``ingest.word``): tables, code, headings typed in bold, notes, content
controls, and no table of contents. Files are written by python-docx here, plus the LibreOffice-made files of
``bench/data/corpus-docx``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from ragqa.ingest.corpus import read_corpus
from ragqa.ingest.formats import NoText, extract_docx
from ragqa.ingest.word import read_word

CORPUS = Path(__file__).resolve().parents[1] / "bench" / "data" / "corpus-docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _bytes(document: docx.document.Document, path: Path) -> bytes:
    document.save(str(path))
    return path.read_bytes()


def _footnote(document: docx.document.Document, paragraph: docx.text.paragraph.Paragraph, text: str) -> None:
    """A footnote as Word stores one: a footnotes part (python-docx writes none) and a reference in the run."""
    xml = (
        f'<w:footnotes xmlns:w="{W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode(), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    paragraph.add_run()._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="1"/>'))


def _content_control(document: docx.document.Document, text: str, gallery: str = "") -> None:
    """A block content control (a cover page, or Word's generated table of contents) holding one paragraph."""
    part = f'<w:docPartObj><w:docPartGallery w:val="{gallery}"/></w:docPartObj>' if gallery else ""
    sdt = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtPr>{part}</w:sdtPr><w:sdtContent>"
        f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    document.element.body.insert(len(document.element.body) - 1, sdt)  # before the section properties


def test_tables_code_bold_headings_notes_and_no_contents(tmp_path: Path) -> None:
    document = docx.Document()
    _content_control(document, "Harbour Authority, internal memo")
    _content_control(document, "Repairs 1", gallery="Table of Contents")
    document.add_paragraph("Pier repairs", style="Title")
    document.add_paragraph("Contents")
    document.add_paragraph("Repairs")
    document.add_paragraph("Schedule")
    document.add_heading("Repairs", level=1)
    costs = document.add_paragraph("The repairs cost two million euros.")
    _footnote(document, costs, "Estimate of March 2024, taxes included.")
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(
        table.rows, [("Part", "Cost", "Contractor"), ("Pier", "1.5M", "Berg AB"), ("Crane", "0.5M", "")], strict=True
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    for cell in table.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True
    facts = document.add_table(rows=2, cols=2)
    for row, values in zip(facts.rows, [("Site manager", "Anna Berg"), ("Budget holder", "Port council")], strict=True):
        row.cells[0].text, row.cells[1].text = values
    note = document.add_table(rows=1, cols=2)
    note.rows[0].cells[0].text = "Warning"
    note.rows[0].cells[1].text = "The east gate stays closed until the work ends."
    command = document.add_paragraph()
    command.add_run("# systemctl restart crane").font.name = "Courier New"
    document.add_heading("Schedule", level=1)
    bold = document.add_paragraph()
    bold.add_run("1.1. Night work").bold = True
    document.add_paragraph("Work goes on at night in June.")
    emphasis = document.add_paragraph()
    emphasis.add_run("All staff must wear helmets.").bold = True

    text = read_word(_bytes(document, tmp_path / "memo.docx"))

    md = text.markdown
    assert "Harbour Authority, internal memo" in md  # a cover page's content control is read
    assert "Repairs 1" not in md  # Word's generated table of contents is not
    assert "Contents" not in md.split("\n")  # nor a typed one: lines repeating the headings
    assert md.count("Repairs") == 1 and md.count("Schedule") == 1
    assert md.index("two million euros") < md.index("Estimate of March 2024") < md.index("Part: Pier")
    assert "\n\nPart: Pier; Cost: 1.5M; Contractor: Berg AB\n\n" in md
    assert "\n\nPart: Crane; Cost: 0.5M\n\n" in md  # an empty cell is left out
    assert "\n\nSite manager: Anna Berg\n\n" in md and "\n\nBudget holder: Port council" in md
    assert "Warning: The east gate stays closed until the work ends." in md
    assert "```\n# systemctl restart crane\n```" in md  # code, not a Markdown heading
    assert "\n### 1.1. Night work\n" in md  # a numbered bold line, one level under the last heading's children
    assert md.endswith("\n\nAll staff must wear helmets.")  # a bold sentence stays a sentence
    assert text.title == "Pier repairs"
    assert text.author == ""  # python-docx's template says "python-docx"
    assert text.created == ""  # ... and keeps the day its template was made: 23 December 2013


def test_a_corpus_of_word_files_gives_sections_rows_and_code(tmp_path: Path) -> None:
    documents, report = read_corpus(CORPUS)
    docs = {d.doc_id: d for d in documents}
    assert len(docs) == 8 and report.files == 8  # the NOTICE is not a document
    i18n = docs["debian-reference-i18n.docx"]
    assert i18n.title == "Chapter 8. I18N and L10N"
    assert "Table of Contents" not in i18n.text
    assert "package: ibus-hangul; popcon: V:0, I:2; size: 285; supported locale: Korean" in i18n.text
    assert "Note: For Chinese, " in i18n.text  # a note box's label joined to its text
    headings = [s.heading for s in i18n.sections]
    assert "8.1.2. The reconfiguration of the locale" in headings
    assert not any("dpkg-reconfigure" in h for h in headings)  # a shell prompt in a code style is code
    constitution = docs["debian-constitution.docx"]
    assert {"5.1. Powers", "A.6. Vote Counting"} <= {s.heading for s in constitution.sections}  # bold headings


def test_properties_give_title_author_and_date(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "Annual report"
    document.core_properties.author = "Anna Berg"
    styled = document.add_paragraph("Ignored title line", style="Title")
    styled.runs[0].font.size = Pt(20)
    document.add_paragraph("The port handled more ships.")
    text = read_word(_bytes(document, tmp_path / "report.docx"))
    assert (text.title, text.author) == ("Annual report", "Anna Berg")
    assert text.created == ""  # python-docx's template's own day (23 December 2013) dates no document
    document.core_properties.created = datetime(2024, 3, 13, 9, 15, tzinfo=UTC)
    text = read_word(_bytes(document, tmp_path / "report.docx"))
    assert text.created == "2024-03-13"  # the day the file was made, without the time it was saved
    assert text.published_at == ""  # a date only for a document that names none (the corpus reader decides)


@pytest.mark.parametrize("data", [b"PK\x03\x04 not a zip", b""])
def test_an_unreadable_file_says_so(data: bytes) -> None:
    with pytest.raises(NoText, match="not a readable .docx"):
        extract_docx(data)


def test_text_python_docx_leaves_out_is_read(tmp_path: Path) -> None:
    """Tracked insertions, a form's content control, a field's result and a text box are text a reader sees; a
    tracked deletion is not."""
    document = docx.Document()
    body = document.element.body
    paragraph = parse_xml(
        f'<w:p {nsdecls("w")}><w:r><w:t xml:space="preserve">The pier reopens in </w:t></w:r>'
        '<w:del w:id="1" w:author="a"><w:r><w:delText>May</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>June</w:t></w:r></w:ins><w:r><w:t>. Prepared by </w:t></w:r>'
        "<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>Anna Berg</w:t></w:r></w:sdtContent></w:sdt>"
        '<w:r><w:t xml:space="preserve"> for </w:t></w:r>'
        '<w:fldSimple w:instr="DOCPROPERTY Company"><w:r><w:t>the Port Authority</w:t></w:r></w:fldSimple>'
        "<w:r><w:t>.</w:t></w:r></w:p>"
    )
    boxed = parse_xml(
        f"<w:p {nsdecls('w')}><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>Ferries keep running.</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></w:r></w:p>"
    )
    body.insert(0, paragraph)
    body.insert(1, boxed)
    md = read_word(_bytes(document, tmp_path / "forms.docx")).markdown
    assert md == "The pier reopens in June. Prepared by Anna Berg for the Port Authority.\n\nFerries keep running."


def test_word_list_numbers_are_written_as_word_shows_them(tmp_path: Path) -> None:
    """Automatic numbers are no text of the paragraph: counted per list and level, a deeper level restarting under
    each item, from the paragraph's own numbering or its style's ("List Number"); bullets add nothing."""
    document = docx.Document()
    for text in ["Back up the files.", "Stop the service."]:
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("A bullet.", style="List Bullet")
    document.add_paragraph("Upgrade.", style="List Number")
    md = read_word(_bytes(document, tmp_path / "steps.docx")).markdown
    assert md == "1. Back up the files.\n\n2. Stop the service.\n\nA bullet.\n\n3. Upgrade."


def test_numbering_levels_and_formats() -> None:
    from ragqa.ingest.word import _formatted

    assert [_formatted(n, "lowerLetter") for n in (1, 2, 27)] == ["a", "b", "aa"]
    assert [_formatted(n, "upperRoman") for n in (4, 9, 14)] == ["IV", "IX", "XIV"]
    assert _formatted(7, "decimalZero") == "07" and _formatted(12, "decimal") == "12"


def test_a_login_or_a_file_name_in_the_properties_is_no_author_or_title(tmp_path: Path) -> None:
    """Office writes its user's login ("praman") as the author and may leave the file's name as the title."""
    document = docx.Document()
    document.core_properties.author = "praman"
    document.core_properties.title = "memo.docx"
    document.add_paragraph("The office reopens on Monday.")
    path = tmp_path / "memo.docx"
    document.save(str(path))
    text = read_word(path.read_bytes())
    assert (text.title, text.author) == ("", "")
    document.core_properties.author = "Priya Raman"
    document.core_properties.title = "Hybrid work policy"
    document.save(str(path))
    text = read_word(path.read_bytes())
    assert (text.title, text.author) == ("Hybrid work policy", "Priya Raman")


def test_a_byline_under_the_title_gives_the_author_without_their_role(tmp_path: Path) -> None:
    """A school newsletter's "Written by Helen Whitcombe, Headteacher" gave the author "Helen Whitcombe,
    Headteacher"."""
    document = docx.Document()
    document.add_paragraph("Hollybrook Herald", style="Title")
    document.add_paragraph("Written by Helen Whitcombe, Headteacher")
    document.add_paragraph("Thank you to all families for your patience during the snow closure.")
    path = tmp_path / "herald.docx"
    document.save(str(path))
    (doc,) = read_corpus(tmp_path)[0]
    assert doc.author == "Helen Whitcombe"
    assert "Headteacher" not in doc.text


def test_a_date_line_under_the_title_wins_over_the_day_the_file_was_saved(tmp_path: Path) -> None:
    """Minutes saved the day after the meeting: "Date: Tuesday, March 12, 2024" under the title is their date; the
    file's creation date only dates a document that names none."""
    from datetime import UTC, datetime

    document = docx.Document()
    document.core_properties.created = datetime(2024, 3, 13, 9, 15, tzinfo=UTC)
    document.core_properties.author = "Dana Whitfield"
    document.add_heading("Regular Meeting Minutes", level=0)
    document.add_paragraph("Date: Tuesday, March 12, 2024")
    document.add_paragraph("The council met at 7 p.m. and approved the bridge repairs.")
    document.save(str(tmp_path / "minutes.docx"))
    undated = docx.Document()
    undated.core_properties.created = datetime(2024, 3, 13, 9, 15, tzinfo=UTC)
    undated.add_paragraph("The council met at 7 p.m. and approved the bridge repairs.")
    undated.save(str(tmp_path / "notes.docx"))
    docs = {d.doc_id: d for d in read_corpus(tmp_path)[0]}
    assert docs["minutes.docx"].published_at == "2024-03-12"
    # the day the file was made, not its time of day (when someone saved it): answers said "published on March
    # 13, 2024 at 9:15 a.m. (UTC)"
    assert docs["notes.docx"].published_at == "2024-03-13"


@pytest.mark.parametrize(
    ("title", "under", "day"),
    [
        (
            "Planning Committee Agenda",
            "Date: Tuesday 22nd April 2025, 6.30pm, Committee Room, Ashcombe Town Hall",
            "2025-04-22T18:30:00",
        ),
        (
            "Planning Committee Minutes, 25 March 2025",
            "Present: Cllr Tom Hargreaves (Chair) and Cllr Helen Marsh.",
            "2025-03-25",
        ),
    ],
    ids=["date-line-going-on", "day-in-the-title"],
)
def test_a_day_the_title_block_names_among_other_words_dates_the_document(
    tmp_path: Path, title: str, under: str, day: str
) -> None:
    """An agenda's "Date: ..., 6.30pm, Committee Room" and minutes titled with their day were dated by the day the file
    was saved (or not at all), as the date line goes on after the day."""
    document = docx.Document()
    document.core_properties.created = datetime(2025, 4, 30, 9, 15, tzinfo=UTC)
    document.add_heading(title, level=0)
    document.add_paragraph(under)
    document.add_heading("Planning applications", level=1)
    document.add_paragraph("The committee met on Tuesday 8th April 2025 to consider two applications.")
    document.save(str(tmp_path / "agenda.docx"))
    doc = read_corpus(tmp_path)[0][0]
    assert doc.published_at == day
    assert under in doc.text


def test_a_day_in_the_body_does_not_date_the_document(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.created = datetime(2025, 4, 30, 9, 15, tzinfo=UTC)
    document.add_heading("Planning Committee Agenda", level=0)
    document.add_paragraph("Apologies and declarations of interest.")
    document.add_paragraph("Minutes of the meeting held on 25/03/25, 6.30pm, in the Committee Room.")
    document.save(str(tmp_path / "agenda.docx"))
    assert read_corpus(tmp_path)[0][0].published_at.startswith("2025-04-30")


def _headed(path: Path, heading: str, under: str) -> Path:
    """A document whose "Title" paragraph names its organisation, over a first-level ``heading`` and ``under``."""
    document = docx.Document()
    document.core_properties.created = datetime(2023, 11, 21, 10, 2, tzinfo=UTC)
    document.add_paragraph("Ashcombe Community Trust", style="Title")
    document.add_heading(heading, level=1)
    document.add_paragraph(under)
    document.add_heading("1. Apologies", level=2)
    document.add_paragraph("Apologies were received from 11 members.")
    document.save(str(path))
    return path


def test_a_heading_saying_what_the_document_is_titles_it_under_the_organisations_name(tmp_path: Path) -> None:
    """An AGM's minutes open with the organisation's name in the Title style, then "Minutes of the Annual General
    Meeting" and the meeting's day: they were titled by the organisation's name alone, as all its documents are,
    and dated the day the file was saved."""
    under = "Saturday 18th November 2023, 11.00am, Corn Exchange, Market Square, Ashcombe"
    text = read_word(_headed(tmp_path / "agm.docx", "Minutes of the Annual General Meeting", under).read_bytes())
    assert text.title == "Ashcombe Community Trust: Minutes of the Annual General Meeting"
    assert text.published_at == "2023-11-18T11:00:00"
    # a section's heading that opens with such a word says nothing of the document: its title stays
    text = read_word(_headed(tmp_path / "notes.docx", "Report scope", "This note covers the hall's roof.").read_bytes())
    assert (text.title, text.published_at, text.created) == ("Ashcombe Community Trust", "", "2023-11-21")


@pytest.mark.parametrize(
    ("heading", "under", "day"),
    [
        ("Refusal of Planning Permission", "Date of decision: 5 September 2025", "2025-09-05"),
        ("Notice of Decision", "Decision date: 24 September 2025", "2025-09-24"),
        ("Premises Licence", "Date issued: 3 March 2025", "2025-03-03"),
        ("Certificate of Lawful Use", "Date of notice: 14 January 2026", "2026-01-14"),
        ("Conditions of Hire", "Adopted by the trustees on 14 January 2025", "2025-01-14"),
        ("New Member Welcome Pack", "Date: 2 September 2025", "2025-09-02"),
    ],
)
def test_a_notice_under_the_organisations_name_is_titled_and_dated_by_its_heading(
    tmp_path: Path, heading: str, under: str, day: str
) -> None:
    """A council's refusal notice set its name in the Title style over "Refusal of Planning Permission" and "Date
    of decision: 5 September 2025": it was titled by the council's name alone and had no date, as only minutes,
    agendas, reports and policies were known to say what a document is, and its label was no date line's. A village
    hall's "Conditions of Hire", "Adopted by the trustees on 14 January 2025" under it, was titled by the trust's
    name alone and undated (testers' bb76, 3.), as a choir's "New Member Welcome Pack" was (bb75, 11)."""
    text = read_word(_headed(tmp_path / "notice.docx", heading, under).read_bytes())
    assert (text.title, text.published_at) == (f"Ashcombe Community Trust: {heading}", day)


@pytest.mark.parametrize(
    "heading",
    [
        "Trustees' Annual Report for the year ended 31 March 2025",
        "Health and Safety Policy for Contractors",
        "Draft Volunteer Handbook for 2026",
    ],
)
def test_a_heading_naming_the_kind_after_words_of_its_own_titles_it_under_the_organisations_name(
    tmp_path: Path, heading: str
) -> None:
    """A charity's annual report set its name in the Title style over "Trustees' Annual Report for the year ended 31
    March 2025": titled by the name alone, as only a heading opening with its kind, or ending with it, said what the
    document is. The year's end is no day the report was written on."""
    text = read_word(_headed(tmp_path / "report.docx", heading, "Registered charity number 1187432").read_bytes())
    assert (text.title, text.published_at) == (f"Ashcombe Community Trust: {heading}", "")
    # words of a sentence before the kind say nothing of the document
    text = read_word(_headed(tmp_path / "notes.docx", "Progress on the report for members", "Text.").read_bytes())
    assert text.title == "Ashcombe Community Trust"


def _signed_report(path: Path, under: str) -> Path:
    """An annual report under its organisation's name, ``under`` its heading, ending with its signature."""
    document = docx.Document()
    document.core_properties.created = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
    document.add_paragraph("Ashcombe Community Trust", style="Title")
    document.add_heading("Trustees' Annual Report for the year ended 31 March 2025", level=1)
    document.add_paragraph(under)
    document.add_heading("Chair's introduction", level=2)
    document.add_paragraph("This was our busiest year since reopening.")
    document.add_paragraph("Approved by the board of trustees and signed on its behalf:")
    document.add_paragraph("Dr Imogen Hale")
    document.add_paragraph("Chair of Trustees")
    document.add_paragraph("18 September 2025")
    document.save(str(path))
    return path


def test_a_document_naming_no_day_of_its_own_is_dated_by_its_closing_signature(tmp_path: Path) -> None:
    """The annual report ends with its chair's signature and "18 September 2025", the day the board approved it, and
    names no other day: it was dated the day its file was made, or not at all. The signature dates it, as a
    plain-text notice's does, when its title block does not."""
    text = read_word(_signed_report(tmp_path / "report.docx", "Registered charity number 1187432").read_bytes())
    assert (text.author, text.published_at) == ("Dr Imogen Hale", "2025-09-18")
    assert text.markdown.endswith("Dr Imogen Hale, Chair of Trustees, 18 September 2025")
    assert read_corpus(tmp_path)[0][0].published_at == "2025-09-18"  # not the file's day, 2 June
    dated = read_word(_signed_report(tmp_path / "dated.docx", "Date: 1 October 2025").read_bytes())
    assert dated.published_at == "2025-10-01"  # the title block's day comes first


def _table(document: docx.document.Document, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value


def test_a_two_column_tables_first_row_of_labels_names_its_columns(tmp_path: Path) -> None:
    """A recorded vote typed as a plain table: its first row, "Councillor | Vote", was read as a row of a form
    ("Councillor: Vote", then "Cllr Priya Patel: Against"), so no row said what its values were."""
    document = docx.Document()
    document.add_paragraph("A recorded vote was requested:")
    _table(
        document,
        [
            ("Councillor", "Vote"),
            ("Cllr Margaret Ellison", "For"),
            ("Cllr David Okafor", "For"),
            ("Cllr Priya Patel", "Against"),
            ("Cllr Sian Lloyd", "Did not vote (left the room)"),
        ],
    )
    document.add_paragraph("Facts:")
    _table(document, [("Site manager", "Anna Berg"), ("Budget holder", "Port council"), ("Contractor", "Berg AB")])
    document.add_paragraph("Checks:")
    _table(document, [("Approved", "Yes"), ("Funded", "Yes"), ("Reviewed", "No"), ("Signed", "Yes")])
    md = read_word(_bytes(document, tmp_path / "minutes.docx")).markdown
    assert "\n\nCouncillor: Cllr Priya Patel; Vote: Against\n\n" in md
    assert "Councillor: Cllr Sian Lloyd; Vote: Did not vote (left the room)" in md
    assert "Councillor: Vote" not in md
    # a form's rows name themselves: its values are its own, or its first row's value recurs below
    assert "\n\nSite manager: Anna Berg\n\n" in md and "\n\nContractor: Berg AB" in md
    assert "\n\nApproved: Yes\n\n" in md and "\n\nReviewed: No\n\n" in md


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Marcus Bell, Sports Development Officer", "Marcus Bell"),
        ("Priya Shah, Community Engagement Lead", "Priya Shah"),
        ("Dr Tom Hendry, Senior Planning Officer", "Dr Tom Hendry"),
        ("Ana Costa, Head Chef", "Ana Costa"),
        ("Sam O'Neill, Duty Manager", "Sam O'Neill"),
        ("Eleanor Brightwell, Head of Library Services", "Eleanor Brightwell"),
        ("Swimming, football and dance for children aged 5 to 12", ""),  # a subtitle with a comma
        ("For Bookings, ask the Duty Manager", ""),  # no name before the comma: words of a sentence
        ("Duty Manager, Sports Development Officer", ""),  # two roles, no name
        ("Opening Hours, Customer Services", ""),  # a department, no job title: nothing says it is a person
        ("Ann Lee, Bob Kay", ""),  # two names, or a name and an outlet: no role says whose line it is
    ],
)
def test_a_name_and_job_title_under_the_title_is_the_documents_author(tmp_path: Path, line: str, author: str) -> None:
    """A leisure centre's camp leaflet: its Title, "Marcus Bell, Sports Development Officer", then "Date: Tuesday
    10 February 2026". The day was read, but the author's line only with "By" before it, so the leaflet had no
    author ("who wrote it?" had no answer). A name, a comma and a job title is a byline, as a PDF's title block
    reads one; the line stays text (it says the writer's role). Not a line whose comma parts anything else."""
    document = docx.Document()
    document.add_paragraph("Easter Multi-Sports Camp 2026", style="Title")
    document.add_paragraph(line)
    document.add_paragraph("Date: Tuesday 10 February 2026")
    document.add_heading("Dates and times", level=1)
    document.add_paragraph("The camp runs on weekdays from Monday 30 March to Friday 10 April 2026.")
    document.save(str(tmp_path / "camp.docx"))
    doc = read_corpus(tmp_path)[0][0]
    assert (doc.author, doc.published_at) == (author, "2026-02-10")
    assert line in doc.text


@pytest.mark.parametrize(
    ("under", "day"),
    [
        (
            [
                "Eleanor Brightwell, Head of Library Services",
                "Presented to the Culture and Communities Committee, 24 March 2026",
            ],
            "2026-03-24",
        ),
        (["Ashcombe Libraries", "Eleanor Brightwell", "Submitted 24 March 2026"], "2026-03-24"),
        (["Eleanor Brightwell, Head of Library Services", "24 March 2026"], "2026-03-24"),
        (["Apologies and declarations of interest.", "Presented to the committee, 24 March 2026"], "2026-03-16"),
    ],
    ids=["author-over-presented-to", "subtitle-author-submitted", "author-over-day", "sentence-first"],
)
def test_a_day_under_the_authors_line_in_the_title_block_dates_the_document(
    tmp_path: Path, under: list[str], day: str
) -> None:
    """An annual report: its Title, its author and role, then "Presented to the Culture and Communities Committee,
    24 March 2026". Only the paragraph right under the title was read for a day, so the report was dated the day
    its file was made (16 March). A paragraph ending as a sentence ends the title block: a day after it is the
    text's."""
    document = docx.Document()
    document.core_properties.created = datetime(2026, 3, 16, 14, 2, tzinfo=UTC)
    document.add_paragraph("Ashcombe Libraries Annual Report 2025", style="Title")
    for text in under:
        document.add_paragraph(text)
    document.add_heading("Foreword", level=1)
    document.add_paragraph("2025 was our busiest year since before the pandemic, with 632,899 visits.")
    document.save(str(tmp_path / "report.docx"))
    doc = read_corpus(tmp_path)[0][0]
    assert doc.published_at == day
    assert all(text in doc.text for text in under)


@pytest.mark.parametrize(
    ("kicker", "release", "day"),
    [
        (["PRESS RELEASE"], "For immediate release: 10 February 2026", "2026-02-10"),
        (["News release", "Wrenfield Arts Centre"], "FOR IMMEDIATE RELEASE 10 February 2026", "2026-02-10"),
        (["PRESS RELEASE"], "Embargoed until 12 February 2026", "2026-02-12"),  # the day it may be published
        (["PRESS RELEASE"], "Wrenfield Arts Centre today announced the appointment.", "2026-02-09"),
    ],
    ids=["release-line", "two-kicker-lines", "embargoed-until", "no-day-in-the-title-block"],
)
def test_a_press_releases_release_line_under_its_kicker_and_title_dates_it(
    tmp_path: Path, kicker: list[str], release: str, day: str
) -> None:
    """A press release: "PRESS RELEASE" over its headline (the Title), then "For immediate release: 10 February
    2026". The title block was read only from the document's first paragraph, the kicker, which names no day, so
    the release was dated the day its file was made (9 February); a release line without a colon was no date line."""
    document = docx.Document()
    document.core_properties.created = datetime(2026, 2, 9, 17, 40, tzinfo=UTC)
    for text in kicker:
        document.add_paragraph(text)
    document.add_heading("Wrenfield Arts Centre appoints a new Artistic Director", level=0)
    document.add_paragraph(release)
    document.add_paragraph("He will take up the post on 4 May 2026, succeeding Helen Marchbank.")
    document.add_heading("Notes to editors", level=1)
    document.add_paragraph("Wrenfield Arts Centre was founded in 1987.")
    document.save(str(tmp_path / "release.docx"))
    doc = read_corpus(tmp_path)[0][0]
    assert doc.published_at == day
    assert release in doc.text


@pytest.mark.parametrize(
    ("kicker", "release"),
    [
        (["PRESS RELEASE"], "For immediate release: 10 February 2026"),
        ([], "For immediate release: 10 February 2026"),
        (["News release", "Ardmorrow Harbour Authority"], "Date: 10 February 2026"),
    ],
    ids=["under-a-kicker", "no-kicker", "two-kicker-lines"],
)
def test_a_name_and_job_title_under_a_press_releases_release_line_is_its_author(
    tmp_path: Path, kicker: list[str], release: str
) -> None:
    """A press release: "PRESS RELEASE" over its headline (the Title), "For immediate release: 10 February 2026",
    then "Holly Tremayne, Communications Officer". Its day was read under the kicker, its author only when the title
    opened the document, so the release had no author ("who wrote the fishing dues press release" quoted no name).
    The title block under a kicker gives its author as it gives its day."""
    document = docx.Document()
    for text in kicker:
        document.add_paragraph(text)
    document.add_paragraph("Harbour dues frozen for Ardmorrow fishing fleet", style="Title")
    document.add_paragraph(release)
    document.add_paragraph("Holly Tremayne, Communications Officer")
    document.add_paragraph("The Authority has frozen harbour dues for locally registered fishing vessels.")
    document.save(str(tmp_path / "release.docx"))
    doc = read_corpus(tmp_path)[0][0]
    assert (doc.title, doc.author, doc.published_at) == (
        "Harbour dues frozen for Ardmorrow fishing fleet",
        "Holly Tremayne",
        "2026-02-10",
    )
    assert "Holly Tremayne, Communications Officer" in doc.text


@pytest.mark.parametrize(
    ("kicker_style", "bold", "headline_style"),
    [
        (None, True, "Title"),
        (None, True, None),
        ("Heading 1", False, None),
        ("Heading 1", False, "Heading 2"),
        (None, False, None),
    ],
    ids=["bold-kicker-title", "bold-kicker-plain-headline", "heading-kicker", "heading-kicker-heading", "plain-kicker"],
)
def test_a_press_releases_kicker_set_as_a_heading_titles_nothing(
    tmp_path: Path, kicker_style: str | None, bold: bool, headline_style: str | None
) -> None:
    """Testers' press release (bb71 B1.): "PRESS RELEASE" in bold over its headline, "For immediate release: 10
    February 2026" and "Tom Eckersley, Communications Officer". The bold kicker read as a heading over the Title, so
    no title block was read under the headline: no author, no day; over a headline in the Normal style it titled the
    release, as it titles every release of its sender. A kicker is a line of the text, the headline under it the title,
    whatever their styles, and the title block under the headline gives the author and the day."""
    document = docx.Document()
    document.core_properties.author = "teckersley"
    document.add_paragraph(style=kicker_style).add_run("PRESS RELEASE").bold = bold or None
    document.add_paragraph("Visiting star: pannier tank 7714 to headline Spring Steam Gala", style=headline_style)
    document.add_paragraph("For immediate release: 10 February 2026")
    document.add_paragraph("Tom Eckersley, Communications Officer")
    document.add_paragraph("The railway is delighted to announce that No. 7714 will be the star guest at its gala.")
    document.add_paragraph("Gala tickets are on sale now, priced £28 for adults and £14 for children.")
    document.save(str(tmp_path / "release.docx"))
    doc = read_corpus(tmp_path)[0][0]
    assert (doc.title, doc.author, doc.published_at) == (
        "Visiting star: pannier tank 7714 to headline Spring Steam Gala",
        "Tom Eckersley",
        "2026-02-10",
    )
    assert doc.text.startswith("PRESS RELEASE\n")
    assert "Tom Eckersley, Communications Officer" in doc.text
    assert not any(section.heading == "PRESS RELEASE" for section in doc.sections)


def test_a_notice_ending_with_a_signature_is_signed_by_it(tmp_path: Path) -> None:
    """A refusal notice ends with the name over the role, a paragraph each: the role read as a sentence without the
    name, the notice had no author, and "who signed the refusal notice" quoted other sentences. The signature reads
    as one line and signs the notice, as a PDF's and a plain-text file's do; a name over a role opening a section
    with text under it is no signature."""
    document = docx.Document()
    document.add_heading("Refusal of Planning Permission", 1)
    document.add_paragraph("The Council refuses permission for the development described above.")
    document.add_paragraph("Rosalind Achterberg")
    document.add_paragraph("Head of Planning and Building Control")
    read = read_word(_bytes(document, tmp_path / "refusal.docx"))
    assert read.markdown.endswith("above.\n\nRosalind Achterberg, Head of Planning and Building Control")
    assert read.author == "Rosalind Achterberg"
    document.add_paragraph("She joined the Council in 2019 and leads its planning service.")
    assert read_word(_bytes(document, tmp_path / "profile.docx")).author == ""


@pytest.mark.parametrize(
    "signature",
    [
        ["Margaret Ellison-Pryce", "Returning Officer", "Dated Friday 27 March 2026"],
        ["Margaret Ellison-Pryce", "Returning Officer", "Dated this 27th day of March 2026"],
        ["Margaret Ellison-Pryce", "Returning Officer", "Date: 27 March 2026"],
        ["Dated Friday 27 March 2026", "Margaret Ellison-Pryce", "Returning Officer"],
    ],
    ids=["dated-under", "dated-this-day-of", "date-label", "dated-over-the-name"],
)
def test_a_notice_signed_with_a_dated_line_is_signed_and_dated_by_it(tmp_path: Path, signature: list[str]) -> None:
    """A notice of election ends with the name, the role and "Dated Friday 27 March 2026", a paragraph each, as
    statutory notices date themselves: it had no author and no date, although the same notice ending with a bare
    "27 March 2026" had both. The signature reads as one line, its day as written, and signs and dates it."""
    document = docx.Document()
    document.core_properties.created = datetime(2013, 12, 23, 23, 15, tzinfo=UTC)
    document.add_heading("Notice of Election", 1)
    document.add_paragraph("4. If any election is contested, the poll will take place on Thursday 7 May 2026.")
    for line in signature:
        document.add_paragraph(line)
    read = read_word(_bytes(document, tmp_path / "notice.docx"))
    assert (read.author, read.published_at) == ("Margaret Ellison-Pryce", "2026-03-27")
    assert read.markdown.endswith(f"7 May 2026.\n\n{', '.join(signature)}")


def test_a_sections_bare_day_over_a_signature_is_not_its_day(tmp_path: Path) -> None:
    """Board minutes end "Date of next meeting" / "Thursday 17 September 2026 at 6.00pm." / the chair's name / "Chair":
    the day over the name is the section's, not the signature's (only a labelled one, "Dated ...", is)."""
    document = docx.Document()
    document.add_heading("Minutes of the Board meeting", 1)
    document.add_paragraph("The Board agreed to replace the fuel berth pump.")
    document.add_heading("5. Date of next meeting", 2)
    for line in ("Thursday 17 September 2026 at 6.00pm.", "Dr Nkechi Obi", "Chair"):
        document.add_paragraph(line)
    read = read_word(_bytes(document, tmp_path / "minutes.docx"))
    assert read.markdown.endswith("meeting\n\nThursday 17 September 2026 at 6.00pm.\n\nDr Nkechi Obi, Chair")
    assert read.published_at == ""


@pytest.mark.parametrize(
    ("line", "foot"),
    [
        ("Present: Gwen Ellis (chair), Dev Malhotra, Sarah Okonkwo. Minutes: Helen Marsh.", ""),
        ("Present: Gwen Ellis (chair), Dev Malhotra. Minute-taker: Helen Marsh (Office Manager)", ""),
        ("Present: Gwen Ellis (chair), Dev Malhotra. Clerk: Helen Marsh", ""),
        ("Present: Gwen Ellis (chair), Dev Malhotra.", "Minutes taken by Helen Marsh"),
    ],
    ids=["minutes-label", "minute-taker", "clerk", "taken-by-at-the-foot"],
)
def test_minutes_naming_their_taker_are_written_by_the_taker_and_signed_by_the_chair(
    tmp_path: Path, line: str, foot: str
) -> None:
    """Team minutes say "Minutes: Helen Marsh." under who was present and end with the chair's "Gwen Ellis" /
    "Principal": they were credited to the chair's signature (testers' bb73 and bb72, 8.). The taker wrote them;
    the signature still reads as one line, which answers who signed them."""
    document = docx.Document()
    document.core_properties.author = "python-docx"  # the template's placeholder
    document.add_heading("Minutes of the Instructor Team Meeting", 1)
    document.add_paragraph("Friday 9 January 2026, 6.30pm, Office")
    document.add_paragraph(line)
    document.add_heading("1. New instructor", 2)
    document.add_paragraph("Gwen welcomed the news that Priya Raman will join the school on 2 March 2026.")
    document.add_heading("2. Minutes of the last meeting", 2)
    document.add_paragraph("Minutes of the meeting of 5 December were agreed.")
    for paragraph in ([foot] if foot else []) + ["Gwen Ellis", "Principal"]:
        document.add_paragraph(paragraph)
    read = read_word(_bytes(document, tmp_path / "minutes.docx"))
    assert read.author == "Helen Marsh"
    assert read.markdown.endswith("Gwen Ellis, Principal")
    document.paragraphs[2].text = "Present: Gwen Ellis (chair), Dev Malhotra. Minutes of the last meeting: agreed."
    if foot:
        document.paragraphs[-3].text = "The meeting closed at 8pm."
    assert read_word(_bytes(document, tmp_path / "unnamed.docx")).author == "Gwen Ellis"  # no taker: its signer


def _word_letter(path: Path, subject: str, *, bold: bool, under: bool, after: int = 0, title: str = "") -> bytes:
    """A housing association's letter: its letterhead (the name in bold over its address and telephone), the day,
    ``subject`` above the greeting (or under it, ``under``; in bold or not), two paragraphs, the valediction and a
    signature of a name over a role; then ``after`` paragraphs of something else; ``title`` in its properties."""
    document = docx.Document()
    document.core_properties.title = title
    document.add_paragraph().add_run("Kestrel Vale Housing Association").bold = True
    for line in ("Kestrel House, 22 Millrace Street, Brackenford BF3 2QT", "Tel: 0300 555 0143", "3 March 2025"):
        document.add_paragraph(line)
    lines = ["Dear Tenant,", subject] if under else [subject, "Dear Tenant,"]
    for line in lines:
        document.add_paragraph().add_run(line).bold = bold and line == subject
    document.add_paragraph("From Monday 7 April 2025 your rent will increase by 2.7%.")
    document.add_paragraph("If you are worried about paying your rent, please talk to our Income Team.")
    document.add_paragraph("Yours sincerely,")
    document.add_paragraph("Rajesh Lunt")
    document.add_paragraph("Director of Finance")
    for i in range(after):
        document.add_paragraph(f"The board met for the {i + 1}th time and agreed the budget.")
    return _bytes(document, path)


@pytest.mark.parametrize(
    ("subject", "bold", "under"),
    [
        ("Re: Your rent from 7 April 2025", True, True),
        ("RE: Your rent from 7 April 2025", False, False),
        ("Subject: Your rent from 7 April 2025", False, True),
        ("Your rent from 7 April 2025", True, True),
        ("Your rent from 7 April 2025", True, False),
    ],
    ids=["bold-re-under-the-greeting", "re-above", "subject-under", "bold-under", "bold-above"],
)
def test_a_letter_is_titled_by_its_subject_not_its_letterhead(
    tmp_path: Path, subject: str, bold: bool, under: bool
) -> None:
    """A Word letter set its organisation's name in bold over its address: it was titled by that letterhead, as
    every letter the organisation sends is, and "who signed the 2025 rent letter" answered '"Kestrel Vale Housing
    Association" was signed by ...'. It is titled by its subject, as the same letter as a PDF is."""
    _word_letter(tmp_path / "letter.docx", subject, bold=bold, under=under)
    doc = read_corpus(tmp_path)[0][0]
    assert (doc.title, doc.author, doc.published_at) == ("Your rent from 7 April 2025", "Rajesh Lunt", "2025-03-03")


def test_a_letter_opening_a_report_or_with_a_title_of_its_own_keeps_its_title(tmp_path: Path) -> None:
    """A letter with more after its signature (a chair's letter opening a report) is no letter the file is: the
    file keeps the title it had; so does a letter whose properties give a title."""
    subject = "Re: Your rent from 7 April 2025"
    _word_letter(tmp_path / "report.docx", subject, bold=True, under=True, after=20)
    _word_letter(tmp_path / "titled.docx", subject, bold=True, under=True, title="Rent Notice 2025")
    titles = {doc.doc_id: doc.title for doc in read_corpus(tmp_path)[0]}
    assert titles == {"report.docx": "Kestrel Vale Housing Association", "titled.docx": "Rent Notice 2025"}


def _vicars_letter(path: Path, dated: bool = True) -> bytes:
    """A parish letter: the vicarage's address, the day (when ``dated``), its subject as a heading, the greeting,
    two paragraphs (the second naming another day), and a signature; made (its properties) the day after."""
    document = docx.Document()
    document.core_properties.created = datetime(2025, 11, 24, 21, 5, tzinfo=UTC)
    document.add_paragraph("The Vicarage, 2 Church Street, Wexcombe WX7 2AL")
    if dated:
        document.add_paragraph("23 November 2025")
    document.add_heading("Preparing the way", 1)
    document.add_paragraph("Dear friends,")
    document.add_paragraph("As the evenings draw in, the Church invites us to pause. Advent is a season of waiting.")
    document.add_paragraph("Our Christingle service will be on Sunday 14 December 2025 at 4pm.")
    for line in ("Yours in Christ,", "Miriam", "Revd Dr Miriam Ashdown", "Vicar of Wexcombe"):
        document.add_paragraph(line)
    return _bytes(document, path)


@pytest.mark.parametrize(("dated", "day"), [(True, "2025-11-23"), (False, "2025-11-24")], ids=["dated", "undated"])
def test_a_letters_date_line_over_its_greeting_dates_it_before_the_files_creation(
    tmp_path: Path, dated: bool, day: str
) -> None:
    """A vicar's letter set the day, "23 November 2025", under the vicarage's address and over its subject and
    greeting: it was dated the day its file was made (24 November), "when was the advent letter written" answered
    so. A letter's own date line, in its head over the greeting, dates it; a day in its text (a service on 14
    December) does not, and a letter naming no day of its own is dated by its file."""
    _vicars_letter(tmp_path / "letter.docx", dated)
    doc = read_corpus(tmp_path)[0][0]
    assert doc.published_at == day


@pytest.mark.parametrize("dated_apart", [True, False], ids=["day-apart", "day-in-the-letterhead"])
def test_a_letterhead_of_one_paragraph_broken_into_lines_heads_a_letter(tmp_path: Path, dated_apart: bool) -> None:
    """A council's letter set its letterhead as one paragraph of three lines (Shift+Enter), the reader's address so
    too: the paragraph, read as one line too long for a letter's head, stopped the letter being read as one (titled
    by its file's name, undated) although the same letterhead a paragraph a line was. Each line of it counts as a
    line of the head, the day too when the letterhead's paragraph ends with it."""
    document = docx.Document()
    document.core_properties.created = datetime(2025, 7, 9, 16, 40, tzinfo=UTC)
    head = "Haverleigh District Council\nElectoral Registration Office\nCivic Offices, Mill Lane, Haverleigh HV3 2QT"
    if dated_apart:
        document.add_paragraph(head)
        document.add_paragraph("7 July 2025")
    else:
        document.add_paragraph(f"{head}\n7 July 2025")
    document.add_paragraph("The Occupier\n17 Ferris Row\nLowmoor HV6 3TF")
    document.add_paragraph("Dear Occupier,")
    document.add_paragraph("Re: Annual canvass 2025 - please check your household's details")
    document.add_paragraph("Every year we must check who is living at each address. Tell us by 15 August 2025.")
    for line in ("Yours faithfully,", "Margaret Ellison-Pryce", "Electoral Registration Officer"):
        document.add_paragraph(line)
    _bytes(document, tmp_path / "canvass-letter-2025.docx")
    doc = read_corpus(tmp_path)[0][0]
    assert (doc.title, doc.author, doc.published_at) == (
        "Annual canvass 2025 - please check your household's details",
        "Margaret Ellison-Pryce",
        "2025-07-07",
    )


def test_the_revision_a_paragraph_states_dates_the_word_file(tmp_path: Path) -> None:
    """Testers' bb77 B6: a dental leaflet ending "This leaflet was last revised in March 2025." was undated in Word,
    where the same leaflet as a PDF was dated March 2025 (``dates.last_revision`` reads both); a date under the title
    still comes first, and "Next review due" is no revision."""
    leaflet = docx.Document()
    leaflet.add_heading("Looking after your mouth after a tooth extraction", level=0)
    leaflet.add_paragraph("Do not rinse your mouth for the first 24 hours.")
    leaflet.add_paragraph("Next review due: March 2027")
    leaflet.add_paragraph("This leaflet was last revised in March 2025.")
    leaflet.save(str(tmp_path / "leaflet.docx"))
    dated = docx.Document()
    dated.add_heading("Looking after your dentures", level=0)
    dated.add_paragraph("Date: 2 June 2025")
    dated.add_paragraph("Take your dentures out at night.")
    dated.add_paragraph("This leaflet was last revised in March 2025.")
    dated.save(str(tmp_path / "dentures.docx"))
    docs = {d.doc_id: d.published_at for d in read_corpus(tmp_path)[0]}
    assert docs == {"leaflet.docx": "March 2025", "dentures.docx": "2025-06-02"}
