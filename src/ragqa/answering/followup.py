"""Follow-up questions ("Who is its commander?") turned into standalone queries before retrieval.

Without an LLM the rewrite is a heuristic, chosen to be predictable rather than clever:

1. A question is a follow-up when it has history and either refers back (a personal or possessive pronoun
   such as he/his/she/it/its/they, "this/these/those", "that" among its last two words: "who runs that unit",
   "when was that"; or an opening like "and ...", "what about ...") or has fewer than two content words ("Why?",
   "And the costs?", "anyone else?", "what year?": words that only say what kind of answer or "more of the same"
   do not count), unless it asks who or what one word is ("who is galeotti"). "there", and "that" earlier in a
   question, do not count: they are mostly not references ("Is there evidence that ..."), and a question that
   stands alone is never rewritten.
2. A follow-up, or a question naming with "the" something the last answer spoke of ("where's the final being
   played"), gets the previous turn's standalone query appended in parentheses (flattened, at most
   ``CONTEXT_WORDS`` words, newest first; after an unanswered turn the last answered one's too), so the embedding
   sees the topic the pronoun points to:
   "Who is its commander? (Which GRU unit offered the bounties?)".
3. Anything else is used as it is: a new topic must not drag the old one along.
4. A correction ("no, i meant libjpeg-turbo", "sorry, the ice storm one") is the question before asked of the
   subject it names (``corrected_question``), read without the turns before it.

With an LLM configured, the pipeline asks the model for the rewrite and falls back to this heuristic when the
model's reply is empty, too long, or the call fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from wordfreq import zipf_frequency

from ragqa.answering.evidence import holds_kind, question_kind
from ragqa.answering.metadata import FIELD_WORDS, asked_field, person_asked
from ragqa.answering.prompts import ABSTAIN_PHRASE, strip_markers
from ragqa.chat.conversations import Turn
from ragqa.ingest.headers import without_honorific
from ragqa.ingest.words import STOPWORDS
from ragqa.retrieval.lexical import stems, terms
from ragqa.retrieval.query import HOW, content_words

REFERRING_WORDS = frozenset(
    "he him his she her hers it its they them their theirs this these those former latter".split()
)
FOLLOW_UP_OPENINGS = ("and ", "but ", "also ", "what about", "how about", "and what", "so ", "then ")
_WORD = re.compile(r"[A-Za-z']+")
CONTEXT_WORDS = 40


_NAMED_ALONE = re.compile(
    r"^\W*(?:who|what)(?:'s|’s|s|\s+(?:is|was|are|were))\s+(?!(?:the|a|an|there|here|then|now)\b)[\w.-]+\W*$"
)
""""who is galeotti", "whats fadergate": one word, no article before it, names what is asked about and stands alone
("what was the occasion" and "what's there" do not). Read as a follow-up, "who is galeotti" after "and trump?" was
searched and judged with the words of the questions before it and abstained."""


def _doing(question: str) -> bool:
    """Whether "who is X"/"what is X" asks who or what does something ("who's hosting?", "what's coming"): X a verb's
    -ing form, a common English verb without it ("host", "come", "run"), not a name ("Beijing", "Sterling"). Such a
    question names nothing and leans on the turns before, as "who won" does."""
    found = re.search(r"(\w+)ing\W*$", question)
    if found is None:
        return False
    stem = found.group(1)
    forms = [stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""]
    return any(len(f) >= 2 and zipf_frequency(f, "en") >= 3.5 for f in forms if f)


def looks_like_follow_up(question: str) -> bool:
    """True when the question leans on earlier turns (see the module docstring, rule 1)."""
    lowered = question.strip().lower()
    if lowered.startswith(FOLLOW_UP_OPENINGS):
        return True
    # "IT" in capitals is information technology, not "it" ("who owns the IT policy")
    words = [w.strip("'").lower() for w in _WORD.findall(question.strip()) if w != "IT"]
    if set(words) & REFERRING_WORDS or "that" in words[-2:]:  # "who runs that unit", "when was that"
        return True
    named_it = len(re.findall(r"\bIT\b", question))
    named_alone = _NAMED_ALONE.match(lowered) is not None and not _doing(lowered)
    return len(content_words(question)) + named_it < 2 and not named_alone


_DEFINITE = re.compile(r"\bthe\s+((?:[a-z][\w'-]*\s+){0,2}[a-z][\w'-]*)", re.IGNORECASE)


def names_the_answer(question: str, previous: Turn) -> bool:
    """Whether ``question`` names with "the" something the answer before spoke of: "where's the final being
    played" after an answer about a semi-final that says where the final is, "where does the name come from" after
    one naming the project. A definite reference, as "it" is; an abstention spoke of nothing."""
    if previous.answer.startswith(ABSTAIN_PHRASE):
        return False
    said = set(stems(strip_markers(previous.answer)))
    return any(set(stems(m.group(1))) & said for m in _DEFINITE.finditer(question))


_THE_TEXT = re.compile(r"\bthe\s+(?:article|story|piece|post|report|interview|review)\W*$", re.IGNORECASE)


def names_the_text(question: str, history: Sequence[Turn]) -> bool:
    """Whether ``question`` ends on "the article" ("who wrote the article"), naming no other: it asks about the
    one the answer before is from, or when that was an abstention (from none), the one the answer before it is
    from ("how much has flipboard raised in total" unanswered, then "ok thx, who wrote the article")."""
    answered = [turn for turn in history[-2:] if not turn.answer.startswith(ABSTAIN_PHRASE)]
    return _THE_TEXT.search(question.strip()) is not None and bool(answered)


def follows(question: str, history: Sequence[Turn]) -> bool:
    """Whether ``question`` is searched with the turn before (rule 1, or it names with "the" what the last answer
    spoke of). Only the search: what a sentence must answer is still the question as typed (``referred_context``),
    so a question with words of its own is not judged by the words of the one before."""
    return bool(history) and (
        looks_like_follow_up(question) or names_the_answer(question, history[-1]) or names_the_text(question, history)
    )


_CLAIM = re.compile(r"(?P<text>[^\[]*?)(?P<marks>(?:\s*\[\d+\])+)")


def answering_claim(turn: Turn) -> tuple[str, int]:
    """The sentence of ``turn``'s answer that holds what its question asked, which "that" in "who wrote that?" and
    "tell me more" refers to, and its first citation (0-based): the first sentence holding the asked-for kind
    ("when": a date), then most of the question's words, then most of them side by side ("course record"); the first
    sentence when it holds as much as any ("", 0 for an answer citing nothing). Why: the first sentence may be a near
    miss the evidence ranked first ("The new course ... remains certified for records", then "... breaking the course
    record of 2:15:50"), and "who wrote that?" named its author.

    >>> said = "Certified for records. [1] It broke the course record. [2]"
    >>> answering_claim(Turn("what's the course record", "", said))
    ('It broke the course record.', 1)
    """
    asked = turn.question.strip()
    claims = [
        (m.group("text").strip(), int(re.findall(r"\d+", m.group("marks"))[0]) - 1)
        for m in _CLAIM.finditer(turn.answer)
    ]
    if not claims or not asked or turn.answer.startswith(ABSTAIN_PHRASE):
        return claims[0] if claims else ("", 0)
    kind, words = question_kind(asked), stems(asked)
    pairs = set(zip(words, words[1:]))

    def held(claim: tuple[str, int]) -> tuple[bool, int, int]:
        said = stems(claim[0])
        of_kind = kind != "other" and holds_kind(claim[0], kind, set(words), asked)
        return of_kind, len(set(words) & set(said)), len(pairs & set(zip(said, said[1:])))

    best = max(claims, key=held)  # the first of the best
    return best if held(best) > held(claims[0]) else claims[0]


def near_misses(turn: Turn) -> list[str]:
    """The sentences of ``turn``'s answer before the one that holds what was asked (``answering_claim``): near
    misses, which "tell me more" does not read on from ("The new course ... remains certified for records" before
    "... breaking the course record of 2:15:50").

    >>> near_misses(Turn("what's the course record", "", "Certified for records. [1] It broke the course record. [2]"))
    ['Certified for records.']
    """
    answering = answering_claim(turn)[0]
    claims = [m.group("text").strip() for m in _CLAIM.finditer(turn.answer)]
    return claims[: claims.index(answering)] if answering in claims else []


_ABOUT_IT = re.compile(
    r"\bthe\s+(?:article|story|piece|post|report|page|document|email|news)\s+(?:about|on)\s+(?:it|that|this|them)\W*$",
    re.IGNORECASE,
)


def topic_referred(question: str, history: Sequence[Turn]) -> frozenset[str]:
    """The words of the topic "the article about it" names ("who wrote the article about it?" after "when is diesel
    day", "has it moved?": diesel day's), the stems of the last turn's standalone query; empty for other questions.
    Why: "the article about it" is the one on that topic among those the answer cited, not the one it cited first (a
    bulletin's paragraph on the day's new date).

    >>> moved = Turn("has it moved?", "has it moved? (when is diesel day)", "Diesel Day moves to 20 June. [1]")
    >>> sorted(topic_referred("who wrote the article about it?", [moved]))
    ['day', 'diesel', 'move']
    """
    if not history or _ABOUT_IT.search(question.strip()) is None:
        return frozenset()
    return frozenset(stems(topical_query(history[-1])))


_PERSON_PRONOUN = re.compile(r"\b(?:he|him|his|she|her)\b", re.IGNORECASE)
_OBJECT_HER = re.compile(r"\W*(?:$|(?:to|for|from|with|about|at|by|on|in|of|as|and|or|if|when|after|before)\b)", re.I)


def with_person_named_before(question: str, turns: Sequence[Turn], back: int = 3) -> str:
    """``question`` with he/she written as the person the latest of the last ``back`` turns asked about
    (``with_person_named``): "where did he work before?" two turns after "who is the new coo", with "when does he
    start?" between."""
    for turn in reversed(turns[-back:]):
        named = with_person_named(question, turn)
        if named != question:
            return named
    return with_person_answered(question, turns[-1]) if turns else question


def with_person_answered(question: str, previous: Turn) -> str:
    """``question`` with he/she written as the person the answer before named (``person_answered``) when the question
    before pointed with he/she too, at someone no turn named by asking, and the sentence that answered it opens with
    that person's name ("who is the childrens dentist" unanswered,
    "when does she go on maternity leave" answered "Dr Leela Raman begins ...", "who covers for her?": "who covers
    for Dr Leela Raman?"); unchanged otherwise. Why: read with the questions before only as context, "covers" found
    the fee tables' "What it covers" rows.

    >>> leave = Turn("when does she go on leave", "", "Dr Leela Raman begins her leave in June. [1]")
    >>> with_person_answered("who covers for her?", leave)
    'who covers for Dr Leela Raman? (when does she go on leave)'
    """
    if (
        not _PERSON_PRONOUN.search(question)
        or not _PERSON_PRONOUN.search(previous.question)
        or previous.answer.startswith(ABSTAIN_PHRASE)
    ):
        return question
    claim = answering_claim(previous)[0]  # the sentence that answered, about the person it opens with
    name = person_answered(Turn(previous.question, previous.query, claim))
    if not name or not claim.startswith(name):  # "... until the work of Donald Davies at ...": not whom it is about
        return question
    return f"{_named_for_pronouns(question, name)} ({previous.query or previous.question})"


def with_person_named(question: str, previous: Turn) -> str:
    """``question`` with "he", "him", "his", "she", "her" written as the person the question before asked about by
    name ("who is michail antonio" -> "what happened to him": "what happened to michail antonio"); unchanged
    otherwise. Why: read with the question before only as context, "happened" outweighed the name, and the answer
    told what happened to someone else."""
    asked = person_asked(previous.question.strip())
    if (asked is not None and asked[1]) or previous.answer.startswith(ABSTAIN_PHRASE):
        return question
    name = asked[0] if asked is not None else ""
    if name and not set(name.lower().split()) & STOPWORDS and len(name.split()) <= 4:
        return _named_for_pronouns(question, name)
    if not _WHO_ASKED.match(previous.question.strip()) or asked_field(previous.question) is not None:
        return question  # "who wrote the review", "what else has he written": the bylines tell whose
    # "who is the new ceo of web summit", "who won the mens race": the person its answer names, searched with what
    # the question said
    name = person_answered(previous)  # "... appointed Sanjay Mehta as its new Chief Operating Officer"
    named = _named_for_pronouns(question, name) if name else question
    return f"{named} ({previous.query or previous.question})" if named != question else question


_WHO_ASKED = re.compile(
    r"^\W*who(?:(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+(?:the|their|its|our|your)\s+\w"
    r"|\s+(?:won|wins|leads|led|heads|headed|chairs|chaired|captains|captained)\b)",
    re.I,
)
"""A question for whoever holds a role, leads or won ("who is the new coo", "who leads the trust", "who won the mens
race"): its answer names one person. Not for whoever does anything ("who was running the summit", "who sings it"):
after those, on the tune halves, he/she read as the answer's first name lost more follow-ups than it fixed."""


_WHO_IS = re.compile(r",|\s+(?:is|was|has\s+been|of)\b")
"""What follows a name opening a sentence that says who holds a role or did something: "Saoirse Mulligan, Community
Manager", "Sanjay Mehta is the new COO", "Daniel Mwangi of Kestrelford Harriers won"."""
_NAME_RUN = re.compile(r"\b(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?\s+){1,3}[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?\b")
_COMMON = 4.5
"""No word of a name is one English uses this often (wordfreq's Zipf scale): "Chief Executive", "Wendmoor Water",
"United Arab Emirates" hold one; "Sanjay Mehta", "Helen Marsh", "Dee Okonkwo" do not."""
_FORENAME = 5.4
"""A name's first word may be a forename English uses as often as this ("Daniel" 4.6, "John" 5.4), not "United"
(5.5) or "General"."""
_NOT_A_PERSON = re.compile(r"(?:\b(?:the|in|at)\s+)$", re.IGNORECASE)
"""What comes before a run naming a place or a thing, not a person: "in the United Arab Emirates", "at Hollowmere
Library"."""


def person_answered(previous: Turn) -> str:
    """The person the answer to "who is the new chief executive" or "who won the race" names: in its first sentence
    naming one, its first run of two to four capitalized words not opening the sentence, cut before a word of the
    question, each a word English seldom uses but an honorific ("Wendmoor Water has appointed Sanjay Mehta as its new
    Chief Operating Officer." -> "Sanjay Mehta"); "" when none. Why: testers asked "when does he start?" after "who
    is the new coo" and "what club is he in?" after "who won the mens race", read as about the question's words
    ("start": a works schedule's "Start date" rows; other runners' rows) rather than the person the answer named.

    >>> person_answered(Turn("who is the new coo", "", "Wendmoor Water has appointed Sanjay Mehta as COO. [1]"))
    'Sanjay Mehta'
    >>> person_answered(Turn("who is the secretary", "", "Helen stays on. [1] Helen Ashdown was co-opted. [1]"))
    'Helen Ashdown'

    A run opening the sentence is its capital first word, or the one the sentence is about; it names the person
    when a comma, "is" or "of" follows it, as a contact row or a signature does ("Saoirse Mulligan, Community
    Manager", "Daniel Mwangi of Kestrelford Harriers won ..."), or when no later run in the sentence does ("Rhiannon
    Bowe joined us as our Community Energy Officer").
    """
    asked = {w.lower() for w in _WORD.findall(f"{previous.question} {previous.query}")}
    for sentence in strip_markers(previous.answer).split(". "):
        opening = ""
        for run in _NAME_RUN.finditer(sentence):
            name = "" if _NOT_A_PERSON.search(sentence[: run.start()]) else _named_run(run.group(), asked)
            if run.start() == 0 and not _WHO_IS.match(sentence, run.end()):  # "Wendmoor Water has appointed ..."
                opening = name
            elif name:
                return name
        if opening:
            return opening
    return ""


def _named_run(run: str, asked: set[str]) -> str:
    """``run`` (capitalized words) cut before a word of the question ("... Chief") when what is left names a person:
    two words or more but honorifics, none after the first one English uses often (``_COMMON``, the first a forename
    perhaps: ``_FORENAME``), the last not possessive ("Margaret Holt's retirement" is about the post, not her);
    else ""."""
    words = run.split()
    words = words[: next((i for i, w in enumerate(words) if w.lower() in asked), len(words))]
    named = [w for w in words if without_honorific(f"{w} X") == f"{w} X"]  # not "Dr"
    if words and words[-1].endswith(("'s", "’s")):
        return ""
    if len(named) < 2 or zipf_frequency(named[0].lower(), "en") >= _FORENAME:
        return ""
    return " ".join(words) if all(zipf_frequency(w.lower(), "en") < _COMMON for w in named[1:]) else ""


def _named_for_pronouns(question: str, name: str) -> str:
    """``question`` with "he", "him", "his", "she", "her" written as ``name``: "his job", "her job" as whose
    ("name's"); "to her", "is her" at the end as whom."""

    def named(m: re.Match[str]) -> str:
        word = m.group().lower()
        return f"{name}'s" if word == "his" or (word == "her" and not _OBJECT_HER.match(question, m.end())) else name

    return _PERSON_PRONOUN.sub(named, question)


_WHICH_THING = re.compile(
    r"^\W*(?:what|which)\s+(?P<thing>[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?)\s+"
    r"(?:did|does|do|has|have|had|will|would|can|could|should)\s+(?!it\b)\w",
    re.IGNORECASE,
)
""""what drone did the trustees approve": the thing someone chose, bought, made, which the answer names. Not "which
engine was the best known", whose "was" may begin a question about any of them."""
_IT = re.compile(r"\b(?:it|its)\b", re.IGNORECASE)


def with_thing_named(question: str, previous: Turn) -> str:
    """``question`` with "it" written as the thing the question before asked which one was ("what drone did the
    trustees approve", "how much did it cost?": "how much did the drone cost?"); unchanged when that asked no such
    thing ("what time does it open", "what did they approve") or was not answered.

    Why: read with the question before only as context, "cost" had no thing to be the cost of, and the sentence
    naming the drone and its price was judged no answer.

    >>> with_thing_named("how much did it cost?", Turn("what drone did they buy", "", "A DJI drone. [1]"))
    'how much did the drone cost?'
    """
    found = _WHICH_THING.match(previous.question.strip())
    if found is None or previous.answer.startswith(ABSTAIN_PHRASE) or not _IT.search(question):
        return question
    thing = found.group("thing")
    if len(content_words(f"what {thing}")) != len(thing.split()):  # "what time does it open": a kind of answer
        return question
    return _IT.sub(lambda m: f"the {thing}'s" if m.group().lower() == "its" else f"the {thing}", question)


def heuristic_rewrite(question: str, history: Sequence[Turn]) -> str:
    """The standalone query for ``question`` given earlier turns (rules 1 to 3 above), each question it adds once:
    the query of an answered turn is often part of the unanswered one's after it, or of ``question`` itself ("who had
    the job before Helen Ashdown (who is the secretary now)")."""
    if not follows(question, history):
        return question
    said: list[str] = []
    for turn in context_turns(history):
        for part in re.split(r"[()]", topical_query(turn)):  # a question and the questions it was searched with
            held = " ".join(re.sub(r"[()]", " ", " ".join([question, *said])).split()).lower()
            if part.split() and f" {' '.join(part.split()).lower()} " not in f" {held} ":  # no question twice
                said.extend(part.split())
    previous = " ".join(said[:CONTEXT_WORDS])
    if not previous or previous.lower() in question.lower():
        return question
    return f"{question} ({previous})"


def context_turns(history: Sequence[Turn]) -> list[Turn]:
    """The turns a follow-up is searched with, newest first: the last, and when that was not answered the last one
    that was ("when was the avalanche", "how many team members went?" unanswered, "which hospital was he taken to":
    the avalanche's words too, not only those of the question that found nothing)."""
    last = history[-1]
    if not last.answer.startswith(ABSTAIN_PHRASE):
        return [last]
    answered = [turn for turn in history[:-1] if not turn.answer.startswith(ABSTAIN_PHRASE)]
    return [last, *answered[-1:]]


def referred_context(question: str, history: Sequence[Turn]) -> str:
    """What a follow-up refers to: the previous turn's standalone query ("" for a question that stands alone).

    It steers which sentences answer ("what did he say?" after "who is kabulov?"), not what must be answered."""
    if not history or not (looks_like_follow_up(question) or names_the_text(question, history)):
        return ""
    return topical_query(history[-1])


_FRAMING = FIELD_WORDS | frozenset(terms("else other more anything something"))


def topical_query(turn: Turn) -> str:
    """The standalone query of ``turn`` without its own question when that only asked about an article's byline,
    date or outlet ("who wrote that", "what else has he written"): after them, "when does it go on sale" is about
    the topic before, and their words would steer the search to bylines and sales of anything."""
    own = turn.question.strip()
    if own and turn.query.startswith(own) and turn.query != own and not set(terms(own)) - _FRAMING:
        return turn.query[len(own) :].strip(" ()")
    return turn.query


_MORE = re.compile(
    r"^\W*(?:and\s+)?(?:(?:can|could)\s+you\s+)?(?:tell\s+me\s+more|say\s+more|more|go\s+on|continue|keep\s+going"
    r"|elaborate|what\s+else|anything\s+else|any\s+more|more\s+details?|any\s+other\s+details?)"
    r"(?:\s+(?:about|on)\s+(?:it|that|this|him|her|them))?(?:\s+please)?\W*$",
    re.IGNORECASE,
)


def asks_for_more(question: str) -> bool:
    """Whether a follow-up asks for more of what the answer before said ("tell me more", "go on", "anything
    else?"): its sentences, not the ones already quoted."""
    return _MORE.match(question) is not None


def continued_turn(turns: Sequence[Turn]) -> Turn:
    """The turn "tell me more" continues: the last one not itself asking for more, nor about the article itself
    when one before asked about its content ("who won the prize", "when was it published?", "tell me more" reads
    on about the prize, not the date again). Its standalone query is searched again, so the same passages are read
    on."""
    asking = [turn for turn in turns if not asks_for_more(turn.question)]
    content = [turn for turn in asking if asked_field(turn.question) is None]
    return (content or asking or list(turns))[-1]


def more_of(turns: Sequence[Turn]) -> list[Turn]:
    """The turns whose answers "tell me more" goes on from: ``continued_turn`` and every one after it."""
    base = continued_turn(turns)
    return list(turns[next(i for i, turn in enumerate(turns) if turn is base) :])


def continued(turns: Sequence[Turn]) -> str:
    """The question "tell me more" asks again: that of ``continued_turn``, as typed when its words name what it
    asks about ("who is kabulov"), else as rewritten ("what did he say (who is kabulov)")."""
    base = continued_turn(turns)
    words = {w.strip("'") for w in _WORD.findall(base.question.lower())}
    if content_words(base.question) and not words & REFERRING_WORDS:
        return base.question
    return " ".join(base.query.replace("(", " ").replace(")", " ").split())


def elliptic(question: str) -> bool:
    """A question with no content word at all ("When?", "Why?", "and how?", "how much?": the word after "how"
    only says what kind of answer): it asks about the previous one."""
    return not content_words(question)


def re_asked(question: str, previous: Turn) -> str:
    """A follow-up asked again with the words of what it refers to: "how much?" after "what did nixon ask congress
    for" -> "how much? what did nixon ask congress for", "when?" after that -> "when? what did nixon ask congress
    for" (the earlier turn's standalone query, its own "how much" left out so that the kind of answer asked for now
    decides). An elliptic question is answered as this; a follow-up with words of its own ("who got rid of it") is
    only judged by it (``answering.extractive``)."""
    earlier = HOW.sub(" ", re.sub(r"[()?]", " ", previous.query))
    return f"{question} {' '.join(earlier.split())}"


_QUESTION_WORD = r"(?:who|whom|whose|what|when|where|which|why|how|is|are|was|were|do|does|did|can|could)\b"
_CORRECTION = (
    # "no, i meant libjpeg-turbo", "sorry i meant the stadium", "i was asking about wordfreq"
    re.compile(
        r"^\W*(?:(?:no|nope|nah|sorry|oops|wait|oh)\W+)*(?:i\s+meant|i\s+mean|what\s+i\s+meant\s+was|i\s+was\s+"
        rf"(?:asking|talking)\s+about)\W+(?=[\w'’])(?!{_QUESTION_WORD})(?P<subject>.+?)(?:\s+instead)?\W*$",
        re.IGNORECASE,
    ),
    # "no, the ice storm one", "sorry, the bridge" (not "no thanks", "no idea")
    re.compile(
        r"^\W*(?:no|nope|sorry)\W+(?P<subject>the\s+(?!one\b)[\w'’.-]+(?:\s+[\w'’.-]+){0,2}?)(?:\s+one)?(?:\s+instead)?\W*$",
        re.IGNORECASE,
    ),
)
"""How a chat corrects what the question before was about: the subject it meant, to ask that question of."""


def corrected_subject(question: str) -> str | None:
    """The subject a correction names ("no, i meant libjpeg-turbo": "libjpeg-turbo"; "sorry, the ice storm one":
    "the ice storm"), None for any other question."""
    for pattern in _CORRECTION:
        found = pattern.match(question.strip())
        if found is not None and terms(found.group("subject")):
            return found.group("subject").strip()
    return None


_POINTING = re.compile(r"\b(?:it|its|they|them|their)\b", re.IGNORECASE)
"""The word a question points with at what it is about ("how do i install it")."""


def corrected_question(previous: Turn, subject: str, topic: frozenset[str]) -> str:
    """The question before asked of the subject a correction names: the run of its words from the first to the last
    of ``topic`` (the words of what it was about: the titles of the documents its answer cited) replaced by the
    subject ("who was the original author of libjpeg", "libjpeg-turbo": "who was the original author of
    libjpeg-turbo"); one pointing at it ("how do i install it") with the subject in the pointer's place; else the
    question with the subject after it."""
    asked = previous.question.strip()
    pointing = _POINTING.search(asked)
    if pointing is not None:  # "how do i install it", "no, i meant the dejavu fonts": it is what was meant
        whose = "'s" if pointing.group().lower() in ("its", "their") else ""
        return f"{asked[: pointing.start()]}{subject}{whose}{asked[pointing.end() :]}"
    if not content_words(asked):  # "since when?": what it asked of
        asked = " ".join(topical_query(previous).replace("(", " ").replace(")", " ").split())
    words = list(re.finditer(r"[\w'’.-]+", asked))
    held = [i for i, m in enumerate(words) if set(terms(m.group())) & topic]
    if not held:
        return f"{asked.rstrip(' ?!.')} {subject}"
    start, end = words[held[0]].start(), words[held[-1]].end()
    before = asked[:start]
    if subject.lower().startswith("the ") and before.lower().rstrip().endswith("the"):
        subject = subject[4:]  # "... did the [bridge repairs] cost" + "the stadium": one "the"
    return f"{before}{subject}{asked[end:]}"


def valid_rewrite(candidate: str, question: str, context: str = "") -> str | None:
    """An LLM's rewrite when it looks like one question about this conversation, else None (heuristic then).

    It must be one line of reasonable length and share a content word with the question or ``context`` (the
    previous query): a model that drifts into unrelated text must not steer retrieval.
    """
    text = candidate.strip().strip('"').strip()
    text = text.removeprefix("Standalone question:").strip().strip('"').strip()
    if not text or "\n" in text or len(text) > max(300, 3 * len(question)):
        return None
    words = set(terms(text))
    if not words or not words & set(terms(f"{question} {context}")):
        return None
    return text


_AND_ALSO = re.compile(r"^\W*(?:and|but|also|what\s+about|how\s+about)\s+(?P<x>[^?!.]+?)\W*$", re.IGNORECASE)
"""A follow-up asking the question before again of something else: "and in 45?", "what about over the whole series",
"and hockenson?"."""
PREPOSITIONS = frozenset(
    "in on at for by after before during from to with without under over since until till between within near via "
    "per through across against into onto inside outside beyond".split()
)
_NOT_SAID = frozenset(
    "who whom whose what when where which why how is are was were do does did can could will would should shall may "
    "might must has have had if then so also not i you we".split()
)
_SAID_WORDS = 6
NAME_ZIPF = 3.5
"""A word rarer in English than this (wordfreq's Zipf scale), or typed capitalized, may be a name to put in the place
of "he" or "she" ("hockenson" 0.0, "Trump"); an everyday word ("tickets" 4.6, "trump" 4.9) is left as a follow-up."""


def _shape(word: str) -> str:
    """What kind of word opens a phrase: a number ("1939", "45"), an article, or another word."""
    if word[:1].isdigit():
        return "number"
    return "article" if word.lower() in ("the", "a", "an", "this", "that", "these", "those") else "word"


def _phrases_led(words: list[str]) -> list[tuple[int, int]]:
    """(start, end) word spans of ``words`` each led by a preposition and running to the next one, a comma or a
    clause's first word ("who", "is"): "how many people lived in warsaw in 1939": "in warsaw", "in 1939". "of"
    goes on within a phrase ("in the middle of the night")."""
    starts = [i for i, w in enumerate(words) if w.lower().strip(",") in PREPOSITIONS and not w.endswith(",")]
    spans = []
    for start in starts:
        end = start + 1
        while (
            end < len(words)
            and end - start <= _SAID_WORDS
            and end not in starts
            and words[end].lower() not in _NOT_SAID  # "in a datagram network who makes sure ...": a clause begins
            and not words[end - 1].endswith(",")
        ):
            end += 1
        if end > start + 1 or start + 1 == len(words):
            spans.append((start, end))
    return spans


_BOUND = r"(?:up\s+to|(?:less|more|fewer|greater)\s+than|at\s+(?:least|most)|under|over|below|above|between|from)"
_AMOUNT = r"[£$€]?\d[\d,.]*(?:%|[a-z]{1,6}\b|\s(?!(?:to|and|or|in|on|at|for|per|of|by|a|an|the)\b)[a-z]{1,6}\b)?"
_MEASURE = re.compile(
    rf"(?:\b{_BOUND}\s+)?(?<![\w.])(?:{_AMOUNT})(?:\s*(?:to|and|-|–)\s*(?:{_AMOUNT}))?", re.IGNORECASE
)
"""An amount with its unit, alone ("15m", "2 people"), bounded ("up to 10m", "over 15 m") or a range ("10 to 15m",
"between 2 and 4 hours")."""


def _measure(text: str) -> re.Match[str] | None:
    """The first amount, bound or range of ``text`` (``_MEASURE``)."""
    return _MEASURE.search(text)


def _ranged(found: re.Match[str]) -> bool:
    """Whether a measure is bounded or a range ("up to 10m", "10 to 15m"), not one amount ("1939")."""
    return len(re.findall(r"\d[\d,.]*", found.group())) > 1 or re.match(_BOUND, found.group(), re.I) is not None


def _measure_again(said: str, asked: str) -> str | None:
    """``asked`` with its measure replaced by the one ``said`` names, when either is a bound or a range ("visitor
    rate for boats up to 10m", "and for 10 to 15m": "visitor rate for boats 10 to 15m"); None otherwise. Why: read
    as phrases led by prepositions, a range's "to" began one of its own, and the earlier bound stayed on ("... for
    10 to 15m to 10m")."""
    new, old = _measure(said), _measure(asked)
    if new is None or old is None or not (_ranged(new) or _ranged(old)):
        return None
    return f"{asked[: old.start()]}{new.group()}{asked[old.end() :]}"


SAME_KIND = 0.5
"""How alike (cosine of the encoder's vectors of the two words alone) a follow-up's word and one of the question
before must be to be read as two members of one kind ("child" and "adult" 0.54, "manual" and "automatic" 0.64,
"saturday" and "friday" 0.84), not a word and its context ("child" and "fare" 0.30, "april" and "desk" 0.17)."""
Likeness = Callable[[str, str], float]
"""How alike two words are, from 0 to 1 (the encoder's cosine)."""
Column = tuple[frozenset[str], ...]
"""The values of one table column, each as the stems of its name ("Student (full-time)": {"student"})."""
_VALUE_WORDS = 3
"""A column's value names a kind in at most this many words ("Maker", "Student (full-time)"), not a description."""


def table_columns(passages: Sequence[str]) -> list[Column]:
    """The columns of the tables of ``passages`` (rows written "Tier: Maker; Monthly price: £32"), by their names,
    each with two values or more. Why: the values of one column are members of one kind ("Maker" and "Pro" tiers,
    "Adult" and "Student" categories), which the encoder's cosine of two words alone may not tell (``SAME_KIND``).

    >>> table_columns(["Tier: Maker; Price: £32\\nTier: Pro; Price: £55"])
    [(frozenset({'maker'}), frozenset({'pro'}))]
    """
    columns: dict[str, list[frozenset[str]]] = {}
    for passage in passages:
        for line in passage.splitlines():
            parts = line.strip().split("; ")
            for part in parts if len(parts) > 1 else ():
                label, colon, value = part.rpartition(": ")  # "New rates: Category: Adult": its column "Category"
                name = value.split("(")[0].strip()
                words = frozenset(stems(name))
                if colon and words and name[:1].isalpha() and len(name.split()) <= _VALUE_WORDS:  # not "£32"
                    columns.setdefault(label.rpartition(": ")[2].strip().lower(), []).append(words)
    found = [tuple(dict.fromkeys(values)) for values in columns.values()]
    return [column for column in found if len(column) > 1]


def with_columns(columns: Sequence[Column], alike: Likeness) -> Likeness:
    """``alike``, but two words naming two values of one column of ``columns`` are as alike as can be (1.0): "pro"
    and "maker" in a table of membership tiers, "students" and "adult" in one of fee categories."""

    def likeness(word: str, other: str) -> float:
        one, two = frozenset(stems(word)), frozenset(stems(other))
        for column in columns if one and two and one != two else ():
            held = [value for value in column if one <= value], [value for value in column if two <= value]
            if held[0] and held[1] and set(held[0]) != set(held[1]):
                return 1.0
        return alike(word, other)

    return likeness


def _member_replaced(words: list[str], said: list[str], alike: Likeness | None) -> str | None:
    """``words`` (the question before) with the word of the same kind as the follow-up's one content word in its
    place ("what's the adult return fare", "and for a child?": "what's the child return fare"); None when the
    follow-up names no one word, or none of the question is of its kind (``SAME_KIND``). Why: appended, "for a
    child" left "adult" in the question, and the answer led with a sentence about adult fares."""
    named = [w for w in said if terms(w)]
    if alike is None or len(named) != 1 or _shape(named[0]) != "word":
        return None
    new = named[0].strip(",").lower()
    likeness = [(alike(w.strip(",").lower(), new), i) for i, w in enumerate(words) if terms(w) and w.lower() != new]
    best = max(likeness, default=None)
    if best is None or best[0] < SAME_KIND:
        return None
    at = best[1]
    return " ".join([*words[:at], named[0].strip(","), *words[at + 1 :]])


def asked_of_other(question: str, previous: Turn, alike: Likeness | None = None) -> str | None:
    """The question before asked again of what "and ...?" names instead, or None when the question is no such
    follow-up or the question before has no part to put it in:

    - led by a preposition, in place of the question before's phrase led by one, the same preposition and the same
      kind of word after it first ("how many people lived in warsaw in 1939", "and in 45?": "... in warsaw in 45";
      "how much was oil before the embargo", "and after": "how much was oil after the embargo"; "i got linker errors
      on ubuntu, what package do i need", "and on a mac?": "... on a mac, what package do i need");
    - a name of one to three words (``NAME_ZIPF``), in place of "he", "his", "she" or "her" ("what's his injury", "and
      hockenson?": "what's hockenson's injury");
    - an amount, bound or range in place of the question before's, when either is a bound or range (``_measure_again``:
      "... for boats up to 10m", "and for 10 to 15m?": "... for boats 10 to 15m");
    - one word of the same kind as a word of the question before, in that word's place (``_member_replaced``, with
      ``alike`` telling how alike two words are: "what's the adult return fare", "and for a child?": "what's the child
      return fare"; "how much is the automatic", "and the manual?": "how much is the manual");
    - a phrase led by a preposition after a question that has none ("how much is a hot desk", "and from april?": "how
      much is a hot desk from april"), not read as a question about what is dated April.

    Why: read as the question before with its words appended, the follow-up was searched and judged with the
    subject it replaces ("in 1939", Jefferson), whose sentences then answered it."""
    found = _AND_ALSO.match(question.strip())
    if found is None or previous.answer == "":
        return None
    said = found.group("x").split()
    if not said or len(said) > _SAID_WORDS or said[0].lower() in _NOT_SAID:
        return None
    asked = previous.question.strip()
    if _AND_ALSO.match(asked) and previous.query:  # "and for 10 to 15m?" as typed: what it was read as
        asked = previous.query.split(" (")[0]
    asked = asked.rstrip("?!. ")
    words = asked.split()
    led = said[0].lower() in PREPOSITIONS
    if led:
        measured = _measure_again(" ".join(said), asked)
        if measured is not None:
            return measured
    member = _member_replaced(words, said[1:] if led else said, alike)  # "and for a child?" after an adult's
    if member is not None:
        return member
    if led:
        spans = _phrases_led(words)
        if len(said) == 1:  # "and after": only the preposition changes
            others = [(s, e) for s, e in spans if words[s].lower() != said[0].lower()]
            if not others:
                return None
            start = others[-1][0]
            return " ".join([*words[:start], said[0], *words[start + 1 :]])
        if not spans:  # "how much is a hot desk", "and from april?": the same asked of that time or place
            return " ".join([*words, *said])

        def fit(span: tuple[int, int]) -> tuple[bool, bool, int]:
            start, end = span
            follows_shape = end > start + 1 and _shape(words[start + 1]) == _shape(said[1])
            return words[start].lower() == said[0].lower(), follows_shape, start

        start, end = max(spans, key=fit)
        comma = "," if words[end - 1].endswith(",") else ""
        return " ".join([*words[:start], " ".join(said) + comma, *words[end:]])
    if len(said) > 3 or _shape(said[0]) != "word" or not _PERSON_PRONOUN.search(asked):
        return None
    if not all(w[:1].isupper() or zipf_frequency(w, "en") < NAME_ZIPF for w in said):
        return None  # "and tickets?" after "how much did he pay": no one "he" could be
    return _named_for_pronouns(asked, " ".join(said))


def query_asked_again(question: str, previous: Turn) -> str:
    """The search query of ``question`` (``asked_of_other``: the question before asked of something else) with
    what the question before's query added to it ("what efficiency does that give in practice" keeps "(what's the
    usual turbine entry temp)"): that question leaned on the turns before it, and so does this one."""
    asked = previous.question.strip()
    if asked and previous.query.startswith(asked) and previous.query != asked:
        return f"{question}{previous.query[len(asked) :]}"
    return question
