"""Indexing: the index on disk (docstore + Chroma + BM25) and the incremental ingest that keeps it
in step with the corpus. This module is the facade the pipeline calls; the parts live beside it:
ingester.py (one ingest run), lexical_index.py (the BM25 index's life), unit_vectors.py (answer units),
locking.py (one ingest at a time), report.py (what an ingest did, per file).

Crash safety comes from the order of writes: vectors are added first, then the docstore commits the
document's new chunk list in one transaction, then stale vectors are deleted and the BM25 index is
rebuilt and swapped in atomically. A run killed at any point leaves the docstore consistent, the
retriever serves only chunks the docstore lists, and the next run finishes the work.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    import numpy as np

from app.index.exact_dense import ExactDense
from app.index.ingester import Ingester
from app.index.lexical_index import LexicalLifecycle
from app.index.locking import IngestLock, all_cores, locked
from app.index.report import IngestReport
from app.index.server_sync import ServerFollower
from app.index.store import DocStore
from app.index.unit_vectors import UnitVectors
from app.index.vectors import COLLECTION, persistent_client, vector_store
from app.ingest.worker import isolated_loader
from app.records import Chunk, Document
from app.settings import Settings
from app.text.lexical import LexicalIndex


log = logging.getLogger(__name__)

# Bump when chunking changes in a way that makes existing chunks stale.
CHUNKER_VERSION = "68"


class Index:
    """The built index under settings.index_dir."""

    def __init__(self, settings: Settings, embeddings, embedding_model: str):
        self.settings = settings
        self.dir = Path(settings.index_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.embeddings = embeddings
        self.embedding_model = embedding_model
        self.docstore = DocStore(self.dir / "docstore.sqlite3")
        self._ingesting = False
        self._reopen = threading.Lock()
        self._lexical = LexicalLifecycle(self.docstore, self.lexical_dir, self.lock_path)
        self.units = UnitVectors(self.docstore, embeddings)
        self._exact = ExactDense(settings.exact_dense_limit)
        # Server mode (a chroma_host): the Chroma server holds the corpus of record and the docstore
        # and BM25 index here are this replica's cache of it (see app/index/shared_index.py).
        self.shared = None
        if settings.chroma_host:
            from app.index.shared_index import SharedCorpus, make_client

            self.client = make_client(settings)
            self._vectors = vector_store(self.client, embeddings)
            self._seen_version = self.docstore.version()
            self.shared = SharedCorpus(self.client, COLLECTION)
            self._follower = ServerFollower(self)
            self.follow_server(force=True, check=False)
        else:
            self._open_vectors()

    def _open_vectors(self, fresh: bool = False) -> None:
        self._seen_version = self.docstore.version()
        self.client = persistent_client(str(self.dir / "chroma"), fresh)
        self._vectors = vector_store(self.client, self.embeddings)

    def follow_server(self, force: bool = False, check: bool = True) -> bool:
        """Server mode: bring the local cache up to the server's corpus (see server_sync.py)."""
        return self._follower.follow(force, check) if self.shared is not None else False

    @property
    def vectors(self):
        """The Chroma collection. Chroma keeps its vector index in memory per process, so a long-running
        reader (cds serve) would never see what an ingest in another process added: once such an ingest
        has finished (the docstore changed and the lock is free), the collection is reopened. (A Chroma
        server is always current: replicas follow it through follow_server.) While it
        runs, the vectors opened before it are served (the docstore filters what they no longer hold)."""
        if self.shared is None and not self._ingesting and self.docstore.version() != self._seen_version and not locked(self.lock_path):
            with self._reopen:
                if self.docstore.version() != self._seen_version:
                    self._open_vectors(fresh=True)
        return self._vectors

    def dense(self, vector, k: int, sources: list[str] | None = None) -> list[str]:
        """Ids of the k chunks nearest the query vector, best first (of those documents when given):
        exact up to settings.exact_dense_limit chunks, else Chroma's HNSW graph."""
        vectors = self.vectors
        # Keyed by the collection as opened (see `vectors`): while another process ingests, the vectors
        # read before it keep serving, as the HNSW graph does. A replica reads them again whenever it
        # has followed the server's corpus.
        state = self.docstore.version() if self.shared is not None else self._seen_version
        found = self._exact.search(vectors._collection, (id(vectors), state), vector, k, sources)
        if found is not None:
            return found
        where = {"source": {"$in": sources}} if sources else None
        return [doc.id for doc, _ in vectors.similarity_search_by_vector_with_relevance_scores(vector, k=k, filter=where)]

    @property
    def lexical_dir(self) -> Path:
        return self.dir / "bm25"

    @property
    def lock_path(self) -> Path:
        return self.dir / "ingest.lock"

    def lexical(self) -> LexicalIndex:
        """The BM25 index, loaded once; reloaded when an ingest has saved a newer one."""
        return self._lexical.get()

    def rebuild_lexical(self) -> LexicalIndex:
        return self._lexical.rebuild()

    def lexical_saved(self) -> bool:
        return self._lexical.saved()

    def is_empty(self) -> bool:
        return self.docstore.count_chunks() == 0

    def is_stale(self) -> bool:
        """Built with another embedding model/backend or chunking: its vectors must not be mixed with new ones."""
        stored = self.docstore.get_meta("config")
        return bool(stored) and stored != self.config_signature() and not self.is_empty()

    def config_signature(self) -> str:
        return json.dumps(
            {
                "embedding_model": self.embedding_model,
                "chunker": CHUNKER_VERSION,
                "chunk_size": self.settings.chunk_size,
                "chunk_overlap": self.settings.chunk_overlap,
            },
            sort_keys=True,
        )

    # -- ingest --------------------------------------------------------------------------------
    def ingest(
        self,
        paths: list[Path] | None = None,
        rebuild: bool = False,
        progress: bool = True,
        on_event: Callable[[str], None] | None = None,
        loader: Callable[[Path, int], Document] | None = None,
    ) -> IngestReport:
        """`loader` parses one file (path, max bytes) -> Document; by default PDF and HTML are parsed in a
        worker process within the settings' page, byte and time limits (app/ingest/worker.py)."""
        emit = on_event or (lambda msg: log.info(msg))
        loader = loader or isolated_loader(self.settings)
        with IngestLock(self.lock_path), all_cores():
            self._ingesting = True
            try:
                # Server mode: start from the server's corpus, not from what this replica last saw.
                self.follow_server(force=True, check=False)
                return Ingester(self, progress, emit, loader).run(paths, rebuild)
            finally:
                self._ingesting = False
                self._seen_version = self.docstore.version()  # this process's own writes are already visible

    def announce(self) -> None:
        if self.shared and self.docstore.get_meta("server_dirty") == "1":
            # Tell the replicas; this process's cache is already at the new state.
            self.docstore.set_meta("server_version", self.shared.commit(self.config_signature()))
            self.docstore.set_meta("server_dirty", "0")

    def add_vectors(self, chunks: list[Chunk], batch: int = 512) -> int:
        if not chunks:
            return 0
        # Vectors left by a run that died before its docstore commit are reused, not re-embedded.
        present = set(self.vectors.get(ids=[c.id for c in chunks], include=[])["ids"])
        todo = [c for c in chunks if c.id not in present]
        for i in range(0, len(todo), batch):
            part = todo[i : i + batch]
            metadatas = [c.metadata() for c in part]
            if self.shared:  # replicas rebuild their docstore from these records
                from app.index.shared_index import chunk_record

                metadatas = [{**m, "record": chunk_record(c)} for m, c in zip(metadatas, part)]
            self.vectors.add_texts(texts=[c.search_text for c in part], metadatas=metadatas, ids=[c.id for c in part])
        return len(todo)

    def with_units(self, chunks: list[Chunk]) -> tuple[dict[str, Chunk], dict[str, "np.ndarray"]]:
        """The chunks with their answer units (sentences of prose, the row of a table) and their vectors."""
        return self.units.with_units(chunks)

    def precompute_unit_vectors(self, limit: int | None = 5000, batch: int = 256, stop=None) -> int:
        return self.units.precompute(limit, batch, stop)

    def remove(self, source: str) -> IngestReport:
        """Take one document out of the index (docstore, vectors, BM25); its file is not touched."""
        report = IngestReport()
        with IngestLock(self.lock_path):
            started = time.perf_counter()
            if self.docstore.document(source) is None:
                return report
            self.remove_source(source, report)
            self.rebuild_lexical()
            self.announce()
            self._seen_version = self.docstore.version()  # this process's own change needs no reopening
            report.seconds = time.perf_counter() - started
        return report

    def remove_source(self, source: str, report: IngestReport) -> None:
        ids = self.docstore.chunk_ids(source)
        if self.shared:
            self.server_dirty()
            self.shared.unpublish(source)
        self.docstore.delete_document(source)
        if ids:
            self.vectors.delete(ids=ids)
        report.removed.append(source)
        report.chunks_deleted += len(ids)

    def server_dirty(self) -> None:
        """Written before each change on the server and cleared once replicas are told, so a run that
        died in between still announces its changes at the end of the next run."""
        self.docstore.set_meta("server_dirty", "1")

    def collect_orphans(self, report: IngestReport) -> None:
        """Delete vectors no docstore chunk owns (left by a run that died)."""
        vector_ids = set(self.vectors.get(include=[])["ids"])
        orphans = vector_ids - set(self.docstore.chunk_ids())
        if orphans:
            self.vectors.delete(ids=sorted(orphans))
            report.chunks_deleted += len(orphans)

    def clear(self) -> None:
        for info in self.docstore.documents():
            self.docstore.delete_document(info.source)
        if self.shared:
            self.server_dirty()
            self.shared.clear()
        self.vectors.reset_collection()

