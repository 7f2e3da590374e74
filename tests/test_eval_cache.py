"""The benchmark index cache stages corpora the corpus reader accepts (fast tier: the fake encoder)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from helpers.fake_encoder import FakeEncoder

from ragqa.eval.index_cache import multihop_index, query_vectors


def test_a_benchmark_file_outside_the_cache_is_staged_and_indexed(tmp_path: Path) -> None:
    # the benchmark lives elsewhere (../shared/bench): a symlink to it would be refused by corpus confinement
    outside = tmp_path / "bench" / "corpus.jsonl"
    outside.parent.mkdir()
    records = [
        {
            "id": f"d{i}",
            "title": f"Report {i}",
            "text": f"The harbour of town {i} reopened after the storm.",
            "source": "Example News",
            "published_at": "2023-10-02T08:00:00+00:00",
        }
        for i in range(3)
    ]
    outside.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    index, index_dir = multihop_index(outside, FakeEncoder(), tmp_path / "cache")
    assert index.chunk_count == 3
    staged = tmp_path / "cache" / "staging-multihop" / "corpus.jsonl"
    assert not staged.is_symlink() and staged.read_bytes() == outside.read_bytes()
    # a second call reuses the cached index
    assert multihop_index(outside, FakeEncoder(), tmp_path / "cache")[1] == index_dir


class _Batches(FakeEncoder):
    """The fake encoder, noting how many texts each call encodes."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[int] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.batches.append(len(texts))
        return super().encode(texts)


def test_benchmark_questions_are_encoded_one_at_a_time_as_the_server_encodes_them(tmp_path: Path) -> None:
    # the int8 encoder quantizes a batch with one scale: a question encoded among others is not the user's vector
    encoder = _Batches()
    table = query_vectors(encoder, ["who wrote it", "when was it published", "who wrote it"], tmp_path)
    assert encoder.batches == [1, 1]
    assert np.allclose(table["who wrote it"], FakeEncoder().encode(["who wrote it"])[0])
    again = _Batches()
    query_vectors(again, ["who wrote it", "what is it about"], tmp_path)
    assert again.batches == [1], "cached questions are not encoded again"
