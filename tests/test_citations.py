from ragqa.answering.citations import Claim, render_claims
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
