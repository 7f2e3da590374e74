"""Publication dates read at the precision they are written (no model)."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from ragqa.answering.timeline import dated
from ragqa.ingest.dates import (
    closing_day,
    either_way,
    file_day,
    first_and_last_day,
    named_in_title,
    normalize_date,
    overlaps,
    period_of,
    revision_day,
    title_block_day,
    title_block_month,
    writes_day_first,
)
from ragqa.retrieval.query import within


@pytest.mark.parametrize(
    ("written", "period"),
    [
        ("2020-06-29T15:52:00-07:00", "2020-06-29"),
        ("June 29, 2020 at 3:52 p.m. PDT", "2020-06-29"),
        ("September 2022", "2022-09"),
        ("Sept. 2022", "2022-09"),
        ("March, 2021", "2021-03"),
        ("12/2020", "2020-12"),
        ("2022-09", "2022-09"),
        ("2022", "2022"),
        ("June 29", ""),  # no year: not June 2029
        ("sometime next spring", ""),
        ("Spring 2019", "2019"),  # a newsletter's season: its year
        ("winter 1947", "1947"),
        ("v2.3", ""),
        ("", ""),
    ],
)
def test_a_date_is_read_at_the_precision_it_is_written(written, period):
    assert period_of(written) == period


@pytest.mark.parametrize(
    ("written", "iso", "readings"),
    [
        ("2025-01-14 19:42:00", "2025-01-14T19:42:00", None),  # a CMS's or a database's date-time: ISO 8601's "T"
        ("2020-06-29T15:52:00Z", "2020-06-29T15:52:00Z", None),  # ISO already: as written
        ("2026-11-02 09:00:00 +0000", "2026-11-02T09:00:00+00:00", None),  # Jekyll's: the offset as ISO writes it
        ("2026-11-02T09:00:00-0500", "2026-11-02T09:00:00-05:00", None),  # an offset without its colon
        ("13/03/2025", "2025-03-13", None),  # the order is plain
        ("03/13/2025", "2025-03-13", None),
        ("04/04/2020", "2020-04-04", None),
        ("2025/03/04", "2025-03-04", None),  # the year first
        ("12/03/2025", None, ("2025-03-12", "2025-12-03")),  # 12 March or December 3: kept as written
        ("3/4/20", None, ("2020-04-03", "2020-03-04")),
        ("04.03.2020", None, ("2020-03-04", "2020-04-03")),
    ],
)
def test_a_date_is_iso_8601_and_a_day_in_figures_of_no_plain_order_is_not_read(written, iso, readings):
    assert normalize_date(written) == iso
    assert either_way(written) == readings
    if readings:
        assert period_of(written) == ""  # no date filter matches it either way


def test_a_jekyll_post_is_dated_in_iso_8601_as_a_message_is(tmp_path):
    """A Jekyll post's "date: 2026-11-02 09:00:00 +0000" was stored "2026-11-02T09:00:00 +0000": no ISO 8601 date,
    where a mail's date is stored "2026-10-06T08:15:00+01:00"."""
    from ragqa.ingest.corpus import read_corpus

    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "2026-11-02-refurbishment.md").write_text(
        "---\nlayout: post\ntitle: Riverside Library refurbishment\ndate: 2026-11-02 09:00:00 +0000\n---\n\n"
        "Riverside Library closes for six weeks from 9 November.\n"
    )
    (doc,), _ = read_corpus(tmp_path)
    assert doc.published_at == "2026-11-02T09:00:00+00:00"
    assert datetime.fromisoformat(doc.published_at) == datetime(2026, 11, 2, 9, tzinfo=UTC)


def test_a_month_alone_is_no_full_date():
    assert normalize_date("September 2022") is None  # kept as written by the build, not made a day


def test_periods_overlap_as_their_days_do():
    assert first_and_last_day("2024-02") == ("2024-02-01", "2024-02-29")
    assert first_and_last_day("2022") == ("2022-01-01", "2022-12-31")
    assert first_and_last_day("2022-09-20") == ("2022-09-20", "2022-09-20")
    cases = [("2022-09-20", "2022-09-25"), ("2022-08-01", "2022-08-31"), ("2021-12-01", "2022-01-05")]
    for period in ("2022-09", "2022", "2022-09-22", "2021-12", "2022-01", ""):
        first, last = first_and_last_day(period)
        for start, end in cases:
            by_days = bool(period) and first <= end and last >= start
            assert overlaps(period, start, end) == by_days, (period, start, end)


def test_documents_dated_by_a_month_are_within_the_periods_a_question_names():
    assert within("September 2022", ("2022-01-01", "2022-12-31"))
    assert within("September 2022", ("2022-09-21", "2022-09-30"))  # "late September 2022"
    assert not within("September 2022", ("2022-10-01", "2022-10-31"))
    assert not within("September 2022", ("0000-09-05", "0000-09-05"))  # "on september 5": no day to compare
    assert within("2022-09-05", ("0000-09-05", "0000-09-05"))


def test_a_yearless_time_in_a_passage_dated_by_a_month_stays_yearless():
    """The year before publication that makes "in February" past needs the publication's day."""
    assert dated(("0000-02-01", "0000-02-29"), "September 2022") == ("0000-02-01", "0000-02-29")
    assert dated(("0000-02-01", "0000-02-29"), "2020-06-29") == ("2020-02-01", "2020-02-29")


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("What's On April 2026", "April 2026"),
        ("FUPE subscription rates from 1 April 2026", "2026-04-01"),
        ("Rota for Sept. 2025", "Sept. 2025"),
        ("Fees 2026/27 from 1 April 2026 to 31 March 2027", "2026-04-01"),  # the first: the day the fees start
        ("Ferry timetable, Monday 14 March 2025 (winter)", "2025-03-14"),
        ("Events April to June 2026", "April 2026"),  # a range by its start, the year after its end
        ("What's On March to May 2026", "March 2026"),
        ("Training calendar Jan-Jun 2026", "Jan 2026"),
        ("Winter lets December to February 2027", "December 2026"),  # a range over the new year
        ("Holiday club 1-30 April 2026", "2026-04-01"),
        ("Festival 28 June to 3 July 2026", "2026-06-28"),
        ("Fees until June 2026", ""),  # a range's end alone
        ("Consultation open to 30 June 2026", ""),
        ("Rota 03/04/2026", ""),  # the 3rd of April or March the 4th
        ("Budget 2026", ""),
        ("Price list", ""),
    ],
)
def test_a_title_names_the_first_day_or_month_among_its_words(title, named):
    assert named_in_title(title) == named


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Tuesday 11th February 2025, 7.00pm, Council Chamber, Ashcombe Town Hall.", "2025-02-11T19:00:00"),
        ("Minutes of the meeting held on 28/01/25 at 6.30pm in the Committee Room.", "2025-01-28T18:30:00"),
        ("Excerpt: letter from the Chair and outlook. Published 10 December 2024.", "2024-12-10"),
        ("Planning Committee Minutes, 25 March 2025", "2025-03-25"),
        ("Fees for landlords Effective from 1 January 2025", "2025-01-01"),  # an agency's fee schedule
        ("Particulars prepared 18 September 2026", "2026-09-18"),  # an estate agent's brochure
        ("Report compiled 3 May 2024", "2024-05-03"),
        ("Report presented 24 March 2026", "2026-03-24"),  # to a committee: the day it is dated for
        ("Submitted 24 March 2026", "2026-03-24"),
        ("Presented to the Culture and Communities Committee, 24 March 2026", "2026-03-24"),
        ("For immediate release: 10 February 2026", "2026-02-10"),  # a press release's
        ("FOR IMMEDIATE RELEASE 10 February 2026", "2026-02-10"),
        ("For release on 10 February 2026", "2026-02-10"),
        ("Embargoed until 12 February 2026", "2026-02-12"),  # the day it may be published
        # the day a body adopted or approved it, however it is named ("Adopted by the PCC on ...")
        ("Adopted by the PCC on 14 October 2025", "2025-10-14"),
        ("Approved by the Board of Trustees on 3 March 2025", "2025-03-03"),
        ("Approved by the trustees on 17 June 2025", "2025-06-17"),  # a body its common noun names (testers' bb76)
        ("Adopted by the board of governors on 2 May 2025", "2025-05-02"),
        ("Policy agreed by Full Council on 25/05/2025", "2025-05-25"),
        ("Ratified on 1 July 2024", "2024-07-01"),
        ("Issued by the Clerk on 2 February 2026", "2026-02-02"),
        ("Adopted by the trustees on 14 January 2025", "2025-01-14"),  # a body named in lower case
        ("Approved by the full council on 3 March 2025", "2025-03-03"),
        ("The minutes of 14 October 2025 were approved.", ""),  # a day before the word: no cue
        ("Approved by members who met on 3 March 2025 in the hall and agreed it", ""),  # a sentence, no agent's name
        ("Approved by the members who met on 3 March 2025", ""),  # who met: a meeting the text tells of
        ("The embargo was lifted until 12 February 2026 and then restored.", ""),
        ("Meals were prepared for 3 May 2024 and served at noon.", ""),  # no word saying the day is the document's
        ("Minutes of the meeting held on 03/04/25 at 6.30pm.", ""),  # April the 3rd or March the 4th
        ("The council met on 3 March 2024 to agree the budget.", ""),  # a day the text tells of, in its course
        ("Present: Cllr Tom Hargreaves (Chair) and Cllr Helen Marsh.", ""),
        ("Minutes of the meeting held on 28/01/25. " + "The committee agreed the budget. " * 5, ""),  # body prose
    ],
)
def test_a_title_blocks_line_gives_the_day_it_names_among_other_words(line, day):
    assert title_block_day(line) == day


@pytest.mark.parametrize(
    ("line", "month"),
    [
        ("Kestrel Park Leisure Centre swimming lesson programme Published December 2025", "December 2025"),
        ("Published in March 2026.", "March 2026"),
        ("Issued March 2026", "March 2026"),
        ("Updated: May 2024", "May 2024"),
        ("Publication date: Sept. 2022", "Sept. 2022"),
        ("Published 5 December 2025", ""),  # a day: ``title_block_day`` reads it
        ("Published December 5, 2025", ""),
        ("Programme for December 2025", ""),  # the month it is about, not the document's
        ("Kestrel Park Leisure Centre swimming lesson programme. " * 3 + "Published December 2025", ""),  # body prose
    ],
)
def test_a_title_blocks_line_gives_the_month_it_says_it_was_published_in(line, month):
    assert title_block_month(line) == month


@pytest.mark.parametrize(
    ("paragraph", "revised"),
    [
        ("This leaflet was last revised in May 2023.", "May 2023"),
        ("Last revised: June 2022.", "June 2022"),
        ("Date of last revision: 17 May 2023.", "2023-05-17"),
        ("Revised: 02/2024", "2024-02"),
        ("Page last reviewed: 12 May 2023", "2023-05-12"),
        ("Revised: 03/04/2024", ""),  # April the 3rd or March the 4th
        ("Next review due: May 2025", ""),  # a day to come
        ("The guidance was revised in May 2019 to add a section on children.", ""),  # a sentence that goes on
        ("We updated in May 2024", ""),
    ],
)
def test_a_paragraph_stating_the_last_revision_gives_its_day_or_month(paragraph, revised):
    assert revision_day(paragraph) == revised


def test_a_files_own_time_dates_it_by_its_day_only():
    """A file's creation time is when someone saved or built it: its day dates a document that names none, its time
    of day does not ("published on January 12, 2025 at 10:00 a.m. (UTC)")."""
    assert file_day(datetime(2025, 1, 12, 10, 0, tzinfo=UTC)) == "2025-01-12"
    assert file_day(datetime(2025, 1, 12, 0, 30, tzinfo=timezone(timedelta(hours=2)))) == "2025-01-12"  # its zone's
    assert file_day("2025-01-12T10:00:00.123456789") == "2025-01-12"  # LibreOffice's nanoseconds
    assert file_day("2025-01-12T10:00:00Z") == "2025-01-12"


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Harrowfield Libraries press release, 15 September 2026", "2026-09-15"),
        ("Ashcombe Council news, 3 May 2024", "2024-05-03"),
        ("Ashcombe Council news, 3 May 2024, 7pm, Town Hall", ""),  # goes on after its day
        ("Town Hall, Market Square, 3 May 2024", ""),  # an address, not who issued it
        ("Minutes. The council met, 3 May 2024", ""),  # a sentence before the comma
        ("Ashcombe Council news, 03/04/2024", ""),  # April the 3rd or March the 4th
        ("Ashcombe Council news 3 May 2024", ""),  # no comma before the day
    ],
)
def test_a_short_line_ending_on_a_day_after_its_comma_gives_the_day(line, day):
    assert closing_day(line) == day


@pytest.mark.parametrize(
    ("text", "day_first"),
    [
        ("Last updated on 3 March 2026", True),
        ("From Monday 3 November 2025 we close early. Closed on 25 and 26 December; open again January 2.", True),
        ("For immediate release: 10 February 2026. Held at the Corn Exchange from 5 to 7 February.", True),
        ("Published June 29, 2020. The market fell on Friday, June 26, and again on July 1st.", False),
        ("Jun. 29, 2020: the 19th of June was a Friday, not June 20th or July 4.", False),
        ("Prices valid from 29/06/2020", True),  # a day in figures of plain order
        ("Prices valid from 06/29/2020", False),
        ("Prices valid from 03/04/2020", None),  # either way
        ("This list replaces the one we published in September 2025. May 2024 was busier.", None),  # no day
        ("Marsh Light 3.8% and Night Heron 5.2%: you may 2 or 3 times a week.", None),
        ("Day 3 March 2026, and March 4, 2026", None),  # as many each way: the collection decides
        ("", None),
    ],
)
def test_the_order_a_text_writes_its_days_in_is_the_one_it_uses_more(text, day_first):
    """A British brewery's "Last updated on 3 March 2026" page was answered "was published on March 3, 2026"
    (testers' bb64, B7): answers write a day as the document does, which only its text tells."""
    assert writes_day_first(text) is day_first
