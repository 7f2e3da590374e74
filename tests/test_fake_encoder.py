"""The fast tier's fake encoder keeps the ``Encoder`` contract the stages rely on (no model involved)."""

import subprocess
import sys

import numpy as np
from helpers import ROOT
from helpers.fake_encoder import FAKE_DIMENSION, FakeEncoder

from ragqa.embedding.encoder import Encoder, QueryCache


def test_it_declares_itself_a_fake_with_the_encoder_attributes():
    fake: Encoder = FakeEncoder()
    assert isinstance(fake, QueryCache)
    assert (fake.name, fake.runtime) == ("fake-encoder", "fake")
    assert fake.dimension == FAKE_DIMENSION == 384
    assert fake.max_seq_length > 0 and fake.batch_size > 0


def test_rows_are_unit_float32_one_per_text_and_empty_input_is_an_empty_matrix():
    fake = FakeEncoder()
    vectors = fake.encode(["Zamir Kabulov is an envoy.", "", "the of and", "Pizza dough!"])
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert fake.encode([]).shape == (0, 384)


def test_vectors_are_deterministic_across_instances_and_processes():
    text = "Bellingcat linked Unit 29155 with the poisoning of Sergei Skripal."
    here = FakeEncoder().encode([text])[0]
    assert np.array_equal(here, FakeEncoder().encode([text])[0])
    code = (
        "import sys; sys.path[:0] = sys.argv[1:3]\n"
        "from helpers.fake_encoder import FakeEncoder\n"
        f"print(','.join(repr(float(x)) for x in FakeEncoder().encode([{text!r}])[0]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "tests"), str(ROOT / "src")],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "123", "PATH": ""},
    ).stdout
    assert np.array_equal(np.array([float(x) for x in out.split(",")], np.float32), here)


def test_texts_sharing_words_are_closer_than_texts_that_do_not():
    fake = FakeEncoder()
    q, same_words, some_words, other = fake.encode(
        [
            "Who is Zamir Kabulov?",
            "Zamir Kabulov is the envoy.",
            "Kabulov called the intelligence fake.",
            "A good pizza dough needs flour and yeast.",
        ]
    )
    assert q @ same_words > q @ some_words > q @ other
    assert abs(q @ other) < 0.2
    # case and function words do not matter; word order does a little (bigrams)
    a, b, c = fake.encode(
        ["Unit 29155 offered bounties", "the UNIT 29155 of offered the bounties", "bounties offered 29155 unit"]
    )
    assert a @ b > 0.999
    assert 0.3 < a @ c < 0.99


def test_token_counts_are_words_and_punctuation():
    fake = FakeEncoder()
    assert fake.count_tokens("") == 0
    assert fake.count_tokens("Kabulov, a former KGB agent.") == 7
    assert fake.count_tokens("one two three") == 3


def test_query_vectors_come_from_encode_and_are_cached():
    fake = FakeEncoder()
    first = fake.encode_queries(["Who is Kabulov?", "Unit 29155?"])
    assert fake.encoded == ["Who is Kabulov?", "Unit 29155?"]
    again = fake.encode_queries(["Unit 29155?", "Who is Kabulov?", "New question?"])
    assert fake.encoded[2:] == ["New question?"]  # only the new text was encoded
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[1], first[0])
    assert np.array_equal(fake.encode_query("New question?"), fake.vector("New question?"))
