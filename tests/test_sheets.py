"""CSV and TSV files and Excel workbooks as corpus documents: a document a row when a column holds an article's
text, a help-desk FAQ export as questions over their answers, any other sheet as a paragraph a row. The last test
asks a real server (real model, real FAISS) of an FAQ export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.servers import ask, corpus_server

from ragqa.ingest.corpus import read_corpus

FAQ = (
    "Question,Answer,Category\n"
    'How do I reset my password?,"Open Settings, choose Account and press ""Reset password"". A link arrives by '
    'e-mail within 5 minutes.",account\n'
    "Can I change my username?,No. Usernames are permanent once the account is created.,account\n"
    'What payment methods do you accept?,"Visa, Mastercard and PayPal. Bank transfers are accepted for yearly plans '
    'only.",billing\n'
)


def test_a_row_a_document_when_a_column_holds_the_text(tmp_path: Path) -> None:
    (tmp_path / "articles.csv").write_text(
        "ID;Title;Author;Published;Body\n"
        "7;Ferry fares rise;Lena Brooks;2024-03-01;Ferry fares rise by 5 percent in April.\n"
        ";No text here;Sam Ortiz;2024-04-12;\n"
    )
    docs, report = read_corpus(tmp_path)
    (doc,) = docs
    assert (doc.doc_id, doc.title, doc.author, doc.published_at) == (
        "7",
        "Ferry fares rise",
        "Lena Brooks",
        "2024-03-01",
    )
    assert doc.text == "Ferry fares rise by 5 percent in April." and doc.path == "articles.csv"
    assert report.skipped[0].startswith("articles.csv:3: has no text")


def test_a_help_desk_export_reads_as_questions_over_their_answers(tmp_path: Path) -> None:
    (tmp_path / "help-center.csv").write_text(FAQ)
    (doc,), _ = read_corpus(tmp_path)
    assert doc.title == "help center"
    assert [s.heading for s in doc.sections] == [
        "How do I reset my password?",
        "Can I change my username?",
        "What payment methods do you accept?",
    ]
    assert 'Open Settings, choose Account and press "Reset password". A link arrives' in doc.text


def test_any_other_sheet_is_a_paragraph_a_row_with_its_column_names(tmp_path: Path) -> None:
    (tmp_path / "timetable.tsv").write_text("Route\tFirst ferry\tLast ferry\n12\t06:10\t23:40\n\n14\t07:00\n")
    (tmp_path / "prices.csv").write_bytes("Item,Price\nCrème brûlée,6 €\nTea,2, or 3 with milk\n".encode("cp1252"))
    docs, _ = read_corpus(tmp_path)
    by_id = {d.doc_id: d for d in docs}
    assert by_id["timetable.tsv"].text.split("\n\n")[1:] == [
        "Route: 12; First ferry: 06:10; Last ferry: 23:40",
        "Route: 14; First ferry: 07:00",
    ]
    assert "Item: Crème brûlée; Price: 6 €" in by_id["prices.csv"].text
    assert "Item: Tea; Price: 2, or 3 with milk" in by_id["prices.csv"].text  # an unquoted comma loses nothing


def test_a_sheet_of_dates_keeps_its_rows(tmp_path: Path) -> None:
    """A sheet with a "Date" column and no text column was skipped as "has no text": each row, "Date: ...; Event:
    ...", was read as a date line under the title and left the text. A workbook's "INSET days" sheet was lost."""
    import datetime as dt

    (tmp_path / "inset.csv").write_text("Date,Event\n3 January 2025,INSET day\n2 June 2025,Moderation\n")
    (tmp_path / "by.csv").write_text("Author,Book\nBy Jane Doe,Harbour Tales\n")
    _workbook(tmp_path / "terms.xlsx", {"INSET days": [["Date", "Reason"], [dt.date(2025, 1, 3), "Training"]]})
    docs, report = read_corpus(tmp_path)
    by_id = {d.doc_id: d for d in docs}
    assert not report.skipped
    assert by_id["inset.csv"].text.split("\n\n")[1:] == [
        "Date: 3 January 2025; Event: INSET day",
        "Date: 2 June 2025; Event: Moderation",
    ]
    assert by_id["inset.csv"].published_at == ""  # a row's day is no day the sheet was published
    assert (by_id["by.csv"].author, by_id["by.csv"].text.split("\n\n")[1]) == (
        "",
        "Author: By Jane Doe; Book: Harbour Tales",
    )
    assert "Date: 2025-01-03; Reason: Training" in by_id["terms.xlsx"].text


def test_every_column_keeps_its_values(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("Name;Note;Note;\nPier;Busy;Windy;Closed Sundays; open at noon\nTea;2\n")
    (doc,), _ = read_corpus(tmp_path)  # rows of unequal length: the delimiter the header uses still splits them
    assert "Name: Pier; Note: Busy; Note 2: Windy; column 4: Closed Sundays; open at noon" in doc.text
    assert "Name: Tea; Note: 2" in doc.text


def test_a_sheet_without_rows_is_skipped_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_text("Question,Answer\n\n")
    (tmp_path / "ok.md").write_text("# Ok\n\nText.\n")
    docs, report = read_corpus(tmp_path)
    assert [d.doc_id for d in docs] == ["ok.md"]
    assert report.skipped == ["empty.csv: has no rows under its header"]


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    """An .xlsx file written by openpyxl, as a spreadsheet program saves one."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)


def test_a_title_over_the_column_names_is_a_line_of_the_sheet_not_its_header(tmp_path: Path) -> None:
    """A league's scorers sheet is titled in A1 alone (cells merged across), a blank row under it, its column
    names in row 3: the title was read as the only column's name ("... leading scorers: 1, Ana Silva, Fernside,
    9"). A CSV export of such a sheet is read so too; a header leaving its first cell blank is still the header."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Scorers"
    for row in [["Division One 2025 - leading scorers (league games only)"], [], ["Rank", "Player", "Club", "Goals"]]:
        sheet.append(row)
    sheet.append([1, "Ana Silva", "Fernside", 9])
    sheet.merge_cells("A1:D1")
    book.save(tmp_path / "scorers.xlsx")
    (tmp_path / "assists.csv").write_text("Assists to 1 March,,\nPlayer,Club,Assists\nTom Reed,Hallam Vale,6\n")
    (tmp_path / "towns.csv").write_text(",Population\nLeeds,812000\nYork,211000\n")
    docs, report = read_corpus(tmp_path)
    by_id = {d.doc_id: d for d in docs}
    assert not report.skipped
    assert by_id["scorers.xlsx"].text.split("\n\n")[1:] == [
        "Division One 2025 - leading scorers (league games only)",
        "Rank: 1; Player: Ana Silva; Club: Fernside; Goals: 9",
    ]
    assert "Assists to 1 March\n\nPlayer: Tom Reed; Club: Hallam Vale; Assists: 6" in by_id["assists.csv"].text
    assert "column 1: Leeds; Population: 812000" in by_id["towns.csv"].text


def test_a_note_under_a_table_is_a_sentence_of_its_own_not_a_record(tmp_path: Path) -> None:
    """A harbour's Visitors sheet set two notes under its rates, each in one cell under the first column, a blank
    row above them: they were read as records, "Length overall: Multihulls are charged at 1.5 times the monohull
    rate.", which is false. A cell standing alone after the table, or a sentence in a column of short values, is a
    note; a record whose other cells are blank ("Laundry", priced on request) is still a record, as is a sentence
    in a column of sentences."""
    _workbook(
        tmp_path / "tariff.xlsx",
        {
            "Visitors": [
                ["Length overall", "Per metre per night", "Short stay (up to 4 hours)"],
                ["Up to 10.00 m", 3.2, 12],
                ["Over 10.00 m", 3.6, 15],
                [None, None, None],
                ["Multihulls are charged at 1.5 times the monohull rate.", None, None],
                ["Stay 7 nights, pay for 5 (1 October to 31 March only).", None, None],
            ],
            "Other charges": [
                ["Item", "Charge", "Unit"],
                ["Shore power", 4.75, "per day"],
                ["Laundry", None, None],
                ["Prices include VAT at the standard rate.", None, None],
            ],
        },
    )
    (tmp_path / "tasks.csv").write_text(
        "Task,Owner\nCheck the fire exits are clear.,Sam\nTest the alarm every Monday.,\n\nSee the safety manual.,\n"
    )
    (tmp_path / "contacts.csv").write_text("Name,Email\nAna Silva,\n\nTom Reed,\n")  # no table of fuller records
    docs, report = read_corpus(tmp_path)
    by_id = {d.doc_id: d for d in docs}
    assert not report.skipped
    assert by_id["tariff.xlsx:Visitors"].text.split("\n\n")[1:] == [
        "Length overall: Up to 10.00 m; Per metre per night: 3.2; Short stay (up to 4 hours): 12",
        "Length overall: Over 10.00 m; Per metre per night: 3.6; Short stay (up to 4 hours): 15",
        "Multihulls are charged at 1.5 times the monohull rate.",
        "Stay 7 nights, pay for 5 (1 October to 31 March only).",
    ]
    assert by_id["tariff.xlsx:Other charges"].text.split("\n\n")[1:] == [
        "Item: Shore power; Charge: 4.75; Unit: per day",
        "Item: Laundry",  # a record with blank optional cells, no note
        "Prices include VAT at the standard rate.",  # a sentence among short values, no blank row needed
    ]
    assert by_id["tasks.csv"].text.split("\n\n")[1:] == [
        "Task: Check the fire exits are clear.; Owner: Sam",
        "Task: Test the alarm every Monday.",  # a sentence among sentences: a record
        "See the safety manual.",  # alone after the table
    ]
    assert by_id["contacts.csv"].text.split("\n\n")[1:] == ["Name: Ana Silva", "Name: Tom Reed"]


def test_an_excel_workbook_reads_sheet_by_sheet(tmp_path: Path) -> None:
    import datetime as dt

    _workbook(
        tmp_path / "harbour.xlsx",
        {
            "Ferries": [
                [],
                ["Route", "First ferry", "Fare", "Since", None],
                [12, dt.time(6, 10), 4.0, dt.datetime(2024, 3, 1)],
            ],
            "FAQ": [["Question", "Answer"], ["Can I take a bicycle?", "Yes, bicycles travel free."]],
            "Empty": [],
        },
    )
    _workbook(
        tmp_path / "news.xlsx", {"Sheet1": [["Title", "Body"], ["Pier reopens", "The north pier reopens on Monday."]]}
    )
    docs, report = read_corpus(tmp_path)
    by_id = {d.doc_id: d for d in docs}
    assert sorted(by_id) == ["harbour.xlsx:FAQ", "harbour.xlsx:Ferries", "news.xlsx:2"] and not report.skipped
    ferries = by_id["harbour.xlsx:Ferries"]
    assert ferries.title == "harbour: Ferries"  # the header is the first row with a value; empty columns go
    assert "Route: 12; First ferry: 06:10; Fare: 4; Since: 2024-03-01" in ferries.text
    assert [s.heading for s in by_id["harbour.xlsx:FAQ"].sections] == ["Can I take a bicycle?"]
    assert by_id["news.xlsx:2"].title == "Pier reopens"  # one sheet: ids as a CSV file's


def test_a_workbooks_numbers_read_as_their_cells_show_them(tmp_path: Path) -> None:
    """A price list's cell holding 9.8, formatted ``"£"#,##0.00`` (Excel shows £9.80), was read "Adult: 9.8": the
    currency and the pence were lost, and "how much is an adult swim" found no price. Each cell's number format
    (currency before or after, a locale's ``[$€-x]``, thousands, decimals, percent, an accounting format's sections)
    shows it as Excel does; a format read no further (a fraction) and General keep the bare number."""
    import datetime as dt

    import openpyxl

    cells: list[tuple[str, object, str, str]] = [
        ("Adult", 9.8, '"£"#,##0.00', "£9.80"),
        ("Child", 12, "£#,##0.00", "£12.00"),
        ("Member discount", 0.125, "0.0%", "12.5%"),
        ("Off-peak discount", 0.5, "0%", "50%"),
        ("Grant", 12500, "#,##0", "12,500"),
        ("Locker", 5.4, "0.00", "5.40"),
        ("Budget", 1234.5, "#,##0.00", "1,234.50"),
        ("Day pass", 9.8, '#,##0.00 "€"', "9.80 €"),
        ("Sauna", 9.8, "[$€-2] #,##0.00", "€ 9.80"),
        ("Course", 1234.5, "[$$-409]#,##0.00", "$1,234.50"),
        ("Refund", -3.5, '"£"#,##0.00;[Red]\\-"£"#,##0.00', "-£3.50"),
        ("Deposit", 1234.5, '_-"£"* #,##0.00_-;\\-"£"* #,##0.00_-;_-"£"* "-"??_-;_-@_-', "£ 1,234.50"),
        ("Waiver", 0, '_-"£"* #,##0.00_-;\\-"£"* #,##0.00_-;_-"£"* "-"??_-;_-@_-', "£ -"),
        ("Loss", -1234.5, '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)', "$ (1,234.50)"),
        ("Round", 2.675, "0.00", "2.68"),  # half away from zero, as Excel rounds
        ("Postcode", 501, "00000", "00501"),
        ("Share", 0.75, "# ?/?", "0.75"),
        ("Lanes", 4.0, "General", "4"),
        ("Opened", dt.datetime(2024, 3, 1), "dd/mm/yyyy", "2024-03-01"),
    ]
    book = openpyxl.Workbook()
    book.active.append(["Item", "Price"])
    for item, value, number_format, _ in cells:
        book.active.append([item, value])
        book.active.cell(book.active.max_row, 2).number_format = number_format
    book.save(tmp_path / "prices.xlsx")
    (tmp_path / "prices.csv").write_text("Item,Price\nAdult,9.8\nGrant,12500\n")  # a CSV file's text is as it is
    docs, report = read_corpus(tmp_path)
    by_id = {d.doc_id: d for d in docs}
    assert not report.skipped
    assert by_id["prices.xlsx"].text.split("\n\n")[1:] == [f"Item: {item}; Price: {shown}" for item, *_, shown in cells]
    assert by_id["prices.csv"].text.split("\n\n")[1:] == ["Item: Adult; Price: 9.8", "Item: Grant; Price: 12500"]


def test_a_workbooks_own_title_and_author_name_it(tmp_path: Path) -> None:
    """A workbook titled "Benefits Summary 2025" by "People Operations" was titled by its file's name, with no
    author; openpyxl's own name as the creator is no author."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Benefit", "Amount"])
    book.active.append(["Pension", "6% of salary"])
    book.properties.title, book.properties.creator = "Benefits Summary 2025", "People Operations"
    book.save(tmp_path / "benefits-2025.xlsx")
    _workbook(tmp_path / "plain.xlsx", {"Sheet1": [["Benefit", "Amount"], ["Gym", "20 a month"]]})
    docs, _ = read_corpus(tmp_path)
    named = {d.doc_id: (d.title, d.author) for d in docs}
    assert named == {"benefits-2025.xlsx": ("Benefits Summary 2025", "People Operations"), "plain.xlsx": ("plain", "")}


def test_a_workbook_is_dated_by_the_day_or_month_its_title_names(tmp_path: Path) -> None:
    """A register titled "Planning register update February 2026" (in a file named "...-2026-02.xlsx") was undated,
    both its sheets missing from "the latest document" and date filters: its title is read as a PDF's or a Word
    file's is, a day among its words or the month it is an update of. The day the file was saved (openpyxl's
    "created", which it sets to the day it writes the file) is no publication date, so an untitled one stays
    undated."""
    import openpyxl

    for name, title in [
        ("update-2026-02.xlsx", "Planning register update February 2026"),
        ("ferries.xlsx", "Ferry timetable, 14 March 2025"),
        ("benefits.xlsx", "Benefits Summary"),
    ]:
        book = openpyxl.Workbook()
        book.active.append(["Reference", "Status"])
        book.active.append(["WX/25/0412/FUL", "Approved"])
        if name.startswith("update"):
            book.create_sheet("Appeals").append(["Appeal", "Status"])
            book["Appeals"].append(["APP/1", "Dismissed"])
        book.properties.title = title
        book.save(tmp_path / name)
    docs, _ = read_corpus(tmp_path)
    assert {d.doc_id: d.published_at for d in docs} == {
        "update-2026-02.xlsx:Sheet": "February 2026",
        "update-2026-02.xlsx:Appeals": "February 2026",
        "ferries.xlsx": "2025-03-14",
        "benefits.xlsx": "",
    }


def test_a_workbook_is_dated_by_the_month_it_lists_or_the_day_its_title_says_it_runs_from(tmp_path: Path) -> None:
    """An arts centre's "What's On April 2026" and a union's "FUPE subscription rates from 1 April 2026" were
    undated: their titles name the month or day without a word saying it is the workbook's (as "Published" or
    "update" does). The period a title names, the month a listing covers or the day rates take effect from, is a
    better date than none, but a weaker one than the day a file's name says it was issued: it dates a workbook only
    when nothing else does. A range is dated by its start ("April to June 2026": April 2026), as a reader calls it."""
    import openpyxl

    for name, title in [
        ("whats-on.xlsx", "What's On April 2026"),
        ("rates.xlsx", "FUPE subscription rates from 1 April 2026"),
        ("2026-03-10-fees.xlsx", "Hall hire fees from 1 April 2026"),
        ("summer.xlsx", "Events April to June 2026"),
        ("task-days.xlsx", "Volunteer task days, spring 2026"),  # testers' bb80, 3.: a season, as "Date: Spring 2019"
    ]:
        book = openpyxl.Workbook()
        book.active.append(["Event", "Price"])
        book.active.append(["The Long Quiet", "£9"])
        if name == "whats-on.xlsx":
            book.create_sheet("Cinema").append(["Film", "Certificate"])
            book["Cinema"].append(["Nightjar", "15"])
        book.properties.title = title
        book.save(tmp_path / name)
    docs, _ = read_corpus(tmp_path)
    assert {d.doc_id: d.published_at for d in docs} == {
        "whats-on.xlsx:Sheet": "April 2026",
        "whats-on.xlsx:Cinema": "April 2026",
        "rates.xlsx": "2026-04-01",
        "2026-03-10-fees.xlsx": "2026-03-10",  # the day its name says it was issued
        "summer.xlsx": "April 2026",
        "task-days.xlsx": "spring 2026",
    }


def test_a_sheet_is_dated_by_the_day_its_note_says_it_is_as_at(tmp_path: Path) -> None:
    """An allotment society's waiting list (testers' bb69, AL038) is undated but for its note under the table, "List
    as at 1 December 2025. Average wait ...": its newer waiting times lost to an older FAQ's, and "when was the
    waiting list last updated" said it does not record it. A note or a line over the header saying the figures are
    as at (as of, correct at) a day or a month dates a sheet when nothing better does: not its file name's day, nor a
    change to come ("Prices will rise as of 1 April 2027.")."""
    table = "Ref,Site wanted,Size wanted\nWL-0388,Mill Lane,Full\nWL-0391,Mill Lane,Half\n"
    notes = {
        "waiting-list.csv": "\nList as at 1 December 2025. Average wait for a full plot: Mill Lane 18 months.\n",
        "balances.csv": "\nFigures correct as of 31 March 2026.\n",
        "prices.csv": "\nPrices correct at January 2026.\n",
        "2026-02-01-list.csv": "\nList as at 1 December 2025.\n",
        "rise.csv": "\nPrices will rise as of 1 April 2027.\n",
        # testers' bb80, 2.: a note whose comma was not quoted fills two cells
        "bird-counts.csv": "\nCounts by surveyors, April to July 2025. Figures correct as of 30 September 2025.\n",
    }
    for name, note in notes.items():
        (tmp_path / name).write_text(table + note)
    (tmp_path / "over.csv").write_text("Members as at 5 January 2026\n\n" + table)
    docs, _ = read_corpus(tmp_path)
    assert {d.doc_id: d.published_at for d in docs} == {
        "waiting-list.csv": "2025-12-01",
        "balances.csv": "2026-03-31",
        "prices.csv": "January 2026",
        "2026-02-01-list.csv": "2026-02-01",  # the day its name says it was issued
        "rise.csv": "",
        "over.csv": "2026-01-05",
        "bird-counts.csv": "2025-09-30",
    }
    note = "Counts by surveyors, April to July 2025. Figures"
    assert any(note in d.text for d in docs), "the note as written, not read under its columns' names"


def test_a_broken_workbook_is_skipped_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    (tmp_path / "ok.md").write_text("# Ok\n\nText.\n")
    docs, report = read_corpus(tmp_path)
    assert [d.doc_id for d in docs] == ["ok.md"]
    assert report.skipped[0].startswith("broken.xlsx: is not a readable .xlsx file")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[str]:
    folder: Path = tmp_path_factory.mktemp("sheets")
    (folder / "help-center.csv").write_text(FAQ)
    with corpus_server(folder, tmp_path_factory.mktemp("sheets-index"), embedder) as base:
        yield base


def test_a_question_is_answered_from_the_faq_export(server: str) -> None:
    reset = ask(server, "how can i reset my password")
    assert "Open Settings, choose Account" in reset["answer"], reset["answer"]
    assert reset["citations"][0]["doc_id"] == "help-center.csv"
    paying = ask(server, "do you take paypal?")
    assert "Visa, Mastercard and PayPal" in paying["answer"], paying["answer"]


def test_an_uploaded_workbook_reads_as_the_folder_does(tmp_path: Path) -> None:
    from ragqa.ingest.document_store import parse_upload

    _workbook(
        tmp_path / "faq.xlsx", {"FAQ": [["Question", "Answer"], ["Can I take a dog?", "Dogs on a lead travel free."]]}
    )
    (doc,) = parse_upload("faq.xlsx", (tmp_path / "faq.xlsx").read_bytes(), "ferry-faq")
    assert doc.doc_id == "ferry-faq" and [s.heading for s in doc.sections] == ["Can I take a dog?"]
