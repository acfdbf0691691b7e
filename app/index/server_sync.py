"""Server mode: a replica follows the corpus of record on a Chroma server (see shared_index.py)."""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING

from app.index.vectors import vector_store

if TYPE_CHECKING:
    from app.index.indexing import Index

log = logging.getLogger(__name__)


class IndexMismatch(RuntimeError):
    """The shared index was built with another embedding model or chunking than this replica's."""


class ServerFollower:
    def __init__(self, index: "Index"):
        self.index = index
        self.lock = threading.Lock()
        self.next_check = 0.0
        self.server_config = ""

    def follow(self, force: bool = False, check: bool = True) -> bool:
        """Bring the local docstore and BM25 index up to the server's corpus version. Asks the server at
        most every chroma_sync_seconds (unless forced); True when the local corpus changed. With `check`,
        refuses to answer from an index built with another model or chunking."""
        index = self.index
        now = time.monotonic()
        changed = False
        # Another thread already pulling: keep answering from the current cache meanwhile.
        if (force or now >= self.next_check) and self.lock.acquire(blocking=force):
            try:
                self.next_check = now + index.settings.chroma_sync_seconds
                version, self.server_config, collection_id = index.shared.state()
                if collection_id != str(index._vectors._collection.id):  # rebuilt by the ingesting process
                    index._vectors = vector_store(index.client, index.embeddings)
                if version != index.docstore.get_meta("server_version", "-"):
                    if self.server_config:
                        index.docstore.set_meta("config", self.server_config)
                    changed = index.shared.pull(index.docstore, version)
                    if changed or not index.lexical_saved():
                        index.rebuild_lexical()
                    log.info("Pulled corpus version %s from the Chroma server", version)
            finally:
                self.lock.release()
        if check and self.server_config and self.server_config != index.config_signature():
            raise IndexMismatch(
                f"the index on the Chroma server was built with {self.server_config}; this replica is "
                f"configured for {index.config_signature()}. Use the same model and chunking, or re-ingest."
            )
        return changed
