"""Dense search over a small index is exact and the same in every process: every chunk vector is
ranked by cosine in memory; a larger index is left to Chroma's HNSW graph."""

import numpy as np
import pytest

from app.index.exact_dense import ExactDense

pytestmark = pytest.mark.unit


class Collection:
    """What ExactDense reads of a Chroma collection."""

    def __init__(self, vectors: dict[str, tuple[list[float], str]]):
        self.vectors = vectors
        self.reads = 0

    def count(self) -> int:
        return len(self.vectors)

    def get(self, include):
        self.reads += 1
        ids = list(self.vectors)
        return {"ids": ids, "embeddings": [self.vectors[i][0] for i in ids],
                "metadatas": [{"source": self.vectors[i][1]} for i in ids]}


def _collection(n: int = 200, seed: int = 0) -> Collection:
    rng = np.random.default_rng(seed)
    return Collection({f"c{i:03d}": (rng.normal(size=8).tolist(), f"doc{i % 3}.pdf") for i in range(n)})


def test_every_chunk_is_ranked_by_cosine_and_only_the_asked_documents_when_named():
    col = _collection()
    q = np.random.default_rng(1).normal(size=8)
    ids = list(col.vectors)
    m = np.asarray([col.vectors[i][0] for i in ids])
    cosine = m @ q / np.linalg.norm(m, axis=1) / np.linalg.norm(q)
    exact = [ids[i] for i in np.argsort(-cosine)]
    assert ExactDense(1000).search(col, "v1", q, 10) == exact[:10]
    only = ExactDense(1000).search(col, "v1", q, 5, sources=["doc1.pdf"])
    assert only == [i for i in exact if col.vectors[i][1] == "doc1.pdf"][:5]


def test_equal_scores_are_ordered_by_id_so_every_process_returns_the_same_list():
    col = Collection({"b": ([1.0, 0.0], "d"), "a": ([2.0, 0.0], "d"), "c": ([0.0, 1.0], "d")})
    assert ExactDense(10).search(col, 1, [1.0, 0.0], 3) == ["a", "b", "c"]


def test_an_index_above_the_limit_is_left_to_hnsw_and_a_changed_index_is_read_again():
    col = _collection(50)
    assert ExactDense(49).search(col, 1, np.ones(8), 5) is None
    assert ExactDense(0).search(col, 1, np.ones(8), 5) is None
    exact = ExactDense(100)
    exact.search(col, 1, np.ones(8), 5)
    exact.search(col, 1, np.ones(8), 5)
    assert col.reads == 1
    col.vectors["new"] = ([1.0] * 8, "doc9.pdf")
    assert exact.search(col, 2, np.ones(8), 1) == ["new"]
    assert col.reads == 2
