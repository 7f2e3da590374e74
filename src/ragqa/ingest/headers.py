"""An article's own metadata at its top: a YAML front matter block, the byline and the date line.

Questions such as "who wrote this" or "when was it published" are answered from ``Document`` metadata, so
every common way of writing it down should land there and not in the indexed text:

- front matter (Jekyll, Hugo, Eleventy, Obsidian, Pandoc exports): a leading ``---`` ... ``---`` (or ``...``)
  YAML block, read with python-frontmatter's safe YAML loader; Hugo's TOML (``+++`` ... ``+++``, read with
  ``tomllib``) and JSON (a leading ``{...}`` object) blocks too, and Hugo's ``[params]`` table. Its values win
  over what the text says. A YAML block that is not valid is read line by line when every line is ``key: value``
  (an unquoted colon in a title is the usual slip); otherwise the text is kept as written (the ``---`` may be a
  horizontal rule) and a warning names it, in the log and in what collects problems (``front_matter_problems``:
  the build summary, an upload's warnings);
- bylines ("By Jane Doe", "*By Jane Doe*", "By [Jane Doe](...)", "Author: Jane Doe", "Written by ...",
  "Posted by ...", "Created by: ..." (a Notion page's), "By Jane Doe | June 29, 2020", a bare "By" with the name
  on the next line). A bare "By ..." must read as a name (short, mostly capitalised), so prose such as "By the
  time the troops left, ..." stays text. A job title or a department after a comma is no name and goes ("Tom
  Hendry, Pharmacy Manager", "Jane Doe, Head of Legal", "Head Chef", "Marco Bellandi, Technical Services":
  ``is_role``; one word after a full name made to name who does a job, "Sunita Rao, Churchwarden":
  ``_one_word_title``; a name and a job title without "By", ``name_and_role``, is a byline where the caller says: a Word
  document's title block, the lines right under a Markdown or plain-text title, ``ArticleHead.titled``);
  anything else there stays ("By Jane Doe, Reuters" keeps "Jane Doe, Reuters"): it may be an agency, a city or a
  second name, and guessing wrong would put a name in ``source``;
- date lines ("June 29, 2020", "Published: ...", "Updated: 2020-06-29", "Posted on ...", "Monday, June 29,
  2020", "29 June 2020", "2020-06-29", "Published 3:52 PM ET, Mon June 29, 2020", "Issued 16 March 2026", a press
  release's "For immediate release: 2 March 2026", a day in figures whose order
  is plain: "29/06/2020", "29.06.2020", "06/29/2020", not "03/04/2020" but labelled, "Last reviewed 12/03/2025",
  kept as written). Labels are dropped so ``ingest.dates``
  can read the date; a published date wins over an updated one, and an update line stays in the text as well
  (``ArticleHead.kept``: no metadata field says when a document was changed);
- a letter's greeting ("Dear ..."), valediction ("Yours sincerely,"), subject line ("Re: ...") and signatory (the
  name after the valediction), which a reader of a laid-out letter (``ingest.pdf``, ``ingest.word``) places, and
  the letter they make (``read_letter``: its subject and signatory).

Lines reach this module already reduced to plain text (``corpus.clean_inline`` for markdown).
"""

from __future__ import annotations

import html
import json
import logging
import re
import tomllib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from frontmatter.default_handlers import YAMLHandler
from wordfreq import zipf_frequency

from ragqa.ingest.dates import either_way, iso_day, normalize_date, title_block_day

log = logging.getLogger(__name__)

# ---------------------------------------------------------------- front matter

_OPENING = re.compile(r"\A(?:[ \t]*\n)*---[ \t]*\n")
_TOML_BLOCK = re.compile(r"\A(?:[ \t]*\n)*\+\+\+[ \t]*\n(.*?)^\+\+\+[ \t]*(?:\n|\Z)", re.MULTILINE | re.DOTALL)
_JSON_OPENING = re.compile(r"\A\s*\{\s*\"")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_LOOSE_KEY = re.compile(r"^([A-Za-z_][\w-]*(?:[ \t]+[\w-]+)*)[ \t]*:(?:[ \t]+(.*))?$")
_LOOSE_ITEM = re.compile(r"^[ \t]*-[ \t]+(.*)$")
_WIKILINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]|]*)\]\]")
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)

_TITLE_KEYS = ("title", "headline")
_AUTHOR_KEYS = (
    "author",
    "authors",
    "byline",
    "creator",
    "creators",
    "primary_author",
    "author_name",
    "author_display_name",
    "author_full_name",
    "creator_name",
)
"""Where an author is named: front matter's, a feed's, and CMS exports' own keys (WordPress export plugins'
"author_name", Ghost's "primary_author", Dublin Core's "dc:creator", a headless CMS's "authorName"), spelt as
``_key_name`` spells a key. Not "author_id" or "author_email": a user's id or address is no name."""
_POSTED_KEYS = (
    "date_listed",
    "listed_at",
    "listedat",
    "listed_on",
    "listing_date",
    "date_posted",
    "dateposted",
    "posted_at",
    "postedat",
    "posted_on",
    "post_date",
)
"""When an item was put up where it is (a portal's listing, a job board's or a forum's post, schema.org's
"datePosted", WordPress's "post_date"): its date after a publication date and before the day its record was made
in the system that exported it (a CRM's "created_at"). Not a later change ("last_updated"), nor the date of
something else it tells of ("available_from", "closing_date", "date_of_birth"). Why: an estate agent's listings
gave "date_listed" only, and "what is the newest listing" had no date to go by."""
_DATE_KEYS = (
    "date",
    "published",
    "published_at",
    "publish_date",
    "publishdate",
    "pubdate",
    "date_published",
    "datepublished",
    "publication_date",
    "publishedat",
    "published_date",
    "pub_date",
    *_POSTED_KEYS,
    "created",
    "created_at",
)
_UPDATED_KEYS = (
    "updated",
    "updated_at",
    "lastmod",
    "last_modified",
    "last_modified_at",
    "modified",
    "date_modified",
)
"""Read only when no publication date is given: an update date is better than none for date filters."""
_SOURCE_KEYS = ("source", "publication", "publisher", "outlet", "site", "site_name")
_URL_KEYS = ("url", "link", "canonical_url", "permalink", "canonical", "source_url")
_CATEGORY_KEYS = (
    "category",
    "categories",
    "section",
    *(f"{key}_{names}" for key in ("category", "categories") for names in ("name", "names")),
)
"""A category as a CMS exports it, its ids beside it: WordPress's "categories_names" (or "categoryName") was a line
"Categories names: Events" opening every post's text, and so an answer."""
_READ_KEYS = frozenset(
    (*_TITLE_KEYS, *_AUTHOR_KEYS, *_DATE_KEYS, *_UPDATED_KEYS, *_SOURCE_KEYS, *_URL_KEYS, *_CATEGORY_KEYS)
) | {"subject", "maintainer", "from"}
"""The keys of a header block (``_header_block``) that become metadata and leave the text."""


_NAMESPACE = re.compile(r"^[A-Za-z]+:(?=[A-Za-z])")
"""An XML namespace's prefix kept in a key by an export to JSON ("dc:creator", "wp:post_date")."""


def _key_name(key: object) -> str:
    """``key`` as the metadata keys are spelt: lower case, its words joined by "_" however they were written, without
    a namespace. Why: exports spell one key many ways, and "author_name" stayed a line of the text ("Author name:
    Nell Pritchard") while the post had no author.

    >>> [_key_name(k) for k in ("authorName", "author.name", "Author name", "dc:creator", "publishedAt")]
    ['author_name', 'author_name', 'author_name', 'creator', 'published_at']
    """
    name = _NAMESPACE.sub("", str(key).strip())
    return re.sub(r"[\s.-]+", "_", re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name)).lower()


def _key_names(key: object) -> tuple[str, str]:
    """The names ``key`` is read under: as written in lower case ("publishedat", "pubdate"), then ``_key_name``."""
    return str(key).strip().lower(), _key_name(key)


def record_field(key: str) -> str:
    """The metadata field a front matter's or a record's ``key`` is read as ("headline": "title", "byline":
    "author", "author_name": "author", "section": "category", "pubDate": "published_at", "link": "url",
    "publisher": "source"); "updated" for an update date (the date only when none other is given); "" for a key
    read as no field."""
    fields = (
        ("title", _TITLE_KEYS),
        ("author", _AUTHOR_KEYS),
        ("published_at", _DATE_KEYS),
        ("updated", _UPDATED_KEYS),
        ("source", _SOURCE_KEYS),
        ("url", _URL_KEYS),
        ("category", _CATEGORY_KEYS),
    )
    return next((field for name in _key_names(key) for field, keys in fields if name in keys), "")


@dataclass(frozen=True)
class FrontMatter:
    """The document metadata a front matter block gives (empty strings for what it does not)."""

    title: str = ""
    author: str = ""
    published_at: str = ""
    source: str = ""
    url: str = ""
    category: str = ""


_PROBLEMS: ContextVar[list[str] | None] = ContextVar("front_matter_problems", default=None)
PROBLEM_CHARS = 300
"""The most of a parser's message a collected problem quotes (a YAML error may quote its whole line)."""


@contextmanager
def front_matter_problems() -> Iterator[list[str]]:
    """The front matter problems of the documents read in this block, in this thread (and context), one line each:
    "notice.md: front matter is not valid YAML, read line by line: mapping values are not allowed here ...".

    Why: an upload whose title held an unquoted second colon ("title: Crag Wood closed: high fire risk") was read
    line by line and said so in the server's log only; the writer's response and the build summary said nothing.

    >>> with front_matter_problems() as problems:
    ...     _ = split_front_matter("---\\ntitle: Closed: fire risk\\n---\\nText.", "notice.md")
    >>> problems[0].startswith("notice.md: front matter is not valid YAML, read line by line: ")
    True
    """
    problems: list[str] = []
    token = _PROBLEMS.set(problems)
    try:
        yield problems
    finally:
        _PROBLEMS.reset(token)


def _not_valid(name: str, language: str, outcome: str, why: str) -> None:
    """Log a front matter block that does not parse, and note it where ``front_matter_problems`` collects."""
    log.warning("front matter of %s is not valid %s, %s: %s", name or "a document", language, outcome, why)
    problems = _PROBLEMS.get()
    if problems is not None:
        problems.append(
            f"{name or 'a document'}: front matter is not valid {language}, {outcome}: {why[:PROBLEM_CHARS]}"
        )


def split_front_matter(raw: str, name: str = "") -> tuple[FrontMatter, str]:
    """The front matter of ``raw`` and the text after it; ``(FrontMatter(), raw)`` when there is none.

    Never raises: a malformed block is read line by line when it can be, else kept in the text (nothing is
    lost), and logged with ``name`` either way.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if text.lstrip().startswith(("+++", "{")):
        return _hugo_front_matter(text, raw, name)
    opening = _OPENING.match(text)
    if not opening:
        return _header_block(text, raw)
    closing = _CLOSING.search(text, opening.end())
    if not closing:
        return FrontMatter(), raw  # a lone leading rule, not a block
    block = text[opening.end() : closing.start()]
    body = text[closing.end() :].removeprefix("\n")
    try:
        data: Any = YAMLHandler().load(block)
    except Exception as exc:  # any YAML error (scanner, parser, constructor): one file never stops a build
        loose = _loose_mapping(block)
        why = " ".join(str(exc).split())
        if loose is None or metadata_of(loose) == FrontMatter():  # nothing to salvage: maybe prose after a rule
            _not_valid(name, "YAML", "kept as text", why)
            return FrontMatter(), raw
        _not_valid(name, "YAML", "read line by line", why)
        data = loose
    if data is None and not block.strip():
        return FrontMatter(), body  # an empty block
    if not isinstance(data, dict):
        return FrontMatter(), raw  # prose between two rules ("---"), not metadata
    return metadata_of(data), with_fields(data, body)


_UNSPOKEN_KEYS = frozenset(
    "layout draft slug weight template id uuid guid image images thumbnail cover featured_image banner icon toc "
    "sidebar sidebar_position sidebar_label nav_order nav_exclude menu type lang language comments share math katex "
    "mermaid redirect_from excerpt_separator hide hidden search cssclass cssclasses class output outputs private "
    "publish parent grand_parent has_children order position params translationkey render list build cascade "
    "headless tags keywords topics labels aliases series".split()
) | {f"{key}_{names}" for key in ("tag", "tags", "keyword", "keywords") for names in ("name", "names")}
"""Front matter keys that steer a site generator (layout, menus, images, flags), or file the document under topics
(tags, keywords, an export's "tag_names"): not what it says. A tag line repeats the title's words ("Tags: breakfast,
pancakes") and only drew questions about the title to the documents carrying it (the recipes and notes sets' tune
halves)."""

_PATH_VALUE = re.compile(r"^(?:https?://|/|\./|\.\./)\S*$|\.(?:png|jpe?g|gif|svg|webp|css|js)$", re.IGNORECASE)


_KEPT_KEYS = frozenset((*_UPDATED_KEYS, *_POSTED_KEYS))
"""Read keys kept in the text too: an update date is the date only when no publication date is given, and "when
was it last updated" is answered from the text (``answering.metadata``); "when was Linden Cottage listed" is too,
by the line "Date listed: 2026-10-05" (``_POSTED_KEYS``)."""


def _field_value(value: Any) -> str:
    """A front matter value as one line of text ("" for what says nothing: flags, paths, nested tables)."""
    if isinstance(value, list | tuple):
        items = [_field_value(v) for v in value if not isinstance(v, dict | list | tuple)]
        return ", ".join(i for i in items if i)
    if isinstance(value, dict):
        return _object_value(value)
    if value is None or isinstance(value, bool):
        return ""
    text = value.isoformat() if isinstance(value, datetime | date) else _WIKILINK.sub(r"\1", str(value))
    text = " ".join(text.split())
    return "" if _PATH_VALUE.search(text) else text


_ADDRESS_PARTS = frozenset(
    "line1 line2 line3 line4 addressline1 addressline2 addressline3 address1 address2 address3 street street1 "
    "street2 streetaddress housenumber housename building buildingname flat apartment suite locality "
    "addresslocality town posttown postaltown city village district suburb neighbourhood neighborhood county "
    "state region addressregion province postcode postalcode zip zipcode country addresscountry".split()
)
"""Keys of an address's parts (spelt without case, "_" or "-": "line_1", "postalCode", schema.org's
"addressLocality"), which read as an address when written one after another with commas, as it is printed."""
_LEAD_KEYS = frozenset(("type", "kind"))
"""Keys whose value says what the object is ("tenure": {"type": "Leasehold", ...}): its first words, unlabelled."""
_PHONE_KEY = re.compile(r"phone|mobile|fax|(?:^|_)tel$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2}")


def _object_value(value: dict[Any, Any]) -> str:
    """An object's values as one line, each said so that what it is stays plain.

    A named object (a person, a company: a ``name`` or ``title``) reads as its name and its details in brackets,
    "Priya Chandran (Sales Negotiator, priya@example.org, 01632 960412)", a detail labelled when its value alone
    says nothing (a number, a date, a one-letter grade: "Tom Lee (Lettings, joined: 2019-04-01)"). An address (two
    of its parts or more: ``_ADDRESS_PARTS``) reads as printed, "14 Church Lane, Ashcombe, HL4 7RD". Any other
    object labels each value with its key, after what its ``type`` says: "Leasehold; years remaining: 118; ground
    rent: £150 per annum; service charge: £1,420 per annum" (its lists too: "restrictions: no pets, no subletting").

    Why: an estate agent's export gave a flat's "tenure" as an object, read "Leasehold, 118, £150 per annum, £1,420
    per annum", so "how long is left on the lease" and "what is the ground rent" had no label to find them by.
    An object inside one is said when it reads as one clause (a name, an address), else left out."""
    named = _text(value)
    spoken = [(str(key).strip(), item) for key, item in value.items()]
    # JSON-LD's "@type", an exporter's "_id"; a named object's lists would blur the commas between its details
    spoken = [(k, i) for k, i in spoken if k and k[0] not in "@_" and not (named and isinstance(i, list | tuple))]
    parts_of_address = [k for k, _ in spoken if re.sub(r"[\W_]", "", k.lower()) in _ADDRESS_PARTS]
    lead: list[str] = []
    parts: list[str] = []
    address: list[str] = []
    for name, item in spoken:
        text = _field_value(item)
        if not text or text == named or (isinstance(item, dict) and ";" in text):
            continue
        label = _field_name(name).lower()
        if name in parts_of_address and len(parts_of_address) > 1:  # one alone ("state": "closed") is no address
            if not address:
                parts.append("")  # the address's place among the parts, filled below
            if not address or address[-1] != text:  # a locality that is its town too: "Hollinbrook" once
                address.append(text)
        elif named:
            parts.append(text if _WORD.search(text) or _PHONE_KEY.search(name) else f"{label}: {text}")
        elif name.lower() in _LEAD_KEYS and not lead:
            lead.append(text)
        else:
            parts.append(f"{label}: {text}")
    parts = [part or ", ".join(address) for part in parts]
    if named:
        return f"{named} ({', '.join(parts)})" if parts else named
    return "; ".join([*lead, *parts])


def _field_name(key: str) -> str:
    """A key as a label: "incident_commander" and "incidentCommander" as "Incident commander"."""
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", key).replace("_", " ").replace("-", " ").split()
    return " ".join(words).capitalize()


_STATUS_KEYS = frozenset(("status", "post_status"))
_PUBLISHED = re.compile(r"^publish(?:ed)?$", re.IGNORECASE)
"""A publishing workflow's state of a document that is out ("publish", WordPress's; "published", Ghost's and most
CMSs'): every article of an export says it, and a line "Status: published" at the top of each only answered "what
is the status of the water tower" with it. A draft's, a ticket's or an incident's status ("Closed") stays."""


def field_lines(data: dict[Any, Any], as_data: bool = False) -> str:
    """A mapping's fields that are not metadata as ``Key: value`` lines, one a line ("Severity: SEV2", "Reviewed:
    2024-05-09", "Status: Closed"); "" for none (see ``with_fields``).

    ``as_data``: the mapping is a record of data, not an article's head (a transit authority's stop: "stop_code",
    "routes", "wheelchair_accessible"), whose fields are all it says, as a sheet's columns are: each is a line, its
    metadata too ("Date: 2026-12-03"), and a flag says "yes" or "no" ("Wheelchair accessible: yes"); a key the
    record keeps for its program ("_rev") stays out. An article's keys under Hugo's ``[params]`` table are its own
    as they are for ``metadata_of`` (a runbook's "owner", "reviewed"), one at the top winning over the same one under
    it."""
    lines = []
    params = data.get("params")
    items = [*data.items(), *(params.items() if not as_data and isinstance(params, dict) else ())]
    seen: set[str] = set()
    for key, value in items:
        name = str(key).strip()
        if not name or name[0] == "_" or name.lower() in seen:
            continue
        seen.add(name.lower())
        read = not as_data and any(n in _READ_KEYS - _KEPT_KEYS for n in _key_names(name))
        if read or (not as_data and any(n in _UNSPOKEN_KEYS for n in _key_names(name))):
            continue
        text = ("yes" if value else "no") if as_data and isinstance(value, bool) else _field_value(value)
        if text and not (name.lower() in _STATUS_KEYS and _PUBLISHED.match(text)):
            lines.append(f"{_field_name(name)}: {text}")
    return "\n".join(lines)


def with_fields(data: dict[Any, Any], body: str) -> str:
    """``body`` under the front matter's other fields as ``Key: value`` lines (``field_lines``), as a header block
    keeps them.

    Why: a postmortem's severity, a note's status, a recipe's serves or a page's description were said nowhere
    once the block was read, so no question could reach them; fields that steer a site generator stay out, and
    so do those read as metadata but an update date (``_KEPT_KEYS``)."""
    fields = field_lines(data)
    if not fields:
        return body
    body = body.lstrip("\n")
    opening = None if metadata_of(data).title else _OPENING_HEADING.match(body)
    if opening:  # under the heading that titles the body ("# Lisbon Trip — 16 to 22 May"), which stays its title
        return f"{opening.group(0).rstrip()}\n\n{fields}\n\n{body[opening.end() :].lstrip(chr(10))}"
    return f"{fields}\n\n{body}"


_OPENING_HEADING = re.compile(r"\A(?:#[ \t]+\S[^\n]*|[^\n]*\S[^\n]*\n=+[ \t]*)(?:\n|\Z)")
"""A body's first line as a title: a level-one heading, "# ..." or underlined with "="."""


def _hugo_front_matter(text: str, raw: str, name: str) -> tuple[FrontMatter, str]:
    """Hugo's other two front matter forms: TOML between ``+++`` lines, or a JSON object opening the file.

    A block that does not parse, or names nothing this module reads, stays in the text (logged when it was meant
    as front matter: a TOML block)."""
    toml = _TOML_BLOCK.match(text)
    if toml:
        try:
            data: Any = tomllib.loads(toml.group(1))
        except tomllib.TOMLDecodeError as exc:
            _not_valid(name, "TOML", "kept as text", " ".join(str(exc).split()))
            return FrontMatter(), raw
        return metadata_of(data), with_fields(data, text[toml.end() :])
    if _JSON_OPENING.match(text):
        start = len(text) - len(text.lstrip())
        try:
            data, end = json.JSONDecoder().raw_decode(text, start)
        except ValueError:
            return FrontMatter(), raw  # text that opens with a brace
        meta = metadata_of(data) if isinstance(data, dict) else FrontMatter()
        if meta != FrontMatter() and text[end:].strip():  # a JSON object alone is the text (a record saved as .txt)
            return meta, text[end:].lstrip(" \t").removeprefix("\n")
    return FrontMatter(), raw


_HEADER_LINE = re.compile(r"^([A-Za-z][\w-]*(?:[ \t][A-Za-z][\w-]*){0,2})[ \t]*:[ \t]+(\S.*)$")
_FOLDED = re.compile(r"^[ \t]+\S")
_HEADER_LINES = 30
_HEADER_AUTHORS = ("author", "maintainer", "from")


def is_header_line(line: str) -> bool:
    """Whether ``line`` is a ``Key: value`` line as a header block (``_header_block``) holds: one the block kept in
    the text is no title."""
    return _HEADER_LINE.match(line) is not None


_TITLED = re.compile(
    r"^([A-Z][\w'’]*(?:[ \t]+[A-Z][\w'’]*)+|MEMO(?:RANDUM)?|NOTICE|ANNOUNCEMENT|BULLETIN|AGENDA|MINUTES)"
    r"[ \t]*:[ \t]+(\S+(?:\s+\S+){2,})$"
)
"""A title with a colon: words in capitals, or a kind of document in capitals, then what it is about in three words
or more ("Candidate Interview: Marcus Lee, Senior Backend Engineer", "MEMO: Changes to hybrid working"), where a
header's key is one word ("Version: 015", "Archive-Name: ...") or says what a field is ("Last edited time: ...")."""


def titles_the_block(line: str) -> bool:
    """Whether a header block's first line, kept in the text, is the document's title (``_TITLED``) and not a
    field: its value is no date."""
    found = _TITLED.match(line.strip())
    return found is not None and read_date_line(found.group(2)) is None


def _header_block(text: str, raw: str) -> tuple[FrontMatter, str]:
    """A leading block of ``Key: value`` lines up to the first blank line, without ``---`` around it:
    MultiMarkdown's and Pelican's metadata, a Usenet FAQ's or a saved message's headers ("Archive-Name: ...",
    "Last-modified: 10 March 2003", "Maintainer: Eric Pement (pemente@...)", "Subject: ...", "From: ...").

    Read only when there are at least two such lines, every line of the block is one (an indented line goes on
    the one before, as headers fold), and they name something this module reads; else the text stays as it is
    (a recipe's "Serves: 4" / "Prep time: 10 min" is text). The lines read leave the text; the others stay in
    it ("Version: 015", minutes' "Attendees: ..."). Why: such a block titled the document "Archive-Name:
    editor-faq/sed" and left it with no author or date."""
    start = len(text) - len(text.lstrip("\n"))
    end = text.find("\n\n", start)
    if end < 0:
        return FrontMatter(), raw
    lines = text[start:end].split("\n")
    if not 2 <= len(lines) <= _HEADER_LINES:
        return FrontMatter(), raw
    data: dict[str, str] = {}
    fields: list[tuple[str, list[str]]] = []  # each key with its lines, in order
    for line in lines:
        pair = _HEADER_LINE.match(line)
        if pair:
            key = re.sub(r"[\s-]+", "_", pair.group(1).lower())
            data.setdefault(key, pair.group(2).strip())
            fields.append((key, [line]))
        elif fields and _FOLDED.match(line):
            key, folded = fields[-1]
            folded.append(line)
            data[key] = f"{data[key]} {line.strip()}"
        else:
            return FrontMatter(), raw
    if len(fields) < 2:
        return FrontMatter(), raw
    for name in _HEADER_AUTHORS:  # "Eric Pement (pemente@...)", "Jane Doe <jane@...>": the name
        if "@" in data.get(name, ""):
            data[name] = _ADDRESS.sub("", data[name]).strip(" \"'") or data[name]
    data.setdefault("title", data.get("subject", ""))
    data.setdefault("author", next((data[name] for name in _HEADER_AUTHORS if data.get(name)), ""))
    meta = metadata_of(data)
    if meta == FrontMatter():
        return FrontMatter(), raw
    kept = [line for key, block in fields if key not in _READ_KEYS for line in block]
    rest = text[end:].lstrip("\n")
    return meta, "\n".join(kept) + "\n\n" + rest if kept else rest


def _loose_mapping(block: str) -> dict[str, Any] | None:
    """``key: value`` lines (and ``- item`` lists under a key) read without YAML, or None if any line is not one."""
    data: dict[str, Any] = {}
    key = ""
    for line in block.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _LOOSE_ITEM.match(line)
        if item and key and (data[key] in ("", None) or isinstance(data[key], list)):
            data[key] = [*(data[key] or []), _unquote(item.group(1))]
            continue
        pair = _LOOSE_KEY.match(line)
        if not pair:
            return None
        key = pair.group(1)
        data.setdefault(key, _unquote(pair.group(2) or ""))
    return data or None


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def metadata_of(data: dict[Any, Any]) -> FrontMatter:
    """The metadata a mapping gives under the keys front matter, CMS exports and news APIs use, in any case
    ("publishedAt", "datePublished", "authors": [{"name": ...}], "source": {"name": ...}, a date in epoch seconds or
    milliseconds): a front matter block's, or a JSONL record's. A key is read however it is spelt (``_key_name``:
    "author_name", "authorName", "dc:creator"), and the first of its values saying something wins: WordPress's REST
    API gives "author": 7 (a user's id) and the name under "_embedded"."""
    keys: dict[str, list[Any]] = {}
    params = data.get("params")  # Hugo's own keys stay at the top; a site's own ones may sit under [params]
    embedded = data.get("_embedded")  # WordPress's REST API with ?_embed: "author": [{"id": 7, "name": ...}]
    nested = [block.items() for block in (params, embedded) if isinstance(block, dict)]
    for key, value in [*data.items(), *(item for items in nested for item in items)]:
        for name in dict.fromkeys(_key_names(key)):
            keys.setdefault(name, []).append(value)

    def first(names: tuple[str, ...], read: Callable[[Any], str] = _text) -> str:
        return next((found for key in names for value in keys.get(key, ()) if (found := read(value))), "")

    sources = [_text(value) for key in _SOURCE_KEYS for value in keys.get(key, ())]
    addresses = [s for s in sources if _URL.match(s)]  # Obsidian's web clipper writes the page address as "source"
    url = first(_URL_KEYS) or next(iter(addresses), "")
    return FrontMatter(
        title=first(_TITLE_KEYS),
        author=byline_name(first(_AUTHOR_KEYS, _names)),
        published_at=first(_DATE_KEYS, _date_text) or first(_UPDATED_KEYS, _date_text) or _day_in_address(url),
        source=next((s for s in sources if s and not _URL.match(s)), ""),
        url=url,
        category=first(_CATEGORY_KEYS),
    )


_BY_PREFIX = re.compile(r"^[Bb][Yy]:?\s+(?=[A-Z])")
"""A record's byline as the page prints it ("byline": "By Samir Haddad"): the name is what follows."""
_NO_PERSON = re.compile(
    r"^(?:from\s+)?(?:(?:staff|wire)(?:\s*(?:and|&)\s*(?:staff|wire))?(?:\s+(?:reports?|services?))?"
    r"|news\s+services?)\W*$",
    re.IGNORECASE,
)
"""A newspaper's byline that names no one: "From staff reports", "Staff report", "Staff", "Wire services", "Staff
and wire reports". An agency or a body ("The Associated Press", "The Courier Editorial Board") is a name and
stays."""


def byline_name(byline: str) -> str:
    """The name an author field gives (a record's "byline", a page's author): without "By", without a job title
    after a comma or "|" ("By Karen Holt, Staff Writer", "Dave Pruitt | Sports Editor": "Karen Holt", "Dave
    Pruitt"), "" when it names no one (``_NO_PERSON``).

    Why: CMSs print a writer's title after a bar as often as after a comma, and "Sports Editor" stayed in the name;
    "who wrote it" was answered "was written by From staff reports"."""
    text = _BY_PREFIX.sub("", byline.strip())
    first, *rest = _FIELD_SEPARATOR.split(text)
    kept = [part for part in rest if not is_role(part)]
    name = without_roles(" | ".join([first, *kept]) if len(kept) < len(rest) else text)
    return "" if _NO_PERSON.match(name) else name


_ADDRESS_DAY = re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])(?=/|$|[-_.])")
"""A day in a page's address, as blogs and newspapers write permalinks ("https://example.org/2020/06/29/slug")."""


def _day_in_address(url: str) -> str:
    """The day an address names ("" for none): the date of a record that gives no other."""
    found = _ADDRESS_DAY.search(url)
    return iso_day(*found.groups()) if found else ""


_EPOCH_SECONDS = (1e8, 4e9)
"""Numbers read as a time in seconds since 1970 (1973 to 2096); a thousand times more, in milliseconds."""


def _date_text(value: Any) -> str:
    """A date as text (``_text``); a number as a time in epoch seconds or milliseconds, in ISO form (UTC), also when
    an export writes it as a string of figures ("1630454400": read as text, it was no date, and answers said
    "published in 1630454400")."""
    if isinstance(value, str) and re.fullmatch(r"\s*\d{9,13}\s*", value):
        value = int(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > _EPOCH_SECONDS[1] else value
        if _EPOCH_SECONDS[0] < seconds < _EPOCH_SECONDS[1]:
            return datetime.fromtimestamp(seconds, UTC).isoformat()
    return _text(value)


def _text(value: Any) -> str:
    """One value as text: dates in ISO form, the first item of a list, the ``name`` of a mapping (or its
    ``rendered`` text, as WordPress exports give a title)."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        rendered = value.get("rendered")
        if isinstance(rendered, str):  # WordPress: {"rendered": "What&#8217;s new"}
            return html.unescape(rendered).strip()
        return _text(value.get("name") or value.get("title"))
    if isinstance(value, list | tuple):
        return next((text for text in map(_text, value) if text), "")
    return _WIKILINK.sub(r"\1", str(value)).strip()


def _names(value: Any) -> str:
    """Authors as one line: ``["A", "B", "C"]`` gives "A, B and C". A credit naming no one ("Staff", "Wire
    services": ``_NO_PERSON``) is left out of a list, as it is when alone: ``["Jane Doe", "Staff"]`` gave "Jane Doe
    and Staff", two authors. A body's byline stays ("Selvapedia editors", "BBC staff": a name, as "The Courier
    Editorial Board" is), so ``["Marten Holloway", "Selvapedia editors"]`` is "Marten Holloway and Selvapedia
    editors", as the page credits it."""
    values = value if isinstance(value, list | tuple) else [value]
    # a number is a user's id in a CMS export (WordPress's "author": 7), not a name
    names = [_text(v) for v in values if not isinstance(v, int | float)]
    names = [n for n in names if n and not _NO_PERSON.match(n)]
    if len(names) < 2:
        return names[0] if names else ""  # "author:" left empty, or null in a JSONL record
    return f"{', '.join(names[:-1])} and {names[-1]}"


# ---------------------------------------------------------------- what a document is

_KINDS = (
    r"minutes|agenda|(?:annual\s+)?report|policy|procedures?|accounts|constitution|handbook|newsletter"
    r"|notice|decision|refusal|grant|certificate|licen[cs]e|permit|statement|agreement|contract"
    r"|terms\s+(?:and|&)\s+conditions|terms\s+of\s+(?:use|service|business|reference)"
    r"|conditions|pack|guide|guidance|guidelines|leaflet|booklet|brochure|prospectus|charter|rules|regulations"
    r"|bye-?laws|code\s+of\s+(?:conduct|practice)|standing\s+orders"
)
"""The kinds of document a heading or a line under a letterhead may say it is: besides minutes, notices and policies,
the conditions, packs, guides and rules every club, hall and trust hands out ("Conditions of Hire", "New Member
Welcome Pack", "House Rules"; testers' bb75, bb76)."""
_NAMED_KIND = r"(?:(?:(?-i:[A-Z])[\w'’-]*|and|&)\s+){0,4}"
"""Words of a name before a document's kind, capitalised as a title's are: "Trustees' Annual Report", "Health and
Safety Policy"."""
_SAYS_WHAT_IT_IS = re.compile(
    rf"^(?:(?:draft|approved|unconfirmed|confirmed|signed)\s+)?{_NAMED_KIND}"
    rf"(?:{_KINDS})(?:\s+(?:of|for|on|from|to)\b|\s+(?:no\.?|number|#)\s*\d|\W*$)"
    rf"|\b(?:{_KINDS})(?:\s+(?:19|20)\d{{2}}(?:[/-]\d{{2,4}})?)?\W*$",
    re.IGNORECASE,
)
"""A heading that says what kind of document it heads: opening with the kind and what it is of or to ("Minutes of
the Annual General Meeting", "Agenda for ...", "Policy on ...", a body's "Refusal of Planning Permission", "Notice of
Decision", "Certificate of Lawful Use", "Notice to Mariners No. 09 of 2026", "Terms and Conditions of Tuition"), or
with its number ("Tariff Notice No. 3 of 2025"), also after a name of its own
("Trustees' Annual Report for the year ended 31 March 2025": a charity's report was titled by the charity's name
alone), or ending with it ("Safeguarding Policy", "Annual Report 2022/23", "Premises Licence"); not a section's
heading that opens with such a word ("Report scope") nor words of a sentence before one ("Progress on the report for
members")."""
_A_KIND = re.compile(rf"\b(?:{_KINDS})\b", re.IGNORECASE)


def says_what_it_is(heading: str) -> bool:
    """Whether ``heading`` says what kind of document it heads (``_SAYS_WHAT_IT_IS``), as a title under the
    organisation's name does ("Minutes of the Annual General Meeting" under "Northmoor Young Carers Trust").

    >>> says_what_it_is("NOTICE TO MARINERS No. 09 of 2026"), says_what_it_is("Report scope")
    (True, False)
    >>> says_what_it_is("TARIFF NOTICE No. 3 of 2025"), says_what_it_is("TERMS AND CONDITIONS OF TUITION")
    (True, True)"""
    return _SAYS_WHAT_IT_IS.search(heading) is not None


def titled_under(name: str, line: str) -> str:
    """The title of a document opening with ``name`` over ``line``: both ("Brackenford Village Hall Trust:
    Conditions of Hire") when ``name`` names no kind of document (``names_a_kind``: an organisation's name, which
    all its documents open with) and ``line`` says what the document is (``says_what_it_is``); "" otherwise. The
    rule the Word, PDF and plain-text readers share for a title naming the organisation over the line that says
    what the document is, set as each sets it (a Title over a first-level heading, a letterhead over a line, a
    title over a subtitle or the paragraph under it).

    Why: a hall's conditions of hire and its minutes (a Word file and a PDF) were both titled "Brackenford Village
    Hall Trust", and answers naming a document by its title could not tell them apart (testers' bb76, 3.); the
    name is kept, which tells one organisation's minutes from another's.

    >>> titled_under("Brackenford Village Hall Trust", "Conditions of Hire")
    'Brackenford Village Hall Trust: Conditions of Hire'
    >>> titled_under("HOLLINSBRIDGE COMMUNITY CHOIR", "New Member Welcome Pack")
    'HOLLINSBRIDGE COMMUNITY CHOIR: New Member Welcome Pack'
    >>> titled_under("Annual Report 2025", "Minutes of the AGM"), titled_under("Ashcombe Trust", "Report scope")
    ('', '')"""
    return f"{name}: {line}" if not names_a_kind(name) and says_what_it_is(line) else ""


def names_a_kind(text: str) -> bool:
    """Whether ``text`` names a kind of document anywhere ("NOTICE OF BOARD ELECTION 2026"): then it is a title, not
    only the name of the organisation whose documents all open with it.

    >>> names_a_kind("Ardmorrow Harbour Authority"), names_a_kind("Safeguarding Policy")
    (False, True)"""
    return _A_KIND.search(text) is not None


_KICKER = re.compile(
    r"^\W*(?:(?:joint\s+)?(?:press|news|media)\s+(?:release|statement|notice|advisory|announcement)"
    r"|for\s+immediate\s+release)\W*$",
    re.IGNORECASE,
)


def kicker(line: str) -> bool:
    """Whether ``line``, set over a title, only says what kind of announcement follows ("PRESS RELEASE", "News
    release", "FOR IMMEDIATE RELEASE"): a kicker, which every release of its sender opens with, so it titles none;
    the headline under it does (in a Word file the "Title" paragraph says which, ``ingest.word``).

    >>> kicker("PRESS RELEASE"), kicker("Media statement:"), kicker("Press release, 15 September 2026")
    (True, True, False)"""
    return _KICKER.match(line.strip()) is not None


_END_MARKER = re.compile(r"^\W*ends\W*$|^\s*(?:-30-|#{3})\s*$", re.IGNORECASE)


def ends_release(line: str) -> bool:
    """Whether ``line`` is the mark that ends a press release's text for the editors who read it ("ENDS", "Ends",
    "- ends -", "###", "-30-"), above its notes to editors, its contacts and maybe the press officer's signature:
    no heading over what follows.

    >>> ends_release("ENDS"), ends_release("- Ends -"), ends_release("End of term")
    (True, True, False)"""
    return _END_MARKER.match(line) is not None


# ---------------------------------------------------------------- date lines

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?"
)
_WEEKDAY = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_NUMERIC = r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2}(?!\d))|\d{1,2}\.\d{1,2}\.\d{4}|\d{4}[./]\d{1,2}[./]\d{1,2}"
"""A day in figures ("29/06/2020", "29.06.2020", "06/29/2020", "2020.06.29", "15/01/25"), read only when its order is
plain."""
_DATE = (
    rf"(?:(?:{_MONTHS})\s+{_DAY},?\s+\d{{4}}|{_DAY}\s+(?:(?:day\s+)?of\s+)?(?:{_MONTHS}),?\s+\d{{4}}|{_NUMERIC}"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)\b"
)
"""A day in full: "June 29, 2020", "29 June 2020", "29th of June 2020", "the 27th day of March 2026" (as deeds and
statutory notices date themselves, "Dated this 27th day of March 2026"), in figures, or ISO."""
_TIME_FIRST = r"(?:\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?\s?m\.?(?:\s+[A-Z]{1,4})?,?\s+)"
"""A time before the day, as some sites write it ("Published 3:52 PM ET, Mon June 29, 2020")."""
_ISSUED = r"(?:issue|revision|publication|decision|notice|approval|adoption|meeting|report|letter)"
"""What a form labels the day a document was issued by ("Decision date:", "Date of notice:", "Date of this letter:"),
as "Date:" does; not a day of something else it tells of ("Date of birth:", "Expiry date:", "Closing date:")."""
_LABEL = (
    r"(?P<label>(?:(?:preprint|manuscript|paper)\s+|(?:(?:this|the)\s+)?(?:leaflet|page|document|article|post|guide"
    r"|notice|policy|information)\s+(?:(?:was|is|has\s+been)\s+)?)?(?:(?:originally|first|last)\s+)?"
    rf"(?:published|updated|posted|listed|modified|revised|released|created|dated?|{_ISSUED}\s+date"
    rf"|date\s+of\s+(?:this\s+)?{_ISSUED}|date\s+(?:published|issued|approved|adopted|signed|agreed|decided)"
    r"|issued|for\s+(?:immediate\s+)?release"
    r"|submitted|received|accepted|reviewed|effective(?:\s+date|\s+from|\s+as\s+of)?)"
    r"(?:\s+(?:on|at|in))?)\s*[:\-\u2013\u2014]?\s*"
)
_DATE_LINE = re.compile(
    rf"^(?:{_LABEL}(?:(?:this|the)\s+(?=\d))?)?{_TIME_FIRST}?(?:{_WEEKDAY},?\s+)?(?P<date>{_DATE}.*)$",
    re.IGNORECASE,
)
_PERIOD = rf"(?:(?:{_MONTHS}|spring|summer|autumn|fall|winter)\s+(?:19|20)\d{{2}}|(?:0?[1-9]|1[0-2])/(?:19|20)\d{{2}})"
_LABELLED_PERIOD = re.compile(rf"^{_LABEL}(?P<date>{_PERIOD})\W*$", re.IGNORECASE)
"""A month or season without a day, labelled ("Published: March 1997", "Date: Spring 2019", a medicine leaflet's
"This leaflet was last revised in 08/2023"): kept as written (``dates.period_of`` reads its month or year);
unlabelled, "March 1997" may be a heading."""
_PERIOD_ONLY = re.compile(rf"^(?:{_PERIOD}|(?:19|20)\d{{2}})$", re.IGNORECASE)
"""A byline's date without a day: "Joan Carter, Spring 2019", "Keith Norris, 2011"."""
_PLACE_AFTER = re.compile(r",\s*(?=[^\W\d_])(?!at\b|on\b)")
"""Where a place or other words follow the day and its time ("11th February 2025, 7.00pm, Council Chamber")."""
_DATE_END = re.compile(
    r"\s*(?:[|\u00b7\u2022;]|\s[-\u2013\u2014]\s|\b(?:last\s+)?(?:updated|modified)\b|\s(?=by\s+[A-Z]))", re.IGNORECASE
)
_BY_AFTER_DATE = re.compile(r"\s(?P<byline>by\s+[A-Z]\D*)$", re.IGNORECASE)
"""A byline after the date on one line ("Posted on 10 October 2023 by Maria Lopez"); not who adopted or approved
the document before its day ("Adopted by the PCC on 14 October 2025": no author)."""
_PROSE_END = re.compile(r"\b[a-z]{3,}[.!?]$")
_UPDATE_LABEL = re.compile(r"updat|modif|revis|review", re.IGNORECASE)  # "Revision date:" too


@dataclass(frozen=True)
class DateLine:
    """The date text of a date line, its label gone (``ingest.dates`` reads it); ``updated`` if labelled so."""

    text: str
    updated: bool = False
    labelled: bool = False
    more: bool = False
    """The line goes on after the day and its time ("..., 7.00pm, Council Chamber") or names a second day ("Issued 10
    February 2026 – effective from 1 April 2026"): it stays text."""


_PARTS = re.compile(r"\s+[·•|]\s+")
"""What sets a title block's facts apart on one line: "Version 6 · Updated 1 February 2025"."""
PART_WORDS = 4
"""The most words of the other parts of such a line: a version, an issue, a reference ("Version 6", "Ref HB/T/06")."""


def read_date_line(line: str, placed: bool = False) -> DateLine | None:
    """The date a line of an article's head gives ("Published: June 29, 2020 at 3:52 p.m."), or None; a labelled
    date set apart from short facts counts (``_labelled_part``). ``placed``: the line stands where a date is meant
    (after a byline's name), which, as a label does, makes a day in figures of no plain order the date.

    >>> read_date_line("12/03/2026"), read_date_line("12/03/2026", placed=True).text
    (None, '12/03/2026')
    """
    found = _DATE_LINE.match(_unwrap(line))
    if not found:
        period = _LABELLED_PERIOD.match(_unwrap(line))
        if period:
            return DateLine(period.group("date"), bool(_UPDATE_LABEL.search(period.group("label"))), True)
        return _labelled_part(line)
    text = found.group("date")
    cut = _DATE_END.search(text)
    after = text[cut.start() :] if cut else ""  # "Issued 10 February 2026 – effective from 1 April 2026"
    text = (text[: cut.start()] if cut else text).strip().rstrip(",").strip()
    tail = re.sub(rf"^{_DATE}", "", text, flags=re.IGNORECASE)
    place = _PLACE_AFTER.search(tail)
    if place is not None:
        text, tail = text[: len(text) - len(tail) + place.start()], tail[: place.start()]
    if len(tail) > 40 or _PROSE_END.search(tail) or len(line.strip()) > 120:
        return None  # "June 29, 2020 was the day it ended." is a sentence
    label = found.group("label") or ""
    if either_way(text) is not None and not label and not placed:
        return None  # "03/04/2020": the 3rd of April or March the 4th, or no date at all; kept as text
    # labelled ("Last reviewed 12/03/2025") or placed ("Gareth Ashdown | 12/03/2026"), it is the date, kept as
    # written: ``ingest.dates`` reads it neither way and the build and an upload name both readings
    second = re.search(_DATE, after, re.IGNORECASE) is not None and not _UPDATE_LABEL.search(after)
    more = place is not None or second  # a second day, not the update's ("| Updated July 1, 2020"): news to keep
    return DateLine(text, updated=bool(_UPDATE_LABEL.search(label)), labelled=bool(label), more=more)


def _labelled_part(line: str) -> DateLine | None:
    """The labelled date of a line whose parts ``_PARTS`` sets apart, the others short and dateless ("Version 6 ·
    Updated 1 February 2025"); None for any other line. Why: a vet's terms of business gave its update so under
    its title, no date line was read, and the PDF was dated by the day it was made (the day it was indexed)."""
    parts = _PARTS.split(_unwrap(line).strip())
    if len(parts) < 2:
        return None
    dated = [(part, read_date_line(part)) for part in parts]
    labelled = [date for _, date in dated if date is not None and date.labelled and not date.more]
    others = [part for part, date in dated if date is None]
    if len(labelled) != 1 or len(others) != len(parts) - 1 or any(len(p.split()) > PART_WORDS for p in others):
        return None
    return labelled[0]


def read_period_line(line: str) -> str:
    """The month or season of a year a line is alone ("May 2024", "Spring 2019", "05/2024"), as written, or "".
    Unlabelled, it is a date only where the caller looks for one (a title block under its title, as reports and
    guides date themselves): elsewhere "March 1997" may be a heading."""
    text = _unwrap(line).rstrip(".")
    return text if _PERIOD_LINE.fullmatch(text) else ""


_PERIOD_LINE = re.compile(_PERIOD, re.IGNORECASE)


# ---------------------------------------------------------------- bylines

_BY = re.compile(
    r"^(?:(?P<verb>written|posted|reported|created|words|story|text|maintained|compiled|prepared|contributed|edited)"
    r"\s+)?by\b\s*:?\s*"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_AUTHOR_LABEL = re.compile(
    r"^(?:authors?|byline|writer|reporter|maintainers?|(?:document\s+|policy\s+|page\s+|content\s+)?owners?)"
    r"\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
"""An author's label as articles and intranet pages write it: "Author:", and the team or person answering for a
page ("Owner: People Ops", "Policy owner: Finance", "Maintained by: Workplace team" under ``_BY``)."""
_FIELD_SEPARATOR = re.compile(r"\s*[|\u00b7\u2022]\s*")
_DATE_SEPARATOR = re.compile(r",\s*|\s+on\s+|\s+[-\u2013\u2014]\s+", re.IGNORECASE)
_CONNECTORS = frozenset(
    "and & with of the de del della di da dos das du van von der den la le y e bin ibn al el for at".split()
)
_MAX_NAME_WORDS = 8


@dataclass(frozen=True)
class Byline:
    """The author a byline names ("" for a bare "By" whose name is on the next line) and any date on it."""

    author: str
    date: DateLine | None = None


_ADDRESS = re.compile(r"\s*(?:<[^<>]*(?:@|\bat\b)[^<>]*>|\([^()]*@[^()]*\))")
"""An e-mail address after a name, in angle brackets or parentheses, spelt out or not ("<jane at example dot org>")."""


def read_byline(line: str) -> Byline | None:
    """The byline ``line`` is, or None. A bare "By ..." must read as a name, so "By the time ..." is prose."""
    text = _unwrap(line)
    by = _BY.match(text)
    labelled = _AUTHOR_LABEL.match(text)
    found = by or labelled
    if not found:
        return _name_and_date(text)
    rest = found.group("rest").strip()
    if not rest:
        return Byline("")  # a bare "By" (or "Author:"): the name is on the next line
    author, when = split_name_and_date(rest)
    author = _ADDRESS.sub("", author).strip(" ,;")  # "A.M. Kuchling <amk@amk.ca>": the name only
    if not looks_like_name(author, strict=bool(by and not by.group("verb"))):
        return None
    return Byline(author, when)


def byline_after_date(line: str) -> Byline | None:
    """The byline after the day on a date line ("Posted on 10 October 2023 by Maria Lopez", "Issued 27 June 2024
    by Marco Bellandi, Technical Services"), or None; the caller knows the line is one."""
    trailing = _BY_AFTER_DATE.search(_unwrap(line))
    return read_byline(trailing.group("byline")) if trailing else None


def without_byline_after_date(line: str) -> str:
    """``line`` up to the byline after its day ("Issued 12 March 2026" of "Issued 12 March 2026 by Helen Marsh, Head
    of Customer Standards"), as it is when no byline naming someone ends it (``byline_after_date``). Why: a title
    block's date line is one that ends on its day, and such a line, set in small italic type, ended the block."""
    text = _unwrap(line)
    trailing = _BY_AFTER_DATE.search(text)
    byline = read_byline(trailing.group("byline")) if trailing else None
    return text[: trailing.start()] if trailing and byline is not None and byline.author else line


def date_line_day(line: str) -> str:
    """The ISO day of a title block's line that is a date and no more, or "": a day alone ("28 October 2026"), a
    labelled one (``read_date_line``: "Published 27 June 2024"), or one ending the line after the word that says it
    is the document's (``ends_on_its_day``), a byline after it aside (``without_byline_after_date``). Not a line
    going on after its day ("Tuesday 11th February 2025, 7.00pm, Council Chamber"): that one is text. Why: such a
    line says when (and by whom) a document was made, not what it says, in any reader's title block.

    >>> date_line_day("Version 4 - effective from 1 March 2026")
    '2026-03-01'
    >>> date_line_day("Issued 2 February 2026 by Dafydd Rees, Arable Field Officer")
    '2026-02-02'
    >>> date_line_day("Tuesday 11th February 2025, 7.00pm, Council Chamber")
    ''
    """
    date = read_date_line(line)
    if date is not None and not date.more:
        return normalize_date(date.text) or ""
    return ends_on_its_day(without_byline_after_date(line))


def ends_on_its_day(line: str) -> str:
    """The ISO day ``line`` ends on after a word saying it is the document's (``dates.title_block_day``:
    "Particulars prepared 18 September 2026", "Version 7.2 - effective from 1 April 2026"), or "". A day among
    other words that go on after it is an event the text tells of, not the document's.

    >>> ends_on_its_day("Effective from 1 March 2024"), ends_on_its_day("Held on 3 May 2024 in the Town Hall")
    ('2024-03-01', '')
    """
    return title_block_day(line) if ENDS_ON_A_YEAR.search(line) else ""


ENDS_ON_A_YEAR = re.compile(r"\b(?:19|20)\d{2}\W{0,2}$")
"""A line ending on a year, as one ending on a day does ("... prepared 18 September 2026")."""


_SECTION_WORDS = frozenset(
    "news world politics sports sport business opinion technology tech home breaking latest local national "
    "international entertainment health science culture updated published posted".split()
)
"""Words of a site's section labels ("World News | June 3, 2020"), which no author's name holds."""


def _name_and_date(text: str) -> Byline | None:
    """A byline without "By": a name, a separator and a date ("Marcus Webb | 14 Apr 2019", as many blogs and
    newsletters set it), or None. The name must be two to five words, capitalised but for "de", "van" and the like,
    none a section label's."""
    fields = _FIELD_SEPARATOR.split(text)
    if len(fields) < 2:
        return None
    name, when = split_name_and_date(text)
    words = name.split()
    if (
        when is None
        or not 2 <= len(words) <= 5
        or not all(w[:1].isupper() for w in words if w.lower() not in _CONNECTORS)
        or any(w.lower().strip(".,") in _SECTION_WORDS for w in words)
        or not looks_like_name(name)
    ):
        return None
    return Byline(name, when)


def split_name_and_date(text: str) -> tuple[str, DateLine | None]:
    """Name and date of "Jane Doe | June 29, 2020" or "Jane Doe, June 29, 2020"; ``(text, None)`` without a date.

    Fields after "|", "·" or "•" that are not a date ("5 min read") are dropped; a comma without a date after it
    is part of the name ("Jane Doe, Reuters"). A day in figures of no plain order after the name is the date, kept
    as written (``read_date_line``'s ``placed``): "Gareth Ashdown | 12/03/2026" was no byline at all, where
    "13/03/2026" made it one.

    >>> split_name_and_date("Gareth Ashdown | 12/03/2026")
    ('Gareth Ashdown', DateLine(text='12/03/2026', updated=False, labelled=False, more=False))
    """
    fields = _FIELD_SEPARATOR.split(_unwrap(text))
    name, when = fields[0], None
    for extra in fields[1:]:
        when = when or read_date_line(extra, placed=True)
    for sep in _DATE_SEPARATOR.finditer(name):
        rest = name[sep.end() :].strip()
        period = DateLine(rest.rstrip(".")) if _PERIOD_ONLY.match(rest.rstrip(".")) else None
        found = read_date_line(rest, placed=True) or period
        if found:
            name, when = name[: sep.start()], when or found
            break
    return _person_of(_unwrap(name).strip(" ,;")), when


_FOR_OUTLET = re.compile(r"^(?P<name>(?:[A-Z][\w'’.-]*\s+){1,3}?[A-Z][\w'’-]*),?\s+for\s+(?:the\s+)?[A-Z]")
"""A writer and what they wrote for ("Joan Carter for the Society newsletter", "Jane Doe for Reuters")."""
_BODIES = frozenset(
    "society association institute centre center council foundation committee department office campaign alliance "
    "coalition network trust fund agency commission board group organisation organization union federation league "
    "partnership school college university".split()
)
"""Last words of a body's name, which "for" continues ("American Society for Microbiology")."""
_ROLE_AND_NAME = re.compile(r"^(?P<outer>[^()]+?)\s*\((?P<inner>[^()]+)\)$")


_ROLE_NOUNS = frozenset(
    "manager director officer headteacher headmaster headmistress principal teacher lecturer editor correspondent "
    "reporter columnist writer secretary treasurer chair chairman chairwoman chairperson president vice-president "
    "coordinator co-ordinator administrator assistant adviser advisor consultant lead clerk curator librarian "
    "pharmacist partner governor councillor trustee founder co-founder ceo cfo coo cto executive controller analyst "
    "superintendent supervisor organiser organizer convenor convener registrar senco "
    # the trades of arts centres, labs, clinics, charities, firms and newsrooms alike
    "programmer producer presenter broadcaster designer developer engineer technician technologist architect "
    "scientist researcher statistician economist historian archivist conservator journalist photographer "
    "illustrator translator artist choreographer composer instructor tutor educator professor fellow student "
    "trainee apprentice intern worker volunteer fundraiser campaigner ambassador spokesperson spokesman spokeswoman "
    "representative receptionist caretaker ranger inspector investigator examiner assessor auditor accountant "
    "surveyor planner solicitor barrister lawyer attorney paralegal counsellor counselor therapist psychologist "
    "physiotherapist practitioner physician surgeon dentist midwife paramedic dietitian optometrist radiographer "
    "veterinarian chef commissioner mediator facilitator moderator specialist strategist operator "
    # a harbour's, a parish's, an estate's: "Harbour Master", "Churchwarden", "Head Groundskeeper"
    "master warden keeper verger vicar rector curate chaplain skipper coxswain purser".split()
)
"""Last words of a job title after a name ("Pharmacy Manager", "Headteacher", "Science Editor", "GP partner",
"Cinema Programmer", "Research Scientist", "Youth Worker", "Harbour Master"); no word common as a surname (Head,
Nurse, Bishop, Judge, Baker, Walker, Porter, Steward, Parsons, Sexton, Pastor), so "Ann Lee, Paul Nurse" and "Jane
Doe, John Walker" stay two names."""
_COMPOUNDED = ("master", "warden", "keeper")
"""Role nouns English writes joined to what they look after ("Harbourmaster", "Churchwarden", "Groundskeeper"):
no list holds every such word, and no common surname ends with one."""
_UNIT_NOUNS = frozenset(
    "department team division unit services relations publications engineering operations resources communications "
    "affairs marketing sales".split()
)
"""Last words of the department or team someone writes for ("Technical Services", "Customer Relations", "Field
Quality Engineering"), set after their name as a job title is: where they work, not a second author."""
_ROLE_LEADS = _ROLE_NOUNS | {"head", "dean", "deputy", "member", "minister"}
"""First words of a job title naming what it heads: "Head of Legal", "Director of Finance", "Chair of Governors"."""
_ROLE_MODIFIERS = frozenset("deputy assistant acting interim associate senior joint vice executive".split())
"""Words before "Head" that make it a title ("Deputy Head"), where "Murray Head" is a name."""
_RANKS = _ROLE_MODIFIERS | {"head", "chief", "lead", "principal"}
"""First words of a short job title that say its rank, whatever the job ("Head Chef", "Chief Inspector", "Senior
Planner", "Lead Nurse", "Deputy Head"): no list of jobs holds every trade's, and no name opens with them."""
RANKED_TITLE_WORDS = 4


def is_role(text: str) -> bool:
    """Whether ``text``, written after a name and a comma, is the person's job title ("Pharmacy Manager", "Head of
    Legal", "Deputy Head", "Head Chef") or department ("Technical Services") rather than another name ("Bob Kay")
    or their outlet ("Reuters")."""
    words = _role_words(text)
    return bool(words) and (words[-1] in _UNIT_NOUNS or _job_title(words))


def _role_words(text: str) -> list[str]:
    words = [w.casefold() for w in re.findall(r"[\w'’&-]+", text)]
    return words if len(words) <= 6 else []


def _job_title(words: list[str]) -> bool:
    """Whether the words (case folded) are a job title: ending with one's noun ("Sports Development Officer",
    "Community Engagement Lead", "Duty Manager", "Churchwarden"), opening with a rank ("Head Chef"), or heading
    something ("Head of Legal", "Director of Finance").

    >>> _job_title(["harbour", "master"]), _job_title(["churchwarden"]), _job_title(["paul", "nurse"])
    (True, True, False)
    """
    if not words:
        return False
    if words[-1] in _ROLE_NOUNS or words[-1].endswith(_COMPOUNDED):
        return True
    if words[0] in _RANKS and 2 <= len(words) <= RANKED_TITLE_WORDS and words[-1] not in _BODIES:
        return True  # not a place: "Head Office"
    return len(words) >= 3 and words[0] in _ROLE_LEADS and words[1] in ("of", "for")


_AGENT_ENDINGS = ("er", "or", "ist", "ian", "eer")
"""Endings English makes a noun of who does something with: "gardener", "curator", "organist", "librarian",
"auctioneer"."""
_AGENT_HEADS = frozenset("warden master mistress keeper man woman person smith wright".split())
"""Last parts of a compound naming who does a job: "Churchwarden", "Webmaster", "Groundsman", "Bookkeeper"."""
BASE_ZIPF = 3.0
"""The word a job's noun is made from is one English uses at least this often (wordfreq's Zipf scale: "verge" 3.7,
"church" 5.2, "organ" 4.1; "manchest" and "reut" are no words)."""


def _agent_noun(word: str) -> bool:
    """Whether ``word`` (case folded) is made to name who does a job: a common word with an agent ending ("verge" +
    "r", "organ" + "ist", "library" as "librarian") or before a job's noun ("church" + "warden", "web" + "master"),
    and rarer than that word. Why rarer: a forename that only looks made so ("Peter", "Oliver", "Christian") is
    commoner than "pet", "olive" or "christ"; a job's noun is rarer than what it is made from.

    >>> [_agent_noun(w) for w in ("verger", "churchwarden", "organist", "peter", "reuters", "manchester")]
    [True, True, True, False, False, False]
    """
    if not word.isalpha():
        return False
    bases = [word[: -len(head)] for head in _AGENT_HEADS | _ROLE_NOUNS if word.endswith(head)]
    for ending in _AGENT_ENDINGS:
        stem = word[: -len(ending)] if word.endswith(ending) else ""
        undoubled = stem[:-1] if stem[-2:-1] == stem[-1:] else ""  # "planner": "plan"
        bases += [stem, f"{stem}e", f"{stem}y", undoubled] if stem else []
    frequency = zipf_frequency(word, "en")
    return any(len(base) >= 3 and frequency < zipf_frequency(base, "en") >= BASE_ZIPF for base in bases)


def _one_word_title(name: str, part: str) -> bool:
    """Whether ``part``, one word after a comma and a person's full ``name``, is their job title of any trade
    (``_agent_noun``: "Sunita Rao, Churchwarden", "Verger", "Organist"), which no list of job titles can hold.
    Not after a surname alone ("Rao, Sunita") or one opening with a particle ("De Vries, Peter"): that part is a
    forename. Another author is named in full ("Ann Lee, Bob Kay and Cy Dunn"), and an agency or a place is no
    word made so ("Jane Doe, Reuters")."""
    words = without_honorific(name).split()
    word = part.strip()
    if not 2 <= len(words) <= 4 or words[0].casefold() in _CONNECTORS or len(word.split()) != 1:
        return False
    return _agent_noun(word.casefold())


def name_and_role(line: str) -> str:
    """The person a line naming them and their job title is by ("Marcus Bell, Sports Development Officer": "Marcus
    Bell"; "Eleanor Brightwell, Head of Library Services"; more after the title may follow: "..., Kestrel Park
    Leisure Centre"), or "". Why: a leaflet set its author so under its title, without "By", and had no author.

    The name is two to four capitalised words, no job title itself, and the title after the comma is capitalised
    too, as a byline sets one (not "For Bookings, ask the Duty Manager"); a department alone ("Customer Services")
    says no one is named, nor does a labelled line ("Guest: Maria Okafor, Chief Financial Officer": a transcript's
    speaker, not its author). The caller decides where such a line is a byline: under a title, not in the text.

    >>> name_and_role("Marcus Bell, Sports Development Officer"), name_and_role("Ana Costa, Head Chef")
    ('Marcus Bell', 'Ana Costa')
    >>> name_and_role("Opening Hours, Customer Services"), name_and_role("Ann Lee, Bob Kay")
    ('', '')
    """
    name, _, rest = _unwrap(line).partition(",")
    name = name.strip()
    words = without_honorific(name).split()
    parts = [part.strip() for part in rest.split(",")]
    if (
        not 2 <= len(words) <= 4
        or not all(capitalised(part) for part in (name, *parts))
        or any(c.isdigit() for c in line)
        or ":" in name
        or is_role(name)
        or not looks_like_name(name)
    ):
        return ""
    return name if _job_title(_role_words(parts[0])) else ""


def capitalised(text: str) -> bool:
    """Whether every word of ``text`` but a connector ("of", "and", "&") opens with a capital letter, as a name's
    do, in capitals or not.

    >>> capitalised("HOLLINSFORD & DISTRICT ALLOTMENT SOCIETY"), capitalised("Please read the updated")
    (True, False)"""
    words = [w for w in text.split() if w.casefold() not in _CONNECTORS]
    return bool(words) and all(w[:1].isupper() for w in words)


_HONORIFIC = re.compile(
    r"^(?:(?:dr|mr|mrs|ms|miss|mx|prof|professor|rev|revd|reverend|cllr|councillor|sir|dame)\.?\s+)+(?=\S)",
    re.IGNORECASE,
)


def without_honorific(name: str) -> str:
    """``name`` without the titles before it ("Dr Imogen Hale", "Prof. Imogen Hale": "Imogen Hale"), as people
    name someone when they ask about them. Why: "what did imogen hale write" found nothing by "Dr Imogen Hale"."""
    return _HONORIFIC.sub("", name.strip())


def without_roles(names: str, separator: str = ", ") -> str:
    """``names`` without the job titles after a comma ("Tom Hendry, Pharmacy Manager": "Tom Hendry"; "Jane Doe, Head
    of Legal, Acme": "Jane Doe, Acme"; one word of any trade after a full name, "Sunita Rao, Churchwarden":
    ``_one_word_title``), however the author was given: a byline, a header's "From:", a record's
    "author", or names a ``separator`` parts (trafilatura's "; ": "Dan Okoro; Service Manager"). Why: "Tom Hendry
    and Pharmacy Manager" was read as two authors."""
    first, *rest = names.split(separator)
    kept = (part for part in rest if not is_role(part) and not _one_word_title(first, part))
    return separator.join([first, *kept])


def _person_of(name: str) -> str:
    """The person a byline names, without what they wrote for or their role: "Joan Carter" of "Joan Carter for the
    Society newsletter", "Joan Carter, chairman of the Society" and "Tom Hendry, Pharmacy Manager"; "Mark Chen" of
    "Lab safety officer (Mark Chen)" and "Mark Chen (Lab safety officer)". A body's name stays whole ("Centre for
    Policy Studies"), and so does a capitalised title after a comma that is no job title ("Jane Doe, Reuters")."""
    person, comma, role = name.partition(", ")
    if comma and role[:1].islower():  # "Joan Carter, chairman of the Society."
        name = person
    name = without_roles(name)
    outlet = _FOR_OUTLET.match(name)
    if outlet is not None and outlet.group("name").split()[-1].lower() not in _BODIES:
        return outlet.group("name")
    bracketed = _ROLE_AND_NAME.match(name)
    if bracketed is None:
        return name
    outer, inner = bracketed.group("outer").strip(), bracketed.group("inner").strip()
    for person, role in ((inner, outer), (outer, inner)):
        words = person.split()
        if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and any(w.islower() for w in role.split()):
            return person
    return name


def looks_like_name(text: str, strict: bool = True) -> bool:
    """Whether ``text`` reads as author names, not a sentence: a few words, mostly capitalised (``strict``).

    Without ``strict`` (an explicit "Author:" or "Posted by" label) only the length and the sentence end count,
    so "Posted by admin" is kept.
    """
    words = text.split()
    named = [w for w in words if w.lower().strip(",") not in _CONNECTORS]
    if not named or len(named) > _MAX_NAME_WORDS or _PROSE_END.search(text) or re.search(r"[?!;]", text):
        return False
    if not strict:
        return True
    capitals = sum(1 for w in named if w.lstrip("\"'(“‘")[:1].isupper())
    return capitals >= 1 and capitals >= len(named) - capitals


def _unwrap(line: str) -> str:
    """``line`` without emphasis left around all of it (``_By Jane Doe_``, ``*June 29, 2020*``)."""
    text = line.strip()
    while len(text) > 2 and text[0] == text[-1] and text[0] in "_*" and text[1] != text[0]:
        text = text[1:-1].strip()
    return text


# ---------------------------------------------------------------- the head of an article


@dataclass
class ArticleHead:
    """The byline and date read from the lines before an article's first paragraph, one line at a time."""

    author: str = ""
    published_at: str = ""
    published_is_update: bool = False
    expecting_author: bool = False
    """A bare "By" was read: the next non-blank line is the name, when it reads as one."""
    kept: bool = False
    """The line ``take`` read last stays in the text too (the Markdown reader keeps it): an update line
    ("Updated: 18 March 2024"). No metadata field holds when a document was changed, so "when was it last updated"
    is answered from its text (``answering.metadata``); read as metadata only, a front matter's "updated:" key
    (written into the text as such a line) and a web page's update were lost, and the answer gave the publication
    date. (Plain text drops it as before: its layout would read the short line as a heading.)"""
    titled: bool = False
    """The lines read are right under the document's title (the caller knows): there a name and a job title without
    "By" is a byline (``names``)."""
    named: bool = False
    """The line ``take`` read last was such a name and job title: it stays in the text where it is, plain text's too
    (it says who the author is, and it was text before)."""

    def take(self, line: str) -> bool:
        """Read ``line`` (plain text, not blank); True when it is metadata and leaves the article's text, unless
        ``kept`` says it stays."""
        self.kept = self.named = False
        if not self.author:
            byline = read_byline(line)
            if byline is not None:
                self.author = byline.author
                self.expecting_author = not byline.author
                if byline.date:
                    self._date(byline.date)
                return True
        if self.expecting_author:
            self.expecting_author = False
            name, when = split_name_and_date(line)
            if looks_like_name(name):
                self.author = name
                if when:
                    self._date(when)
                return True
        if self.titled and self.names(line):
            self.kept = self.named = True
            return True
        found = read_date_line(line)
        if found is None:
            return False
        byline = None if self.author else byline_after_date(line)
        if byline is not None and byline.author:
            self.author = byline.author
        taken = self._date(found) and not found.more  # a meeting's place after its day is news to keep
        self.kept = taken and found.updated
        return taken

    def names(self, line: str) -> bool:
        """Whether ``line``, a line under the title, names the author with their job title (``name_and_role``:
        "Tom Hendry, Pharmacy Manager"), when no byline did: it is then the author. Why: an access statement in plain
        text set "Marcus Odelola, Access Coordinator" under its title, as a Word leaflet does (``ingest.word``), and
        had no author.

        >>> head = ArticleHead()
        >>> head.names("Tom Hendry, Pharmacy Manager"), head.author, head.names("Ana Costa, Head Chef")
        (True, 'Tom Hendry', False)
        """
        name = "" if self.author else name_and_role(line)
        if name:
            self.author = name
        return bool(name)

    def _date(self, found: DateLine) -> bool:
        """Keep ``found`` unless a date is known already; a published date replaces an updated one.

        A second date line is metadata only when labelled ("Updated: ..."); an unlabelled one stays text.
        """
        if not self.published_at or (self.published_is_update and not found.updated):
            self.published_at, self.published_is_update = found.text, found.updated
            return True
        return found.labelled


_SIGNED_OFF = re.compile(r"^(?:(?:written|contributed|compiled|prepared|reported|words)\s+)?by\s", re.IGNORECASE)


def closing_byline(text: str) -> Byline | None:
    """The byline a piece ends with, when its head names no author: "Written by Keith Norris, 2011.",
    "Contributed by Alan Webster, Society newsletter, Winter 2010.", "By Peter Okafor, for the Society's walks
    leaflet, 2005." Newsletters, society and parish pages sign at the foot; a last line "By appointment only." reads
    as no name and stays text."""
    last = _unwrap(text.rstrip().rpartition("\n")[2].strip())
    if len(last) > _CLOSING_CHARS or not _SIGNED_OFF.match(last):
        return None
    byline = read_byline(last.rstrip("."))
    return byline if byline is not None and byline.author else None


_CLOSING_CHARS = 120


# ---------------------------------------------------------------- letters

_SALUTATION = re.compile(r"^dear\s+[^\W\d_][^.!?]{0,80}[,:!]?$", re.IGNORECASE)
_VALEDICTION = re.compile(
    r"^(?:yours\s+(?:sincerely|faithfully|truly)|(?:with\s+)?(?:(?:very\s+)?kind(?:est)?|best|warm(?:est)?)\s+"
    r"(?:regards|wishes)|regards|sincerely|respectfully)\s*[,.!]?$",
    re.IGNORECASE,
)
_SUBJECT_LABEL = re.compile(r"^(?:re|subject)\s*:\s*(?P<subject>\S.*)$", re.IGNORECASE)


def salutation(line: str) -> bool:
    """Whether ``line`` greets a letter's reader ("Dear Parents and Carers,", "Dear Dr Okafor")."""
    return _SALUTATION.match(line.strip()) is not None


def valediction(line: str) -> bool:
    """Whether ``line`` closes a letter before its signature ("Yours sincerely,", "Kind regards", "Best wishes")."""
    return _VALEDICTION.match(line.strip()) is not None


_AUTHORITY = re.compile(
    r"^(?:signed(?:\s+by)?|(?:signed\s+)?(?:(?:for\s+and\s+)?on\s+behalf\s+of|by\s+(?:order|authority)\s+of)\s+[^.!?]+)"
    r"\s*[,.:]?$",
    re.IGNORECASE,
)


def signs_for(line: str) -> bool:
    """Whether ``line`` says on whose authority the signature under it signs ("By order of the Board", "For and on
    behalf of the Council:", "Signed"), as a letter's valediction stands over its signature.

    >>> signs_for("By order of the Board"), signs_for("Signed:"), signs_for("The result is declared by")
    (True, True, False)"""
    text = line.strip()
    return len(text.split()) <= SIGNATURE_WORDS + 4 and _AUTHORITY.match(text) is not None


def labelled_subject(line: str) -> str:
    """A letter's subject line without its label ("Re: Year 6 residential": "Year 6 residential"), or ""."""
    found = _SUBJECT_LABEL.match(line.strip())
    return found.group("subject").strip() if found is not None else ""


def signatory(line: str) -> str:
    """The person a letter's signature names, the line after its valediction, without a role after a comma ("Mrs
    Helen Whitcombe" of "Mrs Helen Whitcombe, Headteacher"; a role on the line under the name is text, as it is
    left out of a byline); "" when the line reads as no name ("Please return the slip by Friday.")."""
    person = line.strip().split(",")[0].strip()
    words = person.split()
    named = 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words) and looks_like_name(person)
    return person if named and not any(c.isdigit() for c in person) and not person.endswith(".") else ""


LETTER_TAIL = 12
"""The most lines a letter's signature may leave after it (an enclosure, a P.S., a short reply slip): a chair's
letter opening a report, the report after it, is no letter the file is."""


@dataclass(frozen=True)
class Letter:
    """What a letter says of itself: its subject ("" for none), the index of the heading that gives it (None when a
    "Re:" line does, or nothing does), and the person who signed it."""

    subject: str
    heading: int | None
    signed: str


def read_letter(lines: Sequence[tuple[str, str]], greeting: int) -> Letter | None:
    """The letter ``lines`` (each its text and kind, "heading" or "prose" or another a reader gives) are when the
    line at ``greeting`` greets their reader ("Dear Parents and Carers,"; where a letter greets, near its top, is the
    reader's to say) and the last valediction after it ("Yours sincerely,") is over a name (``signatory``) with at
    most ``LETTER_TAIL`` lines after it; None when they are no letter.

    Why: a letter's first and largest line is its letterhead, the sender's name on every letter they send, and it
    is signed at its foot, not under its title. Its subject is a line labelled "Re:" or "Subject:" right above or
    under the greeting (``labelled_subject``), else the heading (in bold or larger type) there; its author is the
    name after the valediction (a role after it or under it is no part of the name, as in a byline). A PDF's
    letter (``ingest.pdf``) and a Word letter (``ingest.word``) are read so alike.

    >>> lines = [("Hollybrook School", "heading"), ("Dear Parents,", "prose"), ("Re: Year 6 trip", "prose"),
    ...          ("The coach leaves at 8am.", "prose"), ("Yours sincerely,", "prose"), ("Helen Whitcombe", "prose")]
    >>> read_letter(lines, 1)
    Letter(subject='Year 6 trip', heading=None, signed='Helen Whitcombe')"""
    closing = next((i for i in range(len(lines) - 1, greeting, -1) if valediction(lines[i][0])), None)
    if closing is None or closing + 1 >= len(lines):
        return None
    name, kind = lines[closing + 1]
    signed = signatory(name) if kind == "prose" else ""
    if not signed or len(lines) - closing - 2 > LETTER_TAIL:
        return None
    around = [i for i in (greeting - 1, greeting + 1) if 0 <= i < len(lines)]
    for i in around:
        if subject := labelled_subject(lines[i][0]):
            return Letter(subject, None, signed)
    for i in around:
        if lines[i][1] == "heading":
            return Letter(lines[i][0], i, signed)
    return Letter("", None, signed)


def letter_day(lines: Sequence[str], greeting: int) -> str:
    """The day a letter gives in its head, as written: a date line ("23 November 2025", "Date: 3 March 2025"; not
    a "Revised:" one) among the lines over its greeting (``lines[greeting]``: "Dear friends,"), where a letter
    sets its letterhead, the sender's and the reader's addresses, references and the day it was written; "" for
    none. A day after the greeting is the letter's text ("the service on Sunday 14 December").

    Why: a vicar's letter set "23 November 2025" under the vicarage's address, over its subject and greeting, and
    was dated the day its file was made, the day after; a letter's own day is the day it was written.

    >>> letter_day(["The Vicarage, 2 Church Street", "23 November 2025", "Preparing the way", "Dear friends,"], 3)
    '23 November 2025'
    >>> letter_day(["Dear friends,", "23 November 2025"], 0)
    ''"""
    for line in lines[:greeting]:
        dated = read_date_line(line)
        if dated is not None and not dated.updated:
            return dated.text
    return ""


SIGNATURE_WORDS = 8
"""The most words of a line under a signature's name: a role ("Chair of Trustees", "Headteacher, Hollybrook
Primary School") or a day ("Thursday 21 September 2023"); a role with where it works after it may have twice as many
("Returning Officer, Civic Offices, Mill Lane, Haverleigh HV3 2QT")."""
_SIGNING_LABEL = re.compile(r"^dated?\b", re.IGNORECASE)
"""The label of a signature's day: "Dated Friday 27 March 2026", "Dated this 27th day of March 2026", "Date: 27
March 2026", as statutory notices and deeds date themselves; not "Updated", "Published", "Effective from"."""


def signs_as(line: str) -> str:
    """What a line under (or over) a signature's name gives: "role" ("Chair of Trustees", "Society Secretary",
    "Returning Officer, Civic Offices, Mill Lane"), "date" ("21 September 2023", "Dated Friday 27 March 2026"), or ""
    when it is neither. A labelled day is the signature's only when the label says the document is dated so
    (``_SIGNING_LABEL``): a form's "Date:" left blank gives no day, and a "Last updated" line is no signature's.

    >>> signs_as("Society Secretary"), signs_as("14 March 2025"), signs_as("By order of the Board")
    ('role', 'date', '')
    >>> signs_as("Dated Friday 27 March 2026"), signs_as("Last updated 27 March 2026")
    ('date', '')"""
    text = line.strip()
    words = text.split()
    if not text or len(words) > 2 * SIGNATURE_WORDS:
        return ""
    role, _, where = text.partition(",")
    if is_role(role) and (len(words) <= SIGNATURE_WORDS or _names_a_place(where)):
        return "role"
    if len(words) > SIGNATURE_WORDS:
        return ""
    date = read_date_line(text)
    if date is None or date.more or date.updated:
        return ""
    return "date" if not date.labelled or _SIGNING_LABEL.match(text) else ""


def dates_over_name(line: str) -> bool:
    """Whether ``line`` is a signature's day set over its name: labelled so (``_SIGNING_LABEL``: "Dated Friday 10
    April 2026" over "Margaret Ellison-Pryce" / "Returning Officer"). A bare day over a name and a role is not: a
    section's day ("Date of next meeting" / "Thursday 17 September 2026 at 6.00pm.") may stand over the signature.

    >>> dates_over_name("Dated Friday 10 April 2026"), dates_over_name("Thursday 17 September 2026")
    (True, False)"""
    return signs_as(line) == "date" and _SIGNING_LABEL.match(line.strip()) is not None


def _names_a_place(text: str) -> bool:
    """Whether ``text`` names a body or an address, every word capitalised or a figure but a connector ("Civic
    Offices, Mill Lane, Haverleigh HV3 2QT"), as a role's line goes on to say where its holder works; not a sentence."""
    words = [w for w in text.split() if w.casefold() not in _CONNECTORS]
    return bool(words) and not any(w[:1].islower() for w in words) and not text.rstrip().endswith((".", "!", "?"))


@dataclass(frozen=True)
class Signature:
    """A signature closing a text: the signer's name, their role and the day's line, as written ("" when not given),
    the lines it takes, and whether the day is over the name ("Dated Friday 10 April 2026" / "Margaret Ellison-Pryce"
    / "Returning Officer", as statutory notices sign)."""

    name: str
    role: str
    date: str
    lines: int
    day_first: bool = False

    def line(self) -> str:
        """The signature as one line in the order written, "Claire Ventnor, Society Secretary, 14 March 2025", as a
        PDF's reads."""
        parts = (self.date, self.name, self.role) if self.day_first else (self.name, self.role, self.date)
        return ", ".join(part for part in parts if part)

    @property
    def day(self) -> str:
        """The day the date line gives, its label gone ("27 March 2026" of "Dated Friday 27 March 2026"), or "".

        >>> Signature("Jo Amos", "", "Dated this 27th day of March 2026", 2).day
        '27th day of March 2026'"""
        found = read_date_line(self.date) if self.date else None
        return found.text if found is not None else ""


def closing_signature(lines: list[str]) -> Signature | None:
    """The signature ``lines`` end with (blank lines after it aside), or None: a name alone on its line
    (``signatory``) over its role and, or only after a valediction or a line naming its authority (``signs_for``),
    its day, the name opening its paragraph or right under that line; or its labelled day over the name and its
    role (``dates_over_name``), opening their paragraph. A notice's "By order of the Board" / "Claire Ventnor" /
    "Society Secretary" / "14 March 2025", a letter's "Yours sincerely," / "Helen Whitcombe" / "Headteacher", a
    statutory notice's "Dated Friday 10 April 2026" / "Margaret Ellison-Pryce" / "Returning Officer".

    Why: a plain-text notice set them one a line; they read as "Society Secretary 14 March 2025", a sentence
    without the name, and the notice had no author or date. A PDF's signature is read the same way (``ingest.pdf``).

    >>> closing_signature(["The meeting is at 6pm.", "", "Claire Ventnor", "Society Secretary", "14 March 2025"])
    Signature(name='Claire Ventnor', role='Society Secretary', date='14 March 2025', lines=3, day_first=False)
    >>> closing_signature(["The meeting is at 6pm.", "", "By order of the Board", "Claire Ventnor", "14 March 2025"])
    Signature(name='Claire Ventnor', role='', date='14 March 2025', lines=2, day_first=False)
    >>> closing_signature(["The poll is on 7 May.", "", "Dated 10 April 2026", "Jo Amos", "Returning Officer"])
    Signature(name='Jo Amos', role='Returning Officer', date='Dated 10 April 2026', lines=3, day_first=True)
    >>> closing_signature(["Read the guide.", "", "Further Information", "12 March 2025"]) is None
    True"""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    for size in (3, 2):
        start = end - size
        if start < 1:
            continue
        name, *under = (line.strip() for line in lines[start:end])
        kinds = [signs_as(line) for line in under]
        if kinds not in (["role", "date"], ["role"], ["date"]) or not _signs(name):
            continue
        above = lines[start - 1].strip()
        closing = next((line.strip() for line in reversed(lines[:start]) if line.strip()), "")
        if above and not (valediction(above) or signs_for(above)):
            continue  # the name goes on a paragraph
        if "role" not in kinds and not (valediction(closing) or signs_for(closing)):
            continue  # a name over a day alone signs a letter or a notice only: "Further Information" is a heading
        role = under[0] if kinds[0] == "role" else ""
        return Signature(name, role, under[-1] if kinds[-1] == "date" else "", end - start)
    start = end - 3
    if start < 1:
        return None
    day, name, role = (line.strip() for line in lines[start:end])
    above = lines[start - 1].strip()
    if not dates_over_name(day) or not _signs(name) or signs_as(role) != "role":
        return None
    if above and not (valediction(above) or signs_for(above)):
        return None  # the day goes on a paragraph
    return Signature(name, role, day, 3, day_first=True)


def _signs(name: str) -> bool:
    """Whether ``name`` is a signature's name: a person's (``signatory``), alone on its line, and no job title."""
    return signatory(name) == name and not is_role(name)


def signature_line(line: str) -> Signature | None:
    """The signature a document's closing paragraph writes on one line, as ``Signature.line`` does ("Claire Ventnor,
    Society Secretary, 14 March 2025", "Dated 10 April 2026, Jo Amos, Returning Officer"), or None when the line is
    no signature (``closing_signature`` reads its parts a line each). Why: a document's signature is read into that
    line; an answer to "who signed the annual report" reads it back from the document's last passage.

    >>> signature_line("Revd Alison Marlowe, Chair of Trustees, 18 September 2025").name
    'Revd Alison Marlowe'
    >>> signature_line("Gwen Ellis, Principal").role, signature_line("Thanks to Jo, Sam and Ali.")
    ('Principal', None)"""
    parts = [part.strip() for part in line.strip().split(",")]
    if len(parts) < 2 or len(line.split()) > 3 * SIGNATURE_WORDS:
        return None
    if dates_over_name(parts[0]):
        return closing_signature(["", parts[0], parts[1], ", ".join(parts[2:])])
    dated = signs_as(parts[-1]) == "date" and len(parts) > 2
    role = ", ".join(parts[1:-1] if dated else parts[1:])
    return closing_signature(["", parts[0], role, *parts[-1:]] if dated else ["", parts[0], role])


_MINUTED = re.compile(
    r"(?:^|(?<=[.;!?])\s+)(?:minutes\s*(?::|(?:taken|recorded|written)\s+by\b:?)|minute[-\s]?(?:taker|secretary)\s*:"
    r"|minuted\s+by\b:?|clerk\s*:)\s*(?P<name>[^.,;:()\n]+)",
    re.IGNORECASE,
)
"""A line's label naming who took the minutes, and the name after it: "Minutes: Helen Marsh", "Minutes taken by
Sunita Rao (Company Secretary)", "Minute-taker: Jo Amos", "Clerk: Ann Lee", opening the line or a sentence of it."""


def minute_taker(line: str) -> str:
    """The person ``line`` names as taking the minutes (``_MINUTED``), or "": a person's name (``signatory``), not a
    role ("Clerk: the Parish Clerk"). Why: minutes that named their taker ("Present: ... Minutes: Helen Marsh.") were
    credited to the chair's closing signature; the taker wrote them, the chair signed them.

    >>> minute_taker("Present: Gwen Ellis (chair), Dev Malhotra. Minutes: Helen Marsh.")
    'Helen Marsh'
    >>> minute_taker("Minutes taken by Sunita Rao (Company Secretary)"), minute_taker("Minutes of the 2024 AGM")
    ('Sunita Rao', '')"""
    for found in _MINUTED.finditer(line.strip()):
        name = found.group("name").strip()
        if name and _signs(name):
            return name
    return ""


MINUTED_HEAD = 15
"""The most paragraphs at a document's head read for who took its minutes: a title block, the day, the place, who
was present and sent apologies, each maybe a paragraph of its own."""
MINUTED_FOOT = 3
"""The most paragraphs at a document's foot read for who took its minutes ("Minutes taken by ..." over the
signature)."""


def minutes_by(paragraphs: Sequence[str]) -> str:
    """The person a document's head (its first ``MINUTED_HEAD`` paragraphs) or foot (its last ``MINUTED_FOOT``)
    names as taking its minutes (``minute_taker``), or "". Why: minutes naming their taker ("Minutes taken by: Tom
    Whitlock" under who was present) recorded no author, or were credited to the chair's closing signature; the
    taker wrote them, the chair signed them. One rule for every reader of bylines (Markdown, text, Word, PDF).

    >>> minutes_by(["Committee Meeting Minutes", "Present: Gareth Pryce (Chair)", "Minute taker: Tom Whitlock"])
    'Tom Whitlock'"""
    ends = [*paragraphs[:MINUTED_HEAD], *paragraphs[max(MINUTED_HEAD, len(paragraphs) - MINUTED_FOOT) :]]
    return next((name for paragraph in ends if (name := minute_taker(paragraph))), "")
