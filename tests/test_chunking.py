from pathlib import Path

from ragqa.ingest.chunking import chunk_document, pack_sentences, split_sentences
from ragqa.ingest.corpus import read_corpus
from ragqa.records import Document, Section

ROOT = Path(__file__).resolve().parent.parent


def words(text: str) -> int:
    return len(text.split())


def test_sentence_splitter_keeps_abbreviations_and_offsets():
    text = 'Gen. John Nicholson Jr. said it in 2018. U.S. officials agreed. "Why?" he asked.\nNew line'
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Gen. John Nicholson Jr. said it in 2018.",
        "U.S. officials agreed.",
        '"Why?" he asked.',
        "New line",
    ]


def test_a_price_excluding_or_including_tax_is_one_sentence():
    """A price list's row was cut at "excl." and its price lost: "Price (GBP, excl. [1]"."""
    text = "Item: Counter display unit; Price (GBP, excl. VAT): 1,875. Delivery (incl. VAT): 40."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Item: Counter display unit; Price (GBP, excl. VAT): 1,875.",
        "Delivery (incl. VAT): 40.",
    ]


def test_a_reverend_and_a_dot_leader_end_no_sentence():
    """ "the Rev." was quoted alone, its name in the next sentence; a price list's dish and its allergens came
    apart at the dots leading from one to the other. An ellipsis still ends a sentence."""
    text = (
        "No vicar is better remembered than the Rev. John Smith, who came in 1862. He died in 1894.\n"
        "Tiramisu ........ Eggs; Milk. Panna cotta ....... Milk. And then... Nothing happened."
    )
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "No vicar is better remembered than the Rev. John Smith, who came in 1862.",
        "He died in 1894.",
        "Tiramisu ........ Eggs; Milk.",
        "Panna cotta ....... Milk.",
        "And then...",
        "Nothing happened.",
    ]


def test_a_numbered_clauses_run_in_heading_opens_its_sentence():
    """ "3.2 Drag-along." was a sentence of its own, quoted as the answer to "what's the drag-along threshold"."""
    text = (
        "3.2 Drag-along. If holders of 75% of the shares sell, all must sell.\n"
        "(b) Sub-letting. The Tenant shall not sublet.\n1. Install it. Then run it."
    )
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "3.2 Drag-along. If holders of 75% of the shares sell, all must sell.",
        "(b) Sub-letting. The Tenant shall not sublet.",
        "1. Install it.",  # a list item's sentence
        "Then run it.",
    ]


def test_initials_end_a_sentence_only_before_a_word_that_opens_one():
    """ "A.J. Hinch" and "the K.O. II" are names, not two sentences; "in the U.S. The company" is two."""
    text = (
        "In 2014, Crane brought in A.J. Hinch as the manager. The EP-133 K.O. II costs $299. "
        "It sold well in the U.S. The company is based in Murray Hill, N.J. There, researchers met C.A.M. Gerlach "
        "at 6 a.m. \u201cI was not expecting it,\u201d he said (e.g. The Guardian)."
    )
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "In 2014, Crane brought in A.J. Hinch as the manager.",
        "The EP-133 K.O. II costs $299.",
        "It sold well in the U.S.",
        "The company is based in Murray Hill, N.J.",
        "There, researchers met C.A.M. Gerlach at 6 a.m.",
        "\u201cI was not expecting it,\u201d he said (e.g. The Guardian).",
    ]


def test_a_hard_wrapped_sentence_is_one_sentence():
    text = (
        "# Shims\n"
        "Shims are lightweight executables that simply pass your command along\n"
        "to pyenv. Mac OS X users can install it with the\n"
        "Homebrew package manager, or with\n"
        "`git clone`.\n"
        "A Title Line\n"
        "Body text starts here.\n"
        "- a list item\n"
        "- another one\n"
        "By  \n"
        "**Robyn Dixon**\n"
        "```sh\n"
        "pyenv install 3.10\n"
        "pyenv global 3.10\n"
        "```\n"
        "    $ pyenv versions\n"
        "      2.7.6"
    )
    assert [text[s:e].replace("\n", " ") for s, e in split_sentences(text)] == [
        "# Shims",
        "Shims are lightweight executables that simply pass your command along to pyenv.",
        "Mac OS X users can install it with the Homebrew package manager, or with `git clone`.",
        "A Title Line",
        "Body text starts here.",
        "- a list item",
        "- another one",
        "By",  # two trailing spaces: a line break Markdown keeps
        "**Robyn Dixon**",
        "```sh",
        "pyenv install 3.10",  # code lines stay lines
        "pyenv global 3.10",
        "```",
        "$ pyenv versions",
        "2.7.6",
    ]


def test_pack_sentences_overlap_and_budget():
    assert pack_sentences([5, 5, 5, 5], budget=10, overlap=0) == [(0, 1), (2, 3)]
    assert pack_sentences([5, 5, 5, 5], budget=10, overlap=1) == [(0, 1), (1, 2), (2, 3)]
    assert pack_sentences([12, 3], budget=10, overlap=1) == [(0, 0), (1, 1)]  # never loops on an oversize item


def test_default_corpus_chunks_map_back_and_fit_the_model(embedder):
    docs, _ = read_corpus(ROOT / "corpus")
    doc = docs[0]
    chunks = chunk_document(doc, embedder.count_tokens, max_tokens=256, overlap_sentences=1)
    assert len(chunks) >= 5
    sections = {s.heading: s for s in doc.sections}
    for chunk in chunks:
        assert doc.text[chunk.start : chunk.end] == chunk.text
        section = sections[chunk.section]
        assert section.start <= chunk.start and chunk.end <= section.end  # never spans two sections
        assert embedder.count_tokens(chunk.text) <= 256
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    again = chunk_document(doc, embedder.count_tokens, max_tokens=256, overlap_sentences=1)
    assert [c.chunk_id for c in again] == [c.chunk_id for c in chunks]  # stable ids


def test_small_budget_splits_by_sentence_with_one_sentence_overlap():
    text = " ".join(f"Sentence number {i} is here." for i in range(20))
    doc = Document("d", "T", text, (Section("T", 0, len(text)),))
    chunks = chunk_document(doc, words, max_tokens=30, overlap_sentences=1)
    assert len(chunks) > 2
    for a, b in zip(chunks, chunks[1:]):
        assert a.text.endswith(".") and b.text.startswith("Sentence")
        last_of_a = split_sentences(a.text)[-1]
        assert b.text.startswith(a.text[last_of_a[0] : last_of_a[1]])  # one sentence of overlap
    for c in chunks:
        assert words(c.text) <= 30 - 2


def test_oversized_sentence_is_cut_at_words():
    text = "word " * 100 + "end."
    doc = Document("d", "", text.strip(), (Section("", 0, len(text.strip())),))
    chunks = chunk_document(doc, words, max_tokens=22, overlap_sentences=1)
    assert all(words(c.text) <= 20 for c in chunks)
    assert "".join(c.text.replace(" ", "") for c in chunks) == text.strip().replace(" ", "")
    for c in chunks:
        assert doc.text[c.start : c.end] == c.text


def test_a_long_run_without_full_stops_is_cut_in_time_linear_in_its_length():
    """A file of one long line (a log, a minified page, a transcript without punctuation) must not stall the build:
    the tokens counted to cut it grow with its length, not its square."""
    counted = [0]

    def counting(text: str) -> int:
        counted[0] += len(text)
        return words(text)

    for n in (2_000, 8_000):
        counted[0] = 0
        text = " ".join(f"w{i % 97}" for i in range(n))
        doc = Document("d", "", text, (Section("", 0, len(text)),))
        chunks = chunk_document(doc, counting, max_tokens=64, overlap_sentences=1)
        assert "".join(c.text.replace(" ", "") for c in chunks) == text.replace(" ", "")
        per_char = counted[0] / len(text)
        assert per_char < 40, f"{n} words: {per_char:.0f} characters counted per character of text"


def test_an_items_number_is_no_sentence_of_its_own():
    text = "Steps:\n1. Install pyenv with brew.\n2. Run it.\n10.2. Effect of New Versions\nWe met 3. Later"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Steps:",
        "1. Install pyenv with brew.",
        "2. Run it.",
        "10.2. Effect of New Versions",
        "We met 3.",  # a number inside a line still ends its sentence
        "Later",
    ]
