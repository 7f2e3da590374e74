"""Plain text's own layout: indented prose paragraphs and headings written as lines of their own.

Plain text has no markup, yet old-style documents (licences, RFCs, manuals, notices) lay themselves out with
whitespace: bodies indented under their headings, headings centred, numbered ("4. Returning Goods."), in
capitals ("TERMS OF SALE") or underlined. Left as they are, every indented line reads as a line of
code to the sentence splitter and the whole file is one section without a heading to embed with its chunks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ragqa.ingest.chunking import continues, runs_on
from ragqa.ingest.dates import opens_with_day
from ragqa.ingest.headers import ends_release
from ragqa.ingest.words import STOPWORDS

_UNDERLINE = re.compile(r"^\s*(?:={3,}|-{3,})\s*$")
_NUMBERED = re.compile(r"^(?:\d{1,3}\.|\d{1,3}(?:\.\d{1,3})+\.?|[A-Z]\.|[IVX]{1,5}\.|§\s*\d+\.?)\s+\S")
_ITEM = re.compile(r"^\s*(?:[-*+•]\s|\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-zA-Z]|[ivxIVX]{1,5})[.)]\s)")
"""A line that opens a list item or a numbered clause: it starts a sentence of its own."""
_CODE_LINE = re.compile(
    r"^\s*(?:\$ |>>> |#include|#!|import \w|from \w[\w.]* import |def \w+\(|class \w+[:(]|return\b)"
    r"|[{}]\s*$|\s=\s|\(\)|[A-Za-z_]\w*\.[A-Za-z_]\w*\("
)
"""A line that reads as code or a command, whose indentation means something."""


_RUNNING_HEAD = re.compile(r"^(\S+\(\w+\))\s{2,}.*?\s{2,}(\S+\(\w+\))\s*$")
_NAME_HEADING = re.compile(r"^NAME\s*$")


@dataclass(frozen=True)
class ManualPage:
    """What a manual page rendered as text says of itself: its name line and the date in its running foot."""

    title: str
    date: str


_ARMOUR_BEGIN = "-----BEGIN PGP SIGNED MESSAGE-----"
_SIGNATURE_BEGIN = "-----BEGIN PGP SIGNATURE-----"
_SIGNATURE_END = "-----END PGP SIGNATURE-----"


def without_clearsign(text: str) -> str:
    """``text`` with the signed text of an OpenPGP clearsigned message (RFC 4880, 7) in place of the message: the
    armour line and its headers ("Hash: SHA512") above it and the signature block ("-----BEGIN PGP SIGNATURE-----",
    base64, "-----END PGP SIGNATURE-----") under it left out, each line the signer dash-escaped ("- -- " for
    "-- ") as written. Unchanged when no line opens a clearsigned message. Why: security advisories and release
    announcements are sent signed so, and their armour and signature were indexed as text ("Hash: SHA512", a line
    of base64)."""
    lines = text.split("\n")
    begin = next((n for n, line in enumerate(lines) if line.strip() == _ARMOUR_BEGIN), None)
    if begin is None:
        return text
    body = begin + 1
    while body < len(lines) and lines[body].strip():  # the armour headers, up to the blank line under them
        body += 1
    signature = next((n for n in range(body, len(lines)) if lines[n].strip() == _SIGNATURE_BEGIN), len(lines))
    end = next((n + 1 for n in range(signature, len(lines)) if lines[n].strip() == _SIGNATURE_END), len(lines))
    signed = [line[2:] if line.startswith("- -") else line for line in lines[body + 1 : signature]]
    return "\n".join([*lines[:begin], *signed, *lines[end:]])


def manual_page(lines: list[str]) -> ManualPage | None:
    """A manual page as ``man`` renders it to text ("MOOR(1)   Harbour Commands   MOOR(1)" over the page,
    "Harbour tools 2.1   March 2021   MOOR(1)" under it): its NAME line is its title ("moor - tie a ship to a
    berth"), not the running head every page of a section shares, and the running foot's middle is its date. None
    for any other text."""
    filled = [line for line in lines if line.strip()]
    head = _RUNNING_HEAD.match(filled[0]) if filled else None
    if head is None or head.group(1) != head.group(2):
        return None
    name = head.group(1)
    title = ""
    for number, line in enumerate(filled[1:-1], 1):
        if _NAME_HEADING.match(line):
            title = " ".join(filled[number + 1].split()) if number + 1 < len(filled) else ""
            break
    foot = filled[-1].split()
    date = ""
    if len(filled) > 1 and foot and foot[-1] == name:
        parts = re.split(r"\s{2,}", filled[-1].strip())
        date = parts[-2] if len(parts) >= 3 else ""
    return ManualPage(title, date)


@dataclass(frozen=True)
class Layout:
    """The text with its prose paragraphs reflowed, and its headings as (heading, offset of its line)."""

    text: str
    headings: tuple[tuple[str, int], ...]
    outlined: frozenset[int] = frozenset()
    """The offsets of the headings that are an outline's (``outline_headings``)."""


NEARLY_FILLED = 12
"""How many columns short of its text's wrap width a line may end and still count as filled: wrapping breaks
before the first word that does not fit, however long that word is."""


def wrap_width(text: str) -> int | None:
    """The column ``text`` is hard-wrapped at, or None when its lines do not look wrapped.

    Wrapped text fills its lines to nearly one width (60 to 100 columns): the ninth decile of the line lengths,
    reached or nearly reached by at least four lines. Text written a paragraph per line has longer lines."""
    lengths = sorted(len(line.rstrip()) for line in text.split("\n") if line.strip())
    if len(lengths) < 6:
        return None
    width = lengths[(len(lengths) - 1) * 9 // 10]
    if not 40 <= width <= 100 or sum(1 for n in lengths if width - NEARLY_FILLED <= n <= width + 8) < 4:
        return None
    return width


def _paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    """(first, past-last) line numbers of each run of non-blank lines."""
    runs: list[tuple[int, int]] = []
    start = None
    for number, line in enumerate([*lines, ""]):
        if line.strip() and start is None:
            start = number
        elif not line.strip() and start is not None:
            runs.append((start, number))
            start = None
    return runs


DEBIAN_ENTRY = re.compile(r"^([a-z0-9][a-z0-9+.-]+) \(([^()\s]+)\) ([^;]+);\s*urgency=\S+.*$")
"""The line opening an entry of a Debian changelog ("bash (5.2.15-2) unstable; urgency=medium"): a heading, read
as "bash 5.2.15-2 (unstable)"."""
_TRAILER = re.compile(r"^ -- (?P<who>\S.*?)\s{2,}(?P<when>\S.*?)\s*$")
"""The line closing a Debian changelog's entry: " -- Name <address>  Mon, 02 Jan 2023 13:06:21 +0100"."""


def _signed_off(lines: list[str]) -> list[str]:
    """``lines`` with each Debian changelog entry's closing line said as a sentence naming its release: "baz 1.2-1
    was released by Bob Sample <bob@example.org> on Sat, 05 Mar 2022 10:00:00 +0100." Why: who prepared a release
    and when is the line most asked about, and read as written it names neither the package nor the version."""
    out = list(lines)
    entry = None
    for number, line in enumerate(lines):
        entry = DEBIAN_ENTRY.match(line) or entry
        trailer = _TRAILER.match(line) if entry else None
        if trailer and entry:
            out[number] = (
                f"{entry.group(1)} {entry.group(2)} was released by {trailer.group('who')} on {trailer.group('when')}."
            )
    return out


_O_BULLET = re.compile(r"^(\s*)o(?=\s+\S)")


def _o_bullets(lines: list[str]) -> list[str]:
    """``lines`` with an "o" that marks a list item as a dash: plain-text release notes (Apache's, curl's) and
    nroff's lists write " o adds agent forwarding support" over " o fixes crash ...", which otherwise read as one
    sentence opening in lower case. Two such lines of one indentation in a paragraph make it a list."""
    out = list(lines)
    for first, last in _paragraphs(lines):
        indents = [m.group(1) for line in lines[first:last] if (m := _O_BULLET.match(line))]
        for indent in {i for i in indents if indents.count(i) >= 2}:
            for number in range(first, last):
                if lines[number].startswith(indent + "o") and _O_BULLET.match(lines[number]):
                    out[number] = indent + "-" + lines[number][len(indent) + 1 :]
    return out


def _is_prose(lines: list[str]) -> bool:
    """Mostly letters and no line that reads as code: its indentation is layout, not meaning."""
    chars = "".join(lines).replace(" ", "").replace("\t", "")
    letters = sum(c.isalpha() for c in chars)
    return bool(chars) and letters >= 0.6 * len(chars) and not any(_CODE_LINE.search(line) for line in lines)


_VERSION_HEADING = re.compile(
    r"^v?\d+(?:\.\d+){1,3}(?:\s*(?:\(\d{4}-\d{2}-\d{2}\)|[-\u2013\u2014:]\s*\d{4}-\d{2}-\d{2}|\[\d{4}-\d{2}-\d{2}\]))?$"
)
"""A release's heading with no words: its number, alone or with its day ("5.4.1 (2023-01-11)", "v2.0.0",
"1.4.2 - 2021-03-09")."""


_FIELD = re.compile(r"^[A-Z][\w'’/&-]*(?: [\w'’/&-]+){0,3}(?=:\s+\S)")
_PART_NUMBER = re.compile(r"\S*\d\S*|[IVXLC]+|[A-Z]")


def _is_field(line: str) -> bool:
    """Whether ``line`` is a "Key: value" line ("Severity: High", "Fixed in: Brindle 2.3.7", "Release manager:
    Henrik Lindqvist"): a field, as advisories, announcements and forms set them, not a heading over what follows.
    Not a label ending in what numbers a part ("Chapter 3: The Return", "Appendix B: Glossary", "Part II: Methods"),
    which heads what follows."""
    label = _FIELD.match(line)
    return label is not None and not _PART_NUMBER.fullmatch(label.group().split()[-1])


_COUNTED = re.compile(r"^\d[\d,]*\s+[a-z]")
"""A heading opening with a count over words in lower case ("40 years of singing", "10 things to bring"); not a
day ("10 March 2026") nor an address ("12 High Street")."""


HEADING_WORDS = 10
HEADING_CHARS = 70
"""The most words and characters a heading's line holds; a title's, a name's or an address's is as short."""


def _heading(line: str, underlined: bool) -> str | None:
    """The heading a paragraph of this one line makes, or None when it reads as a sentence or a fragment."""
    words = line.split()
    if _VERSION_HEADING.match(line):
        return line  # a release's number and day, as release notes head it: "5.4.1 (2023-01-11)"
    entry = DEBIAN_ENTRY.match(line)
    if entry:
        return f"{entry.group(1)} {entry.group(2)} ({entry.group(3).strip()})"
    if not 1 <= len(words) <= HEADING_WORDS or len(line) > HEADING_CHARS or not any(c.isalpha() for c in line):
        return None
    if "_" in line:
        return None  # "CACHE_DIR" over its definition is a name being defined, not a heading
    if ends_release(line):
        return None  # a press release's "ENDS" over its signature or its notes to editors heads neither
    if "   " in line:
        return None  # columns: a table's row ("0      Success"), a page's running head
    letters = [c for c in line if c.isalpha()]
    capitals = sum(c.isupper() for c in letters) == len(letters) and len(letters) > 1
    if all(word.lower().strip(".:") in STOPWORDS for word in words) and not (underlined and capitals):
        return None  # "Then" between two examples; not "TO DO" over its underline
    if line[-1] in ",;:([" or line.startswith(("(", "[", "<", "-", "*", "•")):
        return None
    if not underlined and _is_field(line):
        return None  # "Severity: High (CVSS 3.1 base score 8.1)": a field's value, not a heading over what follows
    opens = underlined or capitals or _NUMBERED.match(line) or _COUNTED.match(line)
    if not (opens or line.lstrip("\"“'‘")[:1].isupper()):
        return None
    if line[-1] in ".!?" and not (underlined or _NUMBERED.match(line)):
        return None  # a sentence standing alone ("All rights reserved.")
    return line.rstrip(".")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _opens_lower(line: str) -> bool:
    """Whether ``line`` goes on a sentence: it opens in lower case, after its list marker if it has one ("An
    individual Developer may" over "1. make any technical decision ..." introduces its list, it heads nothing)."""
    item = _ITEM.match(line)
    rest = line[item.end() :] if item else line
    return rest.lstrip()[:1].islower()


def _underlines(lines: list[str]) -> bool:
    """Whether the last of ``lines`` underlines the one before ("-------" under "Summary"), which opens a paragraph
    and reads as a heading."""
    if len(lines) < 2 or not _UNDERLINE.match(lines[-1]) or _UNDERLINE.match(lines[-2]):
        return False
    opens = len(lines) < 3 or not lines[-3].strip()
    return opens and _heading(lines[-2].strip(), True) is not None


_LEADER_DOTS = re.compile(r"\.{4,}|…{2,}")
"""Dots leading the eye across a row to its value, as contents pages, menus and price lists set them."""


SUBHEADING_WORDS = 6
"""The most words (past its number) of a line heading the paragraph right under it at its margin."""


def _titles_its_paragraph(line: str, following: str, width: int | None) -> bool:
    """Whether ``line``, opening a paragraph at the margin of the line under it, heads that line's text as a
    sub-heading: a heading's line (``_heading``) of at most ``SUBHEADING_WORDS`` words past its number, ending on a
    word as no sentence does, over a line that reads as a paragraph's (ending a sentence, or running prose) and
    that the heading's line does not run on into. Why: minutes type their items so ("1. CNC router" over "Colin
    reported ..."), newsletters and e-mails their sub-headings ("Sectional day" over "Our sectional day is ...");
    read as text, the whole document was one section, its headings quoted as sentences. A list's item over the
    next, a numbered sentence ("3. Members must sign in."), a name over its role ("Priya Venkatesan" /
    "Secretary"), a menu's rows stay text. ``_heading_lines_apart`` asks only of lines flush left, as such
    documents are typed: in a text whose headings stand at the margin over indented bodies, a short line in a body
    is the body's ("GNU sed v4.0.5" under "2.2.1.3. Microsoft Windows").

    >>> _titles_its_paragraph("5. Date of next meeting", "Tuesday 14 April 2026 at 7.30pm.", None)
    True
    >>> _titles_its_paragraph("1. Apologies", "2. Minutes of the last meeting", None)
    False
    >>> _titles_its_paragraph("Priya Venkatesan", "Secretary", None)
    False"""
    number = _NUMBERED.match(line)
    words = line[number.end() - 1 :] if number else line
    if _heading(line, False) is None or len(words.split()) > SUBHEADING_WORDS or not _WORD_END.search(line):
        return False
    if _ITEM.match(following) or _is_field(following) or _opens_lower(following):
        return False
    if any("   " in text or _LEADER_DOTS.search(text) for text in (line, following)):
        return False  # columns: a price list's or a menu's rows ("Focaccia ........ Gluten (wheat)")
    if opens_with_day(line) and opens_with_day(following):
        return False  # a timeline's entries, a line a day
    ends = _SENTENCE_END.search(following) is not None or _running_prose(following, width)
    # a day under a heading ("5. Date of next meeting" / "14 April 2026 at 7.30pm.") is its text, not a wrap
    wraps = runs_on(line) or (continues(line, following, width) and not following[:1].isdigit())
    return ends and not wraps


def _heading_lines_apart(lines: list[str], skip_first: bool, width: int | None = None) -> list[str]:
    """``lines`` with a blank line after each heading set near the margin above a more indented body without
    one, as manual pages set theirs ("DESCRIPTION" over its indented paragraphs), and after an underlined heading's
    underline with its text right under it (a mail's "Summary" / "-------"): a heading in capitals, or of
    at most four words not ending as a sentence does over a line that does not open in lower case ("Output
    options"). A centred title over a centred subtitle is no such heading, nor a line whose next goes on its
    sentence (``_opens_lower``). A label in capitals right over its text at the same margin is one too, as a
    plain-text bulletin sets its sections ("DIESEL DAY" / "Diesel Day moves from 13 June to 20 June."), but not
    over another line in capitals (a letterhead over the document's kind) nor over an aside ("HARBOURLINE DESIGN
    LTD" / "(Company number 11854302)"). A short title-like line right over its paragraph at its margin is one
    (``_titles_its_paragraph``): minutes' "1. CNC router", a newsletter's "Sectional day"."""
    out: list[str] = []
    for number, line in enumerate(lines):
        out.append(line)
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if _underlines(out) and following.strip() and not (skip_first and number == 1):  # not the title's
            out.append("")  # "Summary" over "-------" over its text, no blank line between: the heading stands apart
            continue
        if skip_first and number == 0:
            continue  # the title: its indentation was trimmed with the text's
        opens = len(out) < 2 or not out[-2].strip()  # a heading set apart just above counts as a break
        if not (opens and line.strip() and following.strip() and _indent(line) <= min(_indent(following), 4)):
            continue
        words = line.strip()
        heading = _heading(words, False)
        capitals = _in_capitals(words)
        opens_own = following.lstrip()[:1].isupper() or _ITEM.match(following) is not None
        flush = _indent(line) == _indent(following) == 0  # under a heading at the margin, an indented body's lines
        if flush and _titles_its_paragraph(words, following.strip(), width):
            out.append("")
            continue
        if _indent(line) == _indent(following) and not (capitals and opens_own and not _in_capitals(following)):
            continue  # at the same margin only a label in capitals heads the text under it, not a name over its aside
        short = len(words.split()) <= 4 and words[-1] not in ".!?" and not _opens_lower(following)
        if heading and (capitals or short) and not _ITEM.match(line):  # "1. Free Redistribution" over its text
            out.append("")
    return out


def _wrapped(line: str, following: str, width: int | None) -> bool:
    """Whether the break after ``line`` only wraps its sentence, judged on the lines as written (their
    indentation counts towards the width they fill). A more indented next line goes on what this one opened:
    the rest of a hanging-indented item, or the description under a term ("-q, --quiet" over "Print nothing but
    errors", which manual pages set on one line when the term is short)."""
    words = line.strip()
    if not words or _ITEM.match(following):
        return False
    if words[-1] in ".!?:" and not (_INITIAL_END.search(words) and following.lstrip()[:1].isupper()):
        return False  # "... by William B. Pennebaker and Joan L." over "Mitchell, published by ...": a name goes on
    return _indent(following) > _indent(line) or continues(line, following, width)


_INITIAL_END = re.compile(r"(?:^|\s)[A-Z]\.$")
"""A line ending on a name's initial ("Joan L."), which the next line's surname goes on."""


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
"""How a line ends that ends its sentence: a full stop, a question or an exclamation mark, a quote's or a
bracket's close after it."""


_WORD_END = re.compile(r"[^\W_]%?[\"'”’)\]]*$")
"""A line's end on a word, a number or a percentage, a quote or a bracket closing after it."""


def _running_prose(line: str, width: int | None) -> bool:
    """Whether ``line`` is longer than any heading, title, name or address line (``HEADING_WORDS``,
    ``HEADING_CHARS``) or nearly fills the text's wrap width (``NEARLY_FILLED``), sets no columns ("Fee   £12")
    and ends on a word where no sentence or lead-in does (not on ``.!?:;``, nor a command's ``s/a/b/'``): running
    prose, wrapped before its sentence ended.

    >>> _running_prose("If you have lost your ballot paper you can request a replacement until", None)
    True
    >>> _running_prose("Branch Secretary", None), _running_prose("the whole paper goes to the next meeting.", None)
    (False, False)"""
    words = line.strip()
    long = len(words.split()) > HEADING_WORDS or len(words) > HEADING_CHARS
    filled = width is not None and len(line.rstrip()) >= width - NEARLY_FILLED
    return (long or filled) and "   " not in words and _WORD_END.search(words) is not None


def _goes_on_to_its_end(lines: list[str], number: int, width: int | None) -> bool:
    """Whether the break after ``lines[number]`` (a prose paragraph's lines) only wraps its sentence, whatever the
    next line opens with: the line is running prose (``_running_prose``), and so is every next line up to one that
    ends the sentence (``_SENTENCE_END``), none of them a list item, a "Label: value" line, a table's row or a
    timeline's entry. "... from the helpline on 0300 555 0417 until" over "Wednesday 26 November." is one sentence,
    as is "... will be raised through the centre's" over "Raise the Roof appeal, which opens ... 2026.". Why: mail
    programs and editors wrap at a width of their own (often past the 100 columns ``wrap_width`` takes), so a
    line broken before a name, a day or any capitalised word was cut into two sentences, an answer quoting the
    first half. A short line stays apart (a heading over its text, "Branch Secretary" under a name, an address),
    and so do lines that end no sentence at all: an unpunctuated list, one entry a line.

    >>> _goes_on_to_its_end(["The remaining £450,000 of the cost will be raised through the centre's",
    ...     "Raise the Roof appeal.", "Notes to editors", "The centre opened in 1987."], 0, None)
    True
    >>> _goes_on_to_its_end(["Fixed a crash when the configuration file has no section header at all",
    ...     "Added a progress bar to the import of very large archives"], 0, None)
    False"""
    for index in range(number, len(lines) - 1):
        line, following = lines[index].strip(), lines[index + 1].strip()
        if not _running_prose(lines[index], width) or not following or _ITEM.match(following) or _is_field(following):
            return False
        if "   " in following or (opens_with_day(line) and opens_with_day(following)):
            return False
        if _SENTENCE_END.search(following):
            return True
    return False


STARRED = re.compile(r"^(\*{1,6}) (\S.*?)\s*$")
"""A line of an outline ("* Noteworthy changes in release 1.12 (2022-04-07) [stable]", "** Bug fixes"): Emacs's
outline and Org modes, in which GNU projects write their NEWS, head a section with stars, one a level."""
_RELEASE_LINE = re.compile(r"^(?:version|release)\s+v?\d+(?:\.\d+)+\b", re.IGNORECASE)
"""A release line over an outline's star headings ("version 1.34 - Sergey Poznyakoff, 2021-02-13", GNU tar's)."""
_OUTLINE_MODE = re.compile(r"-\*-.*\b(?:outline|org)\b.*-\*-", re.IGNORECASE)
"""The first line's Emacs mode ("GNU gzip NEWS   -*- outline -*-"): the writer's word that stars head sections."""
_MODE_LINE = re.compile(r"\s*-\*-.*?-\*-.*$")
"""An Emacs mode line at the end of a title line: how to edit the file, not what it is about."""


def without_mode_line(title: str) -> str:
    """``title`` without an Emacs mode line ("GNU gzip NEWS -*- outline -*-": "GNU gzip NEWS"); one that is only a
    mode line stays as it is."""
    return _MODE_LINE.sub("", title) or title


def _outline_heading(text: str) -> bool:
    """Whether the text of a star line reads as a heading: letters, at most 80 characters, not ending as a sentence
    or a lead-in does ("** 'gzip -f foo.gz' now creates a file foo.gz.gz instead of complaining." is an entry)."""
    return len(text) <= 80 and any(c.isalpha() for c in text) and text[-1] not in ".!?,;:"


def _has_body(lines: list[str], level: int) -> bool:
    """Whether ``lines`` (those under a heading of ``level`` stars, up to the next heading) open with its own text:
    an entry of its level or above first ("* codeset name normalization" over "* msgmerge now ...", wrapped) means
    the heading was an entry of a list too."""
    for line in lines:
        entry = STARRED.match(line)
        if entry and len(entry.group(1)) <= level:
            return False
        if line.strip():
            return True
    return False


def outline_headings(lines: list[str], skip_first: bool) -> dict[int, tuple[str, str]]:
    """The lines of an outline that open a section: line number to (the line's text without its stars, the heading
    of its section, its parents' headings before its own: "Noteworthy changes in release 1.10 (2018-12-29) [stable]
    — Bug fixes", so a chunk under "Bug fixes" still names its release).

    Stars head sections only in a file that is an outline: its first line says so (Emacs's "-*- outline -*-"), or
    it has heading lines of two levels ("* ..." and "** ..."), which a Markdown list never writes at the margin. A
    heading line stands at the margin between blank lines and reads as a heading (``_outline_heading``): a
    bullet list's "* item", in a paragraph, over its wrapped text or indented, is no heading. In an outline, a
    release line set apart ("version 1.34 - ...") heads the star headings under it. A heading over nothing but
    the next one of its level or above (wget's one-line "** Fix ..." entries, tar's "* Fix ...") is an entry of
    the section above, not a heading."""
    candidates: list[tuple[int, int, str]] = []  # (line number, level, text)
    for number, line in enumerate(lines):
        before = number == 0 or not lines[number - 1].strip()
        after = number + 1 == len(lines) or not lines[number + 1].strip()
        if not (before and after) or (skip_first and number == 0):  # the title is no section's
            continue
        starred = STARRED.match(line)
        if starred and _outline_heading(starred.group(2)):
            candidates.append((number, len(starred.group(1)), starred.group(2)))
        elif _RELEASE_LINE.match(line):
            candidates.append((number, 0, line.strip()))
    levels = {level for _, level, _ in candidates}
    first = next((line for line in lines if line.strip()), "")
    if not ({1, 2} <= levels or (_OUTLINE_MODE.search(first) and levels - {0})):
        return {}
    kept: list[tuple[int, int, str]] = []
    for index, (number, level, text) in enumerate(candidates):
        following = candidates[index + 1] if index + 1 < len(candidates) else None
        body = _has_body(lines[number + 1 : following[0] if following else len(lines)], level)
        if body or (following is not None and following[1] > level):
            kept.append((number, level, text))
    found: dict[int, tuple[str, str]] = {}
    parents: list[tuple[int, str]] = []
    for number, level, text in kept:
        while parents and parents[-1][0] >= level:
            parents.pop()
        found[number] = (text, " — ".join([*(parent for _, parent in parents), text]))
        parents.append((level, text))
    return found


def _in_capitals(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _subtitle(lines: list[str], found: list[tuple[int, str] | None], outline: dict[int, tuple[str, str]]) -> bool:
    """Whether the heading ``found`` for the paragraph right under the title is the title block's line, an
    organisation or a standfirst ("NOTICE OF BOARD ELECTION 2026" / "Calderbrook Vale Farmers' Co-operative Ltd"):
    neither numbered, a release nor in capitals, and set unlike every other heading, which are all in capitals (or
    there is none). Why: it headed the whole body as its section. "PARTIES" over "1. SERVICES", or "Overview" over
    "Details", open sections.

    >>> _subtitle(["NOTICE", "", "Calderbrook Ltd", "", "Text."], [None, (2, "Calderbrook Ltd"), None], {})
    True"""
    mark = found[1]
    if mark is None or mark[0] in outline:
        return False
    line = lines[mark[0]].strip()
    if _NUMBERED.match(line) or _VERSION_HEADING.match(line) or DEBIAN_ENTRY.match(line) or _in_capitals(line):
        return False
    if line.casefold() in lines[0].casefold():
        return False  # the title said again, as a message's text repeats its subject: it heads what follows
    return all(_in_capitals(other[1]) for other in found[2:] if other is not None)


def layout(text: str, skip_first: bool, signature: str = "") -> Layout:
    """``text`` with prose paragraphs reflowed (a line the sentence only wraps at joins the next with a space;
    every line stripped of its indentation) and its heading lines found.

    A heading is a paragraph of one short line (or one line over an ``===``/``---`` underline, which is dropped)
    that another paragraph follows: numbered, in capitals, underlined, or opening with a capital and not ending
    as a sentence does. Of two headings in a row only the second opens a section ("END OF TERMS" above
    "Contact Us"). An outline's headings (``outline_headings``) lose their stars and each opens a section, one
    with only headings under it too. ``skip_first``: the first paragraph is the title. ``signature``: the line
    a signature was read into (``headers.Signature.line``), a line of text wherever it stands: a press release's
    stands over its notes to editors.
    """
    width = wrap_width(text)
    lines = _heading_lines_apart(_o_bullets(_signed_off(text.split("\n"))), skip_first, width)
    outline = outline_headings(lines, skip_first)
    runs = _paragraphs(lines)
    found: list[tuple[int, str] | None] = []  # per paragraph: its heading's line number and text
    keep = [True] * len(lines)
    for index, (first, last) in enumerate(runs):
        if first in outline:
            lines[first] = outline[first][0]
            found.append((first, outline[first][1]))
            continue
        body = lines[first:last]
        underlined = len(body) == 2 and bool(_UNDERLINE.match(body[1])) and not _UNDERLINE.match(body[0])
        if underlined:
            keep[first + 1] = False
        if _is_prose([line for line, k in zip(body, keep[first:last], strict=True) if k]):
            for number in range(first, last - 1):
                title = skip_first and number == 0  # the title stays a line of its own
                here = number - first
                if (
                    keep[number + 1]
                    and not title
                    and (_wrapped(body[here], body[here + 1], width) or _goes_on_to_its_end(body, here, width))
                ):
                    lines[number + 1] = lines[number].strip() + " " + lines[number + 1].strip()
                    keep[number] = False
            for number in range(first, last):
                lines[number] = lines[number].strip()
        signed = bool(signature) and lines[first].strip() == signature
        heading = _heading(lines[first].strip(), underlined) if (len(body) == 1 or underlined) and not signed else None
        opens_section = heading and (index or not skip_first) and index + 1 < len(runs)
        found.append((first, heading) if heading and opens_section else None)
    if skip_first and len(found) > 1 and _subtitle(lines, found, outline):
        found[1] = None
    headings: list[tuple[str, int]] = []
    out: list[str] = []
    offset = 0
    starts: dict[int, int] = {}
    for number, line in enumerate(lines):
        if keep[number]:
            starts[number] = offset
            out.append(line)
            offset += len(line) + 1
    for index, mark in enumerate(found):
        if mark and (mark[0] in outline or index + 1 == len(found) or found[index + 1] is None):
            headings.append((mark[1], starts[mark[0]]))
    return Layout("\n".join(out), tuple(headings), frozenset(starts[number] for number in outline if number in starts))
