"""A FAKE sentence encoder for the fast test tier: no model, no torch, deterministic, microseconds per text.

``FakeEncoder`` implements ``ragqa.embedding.encoder.Encoder`` with a hashed bag of words: every lower-cased
word and every pair of adjacent words is hashed (blake2b, so the same in every process) onto a few of ``dimension``
coordinates with hashed signs, and the sum is L2-normalised. Texts that share words are therefore similar, texts
that share word pairs more so, and texts with no word in common are near-orthogonal (up to hash collisions).
A handful of English function words are left out, so "the" and "of" do not make every sentence alike.

It is NOT a language model: it knows no synonyms, and "Kabulov" and "envoy" are as unrelated to it as any two
words. Tests that depend on what the real model finds similar belong to the slow tier (the ``embedder``
fixture); tests of what the code does with vectors (sentence choice, abstention, support checks, ranking,
index assembly) can use this one.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np

from ragqa.embedding.encoder import QueryCache

FAKE_DIMENSION = 384
"""The real default model's vector size, so a fake index looks like a real one."""

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_STOPWORDS = frozenset(
    "a an and are as at be by did do does for from has have in is it its of on or that the this to was were "
    "what which who why how with".split()
)


SPREAD = 4
"""Dimensions each feature is spread over: two features that share one then agree in a quarter of their weight."""


@lru_cache(maxsize=65_536)
def _feature_vector(feature: str, dimension: int) -> np.ndarray:
    """A feature's own sparse vector: ``SPREAD`` hashed dimensions with hashed signs, so collisions between
    different features are small and cancel out on average instead of adding up."""
    digest = hashlib.blake2b(feature.encode(), digest_size=8 * SPREAD).digest()
    row = np.zeros(dimension, np.float32)
    for k in range(SPREAD):
        value = int.from_bytes(digest[8 * k : 8 * k + 8], "little")
        row[(value >> 1) % dimension] += 1.0 if value & 1 else -1.0
    row.setflags(write=False)  # cached: shared by every text with this feature
    return row


class FakeEncoder(QueryCache):
    """A fake ``Encoder`` (hashed bag of words and word bigrams); see the module docstring.

    ``encoded`` lists every text ``encode`` was given, in order, so a test can check what was (re-)embedded.
    """

    def __init__(
        self,
        dimension: int = FAKE_DIMENSION,
        name: str = "fake-encoder",
        batch_size: int = 8,
        max_seq_length: int = 256,
    ) -> None:
        super().__init__()
        self.name = name
        self.runtime = "fake"
        self.backend = "fake"
        self.dimension = dimension
        self.batch_size = batch_size
        self.max_seq_length = max_seq_length
        self.encoded: list[str] = []

    @staticmethod
    def words(text: str) -> list[str]:
        """The lower-cased content words of ``text`` the vector is made of (function words left out)."""
        return [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]

    def count_tokens(self, text: str) -> int:
        """Words and punctuation marks (what a word-piece tokenizer counts at least)."""
        return len(_TOKEN.findall(text))

    def vector(self, text: str) -> np.ndarray:
        """The unit vector of one text (a text without content words gets a fixed vector of its own)."""
        words = self.words(text)
        features = words + [f"{a} {b}" for a, b in zip(words, words[1:])] if words else ["\0empty"]
        row = np.zeros(self.dimension, np.float32)
        for feature in features:
            row += _feature_vector(feature, self.dimension)
        return row / np.linalg.norm(row)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        self.encoded.extend(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.ascontiguousarray(np.stack([self.vector(t) for t in texts]), dtype=np.float32)
