"""The benchmark index cache stages corpora the corpus reader accepts (fast tier: the fake encoder)."""

from __future__ import annotations

import json
from pathlib import Path

from helpers.fake_encoder import FakeEncoder

from ragqa.eval.index_cache import multihop_index


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
