"""The one answer path: conversation, follow-up rewrite, retrieval, LLM or extractive answer, as events.

``AnswerPipeline.run`` yields the events of ``ragqa.answering.events``; every entry point goes through it:
the HTTP layer streams them (server-sent events, OpenAI chunks) or collects them into one ``AnswerResult``,
and ``ragqa ask`` and ``ragqa eval`` collect them too. No HTTP in here: the LLM client is given, and the
pipeline never sees a request.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import re
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ragqa.answering.abstention import load_model
from ragqa.answering.acronyms import (
    CORPUS_WIDE_LIMIT,
    as_initials,
    clipped,
    clipped_runs,
    expand,
    headed,
    initials_typed,
    looked_up_whole,
    phrase_readings,
    spelled_out,
    stands_for_other,
    unknown_short_words,
    written_as_initials,
    written_out,
)
from ragqa.answering.citations import Citation, CitationRewriter, Claim, citations_for, render_claims
from ragqa.answering.collection import (
    byline_topic_asked,
    inventory_answer,
    inventory_asked,
    inventory_kind,
    latest_kind,
    latest_topic,
    newest,
    newest_about,
    newest_of_kind,
    of_kind,
    one_of_kind,
    roster_answer,
    scope,
    tally_answer,
    tally_asked,
    tie_answer,
    topic_answer,
    topic_asked,
    topic_terms,
    writers_answer,
    writers_of,
)
from ragqa.answering.events import Citations, Delta, Done, Error, Event, FallbackReason, Mode, Sources
from ragqa.answering.evidence import dated_away, dates_as_written, speaker_at, speaker_turns
from ragqa.answering.expansions import (
    asked_expansion,
    asked_what_is,
    defined,
    holds,
    introduced,
    written_as_acronym,
)
from ragqa.answering.extractive import ABSTAIN_MESSAGE, ExtractiveAnswer, below_cut_off, extractive_answer
from ragqa.answering.followup import (
    Likeness,
    answering_claim,
    asked_of_other,
    asks_for_more,
    continued,
    continued_turn,
    corrected_question,
    corrected_subject,
    elliptic,
    heuristic_rewrite,
    looks_like_follow_up,
    more_of,
    near_misses,
    query_asked_again,
    re_asked,
    referred_context,
    table_columns,
    topic_referred,
    valid_rewrite,
    with_columns,
    with_person_named_before,
    with_thing_named,
)
from ragqa.answering.llm import LLMClient, LLMError
from ragqa.answering.metadata import (
    NO_SUCH_ARTICLE,
    OTHER,
    PRONOUNS,
    TOPIC_HITS,
    UNCLEAR_ARTICLE,
    UNNAMED_ARTICLE,
    Bylines,
    Dating,
    about_the_article_again,
    articles_meant,
    asked_field,
    asks_for_articles,
    byline_answer,
    dating_of,
    document_coded,
    document_named,
    employer_asked,
    is_about,
    kind_asked,
    listing_answer,
    listing_periods,
    listing_topic,
    may_name_by_title,
    metadata_answer,
    names_no_article,
    newest_asked,
    outlets_answer,
    outlets_named,
    person_asked,
    points_at_one,
    preferred,
    published_within,
    signed_by,
    title_words_named,
    titled_as,
    topic_query,
    undated,
    unrecorded_author,
    without_reference,
)
from ragqa.answering.overview import (
    asks_overview,
    defined_named,
    greets,
    heading_key,
    letter_head,
    opening,
    overview_answer,
    overview_named,
    topic_words,
)
from ragqa.answering.prompts import (
    ABSTAIN_PHRASE,
    REWRITE_PROMPT,
    Prompt,
    PromptTooLong,
    estimate_tokens,
    fit_prompt,
    says_not_in_articles,
    strip_markers,
)
from ragqa.answering.recency import asks_now, newer_than
from ragqa.answering.smalltalk import (
    small_talk,
    small_talk_reply,
    without_acknowledgement,
    without_greeting,
    without_topic_switch,
)
from ragqa.answering.spelling import (
    Speller,
    clippings,
    corrected,
    misspelt,
    read_clipping,
    respell,
    spelt_otherwise,
    thousands_written,
    units_apart,
    with_apostrophes,
    written_apart,
)
from ragqa.answering.timeline import asked_again, asked_period, happened_answer, happenings
from ragqa.answering.typed import as_asked, with_country_written
from ragqa.answering.verify import SentenceVectors, check_support
from ragqa.answering.warm import Encode, SentenceWarmer
from ragqa.chat.conversations import Conversations, ConversationStore, Turn, cited_turn, new_id
from ragqa.config import Settings
from ragqa.embedding.encoder import Encoder
from ragqa.index.chunk_table import chunk_columns, chunks_at
from ragqa.index.holder import IndexHolder
from ragqa.ingest.dates import chronological, writes_day_first
from ragqa.observability import metrics, tracing
from ragqa.observability.fallbacks import record_fallback, record_stream_error
from ragqa.records import Chunk, DocumentRecord, Hit
from ragqa.retrieval.filters import Filters, documents_within
from ragqa.retrieval.lexical import stems, terms
from ragqa.retrieval.query import dates_written_out
from ragqa.retrieval.searcher import Searcher

log = logging.getLogger(__name__)

SCOPES = 8
"""How many sets of filters' documents and bylines are kept (``AnswerPipeline._scope``)."""
QUOTED_SENTENCES = 3
"""How many sentences of an answer sent back as text are looked for in the passages (``_with_quoted_passages``)."""
QUOTED_MIN = 20
"""The shortest such sentence looked for (shorter ones are too common to place)."""
QUOTED_SEARCH = 5
"""How many passages a quoted sentence's search reads for the one holding it."""
_NO_ARTICLE = "No indexed article"


def _within_filters(answer: ExtractiveAnswer, filters: Filters | None) -> ExtractiveAnswer:
    """An answer about the collection that found no article, saying it looked only among those matching the request's
    filters ("No indexed article matching the filters (source "Coastal Herald") is by or from jane doe"): without
    it, a reader takes the filters' doing for the collection's."""
    if not answer.abstained or filters is None or not filters.active or _NO_ARTICLE not in answer.text:
        return answer
    within = f"{_NO_ARTICLE} matching the filters ({filters.describe()})"
    return dataclasses.replace(answer, text=answer.text.replace(_NO_ARTICLE, within, 1))


_CLAIM_END = re.compile(r"(?<=\])(?= )")
ACRONYM_PASSAGES = 20
"""How many passages retrieved for a question with an unknown short word are read for a name it abbreviates."""
_QUOTED = re.compile(r'"([^"]{2,400})"')
LISTED_DOCUMENTS = 5
"""At most this many documents are listed when a question asks what an author wrote or what was published when."""
TALLY_CITED = 3
"""Documents cited for a count of what an author or outlet published."""
SHORT_TOPIC = 3
"""Most words of a topic whose articles are looked up by its words ("elon musk", "the steam deck oled"): a longer
description ("how ai is changing jobs") may be written in other words, and the passages answer it."""
TOPIC_POOL = 2
"""A question about an article whose own search found no article about it searches its topic for this many times
``default_top_k`` passages: a long article's retrieved passages are read together for the topic's words ("the
verge piece on sbf testifying in his own defense": "Sam" in its title, "testified" in its sixth passage)."""
LATEST_LISTED = 3
"""The newest documents listed for "what is the latest article"."""
DATING_PASSAGES = 40
"""The most passages of a document read for how it writes days and dates itself (``Pipeline.dating``): its first and
last ones, where a title block and a "Last updated" footer stand."""
DATING_SAMPLE = 400
"""The passages of a collection, spread over it, read for the order it writes days in (for a document writing none)."""
NAME_WORDS = 5
"""The most words an author's or outlet's name has when a question asks what they wrote (longer: a question)."""
NAMED_TURNS = 3
"""How many answers back "she" may name the author meant ("who wrote this?", "when?", "what else has she written?")."""


def _named(bylines: Bylines, answers: Sequence[str], outlets: bool = False) -> str:
    """The author (or with ``outlets`` the outlet) the newest of ``answers`` to name one names: whom "she" means in
    "what else has she written?" after "who wrote this?" and "when?"."""
    return next((name for answer in answers if (name := bylines.named_in(answer, outlets))), "")


QUOTED_PASSAGES = 1
"""How many of the passages an answer quoted (the first ones) a follow-up's passages always include (two gained
nothing more on the conversation sets' tune halves)."""
QUOTED_SCAN = 2_000
"""A document of more chunks is not scanned for a quoted passage (its chunks are read to find it)."""


_WHO_SAID = re.compile(r"^\W*who\s+(?:said|says|asked|wrote|mentioned|suggested|proposed)\s+(?:that|this|it)\W*$", re.I)
"""Asking who spoke the words the answer before quoted."""


def _headed(hit: Hit) -> str:
    """A passage's text under its title and heading (``acronyms.headed``): where its acronyms are spelled out."""
    return headed(hit.chunk.title, hit.chunk.section, hit.chunk.text)


def _last_cited(turns: Sequence[Turn]) -> tuple[str, ...]:
    """The documents the conversation is about: those the last answer cited, or when it cited none because a
    follow-up or a question on the same topic was not answered ("and the author?" of an article recording none,
    "how much has flipboard raised in total" before "who wrote the article"), those the answer before cited."""
    for turn in reversed(turns):
        if turn.doc_ids or not (looks_like_follow_up(turn.question) or turn.answer.startswith(ABSTAIN_PHRASE)):
            return turn.doc_ids
    return ()


def _cited_first(turn: Turn, doc_id: str, chunk_id: str | None) -> Turn:
    """``turn`` with ``doc_id`` (and ``chunk_id``, one of its passages) first among those its answer cited.

    >>> _cited_first(Turn("q", "q", "a [1] b [2]", ("c1", "c2"), ("d1", "d2")), "d2", "c2").doc_ids
    ('d2', 'd1')
    """
    chunks = turn.chunk_ids if chunk_id is None else (chunk_id, *(c for c in turn.chunk_ids if c != chunk_id))
    return dataclasses.replace(turn, chunk_ids=chunks, doc_ids=(doc_id, *(d for d in turn.doc_ids if d != doc_id)))


def _without_near_misses(hits: list[Hit], turn: Turn) -> list[Hit]:
    """``hits`` but those of the documents whose passages hold the sentences ``turn``'s answer quoted before the one
    that answered (``followup.near_misses``) and none that answered: "tell me more" after "what's the course record"
    reads on in the race report that held the record, not in the route-change post a near miss was quoted from."""
    missed = near_misses(turn)
    if not missed:
        return hits
    answering = answering_claim(turn)[0]
    texts = {h.chunk.chunk_id: " ".join(h.chunk.text.split()) for h in hits}
    holding = {h.chunk.doc_id for h in hits if answering in texts[h.chunk.chunk_id]}
    dropped = {h.chunk.doc_id for h in hits if any(m in texts[h.chunk.chunk_id] for m in missed)} - holding
    return [h for h in hits if h.chunk.doc_id not in dropped] or hits


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 2)


def split_for_streaming(text: str) -> list[str]:
    """Pieces of an already complete answer (one per cited claim); they concatenate to ``text``."""
    return [p for p in _CLAIM_END.split(text) if p]


@dataclass
class AnswerResult:
    """Everything the events of one answer carried, collected: the one result type of every entry point."""

    conversation_id: str = ""
    answer_id: str = ""
    answer: str = ""
    citations: list[Citation] = field(default_factory=list)
    abstained: bool = False
    mode: Mode = "extractive"
    fallback_reason: FallbackReason | None = None
    index_version: str = ""
    query: str = ""
    timings_ms: dict[str, float] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    confidence: float | None = None


class AnswerFailed(Exception):
    """The answer could not be completed (an ``Error`` event while collecting)."""


async def collect(events: AsyncIterator[Event]) -> AnswerResult:
    """Fold an event sequence into one result; raise ``AnswerFailed`` on an ``Error`` event."""
    result = AnswerResult()
    parts: list[str] = []
    async for event in events:
        if isinstance(event, Sources):
            result.conversation_id, result.answer_id, result.hits = event.conversation_id, event.answer_id, event.hits
        elif isinstance(event, Delta):
            parts.append(event.text)
        elif isinstance(event, Citations):
            result.citations, result.abstained = event.citations, event.abstained
        elif isinstance(event, Done):
            result.mode, result.fallback_reason = event.mode, event.fallback_reason
            result.index_version, result.query, result.timings_ms = event.index_version, event.query, event.timings_ms
            result.confidence = event.confidence
        elif isinstance(event, Error):
            raise AnswerFailed(event.message)
    result.answer = "".join(parts)
    return result


@dataclass
class _LLMOutcome:
    """How the LLM attempt ended: an answer (text, citations), or a reason to fall back."""

    text: str = ""
    citations: list[Citation] = field(default_factory=list)
    fallback_reason: FallbackReason | None = None
    abstained: bool = False


@dataclass
class _Reading:
    """A question as ``AnswerPipeline.run`` reads it: ``question`` is what its turn stores, ``asked`` what sentences
    are chosen by, ``query`` what was searched for, ``turns`` the turns it was read with, ``hits`` the passages
    found and ``version`` the index version they came from."""

    question: str
    asked: str
    query: str
    turns: list[Turn]
    hits: list[Hit]
    version: str


class AnswerPipeline:
    """Answers questions within conversations; the LLM is optional and every LLM failure falls back."""

    def __init__(
        self,
        settings: Settings,
        holder: IndexHolder[Searcher],
        encoder: Encoder,
        conversations: Conversations | None = None,
        llm: LLMClient | None = None,
        twin: Callable[[], Encode] | None = None,
        warm_store: Path | None = None,
    ) -> None:
        """``llm`` None means: the one ``settings`` configure (none when ``RAGQA_LLM_BASE_URL`` is empty);
        ``conversations`` None: an in-memory store (``Services.build`` passes the SQLite one replicas share);
        ``twin`` builds the encoder that warms sentence vectors in the background (None: no warming), and
        ``warm_store`` is the folder where they are saved for the next start (None: not saved)."""
        self.settings = settings
        self.holder = holder
        self.encoder = encoder
        # `is None`, not `or`: an empty store has length 0
        self.conversations: Conversations = (
            conversations
            if conversations is not None
            else ConversationStore(
                max_turns=settings.conversation_max_turns,
                ttl_s=settings.conversation_ttl_s,
                max_conversations=settings.conversation_max_count,
            )
        )
        self.llm = llm if llm is not None else LLMClient.from_settings(settings)
        self.warmer = SentenceWarmer(twin, settings.sentence_vectors_warm, warm_store)
        self.sentence_vectors = SentenceVectors(encoder.encode, warm=self.warmer.get)
        self.abstention = load_model()
        self._scoped: dict[tuple[str, Filters | None], tuple[dict[str, DocumentRecord], Bylines]] = {}
        self._headings: tuple[str, frozenset[tuple[str, ...]]] | None = None
        self._speller: tuple[str, Speller] | None = None
        self._phrases: tuple[str, dict[str, str]] | None = None
        self._first_rows: tuple[str, dict[str, tuple[int, int]]] | None = None
        self._datings: tuple[str, bool, dict[str, Dating]] | None = None

    def retrieve(
        self, question: str, top_k: int | None = None, filters: Filters | None = None
    ) -> tuple[list[Hit], str]:
        """The passages an answer to ``question`` is built from (among those passing ``filters``), and the
        index version they come from; ``IndexUnavailable`` when no index is loaded."""
        retriever = self.holder.current
        with (
            metrics.RETRIEVAL_LATENCY.time(),
            tracing.span("ragqa.retrieve", {"ragqa.index_version": retriever.version}) as current,
        ):
            hits = retriever.search(question, top_k or self.settings.default_top_k, filters)
            current.set_attribute("ragqa.hits", len(hits))
        return hits, retriever.version

    def spell_out(self, question: str, query: str, filters: Filters | None = None) -> tuple[str, str]:
        """The question and its search query with the words the corpus never uses read as it writes them: a
        misspelt word as the corpus word it is one slip away from ("kabulv" -> "kabulov"), then an acronym as the
        passages retrieved for it spell it out ("nsc" -> "National Security Council"); unchanged otherwise."""
        question, query = with_apostrophes(question), with_apostrophes(query)  # "whos the author"
        question, query = without_greeting(question), without_greeting(query)  # "hi, who wrote this?"
        question, query = without_reference(question), without_reference(query)  # "... according to the article"
        retriever = self.holder.serving
        if retriever is None:
            return question, query
        corpus = retriever.corpus_view()
        question, query = thousands_written(question, corpus.has_term), thousands_written(query, corpus.has_term)
        question, query = units_apart(question, corpus.has_term), units_apart(query, corpus.has_term)  # "5ghz"
        spellings = spelt_otherwise(question, corpus.has_term)  # "licence" where the corpus says "license"
        for word, apart in list(spellings.items()):  # "harbourmaster": only where a passage says "Harbour Master"
            two = apart.replace("-", " ")  # "email": only where one says "E-mail" ("recap" is no "re-cap")
            if " " in two and not written_apart(two, (h.chunk.text for h in self.retrieve(two, 5, filters)[0])):
                del spellings[word]
        question, query = respell(question, spellings), respell(query, spellings)
        clips = clippings(question, corpus.has_term)  # "the defib", "membership sec", "chief exec"
        if clips:  # a name only a byline or an outlet carries is no clipping
            clips = {w: start for w, start in clips.items() if start not in self._byline_index(retriever).name_words}
        if clips and corpus.vocabulary is not None:
            speller = self._spelling(retriever.version, corpus.vocabulary)
            readings = {typed: speller.completions(start) for typed, start in clips.items()}
            some = any(readings.values())  # the passages that may write a reading beside the question's word
            texts = [h.chunk.text for h in self.retrieve(query, ACRONYM_PASSAGES, filters)[0]] if some else []
            read = {
                w: whole
                for w, found in readings.items()
                if (whole := read_clipping(question, w, clips[w], found, texts))
            }
            question, query = respell(question, read), respell(query, read)
        typos = misspelt(question, corpus.has_term)
        if typos:  # a name only a byline or an outlet carries is no slip
            typos = [w for w in typos if w not in self._byline_index(retriever).name_words]
        if typos and corpus.vocabulary is not None:
            fixes = corrected(typos, self._spelling(retriever.version, corpus.vocabulary))
            question, query = respell(question, fixes), respell(query, fixes)
        words = unknown_short_words(question, corpus.has_term)
        if not words:
            return question, query
        # "the nyt article": an outlet's initials, which only the documents' metadata spells out
        outlets = self._byline_index(retriever).outlet_initials
        names = {w: outlets[w] for w in words if w in outlets}
        if len(names) < len(words):
            wide, _ = self.retrieve(query, ACRONYM_PASSAGES, filters)
            texts = [_headed(hit) for hit in wide]
            unread = [w for w in words if w not in names]
            clips = clipped(question, unread, texts) or self._clipped_whole(question, unread)  # "lib dems"
            for typed, phrase in clips.items():
                question, query = written_out(question, typed, phrase), written_out(query, typed, phrase)
            words = [w for w in words if not any(w in typed.lower().split() for typed in clips)]
            names |= spelled_out([w for w in words if w not in names], texts)
        names |= {w: reading for w in words if w not in names and (reading := self._read_whole(w)) is not None}
        if asked_expansion(question) is not None:  # "what does nsc stand for": searched for its reading, still asked
            return question, expand(query, names)
        return expand(question, names), expand(query, names)

    def _spelling(self, version: str, vocabulary: Mapping[str, int]) -> Speller:
        """The speller of the corpus's words, made once per index version."""
        if self._speller is None or self._speller[0] != version:
            self._speller = (version, Speller(vocabulary, vocabulary.__getitem__))
        return self._speller[1]

    def with_initials(self, question: str, query: str, hits: Sequence[Hit]) -> tuple[str, str] | None:
        """The question and its query with a name typed in full written as the initials the articles use instead
        ("how many jobs did automatic data processing add" -> "... did ADP add"), when the passages retrieved for
        it (``hits``) write those initials in capitals and none of them holds every word of the name; None when
        nothing is so written. Only initials of three to five letters the corpus uses and English does not."""
        retriever = self.holder.serving
        has_term = retriever.corpus_view().has_term if retriever is not None else None
        if has_term is None or not hits:
            return None
        runs = [(phrase, letters) for phrase, letters in initials_typed(question) if looked_up_whole(letters)]
        runs = [(phrase, letters) for phrase, letters in runs if has_term(letters)]
        texts = [hit.chunk.text for hit in hits]
        readings = spelled_out([letters for _, letters in runs], texts)
        runs = [
            (phrase, letters)
            for phrase, letters in runs
            if not stands_for_other(phrase, readings.get(letters) or self._read_whole(letters))
        ]
        written = [(phrase, letters) for phrase, letters in runs if written_as_initials(letters, phrase, texts)]
        for phrase, letters in written:
            question, query = as_initials(question, phrase, letters), as_initials(query, phrase, letters)
        return (question, query) if written else None

    def _clipped_whole(self, question: str, unknown: list[str]) -> dict[str, str]:
        """``acronyms.clipped`` over the whole corpus (up to ``CORPUS_WIDE_LIMIT`` chunks), for a clipped name the
        passages retrieved for its question never write out ("how many seats did the lib dems win", where only the
        results table says "Liberal Democrats"); read only when the question has such a run."""
        retriever = self.holder.serving
        if retriever is None or not clipped_runs(question, unknown):
            return {}
        chunks = retriever.index.chunks
        if len(chunks) > CORPUS_WIDE_LIMIT:
            return {}
        return clipped(question, unknown, chunk_columns(chunks, ["text"])[0])

    def _read_whole(self, word: str) -> str | None:
        """The phrase the whole corpus writes for an acronym the passages retrieved for its question do not
        (``acronyms.phrase_readings``, read once per index version, for corpora up to ``CORPUS_WIDE_LIMIT``
        chunks)."""
        retriever = self.holder.serving
        if retriever is None or not looked_up_whole(word):
            return None
        if self._phrases is None or self._phrases[0] != retriever.version:
            chunks = retriever.index.chunks
            columns = chunk_columns(chunks, ["text", "title", "section"]) if len(chunks) <= CORPUS_WIDE_LIMIT else []
            texts = columns[0] if columns else []
            # each title and heading once, however many passages it heads: a document names itself once
            heads = dict.fromkeys(headed(heading, "", "") for column in columns[1:] for heading in column)
            self._phrases = (retriever.version, phrase_readings([*texts, *heads]))
        return self._phrases[1].get(word)

    def extractive(
        self,
        question: str,
        hits: list[Hit],
        context: str = "",
        previous: str = "",
        threshold: float | None = None,
        judged: str | None = None,
        filters: Filters | None = None,
        cited: Sequence[str] = (),
        earlier: Sequence[str] = (),
        shown: str = "",
        reading: bool = False,
    ) -> ExtractiveAnswer:
        """The extractive answer (or abstention) from already retrieved passages; questions about an article
        itself (its author, date, title, outlet) are answered from its metadata. ``context``: what a follow-up
        refers to (``answering.followup.referred_context``); ``previous``: the answer before, which "he" or "she"
        in "what else has she written?" names; ``threshold``: the confidence below which to abstain (default
        ``RAGQA_ABSTAIN_THRESHOLD``, else the model's own); ``judged``: a follow-up with the words of what it refers
        to, which the evidence is weighed with (``extractive_answer``); ``filters``: the request's, for a wider
        search (``expansion_answer``); ``cited``: the documents the answer before cited, the first of which "who
        wrote it?" asks about."""
        retriever = self.holder.serving
        talk = small_talk(question)
        if talk is not None and retriever is not None:  # "hi", "thanks", "what can you do?": no search answers it
            documents = retriever.documents.values()
            last = max(documents, key=lambda r: (chronological(r.published_at), r.title), default=None)
            reply = small_talk_reply(talk, len(documents), last.title if last is not None else "")
            return ExtractiveAnswer(reply, [], False, 1.0, None)
        if not hits and filters is not None and filters.active:  # the request's filters leave no passage at all
            metrics.record_abstention("extractive")
            described = filters.describe()
            return ExtractiveAnswer(
                f"The articles do not say. No indexed article matches the filters ({described}).", [], True, 0.0, None
            )
        # within the filters: a word only the documents they leave out use is one the corpus does not know
        corpus = retriever.corpus_view(filters) if retriever is not None else None
        # reading an article on ("tell me more" after its byline or overview), its title is what is asked: its
        # sentences, not the answers about articles that a title worded as a question would get ("What's behind ...")
        tallied = None
        if not reading:  # before "who wrote ...?"
            tallied = (
                self.tally(question, hits, filters)
                or self.latest(question, hits, filters)
                or self.inventory(question, hits, filters)
            )
        if tallied is not None:
            if tallied.abstained:
                metrics.record_abstention("extractive")
            return _within_filters(tallied, filters)
        discussed = self._discussed(previous) if context and asked_field(question) is not None else None
        if discussed is not None:  # "who wrote it?" after an answer naming articles: the first one it named
            hits = [discussed, *(h for h in hits if h.chunk.doc_id != discussed.chunk.doc_id)]
        if context and (
            names_no_article(question) or (asks_overview(question) and not topic_query(question, topic_words()))
        ):
            # "who wrote it?", "link?", "summarize it": the article the answer before named or quoted first, whether
            # or not it records what is asked (not another article's byline)
            referred = discussed or (self._passage_of(cited[0], hits) if cited else None)
            if referred is None and previous.startswith(ABSTAIN_PHRASE):  # no article meant: not the best hit's
                metrics.record_abstention("extractive")
                return ExtractiveAnswer(UNCLEAR_ARTICLE, [], True, 0.0, None)
            hits = [referred] if referred is not None else hits
        elif not context and retriever is not None and points_at_one(question):
            # "who wrote it?" with no answer before: no document is meant, unless the collection (within the
            # request's filters) holds only one
            if len(self._scope(retriever, filters)[0]) > 1:
                metrics.record_abstention("extractive")
                return ExtractiveAnswer(UNNAMED_ARTICLE, [], True, 0.0, None)
        unheard = self._unheard_of if retriever is not None and corpus is not None else None
        about = None
        newest = self._newest_of_kind(question, hits, filters) if not reading else None
        if newest is not None and retriever is not None:  # "who wrote the latest press statement": of them all
            about = metadata_answer(newest[0], newest[1], retriever.documents, unheard, self.dating, self.signer)
        if about is None and retriever is not None and not reading:
            about = metadata_answer(question, hits, retriever.documents, unheard, self.dating, self.signer)
        if about is not None and about[0] == NO_SUCH_ARTICLE and retriever is not None:
            topical = self._topic_hits(question, filters)
            about = metadata_answer(question, topical, retriever.documents, unheard, self.dating, self.signer) or about
        elif about is None and retriever is not None and not reading and may_name_by_title(question):
            # "when was the paper on federated learning published": the paper may be titled so, beyond the hits
            # the whole question found
            topical = self._topic_hits(question, filters)
            about = metadata_answer(question, topical, retriever.documents, unheard, self.dating, self.signer)
        if about is not None and about[1] and newest is None and filters is not None and filters.active:
            about = self._meant_beyond(question, about, filters)
        if about is not None:
            if not about[1]:  # about the article, which does not record what was asked
                metrics.record_abstention("extractive")
            return _within_filters(
                ExtractiveAnswer(about[0], about[1], not about[1], 1.0 if about[1] else 0.0, None), filters
            )
        # "what is the status of ADR-0023": the document its code names, not another one citing the code
        hits = document_coded(question, hits) or hits
        listed = None
        if not reading:
            listed = (
                self.expansion_answer(question, hits, filters)
                or self.overview(question, hits, filters)
                or self.writes_for(question, hits, previous, earlier, filters)
                or self.written_about(question, hits, previous, earlier, filters)
                or self.byline_answer(question, hits, True, previous, earlier, filters)
                or self.listing_answer(question, hits, filters)
                or self.happened(question, filters, context)
                or self.topical(question, hits, filters)
            )
        if listed is not None:
            if listed.abstained:
                metrics.record_abstention("extractive")
            return _within_filters(listed, filters)
        with metrics.ANSWER_LATENCY.labels(mode="extractive").time(), tracing.span("ragqa.answer") as current:
            answer = extractive_answer(
                dates_as_written(dated_away(question, hits), hits),
                hits,
                self.abstention,
                self.settings.answer_max_sentences,
                corpus=corpus,
                vectorize=self.vectorize,
                threshold=self.settings.abstain_threshold if threshold is None else threshold,
                context=context,
                judged=judged,
                lead=self.introduction(question, hits),
                before=self._passage_before,
                opens_section=self._opens_section,
                shown=shown,
                cited=frozenset(cited),  # a follow-up's: what the answer before is from
                reading=reading,
            )
            tracing.set_attributes(
                current, {"ragqa.abstained": answer.abstained, "ragqa.confidence": answer.confidence}
            )
        if answer.abstained:  # "who is jane doe" when the articles only carry her byline
            byline = self.byline_answer(question, hits, False, previous, earlier, filters)
            if byline is not None:
                return byline
        if answer.abstained and answer.text == ABSTAIN_MESSAGE and retriever is not None:
            # "who wrote the annual report": its text does not say, nor does its record
            unrecorded = unrecorded_author(question, hits, retriever.documents)
            answer = dataclasses.replace(answer, text=unrecorded) if unrecorded is not None else answer
        if answer.abstained:
            metrics.record_abstention("extractive")
        if (
            threshold is not None
            and answer.text == ABSTAIN_MESSAGE
            and answer.evidence is not None
            and not self.abstention.below(answer.confidence, self.settings.abstain_threshold)
        ):  # found, only below the request's own min_confidence: say so, not that nothing was found
            answer = dataclasses.replace(answer, text=below_cut_off(answer.confidence, threshold))
        return answer

    def _meant_beyond(
        self, question: str, about: tuple[str, list[Citation]], filters: Filters
    ) -> tuple[str, list[Citation]]:
        """``about``, an answer about the document a question names among those ``filters`` admit; but no indexed
        article is about that (``NO_SUCH_ARTICLE``, said within the filters) when over the whole collection it names
        one the filters leave out, by more of its title's words (``title_words_named``). Why: "who wrote the race
        report" with a range after the 2025 report gave the byline of the 2026 race rules, which share "race" alone;
        "the annual report" with a range holding the 2024 one still names that one, named as well as the others."""
        retriever = self.holder.serving
        if retriever is None:
            return about
        hits = self.retrieve(question, None, None)[0]
        whole = metadata_answer(question, hits, retriever.documents, self._unheard_of, self.dating, self.signer)
        if whole is None or not whole[1]:
            return about
        meant, given = whole[1][0].hit.chunk, about[1][0].hit.chunk
        if meant.doc_id in self._scope(retriever, filters)[0]:
            return about
        if title_words_named(question, meant) > title_words_named(question, given):
            return NO_SUCH_ARTICLE, []
        return about

    def byline_answer(
        self,
        question: str,
        hits: list[Hit],
        writing_only: bool,
        previous: str = "",
        earlier: Sequence[str] = (),
        filters: Filters | None = None,
    ) -> ExtractiveAnswer | None:
        """What an author the question names wrote ("what did jane doe write", or with ``writing_only`` False
        also "who is jane doe"), cited to a passage of each of their documents (up to ``LISTED_DOCUMENTS``); for
        "what did harbour times write about" or "which articles are from the coast post", what that outlet
        published; with a period ("what did the coast post write about on 17/11/2023"), only what was published
        then."""
        retriever = self.holder.serving
        plain, periods = undated(question)
        asked = person_asked(plain)
        if retriever is None or asked is None or (writing_only and not asked[1]):
            return None
        _, bylines = self._scope(retriever, filters)
        person = asked[0]
        if person.lower() in PRONOUNS:  # "what else has she written?": the author the previous answer names
            person = _named(bylines, [previous, *earlier], outlets=person.lower() in ("they", "them"))
        name, records = bylines.written_by(person)
        verb = "wrote"
        if not records and asked[1]:  # "what did harbour times write about": an outlet, not an author
            (name, records), verb = bylines.published_by(person), "published"
        if not records and asked[1] and 0 < len(person.split()) <= NAME_WORDS and self._unheard_of(person):
            # "anything from the bbc": no byline, no outlet and no passage names it; the sentences cannot say
            return ExtractiveAnswer(
                f"The articles do not say. No indexed article is by or from {person}.", [], True, 0.0, None
            )
        if OTHER.search(question) and records:  # "what else ...": not the articles the previous answer named
            others = [r for r in records if not r.title or r.title not in previous]
            cited = self._cited(records[:LISTED_DOCUMENTS], hits) if not others else []
            if cited:  # all of them named already: say so rather than name them again
                than = f'"{cited[0][0].title}"' if len(records) == 1 else f"the {len(records)} named"
                claim = Claim(f"{name} {verb} no other indexed article than {than}.", tuple(h for _, h in cited))
                text, citations = render_claims([claim])
                return ExtractiveAnswer(text, citations, False, 1.0, None)
            records = others or records
        if records and periods and asked[1]:
            records = [r for r in records if r in published_within(periods, {r.doc_id: r})]
            if not records:
                return ExtractiveAnswer(
                    f"The articles do not say. No indexed article by {name} was published then.", [], True, 0.0, None
                )
        answer = byline_answer(name, self._cited(records[:LISTED_DOCUMENTS], hits), verb)
        return ExtractiveAnswer(answer[0], answer[1], False, 1.0, None) if answer is not None else None

    def _unheard_of(self, name: str) -> bool:
        """Whether a word of ``name`` is one no passage of the served version uses ("bbc" in "the bbc")."""
        retriever = self.holder.serving
        has_term = retriever.corpus_view().has_term if retriever is not None else None
        words = terms(name)
        return has_term is not None and any(not has_term(w) for w in words)

    def tally(self, question: str, hits: list[Hit], filters: Filters | None = None) -> ExtractiveAnswer | None:
        """ "Who wrote the most articles?", "which outlet published the most?", "how many articles did the coast post
        publish?", "which outlets are there?": counted over the documents' bylines and outlets, cited to up to
        ``TALLY_CITED`` of the documents counted (a list: the ``LISTED_DOCUMENTS`` with the most, one document
        each); None for other questions. Why: the sentence path answered "who wrote the most" with
        the byline of whichever article came first."""
        retriever = self.holder.serving
        asked = tally_asked(question)
        if retriever is None or asked is None:
            return None
        documents, bylines = self._scope(retriever, filters)
        total = len(documents)
        if asked[0] == "list":
            outlets = asked[1] == "outlets"
            ranked = bylines.ranked(outlets)
            if not ranked:  # "which outlets are there" where no document records one
                what = "outlet" if outlets else "author"
                return ExtractiveAnswer(
                    f"The articles do not say. No indexed article records its {what}.", [], True, 0.0, None
                )
            answer = roster_answer(self._each_cited(ranked, hits), len(ranked), total, outlets)
        elif asked[0] == "most":
            outlets = asked[1] == "outlets"
            tied = bylines.most(outlets)
            if not tied:  # "which outlet published the most" where no document records one
                what = "outlet" if outlets else "author"
                return ExtractiveAnswer(
                    f"The articles do not say. No indexed article records its {what}.", [], True, 0.0, None
                )
            if len(tied) > 1:  # several have as many: all of them, not the byline of whichever article came first
                answer = tie_answer(self._each_cited(tied, hits), total, outlets)
            else:
                name, records = tied[0]
                rival = ("outlet" if outlets else "author") if bylines.count(outlets) > 1 else ""
                answer = tally_answer(name, records, total, self._cited(records[:TALLY_CITED], hits), rival)
        elif asked[0] == "writers":
            name, records = bylines.published_by(asked[1])
            if not records:  # "who writes for children": no outlet of that name; maybe the sentences say
                return None
            writers = writers_of(records)
            if not writers:
                return ExtractiveAnswer(
                    f"The articles do not say. No indexed article by {name} records its author.", [], True, 0.0, None
                )
            answer = writers_answer(name, len(records), self._each_cited(writers, hits), len(writers))
        else:
            name, records = bylines.written_by(asked[1])
            if not records:
                name, records = bylines.published_by(asked[1])
            answer = tally_answer(name, records, total, self._cited(records[:TALLY_CITED], hits))
        return ExtractiveAnswer(answer[0], answer[1], False, 1.0, None) if answer is not None else None

    def inventory(self, question: str, hits: list[Hit], filters: Filters | None = None) -> ExtractiveAnswer | None:
        """ "How many articles are there?", "what documents do you have?": how many the collection holds and the
        ``LISTED_DOCUMENTS`` newest, cited to their first passages; None for other questions. Why: no passage says
        how many articles are indexed, and the sentence path abstained."""
        retriever = self.holder.serving
        if retriever is None or inventory_asked(question) is None:
            return None
        documents, _ = self._scope(retriever, filters)
        kind = inventory_kind(question)
        chosen = of_kind(kind, documents) if kind else documents  # "list the press statements": those only
        kind, documents = (kind, chosen) if len(chosen) < len(documents) else ("", documents)
        shown = []
        for record in newest(documents.values())[:LISTED_DOCUMENTS]:
            hit = next((h for h in hits if h.chunk.doc_id == record.doc_id), None)
            hit = hit or self._first_passage(record.doc_id, 1.0)
            if hit is not None:
                shown.append((record, hit))
        answer = inventory_answer(len(documents), shown, kind, self.dating)
        return ExtractiveAnswer(answer[0], answer[1], False, 1.0, None) if answer is not None else None

    def latest(self, question: str, hits: list[Hit], filters: Filters | None = None) -> ExtractiveAnswer | None:
        """ "What is the latest article?", "newest stories about openai": the newest dated documents (about the
        topic: of ``ACRONYM_PASSAGES`` passages retrieved for it), newest first, with their days, cited ("the
        oldest story": the oldest, oldest first); None for other questions."""
        retriever = self.holder.serving
        asked = latest_topic(question)
        if retriever is None or asked is None:
            return None
        topic, newest_first = asked
        documents, bylines = self._scope(retriever, filters)
        kind = latest_kind(question)
        documents = of_kind(kind, documents) if kind else documents  # "the latest bulletin": the bulletins'
        name, written = bylines.named_by(question)
        if written and topic <= set(name):  # "the newest polygon article": that outlet's (or author's) newest
            passages = hits
            records = newest_about(set(), hits, {r.doc_id: r for r in written}, LATEST_LISTED, newest_first)
        else:
            passages = self.retrieve(question, ACRONYM_PASSAGES, filters)[0] if topic else hits
            records = newest_about(topic, passages, documents, LATEST_LISTED, newest_first)
        if not records:
            return None
        answer = listing_answer(self._cited(records, passages), 0, self.dating)
        return ExtractiveAnswer(answer[0], answer[1], False, 1.0, None) if answer is not None else None

    def topical(self, question: str, hits: list[Hit], filters: Filters | None = None) -> ExtractiveAnswer | None:
        """ "Is there an article about taylor swift?", "how many articles mention elon musk?", "any stories on
        google from december 2023?": the documents (of the period named) with a passage holding every word of the
        topic in some form, counted over the collection, up to ``LISTED_DOCUMENTS`` listed (those retrieved first,
        then the newest) and cited; None for other questions, for a topic of more than ``SHORT_TOPIC`` words and
        where the store cannot tell. Why: the sentence path quoted one sentence naming the topic, and "how many
        articles mention ..." abstained."""
        asked = topic_asked(question)
        if asked is None:
            return None
        counted, topic, words = asked
        topic, periods = undated(topic)
        return self._mentioning(counted, topic, topic_terms(topic) if periods else words, hits, periods, None, filters)

    def writes_for(
        self,
        question: str,
        hits: list[Hit],
        previous: str = "",
        earlier: Sequence[str] = (),
        filters: Filters | None = None,
    ) -> ExtractiveAnswer | None:
        """ "Who does jane doe write for?", "which outlet is she with?": the outlets of the author's documents, from
        their bylines, each cited; "she" is the author the ``previous`` answer names. None for other questions and
        for a name no byline carries ("where does kabulov work" is for the sentences)."""
        retriever = self.holder.serving
        asked = employer_asked(question)
        if retriever is None or asked is None:
            return None
        _, bylines = self._scope(retriever, filters)
        name = _named(bylines, [previous, *earlier]) if asked.lower() in PRONOUNS else asked
        spelled, records = bylines.written_by(name)
        if not records:
            return None
        answer = outlets_answer(spelled, self._cited(records[:LISTED_DOCUMENTS], hits))
        if answer is None:
            return ExtractiveAnswer(
                f"The articles do not say. The articles by {spelled} do not record their outlet.", [], True, 0.0, None
            )
        return ExtractiveAnswer(answer[0], answer[1], False, 1.0, None)

    def written_about(
        self,
        question: str,
        hits: list[Hit],
        previous: str = "",
        earlier: Sequence[str] = (),
        filters: Filters | None = None,
    ) -> ExtractiveAnswer | None:
        """ "Did harbour times write about ftx?", "what did jane doe write about tires in 2023?": the author's (or
        outlet's) documents mentioning the topic, as ``topical`` finds and lists them, "Yes." before a yes-or-no
        question's answer; "she" is the author the ``previous`` answer names. None for other questions and for a
        name no byline or outlet carries."""
        retriever = self.holder.serving
        asked = byline_topic_asked(question)
        if retriever is None or asked is None:
            return None
        check, name, topic = asked
        _, bylines = self._scope(retriever, filters)
        if name.lower() in PRONOUNS:
            name = _named(bylines, [previous, *earlier])
        spelled, records = bylines.written_by(name)
        if not records:
            spelled, records = bylines.published_by(name)
        if not records:
            return None  # "did putin write about ukraine": maybe the sentences say
        topic, periods = undated(topic)
        by = (spelled, {r.doc_id for r in records})
        answer = self._mentioning(check, topic, topic_terms(topic), hits, periods, by, filters)
        if check and answer is not None and not answer.abstained:
            return dataclasses.replace(answer, text=f"Yes. {answer.text}")
        return answer

    def _mentioning(
        self,
        counted: bool,
        topic: str,
        words: list[str],
        hits: list[Hit],
        periods: list[tuple[str, str]],
        by: tuple[str, set[str]] | None = None,
        filters: Filters | None = None,
    ) -> ExtractiveAnswer | None:
        """The documents (published within ``periods``, when any; of the documents ``by`` names, when given) with
        a passage holding every one of ``words``: counted and listed as ``topical`` says; None for no or too many
        words, or where the store cannot tell."""
        retriever = self.holder.serving
        if retriever is None or not words or len(words) > SHORT_TOPIC:
            return None
        found = retriever.mentioning(words)
        if found is None:
            return None
        documents, _ = self._scope(retriever, filters)
        among = set(documents if by is None else by[1]) & set(documents)
        if periods:
            among &= {r.doc_id for r in published_within(periods, documents)}
        records = [documents[d] for d in found if d in among]
        writer = f" by {by[0]}" if by is not None else ""
        if not records:
            then = " published then" if periods else ""
            return ExtractiveAnswer(
                f"The articles do not say. No indexed article{writer}{then} mentions {topic}.", [], True, 0.0, None
            )
        rank = {h.chunk.doc_id: i for i, h in reversed(list(enumerate(hits)))}
        records.sort(key=lambda r: chronological(r.published_at), reverse=True)  # newest first, after those retrieved
        records.sort(key=lambda r: rank.get(r.doc_id, len(hits)))
        cited = self._cited(records[: TALLY_CITED if counted else LISTED_DOCUMENTS], hits)
        among_text = scope(len(among), bool(periods), by[0] if by is not None else "")
        answer = topic_answer(counted, topic, among_text, len(records), cited, self.dating)
        return ExtractiveAnswer(answer[0], answer[1], False, 1.0, None) if answer is not None else None

    def _referred(self, question: str, turns: Sequence[Turn], filters: Filters | None) -> tuple[str, ...]:
        """The documents a follow-up refers to: those the last answer cited (``_last_cited``). After an abstention,
        which cites none, a follow-up about the document itself ("when was it published") asks about the one the
        question before named (``metadata.document_named``): the document a question about one names ("who wrote
        the agm notice"), none when no indexed one is it; the one a question of its own about the content names by
        its topic ("which grep release made egrep warn"), else the one an answer before cited; else none, and which
        is meant is unclear. Why: the best hit for "when was it published" was an unrelated document's date."""
        last = turns[-1]
        if last.doc_ids or not last.answer.startswith(ABSTAIN_PHRASE) or not names_no_article(question):
            return _last_cited(turns)
        for turn in reversed(turns):
            if turn.doc_ids:
                return turn.doc_ids
            follow_up = looks_like_follow_up(turn.question)  # "how much did they pay": its words name no document
            about_document = asked_field(turn.question) is not None or may_name_by_title(turn.question)
            if topic_query(turn.question) and (about_document or not follow_up):
                named = document_named(turn.question, self._topic_hits(turn.question, filters))
                if named is not None:
                    return (named,)
                if about_document:  # a document no indexed one is
                    return ()
            if not (follow_up or turn.answer.startswith(ABSTAIN_PHRASE)):
                return ()
        return ()

    def _cited_title_words(self, turn: Turn) -> frozenset[str]:
        """The words of the titles of the documents a turn's answer cited: what its question was about."""
        retriever = self.holder.serving
        documents = retriever.documents if retriever is not None else {}
        return frozenset(w for d in turn.doc_ids if d in documents for w in terms(documents[d].title))

    def _byline_index(self, retriever: Searcher) -> Bylines:
        """The bylines of the version served (built once per version)."""
        return self._scope(retriever, None)[1]

    def _scope(self, retriever: Searcher, filters: Filters | None) -> tuple[dict[str, DocumentRecord], Bylines]:
        """The documents of the version served that pass ``filters`` (every one when none is set) and their bylines,
        built once per version and filters (the last ``SCOPES`` kept): what answers about the collection count and
        list, so a request's filters hold for them as they do for passages."""
        key = (retriever.version, filters if filters is not None and filters.active else None)
        found = self._scoped.get(key)
        if found is None:
            if len(self._scoped) >= SCOPES or any(version != key[0] for version, _ in self._scoped):
                self._scoped.clear()
            documents = documents_within(retriever.documents, key[1])
            found = self._scoped[key] = (documents, Bylines(documents))
        return found

    def expansion_answer(
        self, question: str, hits: list[Hit], filters: Filters | None = None
    ) -> ExtractiveAnswer | None:
        """ "What does npl stand for": the phrase a passage spells it out as, cited to that passage
        (``answering.expansions``), else the sentence introducing it in parentheses, read in the retrieved passages
        and then in ``ACRONYM_PASSAGES`` more (within ``filters``). When none does and the passages write it as an
        acronym ("GOP", or never use it), no sentence can say what it stands for: "The articles do not say". A word
        they write in lower case ("what does antigen stand for"), or "cyclades meaning" (maybe what it is), is left
        to the sentence evidence (None)."""
        acronym = asked_expansion(question)
        if acronym is None:
            return None
        wide: list[Hit] | None = None
        for passages in (hits, None):
            if passages is None:
                passages = wide = self.retrieve(question, ACRONYM_PASSAGES, filters)[0]
            texts = [_headed(hit) for hit in passages]  # "PCC Minutes" under "St Aldhelm's Parochial Church Council"
            found = defined(acronym, texts)
            if found is not None:
                written, phrase, at = found
                claim = Claim(f"{written} stands for {phrase}.", (passages[at],))
                break
            sentence = introduced(acronym, texts)  # "Russian military intelligence (GRU)": what it is
            if sentence is not None:
                claim = Claim(sentence[0], (passages[sentence[1]],))
                break
        else:
            texts = [_headed(hit) for hit in hits + (wide or [])]
            whole = self._whole_reading(acronym, filters)  # "what does tpo stand for", spelled out in a FAQ only
            if whole is not None:
                text, citations = render_claims([whole])
                return ExtractiveAnswer(text, citations, False, 1.0, None)
            if asked_expansion(question, strictly=True) and written_as_acronym(acronym, texts):
                return ExtractiveAnswer(
                    f"The articles do not say what {acronym.upper()} stands for.", [], True, 0.0, None
                )
            return None
        text, citations = render_claims([claim])
        return ExtractiveAnswer(text, citations, False, 1.0, None)

    def _whole_reading(self, acronym: str, filters: Filters | None) -> Claim | None:
        """The claim that the acronym stands for the phrase the whole corpus writes for it (``_read_whole``), cited
        to a passage found by searching that phrase and holding it; None when there is none. Why: a question
        holding only the acronym ("what does tpo stand for") retrieves passages using it, not the one passage of a
        FAQ that writes "Tree Preservation Order" out."""
        phrase = self._read_whole(acronym.lower())
        if phrase is None:
            return None
        found = self.retrieve(phrase, ACRONYM_PASSAGES, filters)[0]
        passage = next((hit for hit in found if phrase.lower() in _headed(hit).lower()), None)
        return None if passage is None else Claim(f"{acronym.upper()} stands for {phrase}.", (passage,))

    @staticmethod
    def introduction(question: str, hits: list[Hit]) -> Claim | None:
        """ "What is the gru": the sentence of the passages introducing the acronym in parentheses ("Russian
        military intelligence (GRU) ..."), cited, when they write it as an acronym; None for other questions.
        Why: the sentences that share most with "what is the gru" merely use the acronym ("Putin spoke about the
        GRU ..."); the one saying what it is shares only the acronym."""
        word = asked_what_is(question)
        if word is None:
            return None
        texts = [hit.chunk.text for hit in hits]
        if not any(holds(text, word) for text in texts) or not written_as_acronym(word, texts):
            return None
        found = introduced(word, texts)
        return Claim(found[0], (hits[found[1]],)) if found is not None else None

    def _more_about_the_article(self, base: Turn) -> tuple[str, str] | None:
        """What "tell me more" asks when the only question before it was about an article itself ("who wrote this?",
        "when was it published?", "tell me about the storm"): the article's title and id, so its sentences are
        quoted and read on from, one answer after the other (asking the byline question again repeated the byline,
        and the overview its opening, however often "go on" was asked), or one naming a document by its title whose
        answer was its metadata ("who sent the last chance to vote email"); None otherwise."""
        retriever = self.holder.serving
        if retriever is None or not base.doc_ids:
            return None
        question, named = base.question, defined_named(base.question)
        overview = asks_overview(question) or (  # "tell me about the storm": the article its title names
            bool(named) and self._byline_index(retriever).named(named) == base.doc_ids[0]
        )
        if asked_field(question) is None and not overview and not self._told_by_metadata(base):
            return None
        record = retriever.documents.get(base.doc_ids[0])
        return (record.title or record.doc_id, record.doc_id) if record is not None else None

    def _told_by_metadata(self, base: Turn) -> bool:
        """Whether ``base`` asked about a document it named by its title and was answered from that document's
        metadata ("who sent the last chance to vote email": '"Last chance to vote in the pay ballot" was sent by
        Maureen Okonjo.'), which quotes none of its text; not when its text answered ("who wrote hamlet", of an
        essay on Hamlet). Why: asked again, "tell me more" repeated the sender's sentence."""
        retriever = self.holder.serving
        if retriever is None or not base.doc_ids or not may_name_by_title(base.question):
            return False
        first = self._first_passage(base.doc_ids[0], 1.0)
        told = (
            metadata_answer(base.question, [first], retriever.documents, datings=self.dating, signers=self.signer)
            if first is not None
            else None
        )
        return told is not None and bool(told[1]) and told[0] == base.answer

    def overview(self, question: str, hits: list[Hit], filters: Filters | None = None) -> ExtractiveAnswer | None:
        """ "Summarize the article", "what is this article about": the opening sentences of the article meant
        (``answering.overview``), cited; None for other questions."""
        retriever = self.holder.serving
        if retriever is None or not hits:
            return None
        if asks_overview(question):
            named = outlets_named(question, retriever.documents)
            meant = articles_meant(question, hits, topic_words() | named, named)
            if not meant:
                hits = self._topic_hits(question, filters, topic_words())
                meant = articles_meant(question, hits, topic_words() | named, named)
            if not meant:
                return ExtractiveAnswer(NO_SUCH_ARTICLE, [], True, 0.0, None)
        else:  # "what is the harbour bylaw about": a document its title names, else a question about the text
            called = overview_named(question)  # "the share offer pdf": the PDF before a post of the same title words
            topic = set(terms(called))
            meant = [h for h in preferred(called, hits[:TOPIC_HITS]) if topic and is_about(h, topic, titled=True)][:1]
            if not meant:
                return self.defined(question, hits)
        first = self._opening_passage(meant[0].chunk.doc_id, hits, meant[0].score)
        if first is not None and letter_head(first):  # a letter's head alone: the letter opens after its greeting
            after = self._passage_after(first)
            first = after if after is not None and greets(after) else first
        answer = overview_answer(first) if first is not None else None
        if answer is None and first is not None:  # a title block alone ("Revised: 20 August 2024"): what follows
            after = self._passage_after(first)
            answer = overview_answer(after) if after is not None else None
        return ExtractiveAnswer(answer[0], answer[1], False, 1.0, None) if answer is not None else None

    def _passage_after(self, hit: Hit) -> Hit | None:
        """The passage of the same document after ``hit``'s, in process; None when there is none or the rows are
        not at hand."""
        retriever = self.holder.serving
        row = self._row_of(hit.chunk.doc_id, hit.chunk.chunk_id)
        if retriever is None or row is None or row + 1 not in self._document_rows(hit.chunk.doc_id):
            return None
        return Hit(retriever.index.chunks[row + 1], hit.score)

    def _row_of(self, doc_id: str, chunk_id: str) -> int | None:
        """The row of a document's passage in the serving version (in process; ``_document_rows``), else None."""
        retriever = self.holder.serving
        if retriever is None:
            return None
        chunks = retriever.index.chunks
        return next((r for r in self._document_rows(doc_id) if chunks[r].chunk_id == chunk_id), None)

    def _topic_hits(self, question: str, filters: Filters | None, framing: frozenset[str] = frozenset()) -> list[Hit]:
        """The passages a search for what a question about an article names finds (``metadata.topic_query``:
        "who wrote the gogoro article" searches "gogoro"; ``framing``: more words that name no topic, as
        "summarize"), for when the question's own search found no article about it; none when it names nothing."""
        topic = topic_query(question, framing)
        return self.retrieve(topic, TOPIC_POOL * self.settings.default_top_k, filters)[0] if topic else []

    def defined(self, question: str, hits: list[Hit]) -> ExtractiveAnswer | None:
        """ "What is threadpoolctl", "what does typer do": the opening sentences of the one document its title or
        file name names (``overview.defined_named``), from the first naming it; else "what does pyenv local do":
        the first sentences of the one section, among the passages the name retrieves, headed by that name
        (a command reference's "Sets a local application-specific Python version ..."). None for other questions."""
        retriever = self.holder.serving
        named = defined_named(question)
        if retriever is None or not named:
            return None
        doc_id = self._byline_index(retriever).named(named)
        if doc_id is None:
            return self._section_defining(named, hits)
        first = self._opening_passage(doc_id, hits, hits[0].score)
        answer = overview_answer(first, subject=frozenset(terms(named))) if first is not None else None
        return ExtractiveAnswer(answer[0], answer[1], False, 1.0, None) if answer is not None else None

    def _opening_passage(self, doc_id: str, hits: list[Hit], score: float) -> Hit | None:
        """A document's opening passage: among ``hits`` when they hold its start, else read from the index."""
        first = opening(hits, doc_id)
        if first is None or first.chunk.start > 0:
            first = self._first_passage(doc_id, score) or first
        return first

    def _section_defining(self, named: str, hits: list[Hit]) -> ExtractiveAnswer | None:
        """The first sentences of the one section headed ``named`` (not a document's title, which names the
        document) among ``hits``, else among the passages ``named`` alone retrieves; None when none or several
        are."""
        key = heading_key(named)
        if not key:
            return None

        def headed_by(found: list[Hit]) -> list[Hit]:
            return [h for h in found if h.chunk.section != h.chunk.title and heading_key(h.chunk.section) == key]

        headed = headed_by(hits)
        known = self._heading_keys()
        if not headed and (known is None or key in known):
            headed = headed_by(self.retrieve(named, ACRONYM_PASSAGES)[0])
        if len({(h.chunk.doc_id, h.chunk.section) for h in headed}) != 1:
            return None
        first = self._section_start(headed[0]) or min(headed, key=lambda h: h.chunk.start)
        answer = overview_answer(first, prose=True)
        return ExtractiveAnswer(answer[0], answer[1], False, 1.0, None) if answer is not None else None

    def _heading_keys(self) -> frozenset[tuple[str, ...]] | None:
        """The headings of the served version's sections (``overview.heading_key``; not a document's title),
        read once per version, so a name no section carries costs no search; None when the chunks live in an
        engine."""
        retriever = self.holder.serving
        if retriever is None or not len(retriever.index.chunks):
            return None
        if self._headings is None or self._headings[0] != retriever.version:
            sections, titles = chunk_columns(retriever.index.chunks, ["section", "title"])
            headed = {section for section, title in zip(sections, titles, strict=True) if section != title}
            self._headings = (retriever.version, frozenset(heading_key(section) for section in headed))
        return self._headings[1]

    def _section_start(self, hit: Hit) -> Hit | None:
        """The first passage of the section ``hit`` lies in (in process; None when the chunks are not at hand)."""
        retriever = self.holder.serving
        rows = self._document_rows(hit.chunk.doc_id)
        if retriever is None or not rows:
            return None
        chunks = retriever.index.chunks
        own = [chunks[row] for row in rows if chunks[row].section == hit.chunk.section]
        first = min(own, key=lambda chunk: chunk.start, default=None)
        return Hit(first, hit.score) if first is not None and first.start <= hit.chunk.start else None

    def _discussed(self, previous: str) -> Hit | None:
        """The first passage of the document an earlier answer named first by its title ('"Tires are saving us" was
        published on ...', 'The Coast Post published "..."'); None when it named none."""
        retriever = self.holder.serving
        if retriever is None or '"' not in previous:
            return None
        bylines = self._byline_index(retriever)
        for quoted in _QUOTED.finditer(previous):
            doc_id = bylines.titled(quoted.group(1))
            if doc_id is not None:
                return self._first_passage(doc_id, 1.0)
        return None

    def _document_rows(self, doc_id: str) -> range:
        """The rows of a document's chunks in the serving version (in process: a version stores each document's
        chunks together, in the order of its records); empty when they are not at hand."""
        retriever = self.holder.serving
        if retriever is None or not len(retriever.index.chunks):
            return range(0)
        index = retriever.index
        if self._first_rows is None or self._first_rows[0] != retriever.version:
            starts, row = {}, 0
            for each in index.document_records:
                starts[each.doc_id] = (row, each.chunk_count)
                row += each.chunk_count
            self._first_rows = (retriever.version, starts)
        first, count = self._first_rows[1].get(doc_id, (-1, 0))
        if not 0 <= first < len(index.chunks) or index.chunks[first].doc_id != doc_id:
            return range(0)
        return range(first, min(first + count, len(index.chunks)))

    def dating(self, doc_id: str) -> Dating:
        """How answers write a document's date (``metadata.dating_of``): read from its text (its first and last
        passages, ``DATING_PASSAGES`` in all), as its collection writes days when it writes none (a sample of
        ``DATING_SAMPLE`` passages); once a version. Why: a British brewery's page was answered "was published on
        March 3, 2026" (its footer: "Last updated on 3 March 2026"); only the text tells either."""
        retriever = self.holder.serving
        if retriever is None:
            return Dating()
        chunks = retriever.index.chunks
        if self._datings is None or self._datings[0] != retriever.version:
            sample = range(0, len(chunks), max(1, len(chunks) // DATING_SAMPLE))[:DATING_SAMPLE]
            collection = writes_day_first("\n".join(c.text for c in chunks_at(chunks, sample)))
            self._datings = (retriever.version, bool(collection), {})
        _, day_first, known = self._datings
        if doc_id not in known:
            rows = self._document_rows(doc_id)
            half = DATING_PASSAGES // 2
            read = rows if len(rows) <= DATING_PASSAGES else [*rows[:half], *rows[-half:]]
            record = retriever.documents.get(doc_id)
            text = "\n".join(c.text for c in chunks_at(chunks, read))
            known[doc_id] = dating_of(text, record.published_at if record is not None else "", day_first)
        return known[doc_id]

    def signer(self, doc_id: str) -> str:
        """The name the signature closing a document gives (``metadata.signed_by``, read from its last passage), or
        "". Why: "who signed" it asks for its signature, which its recorded author (its file's) may not be."""
        retriever = self.holder.serving
        rows = self._document_rows(doc_id)
        if retriever is None or not rows:
            return ""
        last = max(chunks_at(retriever.index.chunks, rows), key=lambda chunk: chunk.end)
        return signed_by(last.text)

    def _passage_before(self, chunk: Chunk) -> Chunk | None:
        """The passage right before ``chunk`` in its document and section, up to where ``chunk`` starts
        (``extractive.antecedent``: "this setting caps ..." opening a passage points back into the one before);
        None at a section's start."""
        earlier = self._chunk_before(chunk)
        if earlier is None or earlier.section != chunk.section or not earlier.start < chunk.start <= earlier.end + 2:
            return None
        # passages overlap: the text before this one's start
        return dataclasses.replace(earlier, text=earlier.text[: chunk.start - earlier.start], end=chunk.start)

    def _chunk_before(self, chunk: Chunk) -> Chunk | None:
        """The chunk before ``chunk`` in its document, found by a binary search over the document's rows; None for
        its first chunk, or when ``chunk`` is not among them."""
        retriever = self.holder.serving
        rows = self._document_rows(chunk.doc_id) if chunk.start > 0 else range(0)
        if retriever is None or not rows:
            return None
        chunks = retriever.index.chunks
        lo, hi = rows.start, rows.stop  # a document's chunks in the order of their offsets: the first at or after
        while lo < hi:
            mid = (lo + hi) // 2
            if chunks[mid].start < chunk.start:
                lo = mid + 1
            else:
                hi = mid
        if not rows.start < lo < rows.stop or chunks[lo].chunk_id != chunk.chunk_id:
            return None
        return chunks[lo - 1]

    def _opens_section(self, chunk: Chunk) -> bool:
        """Whether ``chunk`` begins its section: the document's first passage, or one after a passage of another
        section (False when that is not known: the document's rows are not at hand, as with an engine store)."""
        if chunk.start == 0:
            return True
        earlier = self._chunk_before(chunk)
        return earlier is not None and earlier.section != chunk.section

    def _with_quoted_passages(self, turn: Turn) -> Turn:
        """A turn whose answer came back as text alone (the OpenAI facade's history) with the passages it quoted: for
        its first ``QUOTED_SENTENCES`` sentences, the retrieved passage holding the sentence word for word. Why:
        "who wrote the article?" after such an answer gave the byline of whichever article came first."""
        if turn.answer.startswith(ABSTAIN_PHRASE):
            return turn
        quoted: list[Hit] = []
        for sentence in re.split(r"\s*\[\d+\]\s*", turn.answer)[:QUOTED_SENTENCES]:
            sentence = " ".join(sentence.split())
            if len(sentence) < QUOTED_MIN:
                continue
            found = self.retrieve(sentence, QUOTED_SEARCH)[0]
            hit = next((h for h in found if sentence in " ".join(h.chunk.text.split())), None)
            if hit is not None and all(h.chunk.chunk_id != hit.chunk.chunk_id for h in quoted):
                quoted.append(hit)
        return cited_turn(turn.question, turn.query, turn.answer, quoted) if quoted else turn

    def _alike(self, word: str, other: str) -> float:
        """How alike two words are: the cosine of the encoder's vectors of each alone (``followup.SAME_KIND``)."""
        _, vectors = self.sentence_vectors.encode([], [word, other])
        return float(vectors[0] @ vectors[1])

    def _alike_in(self, turn: Turn) -> Likeness:
        """How alike two words are after ``turn``: values of one table column of the passages its answer cited are
        of one kind (``followup.table_columns``: "pro" after "how much is maker membership"), others as the
        encoder says (``_alike``)."""
        retriever = self.holder.serving
        if retriever is None:
            return self._alike
        rows = [self._row_of(doc_id, chunk_id) for doc_id in turn.doc_ids for chunk_id in turn.chunk_ids]
        passages = [retriever.index.chunks[row].text for row in rows if row is not None]
        return with_columns(table_columns(passages), self._alike)

    def _what_that_is(self, question: str, turns: Sequence[Turn]) -> Turn:
        """The last of ``turns`` with the passage and document a follow-up refers to cited first: the document on the
        topic "the article about it" names, by its title (``followup.topic_referred``), else the passage of the
        sentence that holds what was asked (``followup.answering_claim``); as it is when neither is another than
        the first cited. Why: "who wrote that?" after an answer whose first sentence was a near miss named that
        sentence's author, not the answer's."""
        turn = turns[-1]
        retriever = self.holder.serving
        if retriever is None or not turn.doc_ids:
            return turn
        topic = topic_referred(question, turns)
        if topic:

            def shared(doc_id: str) -> int:
                record = retriever.documents.get(doc_id)
                return len(topic & set(stems(record.title))) if record is not None else 0

            best = max(turn.doc_ids, key=shared)
            if shared(best) > shared(turn.doc_ids[0]):
                chunk = next((c for c in turn.chunk_ids if self._row_of(best, c) is not None), None)
                return _cited_first(turn, best, chunk)
            return turn
        at = answering_claim(turn)[1]
        if not 0 < at < len(turn.chunk_ids):
            return turn
        chunk = turn.chunk_ids[at]
        doc = next((d for d in turn.doc_ids if self._row_of(d, chunk) is not None), None)
        return _cited_first(turn, doc, chunk) if doc is not None else turn

    def _with_quoted(self, hits: list[Hit], turn: Turn) -> list[Hit]:
        """``hits`` with the passage ``turn``'s answer quoted first (``QUOTED_PASSAGES``) among them, in place of the
        last one: a follow-up's words ("how much steam did it save") may retrieve other passages than the one the
        conversation is about. A passage added so scores as the last one it replaces."""
        missing = {c for c in turn.chunk_ids[:QUOTED_PASSAGES] if all(h.chunk.chunk_id != c for h in hits)}
        retriever = self.holder.serving
        if not missing or not hits or retriever is None:
            return hits
        found = []
        for doc_id in turn.doc_ids:
            rows = self._document_rows(doc_id)
            if len(rows) <= QUOTED_SCAN:
                found += [c for c in retriever.index.chunks[rows.start : rows.stop] if c.chunk_id in missing]
        if not found:
            return hits
        kept = hits[: max(len(hits) - len(found), 1)]
        last = kept[-1]
        return [*kept, *(Hit(chunk, last.score, last.dense, last.keyword) for chunk in found)]

    def _with_newer(self, query: str, hits: list[Hit], filters: Filters | None) -> list[Hit]:
        """``hits`` with the best passage among the documents newer than the best hit's (``recency.newer_than``) in
        place of the last one, when they lack it: "how much is hobby membership now" found five passages of the
        2025 membership page and never the 2026 rate sheet's row. A passage added so scores as the last one it
        replaces, or less, so that the order of those searched for stays."""
        after = newer_than(hits[0].chunk.published_at)
        if after is None:
            return hits
        within = filters or Filters()
        if within.published_after is not None:
            after = max(after, within.published_after)
        found = self.retrieve(query, 1, dataclasses.replace(within, published_after=after))[0]
        if not found or any(h.chunk.chunk_id == found[0].chunk.chunk_id for h in hits):
            return hits
        newer, last = found[0], hits[-1]
        kept = hits[:-1] if len(hits) > 1 else hits
        return [*kept, Hit(newer.chunk, min(newer.score, last.score), newer.dense, newer.keyword)]

    def _said_by(self, question: str, turn: Turn) -> ExtractiveAnswer | None:
        """ "Who said that?" after an answer quoting a transcript: the speaker whose turn holds the answer's first
        sentence (``evidence.speaker_at``), cited; None for other questions, or when that is not known (a news
        quote names its speaker in its own sentence, which the question asked again shows). Why: asked again,
        the question gave the same passages back, and a sentence in the middle of a turn names no one."""
        retriever = self.holder.serving
        if retriever is None or not turn.chunk_ids or not turn.doc_ids or not _WHO_SAID.match(question):
            return None
        chunks = retriever.index.chunks
        row = self._row_of(turn.doc_ids[0], turn.chunk_ids[0])
        if row is None:
            return None
        chunk = chunks[row]
        # the sentence "that" is, whose passage ``_what_that_is`` put first
        first = answering_claim(turn)[0] or re.split(r"\s*\[\d+\]", turn.answer, maxsplit=1)[0].strip()
        labels = {label for _, _, label in speaker_turns(chunk.text)}
        led = re.match(r"^(.+?): (.+)$", first)
        label, said = (led.group(1), led.group(2)) if led and led.group(1) in labels else ("", first)
        at = chunk.text.find(said) if not label else -1
        if at >= 0:
            label = speaker_at(chunk.text, at)
            if not label and "\n" not in chunk.text[:at] and row - 1 in self._document_rows(chunk.doc_id):
                before = chunks[row - 1].text  # the passage opens inside a turn its label began before
                turns_before = speaker_turns(before)
                label = turns_before[-1][2] if turns_before and "\n" not in before[turns_before[-1][0] :] else ""
        if not label or len(label) <= 2:
            return None
        text, citations = render_claims([Claim(f"{label} said it: \u201c{said}\u201d", (Hit(chunk, 1.0),))])
        return ExtractiveAnswer(text, citations, False, 1.0, None)

    def _newest_of_kind(
        self, question: str, hits: list[Hit], filters: Filters | None = None
    ) -> tuple[str, list[Hit]] | None:
        """ "Who wrote the latest press statement": the question asked of "it" ("who wrote it") and a passage of the
        newest document of that kind in the whole collection (``newest_of_kind``: named so by its title, file,
        folder, category or series), not only among the passages retrieved; None for other questions and when no
        dated document is of that kind. "Who wrote the press release" likewise of the one document of that kind,
        "who writes the newsletter" of the newest (``one_of_kind``), when its title does not name it so."""
        retriever = self.holder.serving
        newest = newest_asked(question)
        kind = kind_asked(question) if newest is None else None
        asked = newest or kind
        if retriever is None or asked is None:
            return None
        documents, _ = self._scope(retriever, filters)
        if newest is not None:
            record = newest_of_kind(asked[1], documents, not asked[2])
        else:  # "who wrote the press release": the one of that kind; "who writes the newsletter": the newest
            record = one_of_kind(asked[1], documents, newest=asked[2])
            if record is not None and titled_as(asked[1], record.title):
                return None  # "the annual report" for "Annual Report 2024": named by its title, its text may answer
        hit = self._passage_of(record.doc_id, hits) if record is not None else None
        return (asked[0], [hit]) if hit is not None else None

    def _passage_of(self, doc_id: str, hits: list[Hit]) -> Hit | None:
        """The best retrieved passage of a document, else its first."""
        return next((h for h in hits if h.chunk.doc_id == doc_id), None) or self._first_passage(doc_id, 1.0)

    def _first_passage(self, doc_id: str, score: float) -> Hit | None:
        """A document's first passage: in process, the row where its chunks begin; else the earliest passage of it
        its title retrieves."""
        retriever = self.holder.serving
        if retriever is None:
            return None
        rows = self._document_rows(doc_id)
        if rows:
            return Hit(retriever.index.chunks[rows[0]], score)
        record = retriever.documents.get(doc_id)
        title = record.title if record is not None and record.title else doc_id
        return opening(self.retrieve(title, ACRONYM_PASSAGES)[0], doc_id)

    def listing_answer(self, question: str, hits: list[Hit], filters: Filters | None = None) -> ExtractiveAnswer | None:
        """The articles published in the period a question asks about ("which articles were published in
        december 2023"), up to ``LISTED_DOCUMENTS`` of them listed and cited; None for other questions."""
        retriever = self.holder.serving
        periods = listing_periods(question)
        if retriever is None or not periods:
            return None
        documents, _ = self._scope(retriever, filters)
        records = published_within(periods, documents)
        if not records and not asks_for_articles(question):
            return None  # "what happened on sept. 11, 2001": maybe the sentences say
        topic = listing_topic(question)
        if records and topic:  # "articles from december 2023 about google": those of the period mentioning it
            return self._mentioning(False, " ".join(topic), topic, hits, periods, None, filters)
        if not records:
            return ExtractiveAnswer(
                "The articles do not say. No indexed article was published then.", [], True, 0.0, None
            )
        shown = self._cited(records[:LISTED_DOCUMENTS], hits)
        answer = listing_answer(shown, len(records) - len(shown), self.dating)
        return ExtractiveAnswer(answer[0], answer[1], False, 1.0, None) if answer is not None else None

    def happened(self, question: str, filters: Filters | None = None, context: str = "") -> ExtractiveAnswer | None:
        """ "What happened in 2015?", "in february?", "in the 1980s?" (or "and in 2016?" after one: ``context``, the
        question it follows): up to ``answer_max_sentences`` sentences of the ``ACRONYM_PASSAGES`` passages
        retrieved for it (and for its days written out, when it writes them in numbers) within ``filters``, that
        name a time within the period, cited (``answering.timeline``); None for other questions and when no
        sentence names one."""
        again = asked_again(question, context) if context and not asked_period(question) else None
        question = again or question
        periods = asked_period(question)
        if not periods:
            return None
        passages = self.retrieve(question, ACRONYM_PASSAGES, filters)[0]
        written = dates_written_out(question)  # "16/08/93": also the passages that write "16 August 1993"
        if written:
            seen = {hit.chunk.chunk_id for hit in passages}
            more = self.retrieve(" ".join(written), ACRONYM_PASSAGES, filters)[0]
            passages += [hit for hit in more if hit.chunk.chunk_id not in seen]
        answer = happened_answer(happenings(periods, passages, self.settings.answer_max_sentences))
        return ExtractiveAnswer(answer[0], answer[1], False, 1.0, None) if answer is not None else None

    def _each_cited(
        self, ranked: Sequence[tuple[str, Sequence[DocumentRecord]]], hits: list[Hit]
    ) -> list[tuple[str, int, Hit]]:
        """The first ``LISTED_DOCUMENTS`` authors (or outlets) of ``ranked``, each with how many documents it has
        and a passage of its first one to cite (one that cannot be cited is left out)."""
        return [
            (name, len(records), cited[0][1])
            for name, records in ranked[:LISTED_DOCUMENTS]
            if (cited := self._cited(records[:1], hits))
        ]

    def _cited(self, records: Sequence[DocumentRecord], hits: list[Hit]) -> list[tuple[DocumentRecord, Hit]]:
        """Each document with a passage of it to cite: a retrieved one, else one its title finds."""
        cited = []
        for record in records:
            hit = next((h for h in hits if h.chunk.doc_id == record.doc_id), None)
            if hit is None:
                found, _ = self.retrieve(record.title or record.doc_id, ACRONYM_PASSAGES)
                hit = next((h for h in found if h.chunk.doc_id == record.doc_id), None)
            if hit is not None:
                cited.append((record, hit))
        return cited

    def vectorize(self, questions: list[str], sentences: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Question vectors from the encoder's query cache (retrieval has just encoded the question) and
        sentence vectors from the sentence cache: only sentences never seen before cost a forward pass."""
        _, vectors = self.sentence_vectors.encode([], sentences)
        return self.encoder.encode_queries(questions), vectors

    async def answer(
        self,
        question: str,
        top_k: int | None = None,
        conversation_id: str | None = None,
        history: Sequence[Turn] | None = None,
        filters: Filters | None = None,
    ) -> AnswerResult:
        """One complete answer (``run`` collected, with no incremental streaming, so any LLM failure falls back)."""
        return await collect(self.run(question, top_k, conversation_id, history, incremental=False, filters=filters))

    def warm(self) -> None:
        """Start encoding the served version's sentences in the background unless that is done or under way
        (the server calls it after each load; versions whose chunks live in an engine have none here)."""
        retriever = self.holder.serving
        if retriever is not None and len(retriever.index.chunks):
            index = retriever.index
            self.warmer.follow(index.version, (chunk.text for chunk in index.chunks))

    async def aclose(self) -> None:
        """Close the LLM client's connections and stop warming."""
        self.warmer.close()
        if self.llm is not None:
            await self.llm.aclose()

    async def standalone_query(self, question: str, history: Sequence[Turn]) -> str:
        """The question rewritten to stand alone given the history (see ``answering.followup``).

        With an LLM and ``RAGQA_LLM_REWRITE_FOLLOWUPS`` the model writes it, for follow-ups only; a failed
        or implausible rewrite falls back to the heuristic.
        """
        heuristic = heuristic_rewrite(question, history)
        if self.llm is None or not self.settings.llm_rewrite_followups or heuristic == question:
            return heuristic
        lines = [
            f"{'User' if i % 2 == 0 else 'Assistant'}: {text}"
            for t in history[-3:]
            for i, text in enumerate((t.question, strip_markers(t.answer)[:500]))
        ]
        prompt = REWRITE_PROMPT.format(history="\n".join(lines), question=question)
        try:
            completion = await self.llm.complete([{"role": "user", "content": prompt}], max_tokens=64)
        except LLMError as exc:
            log.info("follow-up rewrite by the LLM failed (%s); using the heuristic", exc.reason)
            return heuristic
        return valid_rewrite(completion.text, question, history[-1].query) or heuristic

    async def run(
        self,
        question: str,
        top_k: int | None = None,
        conversation_id: str | None = None,
        history: Sequence[Turn] | None = None,
        incremental: bool = True,
        filters: Filters | None = None,
        min_confidence: float | None = None,
    ) -> AsyncIterator[Event]:
        """The events of one answer.

        With ``history`` given (the OpenAI facade, where the client holds the history) no server-side
        conversation is used or stored; otherwise ``conversation_id`` selects (or starts) one.
        ``incremental`` streams LLM text as it comes; without it one non-streamed LLM call is made and awaited,
        so that any LLM failure can still fall back (the non-streamed responses). ``min_confidence`` replaces
        the abstention threshold for this answer (with an LLM: the confidence from which the LLM is asked).
        """
        t_start = time.perf_counter()
        timings: dict[str, float] = {}
        if history is None:
            # in a thread: the shared store is a SQLite file, and its lock may be held by another replica
            opened: tuple[str, list[Turn]] = await asyncio.to_thread(self.conversations.open, conversation_id)
            conversation_id, turns = opened
            remember = True
        else:
            conversation_id, turns, remember = new_id(), list(history), False
        answer_id = new_id()
        read = await self._read(question, turns, top_k, filters, timings, client_held=not remember)
        question, asked, query, turns = read.question, read.asked, read.query, read.turns
        hits, version = read.hits, read.version
        yield Sources(conversation_id, answer_id, hits)

        t0 = time.perf_counter()
        # sentences are chosen by what was asked now; the rewritten query only steered retrieval, and what a
        # follow-up refers to steers between sentences ("when?" asks the previous question again)
        context = "" if small_talk(asked) else referred_context(question, turns)  # "thanks!" refers to nothing
        judged = None
        shown = ""
        reading = False
        floor = min_confidence
        if context and asks_for_more(asked):  # "tell me more": the question before, less what was quoted
            shown = " ".join(turn.answer for turn in more_of(turns))
            titled = self._more_about_the_article(continued_turn(turns))
            asked = titled[0] if titled else continued(turns)
            if titled:  # the article is known: its sentences are read on in its order, not weighed, and no other's
                floor, hits = 0.0, [h for h in hits if h.chunk.doc_id == titled[1]] or hits
                first = self._opening_passage(titled[1], hits, hits[0].score) if hits else None
                if first is not None:  # read from its opening, which the search for its title may not find
                    hits = [first, *(h for h in hits if h.chunk.chunk_id != first.chunk.chunk_id)]
                reading = all(h.chunk.doc_id == titled[1] for h in hits)
            else:  # read on where the sentence that answered is, not in the near misses quoted before it
                hits = _without_near_misses(hits, continued_turn(turns))
        elif context and elliptic(asked) and not asks_overview(asked):  # "what is it about?" asks for the whole
            previous = turns[-1].question
            asked = about_the_article_again(asked, previous, asks_overview(previous)) or re_asked(asked, turns[-1])
        elif context:  # "who got rid of it": whether a sentence answers is judged with what "it" is
            judged = re_asked(asked, turns[-1])
        said = self._said_by(question, turns[-1]) if context else None  # "who said that?" of a transcript's quote
        extractive = said or self.extractive(
            asked,
            hits,
            context,
            turns[-1].answer if context else "",
            floor,
            judged=judged,
            filters=filters,
            cited=self._referred(asked, turns, filters) if context else (),
            earlier=[turn.answer for turn in reversed(turns[-NAMED_TURNS:-1])] if context else (),
            shown=shown,
            reading=reading,
        )
        timings["answer"] = _ms(t0)

        outcome: _LLMOutcome | None = None
        # with an LLM, retrieval evidence decides only clear absences; the LLM reads the passages otherwise and
        # may itself answer that the articles do not say
        if (
            self.llm is not None
            and hits
            and extractive.evidence is not None  # metadata answers are final
            and extractive.confidence >= (self.abstention.clear_absence if min_confidence is None else min_confidence)
        ):
            t0 = time.perf_counter()
            outcome = _LLMOutcome()
            with metrics.llm_timer() as timer:
                async for event in self._llm_answer(question, hits, turns, outcome, incremental):
                    yield event
                    if isinstance(event, Error):
                        timer["outcome"] = "error"
                        return
                if outcome.fallback_reason is not None:
                    timer["outcome"] = "timeout" if outcome.fallback_reason == "llm_timeout" else "error"
            timings["llm"] = _ms(t0)
            if outcome.fallback_reason is None:
                metrics.ANSWER_LATENCY.labels(mode="llm").observe(timings["llm"] / 1000)

        if outcome is not None and outcome.fallback_reason is None:
            t0 = time.perf_counter()
            citations, checks = await asyncio.to_thread(
                tracing.traced("ragqa.verify", check_support),
                outcome.text,
                outcome.citations,
                self.sentence_vectors,
                self.settings.support_min_similarity,
                self.settings.support_min_overlap,
            )
            timings["verify"] = _ms(t0)
            for check in checks:
                if not check.supported:
                    log.info(
                        "unsupported citation [%d]: %r (sim %.2f, overlap %.2f)",
                        check.n,
                        check.claim,
                        check.similarity,
                        check.overlap,
                    )
            text, abstained, reason = outcome.text, outcome.abstained, None
            mode: Mode = "llm"
        else:
            reason = outcome.fallback_reason if outcome is not None else None
            text, citations, abstained = extractive.text, extractive.citations, extractive.abstained
            mode = "extractive"
            for piece in split_for_streaming(text):
                yield Delta(piece)
        yield Citations(citations, abstained)
        if remember:
            turn = cited_turn(question, query, text, [c.hit for c in citations], answer_id)
            await asyncio.to_thread(self.conversations.append, conversation_id, turn)
        timings["total"] = _ms(t_start)
        confidence = round(extractive.confidence, 4)
        yield Done(conversation_id, answer_id, mode, reason, abstained, version, query, timings, confidence)

    async def _read(
        self,
        question: str,
        turns: list[Turn],
        top_k: int | None,
        filters: Filters | None,
        timings: dict[str, float],
        client_held: bool,
        llm: bool = True,
    ) -> _Reading:
        """``question`` as ``run`` reads it given ``turns``, and the passages searched for it (the last turn of a
        client-held conversation may be replaced in ``turns`` by one citing the passages its answer quoted).
        ``client_held``: the turns came from the client, which sent answers' text only; ``llm`` False: a follow-up
        is rewritten by the heuristic alone."""
        t0 = time.perf_counter()
        question = as_asked(question)  # "- who is galeotti??", "who is galeotti please": what is asked
        question = with_country_written(question)  # "the us army": the country, not the pronoun
        question = with_apostrophes(question)  # "whos she", "whats that": one form for the follow-up rules too
        subject = corrected_subject(question) if turns else None  # before "sorry," is read as an aside
        if subject is not None:  # "no, i meant libjpeg-turbo": the question before, asked of what was meant
            question, turns = corrected_question(turns[-1], subject, self._cited_title_words(turns[-1])), []
        question = without_acknowledgement(question)  # "ok and what about galeotti": a follow-up
        question, switched = without_topic_switch(question)  # "different question - ...": it stands alone
        turns = [] if switched else turns  # read without the turns before (it is still stored in its conversation)
        other = asked_of_other(question, turns[-1], self._alike_in(turns[-1])) if turns else None
        if other is not None:  # "and in 45?": the question before, asked of 45
            question = other
        if (
            client_held
            and turns
            and not turns[-1].doc_ids
            and (referred_context(question, turns) or asked_field(question) is not None)
        ):  # the client sent the answer's text only, and the question leans on it: where that answer quoted from
            turns[-1] = await asyncio.to_thread(self._with_quoted_passages, turns[-1])
        if turns and other is None:  # "who wrote that?": the passage of the sentence that answered, first
            turns = [*turns[:-1], self._what_that_is(question, turns)]
        question = with_person_named_before(question, turns)  # "who is x" -> "what did he say"
        if turns and other is None:  # "what drone did they approve" -> "how much did it cost": the drone
            question = with_thing_named(question, turns[-1])
        if other is not None:  # leaning on the turns before as the question before did, no more
            query = query_asked_again(question, turns[-1])
        else:
            query = await self.standalone_query(question, turns) if llm else heuristic_rewrite(question, turns)
        if turns and asks_for_more(question) and not small_talk(question):  # "go on": the same passages again
            query = continued_turn(turns).query
        if turns:
            timings["rewrite"] = _ms(t0)
        t0 = time.perf_counter()
        asked, query = await asyncio.to_thread(self.spell_out, question, query, filters)
        hits, version = await asyncio.to_thread(self.retrieve, query, top_k, filters)
        initialed = self.with_initials(asked, query, hits)  # searched again only when its passages call for it
        if initialed is not None:
            asked, query = initialed
            hits, version = await asyncio.to_thread(self.retrieve, query, top_k, filters)
        if filters is None and not small_talk(question) and referred_context(question, turns):
            hits = self._with_quoted(hits, turns[-1])  # "how much did it save": where that answer was
        if hits and asks_now(asked, referred_context(question, turns)):  # "how much is it now": the newer word too
            hits = await asyncio.to_thread(self._with_newer, query, hits, filters)
        timings["retrieval"] = _ms(t0)
        return _Reading(question, asked, query, turns, hits, version)

    async def client_history(
        self, exchanges: Sequence[tuple[str, str]], top_k: int | None = None, filters: Filters | None = None
    ) -> list[Turn]:
        """The turns of a conversation its client holds (question and answer pairs, oldest first), each question read
        as ``run`` reads one before storing its turn: with the turns before it, its spelling and acronyms as the
        corpus writes them. Why: a follow-up is searched with the turn before's query, and "who is the new coo"
        stored as typed made "where did he work before?" search "coo", which no passage holds, where ``/ask``
        searched "Chief Operating Officer". The last ``conversation_max_turns`` pairs are read, as many as a stored
        conversation keeps (each costs a search); the LLM does not rewrite them, or every request would ask it again
        for each one. Example: ``[("who is the new coo", "Wendmoor Water has appointed ...")]`` is
        ``[Turn("who is the new coo", "who is the new Chief Operating Officer", "Wendmoor Water has appointed ...")]``
        over a corpus writing "Chief Operating Officer" and never "COO"."""
        turns: list[Turn] = []
        for question, answer in exchanges[-self.settings.conversation_max_turns :]:
            read = await self._read(question, list(turns), top_k, filters, {}, client_held=True, llm=False)
            turns.append(Turn(read.question, read.query, answer))
        return turns

    def _chars_per_token(self) -> float:
        assert self.llm is not None
        return min(self.settings.llm_chars_per_token, self.llm.chars_per_token)

    def _fit_prompt(self, question: str, hits: list[Hit], history: list[Turn], outcome: _LLMOutcome) -> Prompt | None:
        """The prompt for the window the LLM client knows (configured, or smaller as the server reported);
        None, with a ``context_overflow`` fallback recorded, when not even one passage fits."""
        assert self.llm is not None
        settings = self.settings
        try:
            return fit_prompt(
                question,
                hits,
                history,
                min(settings.llm_context_tokens, self.llm.context_tokens),
                settings.llm_max_tokens,
                self._chars_per_token(),
            )
        except PromptTooLong as exc:
            outcome.fallback_reason = "context_overflow"
            record_fallback(outcome.fallback_reason, str(exc))
            return None

    async def _llm_answer(
        self,
        question: str,
        hits: list[Hit],
        turns: Sequence[Turn],
        outcome: _LLMOutcome,
        incremental: bool,
    ) -> AsyncIterator[Event]:
        """Stream the LLM answer as ``Delta`` events into ``outcome``; on failure set ``fallback_reason``.

        Text is held back until the first valid citation appears: an answer that never cites anything falls
        back, and nothing shown may then be taken back. Once text has gone out, a failure can only be an
        ``Error`` event. A prompt the server finds over its window is trimmed to what the server reported and
        sent once more (an overflow is an HTTP error, before any text).
        """
        assert self.llm is not None
        settings = self.settings
        history = list(turns)[-settings.llm_history_turns :] if settings.llm_history_turns else []
        await self.llm.probe()  # once per client: the server's own window, if it tells it
        prompt = self._fit_prompt(question, hits, history, outcome)
        if prompt is None:
            return
        retried = False
        while True:
            rewriter = CitationRewriter(len(prompt.hits))  # numbers of the prompt actually sent
            held: list[str] = []
            emitted = False
            try:
                if incremental:
                    async with contextlib.aclosing(self.llm.stream(prompt.messages)) as pieces:
                        async for piece in pieces:
                            text = rewriter.feed(piece)
                            if not text:
                                continue
                            held.append(text)
                            if rewriter.order:
                                emitted = True
                                yield Delta("".join(held))
                                held.clear()
                else:
                    completion = await self.llm.complete(prompt.messages)
                    held.append(rewriter.feed(completion.text))
                held.append(rewriter.finish())
            except LLMError as exc:
                if emitted:
                    record_stream_error(exc.reason, str(exc))
                    yield Error(f"the LLM answer broke off ({exc.reason}): {exc}; ask again")
                    return
                if exc.reason == "context_overflow" and not retried and (exc.n_ctx or exc.prompt_tokens):
                    # the client has learnt the window and the ratio from the error: refit, and retry once if
                    # that gives a smaller prompt than the one refused
                    retried = True
                    smaller = self._fit_prompt(question, hits, history, outcome)
                    if smaller is None:
                        return  # not even one passage fits: recorded as context_overflow
                    if smaller.estimated_tokens < estimate_tokens(prompt.messages, self._chars_per_token()):
                        log.info(
                            "LLM prompt over the server's window (%s); retrying with %d of %d passages, "
                            "about %d tokens",
                            exc,
                            len(smaller.hits),
                            len(prompt.hits),
                            smaller.estimated_tokens,
                        )
                        prompt = smaller
                        continue
                outcome.fallback_reason = exc.reason
                record_fallback(exc.reason, str(exc))
                return
            break
        if not rewriter.order and says_not_in_articles(rewriter.text):
            outcome.text, outcome.abstained = rewriter.text.strip(), True
            yield Delta(outcome.text)
            return
        if not rewriter.order:
            outcome.fallback_reason = "no_valid_citation"
            record_fallback(outcome.fallback_reason, f"{rewriter.dropped} invalid markers in {rewriter.text[:120]!r}")
            return
        tail = "".join(held)
        if tail:
            yield Delta(tail)
        outcome.text = rewriter.text
        outcome.citations = citations_for(rewriter.order, prompt.hits)
