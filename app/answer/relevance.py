"""Question-unit relevance in 0..1, from a cross-encoder when one is installed, else from the cosine
similarity of the question's vector and the unit vectors stored at ingest."""

from __future__ import annotations

import numpy as np

from app.retrieve.retrieval import sigmoid


class StoredVectorRelevance:
    def __init__(self, index, reranker=None):
        self.index = index
        self.reranker = reranker

    def __call__(self, question: str, units, vector=None) -> list[float]:
        if not units:
            return []
        if self.reranker is not None:
            logits = self.reranker.predict([(question, u.context) for u in units], batch_size=32, show_progress_bar=False)
            return [sigmoid(float(x)) for x in logits]
        q = np.asarray(vector if vector is not None else self.index.embeddings.embed_query(question), dtype=np.float32)
        _, stored = self.index.with_units([u.chunk for u in units])
        return [
            max(0.0, float(q @ stored[u.chunk.id][u.chunk.units.index((u.start, u.end))].astype(np.float32)))
            for u in units
        ]
