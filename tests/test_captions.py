"""Captions and subtitles as corpus documents: WebVTT (``.vtt``) and SubRip (``.srt``) files, and either saved as
``.txt``, read as the transcript of what was said (who said it, the title and the day), never as cue numbers,
timings and voice tags. Real files written to a corpus folder and read by the corpus reader."""

from __future__ import annotations

import re
from pathlib import Path

from ragqa.ingest.corpus import read_corpus
from ragqa.ingest.document_store import parse_upload
from ragqa.records import Document

TIMING = re.compile(r"\d{2}:\d{2}[.,]\d{3}|-->")
CUE_NUMBER = re.compile(r"(?m)^\s*\d+\s*$")

WEBINAR = """WEBVTT - Harbourview Council Webinar

NOTE Recorded live on April 29, 2025

1
00:00:01.000 --> 00:00:04.000
<v Priya Natarajan>Good morning, everyone, and welcome to

2
00:00:04.000 --> 00:00:07.500
<v Priya Natarajan>the spring budget briefing.</v>

3
00:00:08.000 --> 00:00:12.000 align:start position:10%
<v.loud Marco Rossi>Thanks, Priya. The north pier repairs
will cost <b>two million</b> euros &amp; take two years.</v>

4
00:00:52.500 --> 00:01:01.000
<v Marco Rossi>[laughter]

5
00:01:02.500 --> 00:01:05.000
<v Priya Natarajan>Work starts in September.
"""

MEETING_SRT = """1
00:00:01,000 --> 00:00:03,000
PRIYA: The ferry timetable changes

2
00:00:03,000 --> 00:00:05,000
in June this year.

3
00:00:06,000 --> 00:00:08,000
MARCO: Will the <i>fares</i> rise?

4
00:00:08,500 --> 00:00:10,000
PRIYA: Not before 2026.

5
00:00:11,000 --> 00:00:13,000
The board decided that on Monday.
"""

SAVED_AS_TXT = """WEBVTT

NOTE Date: 2025-04-29

1
00:00:00.000 --> 00:00:52.500
<v Priya Natarajan>The library reopens on Monday

2
00:00:52.500 --> 00:01:01.000
<v Priya Natarajan>after the roof repairs.
"""


def read_one(folder: Path, name: str, text: str) -> Document:
    """The one document a corpus folder holding only the file ``name`` reads as."""
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    (doc,), report = read_corpus(folder)
    assert not report.skipped, report.skipped
    return doc


def assert_spoken_text_only(text: str) -> None:
    assert not TIMING.search(text), text
    assert not CUE_NUMBER.search(text), text
    assert "<" not in text and ">" not in text and "WEBVTT" not in text and "NOTE" not in text, text


def test_a_webvtt_file_is_a_transcript_with_its_speakers_title_and_note_date(tmp_path: Path) -> None:
    doc = read_one(tmp_path / "corpus", "webinar.vtt", WEBINAR)
    assert doc.title == "Harbourview Council Webinar"  # the header's text, not "WEBVTT"
    assert doc.published_at == "2025-04-29"  # the NOTE's day
    assert doc.text.split("\n\n") == [
        "Priya Natarajan: Good morning, everyone, and welcome to the spring budget briefing.",
        "Marco Rossi: Thanks, Priya. The north pier repairs will cost two million euros & take two years.",
        "Priya Natarajan: Work starts in September.",
    ]  # a speaker's cues one paragraph; the sentence cut between cues 1 and 2 whole; "[laughter]" said by no one
    assert_spoken_text_only(doc.text)
    assert [(s.heading, s.start, s.end) for s in doc.sections] == [(doc.title, 0, len(doc.text))]


def test_a_subrip_file_names_its_speakers_by_their_leading_names(tmp_path: Path) -> None:
    doc = read_one(tmp_path / "corpus", "2025-05-06-ferry-board.srt", MEETING_SRT)
    assert doc.title == "ferry board" and doc.published_at == "2025-05-06"  # no header: the file name's
    assert doc.text.split("\n\n") == [
        "PRIYA: The ferry timetable changes in June this year.",
        "MARCO: Will the fares rise?",
        "PRIYA: Not before 2026. The board decided that on Monday.",  # an unnamed cue goes on with its speaker
    ]
    assert_spoken_text_only(doc.text)


def test_a_webvtt_file_saved_as_txt_is_read_as_captions(tmp_path: Path) -> None:
    doc = read_one(tmp_path / "corpus", "library-briefing.txt", SAVED_AS_TXT)
    assert doc.title == "library briefing"  # not "WEBVTT": the file name's, as for any untitled file
    assert doc.published_at == "2025-04-29"  # "NOTE Date: 2025-04-29"
    assert doc.text == "Priya Natarajan: The library reopens on Monday after the roof repairs."
    assert_spoken_text_only(doc.text)


def test_a_subrip_file_saved_as_txt_is_read_as_captions_and_other_text_is_not(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ferry.txt").write_text(MEETING_SRT.replace("\n", "\r\n"), encoding="utf-8")  # saved on Windows
    (corpus / "about-webvtt.txt").write_text("WEBVTT explained\n\nWEBVTT is the format browsers show captions in.\n")
    (corpus / "steps.txt").write_text("1\n\nOpen the valve before 10:30 each morning.\n")
    docs, report = read_corpus(corpus)
    assert not report.skipped
    by_id = {d.doc_id: d for d in docs}
    assert by_id["ferry.txt"].text.startswith("PRIYA: The ferry timetable changes in June this year.\n\nMARCO:")
    assert by_id["about-webvtt.txt"].title == "WEBVTT explained"  # no cue timings: plain text, as before
    assert "Open the valve" in by_id["steps.txt"].text


def test_cues_without_speakers_are_paragraphs_split_at_pauses_but_never_mid_sentence(tmp_path: Path) -> None:
    vtt = """WEBVTT

NOTE
Title: Pier inspection walk-through

00:00:01.000 --> 00:00:03.000
The inspection of the north pier

00:00:20.000 --> 00:00:23.000
found cracks in two piles.

00:00:23.500 --> 00:00:25.000
- Repairs start in May.
- Who pays?

00:01:00.000 --> 00:01:03.000
The harbour authority pays for all of it.
"""
    doc = read_one(tmp_path / "corpus", "inspection.vtt", vtt)
    assert doc.title == "Pier inspection walk-through" and doc.published_at == ""
    assert doc.text.split("\n\n") == [
        "The inspection of the north pier found cracks in two piles.",  # a 17 s pause inside the sentence
        "Repairs start in May.",  # a dialogue dash: another speaker
        "Who pays?",
        "The harbour authority pays for all of it.",  # a 35 s pause after a sentence's end
    ]


def test_rolling_captions_are_read_once_and_a_file_without_words_is_skipped(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rolling = """WEBVTT
Kind: captions
Language: en

00:00:00.000 --> 00:00:02.000 align:start position:0%
the ferry<00:00:00.500><c> leaves</c><00:00:01.000><c> at</c>

00:00:02.000 --> 00:00:02.010 align:start position:0%
the ferry leaves at

00:00:02.010 --> 00:00:04.000 align:start position:0%
the ferry leaves at
six every morning
"""
    (corpus / "ferry.vtt").write_text(rolling)
    (corpus / "music.srt").write_text("1\n00:00:01,000 --> 00:00:04,000\n[Music]\n")
    (corpus / "broken.vtt").write_text("00:00:01.000 --> 00:00:02.000\nNo header.\n")
    docs, report = read_corpus(corpus)
    assert [(d.doc_id, d.text) for d in docs] == [("ferry.vtt", "the ferry leaves at six every morning")]
    assert sorted(report.skipped) == [
        "broken.vtt: is not a WebVTT file: it must open with a WEBVTT line",
        "music.srt: holds no spoken text",
    ]


def test_an_uploaded_caption_file_is_read_as_in_the_corpus_folder() -> None:
    (doc,) = parse_upload("webinar.vtt", WEBINAR.encode(), "webinar")
    assert doc.doc_id == "webinar" and doc.title == "Harbourview Council Webinar"
    assert doc.text.startswith("Priya Natarajan: Good morning, everyone, and welcome to the spring budget briefing.")


def test_a_caption_files_name_titles_and_dates_it_without_what_players_append(tmp_path: Path) -> None:
    """ "Beacon 3.0 Preview Webinar - March 12 2025.en.vtt" was titled "... March 12 2025.en" and undated, and
    Zoom's "GMT20250303-150212_Recording.transcript.vtt" "GMT20250303 150212 Recording.transcript"."""
    cue = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ana Lund>Welcome to the preview of the new release.\n"
    (tmp_path / "Beacon 3.0 Preview Webinar - March 12 2025.en.vtt").write_text(cue)
    (tmp_path / "GMT20250303-150212_Recording.transcript.vtt").write_text(cue)
    (tmp_path / "weekly-sync.pt-BR.srt").write_text("1\n00:00:01,000 --> 00:00:04,000\nANA: Good morning.\n")
    docs, _ = read_corpus(tmp_path)
    named = {d.doc_id: (d.title, d.published_at) for d in docs}
    assert named["Beacon 3.0 Preview Webinar - March 12 2025.en.vtt"] == ("Beacon 3.0 Preview Webinar", "2025-03-12")
    assert named["GMT20250303-150212_Recording.transcript.vtt"] == ("Zoom recording", "2025-03-03")
    assert named["weekly-sync.pt-BR.srt"] == ("weekly sync", "")
