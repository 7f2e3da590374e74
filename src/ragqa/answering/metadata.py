"""Questions about an article itself (who wrote it, when it was published, its title, its outlet), answered
from the document's metadata and cited to the document, not searched for in its sentences.

Why: the byline and the date line are metadata, not passage text, so no sentence of the article answers
"who wrote this?"; and they are the first thing a reader checks to trust an answer. A question is about the
article only when it refers to it ("this", "the article", "the story") or asks for nothing else ("author?"):
"who wrote the letter to putin" and "who is the author of hamlet" are about the articles' content.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache
from pathlib import PurePath
from typing import Literal, NamedTuple
from urllib.parse import urlparse

from wordfreq import zipf_frequency

from ragqa.answering.acronyms import JOINING_WORDS
from ragqa.answering.citations import Citation, Claim, render_claims
from ragqa.answering.timeline import periods_in
from ragqa.ingest.chunking import split_sentences
from ragqa.ingest.dates import chronological, normalize_date, period_of, writes_day_first
from ragqa.ingest.formats import title_from
from ragqa.ingest.headers import read_date_line, signature_line, without_honorific
from ragqa.ingest.words import STOPWORDS, terms
from ragqa.records import Chunk, DocumentRecord, Hit
from ragqa.retrieval.lexical import stems
from ragqa.retrieval.query import MONTH_NAMES, YEARLESS, dated_spans, month_numbered, within

Field = Literal["author", "published", "title", "outlet", "link"]

_DOCUMENTS = (
    r"manual|handbook|newsletter|white\s*paper|dissertation|tutorial|how-?to|booklet|brochure|leaflet|pamphlet|"
    r"readme|faq|docs|documentation|release\s+notes|charter|bulletin|memo|minutes|circular"
    r"|policy(?![\s-]+(?:holders?|number|excess|limit|period|premium|year|cover))|notice(?!\s+period)"
)
"""Documents other than news that a corpus of files holds (PDFs above all, a project's README and FAQ), named as
people name them ("who wrote the gnupg readme", "who maintains the sed faq", "was the customer charter published
before may 2025": a water company tester's; not "the name of the policy holder", "the notice period"). Not
"thesis" ("whose thesis was that ...") nor "the paper", which a text tells of as often as it is one; "this
paper" is the document itself."""
KINDS = (
    r"guides?|manuals?|handbooks?|leaflets?|brochures?|booklets?|pamphlets?|newsletters?|memos?|papers?|reviews?"
    r"|press releases?|(?:press )?statements?|messages?|e-?mails?|listings?|bulletins?|notices?|circulars?|letters?"
    r"|minutes|blogs?"
)
"""What a collection of other documents than news calls them ("which guide was published on 14/09/2023", "the
latest leaflet", "how many manuals are there", a review blog's "the latest review", a press office's "how many
press releases are there" and "list the press statements", a mailing list's "the oldest message"), beside
"articles", "stories", "posts"."""
_NOUN = (
    r"(?:news\s+)?(?:article|story|stories|piece|report|post|blog\s+post|blog|text|op-?ed|column|essay|document|"
    rf"page|write-?up|news\s+item|guide|review|roundup|feature|explainer|editorial|interview|{_DOCUMENTS})s?"
)
DOCUMENT_NOUNS = _NOUN
"""The words a question calls a document by ("article", "story", "manual", ...), plural or not."""
_SOURCE = rf"(?:{_NOUN}|faqs?|docs|documentation|readme|sources?)"
_REFERENCE = re.compile(
    rf"(?:^|,\s*|\s+)(?:according\s+to|as\s+per|per|based\s+on|in|from)\s+(?:the|this|these|those|your)\s+"
    rf"{_SOURCE}(?=\s*(?:[,?.!]|$))\s*,?",
    re.I,
)


def without_reference(question: str) -> str:
    """``question`` without the words that point to the indexed documents as a whole ("who runs the harbour
    according to the article", "per the faq, ...", "... in the docs"): where to look, not what is asked. Kept in,
    "article" or "faq" is a content word every answering sentence lacks, and the answer abstains. A document named
    otherwise ("per the mit license") stays: it may be a source the question attributes to."""
    if not _REFERENCE.search(question):
        return question
    stripped = _REFERENCE.sub("", question).strip(" ,")
    return stripped if terms(stripped) else question  # "what is in the article?" asks about the article


_VERBS = (
    r"(?:(?:first\s+|originally\s+|last\s+)?(?:published|written|posted|released|come\s+out|came\s+out|dated|"
    r"updated|modified|revised|edited|put\s+out|printed|issued|appear(?:ed)?|run|ran|go\s+up|went\s+up|sent|e-?mailed)"
    r"|last\s+changed)"
)
"""How a question asks when a document came out or was last changed ("when was the economy page last edited", as a
wiki's footer says it; "last changed", not "when was it changed", which may ask about what the text tells of)."""
# "it/this/that" stand for the article only when nothing else follows them ("who wrote this letter" is not)
_PRONOUN = (
    r"\b(?:it|this|that|(?:this|that|the\s+first)\s+one)\b"  # "when was that one published"
    rf"(?=\s*(?:[?.!,;]|$|and\b|then\b|about|on|regarding|for|by|from|in|{_VERBS}\b))"
)
# "the binance article": a few topic words before a word that can only mean an article (not "the intelligence
# report", which may be content)
_TOPIC = r"(?!(?:in|of|on|about|to|from|by|for|that|which|who|and|or|with|is|was|are|were)\b(?!-))[\w'’.-]+"
_ONLY_ARTICLES = (
    r"(?:article|story|piece|op-?ed|write-?up|blog\s+post|post|(?:live[\s-]?)?blog|guide|review|preview|recap|roundup"
    r"|feature|explainer|timeline|ranking|(?:match|news)\s+report|obituar(?:y|ie)|"
    rf"editorial|interview|page|{_DOCUMENTS})s?"
)
_DETERMINER = r"(?:the|an?|this|that|these|those|its|their|his|her|my|our|your)\b"
# a title may join its words with "and", a slash or a preposition: "the harbour dredging winners and losers piece", "the
# meta ad free subscription in europe story" (not "the letter in the story", a letter the story tells of)
_JOINED = rf"(?:(?:and|/|in|on|of|about|for|with|from|over|to)\s+(?!{_DETERMINER})(?={_TOPIC}\s))"
# "polygon's piece", "its ko ii review", "nicki minaj's gag city piece": an outlet's or author's article, or one
# about whom it names
_OWNER = r"(?:'s|’s|(?<=s)['’])"
"""Whose: "polygon's", and after a plural or a name ending in s, "cbs sports'"."""
_TOPICAL = (
    rf"(?:(?:the|this|that|an?|its|their|his|her)\s+|(?:[\w.&-]+\s+){{0,2}}?[\w.&-]+{_OWNER}\s+)"
    rf"(?:{_TOPIC}\s+{_JOINED}?){{0,7}}?{_ONLY_ARTICLES}"
)
REF = rf"(?:(?:(?:the|this|that|your|these|those|its)\s+)?{_NOUN}\b|(?:this|that)\s+paper\b|{_TOPICAL}\b|{_PRONOUN})"
ABOUT = r"(?:\s+(?:about|on|regarding|covering)(?:\s+[\w'’.-]+){1,6}?)?"
"""What an article is about, between its mention and the verb ("when was the article about gemini published")."""
_POSS = r"(?:'s|’s|s'|s)?"
_WRITER = r"(?:author|writer|reporter|journalist|columnist|byline|sender)s?"
"""Who wrote a document: an e-mail's or a letter's sender too ("who is the sender", "and the sender?")."""
# "the author of hamlet", "the name of the author's company" are about content
_OF_SOMETHING_ELSE = rf"(?!\s+(?:of|for)\s+(?!{REF}))(?!['’]s\s+(?!names?\b)\w)"
_WHEN_DID = r"(?:when|what\s+(?:date|day|time|month|year)|which\s+(?:date|day))\s+did"
"""How a question asks when someone published an article: "when did polygon post ...", "what date did polygon
post its review"."""
_OUTLET = (
    r"(?:newspaper|outlet|publication|paper|site|website|magazine|publisher|source|"
    r"news\s*(?:site|outlet|agency|organi[sz]ation|paper))"
)

_ALONG = r"(?:of|on|about|with|for|from|in|at|over|covering)"
_TELLING = (
    r"(?:say|says|said|mention(?:s|ed)?|quote[sd]?|cite[sd]?|name[sd]?|call(?:s|ed)?|blame[sd]?|praise[sd]?|credit(?:s|ed)?"
    r"|critici[sz]e[sd]?|describe[sd]?|feature[sd]?|single|pick(?:s|ed)?|rank(?:s|ed)?|recommend(?:s|ed)?|like[sd]?)"
)
"""Verbs of what an article tells of, after "who did the review ...": it asks whom the review names."""

_PATTERNS: dict[Field, list[str]] = {
    "author": [
        # "who posted the cafe hours notice", "who posted it?": the person who posted it (``metadata_answer`` gives its
        # outlet when it records no author)
        rf"\bwho\b(?:\s+\w+){{0,3}}?\s+(?:wrote|writes|authored|penned|reported|maintains|maintained|compiled|posted)"
        rf"\s+{REF}",
        # "who owns the handbook", "who is the owner of this page" (not "who owns it", which may be a company)
        rf"\bwho\s+(?:owns|(?:is|are)\s+the\s+owners?\s+of)\s+(?:the|this|that|our|your)\s+{_NOUN}\b",
        # "who sent it?" after an answer from an e-mail or a letter: its sender, who wrote it (not "who sent the
        # samples", what the text tells of); "who issued it?" of a notice or a release, whoever wrote it
        rf"\bwho\s+(?:sent|e-?mailed|mailed|issued)\s+{_PRONOUN}",
        r"^\W*who\s+(?:wrote|writes|has\s+written)\s+(?:about|on)\b",  # the author of the best hit
        r"\b(?:written|authored|penned)\s+by\s+(?:whom|who)\b",
        rf"\bby\s+whom\s+(?:was|is)\s+{REF}\s+(?:written|authored|penned)|{REF}\s+(?:is|was)\s+by\s+whom\b",
        rf"\bwho(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+(?:(?:the|its|this|that)\s+)?(?:{_NOUN}{_POSS}\s+)?"
        rf"{_WRITER}\b{_OF_SOMETHING_ELSE}",
        rf"\bwho(?:'s|’s|\s+is|\s+was)\s+{REF}\s+(?:written\s+)?by\b",
        rf"\bwhose\s+{_NOUN}\b",
        rf"^\W*(?:(?:the|its|this)\s+)?(?:{_NOUN}{_POSS}\s+)?{_WRITER}{_POSS}(?:\s+names?)?\W*$",
        rf"\bnames?\s+of\s+(?:the\s+|its\s+)?{_WRITER}\b{_OF_SOMETHING_ELSE}",
        r"\b(?:author|writer|reporter|journalist|columnist)(?:'s|’s|s')\s+names?\b",
        rf"\b{_WRITER}\s+(?:of|for|on|behind)\s+{REF}",
        # "who did the engadget review of ...", "who did the interview with tye brady": who wrote it (not "who did
        # the review praise", "who did the article say was ...": what it tells of)
        rf"^\W*who\s+did\s+{_TOPICAL}(?![^?]*\b{_TELLING}\b)(?:\s+{_ALONG}\b[^?]*)?\W*$",
    ],
    "published": [
        rf"\bwhen\s+(?:was|is|did|were|has)\s+{REF}{ABOUT}\s+{_VERBS}\b",
        rf"\bwhen\s+(?:was|is)\s+{REF}\s+from\b",
        # "when did the harbour times publish the ferry story", "when did she write it" (not "... publish its
        # report", which may be what the article tells of)
        rf"\b{_WHEN_DID}\s+(?:[\w'’.&-]+\s+){{1,4}}?(?:publish|post|run|put\s+out|write)\s+"
        rf"(?:{_TOPICAL}|(?:the|this|that|its)\s+{_ONLY_ARTICLES}|{_PRONOUN})",
        r"\b(?:publication|publishing|published|posting|posted|pub)\s+(?:date|day|time|year)\b",
        r"\bdate\s+of\s+(?:publication|release|posting)\b",
        rf"\bwhat\s+(?:date|day|time|year|month)\s+(?:was|is|did)\s+{REF}\s*{_VERBS}\b",
        # "what date is the article" (not "what time is it?" or "what time is the first one?", the ferry's)
        rf"\bwhat\s+(?:date|day|year|month)\s+(?:was|is)\s+(?:(?:the|this|that|its)\s+)?{_NOUN}\W*$",
        rf"\bdate\b(?:\s+\w+){{0,2}}?\s+(?:of|on)\s+{REF}",
        rf"\b{_NOUN}{_POSS}\s+(?:publication\s+)?date\b",
        rf"\bhow\s+(?:old|recent|new|current)\s+is\s+{REF}",
        r"^\W*(?:date|dated|published|when\s+published)\W*$",
    ],
    "title": [
        rf"\b(?:title|headline)\b.*\b{REF}",
        rf"\bwhat(?:'s|’s|\s+is|\s+was)\s+{REF}{ABOUT}\s+(?:called|titled|named)\b",
        r"\b(?:title|headline)(?=\W*(?:$|and\b))",
        rf"\b(?:name|title)\s+of\s+{REF}",
        rf"\b{_NOUN}(?:'s|’s)\s+(?:name|title|headline)\b",
    ],
    "outlet": [
        rf"\b(?:which|what)\s+{_OUTLET}\b.*\b(?:published|publish|ran|runs|printed|posted|carried)\s+{REF}",
        rf"\b(?:which|what)\s+{_OUTLET}\s+(?:is|was)\s+{REF}\s+(?:from|in|by|on)\b",
        r"^\W*(?:which|what)\s+(?:news\s*)?(?:newspaper|paper|outlet|publication|site|website|magazine)\s+(?:is|was)\s+"
        r"(?:this|it|that)\W*$",  # "what newspaper is this"
        rf"\b(?:which|what)\s+{_OUTLET}\s+(?:published|ran|printed|posted|carried|had|has)\s+{REF}",
        # "which site published the list of this season's top scorers": a site or outlet publishes articles, whatever
        # the topic ("which newspaper published the pentagon papers" may be history, so not a newspaper)
        r"^\W*(?:which|what)\s+(?:news\s*)?(?:site|website|outlet)\s+(?:published|ran|posted|carried|put\s+out|covered"
        r"|reported(?:\s+(?:on|about))?(?!\s+(?:the\s+)?(?:most|more|highest|lowest|fewest|largest|first)\b)|broke"
        r"|wrote\s+about|did\s+(?:the\s+)?(?:story|article|piece)\s+(?:on|about))\b",
        rf"\bwhere\s+(?:was|is|did)\s+{REF}{ABOUT}\s+(?:first\s+)?(?:published|posted|printed|from|appear|run|"
        r"come\s+from)",
        rf"\bwho\s+(?:published|publishes|ran|printed|carried)\s+{REF}",
        rf"\b(?:source|publisher|outlet|publication)\s+(?:of|for|behind)\s+{REF}",
        rf"\b{_NOUN}(?:'s|’s)\s+(?:source|publisher|outlet)\b",
        r"^\W*(?:source|publisher|outlet|newspaper)\W*$",
    ],
    "link": [
        rf"\b(?:link|url|web\s*address|permalink)s?\s+(?:to|of|for)\s+{REF}",
        rf"\b{_NOUN}{_POSS}\s+(?:link|url|web\s*address)\b",
        r"^\W*(?:(?:the|its|a|source|original)\s+)?(?:link|url|permalink)s?\W*$",
        rf"\bwhere\s+(?:can|do|could|would)\s+i\s+(?:read|find|see|get)\s+(?:the\s+)?"
        rf"(?:full|whole|original|complete|entire)\s+(?:{_TOPIC}\s+){{0,5}}?(?:{_NOUN}|text|thing)\b",
        rf"\bwhere\s+(?:can|do|could|would)\s+i\s+(?:read|find)\s+{REF}{ABOUT}\s+(?:in\s+full|online)\b",
    ],
}
_COMPILED = [(field, re.compile(p, re.I)) for field, patterns in _PATTERNS.items() for p in patterns]

FIELD_WORDS = frozenset(
    terms(
        "author authors writer reporter journalist columnist byline wrote write writes written authored penned "
        "reported name names whom whose published publish publishes publication publisher posted released "
        "dated date day time year month updated printed issued appear appeared run ran come came go went put "
        "old recent new current title headline called titled named newspaper outlet paper site website "
        "magazine source news agency organisation organization first originally last article story stories "
        "piece report post blog liveblog text op-ed column essay document page write-up writeup howto how-to item "
        "readme faq docs documentation maintains maintained compiled modified revised edited changed owns owner owners "
        "sent sender senders emailed mailed "
        "actually exactly "
        "really please tell know find give"
    )
)


MAX_WORDS = 25
"""Longer questions are about the content (they may mention "the report published on ...")."""


_OPENER = re.compile(r"^\W*(?:and|so|also|then|ok(?:ay)?|what\s+about|how\s+about)\s+(?=\S)", re.I)
"""How a follow-up may open before the field it asks for ("and the author?", "what about the date?")."""


def asked_field(question: str) -> Field | None:
    """Which piece of an article's metadata the question asks for, if it asks about the article itself."""
    question = _OPENER.sub("", question, count=1)
    if len(question.split()) > MAX_WORDS:
        return None
    for field, pattern in _COMPILED:
        if pattern.search(question):
            return field
    return None


_AND_WHEN = re.compile(r"\band\s+when\W*$", re.I)


def asked_fields(question: str) -> list[Field]:
    """Every piece of metadata a question about the article asks for, in the order it asks ("who wrote it and
    when was it published", "who wrote the article and when"); empty for other questions."""
    if asked_field(question) is None:
        return []
    question = _OPENER.sub("", question, count=1)
    found: dict[Field, int] = {}
    for field, pattern in _COMPILED:
        match = pattern.search(question)
        if match is not None:
            found[field] = min(found.get(field, match.start()), match.start())
    if _AND_WHEN.search(question):
        found.setdefault("published", len(question))
    return sorted(found, key=found.__getitem__)


def day_written(published_at: str, day_first: bool = False) -> str:
    """An ISO date as people write it ("June 29, 2020", with the time when there is one); ``day_first`` as
    Britain and most of the world write it ("29 June 2020"), for a document writing its days so (``Dating``)."""
    try:
        when = datetime.fromisoformat(published_at.replace("Z", "+00:00"))
    except ValueError:
        return published_at
    text = f"{when.day} {when:%B} {when.year}" if day_first else f"{when:%B} {when.day}, {when.year}"
    if "T" in published_at:
        hour = when.hour % 12 or 12
        text += f" at {hour}:{when.minute:02d} {'a.m.' if when.hour < 12 else 'p.m.'}"
        offset = when.utcoffset()
        if offset is not None:
            text += " (UTC)" if not offset else f" (UTC{when:%z})"
    return text


_DAY_NUMBER = re.compile(r"(?<![\d-])\d{1,2}(?![\d-])")


def published_when(published_at: str, day_only: bool = False, day_first: bool = False) -> str:
    """When a document was published, after "published": "on June 29, 2020" (with the time unless ``day_only``;
    "on 29 June 2020" ``day_first``), or a date kept as the document wrote it because it names no day: "in March
    2021"."""
    try:
        datetime.fromisoformat(published_at.replace("Z", "+00:00"))
    except ValueError:
        return f"{'on' if _DAY_NUMBER.search(published_at) else 'in'} {published_at}"
    return f"on {day_written(published_at[:10] if day_only else published_at, day_first)}"


class Dating(NamedTuple):
    """How an answer words a document's date: day first ("3 March 2026") when its text writes days so, and as
    the day it was last updated when that is what its text says of the day (``dating_of``)."""

    day_first: bool = False
    updated: bool = False


Datings = Callable[[str], Dating]
"""A document's ``Dating`` by its id (the pipeline's reads the document's text)."""
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[^\W\d_])")
DATE_LINE_CHARS = 160
"""The longest sentence read for a date line ("Last updated on 3 March 2026"): a longer one is prose."""


def month_first(doc_id: str) -> Dating:
    """The ``Dating`` of a document whose text is not at hand: days month first, as the default article writes
    them, and its date its publication's."""
    return Dating()


Signers = Callable[[str], str]
"""The name a document's closing signature gives, by its id ("" for none; the pipeline's reads its last passage)."""


def unsigned(doc_id: str) -> str:
    """The signer of a document whose text is not at hand: none known."""
    return ""


def signed_by(text: str) -> str:
    """The name the signature closing ``text`` (a document's last passage) gives, its last paragraph written as one
    line (``headers.signature_line``: "Revd Alison Marlowe, Chair of Trustees, 18 September 2025"), or "". Why:
    "who signed the trustees annual report" was answered with the file's author property, not the signature.

    >>> signed_by("Joanne stood down.\\n\\nRevd Alison Marlowe, Chair of Trustees, 18 September 2025")
    'Revd Alison Marlowe'
    >>> signed_by("Our reserves are three months of running costs.")
    ''"""
    signature = signature_line(text.rstrip().rsplit("\n\n", 1)[-1])
    return signature.name if signature is not None else ""


def dating_of(text: str, published_at: str, day_first: bool = False) -> Dating:
    """How a document's text dates it: day first when it writes days so more often than month first
    (``ingest.dates.writes_day_first``; as often, or no day: ``day_first``, its collection's order), and
    ``updated`` when a line of it says it was updated (revised, modified, reviewed) on the day it is dated and none
    says it was published, posted or issued on that day.

    Why: a British brewery's page ending "Last updated on 3 March 2026", dated by that line, was answered "was
    published on March 3, 2026" (testers' bb64, B7): neither the form nor the verb was the page's.

    >>> dating_of("Last updated on 3 March 2026", "2026-03-03")
    Dating(day_first=True, updated=True)
    >>> dating_of("Posted on June 2, 2025. Last updated on June 9, 2025.", "2025-06-02")
    Dating(day_first=False, updated=False)
    """
    own = writes_day_first(text)
    day = period_of(published_at)
    said: set[bool] = set()
    for line in text.splitlines() if day else ():
        for sentence in _SENTENCE_BREAK.split(" ".join(line.split())):
            dated = read_date_line(sentence) if 0 < len(sentence) <= DATE_LINE_CHARS else None
            if dated is not None and dated.labelled and period_of(dated.text) == day:
                said.add(dated.updated)
    return Dating(day_first if own is None else own, said == {True})


def dated_as(published_at: str, dating: Dating) -> str:
    """A document's day after "was" or its title: "published on 2 February 2026" as its text writes days, "last
    updated on 3 March 2026" when that is what its text says of the day (``Dating``)."""
    return f"{'last updated' if dating.updated else 'published'} {published_when(published_at, True, dating.day_first)}"


def _outlet(record: DocumentRecord) -> str:
    """The outlet as recorded, else the site its URL names ("washingtonpost.com")."""
    if record.source:
        return record.source
    host = urlparse(record.url).hostname or "" if record.url else ""
    return host.removeprefix("www.")


def _statement(
    field: Field, title: str, record: DocumentRecord, verb: str = "", dating: Dating = Dating()
) -> str | None:
    """The answer sentence, or None when the document does not record ``field``; ``verb`` the question's own word
    for writing or publishing it (``asked_verb``: "was signed by", "was sent on"), else "written"/"published"; a
    date written as its document writes days, and "last updated" when it says so of the day (``dating``)."""
    if field == "author" and record.author:
        return _ended(f'"{title}" was {verb or "written"} by {byline(record.author)}')
    if field == "published" and record.published_at:
        when = published_when(record.published_at, day_first=dating.day_first)
        return _ended(f'"{title}" was {"last updated" if dating.updated else verb or "published"} {when}')
    if field == "title" and title:
        return f'The article is titled "{title}".'
    if field == "outlet" and _outlet(record):
        return _ended(f'"{title}" was published by {_outlet(record)}')
    if field == "link" and record.url.startswith(("http://", "https://")):
        return f'"{title}" is at {record.url}'
    return None


_ASKED_VERB: dict[Field, re.Pattern[str]] = {
    "author": re.compile(r"\bwho\s+(?P<verb>sent|signed|issued|posted|e-?mailed|mailed)\b", re.I),
    "published": re.compile(
        r"\bwhen\s+(?:was|were|is|did)\b.*?\b"
        r"(?P<verb>sent|e-?mailed|mailed|posted|issued|released|listed|advertised|announced)\W*$",
        re.I,
    ),
}


def asked_verb(question: str, field: Field) -> str:
    """The question's word for how a document came from its author or came out, when it is not "wrote" or
    "published": "who signed the decision notice" is answered "was signed by", "when was the email sent" "was sent
    on". Why: "... was written by" a notice's signatory and "... was published on" an e-mail read as other facts
    than the ones asked.

    >>> asked_verb("who signed the appeal letter", "author"), asked_verb("when was it emailed?", "published")
    ('signed', 'sent')
    >>> asked_verb("who wrote the memo", "author")
    ''
    """
    found = _ASKED_VERB[field].search(question) if field in _ASKED_VERB else None
    verb = found.group("verb").lower() if found else ""
    return "sent" if verb.endswith("mailed") else verb


def _ended(sentence: str) -> str:
    """``sentence`` with its full stop, not a second one after a name's own ("Vantora Group N.V.") or a time's
    ("at 6:00 p.m.")."""
    return sentence if sentence.endswith(".") else f"{sentence}."


_MISSING = {
    "author": "its author",
    "published": "when it was published",
    "title": "its title",
    "outlet": "its outlet",
    "link": "a link to it",
}

_NAME = r"(?:(?:a|an|the)\s+)?(?P<name>[\w'’./&,-]+(?:\s+[\w'’./&,-]+){0,5}?)"
_CHECK_PATTERNS: tuple[tuple[Field, str], ...] = (
    ("author", rf"^\W*(?:did|does)\s+{_NAME}\s+(?:write|author|pen)\s+{REF}{ABOUT}\W*$"),
    ("author", rf"^\W*(?:is|was)\s+{REF}{ABOUT}\s+(?:(?:written|authored|penned)\s+)?by\s+{_NAME}\W*$"),
    ("author", rf"^\W*(?:is|was)\s+{_NAME}\s+(?:the\s+|its\s+)?{_WRITER}(?:\s+(?:of|for)\s+{REF}{ABOUT})?\W*$"),
    ("published", rf"^\W*(?:is|was)\s+{REF}{ABOUT}\s+(?:published|written|posted|dated|from|out)\s+{_NAME}\W*$"),
    ("published", rf"^\W*did\s+{REF}{ABOUT}\s+(?:come\s+out|appear|run)\s+{_NAME}\W*$"),
    ("outlet", rf"^\W*did\s+{_NAME}\s+(?:publish|run|print|post|carry)\s+{REF}{ABOUT}\W*$"),
    (
        "outlet",
        rf"^\W*(?:is|was)\s+{REF}{ABOUT}\s+(?:from|(?:published|printed|run)\s+(?:by|in|on))\s+{_NAME}\W*$",
    ),
)
_CHECKS = [(field, re.compile(pattern, re.I)) for field, pattern in _CHECK_PATTERNS]
"""Yes-or-no questions about an article's metadata: "did robyn dixon write this", "is this by robyn dixon", "is
jane doe the author", "was it published in june 2020", "is this article from the washington post"."""


def checked_field(question: str) -> tuple[Field, str] | None:
    """The field a yes-or-no question checks and the value it offers ("is this by robyn dixon" -> ("author",
    "robyn dixon")); after "from" or "published in", a period ("is this from june 2020") checks the date and
    anything else the outlet. None for other questions."""
    if len(question.split()) > MAX_WORDS:
        return None
    for field, pattern in _CHECKS:
        found = pattern.match(question)
        if found is None:
            continue
        offered = " ".join(found.group("name").split())
        if field in ("published", "outlet") and _offered_periods(offered):
            return "published", offered
        if field != "published":
            return field, offered
    return None


def _matches(field: Field, offered: str, record: DocumentRecord) -> bool | None:
    """Whether the document's ``field`` is the one ``offered`` (names: every word of it in one byline name, or the
    outlet's name; a period: the day within it); None when the document does not record ``field``."""
    if field == "author":
        if not record.author:
            return None
        names = [set(_name_words(without_honorific(name))) for name in byline_names(record.author)]
        offers = [set(_name_words(without_honorific(name))) for name in byline_names(offered)]
        return bool(offers) and all(any(words <= name for name in names) for words in offers if words)
    if field == "outlet":
        outlet = _outlet(record)
        if not outlet:
            return None
        words = set(_name_words(_outlet_key(offered)))
        squashed = re.sub(r"\W+", "", _outlet_key(offered))  # "washington post" for washingtonpost.com
        return bool(words) and (words <= set(_name_words(outlet)) or squashed in outlet.casefold().split("."))
    if not record.published_at:
        return None
    periods = _offered_periods(offered)
    relation = _RELATIVE_TO.match(offered)
    day = period_of(record.published_at)
    if relation is not None and periods and len(day) == 10:
        # a bound with no year ("before july", "after june 1") is in the document's own year
        periods = [(f"{day[:4]}{a[4:]}", f"{day[:4]}{b[4:]}") if a.startswith(YEARLESS) else (a, b) for a, b in periods]
        first, last = min(p[0] for p in periods), max(p[1] for p in periods)
        word = " ".join(relation.group(1).lower().split())
        if word in ("before", "prior to", "earlier than"):
            return day < first
        if word in ("after", "later than"):
            return day > last
        return day >= first if word == "since" else day <= last  # "until", "by": up to its end
    return any(within(record.published_at, period) for period in periods)


_RELATIVE_TO = re.compile(r"^\W*(before|prior\s+to|earlier\s+than|after|later\s+than|since|until|till|by)\s", re.I)
"""A period offered as a bound ("was it published before july 2020"): the day compared with it, not within it."""


def _offered_periods(offered: str) -> list[tuple[str, str]]:
    """The periods a yes-or-no question offers, a month named alone after a bound too ("before july", read as "in
    july" is)."""
    periods = periods_in(offered, typed=True, today=date.today())
    relation = _RELATIVE_TO.match(offered)
    if periods or relation is None:
        return periods
    return periods_in(f"in {offered[relation.end() :]}", typed=True, today=date.today())


def _name_words(name: str) -> list[str]:
    return re.findall(r"[\w'’]+", name.casefold())


def check_answer(
    question: str, hits: Sequence[Hit], documents: Mapping[str, DocumentRecord]
) -> tuple[str, list[Citation]] | None:
    """ "Yes." or "No." and the document's metadata, cited, for a yes-or-no question about it ("is this by robyn
    dixon"); None for other questions. The document is chosen as ``metadata_answer`` chooses it, the offered name
    or period no topic word."""
    asked = checked_field(question)
    if asked is None or not hits:
        return None
    field, offered = asked
    chosen = articles_meant(question, hits, frozenset(terms(offered)) | outlets_named(question, documents))

    def checked(hit: Hit, record: DocumentRecord) -> list[Claim]:
        asked = field
        if field == "outlet" and not _matches(field, offered, record) and _matches("author", offered, record):
            asked = "author"  # "was it published by robyn dixon": its author, not an outlet
        same = _matches(asked, offered, record)
        sentence = _statement(asked, record.title or hit.chunk.title, record)
        if same is None or sentence is None:
            return []
        if offered.lower() in PRONOUNS:  # "is she the author?": whom she means is not known here; the byline is
            return [Claim(sentence, (hit,))]
        return [Claim(f"{'Yes' if same else 'No'}. {sentence}", (hit,))]

    return _first_recording(chosen, documents, field, checked)


def _first_recording(
    chosen: Sequence[Hit],
    documents: Mapping[str, DocumentRecord],
    field: Field,
    claims_of: Callable[[Hit, DocumentRecord], list[Claim]],
) -> tuple[str, list[Citation]] | None:
    """The claims ``claims_of`` makes of the first chosen document that records what was asked (``field``, the
    first asked); when none does, that the first does not record it; no chosen document: no indexed article is
    about what the question names."""
    if not chosen:
        return NO_SUCH_ARTICLE, []
    first: tuple[Hit, DocumentRecord] | None = None
    for hit in chosen:
        record = documents.get(hit.chunk.doc_id)
        if record is None:
            continue
        first = first or (hit, record)
        claims = claims_of(hit, record)
        if claims:
            return render_claims(claims)
    if first is None:
        return None
    hit, record = first
    return f'The articles do not say. "{record.title or hit.chunk.title}" does not record {_MISSING[field]}.', []


_BY_TITLE = re.compile(
    r"^\W*(?:who\s+(?:wrote|authored|penned|posted|created|(?P<owns>owns|maintains)|(?P<sent>sent|signed|issued)"
    r"|(?:is|was|are|were)\s+the\s+(?:author|writer|(?P<owner>owner|maintainer)|(?P<sender>sender))s?\s+of)"
    r"\s+(?P<author>.+?)|"
    r"when\s+(?:was|were)\s+it\s+(?P<announcing>announced)\s+(?:that\s+)?(?P<told>.+?)|"
    r"when\s+(?:was|were)\s+(?P<published>.+?)\s+(?:published|written|posted|released|issued|put\s+out|(?P<mailed>sent)"
    r"|listed|advertised|(?P<announced>announced)|(?:last\s+)?(?:updated|modified|revised|reviewed|edited)"
    r"|last\s+changed))\W*$",
    re.I,
)
"""Who wrote, sent or issued a document, or when it was published, posted, sent, listed ("when was the kitchen porter
job listed"), announced ("when were the pool timetable changes announced": the notice's day, not the day the
changes start) or last changed, the document named by its title or its kind; "when was it announced that the count
was moving" names the release by what it announced."""
_MAIL = frozenset(
    "email e-mail mail message letter memo note notice newsletter warning alert reminder announcement bulletin "
    "circular invitation statement rules regulations policy guidance scheme terms conditions charter reply "
    "response".split()
)
"""What is sent or issued rather than written: "who sent the email about the freezer", "who sent the fake texts
warning", "who issued the passenger rights notice" ask for its sender, its author; "who sent the police" asks about
the text."""
_SIGNED = _MAIL | frozenset(
    "letters notices statements minutes report reports agreement agreements contract contracts accounts declaration "
    "declarations".split()
)
"""What is signed as well: minutes by the secretary, a report or the accounts by whoever presents them, an agreement
or a contract by the party that drew it up ("who signed the agm minutes"), a declaration (of a poll's result, a
statutory one) by whoever declares it; their signatory is the author a document records. A recipe is not signed:
"who signed the chili recipe" asks the text."""
_TITLE_PART = re.compile(r"\s*(?::|\s[-–—|]\s)\s*")
_OWNED = frozenset(
    "policy policies handbook guide guidelines manual runbook playbook checklist procedure procedures process page "
    "wiki document doc docs documentation faq readme standard charter".split()
)
"""What a team or person owns or maintains as its author ("who owns the travel policy", "who maintains the
onboarding checklist"); anything else owned is content ("who owns the boston celtics")."""


_TITLE_WORD = re.compile(r"\d+(?:\.\d+)+|\w+")
"""A title's word, a version whole: "2.1.0" is not the words "2", "1" and "0", which the title "Raise the minimum
Go version to 1.22 for 2.5.0" holds too (the mailing-list tester's "when was 2.1.0 released")."""
_PRESS = re.compile(r"\b(?:press|news)\s+(?=releases?\b)", re.I)
"""A press office's name for its documents: "the ovarian cancer press release" names its release by "release"."""


_LETTER_PREFIX = re.compile(r"(?<![\w-])([^\W\d_])-(?=[^\W\d_]{3,}(?![\w-]))")
"""A one-letter prefix a hyphen joins to its word ("e-mail", "x-ray"): one word with it, as "email" is. Why: a question
typed "email" is asked "e-mail" over a corpus writing it so (``spelling.spelt_otherwise``), and its "e" named no word
of "the water off e-mail"'s subject ("Water off at Mill Lane ..."), which went unanswered."""


def _title_words(text: str) -> list[str]:
    """A title's words (``_TITLE_WORD``), case, apostrophes, punctuation, a leading article and the hyphen after a
    one-letter prefix (``_LETTER_PREFIX``) aside.

    >>> _title_words("The water off e-mail"), _title_words("ADR-0007: X-ray rooms")
    (['water', 'off', 'email'], ['adr', '0007', 'xray', 'rooms'])
    """
    words = _TITLE_WORD.findall(_LETTER_PREFIX.sub(r"\1", text.casefold().replace("’", "'").replace("'", "")))
    return words[1:] if words[:1] in (["the"], ["a"], ["an"]) else words


def _unpadded(words: list[str]) -> list[str]:
    """Words with a number's leading zeros dropped: "ADR-0007" is named "adr 7" as people type it."""
    return [w.lstrip("0") or "0" if w.isdigit() else w for w in words]


def _names_title(typed: str, title: str) -> bool:
    """Whether ``typed`` names ``title`` as a question may type it: the spaces between words and a number's leading
    zeros aside ("the sorting howto" names "Sorting HOW TO", "web site" a "Website", "adr 7" "ADR-0007"), or word
    for word with words cut short ("the intro to the ipaddress module" names "An introduction to the ipaddress
    module"; three letters at least)."""
    asked, words = _unpadded(_title_words(typed)), _unpadded(_title_words(title))
    if not asked:
        return False
    if "".join(asked) == "".join(words):
        return True
    return len(asked) == len(words) and all(
        a == w or (len(a) >= 3 and w.startswith(a)) for a, w in zip(asked, words, strict=True)
    )


class NamedDocument(NamedTuple):
    """What ``asked_by_title`` found: the field asked, the passages of the document named, whether only by some words
    of its title, and whether by its kind too (``kind``: "the food partnership press release" of a title without
    "release", "the email about the branch closures")."""

    field: Field
    hits: list[Hit]
    partly: bool
    kind: bool = False


def asked_by_title(question: str, hits: Sequence[Hit]) -> NamedDocument | None:
    """A question about a document named by its title ("who wrote the harbour handbook", "when was getting
    started published"): the field asked and the retrieved passages of the documents so titled (the whole title,
    or its part before a colon or a dash, as typed: ``_names_title``); None when no retrieved document has that title:
    "who wrote hamlet" over an essay on Hamlet asks about the content. A document so named that does not record
    its author leaves the question to its text (a README titled by its program's name), unless the question calls it
    by its kind (``NamedDocument.kind``); one that does not record its date says so ("when was the canal trust annual
    report published" quoted "restored ... in 2022"). Named by none of its title's words, a document may be named by
    its kind and what it is about, or by what it announced (``_named_by_topic``). Asked who sent, issued or signed
    it, a question that does not call it a message, a notice, ... (``_MAIL``, ``_SIGNED``) names by its title a
    document that is one (``_is_of``: "who sent the lowmoor correction", an ``.mbox``'s message), never by what it is
    about."""
    found = _BY_TITLE.match(question)
    if found is None:
        return None
    field: Field = "author" if found.group("author") else "published"
    typed = found.group(field) or found.group("told")  # "when was it announced that the count was moving"
    if (found.group("owns") or found.group("owner")) and not _OWNED.intersection(_title_words(typed)[-1:]):
        return None
    sent = found.group("sent") or found.group("sender") or found.group("mailed")
    kinds = _SIGNED if (sent or "").casefold() == "signed" else _MAIL
    typed_kinds = [*_title_words(typed)[:1], *_title_words(typed)[-1:], _kind_typed(typed)]
    called = not sent or bool(kinds.intersection(typed_kinds))
    undated = [  # "who issued the share offer": "Share Offer 2025: Brackenfold Solar Extension", a PDF
        h
        for h in hits
        if (part := _TITLE_PART.split(h.chunk.title)[0])
        and _numberless(part) != " ".join(_title_words(part))
        and _names_title(typed, _numberless(part))
    ]
    if not called:  # "who sent the lowmoor correction": an e-mail named by its title; "who sent the police": the text
        hits = [h for h in hits if _is_of(h.chunk, kinds)]
    named = [
        h
        for h in hits
        if any(_names_title(typed, part) for part in [h.chunk.title, *_TITLE_PART.split(h.chunk.title)[:1]])
    ]
    if named or undated:
        return NamedDocument(field, named or undated, False)
    # "the annual report", "the chili recipe": words of one of the best hits' title, the question partly its own; a
    # title named whole first ("the opening hours page": "Opening hours", not "Festive opening hours 2025")
    by_last = field == "published"
    best = next((h for h in hits if _names_all_title_words(typed, h.chunk.title)), None) or next(
        (
            h
            for h in preferred(typed, _best_documents(hits))
            if _names_title_words(typed, h.chunk.title, h.chunk.doc_id, by_last)
        ),
        None,
    )
    best = best or (_ending_named(typed, hits) if field == "author" else None)
    if best is None and called and (found.group("sent") or "").casefold() == "signed":
        # "who signed the old forge decision notice" names its notice by what it is about, not its title: the
        # notice the question's words find, whose signature signs it when it names no other author
        best = next(iter(articles_meant(question, hits)), None)
    if best is not None:
        named = [h for h in hits if h.chunk.doc_id == best.chunk.doc_id]
        return NamedDocument(field, named, True, _called_by_kind(typed, _words_naming(best.chunk))[1])
    if not called:
        return None
    named = _named_by_topic(typed, hits, bool(found.group("announced") or found.group("announcing")))
    return NamedDocument(field, named, True, _called_by_kind(typed, set())[1]) if named else None


def unrecorded_author(question: str, hits: Sequence[Hit], documents: Mapping[str, DocumentRecord]) -> str | None:
    """For a question who wrote a document it names by its title (``asked_by_title``: "who wrote the annual report"
    for "Annual Report 2024") that records no author: the answer saying so; else None. Why: its text is searched
    for who wrote it (it may be signed), and when that finds nothing the generic abstention read as though no
    document was found.

    >>> hit = Hit(Chunk("c", "ar.pdf", "Annual Report 2024", "", 0, 1, "Turbine 2 failed."), 1.0)
    >>> unrecorded_author("who wrote the annual report", [hit], {"ar.pdf": DocumentRecord("ar.pdf", "Annual "
    ...     "Report 2024", "", "", "", "", "h", 1)})
    'The articles do not say. "Annual Report 2024" does not record its author.'
    """
    named = asked_by_title(_AND_WHEN.sub("", question), hits)
    record = documents.get(named.hits[0].chunk.doc_id) if named is not None and named.field == "author" else None
    if named is None or record is None or record.author:
        return None
    title = record.title or named.hits[0].chunk.title
    return f'The articles do not say. "{title}" does not record {_MISSING["author"]}.'


def title_words_named(question: str, chunk: Chunk) -> int:
    """How many of the words a question about a document names it by ("who wrote the race report": "race",
    "report") its document's title or file name holds in some form (``_words_naming``); 0 for a question that names
    no document so. Why: within a request's filters, a document named by fewer of them than one the filters leave
    out is not the one meant (``AnswerPipeline._meant_beyond``)."""
    found = _BY_TITLE.match(question)
    typed = (found.group("author") or found.group("published") or found.group("told") or "") if found else ""
    asked = [w for w in _title_words(_PRESS.sub("", typed)) if w not in STOPWORDS]
    words = _words_naming(chunk)
    forms = set(stems(" ".join(words)))
    return sum(1 for w in asked if w in words or set(stems(w)) & forms)


def _numberless(title: str) -> str:
    """``title`` without its numbers: "Share Offer 2025" is "the share offer" as people name it, whatever kind of
    document it is (``asked_by_title``: "who issued the share offer" named the PDF so titled, not the bulletin "Share
    offer extended to 31 May", which it had left out as no message or notice); "" when it is numbers alone.

    >>> _numberless("Share Offer 2025"), _numberless("2025")
    ('share offer', '')
    """
    return " ".join(w for w in _title_words(title) if not w.isdigit() and not w[:1].isdigit())


def _names_all_title_words(typed: str, title: str) -> bool:
    """Whether ``typed`` holds every word of ``title`` and no other but what it calls the document: "the opening
    hours page" names "Opening hours" whole, and "Festive opening hours 2025" only in part. Why: a title named
    whole is the one meant, though a longer one holding it may rank first."""
    asked = [w for w in _title_words(_PRESS.sub("", typed)) if w not in STOPWORDS]
    asked = asked[:-1] if asked[-1:] and asked[-1] in _KIND_NOUNS else asked
    words = [w for w in _title_words(title) if w not in STOPWORDS]
    return bool(asked) and sorted(asked) == sorted(words)


def _named_whole(question: str, hits: Sequence[Hit]) -> list[Hit]:
    """The passages among ``hits`` of the first document a question about a document names by its whole title
    (``_names_all_title_words``); empty when it names none so."""
    found = _BY_TITLE.match(question)
    typed = (found.group("author") or found.group("published")) if found else ""
    first = next((h for h in hits if typed and _names_all_title_words(typed, h.chunk.title)), None)
    return [h for h in hits if first is not None and h.chunk.doc_id == first.chunk.doc_id]


def document_coded(question: str, hits: Sequence[Hit]) -> list[Hit]:
    """The passages among ``hits`` of the documents ``question`` names by the code their title opens with, its part
    before a colon or a dash holding a number ("what is the status of ADR-0023", "adr 23" as typed, for "ADR-0023:
    Adopt OpenFeature ..."), the longest code named when several are ("rfc 42 amendment 1": "RFC-0042 amendment
    1: ..." over "RFC-0042: ..."); empty when it names none. Why: another document mentioning the code often
    ("superseded by ADR-0019") ranked above the one it names, and its sentences answered.

    >>> hit = Hit(Chunk("a-c", "a", "ADR-0023: Flags", "", 0, 9, "Proposed."), 1.0)
    >>> [h.chunk.doc_id for h in document_coded("what is the status of adr 23", [hit])]
    ['a']
    """
    asked = " ".join(_unpadded(_title_words(question)))
    longest: dict[str, int] = {}
    for hit in hits:
        parts = _TITLE_PART.split(hit.chunk.title)
        code = " ".join(_unpadded(_title_words(parts[0]))) if len(parts) > 1 else ""
        if code and any(c.isdigit() for c in code) and f" {code} " in f" {asked} ":
            longest[hit.chunk.doc_id] = len(code)
    most = max(longest.values(), default=0)
    return [h for h in hits if most and longest.get(h.chunk.doc_id) == most]


def _numbers(text: str) -> set[str]:
    """The whole numbers ``text`` names, their zero padding aside ("No. 09" and "ntm 9" both name 9); a version
    ("2.4.0") is none."""
    return {w.lstrip("0") or "0" for w in _title_words(text) if w.isdigit()}


def _numbered_otherwise(question: str, hit: Hit) -> bool:
    """Whether ``hit``'s document is numbered otherwise than ``question`` names it: a number the question names (a
    date's aside) is in neither its title nor its file's name, which name another ("Notice to Mariners No. 07 of
    2026", "ntm-07-2026.md" for "who wrote notice to mariners no. 09 of 2026"). Why: a title sharing the question's
    other words was taken for the one it names, and another notice's byline answered.

    >>> hit = Hit(Chunk("c", "ntm-07-2026.md", "Notice to Mariners No. 07 of 2026", "", 0, 1, "Text."), 1.0)
    >>> _numbered_otherwise("who wrote ntm 9", hit), _numbered_otherwise("who wrote ntm 7", hit)
    (True, False)
    >>> _numbered_otherwise("who wrote the notice to mariners", hit)
    False
    """
    asked = _numbers(_without_spans(question, dated_spans(question, yearless=True, today=date.today())))
    named = _numbers(hit.chunk.title) | _numbers(title_from(hit.chunk.doc_id))
    return bool(asked - named) and bool(named - asked)


def _numbered_as_asked(question: str, hits: Sequence[Hit]) -> list[Hit]:
    """The hits of documents not numbered otherwise than ``question`` names one (``_numbered_otherwise``)."""
    return [h for h in hits if not _numbered_otherwise(question, h)]


def _best_documents(hits: Sequence[Hit]) -> list[Hit]:
    """The best hit of each of the ``TOPIC_HITS`` best documents: one long document's passages may fill the top."""
    firsts: dict[str, Hit] = {}
    for hit in hits:
        firsts.setdefault(hit.chunk.doc_id, hit)
        if len(firsts) == TOPIC_HITS:
            break
    return list(firsts.values())


def may_name_by_title(question: str) -> bool:
    """Whether a question asks who wrote or when someone published a document it may name by its title
    (``asked_by_title``)."""
    return _BY_TITLE.match(question) is not None


_KIND_NOUNS = frozenset(
    "report memo memorandum minutes paper recipe bulletin newsletter article story piece post page guide manual "
    "document doc handbook brochure email e-mail mail message letter notice release policy statement announcement "
    "alert warning circular spreadsheet workbook menu listing advert flyer factsheet agenda info information leaflet "
    "booklet prospectus form pdf docx xlsx csv reply response".split()
)
"""What a question may call a document by after words of its title ("the chili recipe" for "Smoky Black Bean Chili",
"the special assistance policy" for "Special assistance and travelling with children", "the fees spreadsheet", "the
easter camp info" for "Easter holiday camp 2026")."""
_FORMAT_KINDS = {
    **dict.fromkeys(("eml", "mbox", "msg"), frozenset(("email", "mail", "message"))),
    **{f: frozenset(("spreadsheet", "workbook", f)) for f in ("xlsx", "xlsm", "xls", "ods", "csv", "tsv")},
    **{f: frozenset(("document", "doc", f)) for f in ("docx", "doc", "odt", "pdf")},
    **dict.fromkeys(("html", "htm"), frozenset(("page",))),
}
"""What a file's format makes it, whatever its title says: an ``.eml`` is an e-mail, an ``.xlsx`` a spreadsheet."""
_SUFFIX = re.compile(r"\.(\w+)(?::[^/]*)?$")
"""A file's format, from its document's id ("fees.xlsx:Fees", a workbook's sheet, is an ``xlsx``)."""


def kinds_of(chunk: Chunk | DocumentRecord) -> set[str]:
    """The stems of the words saying what kind of document a passage (or a document) is from: its title's, its
    file's name and folders' ("menus/sunday-lunch.docx"), its category's ("Press releases") and its format's
    (``_FORMAT_KINDS``).

    >>> sorted(kinds_of(Chunk("c", "news/branch-changes.eml", "Changes to our branches", "", 0, 1, "Text.")))
    ['branch', 'chang', 'email', 'mail', 'messag', 'news']
    """
    suffix = _SUFFIX.search(chunk.doc_id)
    formats = _FORMAT_KINDS.get(suffix.group(1).lower(), frozenset()) if suffix else frozenset()
    named = " ".join([chunk.title, *PurePath(chunk.doc_id).parts[:-1], title_from(chunk.doc_id), chunk.category])
    replied = ("reply", "response") if _REPLY.match(chunk.title) else ()  # "Re: ...": the reply to a message
    return set(stems(" ".join([named, *formats, *replied])))


def _is_of(chunk: Chunk, kinds: frozenset[str]) -> bool:
    """Whether a passage's document is one of ``kinds`` (``kinds_of``): "who sent the lowmoor correction" names an
    ``.mbox``'s message by its subject, "who issued the election timetable" a PDF in ``notices/``; each was sent or
    issued though the question does not say what it is. Why: only "who sent the email ..." was read so, and the
    rest were searched for in sentences that never say.

    >>> _is_of(Chunk("c", "sent.mbox:2", "Correction to Lowmoor ward result", "", 0, 1, "Text."), _MAIL)
    True
    >>> _is_of(Chunk("c", "news/packs.html", "Postal vote packs to arrive late", "", 0, 1, "Text."), _MAIL)
    False
    """
    return bool(kinds_of(chunk) & _stems_of(kinds))


@lru_cache(maxsize=8)
def _stems_of(words: frozenset[str]) -> frozenset[str]:
    """The stems of ``words`` (``_MAIL``, ``_SIGNED``), as ``kinds_of`` gives a document's: read once."""
    return frozenset(stems(" ".join(sorted(words))))


_ANNOUNCING = re.compile(r"\bannounc", re.I)
"""A text telling of an announcement ("the ferry was announced on 3 May"): it says when, not its own date."""


def _named_by_topic(typed: str, hits: Sequence[Hit], announced: bool) -> list[Hit]:
    """The passages of the first of the best documents (``_best_documents``) that ``typed`` names by none of its
    title's words but by its kind and what it is about ("the email about the branch closures": an ``.eml`` whose
    passages say "branch closure", titled "Changes to our Kettleby and Lydgate branches"), or, ``announced``, by what it
    announced, every word of it in its passages ("when were the pool timetable changes announced": the notice of
    "changes to the pool timetable"; not a text telling when it was announced, ``_tells_announced``). Why: people
    name a notice, an e-mail or a release by what it says, and "announced" asks for the day it was published, not the
    day the changes start. Named by its kind and a change ("the price increase email"), a document whose passages hold
    too little of the topic may still be the one of its kind among the best whose title names what changed
    (``_titled_in_part``)."""
    asked, kind = _called_by_kind(typed, set())
    topic = set(terms(" ".join(asked)))
    if not topic or not (kind or announced):
        return []
    called = set(stems(_kind_typed(typed)))
    bests = preferred(typed, _best_documents(hits))
    for best in bests:
        text = _document_text(best.chunk.doc_id, hits)
        if kind and called <= kinds_of(best.chunk) and _holds_topic(text, topic):
            return [h for h in hits if h.chunk.doc_id == best.chunk.doc_id]
        if not kind and _holds_topic(text, topic, share=1.0) and not _tells_announced(text, topic):
            return [h for h in hits if h.chunk.doc_id == best.chunk.doc_id]
    titled = _titled_in_part([h for h in bests if called <= kinds_of(h.chunk)], topic) if kind else None
    return [h for h in hits if titled is not None and h.chunk.doc_id == titled.chunk.doc_id]


_CHANGE_WORDS = frozenset(
    "increase increases decrease decreases rise rises raise raises hike hikes cut cuts reduction reductions drop drops "
    "change changes update updates uplift uplifts adjustment adjustments".split()
)
"""Words telling what happened to what a document is about ("the price increase email", "the rent rise notice"):
its own words may tell it otherwise ("prices will change", "goes from £185 to £199", "Changes to membership prices")."""


def _titled_in_part(hits: Sequence[Hit], topic: set[str]) -> Hit | None:
    """The one of ``hits`` (the best documents of the kind a question calls one) whose title or file name holds
    every word of the topic but its words of change (``_CHANGE_WORDS``); None when none or more than one does, or the
    topic is no thing with a change. Why: "who sent the price increase email" names an e-mail its subject calls
    "Changes to membership prices ...", whose text never says "increase"; asked "... e-mail", the topic's "e" had once
    made up the share. A thing named in part is not one: "the email about the ismb hotel" is no e-mail about ISMB.

    >>> mail = Hit(Chunk("c", "p.eml", "Changes to membership prices", "", 0, 1, "Prices will change."), 1.0)
    >>> other = Hit(Chunk("d", "r.eml", "Room prices held", "", 0, 1, "Prices stay."), 1.0)
    >>> _titled_in_part([mail], {"price", "increase"}) is mail, _titled_in_part([mail, other], {"price", "increase"})
    (True, None)
    >>> _titled_in_part([mail], {"price", "hotel"}), _titled_in_part([mail], {"price"})
    (None, None)
    """
    changes = _stems_of(_CHANGE_WORDS)
    thing = {w for w in topic if not set(stems(w)) & changes}
    if not thing or thing == topic:
        return None
    titled = [h for h in hits if _holds_topic(f"{h.chunk.title} {title_from(h.chunk.doc_id)}", thing, share=1.0)]
    return titled[0] if len(titled) == 1 else None


def _tells_announced(text: str, topic: set[str]) -> bool:
    """Whether a sentence of ``text`` tells when what ``topic`` names was announced ("The ferry was announced on 3
    May"); one telling of an earlier announcement of something else ("... instead of overnight, as announced on 2
    March", in the release moving the count) does not. Why: that release was taken for a text dating the move.

    >>> _tells_announced("The ferry was announced on 3 May. It sails daily.", {"ferry"})
    True
    >>> _tells_announced("The count is now on Friday, not overnight as announced on 2 March.", {"count", "moving"})
    False
    """
    return any(
        _ANNOUNCING.search(text[start:end]) and _holds_topic(text[start:end], topic)
        for start, end in split_sentences(text)
    )


def _names_title_words(typed: str, title: str, doc_id: str = "", by_last: bool = False) -> bool:
    """Whether ``typed`` names ``title`` by some of its words, in any order: two or more ("the northwind annual
    report" for "Northwind Fabrication Annual Report 2023", "the hybrid work memo" for "Memo: Hybrid Work Policy
    Update"), or one of four letters or more before what it calls the document ("the chili recipe" for "Smoky
    Black Bean Chili"), the words of its file's name counting as its title's ("the council minutes" for
    "riverton-council-minutes-2024-03-12.docx", titled "Regular Meeting Minutes - March 12, 2024"). Why: people name
    a document by a few words of its title and its kind, and "who wrote the annual report" searched the report's
    sentences for a byline they do not hold. With ``by_last``, one word alone names a title it ends, or its part before
    a dash or a colon ("when was the menu published": "Our Spring Menu"; "when was the timetable issued": "Election
    Timetable - District Council Elections 7 May 2026"); asked who wrote it, one word may be what the text is about
    ("the chili")."""
    words = set(_title_words(title)) | set(_title_words(title_from(doc_id))) if doc_id else set(_title_words(title))
    asked, kind = _called_by_kind(_initials_spelled(typed, title, words), words)
    forms, numbers = set(stems(" ".join(words))), _numbers(" ".join(words))
    missing = [  # "diffusion model": "Models"; a version names its first release ("2.0" the title's "2.0.0"); "ntm 9"
        w  # names "ntm-09-2026.txt"
        for w in asked
        if w not in words
        and not set(stems(w)) & forms
        and not ("." in w and {f"{w}.0", f"{w}.0.0"} & words)
        and not (w.isdigit() and _numbers(w) <= numbers)
    ]
    # of three words or more, one may be the question's own short form ("the paper about llms as teaching
    # assistants" for "Large Language Models as Teaching Assistants ..."): a word English hardly uses, not a word cut
    # short ("the ties w/ the taliban") nor one that says which ("the first version of camlidl")
    if not asked or (missing and (len(asked) < 3 or len(missing) > 1 or not _short_form(missing[0]))):
        return False
    # one word: before what it calls the document ("the chili recipe"), or the title's last, what it names ("the menu"
    # for "Our Spring Menu")
    # a version alone names the title holding it ("when was 2.4.0 released": "[ANN] Brindle 2.4.0 released")
    return (
        len(asked) >= 2
        or "." in asked[0]
        or (len(asked[0]) >= 4 and (kind or (by_last and asked[0] in _last_words(title))))
    )


def _ending_named(typed: str, hits: Sequence[Hit]) -> Hit | None:
    """The best hit of the one document among the best (``_best_documents``) whose whole title or file name ends with
    the one word ``typed`` names it by, when two or more of their titles or file names hold that word: "the appeal"
    is "save-marlow-meadows-appeal.md", not the e-mail "Marlow Meadows appeal: we've done it!" (a title ending with it
    names what the document is, as "Annual Report 2024" is the annual report); None otherwise. Why: "who wrote the
    appeal" named no document, and a sentence of the e-mail answered."""
    asked = [w for w in _title_words(typed) if w not in STOPWORDS]
    if len(asked) != 1 or len(asked[0]) < 4:
        return None
    word = set(stems(asked[0]))
    holding, ending = set(), []
    for hit in _best_documents(hits):
        names = [_title_words(hit.chunk.title), _title_words(title_from(hit.chunk.doc_id))]
        if any(word & set(stems(" ".join(n))) for n in names):
            holding.add(hit.chunk.doc_id)
        if any(n and word & set(stems(n[-1])) for n in names):
            ending.append(hit)
    return ending[0] if len(holding) > 1 and len(ending) == 1 else None


def _last_words(title: str) -> set[str]:
    """The last word of ``title`` and of its part before a dash or a colon ("Election Timetable - District Council
    Elections 7 May 2026": "timetable", "2026"), what it names (``_names_title_words``)."""
    return {w for part in (title, _TITLE_PART.split(title)[0]) for w in _title_words(part)[-1:]}


_INITIALS_TYPED = re.compile(r"(?<![\w&])[^\W\d_]+(?:&[^\W\d_]+)*(?![\w&])")
"""A word a question may type as a title's initials: "agm", and with an ampersand whole, "t&cs"."""
_AND = frozenset(("and", "&"))
_MOST_INITIALS = 5


def _title_initials(title: str) -> dict[str, str]:
    """The initials of each run of two to five of ``title``'s words, small joining words allowed between them
    (``acronyms.JOINING_WORDS``), and with "and" or "&" as an ampersand ("t&c": "terms and conditions"), three
    characters at least, each with the run's words; the first run when several have the same.

    >>> _title_initials("Minutes of the Annual General Meeting")["agm"]
    'annual general meeting'
    >>> _title_initials("Grain Pool Terms & Conditions")["t&c"]
    'terms & conditions'
    """
    words = re.findall(r"\w+|&", title.casefold().replace("’", "'").replace("'", ""))
    found: dict[str, str] = {}
    for first, word in enumerate(words):
        if word in JOINING_WORDS or not word.isalpha():
            continue
        plain, anded, joined = word[0], word[0], False
        for last in range(first + 1, len(words)):
            if words[last] in JOINING_WORDS:
                joined = joined or words[last] in _AND
                continue
            if not words[last].isalpha() or len(plain) == _MOST_INITIALS:
                break
            plain, anded = plain + words[last][0], anded + "&" * joined + words[last][0]
            joined = False
            for letters in (plain, anded):
                if len(letters) >= 3:
                    found.setdefault(letters, " ".join(words[first : last + 1]))
    return found


def _by_initials(question: str, title: str) -> bool:
    """Whether ``question`` calls the document titled ``title`` by its title's initials ("the agm minutes" for
    "Minutes of the Annual General Meeting"): then its words need not be those of the title or its text."""
    return _initials_spelled(question, title, set(_title_words(title))) != question


def _initials_spelled(typed: str, title: str, words: set[str]) -> str:
    """``typed`` with each word that is no word of the title (``words``) but the initials of some of ``title``'s, a
    plural's "s" aside, written as those words: "the agm minutes" names "Minutes of the Annual General Meeting" as
    "the annual general meeting minutes", "the grain pool t&cs" "Grain Pool Terms and Conditions 2026". Why: people
    call a document by its title's initials, and "agm" named no word of it.

    >>> _initials_spelled("the agm minutes", "Minutes of the Annual General Meeting", set())
    'the annual general meeting minutes'
    """
    initials = _title_initials(title)

    def spelled(found: re.Match[str]) -> str:
        word = found.group().casefold()
        if word in words or word in STOPWORDS:
            return found.group()
        return initials.get(word) or (initials.get(word[:-1], found.group()) if word.endswith("s") else found.group())

    return _INITIALS_TYPED.sub(spelled, typed) if initials else typed


def _called_by_kind(typed: str, words: set[str]) -> tuple[list[str], bool]:
    """The words ``typed`` names a document by, less what it calls the document ("the hybrid work memo", "the paper on
    graph neural networks", "the save the date email for the fete", "the press release about bergen": a kind of
    document, ``_KIND_NOUNS``) when the title's ``words`` do not hold it; and whether they did not (the question then
    calls it by its kind)."""
    asked = [w for w in _title_words(_PRESS.sub("", typed)) if w not in STOPWORDS]
    for kind, at in _kinds_typed(typed):
        if kind not in words:
            return asked[:at] + asked[at + 1 :], True
    return asked, False


def _kinds_typed(typed: str) -> list[tuple[str, int]]:
    """What ``typed`` may call a document (``_KIND_NOUNS``), each with its place among its words
    (``_called_by_kind``): one before what it is about ("the reply about the test page": a reply, not a page), or
    its last word."""
    asked = [w for w in _title_words(_PRESS.sub("", typed)) if w not in STOPWORDS]
    kinds = [(asked[-1], len(asked) - 1)] if asked and asked[-1] in _KIND_NOUNS else []
    before = _KIND_BEFORE_TOPIC.search(_PRESS.sub("", typed))
    kind = _title_words(before.group("kind") or before.group("sent"))[-1] if before else ""  # "e-mail": "mail"
    return [(kind, asked.index(kind)), *kinds] if kind in asked else kinds


def _kind_typed(typed: str) -> str:
    """The kind of document ``typed`` calls one (``_called_by_kind``): "notice" of "the recall notice", "email" of
    "the email about the callout procedure"; "" when it calls it by none.

    >>> _kind_typed("the save the date email for the fete"), _kind_typed("the chili recipe"), _kind_typed("ntm 9")
    ('email', 'recipe', '')
    """
    return next((kind for kind, _ in _kinds_typed(typed)), "")


_REPLY = re.compile(r"^\W*re(?:\[\d+\])?\s*:", re.I)
"""A reply's subject line ("Re: Change to callout procedure from 1 March")."""
_REPLIES = frozenset(("reply", "replies", "response", "responses"))


def is_reply(title: str) -> bool:
    """Whether ``title`` is a reply's subject line ("Re: Change to callout procedure"), not its message's."""
    return _REPLY.match(title) is not None


def preferred(typed: str, hits: Sequence[Hit]) -> list[Hit]:
    """``hits`` with those of documents of the kind ``typed`` calls one (``kinds_of``: its title, file name, folder
    or format) first, and replies last unless it calls it a reply; else as ranked. Why: "who signed the recall
    notice" was answered for an e-mail about the recall, ranked above recall-notice-tern-ipa.docx, and "who sent the
    email about changing the callout procedure" for the reply to it: a subject names the message that started it."""
    kind = _kind_typed(typed)
    called = set(stems(kind))
    reply = kind in _REPLIES

    def rank(hit: Hit) -> tuple[bool, bool]:
        return bool(called) and not called <= kinds_of(hit.chunk), not reply and bool(_REPLY.match(hit.chunk.title))

    return sorted(hits, key=rank)


def _words_naming(chunk: Chunk) -> set[str]:
    """The words of a passage's document's title and file name (``_names_title_words``)."""
    return set(_title_words(chunk.title)) | set(_title_words(title_from(chunk.doc_id)))


def _short_form(word: str) -> bool:
    """Whether a word may be a short form of some of a title's words: three letters or more, rare in English
    (``NAME_ZIPF``): "llms", "gnn"."""
    return len(word) >= 3 and word.isalpha() and zipf_frequency(word, "en") < NAME_ZIPF


_KIND_BEFORE_TOPIC = re.compile(
    rf"\b(?:(?P<kind>{'|'.join(sorted(_KIND_NOUNS, key=len, reverse=True))})"
    r"\s+(?:on|about|regarding|covering|concerning|for)"
    r"|(?P<sent>reply|response|letter|e-?mail|mail|message|memo|note)\s+to)\s+\w",
    re.I,
)
"""What a question calls a document, then what it is about: "the paper on graph neural networks", "the save the
date email for the fete"; or a message, then whom it is to ("the reply to jodie": the "Re:" message opening "Dear
Jodie,")."""


def metadata_answer(
    question: str,
    hits: Sequence[Hit],
    documents: Mapping[str, DocumentRecord],
    unheard: Callable[[str], bool] | None = None,
    datings: Datings = month_first,
    signers: Signers = unsigned,
) -> tuple[str, list[Citation]] | None:
    """The answer from a retrieved document's metadata; None when the question is not about an article itself
    (a yes-or-no one: ``check_answer``).

    A question that names its topic ("who wrote the story about the bounties") is about the first of the best
    hits holding the topic's words (none: no indexed article is about it); one that names nothing ("who wrote
    this?") about the best hit whose document records the answer. When that document does not record it, the
    answer says so (no citations): searching its sentences for a byline they do not hold would only find a
    wrong one. ``unheard``: whether no passage of the collection uses a word (``publisher_words``); ``datings``:
    how each document's date is written; ``signers``: who each document's closing signature names, who signed it
    when asked so, whatever author its file records.
    """
    hits = _numbered_as_asked(question, hits)  # "notice to mariners no. 09": never No. 07, whatever No. 09's title
    checked = check_answer(question, hits, documents)
    if checked is not None:
        return checked
    fields = asked_fields(question) or (["published"] if published_by_outlet(question, documents) else [])
    newest = _newest_named(question, hits, documents) if not fields and hits else None
    if newest is not None:  # "who wrote the latest ranger report": of the ranger reports, the newest
        question, hits = newest
    question = _months_spelled(question)  # "the feb newsletter" for "HCC News - February 2026"
    of_period = _of_periods_named(question, hits)  # "the january minutes": January's, never March's; none: none
    hits = of_period or hits
    # "who wrote the crag wood closure notice and when": the document named, then both
    by_title = asked_by_title(_AND_WHEN.sub("", question), hits) if not fields and of_period != [] and hits else None
    if by_title is not None:
        fields, hits = [by_title[0]], by_title[1]
        if by_title[0] == "author" and _AND_WHEN.search(question):
            fields.append("published")
    whole = _named_whole(question, hits) if fields and by_title is None else []
    hits = whole or hits  # "when was the opening hours page last updated": the page titled "Opening hours"
    if not fields or not hits:
        return None

    update = _UPDATE_ASKED.search(question) if fields[0] == "published" else None
    verb = asked_verb(question, fields[0])

    def stated(hit: Hit, record: DocumentRecord) -> list[Claim]:
        dating = datings(hit.chunk.doc_id)
        if update is not None:
            return _update_claims(update.group("verb").lower(), hit, record, hits, dating)
        title = record.title or hit.chunk.title
        if verb == "signed" and fields[0] == "author" and (signer := signers(hit.chunk.doc_id)):
            record = replace(record, author=signer)  # its signature, not its file's author property
        asked = fields
        if verb == "posted" and fields[0] == "author" and not record.author:  # "who posted it?": else its outlet
            asked = ["outlet", *fields[1:]]
        sentences = [_statement(field, title, record, verb if i == 0 else "", dating) for i, field in enumerate(asked)]
        if sentences[0] is None:  # what was asked first; the rest as far as the document records it
            return []
        return [Claim(sentence, (hit,)) for sentence in sentences if sentence is not None]

    # a document named by its title is the one meant ("the sorting howto" for "Sorting HOW TO", whose words differ)
    named = outlets_named(question, documents)
    chosen = list(hits) if by_title is not None or whole else articles_meant(question, hits, named, named)
    titled = asked_by_title(_AND_WHEN.sub("", question), hits) if not chosen and not named else None
    if titled is not None and _by_initials(question, titled.hits[0].chunk.title):
        by_title, chosen = titled, titled.hits  # "who wrote the agm minutes": by its title's initials, not its words
    if by_title is None:  # named by its title (or its title's initials, "the agm minutes"), it is the one meant
        chosen = _published_by(question, chosen, hits, documents, named, unheard)
    answer = _first_recording(chosen, documents, fields[0], stated)
    if update is not None and answer is not None and not answer[1]:  # "... does not record when it was last reviewed"
        said = f"when it was last {update.group('verb').lower()}"
        answer = (answer[0].replace(_MISSING["published"], said), answer[1])
    if by_title is not None and answer is not None and not answer[1] and fields[0] == "author" and not by_title.kind:
        # "who wrote fooutils": its program, maybe, which its text may name; not "does not record"; nor "who wrote
        # the debian manifesto", signed in its text ("Ian A. Murdock"); but "who wrote the food partnership press
        # release" asks for the release's byline, which its record does not name ("From staff reports")
        return None
    if answer is not None and not answer[1] and fields[0] == "published" and _RELEASED.search(question):
        # "when was it released?" after "which grep release made egrep warn": a release, which the text dates,
        # when the document does not record a date of its own
        return None
    return answer


_NEWEST_TYPED = re.compile(
    r"^(?P<head>\W*(?:the\s+)?)(?:latest|newest|most\s+recent|last|(?P<oldest>oldest|earliest|(?P<first>first|original)))"
    r"\s+(?=\w)",
    re.I,
)
"""The newest (or oldest) of the documents a question names: "the latest ranger report", "the first winter appeal
email" (of an appeal and its update, the appeal)."""


def _newest_named(
    question: str, hits: Sequence[Hit], documents: Mapping[str, DocumentRecord]
) -> tuple[str, list[Hit]] | None:
    """For a question about the newest (or oldest) of the documents it names ("who wrote the latest ranger report",
    "when was the oldest bulletin published"): the question without "latest" and the passages of the newest dated
    document among ``hits`` so named (by words of its title or file name, ``_names_title_words``); None for other
    questions and when no retrieved dated document is so named. Why: it abstained, every ranger report being named
    alike."""
    found = _BY_TITLE.match(question)
    typed = (found.group("author") or found.group("published")) if found else None
    newest = _NEWEST_TYPED.match(typed) if typed else None
    if found is None or typed is None or newest is None:
        return None
    rest = typed[newest.end() :]
    named = {
        h.chunk.doc_id
        for h in hits
        if h.chunk.doc_id in documents
        and period_of(documents[h.chunk.doc_id].published_at)
        and (_names_title(rest, h.chunk.title) or _names_title_words(rest, h.chunk.title, h.chunk.doc_id))
    }
    first = (newest["first"] or "").casefold()
    if not named or (first and (len(named) < 2 or any(first in _title_words(documents[d].title) for d in named))):
        # "first" of one document says which of what it is about ("the first graph neural networks paper"), and
        # "the first aid guide" names "First Aid Guide", not the oldest of the aid guides
        return None
    pick = min if newest["oldest"] else max
    chosen = pick(named, key=lambda d: (chronological(documents[d].published_at), d))
    start = found.start("author" if found.group("author") else "published") + newest.start() + len(newest["head"])
    unqualified = question[:start] + question[start + newest.end() - len(newest["head"]) :]
    return unqualified, [h for h in hits if h.chunk.doc_id == chosen]


_WHEN_WAS_NEWEST = re.compile(
    rf"^\W*when\s+(?:was|were)\s+(?P<typed>(?:the\s+)?(?:latest|newest|most\s+recent|last|oldest|earliest)\s+"
    rf"(?:[\w'’.&-]+\s+){{0,3}}?(?:{KINDS}))\W*$",
    re.I,
)
"""When the newest (or oldest) of a kind of document came out: "when were the latest trustee minutes"."""
_KIND_LAST = re.compile(rf"\b(?:{KINDS}|{_NOUN}|{'|'.join(_KIND_NOUNS)})\W*$", re.I)


def newest_asked(question: str) -> tuple[str, str, bool] | None:
    """For a question who wrote or when came out the newest (or oldest) of a kind of document ("who wrote the latest
    press statement", "when were the latest trustee minutes"): the question asked of "it" ("who wrote it", "when was
    it published"), the words naming the kind ("press statement") and whether the oldest is asked; None for other
    questions, and for words that do not end in a kind of document ("when was the last ferry").

    >>> newest_asked("who wrote the latest press statement"), newest_asked("when were the latest trustee minutes")
    (('who wrote it', 'press statement', False), ('when was it published', 'trustee minutes', False))
    """
    found = _BY_TITLE.match(question)
    field = ("author" if found.group("author") else "published") if found else ""
    typed = found.group(field) if found else None
    if found is None or typed is None:
        found, field = _WHEN_WAS_NEWEST.match(question), "when"
        typed = found.group("typed") if found else None
    newest = _NEWEST_TYPED.match(typed) if found and typed else None
    if found is None or typed is None or newest is None or newest["first"] or not _KIND_LAST.search(typed):
        return None  # "who wrote the first press release": of those the question names (``_newest_named``)
    if field == "when":
        return "when was it published", typed[newest.end() :].strip(), bool(newest["oldest"])
    start, end = found.span(field)
    return f"{question[:start]}it{question[end:]}".strip(), typed[newest.end() :].strip(), bool(newest["oldest"])


_WRITES = re.compile(
    r"^\W*who\s+(?P<verb>writes|issues|sends|publishes|posts|puts\s+out|compiles|edits)\s+(?P<typed>.+?)\W*$", re.I
)
"""Who writes, issues, sends ... a kind of document now: the newest of them ("who writes the newsletter")."""
_KIND_ONLY = re.compile(r"^\W*the\s+(?:[\w'’-]+\s+){0,3}?(?P<kind>[\w'’-]+)\W*$", re.I)
_ANY_DOCUMENT = frozenset("article story piece post page document doc text info information".split())
"""What any document may be called: no kind that tells one from others ("who wrote the article")."""


def kind_asked(question: str) -> tuple[str, str, bool] | None:
    """For a question who wrote (writes) or when came out the document it names by its kind, a few words before it
    at most ("who wrote the press release", "when was the press release issued", "who writes the newsletter"): the
    question asked of "it", the words naming the kind and whether it asks in the present tense (of the newest of
    them); None for other questions, and for a last word that names no kind of document ("who wrote hamlet") or any
    document ("the article").

    >>> kind_asked("who writes the newsletter"), kind_asked("when was the press release issued")
    (('who writes it', 'newsletter', True), ('when was it issued', 'press release', False))
    >>> kind_asked("who wrote the article"), kind_asked("who wrote hamlet"), kind_asked("who wrote the latest memo")
    (None, None, None)
    """
    found = _WRITES.match(question)
    group = "typed"
    if found is None:
        found = _BY_TITLE.match(question)
        group = ("author" if found.group("author") else "published") if found else ""
    typed = found.group(group) if found and group else None
    kind = _KIND_ONLY.match(typed) if typed else None
    if found is None or typed is None or kind is None or _NEWEST_TYPED.match(typed):
        return None
    last = _title_words(kind.group("kind"))[-1:]
    if not last or last[0] in _ANY_DOCUMENT or not _KIND_LAST.search(typed):
        return None
    start, end = found.span(group)
    asked = f"{question[:start]}it{question[end:]}".strip()
    return asked, " ".join(typed.split()[1:]).strip(" ?.!"), group == "typed"


def titled_as(kind: str, title: str) -> bool:
    """Whether ``title`` holds the last word of ``kind``, what a question calls a document ("the annual report":
    "Annual Report 2024"), in any form: then it names the document by its title, whose text may answer who wrote it.

    >>> titled_as("annual report", "Annual Report 2024"), titled_as("newsletter", "The Plot Thickens – Autumn")
    (True, False)
    """
    last = _title_words(kind)[-1:]
    return bool(last) and bool(set(stems(last[0])) & set(stems(" ".join(_title_words(title)))))


_UPDATE_ASKED = re.compile(
    r"\b(?:last\s+)?(?P<verb>updated|modified|revised|reviewed|amended|edited|(?<=\blast\s)changed)\b", re.I
)
"""How a question asks when a document was last changed rather than published ("when was the policy last
reviewed", "when was the economy page last edited": a wiki says "last edited", and the question went unread)."""
_UPDATE_SAID = re.compile(
    r"\b(?P<verb>updated|modified|revised|reviewed|amended|edited)\b\s*:?\s*(?:(?:on|in)\s+)?(?P<date>[^.;\n]{4,40})",
    re.I,
)
"""A text's own word of when it was changed: "Reviewed: 2024-03-21", "This leaflet was last revised in March 2023.",
a wiki's "This page was last edited on 27 February 2024, at 16:05."."""


def _update_said(text: str, verb: str) -> tuple[str, str] | None:
    """The verb and the day (ISO, or a month or year as written) of a line or sentence of ``text`` saying when it
    was last changed, the one using ``verb`` first; None when none does."""
    said = []
    for line in text.split("\n"):
        for found in _UPDATE_SAID.finditer(line):
            # the day ends at what follows it: "by the editor", ", to correct ...", ": an earlier version said ..."
            written = re.split(r"\s+(?:by|and|to|after|because|with)\b|,\s+(?!\d)|:\s", found.group("date"))[0].strip()
            day = normalize_date(written) if re.search(r"\d", written) else None
            day = day or (written if re.search(r"\d{4}", written) and period_of(written) else None)
            if day:
                said.append((found.group("verb").lower(), day))
    return min(said, key=lambda found: found[0] != verb) if said else None


def _update_claims(
    verb: str, hit: Hit, record: DocumentRecord, hits: Sequence[Hit], dating: Dating = Dating()
) -> list[Claim]:
    """ "When was X last reviewed": the day its text says it was changed (the line or sentence of one of its
    retrieved passages, cited), else the date it records, said as its date and not as the day asked for (as the
    day it was last updated when its text says so: ``dating``, which also says how its days are written).

    Why: the publication date answered "when was the payments postmortem reviewed" (its front matter's
    "reviewed: 2024-03-21" said otherwise) and "when was the leaflet last revised" with full confidence."""
    title = record.title or hit.chunk.title
    own = [h for h in hits if h.chunk.doc_id == hit.chunk.doc_id] or [hit]
    said = [(h, found) for h in own if (found := _update_said(h.chunk.text, verb))]
    said.sort(key=lambda pair: pair[1][0] != verb)  # the verb asked first ("reviewed" over "updated")
    if said:
        source, (word, day) = said[0]
        return [Claim(f'"{title}" was last {word} {published_when(day, True, dating.day_first)}.', (source,))]
    if record.published_at and dating.updated:
        return [Claim(f'"{title}" was {dated_as(record.published_at, dating)}.', (hit,))]
    if record.published_at:
        return [Claim(f'"{title}" is dated {published_when(record.published_at, True, dating.day_first)[3:]}.', (hit,))]
    return []


_RELEASED = re.compile(r"\b(?:released|came\s+out|come\s+out)\b", re.I)
"""How a question asks when a release came out; an article is "published" (a report or a film may be either)."""


_SECTION = re.compile(r"\s+[-|–—]\s+")


def outlet_names(source: str) -> list[str]:
    """The names an outlet goes by: as recorded, and its part before a section or tagline when it has one ("The
    Independent - Life and Style", "Cnbc | World Business News Leader": "The Independent", "Cnbc"), as feeds and
    aggregators record them and as people never type them."""
    return list(_names_of(source))


@lru_cache(maxsize=65_536)
def _names_of(source: str) -> tuple[str, ...]:
    """``outlet_names``, read once per outlet: every question about an article reads every document's outlet."""
    source = source.strip()
    head = _SECTION.split(source, maxsplit=1)[0].strip()
    return (source, head) if head and head != source else (source,)


_DOMAIN = re.compile(r"\.(?:com|org|net|news|co\.uk|com\.au|co|io|tv)$")
_LETTERS = re.compile(r"[a-z0-9]+")
COMPACT_MIN = 5
"""The shortest outlet name read with its words run together: "cbs" or "wsj" are read as they are written."""


@lru_cache(maxsize=65_536)
def compact_name(outlet: str) -> str:
    """An outlet's name as its letters and digits, without a leading "the" or a web address's ending: how a name
    recorded as "CBSSports.com" or "TechCrunch" is typed as "cbs sports" or "tech crunch"."""
    name = _DOMAIN.sub("", outlet.strip().lower())
    return "".join(_LETTERS.findall(name.removeprefix("the ")))


def _compact_runs(question: str, compact: set[str]) -> set[str]:
    """The words of the runs of two or three of the question's words that spell a name of ``compact``."""
    words = _LETTERS.findall(question.lower())
    found: set[str] = set()
    for size in (2, 3):
        for i in range(len(words) - size + 1):
            run = words[i : i + size]
            if "".join(run) in compact:
                found.update(terms(" ".join(run)))
    return found


def _outlet_words(question: str, source: str) -> set[str]:
    """The words of ``source``, and the question's words that spell it run together (``compact_name``)."""
    return set(terms(source)) | _compact_runs(question, {compact_name(name) for name in _names_of(source)})


_OUTLET_POSTED = re.compile(
    rf"\b{_WHEN_DID}\s+(?P<who>(?:[\w'’.&-]+\s+){{1,5}}?)(?:publish|post|run|put\s+(?:out|up)|release)\s+"
    r"(?:the|its|their|an?|this|that)\b",
    re.I,
)


def published_by_outlet(question: str, documents: Mapping[str, DocumentRecord]) -> bool:
    """Whether ``question`` asks when an outlet of the collection published something ("when did yardbarker post
    its list of 25 mlb guys who could get traded", "when did the sydney morning herald put up the 14 book tips"):
    what an outlet publishes is its article, whatever the question calls it. Not "when did the fed publish its
    report", whose subject publishes no article of the collection."""
    match = _OUTLET_POSTED.search(question)
    if match is None:
        return False
    who = set(terms(match.group("who")))
    return bool(who) and who <= outlets_named(match.group("who"), documents)


def outlets_named(question: str, documents: Mapping[str, DocumentRecord]) -> frozenset[str]:
    """The words of the outlets a question names ("who wrote the coast post article about tires": "coast post"),
    which say where an article is from, not what it is about (The Coast Post's article need not mention The Coast
    Post). An outlet recorded with its words run together ("CBSSports.com") is named by them apart ("cbs sports")."""
    asked = f" {' '.join(terms(question))} "
    named: set[str] = set()
    compact: set[str] = set()
    for outlet in {name for record in documents.values() if record.source for name in _names_of(record.source)}:
        words = terms(outlet)
        if words and f" {' '.join(words)} " in asked:
            named.update(words)
        if len(name := compact_name(outlet)) >= COMPACT_MIN:
            compact.add(name)
    return frozenset(named | _compact_runs(question, compact))


_KINDS_OF_ARTICLE = frozenset(
    terms(
        "review roundup feature explainer editorial interview guide obituary obituaries link url permalink read full "
        "whole original"
    )
)
"""What a question calls the article, or asks of it, not what it is about ("the lighthouse review" is titled "The
last lighthouse keepers", with no "review" in it; "where can i read the full lighthouse review")."""
TOPIC_HITS = 3
"""How many of the best hits may be the article a question names by its topic."""


_PAGE_KINDS = re.compile(r"\b(?:(?:man|manual|help|web|wiki)\s+pages?|(?:match|news)\s+reports?)\b", re.I)
"""What kind of page or report a question calls the document ("when was the moor man page updated", "the
guardian match report on ..."): no topic word."""


def _topic(
    question: str, spans: Sequence[tuple[tuple[str, str], tuple[int, int]]], extra: frozenset[str] = frozenset()
) -> set[str]:
    """The words of a question about an article that say what the article is about (its periods cut out)."""
    plain = _PAGE_KINDS.sub(" ", _without_spans(question, spans))
    framing = FIELD_WORDS | _KINDS_OF_ARTICLE
    return {w for w in terms(plain) if w not in framing and w not in STOPWORDS and w not in extra}


def topic_query(question: str, extra: frozenset[str] = frozenset()) -> str:
    """What a question about an article says it is about, as a search ("who wrote the gogoro article": "gogoro"):
    its words but the metadata words, ``extra`` and the periods it names; "" when it names no topic. Why: its
    framing words ("who wrote", "article") find other articles' passages, about writers and reports."""
    spans = dated_spans(question, yearless=True, today=date.today())
    topic = _topic(question, spans, extra)
    return " ".join(dict.fromkeys(w for w in terms(_without_spans(question, spans)) if w in topic))


def names_no_article(question: str) -> bool:
    """Whether a question about an article names none by its topic or day ("who wrote it?", "link?"): in a
    conversation, it asks about the article the previous answer is from."""
    return asked_field(question) is not None and not dated_spans(question) and not _topic(question, [])


_POINTING = re.compile(r"\b(?:it|its|this|that)\b", re.I)


def points_at_one(question: str) -> bool:
    """Whether a question about a document points at one it does not name ("who wrote it?", "when was this
    written", "what's its title?"): with no answer before to say which, over a collection of more than one, it is
    not clear which one is meant. Why: the best hit for "who wrote it?" is an arbitrary document.

    >>> points_at_one("who wrote it?"), points_at_one("who wrote the agm notice"), points_at_one("author?")
    (True, False, False)
    """
    return names_no_article(question) and _POINTING.search(question) is not None


def articles_meant(
    question: str, hits: Sequence[Hit], extra: frozenset[str] = frozenset(), outlets: frozenset[str] = frozenset()
) -> list[Hit]:
    """The hits whose documents a question about "the article" may mean: when it names a topic ("the story about
    the nba finals"; words other than metadata words and ``extra``), the first of the best ``TOPIC_HITS`` whose
    title holds two thirds of its words, else the first whose passage does, else the first whose retrieved passages
    do together (none: no article is about it); else
    every hit, best first. A period the question names ("the article published on 2023-11-17 about tires") is no
    topic word: the hits published then come first. ``outlets``: the words of the outlets it names ("who wrote the
    new york times piece"); only their hits may be meant."""
    if outlets:
        hits = [h for h in hits if outlets <= _outlet_words(question, h.chunk.source)]
    spans = _document_spans(question)
    periods = [period for period, _ in spans]
    named_by_period = bool(periods) and _period_names_document(question, spans)
    if named_by_period:  # "the autumn 2022 newsletter": that issue or none
        hits = [h for h in hits if _of_period(h, periods)]
        if not hits:
            return []
    if periods:
        hits = sorted(hits, key=lambda h: not any(within(h.chunk.published_at, p) for p in periods))
    topic = _topic(question, spans, extra)
    filed = _FILE_KINDS.intersection(terms(question))
    by_file = [h for h in hits if filed.intersection(title_from(h.chunk.doc_id).casefold().split())]
    if by_file and topic <= _FILE_KINDS | _EXTENSIONS:
        return by_file  # "who wrote the readme": README.md, not the best hit of another document recording an author
    if not topic or (named_by_period and topic <= _DOCUMENT_KINDS):  # "the autumn 2023 newsletter": that issue
        return list(hits)
    # "the rats notice": a notice (by its title, file, folder, category or format) whose title says "rats"
    called = topic & _KIND_NOUNS
    about = _about(hits, topic - called, called) if called and topic - called else None
    about = about or _about(hits, topic)
    kinds = topic & _DOCUMENT_KINDS
    if called and not any(_is_of(h.chunk, frozenset(called)) for h in hits[:TOPIC_HITS]):
        kinds |= called  # "the car park closure notice": no hit is a notice; a post need not say what it is
    if about is None and kinds and topic - kinds:  # "the ibuprofen leaflet": a leaflet need not call itself one
        about = _about(hits, topic - kinds)
    return [about] if about is not None else []


_FILE_KINDS = frozenset(terms("readme faq changelog contributing license licence"))
"""What a project names a file by what it is (README.md, FAQ.html, CHANGELOG.md): "the readme" is that file, when
the question names nothing else ("the gnupg readme" is about gnupg)."""
_EXTENSIONS = frozenset("md markdown txt rst html htm pdf docx".split())
_DOCUMENT_AFTER = rf"\s+(?:[\w'’-]+\s+)?(?:{_ONLY_ARTICLES}|{KINDS}|issues?|editions?|minutes)\b"
_NAMED_BY_PERIOD = re.compile(rf"^{_DOCUMENT_AFTER}", re.I)
"""What follows a period that names which document a question means: "the autumn 2022 newsletter", "the march 2024
minutes", "the 2023 annual report" (not "the article about the 2022 world cup", whose year is its topic's)."""


_MONTH_NAMING = re.compile(rf"(?<=\bthe\s)\s*(?P<month>{MONTH_NAMES})\b\.?(?={_DOCUMENT_AFTER})", re.I)
"""A month alone that names which document a question means: "the january minutes", "the feb newsletter" (not
"the march" of "the article about the march", nor "may" the verb)."""


def _document_spans(question: str) -> list[tuple[tuple[str, str], tuple[int, int]]]:
    """The periods a question names (``dated_spans``, of any year when it names none), with a month alone naming a
    document (``_MONTH_NAMING``). Why: "who wrote the january minutes" was answered with the March minutes' author,
    which record January's approval, and "the feb newsletter" made "feb" a topic word no issue's title holds.

    >>> _document_spans("who wrote the january minutes"), _document_spans("who wrote the article about the march")
    ([(('0000-01-01', '0000-01-31'), (14, 21))], [])
    """
    spans = dated_spans(question, yearless=True, today=date.today())
    for found in _MONTH_NAMING.finditer(question):
        if not any(start <= found.start("month") < end for _, (start, end) in spans):
            month = month_numbered(found.group("month"))
            days = calendar.monthrange(2000, month)[1]  # a leap year: February 29 of any year
            period = (f"{YEARLESS}-{month:02d}-01", f"{YEARLESS}-{month:02d}-{days}")
            spans.append((period, (found.start("month"), found.end())))
    return spans


def _months_spelled(question: str) -> str:
    """``question`` with a month's short form that names a document (``_MONTH_NAMING``) spelled out, as titles write
    it: "the feb newsletter" names "HCC News - February 2026", whose title has no "feb".

    >>> _months_spelled("who sent the feb newsletter"), _months_spelled("who sent the feb. minutes")
    ('who sent the february newsletter', 'who sent the february minutes')
    """

    def spelled(found: re.Match[str]) -> str:
        return calendar.month_name[month_numbered(found.group("month"))].casefold()

    return _MONTH_NAMING.sub(spelled, question)


def _of_periods_named(question: str, hits: Sequence[Hit]) -> list[Hit] | None:
    """The hits of the documents of the period a question names a document by ("the january minutes", "the autumn
    2023 newsletter": ``_of_period``); None when it names none so. Why: named by its words alone ("minutes"), the
    best hit's document was another month's."""
    spans = _document_spans(question)
    if not spans or not _period_names_document(question, spans):
        return None
    periods = [period for period, _ in spans]
    return [hit for hit in hits if _of_period(hit, periods)]


def _period_names_document(question: str, spans: Sequence[tuple[tuple[str, str], tuple[int, int]]]) -> bool:
    """Whether a period the question names says which issue of a document it means (``_NAMED_BY_PERIOD``)."""
    return any(_NAMED_BY_PERIOD.match(question[end:]) for _, (_, end) in spans)


def _of_period(hit: Hit, periods: Sequence[tuple[str, str]]) -> bool:
    """Whether a hit's document is of one of ``periods``: published within it, or titled by a period overlapping it
    ("Pension Matters — Autumn 2023", minutes titled by their meeting's month; a month of any year by its days).

    >>> minutes = Hit(Chunk("c", "m.pdf", "Minutes, 11 March 2026", "", 0, 1, "Approved."), 1.0)
    >>> _of_period(minutes, [("0000-03-01", "0000-03-31")]), _of_period(minutes, [("0000-01-01", "0000-01-31")])
    (True, False)
    """
    if any(within(hit.chunk.published_at, p) for p in periods):
        return True
    titled = [p for p, _ in dated_spans(hit.chunk.title)]
    return any(_overlap(start, end, t_start, t_end) for start, end in periods for t_start, t_end in titled)


def _overlap(start: str, end: str, t_start: str, t_end: str) -> bool:
    """Whether a period (of any year: ``YEARLESS``) shares a day with a title's; a title's period of two years
    ("Winter 2023", December to February) shares those of both with one of any year."""
    if not start.startswith(YEARLESS):
        return start <= t_end and t_start <= end
    if t_start[:4] == t_end[:4]:
        return start[5:] <= t_end[5:] and t_start[5:] <= end[5:]
    return start[5:] <= t_end[5:] or t_start[5:] <= end[5:]


_DOCUMENT_KINDS = frozenset(
    terms(
        "manual handbook newsletter whitepaper dissertation tutorial howto booklet brochure leaflet pamphlet readme faq"
    )
)
"""What a question may call a document besides an article ("the ibuprofen leaflet", "the sed faq"), which its text
may never say."""


def _about(hits: Sequence[Hit], topic: set[str], kinds: set[str] | None = None) -> Hit | None:
    """The first of the best ``TOPIC_HITS`` whose title holds the topic, else whose passage does, else whose
    retrieved passages do together (``articles_meant``); with ``kinds``, only of documents of those kinds
    (``kinds_of``). Why: "who posted the rats notice" means a notice about rats, "Rats at Brook Meadow" of the
    category "Site notices", whose words hold no "notice", and no indexed article was about that.

    >>> notice = Hit(Chunk("c", "N-1", "Rats at Brook Meadow", "", 0, 1, "Rats were seen.", category="Notices"), 1.0)
    >>> _about([notice], {"rats"}, {"notice"}) is notice, _about([notice], {"rats"}, {"email"})
    (True, None)
    """
    best = hits[:TOPIC_HITS]
    if kinds:
        called = set(stems(" ".join(sorted(kinds))))
        best = [h for h in best if called <= kinds_of(h.chunk)]
    about = next((h for h in best if is_about(h, topic, titled=True)), None)
    about = about or next((h for h in best if is_about(h, topic)), None)
    # a document's retrieved passages together: "the piece on sbf testifying in his own defense" names the
    # article's words, but no one passage holds two thirds of them
    return about or next((h for h in best if _holds_topic(_document_text(h.chunk.doc_id, hits), topic)), None)


_PUBLISHER = (
    re.compile(
        rf"\b{_WHEN_DID}\s+(?P<who>(?:[\w'’.&-]+\s+){{1,4}}?)(?:publish|post|run|put\s+out|write)\s+"
        rf"(?:{_TOPICAL}|(?:the|this|that|its)\s+{_ONLY_ARTICLES}|{_PRONOUN})",
        re.I,
    ),
    re.compile(rf"(?<![\w'’.&-])(?P<who>[\w.&-]+){_OWNER}\s+(?:{_TOPIC}\s+{_JOINED}?){{0,7}}?{_ONLY_ARTICLES}\b", re.I),
)
"""Where a question names whose article it means: "when did the verge publish its story on ...", "who wrote
espn's recap of ..."."""
_THE_KIND = re.compile(rf"\bthe\s+(?P<who>[\w.&-]+)\s+{_ONLY_ARTICLES}\b", re.I)
"""One word between "the" and what a question calls the article: an outlet ("the bbc story on ..."), or not ("the
recent article", "the nvidia piece")."""
_DESCRIBING = frozenset(
    terms("latest newest oldest earlier earliest previous next other same main big long short full whole viral entire")
)
"""Words describing an article rather than naming whose it is ("the viral story on ...")."""


def publisher_words(question: str, unheard: Callable[[str], bool] | None = None) -> frozenset[str]:
    """The words naming whose article a question asks about (an outlet's or a writer's, or the topic's: "nicki
    minaj's gag city piece"); empty when it names none ("when did they publish it"). With ``unheard``, also the
    word of "the bbc story on ..." when no passage of the collection uses it: no outlet or topic it holds, and so
    no article of the collection is that one."""
    framing = FIELD_WORDS | _KINDS_OF_ARTICLE | STOPWORDS | PRONOUNS | _DESCRIBING
    patterns = [*_PUBLISHER, _THE_KIND] if unheard is not None else _PUBLISHER
    found = (
        w
        for pattern in patterns
        for match in pattern.finditer(question)
        for w in terms(match.group("who"))
        if pattern is not _THE_KIND or (unheard is not None and unheard(w))
    )
    return frozenset(w for w in found if w not in framing)


def _published_by(
    question: str,
    chosen: Sequence[Hit],
    hits: Sequence[Hit],
    documents: Mapping[str, DocumentRecord],
    outlets: frozenset[str],
    unheard: Callable[[str], bool] | None = None,
) -> list[Hit]:
    """The chosen hits whose document the name a question gives its article by (``publisher_words``, other than
    the corpus's ``outlets``) fits: in its outlet, byline, title or retrieved passages. Why: "who wrote espn's
    recap of the game" over a corpus holding only another outlet's recap asks for an article it does not hold,
    and the other recap's byline would be a wrong answer."""
    named = publisher_words(question, unheard) - outlets
    if not named:
        return list(chosen)

    def fits(hit: Hit) -> bool:
        record = documents.get(hit.chunk.doc_id)
        about = f"{record.source} {record.author} {record.title}" if record is not None else ""
        return _holds_topic(f"{about} {_document_text(hit.chunk.doc_id, hits)}", set(named), share=1.0)

    return [hit for hit in chosen if fits(hit)]


def _document_text(doc_id: str, hits: Sequence[Hit]) -> str:
    """The title, sections and text of every hit of one document."""
    return " ".join(f"{h.chunk.title} {h.chunk.section} {h.chunk.text}" for h in hits if h.chunk.doc_id == doc_id)


NO_SUCH_ARTICLE = "The articles do not say. No indexed article is about that."
UNCLEAR_ARTICLE = "The articles do not say. It is not clear which article you mean: the answer before cited none."
"""A follow-up about "it" after an abstention that named no article: another article's date would be a wrong answer."""
UNNAMED_ARTICLE = "The articles do not say. It is not clear which article you mean: name it by its title or topic."
"""A first question about "it" ("who wrote it?") over more than one article: the best hit's byline would be a guess."""


def document_named(question: str, hits: Sequence[Hit]) -> str | None:
    """The document ``question`` names by its title or its topic, among ``hits`` (a search for its topic): "who
    wrote the agm notice" names agm-notice-2025.txt; None when it names nothing ("who wrote it?") or no hit is
    about what it names. Why: after an abstention, which cites nothing, "when was it published" asks about it."""
    if not topic_query(question):
        return None
    hits = _numbered_as_asked(question, hits)
    by_title = asked_by_title(question, hits)
    meant = by_title[1] if by_title is not None else articles_meant(question, hits)
    return meant[0].chunk.doc_id if meant else None


def is_about(hit: Hit, topic: set[str], titled: bool = False) -> bool:
    """Whether a passage (with its title and section) holds two thirds of a question's topic words ("the nba
    finals" is not "the final hour"); ``titled``: its document's title does ("the title of chapter 12" means the
    document titled "Chapter 12. Billing", not a better hit whose text mentions "section 12.1"). A word counts in
    any form the passage writes it ("the piece on sbf testifying": "testified")."""
    if titled:  # a file's name titles it too: "the travel guide" is travel.md, titled "Getting to Bergen"
        return _holds_topic(f"{hit.chunk.title} {title_from(hit.chunk.doc_id)}", topic)
    return _holds_topic(f"{hit.chunk.title} {hit.chunk.section} {hit.chunk.text}", topic)


def _holds_topic(text: str, topic: set[str], share: float = 2 / 3) -> bool:
    """Whether ``text`` holds ``share`` (two thirds) of the topic words, in any form or spelling, one word or two
    ("heatwave" for "Heat wave", "heat wave" for "heatwave"), and every name among them (``_names``): "the report
    on the ryecroft cup game" is not the one report on a cup game, which never names Ryecroft."""
    words, forms = set(terms(text)), set(stems(text))
    split = _split_compounds(topic, words)
    numbers = _numbers(" ".join(words))  # "ntm 9" for "No. 09"

    def held(word: str) -> bool:
        return bool(
            word in words
            or (word.isdigit() and (word.lstrip("0") or "0") in numbers)
            or set(stems(word)) & forms
            or _spelled_otherwise(word, words)
            or word in split
            or (len(word) >= COMPOUND_MIN and word in _joined_pairs(text))
        )

    found = [word for word in topic if held(word)]
    # a name may be cut short ("disinfo" for "disinformation")
    named = all(n in found or (len(n) >= SPELLING_MIN and any(w.startswith(n) for w in words)) for n in _names(topic))
    return len(found) >= share * len(topic) - 1e-9 and named


NAME_ZIPF = 2.5
"""A topic word rarer in English than this (wordfreq's Zipf scale) names something ("ryecroft" 1.2, "cetirizine"
1.5, "gnupg" 1.4; not "lighthouse" 3.6 or "ibuprofen" 2.9): an article about it names it."""


def _names(topic: set[str]) -> set[str]:
    """The topic words that name something (``NAME_ZIPF``), figures left out."""
    return {w for w in topic if w.isalpha() and zipf_frequency(w, "en") < NAME_ZIPF}


COMPOUND_MIN = 6
"""The shortest word read as two run together ("heatwave", "lineup"): "forty" is not "for ty"."""


def _joined_pairs(text: str) -> set[str]:
    """Each two neighbouring words of ``text`` written as one ("Heat wave", "heat-wave": "heatwave")."""
    letters = _LETTERS.findall(text.lower())
    return {a + b for a, b in zip(letters, letters[1:])}


def _split_compounds(topic: set[str], words: set[str]) -> set[str]:
    """The topic words that ``words`` hold run together with another topic word ("heat" and "wave" of "heatwave")."""
    return {
        part
        for a in topic
        for b in topic
        if a != b and len(a + b) >= COMPOUND_MIN and a + b in words
        for part in (a, b)
    }


SPELLING_MIN = 7
"""The shortest word read as another spelling of a longer one: "market" is not "marker"."""


def _spelled_otherwise(word: str, words: set[str]) -> bool:
    """Whether ``words`` hold ``word`` spelled otherwise at its end, as names are ("the piece on arsenal in
    seville": "Sevilla"; "zelensky": "Zelenskyy"): the same letters but the last, of words of 7 letters or more."""
    if len(word) < SPELLING_MIN:
        return False
    return any(
        len(other) >= SPELLING_MIN
        and abs(len(other) - len(word)) <= 1
        and other[: min(len(other), len(word)) - 1] == word[: min(len(other), len(word)) - 1]
        for other in words
    )


_WHO_IS = re.compile(r"^\W*(?:who(?:'s|’s|\s+is|\s+was)|tell\s+me\s+about)\s+(.+?)\W*$", re.I)
_WROTE_WHAT = re.compile(
    r"^\W*(?:what|which)\s+(?:(?:other\s+)?(?:articles?|stories|pieces|posts)\s+|else\s+)?(?:did|does|has|have)\s+"
    r"(.+?)\s+"
    r"(?:write|written|cover|covered|publish|published|post|posted|put\s+out|release|released)"
    r"(?:\s+(?:about|on))?\W*$|"
    r"^\W*(?:what|which)\s+(?:other\s+)?(?:articles?|stories|pieces|posts)\s+(?:did|does|has|have)\s+(.+?)\s+"
    r"(?:run|ran)\W*$|"
    r"^\W*what(?:'s|’s|s)\s+(?!been\b)(.+?)\s+(?:written|covered|published|posted|put\s+out|released)"
    r"(?:\s+(?:about|on))?\W*$|"
    r"^\W*(?:(?:which|what)\s+)?(?:articles?|stories|pieces|posts)\s+(?:are\s+|were\s+|is\s+|was\s+)?"
    r"(?:by|from|written\s+by|published\s+by)\s+"
    r"(.+?)(?:\s+(?:(?:are|were|is|was|got)\s+)?(?:published|written|posted|out))?\W*$|"
    r"^\W*(?:(?:list|show|give|find)\s+(?:me\s+)?(?:all\s+)?(?:of\s+)?(?:the\s+)?)?"
    r"(.+?)(?:'s|’s)?\s+(?:articles|stories|pieces|posts)\W*$|"
    r"^\W*(?:(?:is|are)\s+there\s+|(?:do|did)\s+you\s+have\s+|got\s+)?(?:anything|something|stuff|any(?:thing)?\s+"
    r"(?:else|more|other)|more|any\s+(?:more\s+|other\s+)?(?:articles?|stories|pieces|posts))\s+(?:else\s+)?"
    r"(?:by|from|written\s+by)\s+(.+?)\W*$|"
    r"^\W*(?:has|have|did|does)\s+(.+?)\s+(?:written|write|published|publish|posted|post)\s+"
    r"(?:anything|something|any\s+(?:other\s+)?(?:articles?|stories|pieces|posts))(?:\s+else)?\W*$",
    re.I,
)
"""What an author or outlet wrote: "what did jane doe write", "what did ice monthly put out", "articles by jane
doe", "list the port gazette articles", "jane doe's stories", "anything by jane doe?", "has jane doe written
anything else", "what's jane doe written" (only a name some byline or outlet carries is answered). "Run" only of
stories ("what stories did the coast post run"): "what does she run?" asks what she manages."""
PRONOUNS = frozenset("he she they him her them".split())
"""A person question naming one of these means whoever the previous answer was about."""
_NAME_SEPARATORS = re.compile(r"\s*(?:,|&|\band\b|;)\s*", re.I)


def person_asked(question: str) -> tuple[str, bool] | None:
    """The person a question asks about, and whether it asks what they wrote ("what did jane doe write") rather
    than who they are ("who is jane doe"); None for other questions."""
    wrote = _WROTE_WHAT.match(question)
    if wrote is not None:
        return " ".join(next(g for g in wrote.groups() if g).split()), True
    who = _WHO_IS.match(question)
    return (" ".join(who.group(1).split()), False) if who is not None else None


_EMPLOYER = r"(?:outlet|publication|paper|newspaper|site|website|magazine|publisher|news\s*(?:site|outlet|agency))"
_WRITES_FOR = re.compile(
    rf"^\W*(?:who|(?:which|what)\s+{_EMPLOYER})\s+(?:does|did|do|is|was)\s+(.+?)\s+"
    r"(?:write|writes|writing|work|works|working|report|reporting)\s+(?:for|at)\W*$|"
    rf"^\W*(?:which|what)\s+{_EMPLOYER}\s+(?:is|was)\s+(.+?)\s+(?:with|at|from)\W*$|"
    r"^\W*where\s+(?:does|did)\s+(.+?)\s+(?:work|write)\W*$|"
    rf"^\W*(?:who|what)(?:'s|’s|\s+is|\s+was)\s+(.+?)(?:'s|’s)\s+(?:employer|{_EMPLOYER})\W*$",
    re.I,
)
"""Asked whom an author writes for: "who does jane doe write for", "which outlet is she with", "what publication
does he work for", "where does jane doe work", "what's jane doe's outlet"."""


def employer_asked(question: str) -> str | None:
    """The person a question asks the outlet of (a name or a pronoun), None for other questions."""
    found = _WRITES_FOR.match(question)
    return " ".join(next(g for g in found.groups() if g).split()) if found is not None else None


def outlets_answer(name: str, written: Sequence[tuple[DocumentRecord, Hit]]) -> tuple[str, list[Citation]] | None:
    """ "Who does jane doe write for": the outlet of each of their documents, the one most of them are from first,
    each cited to one of its documents; None when none of them records its outlet."""
    by_outlet: dict[str, list[tuple[DocumentRecord, Hit]]] = {}
    for record, hit in written:
        if outlet := _outlet(record).strip():
            by_outlet.setdefault(outlet, []).append((record, hit))
    ranked = sorted(by_outlet.items(), key=lambda pair: -len(pair[1]))
    claims = [
        Claim(f'{name} wrote for {outlet}: "{record.title or hit.chunk.title}".', (hit,))
        for outlet, ((record, hit), *_) in ranked
    ]
    return render_claims(claims) if claims else None


_ELLIPTIC_FIELD = {"when": "when was it published?", "who": "who wrote it?", "where": "where was it published?"}


def about_the_article_again(question: str, previous: str, whole: bool = False) -> str | None:
    """ "When?" after "who wrote this?" asks when it was published: the question in full, or None when the
    previous question was not about an article itself (its metadata, or with ``whole`` the article as a whole:
    "what is it about?") or the short one is no "when/who/where"."""
    if asked_field(previous) is None and not whole:
        return None
    word = question.strip(" ?!.").lower().split()
    return _ELLIPTIC_FIELD.get(word[-1]) if word else None


OTHER = re.compile(r"\b(?:else|other)\b", re.I)
"""A question about an author's other articles ("what else has she written")."""


_FEED_AUTHOR = re.compile(r"\S+@\S+\s*\(\s*([^()@]+?)\s*\)|([^<>@,;]+?)\s*<\S+@\S+>")
"""An author as feeds record one: "jane@example.com (Jane Doe)" (RSS) or "Jane Doe <jane@example.com>"."""


def byline(author: str) -> str:
    """The byline as a reader writes it: each name of a feed's "address (Name)" or "Name <address>" without the
    address ("sascha.pare@futurenet.com (Sascha Pare)": "Sascha Pare")."""
    return _FEED_AUTHOR.sub(lambda m: m.group(1) or m.group(2), author).strip()


def byline_names(author: str) -> list[str]:
    """Each name of a byline ("Jane Doe and John Roe"; "jane@example.com (Jane Doe)": "Jane Doe")."""
    return [n.strip() for n in _NAME_SEPARATORS.split(byline(author)) if n.strip()]


def _outlet_key(name: str) -> str:
    """An outlet's name folded for matching: "the coast post", "The Coast Post" and "Coast Post" are one."""
    return " ".join(re.sub(r"^\W*the\s+", "", name.casefold()).split())


_THE = re.compile(r"^the\s+", re.I)
_CAPITALIZED_WORD = re.compile(r"[A-Z][a-z'’]+")


class Bylines:
    """The documents each author wrote, by the case-folded name, and each outlet published, and the documents by
    title (built once per index version)."""

    def __init__(self, documents: Mapping[str, DocumentRecord]) -> None:
        self._by_name: dict[str, list[DocumentRecord]] = {}
        self._bare: dict[str, str] = {}
        """Each author's key by their name without an honorific ("imogen hale" for "Dr Imogen Hale")."""
        self._spelling: dict[str, str] = {}
        self._by_outlet: dict[str, list[DocumentRecord]] = {}
        self._by_title: dict[str, str] = {}
        self._by_words: dict[frozenset[str], set[str]] = {}
        for record in documents.values():
            if record.title:
                self._by_title.setdefault(record.title, record.doc_id)
            for name in (record.title, PurePath(record.doc_id).stem, title_from(record.doc_id)):
                if words := frozenset(terms(name)):
                    self._by_words.setdefault(words, set()).add(record.doc_id)
            for name in byline_names(record.author):
                self._by_name.setdefault(name.casefold(), []).append(record)
                self._spelling.setdefault(name.casefold(), name)
                self._bare.setdefault(without_honorific(name).casefold(), name.casefold())
            if record.source.strip():
                self._by_outlet.setdefault(_outlet_key(record.source), []).append(record)
        self._by_head: dict[str, list[DocumentRecord]] = {}
        """Outlets by the name before their section or tagline ("the independent" for "The Independent - Life and
        Style"), the sections of one outlet together."""
        for key, records in self._by_outlet.items():
            head = _outlet_key(outlet_names(records[0].source)[-1])
            if head != key and head not in self._by_outlet:
                self._by_head.setdefault(head, []).extend(records)

    @cached_property
    def name_words(self) -> frozenset[str]:
        """The lower-case words of every author's and outlet's name: words a question may use that no passage
        does ("who is chris plante" where only a byline says Plante), so never a misspelling."""
        names = [*self._spelling.values(), *(records[0].source for records in self._by_outlet.values())]
        return frozenset(w.casefold() for name in names for w in re.findall(r"[^\W\d_]+", name))

    @cached_property
    def outlet_initials(self) -> dict[str, str]:
        """Each outlet by its initials, as people type it ("nyt": "New York Times", "wsj": "Wall Street Journal"),
        a leading "The" aside; only a name of two or more capitalized words, and only initials one outlet has."""
        found: dict[str, list[str]] = {}
        for records in self._by_outlet.values():
            name = _THE.sub("", records[0].source.strip())
            words = [w for w in re.findall(r"[\w'’.&-]+", name) if w.casefold() not in STOPWORDS]
            if len(words) >= 2 and all(_CAPITALIZED_WORD.fullmatch(w) for w in words):
                found.setdefault("".join(w[0] for w in words).casefold(), []).append(name)
        return {initials: names[0] for initials, names in found.items() if len(names) == 1}

    @cached_property
    def _spaced_names(self) -> list[tuple[str, str, list[DocumentRecord]]]:
        """Every outlet's and author's key, its words one space apart, and its documents (read once a version)."""
        names = [*self._by_outlet.items(), *self._by_head.items(), *self._by_name.items()]
        names += [(bare, self._by_name[key]) for bare, key in self._bare.items() if bare != key]
        return [(key, spaced, records) for key, records in names if (spaced := _spaced(key))]

    def named_by(self, question: str) -> tuple[list[str], list[DocumentRecord]]:
        """The words of the outlet or author a question names as whole words ("the newest polygon article"), the
        longest name first, with their documents; ([], []) when it names none."""
        folded = f" {_spaced(question)} "
        found = [(key, records) for key, spaced, records in self._spaced_names if f" {spaced} " in folded]
        if not found:
            return [], []
        key, records = max(found, key=lambda pair: len(pair[0]))
        return terms(key), records

    def titled(self, title: str) -> str | None:
        """The document with this exact title (the first indexed, when several share it)."""
        return self._by_title.get(title)

    def named(self, name: str) -> str | None:
        """The one document whose title or file name says ``name``'s words, no more and no fewer ("threadpoolctl"
        names threadpoolctl.md, "python dotenv" the README titled "python-dotenv"); None when none or several do
        (the paragraphs of one article sharing its title name no single document)."""
        found = self._by_words.get(frozenset(terms(name)), set()) if name.strip() else set()
        return next(iter(found)) if len(found) == 1 else None

    def named_in(self, text: str, outlets: bool = False) -> str:
        """The first author whose name ``text`` holds ("" when none): whom "she" means after an answer naming her;
        with ``outlets``, an outlet too (whom "they" may mean after "Polygon published ...")."""
        folded = text.casefold()
        names = list(self._spelling.items())
        names += (
            [(records[0].source.strip().casefold(), records[0].source.strip()) for records in self._by_outlet.values()]
            if outlets
            else []
        )
        found = [(at, name) for key, name in names if key and (at := folded.find(key)) >= 0]
        return min(found)[1] if found else ""

    def written_by(self, name: str) -> tuple[str, list[DocumentRecord]]:
        """The name as the bylines spell it and the documents carrying it (none when nobody of that name wrote); an
        honorific on either side does not count ("imogen hale" wrote what "Dr Imogen Hale" did, and the reverse)."""
        key = name.casefold()
        if key not in self._by_name:
            key = self._bare.get(without_honorific(key), key)
        return self._spelling.get(key, name), self._by_name.get(key, [])

    def count(self, outlets: bool) -> int:
        """How many authors (or outlets) the bylines name."""
        return len(self._by_outlet if outlets else self._by_name)

    def ranked(self, outlets: bool) -> list[tuple[str, list[DocumentRecord]]]:
        """Every author (or outlet) with their documents, the most documents first, then by name."""
        counts = self._by_outlet if outlets else self._by_name
        named = [
            (records[0].source.strip() if outlets else self._spelling[key], records) for key, records in counts.items()
        ]
        return sorted(named, key=lambda pair: (-len(pair[1]), pair[0].casefold()))

    def most(self, outlets: bool) -> list[tuple[str, list[DocumentRecord]]]:
        """The authors (or outlets) with the most documents, ties together ("who wrote the most articles")."""
        ranked = self.ranked(outlets)
        return [pair for pair in ranked if len(pair[1]) == len(ranked[0][1])] if ranked else []

    def published_by(self, outlet: str) -> tuple[str, list[DocumentRecord]]:
        """The outlet as the documents spell it and the documents it published ("what did harbour times write about",
        "which articles are from the coast post"); none when no document is from it."""
        key = _outlet_key(outlet)
        records = self._by_outlet.get(key, [])
        if not records and key in self._by_head:  # "the independent" for "The Independent - Life and Style"
            records = self._by_head[key]
            return outlet_names(records[0].source)[-1], records
        return (records[0].source.strip() if records else outlet), records


def _spaced(text: str) -> str:
    """``text``'s words, case-folded, one space apart ("CBSSports.com" -> "cbssports com")."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def byline_answer(
    name: str, written: Sequence[tuple[DocumentRecord, Hit]], verb: str = "wrote"
) -> tuple[str, list[Citation]] | None:
    """ "Who is Robyn Dixon?" when all the articles say of her is their byline: what she wrote, each cited (an
    outlet: what it ``verb`` "published")."""
    claims = [Claim(f'{name} {verb} "{record.title or hit.chunk.title}".', (hit,)) for record, hit in written]
    return render_claims(claims) if claims else None


_WRITINGS = rf"(?:articles?|stories|pieces|posts|news|reports?|documents?|docs|pages|{KINDS})"
_LISTING = re.compile(
    rf"^\W*(?:(?:which|what)\s+(?:other\s+)?{_WRITINGS}|(?:list|show|give)\s+(?:me\s+)?(?:the\s+|all\s+)?"
    rf"{_WRITINGS}|(?:any\s+)?{_WRITINGS})"
    r"\s+(?:(?:were|was|are|is|have\s+been|got)\s+)?(?:published|posted|written|released|updated|put\s+out|out|"
    r"came\s+out|come\s+out|appeared|ran|from|dated|on|in|of|since|after|before|during)\b|^\W*what\s+(?:was|got|has\s+been)\s+(?:published|posted|written)\b"
    # "anything from last june?", "is there anything new since march 2021": the articles of then
    r"|^\W*(?:(?:is|was)\s+there\s+|do\s+you\s+have\s+|got\s+)?(?:anything|any\s+news|something)\s+(?:new\s+)?"
    r"(?:from|published|posted|since|dated)\b",
    re.I,
)


VAGUE = frozenset(terms("happen happened happening news new anything everything going event events day date"))
"""Words that ask nothing beyond the date: "what happened on 29 june 2020" asks what was published then."""


_YEAR = re.compile(r"\b(?:in|during|from|of|since|after|before)\s+((?:19|20)\d\d)\b", re.I)


def asks_for_articles(question: str) -> bool:
    """Whether the question asks for articles ("which articles were published ...") rather than events
    ("what happened on ..."), which the articles' sentences may answer when no article is of that day."""
    return _LISTING.match(question) is not None


def _period_spans(question: str, bare_years: bool = False) -> list[tuple[tuple[str, str], tuple[int, int]]]:
    """The days, months or years a question names, with where (a year after "in", "since" ... only when it asks
    for articles, or with ``bare_years``: "articles from 2019", "what did jane doe write in 2019")."""
    spans = dated_spans(question, yearless=True, today=date.today())
    if not spans and (bare_years or asks_for_articles(question)):
        spans = [((f"{y}-01-01", f"{y}-12-31"), m.span(1)) for m in _YEAR.finditer(question) for y in [m.group(1)]]
    return spans


def _without_spans(question: str, spans: Sequence[tuple[tuple[str, str], tuple[int, int]]]) -> str:
    """The question with the places of the named periods cut out (a range and the days it joins overlap)."""
    merged: list[list[int]] = []
    for start, end in sorted(span for _, span in spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    rest = question
    for cut, upto in reversed(merged):
        rest = rest[:cut] + " " + rest[upto:]
    return rest


_DANGLING = re.compile(r"(?:\s+(?:on|in|during|from|since|after|before|between|and|the))+\W*$", re.I)
"""The words a period named last leaves behind ("... were published on", "... on the" of "on the 19th of june")."""


def undated(question: str) -> tuple[str, list[tuple[str, str]]]:
    """The question without the period it names, and the period ("what did the coast post write about on
    2023-11-17" -> "what did the coast post write about", [("2023-11-17", "2023-11-17")]): what an author or outlet
    wrote then."""
    spans = _period_spans(question, bare_years=True)
    if not spans:
        return question, []
    rest = " ".join(_without_spans(question, spans).split())
    return _DANGLING.sub("", rest) or rest, _periods(question, spans)


def listing_periods(question: str) -> list[tuple[str, str]]:
    """The periods a question asks the articles of ("which articles were published in december 2023", "what was
    published on 29/06/2020", "what happened on june 29, 2020"); empty for other questions."""
    spans = _period_spans(question)
    if not spans:
        return []
    rest = _without_spans(question, spans)
    if not _LISTING.match(question) and set(terms(rest)) - VAGUE - FIELD_WORDS:
        return []
    return _periods(question, spans)


def listing_topic(question: str) -> list[str]:
    """The words a question asking for the articles of a period adds to the period ("articles from december 2023
    about google" -> ["google"]): only the articles mentioning them are meant."""
    rest = _without_spans(question, _period_spans(question))
    framing = VAGUE | FIELD_WORDS | _ASKING_FOR
    return [w for w in dict.fromkeys(terms(rest)) if w not in framing and w not in STOPWORDS]


_ASKING_FOR = frozenset(terms("show list display see want need else other got get ones any all every there"))
"""Words that only ask for a listing ("show me", "what else", "what got published")."""


def _periods(question: str, spans: Sequence[tuple[tuple[str, str], tuple[int, int]]]) -> list[tuple[str, str]]:
    """Each named period as (first day, last day), read with the word before it ("since", "after", "before")."""
    periods = []
    for (start, end), (at, _) in spans:
        before = question[:at].rstrip().lower()
        if start.startswith(YEARLESS):
            pass
        elif before.endswith("since"):
            end = "9999-12-31"
        elif before.endswith("after"):
            start, end = (date.fromisoformat(end) + timedelta(days=1)).isoformat(), "9999-12-31"
        elif before.endswith("before"):
            start, end = "0001-01-01", (date.fromisoformat(start) - timedelta(days=1)).isoformat()
        periods.append((start, end))
    return periods


def published_within(
    periods: Sequence[tuple[str, str]], documents: Mapping[str, DocumentRecord]
) -> list[DocumentRecord]:
    """The documents published in any of the periods, oldest first."""
    found = [r for r in documents.values() if any(within(r.published_at, p) for p in periods)]
    return sorted(found, key=lambda r: (chronological(r.published_at), r.title))


def listing_answer(
    listed: Sequence[tuple[DocumentRecord, Hit]], more: int, datings: Datings = month_first
) -> tuple[str, list[Citation]] | None:
    """Each listed document's title and day (as ``datings`` says its text writes it), cited; ``more`` others
    published then are counted, not listed."""
    claims = [
        Claim(f'"{r.title or hit.chunk.title}" was {dated_as(r.published_at, datings(r.doc_id))}.', (hit,))
        for r, hit in listed
    ]
    if not claims:
        return None
    if more:
        claims.append(Claim(f"{more} more {'article was' if more == 1 else 'articles were'} published then.", ()))
    return render_claims(claims)
