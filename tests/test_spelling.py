"""A misspelt question word read as the corpus word it is one slip away from (rapidfuzz distances, no model)."""

from __future__ import annotations

from ragqa.answering.spelling import (
    Speller,
    clippings,
    corrected,
    misspelt,
    read_clipping,
    respell,
    spelt_otherwise,
    thousands_written,
    with_apostrophes,
    written_apart,
)

VOCABULARY = {
    "kabulov": 3,
    "kabul": 9,
    "afghanistan": 12,
    "taliban": 10,
    "galeotti": 2,
    "intelligence": 8,
    "novichok": 1,
    "bellingcat": 2,
    "commander": 2,
    "command": 1,
}


def test_a_slip_is_read_as_the_nearest_corpus_word():
    speller = Speller(VOCABULARY, VOCABULARY.__getitem__)
    slips = {"kabulv": "kabulov", "afganistan": "afghanistan", "taliben": "taliban", "galeoti": "galeotti"}
    slips |= {"inteligence": "intelligence", "novichock": "novichok", "belingcat": "bellingcat"}
    slips |= {"comander": "commander"}  # one edit from both; the closer in length wins
    for typo, word in slips.items():
        assert speller.correct(typo) == word, typo
    assert speller.correct("pompeo") is None and speller.correct("biden") is None  # names the corpus lacks


def test_only_long_lower_case_words_the_corpus_never_uses_are_taken_for_slips():
    question = "What did Galeoti say to the nsc about kabulv and the taliban?"
    assert misspelt(question, VOCABULARY.__contains__) == ["kabulv"]  # "Galeoti" is capitalized, "nsc" short
    assert misspelt(question, None) == []
    fixes = corrected(["kabulv", "pompeo"], Speller(VOCABULARY, VOCABULARY.__getitem__))
    assert fixes == {"kabulv": "kabulov"}
    assert respell("who is kabulv?", fixes) == "who is kabulov?"
    assert respell("who is kabulv?", {}) == "who is kabulv?"


def test_a_word_in_the_other_english_spelling_is_read_as_the_corpus_writes_it():
    corpus = {"license", "colour", "organization", "centre", "traveled", "kabul"}.__contains__
    question = "pyenv licence, the color of the organisation at the center, travelled to kabul"
    assert spelt_otherwise(question, corpus) == {
        "licence": "license",
        "color": "colour",
        "organisation": "organization",
        "center": "centre",
        "travelled": "traveled",
    }
    assert spelt_otherwise("the license of kabul", corpus) == {}  # words the corpus uses stay
    assert spelt_otherwise("a defence of the tour", corpus) == {}  # no other spelling the corpus uses
    assert spelt_otherwise("pyenv licence", None) == {}
    words = {"for", "filed", "colour"}.__contains__
    assert spelt_otherwise("four files filled", words) == {}  # "four" is no "for", "filled" no "filed"


def test_a_word_the_corpus_writes_with_a_hyphen_after_its_prefix_is_read_so():
    """ "what's her email" over a handbook row "E-mail: saoirse@..." quoted the name, not the address: the corpus
    reads "E-mail" as "e" and "mail", and never says "email"."""
    corpus = {"e", "mail", "co", "operative", "member", "email"}.__contains__
    assert spelt_otherwise("what's her email", {"e", "mail"}.__contains__) == {"email": "e-mail"}
    assert spelt_otherwise("is it a cooperative", corpus) == {"cooperative": "co-operative"}
    assert spelt_otherwise("what's her email", corpus) == {}, "a word the corpus uses stays"
    assert spelt_otherwise("can a nonmember book", corpus) == {}, "no 'non' in the corpus"
    assert spelt_otherwise("when does it reopen", corpus) == {}


def test_a_compound_the_corpus_writes_as_two_words_is_read_so():
    """ "when did the deputy harbourmaster start" abstained over "its new Deputy Harbour Master ... will start on 2
    March 2026": the corpus writes the post as two words and never as one."""
    corpus = {"deputy", "harbour", "master", "start", "the", "rapist", "data", "base", "database"}.__contains__
    assert spelt_otherwise("when did the deputy harbourmaster start", corpus) == {"harbourmaster": "harbour master"}
    assert spelt_otherwise("who is the therapist", corpus) == {}, "a stopword is no half of a compound"
    assert spelt_otherwise("what is the database", corpus) == {}, "a word the corpus uses stays"
    assert spelt_otherwise("who is the harbourmaster", {"harbour"}.__contains__) == {}, "both halves or none"
    # a half of three letters too: "how many cars fit in the carpark" over "a small car park for 12 cars" (bb80 WT004)
    assert spelt_otherwise("the carpark", {"car", "park"}.__contains__) == {"carpark": "car park"}
    assert spelt_otherwise("the football club", {"foot", "ball"}.__contains__) == {}, "a word of its own"
    # read apart only where a passage writes the halves together: "uppercasing" is no "upper casing"
    assert written_apart("harbour master", ["its new Deputy Harbour Master said"])
    assert written_apart("harbour master", ["the harbour-master's office"])
    assert not written_apart("upper casing", ["\\MakeUppercase changes the casing of upper and lower letters"])


def test_contractions_typed_without_their_apostrophe_get_it_back():
    assert with_apostrophes("whos the author") == "who's the author"
    assert with_apostrophes("Whats the headline?") == "What's the headline?"
    assert with_apostrophes("why didnt russia deny it, and wheres it from") == (
        "why didn't russia deny it, and where's it from"
    )
    assert with_apostrophes("WHOS guidance on hows") == "WHOS guidance on how's", "capitals may be a name"
    assert with_apostrophes("who wrote the whosoever clause") == "who wrote the whosoever clause", "whole words"


def test_a_clipped_word_is_read_in_full_where_the_corpus_only_writes_it_so():
    corpus = {"maximum", "directory", "configuration", "config", "keys"}.__contains__
    assert spelt_otherwise("max keys default", corpus) == {"max": "maximum"}
    assert spelt_otherwise("which dir holds the config", corpus) == {"dir": "directory"}  # "config" is used
    assert spelt_otherwise("min version", corpus) == {}  # the corpus never writes "minimum" either
    sports = {"passing", "yards", "points"}.__contains__
    assert spelt_otherwise("passing yds and pts", sports) == {"yds": "yards", "pts": "points"}
    assert spelt_otherwise("how many ppl live in gaza", {"people", "gaza"}.__contains__) == {"ppl": "people"}
    runbook = {"acknowledge", "minutes"}.__contains__
    assert spelt_otherwise("how fast do we need to ack a sev1", runbook) == {"ack": "acknowledge"}
    news = {"intelligence", "called", "fake", "developers", "technical", "committee"}.__contains__
    assert spelt_otherwise("who called the intel fake", news) == {"intel": "intelligence"}
    assert spelt_otherwise("can devs overrule the tech committee", news) == {"devs": "developers", "tech": "technical"}
    chips = {"intel", "intelligence", "cpu"}.__contains__
    assert spelt_otherwise("intel cpu", chips) == {}  # a corpus writing "Intel" means the company
    assert spelt_otherwise("temp of the cpu", {"temporary", "temperature"}.__contains__) == {}  # two readings


def test_a_path_address_or_file_name_is_never_respelt():
    corpus = {"temporary", "documentation", "organization", "maximum"}.__contains__
    for question in ("where does python put files, /tmp?", "who runs python.org", "what is in tmp/", "mail me@docs"):
        assert respell(question, spelt_otherwise(question, corpus)) == question, question
    typed = "docs.python.org max size"
    assert respell(typed, spelt_otherwise(typed, corpus)) == "docs.python.org maximum size"  # the word beside it is


def test_a_number_and_its_unit_typed_together_are_written_apart_when_the_corpus_writes_them_so():
    """ "does the thermostat support 5ghz wifi" abstained where the text says "5 GHz"; a text's own "3Q" stays."""
    from ragqa.answering.spelling import units_apart

    known = {"ghz", "5", "2.4", "wifi", "kg", "3q"}
    assert units_apart("does it support 5ghz wifi", known.__contains__) == "does it support 5 ghz wifi"
    assert units_apart("2.4GHz band, 10kg bag", known.__contains__) == "2.4 GHz band, 10 kg bag"
    assert units_apart("the 2nd floor in the 1990s, a quorum of 3q", known.__contains__) == (
        "the 2nd floor in the 1990s, a quorum of 3q"
    )
    assert units_apart("16a max", known.__contains__) == "16a max"  # a unit the corpus never writes


CLUB = {
    "defibrillator": 2,
    "subscription": 3,
    "secretary": 5,
    "second": 1,
    "seconded": 2,
    "section": 3,
    "sectional": 3,
    "executive": 5,
    "reference": 1,
    "refreshment": 1,
    "priceless": 1,
    "february": 4,
    "membership": 7,
    "grid": 1,
    "chief": 5,
}


def test_a_word_the_corpus_never_writes_is_read_as_the_one_corpus_word_it_clips():
    """ "how much did the defib cost" abstained over "agreed to buy a defibrillator ... for £1,150", "who seconded the
    subs increase" over the AGM's "subscription" (bb78 CY034, CY026); "chief exec", "membership sec's phone
    number", "grid ref" (bb80 WT048, bb75 CH068): words English uses as well, which the corpus never writes."""
    speller = Speller(CLUB, CLUB.__getitem__)
    has = {*CLUB, "much", "cost", "rise", "start", "phone", "number"}.__contains__
    question = "how much did the defib cost, who seconded the subs rise, when does the chief exec start"
    found = clippings(question, has)
    assert found == {"defib": "defib", "subs": "sub", "exec": "exec"}, "no stopword, nor a word the corpus writes"
    assert speller.completions("defib") == ["defibrillator"]
    assert speller.completions("sub") == ["subscription"]
    assert speller.completions("sec") == ["secretary", "section", "seconded"], "one form a stem, the commonest first"
    assert read_clipping(question, "defib", "defib", ["defibrillator"], []) == "defibrillator"
    assert read_clipping(question, "exec", "exec", ["executive"], []) == "executive"
    # a word English uses often, only where a passage writes the reading beside the question's word: "who sings it"
    # is no "who singapore it", "who seconded the subs rise" only over a text saying "subscription rise"
    assert read_clipping("who sings it", "sings", "sing", ["singapore"], ["Singapore sings"]) is None
    assert read_clipping(question, "subs", "sub", ["subscription"], []) is None
    assert read_clipping(question, "subs", "sub", ["subscription"], ["a subscription rise"]) == "subscription"
    # of several readings, the one a passage writes beside the question's word beside it
    asked = "whats the membership sec's phone number"
    assert clippings(asked, has) == {"sec's": "sec"}
    texts = ["Membership Secretary: Ruth Okonedo, 07700 900184", "Section 3. The motion was seconded."]
    readings = speller.completions("sec")
    assert read_clipping(asked, "sec's", "sec", readings, texts) == "secretary's"
    assert read_clipping(asked, "sec's", "sec", readings, texts[1:]) is None, "no passage says which"
    grid = "grid ref for hollins fen"
    texts = ["A car park (grid reference TL 412 786). Refreshments are served."]
    assert read_clipping(grid, "ref", "ref", speller.completions("ref"), texts) == "reference"
    # a word of its own is no clipping: "price" + "less", "war" + "den"
    assert read_clipping("the price", "price", "price", ["priceless"], []) is None
    assert read_clipping("the war", "war", "war", ["warden"], []) is None
    assert read_clipping("a steep hill", "steep", "steep", ["steeple"], []) is None, "two letters short is a word"


def test_a_month_typed_short_is_read_as_the_month_the_corpus_writes():
    """ "who sent the feb newsletter" quoted its first line, not its sender, where "february newsletter" named the
    document "HCC News - February 2026" (bb75 CH049); "sept meeting" (bb76 VH028)."""
    corpus = {"february", "september", "newsletter", "march", "jan"}.__contains__
    assert spelt_otherwise("who sent the feb newsletter", corpus) == {"feb": "february"}
    assert spelt_otherwise("apologies to the sept meeting", corpus) == {"sept": "september"}
    assert spelt_otherwise("the mar meeting", corpus) == {"mar": "march"}
    assert spelt_otherwise("who is jan", corpus) == {}, "a word the corpus writes stays (a name)"
    assert spelt_otherwise("the oct meeting", corpus) == {}, "a month the corpus never writes"


def test_thousands_typed_with_a_k_are_written_in_figures_where_the_corpus_writes_them_so():
    """ "what was the 5k grant for" abstained over "a grant of £5,000 from Brackenford Parish Council" (bb76
    VH044)."""
    corpus = {"5000", "2500", "grant", "5k"}.__contains__
    assert thousands_written("what was the 5k grant for", {"5000"}.__contains__) == "what was the 5,000 grant for"
    assert thousands_written("a 2.5K grant", {"2500"}.__contains__) == "a 2,500 grant"
    assert thousands_written("the 5k run", corpus) == "the 5k run", "a corpus writing '5k' means it"
    assert thousands_written("the 10k run", corpus) == "the 10k run", "no 10,000 in the corpus"
    assert thousands_written("the 5k run", None) == "the 5k run"
