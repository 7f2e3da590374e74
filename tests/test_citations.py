from ragqa.answering.citations import Claim, cited_claims, render_claims
from ragqa.records import Chunk, Hit


def hit(cid: str, score: float = 0.5) -> Hit:
    return Hit(Chunk(cid, "doc", "T", "S", 0, 1, "x"), score)


def test_numbers_follow_first_use_and_list_only_cited_passages():
    a, b, c = hit("a"), hit("b"), hit("c")
    text, citations = render_claims([Claim("One.", (b,)), Claim("Two.", (a, b)), Claim("Three.", (b,))])
    assert text == "One. [1] Two. [2][1] Three. [1]"
    assert [(x.n, x.hit.chunk.chunk_id) for x in citations] == [(1, "b"), (2, "a")]
    assert c not in [x.hit for x in citations]


def test_claim_without_source_has_no_marker():
    text, citations = render_claims([Claim("Plain.", ())])
    assert text == "Plain." and citations == []


def test_a_passages_own_reference_numbers_are_not_taken_for_citations():
    """A paper's "as shown in [3]" or a reference list's "[1] F. Mittelbach: ..." quoted in an answer would read
    as the answer's third or first citation (and the widget would link it so)."""
    text, citations = render_claims(
        [Claim("Tagged PDF is the focus (see [1, 2]).", (hit("a"),)), Claim("[3] F. Mittelbach: Hooks.", (hit("b"),))]
    )
    assert text == "Tagged PDF is the focus (see (ref. 1, 2)). [1] (ref. 3) F. Mittelbach: Hooks. [2]"
    assert len(citations) == 2


def test_an_index_from_zero_or_a_macro_call_reads_as_code_not_as_a_reference():
    """The Markdown reader takes inline code's backticks off, so a passage's "use heap[0]" came out as
    "use heap(ref. 0)". A reference counts from 1 and never follows "!": those are code again; "Smith[3]" is not."""
    text, _ = render_claims(
        [
            Claim("To peek at the smallest item, use heap[0].", (hit("a"),)),
            Claim("Make it with vec![1, 2] or grid[0][1], as Smith[3] did.", (hit("b"),)),
        ]
    )
    assert text == (
        "To peek at the smallest item, use `heap[0]`. [1] Make it with `vec![1, 2]` or `grid[0][1]`, as"
        " Smith(ref. 3) did. [2]"
    )
    assert [claim.numbers for claim in cited_claims(text)] == [(1,), (2,)]


def test_brackets_inside_code_stay_as_written():
    """Code's own brackets are no references ("vec![1, 2]" must not read "vec!(ref. 1, 2)"), and no marker."""
    text, citations = render_claims(
        [Claim("Write `let v = vec![1, 2];` to start.", (hit("a"),)), Claim("See [3] and `a[3]`.", (hit("b"),))]
    )
    assert text == "Write `let v = vec![1, 2];` to start. [1] See (ref. 3) and `a[3]`. [2]"
    assert len(citations) == 2


def test_a_manuals_quotation_marks_leave_the_markers_after_them_alone():
    """A GNU manual's `stable' (and a stray backtick) would open code and swallow every marker after it."""
    claims = [Claim("It is tagged `stable' once released.", (hit("a"),)), Claim("Type ` to quote.", (hit("b"),))]
    text, citations = render_claims([*claims, Claim("See `x[1]`.", (hit("a"),))])
    assert text == "It is tagged ‘stable’ once released. [1] Type ‘ to quote. [2] See `x[1]`. [1]"
    assert [(c.text, c.numbers) for c in cited_claims(text)] == [
        ("It is tagged ‘stable’ once released.", (1,)),
        ("Type ‘ to quote.", (2,)),
        ("See `x[1]`.", (1,)),
    ]
