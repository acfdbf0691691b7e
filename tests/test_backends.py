"""The ONNX Runtime encoder backends (CDS_EMBEDDING_BACKEND=onnx | onnx-int8): same model, same
vectors up to rounding, and a different index identity so that switching re-embeds."""

import shutil

import numpy as np
import pytest

from app.index.indexing import Index
from app.index.model_ids import model_name
from app.index.models import embedding_model_path, load_embeddings
from app.pipeline import Pipeline
from app.settings import Settings
from conftest import SEED

for _module in ("onnxruntime", "onnx"):
    pytest.importorskip(_module, reason=f"the ONNX backends need {_module} (pinned in pyproject.toml)")

TEXTS = [
    "Alectinib achieved an intracranial objective response rate of 78.6% in patients without prior radiotherapy.",
    "IC-ORR with crizotinib was lower.",
    "Does metformin reduce cardiovascular mortality in type 2 diabetes?",
    "Hazard ratio 0.16 (95% CI 0.06-0.43) for CNS progression.",
    "Adverse events: anaemia, myalgia, increased blood bilirubin and weight gain were the most common.",
    "What dose of alectinib is recommended?",
]


@pytest.fixture(scope="module")
def encoders(tmp_path_factory, pipeline):
    cache = tmp_path_factory.mktemp("encoders")
    path = embedding_model_path(Settings())
    torch_vectors = np.array(pipeline.index.embeddings.embed_documents(TEXTS))
    return path, cache, torch_vectors


@pytest.mark.parametrize("backend, floor", [("onnx", 0.99), ("onnx-int8", 0.95)])
def test_onnx_backend_embeds_like_torch(encoders, backend, floor):
    path, cache, torch_vectors = encoders
    embeddings = load_embeddings(path, backend=backend, cache_dir=cache)
    vectors = np.array(embeddings.embed_documents(TEXTS))
    query = np.array(embeddings.embed_query(TEXTS[0]))
    cosines = (vectors * torch_vectors).sum(axis=1)  # both normalised
    alone = float(query @ vectors[0])
    print(f"{backend}: cosine to torch min {cosines.min():.4f}, mean {cosines.mean():.4f}; "
          f"a text embedded alone vs in a batch {alone:.4f}")
    assert vectors.shape == torch_vectors.shape
    assert cosines.min() >= floor
    # fp32 gives a text the same vector alone or in a batch. Dynamic int8 quantises activations with
    # one scale per batch, so a text's vector depends a little on its batch-mates.
    assert alone > (0.999 if backend == "onnx" else floor)
    assert list(cache.glob("*.onnx")), "the exported model is cached as a file"


def test_switching_backend_changes_the_index_identity_and_re_embeds(encoders, pipeline, tmp_path):
    path, cache, _ = encoders
    assert len({model_name(path, b) for b in ("torch", "onnx", "onnx-int8")}) == 3
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    onnx = Pipeline(settings)
    onnx.__dict__["index"] = Index(onnx.settings, load_embeddings(path, backend="onnx", cache_dir=cache),
                                   model_name(path, "onnx"))
    assert onnx.ingest(progress=False).chunks_embedded > 0

    again = Pipeline(settings)  # the same index, now with the torch backend
    again.__dict__["index"] = Index(again.settings, pipeline.index.embeddings, pipeline.index.embedding_model)
    assert again.index.is_stale()
    report = again.ingest(progress=False)
    assert report.rebuilt and report.chunks_embedded == onnx.index.docstore.count_chunks()
    assert not again.index.is_stale()


def test_a_configured_cross_encoder_scores_in_logits_and_fp32_even_when_saved_in_fp16(tmp_path):
    """Callers put cross-encoder scores through one sigmoid of their own: predict() must return the
    raw logit (sentence-transformers applies a sigmoid by default for one label, which would squash
    every relevance into 0.5..0.73). scripts/train_reranker.py saves fp16 weights; they run in fp32."""
    import torch
    from sentence_transformers import CrossEncoder

    from app.index.models import load_cross_encoder

    base = CrossEncoder(embedding_model_path(Settings()), num_labels=1, device="cpu", local_files_only=True)
    # A fixed bias puts every logit well outside 0..1 whatever the pooled vector; a random weight
    # alone (unseeded) sometimes did not, which made this test flaky.
    torch.nn.init.normal_(base.model.classifier.weight, std=0.5, generator=torch.Generator().manual_seed(0))
    torch.nn.init.constant_(base.model.classifier.bias, 4.0)
    base.model.half()
    base.save(str(tmp_path / "ce"))

    model = load_cross_encoder(str(tmp_path / "ce"))
    assert {p.dtype for p in model.model.parameters()} == {torch.float32}
    pairs = [(TEXTS[2], TEXTS[0]), (TEXTS[5], TEXTS[1])]
    enc = model.tokenizer([a for a, _ in pairs], [b for _, b in pairs], padding=True, truncation=True, return_tensors="pt")
    with torch.no_grad():
        logits = model.model(**enc).logits.view(-1).numpy()
    assert np.allclose(model.predict(pairs, show_progress_bar=False), logits, atol=1e-4)
    assert np.abs(logits).max() > 1.0


def test_dense_search_is_built_and_searched_broadly_enough_to_find_near_neighbours(tmp_path):
    """Chroma's HNSW defaults missed a question's second-nearest passage; new collections get a denser
    graph and every collection, also one built before, a wider search."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from app.index.vectors import HNSW, COLLECTION, persistent_client, vector_store

    old = chromadb.PersistentClient(path=str(tmp_path / "old"), settings=ChromaSettings(anonymized_telemetry=False))
    old.create_collection(COLLECTION, metadata={"hnsw:space": "cosine"})
    # That index was built by a process that has ended: left open here, its SQLite connection could hold
    # the lock the upgrade needs ("database is locked" failed this test once).
    old._system.stop()
    upgraded = vector_store(persistent_client(str(tmp_path / "old"), fresh=True), embeddings=None)._collection
    assert upgraded.configuration_json["hnsw"]["ef_search"] == HNSW["ef_search"]
    new = vector_store(persistent_client(str(tmp_path / "new")), embeddings=None)._collection
    assert {k: new.configuration_json["hnsw"][k] for k in HNSW} == HNSW
