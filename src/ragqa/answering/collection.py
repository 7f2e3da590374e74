"""Questions about the collection as a whole, answered from the documents' metadata and cited to documents:
how many articles there are and which, who wrote or published the most, how many articles an author or outlet
has, which outlets and authors there are, the newest articles (about a topic), and which or how many articles
mention a topic.

Why: no passage says "Jane Doe wrote 8 of these articles" or which article is the newest; the sentence path
answered "who wrote the most articles" with the byline of whichever article came first, and "which outlets are
there" with a sentence about power outlets.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath

from ragqa.answering.citations import Citation, Claim, render_claims
from ragqa.answering.metadata import (
    FIELD_WORDS,
    KINDS,
    VAGUE,
    Datings,
    byline_names,
    dated_as,
    is_about,
    is_reply,
    kinds_of,
    month_first,
)
from ragqa.ingest.dates import chronological, period_of
from ragqa.ingest.formats import title_from
from ragqa.ingest.words import STOPWORDS, terms
from ragqa.records import DocumentRecord, Hit
from ragqa.retrieval.lexical import stems
from ragqa.retrieval.query import dated_spans

_MOST = re.compile(
    r"^\W*(?:who|which\s+(?P<kind>author|writer|reporter|journalist|outlet|source|publication|publisher|site|"
    r"paper|newspaper|magazine|agency)s?)\s+(?:has\s+|have\s+)?(?P<verb>wrote|writes|written|published|publishes|"
    r"posted|posts)\s+(?:the\s+)?most(?:\s+(?:articles?|stories|pieces|posts|news|often))?\W*$",
    re.I,
)
_OUTLET_KINDS = frozenset("outlet source publication publisher site paper newspaper magazine agency".split())
_HOW_MANY = re.compile(
    rf"^\W*how\s+many\s+(?:articles?|stories|pieces|posts|documents|{KINDS})\s+(?:(?:did|does|has|have)\s+(?P<by>.+?)\s+"
    r"(?:write|written|publish|published|post|posted|send|sent)|(?:are|were|is|was)\s+(?:there\s+)?(?:(?:written|published)\s+)?(?:by|from)"
    r"\s+(?P<from>.+?))\W*$",
    re.I,
)


_WRITES_FOR = re.compile(
    r"^\W*(?:who\s+(?:writes|wrote|has\s+written|reports|reported|works)|(?:which|what)\s+(?:authors|writers|"
    r"reporters|journalists)\s+(?:write|wrote|have\s+written|work|worked|are|were))\s+(?:for|at|with)\s+"
    r"(?P<outlet>.+?)\W*$",
    re.I,
)
"""Asking who writes for an outlet ("who writes for the port gazette", "which reporters work for ice monthly")."""


_WHO_ALL = re.compile(
    r"^\W*(?:(?:which|what)\s+(?P<kind>outlets?|sources?|publications?|publishers?|sites?|newspapers?|papers?|"
    r"authors?|writers?|reporters?|journalists?)\s+(?:are\s+there|do\s+(?:you|we)\s+have|are\s+(?:indexed|covered|"
    r"included|represented|in\s+(?:here|there|(?:the\s+)?(?:corpus|index|collection)))|did\s+you\s+index)"
    r"|how\s+many\s+(?:different\s+)?(?P<counted>outlets|sources|publications|publishers|sites|newspapers|papers|"
    r"authors|writers|reporters|journalists)\s+(?:are\s+there|do\s+(?:you|we)\s+have|are\s+(?:indexed|covered|"
    r"included|represented|in\s+(?:here|there|(?:the\s+)?(?:corpus|index|collection))))"
    r"|(?:list|show|name)\s+(?:me\s+)?"
    r"(?:all\s+)?(?:the\s+)?(?P<listed>outlets|sources|publications|publishers|sites|newspapers|papers|authors|"
    r"writers|reporters|journalists)|who\s+are\s+the\s+(?P<who>authors|writers|reporters|journalists))\W*$",
    re.I,
)


def tally_asked(question: str) -> tuple[str, str] | None:
    """What a question counts among the documents: ("most", "authors" or "outlets") for "who wrote the most
    articles" / "which outlet published the most", ("count", NAME) for "how many articles did the port
    gazette publish", ("list", "authors" or "outlets") for "which outlets are there", ("writers", OUTLET) for "who
    writes for the port gazette"; None for other questions."""
    writes_for = _WRITES_FOR.match(question)
    if writes_for is not None:
        return "writers", " ".join(writes_for.group("outlet").split())
    listed = _WHO_ALL.match(question)
    if listed is not None:
        kind = next(g for g in listed.group("kind", "counted", "listed", "who") if g).lower().rstrip("s")
        return "list", "outlets" if kind in _OUTLET_KINDS else "authors"
    most = _MOST.match(question)
    if most is not None:
        kind = (most.group("kind") or "").lower()
        outlets = kind in _OUTLET_KINDS or (not kind and most.group("verb").lower().startswith("publish"))
        return "most", "outlets" if outlets else "authors"
    many = _HOW_MANY.match(question)
    if many is not None:
        return "count", " ".join((many.group("by") or many.group("from")).split())
    return None


def tally_answer(
    name: str,
    records: Sequence[DocumentRecord],
    total: int,
    cited: Sequence[tuple[DocumentRecord, Hit]],
    most: str = "",
) -> tuple[str, list[Citation]] | None:
    """ "Jane Doe wrote 12 of the 600 indexed articles, more than any other author [1][2][3]": a count of the
    bylines (or outlets), cited to some of the documents counted; ``most``: "author" or "outlet" when it answers
    who has the most among several."""
    if not records or not cited:
        return None
    verb = "published" if most == "outlet" or records[0].source.strip() == name else "wrote"
    text = f"{name} {verb} {len(records)} of the {_counted(total, 'indexed article')}"
    text += f", more than any other {most}." if most else "."
    return render_claims([Claim(text, tuple(hit for _, hit in cited))])


def tie_answer(tied: Sequence[tuple[str, int, Hit]], total: int, outlets: bool) -> tuple[str, list[Citation]] | None:
    """ "Harbour Times and Port Gazette wrote the most of the 5 indexed articles, 2 each. [1][2]": who has the
    most when several have as many, each cited to one of their documents (one alone named the first of them)."""
    if len(tied) < 2:
        return None
    names = [name for name, _, _ in tied]
    named = f"{', '.join(names[:-1])} and {names[-1]}"
    verb = "published" if outlets else "wrote"
    text = f"{named} {verb} the most of the {_counted(total, 'indexed article')}, {tied[0][1]} each."
    return render_claims([Claim(text, tuple(hit for _, _, hit in tied))])


def scope(total: int, period: bool = False, by: str = "") -> str:
    """The articles a count is of: "the 600 indexed articles", "the 151 articles published then", "the 87
    articles by The Port Gazette", "the only article by Jane Doe"."""
    noun = "article" if by or period else "indexed article"
    tail = (f" by {by}" if by else "") + (" published then" if period else "")
    return f"the only {noun}{tail}" if total == 1 else f"the {_counted(total, noun)}{tail}"


def _counted(n: int, noun: str) -> str:
    """ "1 indexed article", "609 indexed articles"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def roster_answer(
    ranked: Sequence[tuple[str, int, Hit]], names: int, total: int, outlets: bool
) -> tuple[str, list[Citation]] | None:
    """ "The 600 indexed articles come from 50 outlets. Ice Monthly published 101 of them. [1] ...": how many
    authors (or outlets) the documents name, then the ones with the most, each cited to one of their documents."""
    if not ranked:
        return None
    kind = _counted(names, "outlet" if outlets else "author")
    opening = (
        f"{_counted(total, 'indexed article')} {'come' if total != 1 else 'comes'} from {kind}."
        if outlets
        else f"The bylines of {_counted(total, 'indexed article')} name {kind}."
    )
    verb = "published" if outlets else "wrote"
    claims = [Claim(opening, ())]
    for name, count, hit in ranked:
        claims.append(Claim(f"{name} {verb} {count} of them.", (hit,)))
    return render_claims(claims)


def writers_of(records: Sequence[DocumentRecord]) -> list[tuple[str, list[DocumentRecord]]]:
    """The authors the bylines of ``records`` name, each with their documents among them, the most first, then
    by name (an outlet's writers: "who writes for the port gazette")."""
    by_name: dict[str, tuple[str, list[DocumentRecord]]] = {}
    for record in records:
        for name in byline_names(record.author):
            by_name.setdefault(name.casefold(), (name, []))[1].append(record)
    return sorted(by_name.values(), key=lambda pair: (-len(pair[1]), pair[0].casefold()))


def writers_answer(
    outlet: str, total: int, shown: Sequence[tuple[str, int, Hit]], names: int
) -> tuple[str, list[Citation]] | None:
    """ "The bylines of the 4 articles by Port Gazette name 3 authors. Jane Doe wrote 2 of them. [1] ...": who
    wrote an outlet's ``total`` articles, the ``shown`` authors (name, count, a passage of one of theirs) cited."""
    if not shown:
        return None
    claims = [Claim(f"The bylines of {scope(total, by=outlet)} name {_counted(names, 'author')}.", ())]
    claims += [Claim(f"{name} wrote {count} of them.", (hit,)) for name, count, hit in shown]
    return render_claims(claims)


_LATEST = re.compile(
    r"^\W*(?:(?:what|which)(?:'s|’s|s|\s+(?:is|are|was|were))\s+(?:the\s+)?|(?:show|give|list|tell)\s+(?:me\s+)?"
    r"(?:the\s+)?|any\s+|the\s+)?(?:(?P<newest>latest|newest|most\s+recent|recent|last)|oldest|earliest|least\s+recent)\s+"
    r"(?!(?:page|chapter|section|part|step|paragraph|line|sentence|row|entry|item|appendix|day|date|time|week"
    r"|month|year|hour|chance|opportunity|call|deadline|train|bus|ferry|collection|order)s?\b)"
    r"(?!minute\b|(?<=last\s)minutes\b)"  # "the last minute(s) of the match", not "the latest minutes" of a meeting
    r"(?:(?!(?:about|on|from|by)\b)[\w'’.&-]+\s+){0,3}?"
    rf"(?:articles?|stories|story|pieces?|posts?|reports?|documents?|docs|(?P<kind>{KINDS}|news))\b"
    r"(?!.*\b(?:say|says|said|claim|claims|mention|"
    r"mentions|think)\b)|^\W*what(?:'s|’s|s|\s+is)\s+(?P<new>new)\W*$"
    r"|^\W*(?:what(?:'s|’s|s|\s+is)\s+(?:the\s+)?)?(?P<by>latest|newest|most\s+recent)\s+(?:from|by)\s+\S",
    re.I,
)
"""Asking for the newest (or oldest) articles, not what they say ("what did the latest article say about x")."""
_LATEST_WORDS = frozenset(
    terms(
        "latest newest most recent recently last new oldest earliest least articles article stories story news show "
        "give list tell any all ever collection corpus index indexed database archive document documents docs "
        "email emails press release releases listing listings"
    )
) | frozenset(terms(KINDS.replace("?", "").replace("|", " ")))


def latest_topic(question: str) -> tuple[set[str], bool] | None:
    """The topic words of a question asking for the newest articles ("what is the latest article", "newest
    stories about ferries" -> {"ferry"}) or the oldest ("the earliest story"), and whether it asks for the
    newest; None for other questions."""
    found = _LATEST.search(question)
    if found is None:
        return None
    topic = {w for w in terms(question) if w not in FIELD_WORDS | _LATEST_WORDS | VAGUE and w not in STOPWORDS}
    return topic, bool(found.group("newest") or found.group("new") or found.group("by"))


def latest_kind(question: str) -> str:
    """The kind of document a question asking for the newest (or oldest) names, other than an article, a story, a
    post or a document ("whats the latest bulletin": "bulletin"); "" when it names none.

    >>> latest_kind("whats the latest bulletin"), latest_kind("what is the latest article")
    ('bulletin', '')
    >>> latest_kind("latest news"), latest_kind("whats the latest post on the blog")
    ('news', 'blog')
    """
    found = _LATEST.search(question)
    if found is None:
        return ""
    placed = _PLACED.match(question, found.end()) if not found.group("kind") else None
    kind = found.group("kind") or (placed.group("kind") if placed else "")
    return " ".join(kind.lower().split())


_PLACED = re.compile(rf"\s+(?:on|in|from)\s+(?:the|our|your)\s+(?P<kind>{KINDS}|news)\W*$", re.I)
"""Where a post is, the kind of what holds it: "the latest post on the blog", "the newest item in the newsletter"."""


def of_kind(kind: str, documents: Mapping[str, DocumentRecord]) -> dict[str, DocumentRecord]:
    """The documents whose title, file name, folders, category or format say they are of ``kind`` ("bulletins": a
    "Member Bulletin November 2025"), when they are fewer than half of ``documents``; all of them otherwise. Why: in
    a collection of many kinds "the latest bulletin" listed the newest documents of any kind, or abstained; in a
    collection of guides every document is a guide, though only half of their titles say so (a travel site's "what's
    the latest guide": its Kyoto page)."""
    chosen = _of_kind(kind, documents)
    return chosen if chosen and 2 * len(chosen) < len(documents) else dict(documents)


def _of_kind(kind: str, documents: Mapping[str, DocumentRecord]) -> dict[str, DocumentRecord]:
    """The documents named as of ``kind`` (``kinds_of``), and the other issues of a series one of them is an issue
    of (``series_of``): the February issue of "The Common Room", an e-mail, is a newsletter as its November issue,
    "newsletter-november-2025.html", says it is."""
    wanted = set(stems(kind)) - STOPWORDS
    chosen = {d: r for d, r in documents.items() if wanted and _named_as(wanted, r)}
    series = {series_of(r.title) for r in chosen.values()} - {""}
    return {d: r for d, r in documents.items() if d in chosen or series_of(r.title) in series}


_NEWS = frozenset(stems("news"))
_NEWSLETTER = frozenset(stems("newsletter"))
_NEWS_WORD = re.compile(r"\bnews\b", re.I)


def _named_as(wanted: set[str], record: DocumentRecord) -> bool:
    """Whether a document's title, file name, folders, category or format (``kinds_of``) name it as ``wanted``'s
    kind, or the file it was read from does ("blog-export.jsonl" for each of its posts); news takes in newsletters,
    and a newsletter is a document titled (or filed) "news" with an issue's period ("HCC News: April 2026",
    "hcc-news-february-2026.eml"). Why: "the latest newsletter" listed a concert programme
    over the issues of a newsletter named "... News", and "the latest news" the newest documents of any kind.

    >>> _named_as(set(_NEWSLETTER), DocumentRecord("n.eml", "HCC News - February 2026", "", "", "", "", "h", 1))
    True
    >>> _named_as(set(_NEWSLETTER), DocumentRecord("news-1", "Choir wins award", "", "", "", "News", "h", 1))
    False
    """
    kinds = kinds_of(record) | set(stems(" ".join([*PurePath(record.path).parts[:-1], title_from(record.path)])))
    if wanted <= kinds:
        return True
    if wanted == _NEWS:
        return _NEWSLETTER <= kinds
    names = (record.title, title_from(record.doc_id))
    return wanted == _NEWSLETTER and any(_NEWS_WORD.search(n) and (dated_spans(n) or _ISSUE.search(n)) for n in names)


_ISSUE = re.compile(r"\b(?:issue|no\.?|number|vol(?:ume)?\.?|edition)\s*\d+", re.I)
"""An issue's number in a title ("Parish News, Issue 14", "Bulletin No. 12")."""


def series_of(title: str) -> str:
    """The name of the series a document is an issue of: its title's words before the first period or issue number
    it names, in lower case; "" when it names none or nothing comes before it. Why: issues of one title are one kind
    of document, though only one says what kind.

    >>> series_of("The Common Room – February 2026: new phone booths"), series_of("The Common Room: November 2025")
    ('the common room', 'the common room')
    >>> series_of("Minutes of the Trustees' Meeting"), series_of("Parish News, Issue 14")
    ('', 'parish news')
    """
    starts = [start for _, (start, _) in dated_spans(title)]
    issue = _ISSUE.search(title)
    starts += [issue.start()] if issue else []
    words = re.findall(r"\w+", title[: min(starts)].casefold()) if starts else []
    return " ".join(words) if set(words) - STOPWORDS else ""


def newest_of_kind(kind: str, documents: Mapping[str, DocumentRecord], newest: bool = True) -> DocumentRecord | None:
    """The newest (or oldest) dated document of ``kind`` (``of_kind``: its title, file name, folders, category,
    format or series say so; "press statement": of the category "Press statements"), among every one of
    ``documents``; None when none is dated and of that kind. Why: "who wrote the latest press statement" was
    answered for a retrieved file whose name said "press", a release newer than the statements."""
    dated = [r for r in _of_kind(kind, documents).values() if period_of(r.published_at)]
    pick = max if newest else min
    return pick(dated, key=lambda r: (chronological(r.published_at), r.doc_id)) if dated else None


def one_of_kind(kind: str, documents: Mapping[str, DocumentRecord], newest: bool = False) -> DocumentRecord | None:
    """The one document of ``kind`` (``_of_kind``: its title, file name, folders, category, format or series say so)
    among every one of ``documents``; of several, the newest dated one when ``newest`` ("who writes the newsletter":
    the latest issue's writer), a reply ("Re: ...") never; else None. Why: "who wrote the press release" abstained
    over a collection holding one, named so only by its file's name, and "who writes the newsletter" said no
    article was about that, its issues titled "The Plot Thickens – ..." in newsletters/."""
    chosen = [r for r in _of_kind(kind, documents).values() if not is_reply(r.title)]
    if len(chosen) == 1:
        return chosen[0]
    if not newest:
        return None
    dated = [r for r in chosen if period_of(r.published_at)]
    return max(dated, key=lambda r: (chronological(r.published_at), r.doc_id)) if dated else None


def newest_about(
    topic: set[str], hits: Sequence[Hit], documents: Mapping[str, DocumentRecord], limit: int, newest: bool = True
) -> list[DocumentRecord]:
    """The ``limit`` newest dated documents of ``hits`` about ``topic`` (of the whole collection when there is no
    topic), newest first: what "the latest article about the ferry" lists; the oldest, oldest first, when not
    ``newest``."""
    if topic:
        about = {h.chunk.doc_id for h in hits if is_about(h, topic)}
        chosen: Iterable[DocumentRecord] = (documents[d] for d in about if d in documents)
    else:
        chosen = documents.values()
    dated = (r for r in chosen if period_of(r.published_at))
    pick = heapq.nlargest if newest else heapq.nsmallest
    return pick(limit, dated, key=lambda r: (chronological(r.published_at), r.title))


_ARTICLES = rf"(?:articles?|stories|story|pieces?|posts?|documents?|reports?|{KINDS})"
_TOPIC = re.compile(
    rf"^\W*(?:(?P<count>how\s+many)\s+{_ARTICLES}\s+(?:(?:are|were)\s+there\s+)?"
    rf"|(?:is|are)\s+there\s+(?:an?\s+|any\s+)?{_ARTICLES}\s+"
    rf"|do\s+you\s+have\s+(?:an?\s+|any\s+)?{_ARTICLES}\s+"
    r"|(?:(?:is|was)\s+there|do\s+you\s+have|have\s+you\s+got|got)\s+anything\s+(?:(?:written|published)\s+)?"
    r"(?=about|on|regarding|concerning|mentioning|covering)"
    r"|anything\s+(?=about|on|regarding|concerning)"
    rf"|(?:which|what)\s+(?:other\s+)?{_ARTICLES}\s+"
    rf"|(?:find|show|list|give)\s+(?:me\s+)?(?:the\s+|all\s+|any\s+)?{_ARTICLES}\s+"
    rf"|any\s+{_ARTICLES}\s+)"
    r"(?:(?:that|which)\s+)?(?:(?:are|is|were|was|have\s+been)\s+)?(?:(?:written|published)\s+)?"
    r"(?:about|on|regarding|concerning|mentioning|mentions?|mentioned|naming|names?|discuss(?:es|ing)?|"
    r"talk(?:s|ing)?\s+about|cover(?:s|ing)?)\s+(?P<topic>.+?)\W*$",
    re.I,
)
"""Asking which or how many articles are about something: "is there an article about the regatta", "how many
articles mention jane doe", "is there anything about the harbour" (not "which articles are from the port
gazette": an outlet, ``metadata``)."""


def topic_asked(question: str) -> tuple[bool, str, list[str]] | None:
    """(whether a count is asked, the topic as written, its words) of a question asking which or how many articles
    are about a topic; None for other questions and for a topic of no content word ("any articles about it")."""
    found = _TOPIC.match(question)
    if found is None:
        return None
    topic = found.group("topic").strip()
    words = topic_terms(topic)
    if not words:
        return None
    return found.group("count") is not None, topic, words


def topic_terms(topic: str) -> list[str]:
    """A topic's content words, each once, in order (what a passage must hold to mention it)."""
    return [w for w in dict.fromkeys(terms(topic)) if w not in STOPWORDS]


def topic_answer(
    counted: bool,
    topic: str,
    among: str,
    found: int,
    cited: Sequence[tuple[DocumentRecord, Hit]],
    datings: Datings = month_first,
) -> tuple[str, list[Citation]] | None:
    """How many of the articles ``among`` names ("the 600 indexed articles", ``scope``) mention ``topic``
    (``counted``), or which do, each cited by title and day (written as ``datings`` says); None when nothing can
    be cited."""
    if not cited:
        return None
    claims = []
    if counted or found > len(cited):
        verb = "mentions" if found == 1 else "mention"
        count = among[0].upper() + among[1:] if among.startswith("the only ") else f"{found} of {among}"
        claims.append(Claim(f"{count} {verb} {topic}.", ()))
    for record, hit in cited:
        claims.append(Claim(f'"{record.title or hit.chunk.title}"{_when(record, datings)}.', (hit,)))
    return render_claims(claims)


def _when(record: DocumentRecord, datings: Datings) -> str:
    """ ", published on 2 February 2026" after a listed document's title ("last updated" when its text says so of
    the day: ``Dating``), "" for an undated one."""
    return f", {dated_as(record.published_at, datings(record.doc_id))}" if record.published_at else ""


_DOCS = rf"(?:articles?|stories|documents?|docs|texts|files|pages|posts|{KINDS})"
_STORE = r"(?:corpus|index|collection|database|knowledge\s+base|library|archive)"
_HELD = (
    rf"(?:are\s+there|(?:are|were)\s+(?:there\s+)?(?:indexed|stored|loaded|available|in\s+(?:the\s+|your\s+)?{_STORE})"
    rf"|do\s+you\s+(?:have|know)|have\s+you\s+(?:got|indexed|read|loaded)|did\s+you\s+(?:index|read|load)"
    rf"|(?:does|do)\s+(?:the\s+|your\s+)?{_STORE}\s+(?:have|hold|contain))"
)
_INVENTORY = re.compile(
    rf"^\W*(?:(?P<count>how\s+many)\s+{_DOCS}\s+{_HELD}|(?:what|which)\s+{_DOCS}\s+{_HELD}"
    rf"|(?:list|show|name)\s+(?:me\s+)?(?:all\s+)?(?:the\s+|your\s+)?{_DOCS}"
    rf"|what(?:'s|’s|s|\s+is)\s+in\s+(?:the\s+|your\s+)?{_STORE}|what\s+(?:do\s+you\s+have|have\s+you\s+(?:got|indexed|read)))"
    r"\W*$",
    re.I,
)
"""Asking what the collection holds: "how many articles are there", "what documents do you have", "list the
articles", "what's in the index" (not about a topic, an author or a period: those are answered above)."""


def inventory_asked(question: str) -> bool | None:
    """Whether a question asking what the collection holds asks for a count ("how many articles are there")
    rather than a list ("what articles do you have"); None for other questions."""
    found = _INVENTORY.match(question)
    return None if found is None else found.group("count") is not None


_KIND_NAMED = re.compile(rf"\b(?:{KINDS})\b", re.I)


def inventory_kind(question: str) -> str:
    """The kind of document a question asking what the collection holds names, in the plural as typed ("list the
    press statements": "press statements"); "" when it names none but articles, documents, posts ...

    >>> inventory_kind("list the press statements"), inventory_kind("how many articles are there")
    ('press statements', '')
    """
    found = _KIND_NAMED.search(question)
    return " ".join(found.group().lower().split()) if found else ""


def inventory_answer(
    total: int,
    shown: Sequence[tuple[DocumentRecord, Hit]],
    kind: str = "",
    datings: Datings = month_first,
) -> tuple[str, list[Citation]] | None:
    """ "609 articles are indexed; the 5 newest:" and each shown document's title and day, cited (newest first:
    ``newest``); of a ``kind`` ("press statements"), "3 press statements are indexed:"; None when nothing can be
    cited."""
    if not shown:
        return None
    counted = _counted(total, "article") if not kind else f"{total} {kind if total != 1 else _singular(kind)}"
    opening = f"{counted} {'is' if total == 1 else 'are'} indexed"
    if total > len(shown):
        opening += f"; the {len(shown)} newest:" if shown[0][0].published_at else f"; {len(shown)} of them:"
    else:
        opening += ":"
    claims = [Claim(opening, ())]
    for record, hit in shown:
        claims.append(Claim(f'"{record.title or hit.chunk.title}"{_when(record, datings)}.', (hit,)))
    return render_claims(claims)


def _singular(kind: str) -> str:
    """One of a kind typed in the plural: "press statement" of "press statements" (not "minute" of "minutes")."""
    return kind[:-1] if kind.endswith("s") and not kind.endswith(("minutes", "ss")) else kind


def newest(documents: Iterable[DocumentRecord]) -> list[DocumentRecord]:
    """The documents newest first, then those without a date, each group by title."""
    ordered = sorted(documents, key=lambda r: (r.title, r.doc_id))
    return sorted(ordered, key=lambda r: chronological(r.published_at), reverse=True)


MAX_QUESTION_WORDS = 20
"""Longer questions compare what sources reported; they are answered from the passages."""
_WROTE = r"(?:write|wrote|written|cover|covered|report|reported|publish|published|post|posted)"
_ANYTHING = (
    r"(?:\s+(?:anything|something|any\s+(?:articles?|stories|pieces|posts)|(?:an?\s+)?(?:articles?|stories|story|"
    r"pieces?|posts?)))?"
)
_WHO = r"\S+(?:\s+\S+){0,4}?"
"""An author's or outlet's name: at most five words."""
_NO_OWNER = (
    r"(?:any|all|some|more|other|the|these|those|this|that|are|is|were|was|list|show|me|which|what|recent|new|latest)"
)
"""Words before "articles about ..." that name no author or outlet ("any articles about ftx")."""
_BY_ABOUT = re.compile(
    rf"^\W*(?:(?P<when>when\s+)?(?P<check>did|does|has|have)\s+(?P<name>{_WHO})\s+(?:ever\s+)?(?:{_WROTE}{_ANYTHING}\s+"
    rf"(?:about|on|regarding)|cover(?:ed)?)\s+|(?:what|which\s+{_DOCS})\s+(?:did|does|has|have)\s+(?P<asked>{_WHO})\s+"
    rf"{_WROTE}\s+(?:about|on|regarding)\s+|(?:(?:which|what|any|list|show(?:\s+me)?)\s+)?(?:the\s+)?"
    rf"(?:{_DOCS}|(?:is\s+there\s+|got\s+)?(?:anything|something))\s+(?:by|from)\s+(?P<listed>{_WHO})\s+"
    rf"(?:about|on|regarding|mentioning)\s+|(?:(?:which|what|any|list|show(?:\s+me)?)\s+)?(?:the\s+)?"
    rf"(?!{_NO_OWNER}\b)(?P<owner>\S+?(?:\s+\S+?){{0,4}}?)(?:'s|’s)?\s+{_DOCS}\s+(?:about|on|regarding|mentioning)\s+)"
    rf"(?P<topic>.+?)\W*$",
    re.I,
)
"""Asking what an author or outlet wrote about a topic: "did ice monthly write about the ferry", "has the
gazette covered the regatta", "what did jane doe write about tires", "articles by john roe about the lighthouse",
"when did the port gazette write about the harbour" (the articles are listed with their days), "anything from the
gazette about the regatta", "any port gazette articles about the harbour"."""


def byline_topic_asked(question: str) -> tuple[bool, str, str] | None:
    """(whether it asks yes or no, the author or outlet as written, the topic as written) of a question asking
    what someone wrote about a topic; None for other questions."""
    found = _BY_ABOUT.match(question) if len(question.split()) <= MAX_QUESTION_WORDS else None
    if found is None:
        return None
    name = found.group("name") or found.group("asked") or found.group("listed") or found.group("owner")
    return (
        found.group("check") is not None and found.group("when") is None,
        " ".join(name.split()),
        found.group("topic").strip(),
    )
