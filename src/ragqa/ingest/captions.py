"""Captions and subtitles (WebVTT ``.vtt``, SubRip ``.srt``, or either saved as ``.txt``) read as the transcript
of what was said: a recorded meeting's or webinar's words, who said them, and the day.

Why: read as plain text, a Zoom or Teams caption file was titled "WEBVTT", the day its NOTE line gave was lost,
and cue numbers, timings ("00:00:52.500 --> 00:01:01.000") and voice tags ("<v Priya Natarajan>") ended up in
answers. webvtt-py parses the cues; this module turns them into prose. A speaker's consecutive cues make one
paragraph, "Priya Natarajan: ..." (the speaker from a voice tag, or a leading "NAME:" as subtitles write it); cues
without one are joined into paragraphs that end at a pause of ``PAUSE_MS`` or more. Cue boundaries fall inside
sentences, so a paragraph never ends mid-sentence for a pause. The title and date come from the file's header
("WEBVTT - Council webinar") or NOTE blocks ("NOTE Title: ...", "NOTE Recorded April 29, 2025"); the corpus reader
titles and dates a file that gives neither by its name, as it does every file.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from ragqa.ingest.formats import NoText, title_from
from ragqa.ingest.headers import DateLine, read_date_line, split_name_and_date
from ragqa.records import Document, Section

SUFFIXES = (".vtt", ".srt")

PAUSE_MS = 10_000
"""A silence this long between cues without a speaker starts a new paragraph (at a sentence's end only)."""

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_WEBVTT = re.compile(r"\A\ufeff?\s*WEBVTT(?=[ \t\r\n]|\Z)")
"""WebVTT's signature: the file opens with "WEBVTT", alone or followed by a space and header text."""
_CUE_TIMINGS = re.compile(r"^[ \t]*(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}[ \t]*-->", re.MULTILINE)
_SRT_START = re.compile(
    r"\A\ufeff?\s*\d+[ \t]*\r?\n[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}"
)
"""SubRip's opening: the first cue's number over its timings ("1" / "00:00:01,000 --> 00:00:04,200")."""

_TURN = re.compile(r"^(?:>>+|-(?=\s))\s*")
"""A new speaker without a name: broadcast captions' ">>", subtitles' dialogue dash ("- Ready?" / "- Yes.")."""
_NAME_WORD = r"[A-Z][\w'’.-]*"
_NAMED = re.compile(rf"^(?P<name>{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|\d{{1,2}})){{0,3}})[ \t]*:(?:[ \t]+|$)")
"""A speaker named before the words ("PRIYA:", "Priya Natarajan:", "Dr. Chen:", "SPEAKER 2:")."""
_NOT_SPEAKERS = frozenset(
    "note notes warning tip example step item agenda chapter part section update reminder action subject re".split()
)
_ASS_OVERRIDE = re.compile(r"\{\\[^}]*\}")
"""An SSA/ASS styling override some SubRip files carry ("{\\an8}")."""
_SOUND = re.compile(r"^(?:\[[^\]]*\]|\([^)]*\)|[♪♫].*|.*[♪♫])$")
"""A line that only describes a sound ("[Music]", "(applause)", "♪ theme ♪"): nothing anyone said."""
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_TITLE_LINE = re.compile(r"^(?:title|topic|subject)[ \t]*[:=\-–—][ \t]*(?P<title>\S.*)$", re.IGNORECASE)
_HEADER_TEXT = re.compile(r"^[\s\-–—:|]+")
"""What WebVTT's header writes between "WEBVTT" and its title ("WEBVTT - Council webinar")."""


def caption_format(raw: str) -> str:
    """``"vtt"`` or ``"srt"`` when ``raw`` is a caption file's text, else "": a ``.txt`` file is read as captions when
    it opens with "WEBVTT" and holds a cue's timings, or opens as SubRip does (a number over "00:00:01,000 --> ...")."""
    if _WEBVTT.match(raw) and _CUE_TIMINGS.search(raw):
        return "vtt"
    return "srt" if _SRT_START.match(raw) else ""


def read_captions(raw: str, doc_id: str, path: str = "") -> Document:
    """A caption file's transcript as a document; its format is told by its text, else by ``path``'s suffix.

    Raises ``ValueError`` (``formats.NoText`` for a file without words) so the corpus skips it with the reason.
    """
    kind = caption_format(raw) or ("srt" if (path or doc_id).lower().endswith(".srt") else "vtt")
    lines = [line.rstrip() for line in _LINE_BREAK.split(raw.lstrip("\ufeff").lstrip())]
    try:
        captions = webvtt.from_buffer(lines, format=kind)
    except MalformedFileError:
        opening = "open with a WEBVTT line" if kind == "vtt" else "open with a cue's number over its timings"
        raise ValueError(f"is not a {'WebVTT' if kind == 'vtt' else 'SubRip'} file: it must {opening}") from None
    except MalformedCaptionError as exc:
        raise ValueError(f"cannot be read as captions ({exc})") from None
    text = transcript(_cues(captions.captions))
    if not text:
        raise NoText("holds no spoken text")
    title, when = _header_metadata(captions.header_text, [*captions.metadata, *_notes(captions)])
    if not title:
        title, named_when = _named_by_file(doc_id)
        when = when or named_when
    return Document(
        doc_id=doc_id,
        title=title,
        text=text,
        sections=(Section(title, 0, len(text)),),
        published_at=when.text if when else "",
        path=path,
    )


@dataclass(frozen=True)
class Cue:
    """One caption's words as lines without markup, each with the speaker it names ("" for none), when it
    starts a turn without naming one (``turn``), and the caption's timings."""

    lines: tuple[tuple[str, bool, str], ...]
    """(speaker, turn, words) for each line of the caption."""
    start_ms: int
    end_ms: int


@dataclass
class _Paragraph:
    speaker: str = ""
    words: list[str] = field(default_factory=list)

    def text(self) -> str:
        said = " ".join(" ".join(self.words).split())
        return f"{self.speaker}: {said}" if self.speaker and said else said


def transcript(cues: Iterable[Cue]) -> str:
    """The cues' words as paragraphs: a new one where the speaker changes, and, between cues that name no speaker,
    after a pause of ``PAUSE_MS`` once a sentence has ended there."""
    paragraphs: list[_Paragraph] = [_Paragraph()]
    last_end: int | None = None
    for cue in cues:
        paused = last_end is not None and cue.start_ms - last_end >= PAUSE_MS
        last_end = cue.end_ms if last_end is None else max(last_end, cue.end_ms)
        for number, (speaker, turn, words) in enumerate(cue.lines):
            current = paragraphs[-1]
            said = current.words[-1] if current.words else ""  # the last words, where a sentence may end
            if speaker and speaker.casefold() != current.speaker.casefold():
                paragraphs.append(_Paragraph(speaker))
            elif not speaker and turn and said:
                paragraphs.append(_Paragraph())
            elif not speaker and number == 0 and paused and _SENTENCE_END.search(said):
                paragraphs.append(_Paragraph())
            if words:
                paragraphs[-1].words.append(words)
    return "\n\n".join(text for paragraph in paragraphs if (text := paragraph.text()))


def _cues(captions: Iterable[webvtt.Caption]) -> Iterator[Cue]:
    """The captions as cues of plain words; a line repeating the previous caption's last line is left out, as
    rolling captions (YouTube's) show each line twice."""
    previous = ""
    for caption in captions:
        raw_lines = caption.raw_text.split("\n")
        plain_lines = caption.text.split("\n")  # the same lines without cue tags
        lines: list[tuple[str, bool, str]] = []
        for number, (raw, plain) in enumerate(zip(raw_lines, plain_lines, strict=True)):
            read = _line(raw, plain, first=number == 0)
            if read is None or (not lines and read[2] and read[2] == previous):
                continue
            lines.append(read)
        said = [words for _, _, words in lines if words]
        previous = said[-1] if said else previous
        if lines:
            yield Cue(tuple(lines), caption.start_time.in_milliseconds(), caption.end_time.in_milliseconds())


def _line(raw: str, plain: str, first: bool) -> tuple[str, bool, str] | None:
    """(speaker, turn, words) of one caption line, or None for a line with no words (a sound, styling only)."""
    text = " ".join(html.unescape(_ASS_OVERRIDE.sub("", plain)).split())
    turn = _TURN.match(text)
    if turn:
        text = text[turn.end() :]
    voice = webvtt.Caption.VOICE_SPAN_PATTERN.match(_TURN.sub("", raw.strip()))
    speaker = " ".join(voice.group(1).split()) if voice else ""
    named = None if speaker else _NAMED.match(text)
    if named and (first or turn or named.group("name").isupper()) and _names_a_speaker(named.group("name")):
        speaker, text = named.group("name"), text[named.end() :]
    if not text and not speaker:
        return None
    if _SOUND.match(text):
        text = ""
    return speaker, bool(turn), text


def _names_a_speaker(name: str) -> bool:
    """Whether "Name:" names who speaks, not a label ("Note:", "Step 2:")."""
    return name.split()[0].casefold().rstrip(".") not in _NOT_SPEAKERS


def _notes(captions: webvtt.WebVTT) -> list[str]:
    """The lines of the file's NOTE blocks, in the file's order."""
    notes = [*captions.header_comments]
    notes += [note for caption in captions.captions for note in caption.comments]
    notes += captions.footer_comments
    return [line.strip() for note in notes for line in note.split("\n") if line.strip()]


_LANGUAGE = re.compile(r"\.(?:[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?|transcript|auto|cc)$")
"""What players append to a caption file's name: its language ("talk.en.vtt", "talk.pt-BR.srt"), Zoom's
".transcript", YouTube's ".auto" for generated captions."""
_ZOOM = re.compile(r"^GMT(\d{4})(\d{2})(\d{2})-\d{6}_?(?P<rest>.*)$")
"""Zoom's recording name: "GMT20250303-150212_Recording" was recorded on 2025-03-03 (UTC)."""


def _named_by_file(doc_id: str) -> tuple[str, DateLine | None]:
    """The title and date a caption file's name gives, without what players append to it (``_LANGUAGE``): "Beacon
    3.0 Preview Webinar - March 12 2025.en.vtt" is "Beacon 3.0 Preview Webinar" of March 12, 2025 (it was titled
    "... March 12 2025.en"), Zoom's "GMT20250303-150212_Recording.transcript.vtt" a recording of 2025-03-03."""
    stem = doc_id.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    while _LANGUAGE.search(stem):
        stem = _LANGUAGE.sub("", stem)
    zoom = _ZOOM.match(stem)
    if zoom:
        rest = title_from(f"{zoom.group('rest')}.vtt") if zoom.group("rest") else ""
        return (rest if rest.lower() not in ("", "recording") else "Zoom recording"), DateLine(
            "-".join(zoom.groups()[:3])
        )
    title, when = split_name_and_date(stem)
    if when is None:  # "weekly-sync", "2025-03-03-eng-sync": as other files are titled (and dated: ``date_from``)
        return title_from(f"{stem}.vtt"), None
    return title.strip(" -_"), when


def _header_metadata(header_text: str, lines: list[str]) -> tuple[str, DateLine | None]:
    """The title and date a caption file gives: its header's text ("WEBVTT - Council webinar, April 29, 2025"), a
    "Title:" line and the first date a line of its header or its NOTE blocks names."""
    header = _HEADER_TEXT.sub("", header_text).strip()
    title, when = split_name_and_date(header) if header and header.casefold() != "file" else ("", None)
    for line in lines:
        named = _TITLE_LINE.match(line)
        if named and not title:
            title, dated = split_name_and_date(named.group("title"))
            when = when or dated
        elif not named:
            when = when or _date_in(line)
    return title, when


def _date_in(line: str) -> DateLine | None:
    """The date a line names, at its start ("Date: 2025-04-29") or after other words ("Recorded April 29, 2025")."""
    for word in re.finditer(r"(?<!\S)\S", line):
        found = read_date_line(line[word.start() :])
        if found is not None:
            return found
    return None
