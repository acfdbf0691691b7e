"""Exact dense search for indexes small enough to hold their chunk vectors in memory.

Chroma's HNSW graph is approximate, and Chroma writes it to disk only every `sync_threshold` (1,000)
vectors: below that it rebuilds the graph from its log at every start, with several threads, so which
neighbours a search found could change from one process to the next (measured: a question's 7th
nearest passage found in one run of four, and its answer with it). Up to `limit` vectors (20,000 by
default: 30 MB of float32) one matrix product ranks every chunk exactly, in a millisecond or two, the
same in every process; above it the HNSW graph serves, as it was built for.
"""

from __future__ import annotations

import logging
import threading

import numpy as np

log = logging.getLogger(__name__)


class ExactDense:
    def __init__(self, limit: int):
        self.limit = limit
        self._lock = threading.Lock()
        self._key: object = None
        self._ids: list[str] = []
        self._sources: np.ndarray = np.zeros(0, dtype=object)
        self._matrix: np.ndarray | None = None

    def search(self, collection, key: object, vector, k: int, sources: list[str] | None = None) -> list[str] | None:
        """Ids of the k chunks nearest to `vector` (cosine), best first, ties broken by id; None when
        the collection is larger than the limit (the caller asks HNSW). `key` names the collection's
        state: the vectors are read again when it changes."""
        with self._lock:
            if key != self._key:
                try:
                    self._load(collection)
                except Exception as err:  # the store busy or unreachable: the HNSW search answers this time
                    log.warning("exact dense search unavailable, using the HNSW graph: %s", err)
                    return None
                self._key = key
            matrix, ids, owners = self._matrix, self._ids, self._sources
        if matrix is None:
            return None
        if not ids:
            return []
        q = np.asarray(vector, dtype=np.float32)
        q = q / (np.linalg.norm(q) or 1.0)
        scores = matrix @ q
        if sources:
            scores = np.where(np.isin(owners, list(sources)), scores, -np.inf)
        order = np.lexsort((np.asarray(ids), -scores))  # best score first; equal scores by id
        return [ids[i] for i in order[:k] if np.isfinite(scores[i])]

    def _load(self, collection) -> None:
        self._matrix, self._ids, self._sources = None, [], np.zeros(0, dtype=object)
        if self.limit <= 0 or collection.count() > self.limit:
            return
        got = collection.get(include=["embeddings", "metadatas"])
        ids = list(got["ids"])
        if not ids:
            self._matrix = np.zeros((0, 0), dtype=np.float32)
            return
        matrix = np.asarray(got["embeddings"], dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self._matrix = matrix / np.where(norms > 0, norms, 1.0)
        self._ids = ids
        self._sources = np.asarray([(m or {}).get("source", "") for m in got["metadatas"]], dtype=object)
