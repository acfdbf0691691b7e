"""Answer units and their vectors: the sentences of prose (the row of a table) an answer can quote,
embedded on first use and kept in the docstore. Retrieval never needs them, so ingest stays at the
encoder's pace."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from app.ingest.chunking import sentence_units, unit_context
from app.index.store import DocStore
from app.records import Chunk

if TYPE_CHECKING:
    import numpy as np


class UnitVectors:
    def __init__(self, docstore: DocStore, embeddings):
        self.docstore = docstore
        self.embeddings = embeddings

    def with_units(self, chunks: list[Chunk]) -> tuple[dict[str, Chunk], dict[str, "np.ndarray"]]:
        """The chunks with their answer units and the units' vectors, computed once and kept."""
        ids = list(dict.fromkeys(c.id for c in chunks))
        stored = self.docstore.unit_vectors(ids)
        records = self.docstore.chunks([cid for cid in ids if cid in stored])
        missing = [c for c in {c.id: c for c in chunks}.values() if c.id not in stored]
        if missing:
            ready = [
                replace(c, units=tuple(sentence_units(c.text, c.start))) if c.kind == "prose" and not c.units else c
                for c in missing
            ]
            fresh = self._embed(ready)
            self.docstore.set_units(ready, fresh)
            stored.update(fresh)
            records.update({c.id: c for c in ready})
        return records, stored

    def precompute(self, limit: int | None = 5000, batch: int = 256, stop=None) -> int:
        """Fill in missing unit vectors so first questions are as fast as the rest: all of them when
        at most `limit` are missing (None: no limit), in batches, until `stop()` says so."""
        ids = self.docstore.ids_without_units()
        if limit is not None and len(ids) > limit:
            return 0
        done = 0
        for i in range(0, len(ids), batch):
            if stop is not None and stop():
                break
            chunks = list(self.docstore.chunks(ids[i : i + batch]).values())
            done += len(self.with_units(chunks)[1])
        return done

    def _embed(self, chunks: list[Chunk]) -> dict[str, "np.ndarray"]:
        import numpy as np

        texts, owners = [], []
        for c in chunks:
            for s, e in c.units:
                texts.append(unit_context(c, s, e))
                owners.append(c.id)
        vectors = np.asarray(self.embeddings.embed_documents(texts), dtype=np.float32) if texts else []
        out: dict[str, list] = {c.id: [] for c in chunks}
        for cid, v in zip(owners, vectors):
            out[cid].append(v)
        # A chunk with no quotable sentence keeps an empty matrix, so it is not recomputed every time.
        return {cid: np.stack(vs) if vs else np.zeros((0, 0), dtype=np.float32) for cid, vs in out.items()}
